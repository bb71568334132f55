"""Pages of the spaces app: parse with a form, call one service or selector, render (STYLE 1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import Column, export_rows, xlsx_response
from sangtao.orgs.models import SchoolLevel

from . import selectors, services
from .forms import PhotoForm, ReviewForm, SpaceCreateForm, SpaceForm, TechModelForm
from .models import ModelArea, ReviewStatus, SpaceKind

PAGE_SIZE = 30


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


SPACE_COLUMNS = [
    Column(gettext_lazy("Trường"), "unit.name", width=40),
    Column(gettext_lazy("Cấp học"), "unit.level", getter=lambda s: s.unit.get_level_display()),
    Column(gettext_lazy("Loại không gian"), "kind", getter=lambda s: s.get_kind_display(), width=30),
    Column(gettext_lazy("Tên không gian"), "name", width=36),
    Column(gettext_lazy("Diện tích (m²)"), "area_m2"),
    Column(gettext_lazy("Đưa vào sử dụng từ"), "opened_on", getter=lambda s: _date(s.opened_on)),
    Column(gettext_lazy("Đối tượng sử dụng"), "users", width=36),
    Column(gettext_lazy("Trang thiết bị chính"), "equipment", width=50),
    Column(gettext_lazy("Số ảnh"), "photo_count"),
    Column(gettext_lazy("Trạng thái"), "status", getter=lambda s: s.get_status_display()),
    Column(gettext_lazy("Giới thiệu công khai"), "is_featured"),
]
MODEL_COLUMNS = [
    Column(gettext_lazy("Trường"), "unit.name", width=40),
    Column(gettext_lazy("Cấp học"), "unit.level", getter=lambda m: m.unit.get_level_display()),
    Column(gettext_lazy("Tên mô hình"), "name", width=36),
    Column(gettext_lazy("Lĩnh vực áp dụng"), "area", getter=lambda m: m.get_area_display(), width=24),
    Column(gettext_lazy("Mô hình là gì, áp dụng thế nào"), "description", width=60),
    Column(gettext_lazy("Áp dụng từ"), "since", getter=lambda m: _date(m.since)),
    Column(gettext_lazy("Đối tượng sử dụng"), "users", width=36),
    Column(gettext_lazy("Mức độ sử dụng"), "frequency", getter=lambda m: m.get_frequency_display()),
    Column(gettext_lazy("Đường dẫn minh chứng"), "evidence_url", width=36),
    Column(gettext_lazy("Trạng thái"), "status", getter=lambda m: m.get_status_display()),
    Column(gettext_lazy("Giới thiệu công khai"), "is_featured"),
]


def _school_units(user):
    return perms.scope_units(user, "principal", "coordinator").schools().active().order_by("path")


def _filters(request) -> dict:
    unit = request.GET.get("unit", "")
    return {
        "level": request.GET.get("level", ""),
        "status": request.GET.get("status", ""),
        "unit_id": int(unit) if unit.isdigit() else None,
        "q": request.GET.get("q", ""),
    }


@login_required
def index(request):
    """Creative spaces across the user's schools, with counts and filters (and .xlsx)."""
    filters = _filters(request)
    kind = request.GET.get("kind", "")
    rows = selectors.spaces_for_user(request.user, kind=kind, **filters)
    if request.GET.get("format") == "xlsx":
        out = export_rows(SPACE_COLUMNS, rows.iterator(), title=_("Không gian sáng tạo"))
        return xlsx_response(out, "khong-gian-sang-tao.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "spaces/index.html",
        {
            "page": page,
            "counts": selectors.space_counts(request.user),
            "filters": filters,
            "kind": kind,
            "kinds": SpaceKind.choices,
            "levels": SchoolLevel.choices,
            "statuses": ReviewStatus.choices,
            "can_add": _school_units(request.user).exists(),
        },
    )


@login_required
def model_list(request):
    filters = _filters(request)
    area = request.GET.get("area", "")
    rows = selectors.models_for_user(request.user, area=area, **filters)
    if request.GET.get("format") == "xlsx":
        out = export_rows(MODEL_COLUMNS, rows.iterator(), title=_("Mô hình ứng dụng KH&CN"))
        return xlsx_response(out, "mo-hinh-ung-dung-khcn.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "spaces/model_list.html",
        {
            "page": page,
            "counts": selectors.model_counts(request.user),
            "filters": filters,
            "area": area,
            "areas": ModelArea.choices,
            "levels": SchoolLevel.choices,
            "statuses": ReviewStatus.choices,
            "can_add": _school_units(request.user).exists(),
        },
    )


@login_required
def space_create(request):
    units_qs = _school_units(request.user)
    if not units_qs.exists():
        raise PermissionDenied
    form = SpaceCreateForm(request.POST or None, request.FILES or None, units_qs=units_qs)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.space_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận không gian sáng tạo; Phòng sẽ xem xét."))
            return redirect("spaces:space", space.pk)
    return render(
        request,
        "spaces/form.html",
        {"form": form, "heading": _("Thêm không gian sáng tạo")},
        status=400 if form.is_bound else 200,
    )


