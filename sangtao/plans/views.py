"""Plan pages. Each view parses input with a form, calls one service or selector, and renders (STYLE 1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import export_rows, xlsx_response
from sangtao.orgs.models import OrgUnit, SchoolLevel

from . import selectors, services
from .forms import (
    ActivityForm,
    CloneForm,
    CommentForm,
    EvidenceForm,
    IndicatorForm,
    IndicatorValueForm,
    PeriodReportForm,
    PlanForm,
    ProgressForm,
    ReasonForm,
    RecipientFormSet,
    ReportingPeriodForm,
    TaskForm,
)
from .indicators import indicator_results
from .models import (
    AssignmentStatus,
    Evidence,
    Indicator,
    IndicatorSource,
    PeriodReport,
    PlanBasis,
    PlanStatus,
    ReportingPeriod,
    SchoolActivity,
)
from .records import record_links, records_for_task
from .sheets import ASSIGNMENT_COLUMNS, INDICATOR_COLUMNS, PLAN_COLUMNS, indicator_rows


def _fail(request, exc: ApplicationError):
    messages.error(request, exc.message)


# ── Plans ──────────────────────────────────────────────────────────────────────────────────────────


@login_required
def plan_list(request):
    plans = selectors.plans_for_user(request.user, q=request.GET.get("q", ""), status=request.GET.get("status", ""))
    if request.GET.get("format") == "xlsx":
        rows = plans.select_related("issuing_unit").iterator(chunk_size=500)
        return xlsx_response(export_rows(PLAN_COLUMNS, rows, title=_("Kế hoạch")), "ke-hoach.xlsx")
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    return render(request, "plans/plan_list.html", {
        "page": page, "statuses": PlanStatus.choices, "can_create": perms.can_manage_plans(request.user),
    })


def _office_root(user):
    units = perms.role_units(user, "admin", "leader", "specialist")
    if not units:
        raise PermissionDenied
    return sorted(units, key=lambda u: u.path)[0]


def _save_bases(plan, texts):
    plan.bases.all().delete()
    PlanBasis.objects.bulk_create(PlanBasis(plan=plan, text=t, order=i) for i, t in enumerate(texts))


@login_required
def plan_create(request):
    issuing_unit = _office_root(request.user)
    form = PlanForm(request.POST or None, request.FILES or None)
    recipients = RecipientFormSet(request.POST or None, prefix="recipients")
    if request.method == "POST" and form.is_valid() and recipients.is_valid():
        try:
            with transaction.atomic():
                plan = services.plan_create(actor=request.user, issuing_unit=issuing_unit, **form.cleaned_data_fields())
                _save_bases(plan, form.bases())
                recipients.instance = plan
                recipients.save()
        except ApplicationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã tạo kế hoạch dự thảo. Hãy thêm các mục và nhiệm vụ."))
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "recipients": recipients,
                                                     "issuing_unit": issuing_unit})


@login_required
def plan_edit(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    if not selectors.can_manage_plan(request.user, plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan)
    recipients = RecipientFormSet(request.POST or None, instance=plan, prefix="recipients")
    if request.method == "POST" and form.is_valid() and recipients.is_valid():
        try:
            with transaction.atomic():
                services.plan_update(actor=request.user, plan=plan, **form.cleaned_data_fields())
                _save_bases(plan, form.bases())
                recipients.save()
        except ApplicationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "recipients": recipients, "plan": plan,
                                                     "issuing_unit": plan.issuing_unit})


@login_required
def plan_document_file(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    if not plan.document:
        raise Http404
    return serve_file(plan.document)


@login_required
def plan_detail(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    tree = selectors.plan_tree(plan, user=request.user)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "tree": tree, "can_manage": selectors.can_manage_plan(request.user, plan),
        "can_issue": perms.holds(request.user, plan.issuing_unit, "admin", "leader"),
        "periods": plan.periods.all(), "clone_form": CloneForm(initial={"year": plan.year + 1}),
    })


@login_required
def plan_document(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    return render(request, "plans/plan_document.html", {
        "plan": plan, "tree": selectors.plan_tree(plan), "bases": plan.bases.all(),
        "recipients": plan.recipients.all(),
    })


@login_required
@require_POST
def plan_issue(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    services.plan_issue(actor=request.user, plan=plan)
    messages.success(request, _("Đã ban hành kế hoạch và giao nhiệm vụ cho các đơn vị."))
    return redirect("plans:detail", plan.pk)


@login_required
@require_POST
def plan_close(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    services.plan_close(actor=request.user, plan=plan, reason=request.POST.get("reason", ""))
    messages.success(request, _("Đã kết thúc kế hoạch."))
    return redirect("plans:detail", plan.pk)


@login_required
@require_POST
def plan_clone(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    form = CloneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("plans:detail", plan.pk)
    clone = services.plan_clone(actor=request.user, plan=plan, **form.cleaned_data)
    messages.success(request, _("Đã tạo dự thảo kế hoạch năm %(y)s từ kế hoạch này.") % {"y": clone.year})
    return redirect("plans:detail", clone.pk)


# ── Tasks ──────────────────────────────────────────────────────────────────────────────────────────


@login_required
def task_detail(request, pk):
    task = selectors.get_task_for_user(request.user, pk)
    assignments = list(selectors.task_assignments_for_user(request.user, task))
    units = [a.unit for a in assignments]
    indicators = list(task.indicators.all())
    return render(request, "plans/task_detail.html", {
        "task": task, "plan": task.plan, "assignments": assignments,
        "children": task.children.all(), "partners": task.partner_units.all(),
        "indicators": indicator_results(indicators, units),
        "can_manage": selectors.can_manage_plan(request.user, task.plan),
        "records": records_for_task(request.user, task),
    })


@login_required
def task_form(request, plan_pk, pk=None):
    plan = selectors.get_plan_for_user(request.user, plan_pk)
    if not selectors.can_manage_plan(request.user, plan) or plan.status == PlanStatus.CLOSED:
        raise PermissionDenied
    task = get_object_or_404(plan.tasks, pk=pk) if pk else None
    form = TaskForm(request.POST or None, instance=task, plan=plan,
                    initial={"parent": request.GET.get("parent")} if not task else None)
    if request.method == "POST" and form.is_valid():
        form.instance.plan = plan
        try:
            with transaction.atomic():
                task = form.save()  # refused when someone else saved the task after this form was opened
                if plan.status == PlanStatus.ISSUED:
                    services.task_sync_assignments(task=task, actor=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("plans:task", task.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task})


# ── Indicators ─────────────────────────────────────────────────────────────────────────────────────


@login_required
def indicator_list(request, plan_pk):
    plan = selectors.get_plan_for_user(request.user, plan_pk)
    units = selectors.implementing_units(plan, request.user)
    results = indicator_results(list(plan.indicators.select_related("task")), units)
    if request.GET.get("format") == "xlsx":
        out = export_rows(INDICATOR_COLUMNS, indicator_rows(results), title=_("Chỉ tiêu"))
        return xlsx_response(out, f"chi-tieu-{plan.pk}.xlsx")
    return render(request, "plans/indicator_list.html", {
        "plan": plan, "results": results, "can_manage": selectors.can_manage_plan(request.user, plan),
    })


@login_required
def indicator_detail(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("plan", "task"), pk=pk)
    plan = selectors.get_plan_for_user(request.user, indicator.plan_id)
    units = selectors.implementing_units(plan, request.user)
    result = indicator_results([indicator], units)[0]
    editable_units = [u for u in units if indicator.source == IndicatorSource.MANUAL and (
        perms.can_edit_for_unit(request.user, u))]
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST":
        unit = next((u for u in editable_units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.indicator_value_set(actor=request.user, indicator=indicator, unit=unit, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error("value", exc.message)
            else:
                messages.success(request, _("Đã lưu số liệu của %(u)s.") % {"u": unit.display_short})
                return redirect("plans:indicator", indicator.pk)
    rows = [(u, result.by_unit.get(u.pk)) for u in units if not indicator.levels or u.level in indicator.levels]
    parents = {u.pk: u for u in OrgUnit.objects.filter(pk__in=result.by_parent)}
    return render(request, "plans/indicator_detail.html", {
        "indicator": indicator, "plan": plan, "result": result, "rows": rows, "form": form,
        "editable_units": editable_units,
        "by_parent": [(parents[pid], agg) for pid, agg in result.by_parent.items() if pid in parents],
        "by_level": [(SchoolLevel(level).label, agg) for level, agg in result.by_level.items()],
    })


@login_required
def indicator_form(request, plan_pk, pk=None):
    plan = selectors.get_plan_for_user(request.user, plan_pk)
    if not selectors.can_manage_plan(request.user, plan):
        raise PermissionDenied
    indicator = get_object_or_404(plan.indicators, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu chỉ tiêu."))
        return redirect("plans:indicators", plan.pk)
    return render(request, "plans/indicator_form.html", {"form": form, "plan": plan, "indicator": indicator})


# ── Assignments ────────────────────────────────────────────────────────────────────────────────────


@login_required
def my_assignments(request):
    qs = selectors.assignments_for_user(
        request.user, status=request.GET.get("status", ""), overdue=request.GET.get("overdue") == "1",
        q=request.GET.get("q", ""),
    )
    if request.GET.get("format") == "xlsx":
        rows = qs.select_related("task__parent").iterator(chunk_size=2000)
        return xlsx_response(export_rows(ASSIGNMENT_COLUMNS, rows, title=_("Phân công")), "phan-cong.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "plans/assignment_list.html", {"page": page, "statuses": AssignmentStatus.choices})


def _assignment_context(request, assignment, **extra):
    context = {
        "a": assignment, "task": assignment.task, "plan": assignment.task.plan,
        **selectors.assignment_detail(assignment), **selectors.assignment_abilities(request.user, assignment),
        "progress_form": ProgressForm(initial={"progress": assignment.progress,
                                               "report_text": assignment.report_text,
                                               "version": assignment.version}),
        "evidence_form": EvidenceForm(initial={"kind": "file"}), "activity_form": ActivityForm(),
        "reason_form": ReasonForm(), "comment_form": CommentForm(),
    }
    links = record_links(request.user, [e.record_ref for e in context["evidence"] if e.record_ref])
    for e in context["evidence"]:
        e.record_url = links.get(e.record_ref, "")
    context.update(extra)
    return context


@login_required
def assignment_detail(request, pk):
    assignment = selectors.get_assignment_for_user(request.user, pk)
    return render(request, "plans/assignment_detail.html", _assignment_context(request, assignment))


def _assignment_post(request, pk, form_class, form_name, action):
    """Shared shape of the assignment's forms: on error the page comes back with what was typed."""
    assignment = selectors.get_assignment_for_user(request.user, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = action(assignment, form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, message)
            if request.htmx:
                assignment.refresh_from_db()
                return render(request, "plans/assignment_detail.html#evidence",
                              _assignment_context(request, assignment))
            return redirect("plans:assignment", assignment.pk)
    template = "plans/assignment_detail.html#evidence" if request.htmx else "plans/assignment_detail.html"
    return render(request, template, _assignment_context(request, assignment, **{form_name: form}), status=400)


@login_required
@require_POST
def assignment_progress(request, pk):
    def action(assignment, data):
        services.assignment_update(actor=request.user, assignment=assignment, **data)
        return _("Đã lưu tiến độ và báo cáo.")

    return _assignment_post(request, pk, ProgressForm, "progress_form", action)


@login_required
@require_POST
def evidence_add(request, pk):
    def action(assignment, data):
        services.evidence_add(actor=request.user, assignment=assignment, kind=data["kind"], title=data["title"],
                              file=data.get("file"), url=data.get("url") or "")
        return _("Đã thêm minh chứng.")

    return _assignment_post(request, pk, EvidenceForm, "evidence_form", action)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("assignment"), pk=pk)
    selectors.get_assignment_for_user(request.user, evidence.assignment_id)
    services.evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, _("Đã xóa minh chứng."))
    return redirect("plans:assignment", evidence.assignment_id)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    selectors.get_assignment_for_user(request.user, evidence.assignment_id)  # 404 outside the user's scope
    if not evidence.file:
        raise Http404
    return serve_file(evidence.file)


