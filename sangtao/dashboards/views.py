"""Read-only pages: where each person lands, the office's dashboard of a plan (by level, down to each
school), the school's dashboard, reporting rates. Views parse the filters, call one selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import OFFICE_ROLES, Role
from sangtao.core.exceptions import ApplicationError
from sangtao.core.xlsx import Column, export_rows, xlsx_response
from sangtao.orgs.models import SchoolLevel
from sangtao.orgs.selectors import get_unit_for_user
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.models import Task
from sangtao.reports import permissions as report_perms

from . import charts, selectors, services
from .forms import DashboardFilterForm, ReportingFilterForm

SCHOOLS_PER_PAGE = 30
UNITS_PER_PAGE = 50


def home(request):
    user = request.user
    if not user.is_authenticated:
        # The public lands on the portal: news and the other public pages; staff sign in from there.
        return redirect("communication:home")
    plan = plan_selectors.current_plan_for_user(user)
    if user.has_role(*OFFICE_ROLES, Role.OBSERVER) and plan is not None:
        return redirect("dashboards:office", plan.pk)
    school_units = perms.role_units(user, Role.PRINCIPAL, Role.COORDINATOR, Role.TEACHER)
    if school_units:
        return redirect("dashboards:school", school_units[0].pk)
    if user.has_role(Role.PARTNER):
        return redirect("dashboards:partner")
    return render(request, "dashboards/empty.html", {"plan": plan})


def _office_plan(request, plan_pk):
    plan = plan_selectors.get_plan_for_user(request.user, plan_pk)
    if not selectors.can_see_office_dashboard(request.user, plan):
        raise PermissionDenied
    return plan


def _filter_form(request, plan, form_class=DashboardFilterForm, **kwargs):
    form = form_class(request.GET or None, periods=selectors.plan_periods(plan), **kwargs)
    return form, form.filters()


def _report_url(user, plan, filters) -> str:
    """ "Lập báo cáo" for what the page shows: the report form prefilled with the plan, the period and the
    level, for the office that issued the plan; empty for whoever may not write its reports (observers)."""
    if not report_perms.can_create_for(user, plan.issuing_unit):
        return ""
    query = {"plan": plan.pk, "unit": plan.issuing_unit_id}
    if filters.period is not None:
        query["period"] = filters.period.pk
    if filters.level:
        query["level"] = filters.level
    return f"{reverse('reports:create')}?{urlencode(query)}"


def _keep(filters) -> str:
    """The period chosen, carried over to the pages a link leads to."""
    return urlencode({"period": filters.period.pk}) if filters.period is not None else ""


@login_required
def office(request, plan_pk):
    plan = _office_plan(request, plan_pk)
    form, filters = _filter_form(request, plan)
    context = selectors.office_dashboard(request.user, plan, filters)
    context.update(
        {
            "form": form,
            "keep": _keep(filters),
            "report_url": _report_url(request.user, plan, filters),
            "other_plans": plan_selectors.plans_for_user(request.user).exclude(pk=plan.pk)[:10],
            "can_refresh": selectors.can_refresh_snapshots(request.user, plan),
            "chart_target": charts.percent_of_target(context["indicators"]),
            "chart_trends": charts.trends(context["indicators"], context["months"]),
            "chart_levels": charts.by_level(context["indicators"], context["levels"])
            if not filters.level
            else None,
        }
    )
    return render(request, "dashboards/office.html", context)


def _school_value(row, value, applies):
    """A school's cell as the page shows it: “Đạt”/“Chưa đạt” on a share, the number on a count."""
    if not applies:
        return _("không áp dụng")
    if value is None:
        return None
    if row.is_share:
        return _("Đạt") if value >= 1 else _("Chưa đạt")
    return value


def _level_sheet(context) -> tuple[list[Column], list[dict]]:
    """The level page's table of schools, one column per indicator (the schools of one level of the
    district are a few dozen rows already in memory: no queryset to stream)."""
    columns = [
        Column(gettext_lazy("Mã đơn vị"), "code", width=14),
        Column(gettext_lazy("Trường"), "name", width=44),
        Column(gettext_lazy("Nhiệm vụ đã duyệt"), "approved", width=12),
        Column(gettext_lazy("Nhiệm vụ được giao"), "assigned", width=12),
        Column(gettext_lazy("Hoạt động gần nhất trong học kỳ"), "last_activity", width=16),
        *[
            Column(f"{r.indicator.code} — {r.indicator.name}", f"i{r.indicator.pk}", width=16)
            for r in context["indicators"]
        ],
    ]
    rows = [
        {
            "code": s["unit"].code,
            "name": s["unit"].name,
            "approved": s["approved"],
            "assigned": s["assigned"],
            "last_activity": s["last_activity"],
            **{f"i{r.indicator.pk}": _school_value(r, v, applies) for r, v, applies in s["values"]},
        }
        for s in context["schools"]
    ]
    return columns, rows


