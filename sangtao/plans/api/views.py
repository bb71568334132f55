"""What the plans app contributes to the REST API: plans, tasks, indicators and assignments.

Reads go through `plans.selectors` (scoped to the user: an object outside the scope is a 404) and writes
through `plans.services` (which check permission, lock, and record an event for every status change).
The views here only parse input, call one of them, and shape the answer.
"""

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import User
from sangtao.core.exceptions import ApplicationError
from sangtao.plans import selectors, services
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import (
    Assignment,
    EvidenceKind,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Plan,
    Task,
)

from .serializers import (
    ApproveSerializer,
    AssignmentDetailSerializer,
    AssignmentFilterSerializer,
    AssignmentSerializer,
    AssignmentUpdateSerializer,
    DashboardSerializer,
    EvidenceCreateSerializer,
    EvidenceLinkSerializer,
    EvidenceSerializer,
    IndicatorResultSerializer,
    IndicatorValuesInputSerializer,
    IndicatorValuesSerializer,
    PlanDetailSerializer,
    PlanFilterSerializer,
    PlanSerializer,
    ReturnSerializer,
    TaskDetailSerializer,
    TaskLayoutSerializer,
    TaskNodeSerializer,
    dashboard_payload,
    indicator_rows,
    task_rows,
    validated,
)