@login_required
@require_POST
def activity_add(request, pk):
    def action(assignment, data):
        services.activity_save(actor=request.user, assignment=assignment, **data)
        return _("Đã thêm hoạt động của đơn vị.")

    return _assignment_post(request, pk, ActivityForm, "activity_form", action)


@login_required
@require_POST
def activity_remove(request, pk):
    activity = get_object_or_404(SchoolActivity.objects.select_related("assignment"), pk=pk)
    assignment = selectors.get_assignment_for_user(request.user, activity.assignment_id)
    services.activity_remove(actor=request.user, activity=activity)
    messages.success(request, _("Đã xóa hoạt động."))
    return redirect("plans:assignment", assignment.pk)


@login_required
@require_POST
def assignment_submit(request, pk):
    assignment = selectors.get_assignment_for_user(request.user, pk)
    services.assignment_submit(actor=request.user, assignment=assignment)
    messages.success(request, _("Đã nộp báo cáo nhiệm vụ cho Phòng."))
    return redirect("plans:assignment", pk)


@login_required
@require_POST
def assignment_approve(request, pk):
    def action(assignment, data):
        services.assignment_approve(actor=request.user, assignment=assignment, comment=data["comment"])
        return _("Đã duyệt. Báo cáo của đơn vị được khóa.")

    return _assignment_post(request, pk, CommentForm, "comment_form", action)