@login_required
def level(request, plan_pk, level):
    if level not in SchoolLevel.values:
        raise Http404
    plan = _office_plan(request, plan_pk)
    form, filters = _filter_form(request, plan, with_level=False)
    filters.level = level
    context = selectors.level_dashboard(request.user, plan, filters)
    if request.GET.get("format") == "xlsx":
        columns, rows = _level_sheet(context)
        title = _("Các trường %(level)s") % {"level": SchoolLevel(level).label}
        return xlsx_response(
            export_rows(columns, rows, title=title), f"truong-{level.lower()}-{plan.pk}.xlsx"
        )
    context.update(
        {
            "form": form,
            "keep": _keep(filters),
            "report_url": _report_url(request.user, plan, filters),
            "level": level,
            "level_label": SchoolLevel(level).label,
            "page": Paginator(context["schools"], SCHOOLS_PER_PAGE).get_page(request.GET.get("page")),
            "chart_target": charts.percent_of_target(
                context["indicators"],
                title=_("%(level)s: thực hiện so với chỉ tiêu (%%)") % {"level": SchoolLevel(level).label},
            ),
        }
    )
    return render(request, "dashboards/level.html", context)


@login_required
def school(request, unit_pk):
    unit = get_unit_for_user(request.user, unit_pk)
    try:
        plan_id = int(request.GET.get("plan") or 0)
    except ValueError:
        plan_id = 0
    plan = selectors.school_plan(request.user, plan_id)
    form, filters = (
        _filter_form(request, plan, with_level=False) if plan is not None else (None, selectors.Filters())
    )
    context = selectors.school_dashboard(request.user, unit, plan, filters)
    context.update(
        {
            "form": form,
            "plans": selectors.school_plans(request.user),
            "office_view": plan is not None and selectors.can_see_office_dashboard(request.user, plan),
            "chart_counts": charts.school_counts(context["standings"], unit.display_short),
        }
    )
    return render(request, "dashboards/school.html", context)


@login_required
def reporting(request, plan_pk):
    plan = _office_plan(request, plan_pk)
    form, filters = _filter_form(request, plan, ReportingFilterForm)
    context = selectors.reporting_page(request.user, plan, filters)
    selected = context["selected"]
    context.update(
        {
            "form": form,
            "page": Paginator(selected.units if selected else [], UNITS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "chart": charts.reporting(selected) if selected else None,
        }
    )
    return render(request, "dashboards/reporting.html", context)


REPORTING_COLUMNS = [
    Column(gettext_lazy("Kỳ báo cáo"), "period.name", width=36),
    Column(gettext_lazy("Hạn nộp"), "period.due", width=12),
    Column(gettext_lazy("Mã đơn vị"), "unit.code", width=14),
    Column(gettext_lazy("Đơn vị"), "unit.name", width=44),
    Column(
        gettext_lazy("Cấp học"),
        "unit.level",
        width=12,
        formatter=lambda v: str(SchoolLevel(v).label) if v in SchoolLevel.values else "",
    ),
    Column(gettext_lazy("Đã nộp"), "state", width=10, formatter=lambda s: s in ("on_time", "late")),
    Column(gettext_lazy("Nộp lần đầu lúc"), "first_submitted_at", width=18),
    Column(gettext_lazy("Đúng hạn"), "state", width=10, formatter=lambda s: s == "on_time"),
    Column(gettext_lazy("Tình trạng"), "state_label", width=20),
    Column(gettext_lazy("Trạng thái báo cáo"), "status_label", width=18),
]


@login_required
def reporting_export(request, plan_pk):
    plan = _office_plan(request, plan_pk)
    _form, filters = _filter_form(request, plan, ReportingFilterForm)
    rows = selectors.reporting_export_rows(request.user, plan, filters)
    fileobj = export_rows(REPORTING_COLUMNS, rows, title=_("Tỷ lệ nộp báo cáo"))
    return xlsx_response(fileobj, f"ty-le-nop-bao-cao-{plan.pk}.xlsx")


@login_required
@require_POST
def snapshots_refresh(request, plan_pk):
    plan = _office_plan(request, plan_pk)
    if not selectors.can_refresh_snapshots(request.user, plan):
        raise PermissionDenied
    try:
        months = services.snapshots_refresh(actor=request.user, plan=plan)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật số liệu xu hướng (%(n)d tháng).") % {"n": len(months)})
    # Back to the page as it was filtered (only the filters' own, validated values).
    form = DashboardFilterForm(request.POST, periods=selectors.plan_periods(plan))
    filters = form.filters()
    query = urlencode(
        {
            k: v
            for k, v in [("period", filters.period.pk if filters.period else ""), ("level", filters.level)]
            if v
        }
    )
    target = reverse("dashboards:office", args=[plan.pk])
    return redirect(f"{target}?{query}" if query else target)


@login_required
def partner(request):
    units = perms.role_units(request.user, Role.PARTNER)
    if not units:
        raise PermissionDenied
    tasks = (
        Task.objects.filter(partner_units__in=units)
        .exclude(plan__status="draft")
        .select_related("plan", "lead_unit")
        .distinct()
        .order_by("plan_id", "order")
    )
    return render(request, "dashboards/partner.html", {"tasks": tasks, "units": units})