# Plans that concern the user: the office sees its drafts too, everyone else the issued plans.
class PlanViewSet(viewsets.GenericViewSet):
    serializer_class = PlanSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        return selectors.plans_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Danh sách kế hoạch"), parameters=[PlanFilterSerializer])
    def list(self, request):
        filters = validated(PlanFilterSerializer, request.query_params)
        plans = selectors.plans_for_user(
            request.user, q=filters.get("q", ""), status=filters.get("status", "")
        )
        if filters.get("year"):
            plans = plans.filter(year=filters["year"])
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(PlanSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chi tiết kế hoạch, căn cứ và nơi nhận"), responses=PlanDetailSerializer
    )
    def retrieve(self, request, pk=None):
        plan = selectors.get_plan_for_user(request.user, pk)
        return Response(PlanDetailSerializer(plan).data)

    @extend_schema(
        summary=gettext_lazy("Mục và nhiệm vụ của kế hoạch"),
        parameters=[TaskLayoutSerializer],
        responses=TaskNodeSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def tasks(self, request, pk=None):
        layout = validated(TaskLayoutSerializer, request.query_params)["layout"]
        plan = selectors.get_plan_for_user(request.user, pk)
        rows = task_rows(selectors.plan_tree(plan, user=request.user), tree=layout == "tree")
        return Response(TaskNodeSerializer(rows, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chỉ tiêu của kế hoạch: thực hiện so với chỉ tiêu"),
        responses=IndicatorResultSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def indicators(self, request, pk=None):
        plan = selectors.get_plan_for_user(request.user, pk)
        units = selectors.implementing_units(plan, request.user)
        results = indicator_results(list(plan.indicators.select_related("task")), units)
        return Response(IndicatorResultSerializer(indicator_rows(results, units), many=True).data)

    @extend_schema(summary=gettext_lazy("Bảng điều hành của kế hoạch"), responses=DashboardSerializer)
    @action(detail=True, methods=["get"])
    def dashboard(self, request, pk=None):
        plan = selectors.get_plan_for_user(request.user, pk)
        dash = selectors.office_dashboard(request.user, plan)
        units = selectors.implementing_units(plan, request.user)
        dash["indicator_rows"] = indicator_rows(dash["indicators"], units)
        return Response(DashboardSerializer(dashboard_payload(dash), context={"request": request}).data)


class TaskViewSet(viewsets.GenericViewSet):
    serializer_class = TaskDetailSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        # Tasks are read one at a time through selectors.get_task_for_user.
        return Task.objects.none()

    @extend_schema(summary=gettext_lazy("Chi tiết nhiệm vụ và phân công của các đơn vị"))
    def retrieve(self, request, pk=None):
        task = selectors.get_task_for_user(request.user, pk)
        assignments = selectors.task_assignments_for_user(request.user, task)
        return Response(TaskDetailSerializer(task, context={"assignments": assignments}).data)


def _assignment_response(request, assignment: Assignment) -> Response:
    context = {
        "request": request,
        "detail": selectors.assignment_detail(assignment),
        "abilities": selectors.assignment_abilities(request.user, assignment),
    }
    return Response(AssignmentDetailSerializer(assignment, context=context).data)


# Each implementing unit's share of a task: progress, evidence, report, and its review.
class AssignmentViewSet(viewsets.GenericViewSet):
    serializer_class = AssignmentSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        return selectors.assignments_for_user(self.request.user)

    def _get(self, pk) -> Assignment:
        return selectors.get_assignment_for_user(self.request.user, pk)

    @extend_schema(summary=gettext_lazy("Danh sách phân công"), parameters=[AssignmentFilterSerializer])
    def list(self, request):
        filters = validated(AssignmentFilterSerializer, request.query_params)
        assignments = selectors.assignments_for_user(
            request.user,
            status=filters.get("status", ""),
            plan_id=filters.get("plan"),
            unit_id=filters.get("unit"),
            overdue=filters["overdue"],
            q=filters.get("q", ""),
        )
        page = self.paginate_queryset(assignments)
        return self.get_paginated_response(AssignmentSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chi tiết phân công: minh chứng, hoạt động, dòng thời gian"),
        responses=AssignmentDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        return _assignment_response(request, self._get(pk))

    @extend_schema(
        summary=gettext_lazy("Cập nhật tiến độ và báo cáo"),
        request=AssignmentUpdateSerializer,
        responses=AssignmentDetailSerializer,
    )
    def partial_update(self, request, pk=None):
        assignment = self._get(pk)
        data = validated(AssignmentUpdateSerializer, request.data)
        services.assignment_update(
            actor=request.user,
            assignment=assignment,
            progress=data.get("progress", assignment.progress),
            report_text=data.get("report_text", assignment.report_text),
            version=data.get("version"),
        )
        return _assignment_response(request, self._get(pk))

    @extend_schema(
        summary=gettext_lazy("Thêm minh chứng (đường dẫn, hoặc tệp gửi dạng multipart)"),
        request={"multipart/form-data": EvidenceCreateSerializer, "application/json": EvidenceLinkSerializer},
        responses={201: EvidenceSerializer},
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        assignment = self._get(pk)
        data = validated(EvidenceCreateSerializer, request.data)
        file = data.get("file")
        evidence = services.evidence_add(
            actor=request.user,
            assignment=assignment,
            kind=data.get("kind") or (EvidenceKind.FILE if file else EvidenceKind.LINK),
            title=data.get("title", ""),
            file=file,
            url=data.get("url", ""),
            record_ref=data.get("record_ref", ""),
        )
        return Response(
            EvidenceSerializer(evidence, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary=gettext_lazy("Thủ trưởng đơn vị nộp báo cáo nhiệm vụ"),
        request=None,
        responses=AssignmentDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.assignment_submit(actor=request.user, assignment=self._get(pk))
        return _assignment_response(request, self._get(pk))

    @extend_schema(
        summary=gettext_lazy("Phòng duyệt (khóa) báo cáo nhiệm vụ"),
        request=ApproveSerializer,
        responses=AssignmentDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        assignment = self._get(pk)
        data = validated(ApproveSerializer, request.data)
        services.assignment_approve(
            actor=request.user, assignment=assignment, comment=data.get("comment", "")
        )
        return _assignment_response(request, self._get(pk))

    @extend_schema(
        summary=gettext_lazy("Phòng trả lại báo cáo nhiệm vụ, kèm lý do"),
        request=ReturnSerializer,
        responses=AssignmentDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        assignment = self._get(pk)
        data = validated(ReturnSerializer, request.data)
        services.assignment_return(actor=request.user, assignment=assignment, reason=data["reason"])
        return _assignment_response(request, self._get(pk))


def get_indicator_for_user(user: User, pk: int) -> Indicator:
    """An indicator of a plan the user may read; 404 otherwise (as selectors.get_task_for_user)."""
    indicator = Indicator.objects.select_related("plan__issuing_unit").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    selectors.get_plan_for_user(user, indicator.plan_id)
    return indicator


def indicator_values_for_user(user: User, indicator: Indicator) -> dict:
    """One row per implementing unit in the user's scope that the indicator applies to."""
    units = [
        u
        for u in selectors.implementing_units(indicator.plan, user)
        if not indicator.levels or u.level in indicator.levels
    ]
    manual = indicator.source == IndicatorSource.MANUAL
    if manual:
        stored = {
            v.unit_id: v
            for v in IndicatorValue.objects.filter(indicator=indicator, unit__in=units).select_related(
                "entered_by"
            )
        }
    else:
        computed = indicator_results([indicator], units)[0].by_unit
        stored = {}
    rows = []
    for unit in units:
        value = stored.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "value": value.value if value else (None if manual else computed.get(unit.pk)),
                "note": value.note if value else "",
                "entered_by": value.entered_by if value else None,
                "updated_at": value.updated_at if value else None,
                "can_edit": manual and (perms.can_edit_for_unit(user, unit) or perms.can_review(user, unit)),
            }
        )
    return {"indicator": indicator, "editable": manual, "values": rows}


@transaction.atomic
def _indicator_values_set(*, actor: User, indicator: Indicator, rows: list[dict]) -> None:
    """Several units' values at once, all or nothing; each through services.indicator_value_set."""
    # Every implementing unit, not only those in scope: for another unit the service answers 403.
    plan_units = {u.pk: u for u in selectors.implementing_units(indicator.plan)}
    for row in rows:
        unit = plan_units.get(row["unit"])
        if unit is None:
            raise ApplicationError(
                _("Đơn vị #%(id)s không thực hiện kế hoạch này.") % {"id": row["unit"]},
                extra={"unit": row["unit"]},
            )
        if indicator.levels and unit.level not in indicator.levels:
            raise ApplicationError(
                _("Chỉ tiêu không áp dụng cho cấp học của %(unit)s.") % {"unit": unit.name},
                extra={"unit": unit.pk},
            )
        services.indicator_value_set(
            actor=actor, indicator=indicator, unit=unit, value=row["value"], note=row["note"]
        )


class IndicatorViewSet(viewsets.GenericViewSet):
    serializer_class = IndicatorValuesSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        # Indicators are read one at a time through get_indicator_for_user.
        return Indicator.objects.none()

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("Số liệu của chỉ tiêu theo từng đơn vị"),
        responses=IndicatorValuesSerializer,
    )
    @extend_schema(
        methods=["PUT"],
        summary=gettext_lazy("Nhập số liệu chỉ tiêu cho một hoặc nhiều đơn vị"),
        request=IndicatorValuesInputSerializer,
        responses=IndicatorValuesSerializer,
    )
    @action(detail=True, methods=["get", "put"])
    def values(self, request, pk=None):
        indicator = get_indicator_for_user(request.user, pk)
        if request.method == "PUT":
            rows = validated(IndicatorValuesInputSerializer, request.data)["values"]
            _indicator_values_set(actor=request.user, indicator=indicator, rows=rows)
        return Response(IndicatorValuesSerializer(indicator_values_for_user(request.user, indicator)).data)