@login_required
@require_POST
def assignment_return(request, pk):
    def action(assignment, data):
        services.assignment_return(actor=request.user, assignment=assignment, reason=data["reason"])
        return _("Đã trả lại cho đơn vị kèm lý do.")

    return _assignment_post(request, pk, ReasonForm, "reason_form", action)


# ── Reporting periods ──────────────────────────────────────────────────────────────────────────────


@login_required
def period_form(request, plan_pk):
    plan = selectors.get_plan_for_user(request.user, plan_pk)
    if not selectors.can_manage_plan(request.user, plan):
        raise PermissionDenied
    form = ReportingPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.plan = plan
        form.save()
        messages.success(request, _("Đã thêm kỳ báo cáo."))
        return redirect("plans:detail", plan.pk)
    return render(request, "plans/period_form.html", {"form": form, "plan": plan})


@login_required
def period_detail(request, pk):
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan__issuing_unit"), pk=pk)
    plan = selectors.get_plan_for_user(request.user, period.plan_id)
    units = selectors.implementing_units(plan, request.user)
    completeness = selectors.period_completeness(plan, units)
    row = next(r for r in completeness if r["period"].pk == period.pk)
    reports = {r.unit_id: r for r in PeriodReport.objects.filter(period=period, unit__in=units)}
    own_units = [u for u in units if perms.can_edit_for_unit(request.user, u)]
    own_unit = own_units[0] if len(own_units) == 1 else None
    own_report = reports.get(own_unit.pk) if own_unit else None
    form = PeriodReportForm(request.POST or None, initial={"summary": own_report.summary if own_report else ""})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("save", "submit") and own_unit is not None:
                if form.is_valid():
                    services.period_report_save(actor=request.user, period=period, unit=own_unit, **form.cleaned_data)
                    if action == "submit":
                        services.period_report_submit(actor=request.user, period=period, unit=own_unit)
                    messages.success(request, _("Đã nộp báo cáo kỳ.") if action == "submit" else _("Đã lưu."))
                    return redirect("plans:period", period.pk)
            elif action in ("approve", "return"):
                report = get_object_or_404(PeriodReport, period=period, pk=request.POST.get("report"))
                services.period_report_review(actor=request.user, report=report, approve=action == "approve",
                                              reason=request.POST.get("reason", ""))
                messages.success(request, _("Đã cập nhật báo cáo của %(u)s.") % {"u": report.unit.display_short})
                return redirect("plans:period", period.pk)
            else:
                raise PermissionDenied
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    return render(request, "plans/period_detail.html", {
        "period": period, "plan": plan, "row": row, "units": units, "reports": reports, "own_unit": own_unit,
        "own_report": own_report, "form": form, "can_review": selectors.can_manage_plan(request.user, plan),
    })
