"""What the dashboards contribute to the REST API: a plan's indicator values (per unit and aggregated, by
period, level and unit), the office's dashboard summary, reporting rates, and a school's dashboard.

The views call the same selectors as the pages (`dashboards.selectors`, which take every indicator number
from `plans.selectors.indicator_figures`), so that the API and the pages give the same figures for the
same period and level, within the same scope: the office and the observers read a plan's dashboard; a
school's dashboard is for whoever may read that school.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors
from sangtao.core.exceptions import ApplicationError
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.orgs.selectors import get_unit_for_user
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.api.serializers import AssignmentSerializer, PlanRefSerializer
from sangtao.plans.models import AssignmentStatus, Measure, PeriodKind, PeriodReportStatus, Plan
from sangtao.plans.selectors import Scope

from . import selectors
from .selectors import LEVELS, Filters, UnitReport

# ── Input ──────────────────────────────────────────────────────────────────────────────────────────


def _decimal(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, coerce_to_string=False, read_only=True, **kwargs
    )


class DashFilterSerializer(serializers.Serializer):
    period = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy(
            "Kỳ báo cáo của kế hoạch: số liệu tính đến ngày cuối kỳ. Bỏ trống: đến hôm nay."
        ),
    )
    level = serializers.ChoiceField(
        choices=[(lv.value, lv.label) for lv in LEVELS],
        required=False,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Chỉ các đơn vị của cấp học này."),
    )


class DashIndicatorFilterSerializer(DashFilterSerializer):
    unit = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Chỉ đơn vị này và các đơn vị trực thuộc (trong phạm vi được xem)."),
    )


class DashSchoolFilterSerializer(serializers.Serializer):
    plan = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Kế hoạch; bỏ trống: kế hoạch hiện hành."),
    )
    period = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy(
            "Kỳ báo cáo của kế hoạch: số liệu tính đến ngày cuối kỳ. Bỏ trống: đến hôm nay."
        ),
    )


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _filters(plan: Plan, data: dict) -> Filters:
    """The filters as the pages read them; a period of another plan is refused with a clear message."""
    period = None
    if data.get("period"):
        period = next((p for p in selectors.plan_periods(plan) if p.pk == data["period"]), None)
        if period is None:
            raise ApplicationError(
                _("Kỳ báo cáo không thuộc kế hoạch này."), extra={"period": data["period"]}
            )
    return Filters(period=period, level=data.get("level", ""))


# ── Output ─────────────────────────────────────────────────────────────────────────────────────────


class DashPeriodRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    start = serializers.DateField()
    end = serializers.DateField()
    due = serializers.DateField()


class DashAggregateSerializer(serializers.Serializer):
    actual = _decimal(
        allow_null=True, help_text=gettext_lazy("% đơn vị đạt (chỉ tiêu tỷ lệ) hoặc tổng cộng.")
    )
    met = serializers.IntegerField()
    reported = serializers.IntegerField()
    expected = serializers.IntegerField()


class DashLevelAggregateSerializer(DashAggregateSerializer):
    level = serializers.ChoiceField(choices=SchoolLevel.choices)
    level_label = serializers.CharField()


class DashUnitValueSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    value = _decimal(
        allow_null=True,
        help_text=gettext_lazy("Chỉ tiêu tỷ lệ: 1 = đạt, 0 = chưa đạt; rỗng: chưa có số liệu."),
    )


class DashTrendPointSerializer(serializers.Serializer):
    month = serializers.DateField(help_text=gettext_lazy("Ngày đầu tháng."))
    value = _decimal(allow_null=True)


class DashIndicatorFigureSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure")
    measure = serializers.ChoiceField(choices=Measure.choices)
    target = _decimal(source="indicator.target", allow_null=True)
    direction = serializers.CharField(source="indicator.direction")
    overall = DashAggregateSerializer()
    percent_of_target = _decimal(allow_null=True, help_text=gettext_lazy("Thực hiện so với chỉ tiêu (%)."))
    on_track = serializers.BooleanField(allow_null=True)
    expected_by_now = _decimal(
        allow_null=True,
        help_text=gettext_lazy("Giá trị cần đạt đến ngày tính theo tiến độ đều từ đầu đến cuối kế hoạch."),
    )
    below_pace = serializers.BooleanField()
    no_data_reason = serializers.CharField()
    by_level = DashLevelAggregateSerializer(many=True)


class DashIndicatorValuesSerializer(DashIndicatorFigureSerializer):
    units = DashUnitValueSerializer(
        many=True, help_text=gettext_lazy("Giá trị của từng đơn vị trong phạm vi.")
    )


class DashIndicatorSummarySerializer(DashIndicatorFigureSerializer):
    trend = DashTrendPointSerializer(
        many=True,
        help_text=gettext_lazy(
            "Từ tháng 9 của năm học: các tháng trước lấy số liệu chốt cuối tháng, điểm cuối là số liệu hiện tại."
        ),
    )


def _aggregate(agg) -> dict:
    return {"actual": agg.actual, "met": agg.met, "reported": agg.reported, "expected": agg.expected}


def indicator_payload(
    row: selectors.IndicatorRow, *, units: dict[int, OrgUnit] | None = None, months=None
) -> dict:
    result = row.result
    payload = {
        "indicator": row.indicator,
        "measure": row.measure,
        "overall": _aggregate(result.overall),
        "percent_of_target": result.percent_of_target,
        "on_track": result.on_track,
        "expected_by_now": row.expected,
        "below_pace": row.below_pace,
        "no_data_reason": result.no_data_reason,
        "by_level": [
            {"level": lv, "level_label": SchoolLevel(lv).label, **_aggregate(agg)}
            for lv, agg in result.by_level.items()
        ],
    }
    if units is not None:
        payload["units"] = [{"unit": units[uid], "value": value} for uid, value in result.by_unit.items()]
    if months is not None:
        payload["trend"] = [{"month": m, "value": v} for m, v in zip(months, row.trend, strict=False)]
    return payload


class DashFiguresSerializer(serializers.Serializer):
    plan = PlanRefSerializer()
    as_of = serializers.DateField(help_text=gettext_lazy("Số liệu tính đến ngày này."))
    period = DashPeriodRefSerializer(allow_null=True)
    level = serializers.CharField(help_text=gettext_lazy("Cấp học đã lọc; rỗng: mọi cấp."))
    unit = UnitRefSerializer(allow_null=True)
    indicators = DashIndicatorValuesSerializer(many=True)


class DashStatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AssignmentStatus.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class DashSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    total = serializers.IntegerField()
    approved = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class DashLevelCountSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=SchoolLevel.choices)
    label = serializers.CharField()
    unit_count = serializers.IntegerField()


class DashLateReportsSerializer(serializers.Serializer):
    period = DashPeriodRefSerializer()
    missing = UnitRefSerializer(many=True, help_text=gettext_lazy("Đơn vị chưa nộp, đã quá hạn."))
    late = UnitRefSerializer(many=True, help_text=gettext_lazy("Đơn vị nộp sau hạn."))


class DashAttentionSerializer(serializers.Serializer):
    overdue_count = serializers.IntegerField()
    overdue = AssignmentSerializer(many=True, help_text=gettext_lazy("10 phân công quá hạn đầu tiên."))
    late_reports = DashLateReportsSerializer(many=True)
    inactive_since = serializers.DateField()
    inactive = UnitRefSerializer(
        many=True, help_text=gettext_lazy("Đơn vị chưa ghi nhận hoạt động nào từ đầu học kỳ.")
    )
    below_pace = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Mã các chỉ tiêu chậm tiến độ.")
    )
    no_data = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Mã các chỉ tiêu chưa có số liệu.")
    )


class DashSummarySerializer(serializers.Serializer):
    plan = PlanRefSerializer()
    as_of = serializers.DateField()
    period = DashPeriodRefSerializer(allow_null=True)
    level = serializers.CharField()
    unit_count = serializers.IntegerField()
    levels = DashLevelCountSerializer(many=True)
    total_assignments = serializers.IntegerField()
    status_counts = DashStatusCountSerializer(many=True)
    sections = DashSectionSerializer(many=True)
    snapshots_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("Lúc số liệu theo tháng được tính.")
    )
    indicators = DashIndicatorSummarySerializer(many=True)
    attention = DashAttentionSerializer()


def summary_payload(dash: dict) -> dict:
    attention = dash["attention"]
    return {
        "plan": dash["plan"],
        "as_of": dash["as_of"],
        "period": dash["filters"].period,
        "level": dash["filters"].level,
        "unit_count": dash["unit_count"],
        "levels": [{"level": lv, "label": label, "unit_count": n} for lv, label, n in dash["levels"]],
        "total_assignments": dash["total_assignments"],
        "status_counts": [
            {"status": s.value, "label": s.label, "count": n} for s, n in dash["status_counts"]
        ],
        "sections": [
            {
                "id": s["task"].pk,
                "number": s["task"].number,
                "title": s["task"].title,
                "total": s["total"],
                "approved": s["approved"],
                "share": s["share"],
            }
            for s in dash["sections"]
        ],
        "snapshots_at": dash["snapshots_at"],
        "indicators": [indicator_payload(r, months=dash["months"]) for r in dash["indicators"]],
        "attention": {
            "overdue_count": attention["overdue_count"],
            "overdue": attention["overdue"],
            "late_reports": [
                {"period": p, "missing": [r.unit for r in missing], "late": [r.unit for r in late]}
                for p, missing, late in attention["late_reports"]
            ],
            "inactive_since": attention["inactive_since"],
            "inactive": attention["inactive"],
            "below_pace": [r.indicator.code for r in attention["below_pace"]],
            "no_data": [r.indicator.code for r in attention["no_data"]],
        },
    }


class DashRateSerializer(serializers.Serializer):
    expected = serializers.IntegerField(help_text=gettext_lazy("Số báo cáo phải nộp."))
    submitted = serializers.IntegerField(help_text=gettext_lazy("Số báo cáo đã nộp."))
    on_time = serializers.IntegerField(help_text=gettext_lazy("Số báo cáo nộp lần đầu trước hạn."))
    rate = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Tỷ lệ nộp, từ 0 đến 1."))
    timely_rate = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("Tỷ lệ đúng hạn, từ 0 đến 1.")
    )


class DashLevelRateSerializer(DashRateSerializer):
    level = serializers.CharField()
    label = serializers.CharField()


class DashUnitReportSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    state = serializers.ChoiceField(choices=list(UnitReport.LABELS.items()))
    state_label = serializers.CharField()
    report_status = serializers.ChoiceField(
        source="status", choices=PeriodReportStatus.choices, allow_blank=True
    )
    first_submitted_at = serializers.DateTimeField(allow_null=True)


class DashPeriodRatesSerializer(serializers.Serializer):
    period = DashPeriodRefSerializer()
    is_past_due = serializers.BooleanField()
    total = DashRateSerializer()
    by_level = DashLevelRateSerializer(many=True)


class DashReportingSerializer(serializers.Serializer):
    plan = PlanRefSerializer()
    level = serializers.CharField()
    periods = DashPeriodRatesSerializer(many=True)
    selected = DashPeriodRatesSerializer(
        allow_null=True, help_text=gettext_lazy("Kỳ được chọn (mặc định: kỳ gần nhất đã đến hạn).")
    )
    units = DashUnitReportSerializer(many=True, help_text=gettext_lazy("Từng đơn vị trong kỳ được chọn."))


def _rate(rate) -> dict:
    return {
        "expected": rate.expected,
        "submitted": rate.submitted,
        "on_time": rate.on_time,
        "rate": rate.rate,
        "timely_rate": rate.timely_rate,
    }


def _period_rates(rates) -> dict:
    return {
        "period": rates.period,
        "is_past_due": rates.is_past_due,
        "total": _rate(rates.total),
        "by_level": [{"level": lv, "label": label, **_rate(r)} for lv, label, r in rates.by_level],
    }


class DashStandingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="row.indicator.pk")
    code = serializers.CharField(source="row.indicator.code")
    name = serializers.CharField(source="row.indicator.name")
    unit_of_measure = serializers.CharField(source="row.indicator.unit_of_measure")
    measure = serializers.ChoiceField(source="row.measure", choices=Measure.choices)
    applies = serializers.BooleanField(help_text=gettext_lazy("Chỉ tiêu có áp dụng cho trường không."))
    value = _decimal(allow_null=True, help_text=gettext_lazy("Của trường (tỷ lệ: 1 = đạt)."))
    level_value = _decimal(
        allow_null=True,
        help_text=gettext_lazy("Của cấp học: % trường đạt (tỷ lệ) hoặc bình quân một trường (số lượng)."),
    )
    met = serializers.BooleanField(allow_null=True)
    rank = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Thứ hạng trong cấp học (số lượng).")
    )
    ranked = serializers.IntegerField()


class DashPeriodToReportSerializer(serializers.Serializer):
    period = DashPeriodRefSerializer()
    overdue = serializers.BooleanField()
    report_status = serializers.CharField(allow_blank=True)


class DashAcknowledgementDueSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    document = serializers.CharField(source="distribution.document.summary")
    number = serializers.CharField(source="distribution.document.number")
    due_on = serializers.DateField(source="distribution.due_on")


class DashSchoolTodoSerializer(serializers.Serializer):
    returned = AssignmentSerializer(many=True)
    overdue = AssignmentSerializer(many=True)
    due_soon = AssignmentSerializer(many=True)
    periods_to_report = DashPeriodToReportSerializer(many=True)
    acknowledgements = DashAcknowledgementDueSerializer(many=True)
    indicators_to_enter = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Mã các chỉ tiêu nhập tay mà trường chưa nhập.")
    )


class SchoolDashboardSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    plan = PlanRefSerializer(allow_null=True)
    as_of = serializers.DateField()
    period = DashPeriodRefSerializer(allow_null=True)
    implements = serializers.BooleanField(help_text=gettext_lazy("Trường có thực hiện kế hoạch này không."))
    standings = DashStandingSerializer(many=True)
    todo = DashSchoolTodoSerializer()


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class OfficeDashboardViewSet(viewsets.GenericViewSet):
    """A plan's dashboard for the office and the observers: `{id}` is the plan's."""

    serializer_class = DashSummarySerializer
    filter_backends = []
    pagination_class = None
    lookup_value_converter = "int"

    def get_queryset(self):
        return Plan.objects.none()  # plans are read one at a time through the selectors

    def _plan(self, pk) -> Plan:
        plan = plan_selectors.get_plan_for_user(self.request.user, pk)
        if not selectors.can_see_office_dashboard(self.request.user, plan):
            raise PermissionDenied
        return plan

    @extend_schema(
        summary=gettext_lazy("Tổng quan thực hiện kế hoạch (như trang bảng điều hành)"),
        parameters=[DashFilterSerializer],
        responses=DashSummarySerializer,
    )
    def retrieve(self, request, pk=None):
        plan = self._plan(pk)
        filters = _filters(plan, _validated(DashFilterSerializer, request.query_params))
        dash = selectors.office_dashboard(request.user, plan, filters)
        return Response(DashSummarySerializer(summary_payload(dash)).data)

    @extend_schema(
        summary=gettext_lazy("Giá trị chỉ tiêu theo kỳ, cấp học, đơn vị: từng đơn vị và tổng hợp"),
        parameters=[DashIndicatorFilterSerializer],
        responses=DashFiguresSerializer,
    )
    @action(detail=True, methods=["get"])
    def indicators(self, request, pk=None):
        plan = self._plan(pk)
        data = _validated(DashIndicatorFilterSerializer, request.query_params)
        filters = _filters(plan, data)
        unit = get_unit_for_user(request.user, data["unit"]) if data.get("unit") else None
        rows, units = selectors.indicator_values(
            request.user, plan, filters, Scope(level=filters.level, unit=unit)
        )
        payload = {
            "plan": plan,
            "as_of": filters.as_of,
            "period": filters.period,
            "level": filters.level,
            "unit": unit,
            "indicators": [indicator_payload(r, units=units) for r in rows],
        }
        return Response(DashFiguresSerializer(payload).data)

    @extend_schema(
        summary=gettext_lazy("Tỷ lệ nộp báo cáo kỳ: đã nộp, đúng hạn, theo cấp học và đơn vị"),
        parameters=[DashFilterSerializer],
        responses=DashReportingSerializer,
    )
    @action(detail=True, methods=["get"])
    def reporting(self, request, pk=None):
        plan = self._plan(pk)
        filters = _filters(plan, _validated(DashFilterSerializer, request.query_params))
        page = selectors.reporting_page(request.user, plan, filters)
        selected = page["selected"]
        payload = {
            "plan": plan,
            "level": filters.level,
            "periods": [_period_rates(r) for r in page["rates"]],
            "selected": _period_rates(selected) if selected else None,
            "units": selected.units if selected else [],
        }
        return Response(DashReportingSerializer(payload).data)


class SchoolDashboardViewSet(viewsets.GenericViewSet):
    """A school's dashboard: `{id}` is the school's; for whoever may read that school."""

    serializer_class = SchoolDashboardSerializer
    filter_backends = []
    pagination_class = None
    lookup_value_converter = "int"

    def get_queryset(self):
        return OrgUnit.objects.none()  # units are read one at a time through get_unit_for_user

    @extend_schema(
        summary=gettext_lazy("Bảng điều hành của trường: chỉ tiêu so với cấp học, việc còn phải làm"),
        parameters=[DashSchoolFilterSerializer],
        responses=SchoolDashboardSerializer,
    )
    def retrieve(self, request, pk=None):
        unit = get_unit_for_user(request.user, pk)
        data = _validated(DashSchoolFilterSerializer, request.query_params)
        plan = selectors.school_plan(request.user, data.get("plan"))
        filters = _filters(plan, {"period": data.get("period")}) if plan is not None else Filters()
        dash = selectors.school_dashboard(request.user, unit, plan, filters)
        payload = {
            "unit": unit,
            "plan": plan,
            "as_of": dash["as_of"],
            "period": filters.period,
            "implements": dash["implements"],
            "standings": dash["standings"],
            "todo": {
                "returned": dash["returned"],
                "overdue": dash["overdue"],
                "due_soon": dash["due_soon"],
                "periods_to_report": [
                    {
                        "period": p["period"],
                        "overdue": p["overdue"],
                        "report_status": p["report"].status if p["report"] else "",
                    }
                    for p in dash["periods_to_report"]
                ],
                "acknowledgements": dash["acknowledgements"],
                "indicators_to_enter": [s.row.indicator.code for s in dash["manual_missing"]],
            },
        }
        return Response(SchoolDashboardSerializer(payload).data)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("dashboards/office", OfficeDashboardViewSet, "dashboard-office"),
    ("dashboards/school", SchoolDashboardViewSet, "dashboard-school"),
]