@login_required
def space_edit(request, pk):
    space = selectors.get_space_for_user(request.user, pk)
    if not perms.can_edit_for_unit(request.user, space.unit):
        raise PermissionDenied
    initial = {
        f: getattr(space, f)
        for f in ("kind", "name", "area_m2", "opened_on", "users", "equipment", "description")
    }
    form = SpaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.space_update(actor=request.user, space=space, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã cập nhật; Phòng sẽ xem xét lại."))
            return redirect("spaces:space", space.pk)
    return render(
        request,
        "spaces/form.html",
        {"form": form, "heading": space.name, "record": space},
        status=400 if form.is_bound else 200,
    )


def _detail_context(request, record) -> dict:
    office = perms.can_review(request.user, record.unit)
    return {
        "record": record,
        "attach_options": selectors.attachable_assignments(request.user, record),
        "attached": selectors.attached_assignments(record),
        "can_edit": perms.can_edit_for_unit(request.user, record.unit),
        "review_form": ReviewForm() if office else None,
        "can_feature": office and record.status == ReviewStatus.ACCEPTED,
        "events": selectors.timeline(record),
    }


@login_required
def space_detail(request, pk):
    space = selectors.get_space_for_user(request.user, pk)
    context = _detail_context(request, space)
    photo_form = None
    if context["can_edit"]:
        photo_form = PhotoForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and photo_form.is_valid():
            try:
                services.photo_add(actor=request.user, space=space, **photo_form.cleaned_data)
            except ApplicationError as exc:
                photo_form.add_error("image", exc.message)
            else:
                messages.success(request, _("Đã thêm ảnh."))
                return redirect("spaces:space", space.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "spaces/space_detail.html",
        {**context, "space": space, "photo_form": photo_form},
        status=400 if photo_form is not None and photo_form.is_bound else 200,
    )


@login_required
def photo(request, pk):
    return serve_file(selectors.get_photo_for_user(request.user, pk).image)


@login_required
@require_POST
def photo_remove(request, pk):
    item = selectors.get_photo_for_user(request.user, pk)
    try:
        services.photo_remove(actor=request.user, photo=item)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã bỏ ảnh."))
    return redirect("spaces:space", item.space_id)


@login_required
def model_create(request):
    units_qs = _school_units(request.user)
    if not units_qs.exists():
        raise PermissionDenied
    form = TechModelForm(request.POST or None, request.FILES or None, units_qs=units_qs)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.model_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận mô hình; Phòng sẽ xem xét."))
            return redirect("spaces:model", model.pk)
    return render(
        request,
        "spaces/form.html",
        {"form": form, "heading": _("Thêm mô hình ứng dụng khoa học và công nghệ")},
        status=400 if form.is_bound else 200,
    )


@login_required
def model_edit(request, pk):
    model = selectors.get_model_for_user(request.user, pk)
    if not perms.can_edit_for_unit(request.user, model.unit):
        raise PermissionDenied
    fields = ("name", "area", "description", "since", "users", "frequency", "evidence_url")
    form = TechModelForm(
        request.POST or None, request.FILES or None, initial={f: getattr(model, f) for f in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.model_update(actor=request.user, model=model, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã cập nhật; Phòng sẽ xem xét lại."))
            return redirect("spaces:model", model.pk)
    return render(
        request,
        "spaces/form.html",
        {"form": form, "heading": model.name, "record": model},
        status=400 if form.is_bound else 200,
    )


@login_required
def model_detail(request, pk):
    model = selectors.get_model_for_user(request.user, pk)
    return render(request, "spaces/model_detail.html", {**_detail_context(request, model), "model": model})


@login_required
def model_evidence(request, pk):
    model = selectors.get_model_for_user(request.user, pk)
    if not model.evidence:
        raise Http404
    return serve_file(model.evidence)


def _record(user, what: str, pk: int):
    if what not in ("space", "model"):
        raise Http404
    if what == "space":
        return selectors.get_space_for_user(user, pk), "spaces:space"
    return selectors.get_model_for_user(user, pk), "spaces:model"


@login_required
@require_POST
def review(request, what, pk):
    record, url = _record(request.user, what, pk)
    if not perms.can_review(request.user, record.unit):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.record_review(
                actor=request.user,
                record=record,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu kết quả xem xét."))
    else:
        messages.error(request, _("Hãy chọn kết quả xem xét."))
    return redirect(url, record.pk)


@login_required
@require_POST
def feature(request, what, pk):
    record, url = _record(request.user, what, pk)
    if not perms.can_review(request.user, record.unit):
        raise PermissionDenied
    featured = request.POST.get("featured") == "1"
    try:
        services.record_feature(actor=request.user, record=record, featured=featured)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã đưa lên trang công khai.") if featured else _("Đã thôi giới thiệu công khai.")
        )
    return redirect(url, record.pk)


@login_required
@require_POST
def attach(request, what, pk):
    """Attach a space or a model to one of its school's assignments (the choice posted as "assignment")."""
    record, url = _record(request.user, what, pk)
    assignment = next(
        (
            a
            for a in selectors.attachable_assignments(request.user, record)
            if str(a.pk) == request.POST.get("assignment")
        ),
        None,
    )
    if assignment is None:
        raise Http404
    try:
        services.record_attach_to_assignment(actor=request.user, record=record, assignment=assignment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã gắn làm minh chứng cho nhiệm vụ “%(t)s”.") % {"t": assignment.task.title}
        )
    return redirect(url, record.pk)


# ── Public ──────────────────────────────────────────────────────────────────────────────────────────


def featured(request):
    """Public (no login): the spaces and models that the office features."""
    spaces = Paginator(selectors.featured_spaces(), 24).get_page(request.GET.get("page"))
    return render(
        request,
        "spaces/featured.html",
        {"page": spaces, "models": selectors.featured_models()[:50]},
    )


def public_photo(request, pk):
    """Public (no login): a photo of a featured space only."""
    return serve_file(selectors.get_public_photo(pk).image)
