"""Pages of the emulation app: parse with a form, call one service or selector, render (STYLE 1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sangtao.core.exceptions import ApplicationError
from sangtao.core.text import fold
from sangtao.core.xlsx import export_rows, xlsx_response

from . import permissions as rules
from . import selectors, services
from .forms import CopyForm, CriterionForm, ManualScoresForm, ReasonForm, SchemeForm
from .models import Criterion, CriterionKind, CriterionScore
from .scoring import scheme_units
from .sheets import SCHEME_COLUMNS, score_table_xlsx

PAGE_SIZE = 30


def _scheme_or_404(request, pk):
    return selectors.get_scheme_for_user(request.user, pk)


def _managed_or_403(request, pk):
    scheme = _scheme_or_404(request, pk)
    if not rules.can_manage(request.user, scheme):
        raise PermissionDenied
    return scheme


@login_required
def index(request):
    schemes = selectors.schemes_for_user(request.user)
    if request.GET.get("format") == "xlsx":
        rows = schemes.select_related("plan").iterator(chunk_size=500)
        return xlsx_response(export_rows(SCHEME_COLUMNS, rows, title=_("Thi đua")), "bang-diem-thi-dua.xlsx")
    page = Paginator(schemes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/index.html",
        {"page": page, "can_create": rules.can_create_schemes(request.user)},
    )


@login_required
def scheme_create(request):
    plans = selectors.manageable_plans(request.user)
    if not rules.can_create_schemes(request.user) or not plans.exists():
        raise PermissionDenied
    form = SchemeForm(request.POST or None, plans=plans, initial={"plan": plans.first()})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lập bảng điểm. Hãy thêm các tiêu chí."))
            return redirect("emulation:criteria", scheme.pk)
    return render(request, "emulation/scheme_form.html", {"form": form, "scheme": None})


@login_required
def scheme_edit(request, pk):
    scheme = _managed_or_403(request, pk)
    initial = {
        "group_name": scheme.group_name,
        "levels": scheme.levels,
        "order": scheme.order,
        "description": scheme.description,
        "task": scheme.task_id,
    }
    form = SchemeForm(request.POST or None, initial=initial, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(actor=request.user, scheme=scheme, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu bảng điểm."))
            return redirect("emulation:criteria", scheme.pk)
    return render(request, "emulation/scheme_form.html", {"form": form, "scheme": scheme})


@login_required
def scheme_copy(request):
    if not rules.can_create_schemes(request.user):
        raise PermissionDenied
    schemes = selectors.copyable_schemes(request.user)
    plans = selectors.manageable_plans(request.user)
    latest = schemes.values_list("plan__year", flat=True).first()
    form = CopyForm(
        request.POST or None,
        schemes=schemes,
        plans=plans,
        initial={"schemes": list(schemes.filter(plan__year=latest)) if latest else [], "plan": plans.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copies = services.schemes_copy(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã sao chép %(n)d bảng điểm (ở trạng thái đang soạn).") % {"n": len(copies)}
            )
            return redirect("emulation:index")
    return render(request, "emulation/copy_form.html", {"form": form})


def _detail_context(request, scheme, **extra):
    return {
        "scheme": scheme,
        "table": selectors.score_table(request.user, scheme),
        "can_manage": rules.can_manage(request.user, scheme),
        "can_lock": rules.can_lock(request.user, scheme),
        "events": selectors.scheme_events(scheme) if rules.reads_history(request.user, scheme) else [],
        "unlock_form": ReasonForm(),
        **extra,
    }


@login_required
def scheme_detail(request, pk):
    scheme = _scheme_or_404(request, pk)
    return render(request, "emulation/scheme_detail.html", _detail_context(request, scheme))


@login_required
def scheme_export(request, pk):
    scheme = _scheme_or_404(request, pk)
    table = selectors.score_table(request.user, scheme)
    name = slugify(fold(f"bang-diem-thi-dua-{scheme.group_name}-{scheme.school_year}")) or "bang-diem-thi-dua"
    return xlsx_response(score_table_xlsx(table), f"{name}.xlsx")


ACTIONS = {
    "open": (
        lambda user, scheme: services.scheme_open(actor=user, scheme=scheme),
        gettext_lazy("Đã áp dụng bảng điểm: các trường đã xem được dòng của mình."),
    ),
    "recompute": (
        lambda user, scheme: services.scheme_recompute(actor=user, scheme=scheme),
        gettext_lazy("Đã tính lại bảng điểm."),
    ),
    "publish": (
        lambda user, scheme: services.scheme_publish(actor=user, scheme=scheme, published=True),
        gettext_lazy("Đã công bố bảng điểm cho các trường trong khối."),
    ),
    "unpublish": (
        lambda user, scheme: services.scheme_publish(actor=user, scheme=scheme, published=False),
        gettext_lazy("Đã thôi công bố: mỗi trường chỉ xem dòng của mình."),
    ),
    "finalise": (
        lambda user, scheme: services.scheme_finalise(actor=user, scheme=scheme),
        gettext_lazy("Đã chốt bảng điểm."),
    ),
}


@login_required
@require_POST
def scheme_action(request, pk, action):
    scheme = _scheme_or_404(request, pk)
    if action not in ACTIONS:
        raise PermissionDenied
    run, done = ACTIONS[action]
    try:
        run(request.user, scheme)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("emulation:detail", scheme.pk)


@login_required
@require_POST
def scheme_unlock(request, pk):
    scheme = _scheme_or_404(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.scheme_unlock(actor=request.user, scheme=scheme, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã mở khóa bảng điểm."))
            return redirect("emulation:detail", scheme.pk)
    return render(
        request,
        "emulation/scheme_detail.html",
        _detail_context(request, scheme, unlock_form=form),
        status=400,
    )


# ── Criteria ───────────────────────────────────────────────────────────────────────────────────────


def _criteria_context(request, scheme, form):
    return {
        "scheme": scheme,
        "criteria": selectors.criteria_of(scheme),
        "form": form,
        "can_manage": rules.can_manage(request.user, scheme) and not scheme.is_final,
        "khoi_size": selectors.khoi_size(scheme),
    }


@login_required
def scheme_criteria(request, pk):
    scheme = _scheme_or_404(request, pk)
    manage = rules.can_manage(request.user, scheme) and not scheme.is_final
    if request.method == "POST" and not manage:
        raise PermissionDenied
    form = (
        CriterionForm(request.POST or None, initial={"kind": CriterionKind.COMPUTED, "weight": "1"})
        if manage
        else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(actor=request.user, scheme=scheme, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm tiêu chí."))
            return redirect("emulation:criteria", scheme.pk)
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "emulation/criteria.html", _criteria_context(request, scheme, form), status=status)


def _criterion_or_404(request, pk) -> Criterion:
    criterion = get_object_or_404(Criterion, pk=pk)
    scheme = _managed_or_403(request, criterion.scheme_id)
    criterion.scheme = scheme
    return criterion


@login_required
def criterion_edit(request, pk):
    criterion = _criterion_or_404(request, pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                actor=request.user, scheme=criterion.scheme, criterion=criterion, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu tiêu chí."))
            return redirect("emulation:criteria", criterion.scheme_id)
    return render(
        request,
        "emulation/criterion_form.html",
        {"form": form, "criterion": criterion, "scheme": criterion.scheme},
    )


@login_required
@require_POST
def criterion_delete(request, pk):
    criterion = _criterion_or_404(request, pk)
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa tiêu chí."))
    return redirect("emulation:criteria", criterion.scheme_id)


@login_required
def manual_scores(request, pk):
    """The office scores one hand-scored criterion for every school of the khối on one page."""
    criterion = _criterion_or_404(request, pk)
    if criterion.kind != CriterionKind.MANUAL:
        raise PermissionDenied
    scheme = criterion.scheme
    units = scheme_units(scheme)
    items = {
        item.score.unit_id: item
        for item in CriterionScore.objects.filter(criterion=criterion).select_related("score", "scored_by")
    }
    form = ManualScoresForm(request.POST or None, units=units, criterion=criterion, items=items)
    if request.method == "POST":
        if form.is_valid():
            try:
                n = services.manual_scores_set(
                    actor=request.user, criterion=criterion, entries=form.entries()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu điểm của %(n)d đơn vị.") % {"n": n})
                return redirect("emulation:detail", scheme.pk)
        else:
            form.add_error(None, _("Chưa lưu điểm nào: hãy sửa các ô báo lỗi bên dưới."))
    return render(
        request,
        "emulation/manual_scores.html",
        {"scheme": scheme, "criterion": criterion, "form": form, "items": items, "final": scheme.is_final},
        status=400 if form.is_bound else 200,
    )


# ── A school's breakdown ───────────────────────────────────────────────────────────────────────────


@login_required
def score_detail(request, pk):
    score = selectors.get_score_for_user(request.user, pk)
    scheme = score.scheme
    return render(
        request,
        "emulation/score_detail.html",
        {
            "score": score,
            "scheme": scheme,
            "lines": selectors.breakdown(request.user, score),
            "can_manage": rules.can_manage(request.user, scheme) and not scheme.is_final,
            "ranked": scheme.scores.count(),
        },
    )
