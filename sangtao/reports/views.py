"""Pages of the reports app: parse with a form, call one service or selector, render (STYLE 1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import Column, export_rows, xlsx_response
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.models import PlanStatus

from . import permissions as rperms
from . import selectors, services
from .forms import LEVELS, ReportCreateForm, ReportEditForm
from .models import ReportStatus

FILE_KINDS = ("docx", "xlsx", "pdf")

REPORT_COLUMNS = [
    Column(gettext_lazy("Số/ký hiệu"), "number", width=18),
    Column(gettext_lazy("Ngày báo cáo"), "signed_on", width=14),
    Column(gettext_lazy("Trích yếu"), "title", width=70),
    Column(gettext_lazy("Kế hoạch"), "plan.number", width=16),
    Column(gettext_lazy("Kỳ báo cáo"), "period.name", width=36),
    Column(gettext_lazy("Phạm vi"), "scope_label", width=30),
    Column(gettext_lazy("Loại"), "kind", width=16, getter=lambda r: str(r.get_kind_display())),
    Column(gettext_lazy("Trạng thái"), "status", width=14, getter=lambda r: str(r.get_status_display())),
]


@login_required
def report_list(request):
    plan_id = request.GET.get("plan", "")
    status = request.GET.get("status", "")
    reports = selectors.reports_for_user(
        request.user,
        plan_id=int(plan_id) if plan_id.isdigit() else None,
        status=status if status in ReportStatus.values else "",
    )
    if request.GET.get("format") == "xlsx":
        rows = reports.iterator(chunk_size=500)
        return xlsx_response(export_rows(REPORT_COLUMNS, rows, title=_("Báo cáo")), "bao-cao.xlsx")
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "page": page,
            "statuses": ReportStatus.choices,
            "can_create": rperms.can_create_any(request.user),
        },
    )


def _create_initial(request, plans, units) -> dict:
    """The form prefilled from the dashboard's "Lập báo cáo" link (?plan=&period=&level=&unit=); a value
    outside the person's plans and units is ignored, the form's own choices decide."""
    initial = {"plan": plan_selectors.current_plan_for_user(request.user), "unit": units.first()}
    wanted = {k: request.GET.get(k, "") for k in ("plan", "period", "unit")}
    if wanted["plan"].isdigit():
        initial["plan"] = plans.filter(pk=int(wanted["plan"])).first() or initial["plan"]
    if wanted["unit"].isdigit():
        initial["unit"] = units.filter(pk=int(wanted["unit"])).first() or initial["unit"]
    if wanted["period"].isdigit():
        initial["period"] = int(wanted["period"])
    if request.GET.get("level") in dict(LEVELS):
        initial["level"] = request.GET["level"]
    return initial


@login_required
def report_create(request):
    if not rperms.can_create_any(request.user):
        raise PermissionDenied
    units = selectors.units_for_new_report(request.user)
    plans = plan_selectors.plans_for_user(request.user).exclude(status=PlanStatus.DRAFT)
    form = ReportCreateForm(
        request.POST or None,
        plans=plans,
        units=units,
        initial=_create_initial(request, plans, units),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã lập dự thảo báo cáo. Hãy xem lại các đoạn đánh giá rồi tạo văn bản.")
            )
            return redirect("reports:detail", report.pk)
    return render(request, "reports/report_create.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request, report, form=None, status=200):
    page = selectors.report_page(request.user, report)
    if form is None and page["can_edit"]:
        form = ReportEditForm(instance=report)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "form": form,
            "events": selectors.report_events(report),
            **page,
        },
        status=status,
    )


@login_required
def report_detail(request, pk):
    report = selectors.get_report_for_user(request.user, pk)
    if request.method != "POST":
        return _detail(request, report)
    if not rperms.can_edit(request.user, report):
        raise PermissionDenied
    form = ReportEditForm(request.POST, instance=report)
    if form.is_valid():
        try:
            report = services.report_update(
                actor=request.user,
                report=report,
                **{f: form.cleaned_data[f] for f in ReportEditForm.Meta.fields},
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu nội dung báo cáo."))
            return redirect("reports:detail", report.pk)
    return _detail(request, report, form=form, status=400)


@login_required
def report_preview(request, pk):
    """The figures and charts the next version will print, as of the period's end (read-only)."""
    report = selectors.get_report_for_user(request.user, pk)
    content = selectors.report_content(request.user, report)
    return render(request, "reports/report_preview.html", {"report": report, "content": content})


@login_required
def report_progress(request, pk):
    """Polled by the page while the report is being generated; asks the page to reload when it is done."""
    report = selectors.get_report_for_user(request.user, pk)
    if request.htmx and report.status != ReportStatus.GENERATING:
        return HttpResponseClientRefresh()
    return render(request, "reports/_progress.html", {"report": report})


@login_required
@require_POST
def report_generate(request, pk):
    report = selectors.get_report_for_user(request.user, pk)
    if not rperms.can_edit(request.user, report):
        raise PermissionDenied
    try:
        services.report_generate(actor=request.user, report=report)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("Đang tạo văn bản; trang sẽ hiện phiên bản mới khi xong."))
    return redirect("reports:detail", report.pk)


@login_required
@require_POST
def report_finalise(request, pk):
    report = selectors.get_report_for_user(request.user, pk)
    if not rperms.can_finalise(request.user, report):
        raise PermissionDenied
    try:
        services.report_finalise(actor=request.user, report=report)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã hoàn tất báo cáo: báo cáo được lưu trữ và không sửa được nữa."))
    return redirect("reports:detail", report.pk)


@login_required
def version_download(request, pk, kind):
    version = selectors.get_version_for_user(request.user, pk)
    if kind not in FILE_KINDS:
        raise Http404
    field = getattr(version, kind)
    if not field:
        raise Http404
    suffix = "-phu-luc.xlsx" if kind == "xlsx" else f".{kind}"
    return serve_file(field, filename=f"bao-cao-{version.report_id}-v{version.number}{suffix}")
