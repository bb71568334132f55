"""Serializers of the plans API: what each answer holds, and the shaping of selector results into it.

Output serializers have explicit fields and are read-only; input serializers carry Vietnamese messages.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sangtao.accounts.models import User
from sangtao.api.exceptions import vi_errors
from sangtao.core.models import StatusEvent
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import SchoolLevel
from sangtao.plans.models import (
    Assignment,
    AssignmentStatus,
    Evidence,
    EvidenceKind,
    Indicator,
    PeriodKind,
    Plan,
    PlanBasis,
    PlanRecipient,
    PlanStatus,
    SchoolActivity,
    Task,
    TaskKind,
)

# ── Output serializers ─────────────────────────────────────────────────────────────────────────────


def _decimal(**kwargs):
    """A number in JSON (not a string); no rounding, the selectors have already rounded."""
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, coerce_to_string=False, read_only=True, **kwargs
    )


class UserRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


class PlanRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "number", "title", "year", "status"]
        read_only_fields = fields


class TaskRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "kind", "number", "title"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    issuing_unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "number",
            "title",
            "year",
            "status",
            "status_label",
            "issued_on",
            "place",
            "issuing_unit",
            "updated_at",
        ]
        read_only_fields = fields


class PlanBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanBasis
        fields = ["id", "order", "text"]
        read_only_fields = fields


class PlanRecipientSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)

    class Meta:
        model = PlanRecipient
        fields = ["id", "order", "unit", "label", "purpose", "purpose_label"]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    bases = PlanBasisSerializer(many=True, read_only=True)
    recipients = PlanRecipientSerializer(many=True, read_only=True)
    has_document = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [
            *PlanSerializer.Meta.fields,
            "preamble",
            "closing",
            "signer_name",
            "signer_title",
            "cloned_from",
            "bases",
            "recipients",
            "has_document",
        ]
        read_only_fields = fields

    def get_has_document(self, plan) -> bool:
        return bool(plan.document)


class AssignmentCountsSerializer(serializers.Serializer):
    # Assignments under a task (its subtasks included) by status, within what the user may see.

    not_started = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    submitted = serializers.IntegerField()
    returned = serializers.IntegerField()
    approved = serializers.IntegerField()
    total = serializers.IntegerField()


class TaskNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="task.pk")
    parent = serializers.IntegerField(source="task.parent_id", allow_null=True)
    depth = serializers.IntegerField(help_text=gettext_lazy("0 cho mục gốc."))
    kind = serializers.ChoiceField(source="task.kind", choices=TaskKind.choices)
    number = serializers.CharField(source="task.number")
    title = serializers.CharField(source="task.title")
    description = serializers.CharField(source="task.description")
    lead_unit = UnitRefSerializer(source="task.lead_unit", allow_null=True)
    partner_units = UnitRefSerializer(source="task.partner_units.all", many=True)
    implementing_rule = serializers.DictField(source="task.implementing_rule")
    rule_label = serializers.CharField(source="task.rule_label")
    start = serializers.DateField(source="task.start", allow_null=True)
    end = serializers.DateField(source="task.end", allow_null=True)
    expected_output = serializers.CharField(source="task.expected_output")
    assignments = AssignmentCountsSerializer(source="counts")


# A node lists its children in the tree layout (empty in the flat layout).
TaskNodeSerializer._declared_fields["children"] = TaskNodeSerializer(many=True, read_only=True)


class TaskAssignmentSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    evidence_count = serializers.IntegerField(source="n_evidence", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "unit",
            "status",
            "status_label",
            "progress",
            "due",
            "is_overdue",
            "submitted_at",
            "reviewed_at",
            "evidence_count",
        ]
        read_only_fields = fields


class TaskDetailSerializer(serializers.ModelSerializer):
    plan = PlanRefSerializer(read_only=True)
    parent = TaskRefSerializer(read_only=True, allow_null=True)
    lead_unit = UnitRefSerializer(read_only=True, allow_null=True)
    partner_units = UnitRefSerializer(many=True, read_only=True)
    implementing_rule = serializers.DictField(read_only=True)
    rule_label = serializers.CharField(read_only=True)
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "parent",
            "kind",
            "number",
            "title",
            "description",
            "lead_unit",
            "partner_units",
            "implementing_rule",
            "rule_label",
            "start",
            "end",
            "expected_output",
            "assignments",
        ]
        read_only_fields = fields

    @extend_schema_field(TaskAssignmentSerializer(many=True))
    def get_assignments(self, task):
        return TaskAssignmentSerializer(self.context["assignments"], many=True).data


class AssignmentSerializer(serializers.ModelSerializer):
    plan = PlanRefSerializer(source="task.plan", read_only=True)
    task = TaskRefSerializer(read_only=True)
    section = TaskRefSerializer(source="task.parent", read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "plan",
            "section",
            "task",
            "unit",
            "status",
            "status_label",
            "progress",
            "due",
            "is_overdue",
            "submitted_at",
            "reviewed_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


def evidence_download_url(evidence: Evidence, request=None) -> str | None:
    """The permission-checked page download of a file; None for links, or while the page is not wired."""
    if evidence.kind != EvidenceKind.FILE or not evidence.file:
        return None
    try:
        path = reverse("plans:evidence_download", args=[evidence.pk])
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(path) if request is not None else path


class EvidenceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    added_by = UserRefSerializer(read_only=True, allow_null=True)
    file_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField(
        help_text=gettext_lazy("Tải tệp qua trang có kiểm tra quyền (đăng nhập hoặc gửi token).")
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "url",
            "file_name",
            "download_url",
            "record_ref",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_file_name(self, evidence) -> str | None:
        return evidence.file.name.rsplit("/", 1)[-1] if evidence.file else None

    def get_download_url(self, evidence) -> str | None:
        return evidence_download_url(evidence, self.context.get("request"))


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = SchoolActivity
        fields = ["id", "title", "planned_on", "done_on", "person_in_charge", "note"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = StatusEvent
        fields = ["id", "action", "from_status", "to_status", "reason", "actor", "at"]
        read_only_fields = fields


class AbilitiesSerializer(serializers.Serializer):
    # What the user may do with the assignment now (the same answers the page gives).

    can_edit = serializers.BooleanField()
    can_submit = serializers.BooleanField()
    can_review = serializers.BooleanField()
    can_reopen = serializers.BooleanField()


class AssignmentDetailSerializer(AssignmentSerializer):
    # `context` carries what `selectors.assignment_detail` and `assignment_abilities` gave.

    reviewed_by = UserRefSerializer(read_only=True, allow_null=True)
    evidence = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField(
        help_text=gettext_lazy("Dòng thời gian: ai, lúc nào, từ, sang, lý do.")
    )
    abilities = serializers.SerializerMethodField()

    class Meta(AssignmentSerializer.Meta):
        fields = [
            *AssignmentSerializer.Meta.fields,
            "report_text",
            "return_reason",
            "reviewed_by",
            "evidence",
            "activities",
            "events",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, assignment):
        return EvidenceSerializer(self.context["detail"]["evidence"], many=True, context=self.context).data

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, assignment):
        return ActivitySerializer(self.context["detail"]["activities"], many=True).data

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, assignment):
        return EventSerializer(self.context["detail"]["events"], many=True).data

    @extend_schema_field(AbilitiesSerializer)
    def get_abilities(self, assignment):
        return AbilitiesSerializer(self.context["abilities"]).data


class IndicatorSerializer(serializers.ModelSerializer):
    baseline = _decimal(allow_null=True)
    target = _decimal(allow_null=True)
    levels = serializers.ListField(child=serializers.ChoiceField(choices=SchoolLevel.choices), read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit_of_measure",
            "measure",
            "baseline",
            "target",
            "direction",
            "source",
            "source_key",
            "task",
            "levels",
        ]
        read_only_fields = fields


class AggregateSerializer(serializers.Serializer):
    actual = _decimal(
        allow_null=True, help_text=gettext_lazy("% đơn vị đạt (chỉ tiêu tỷ lệ) hoặc tổng cộng.")
    )
    met = serializers.IntegerField(
        help_text=gettext_lazy("Số đơn vị đạt (tỷ lệ) hoặc có số liệu (số lượng).")
    )
    reported = serializers.IntegerField()
    expected = serializers.IntegerField()
    has_data = serializers.BooleanField()


class LevelAggregateSerializer(AggregateSerializer):
    level = serializers.ChoiceField(choices=SchoolLevel.choices)
    level_label = serializers.CharField()


class UnitValueSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    value = _decimal(allow_null=True)


class IndicatorResultSerializer(AggregateSerializer):
    id = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure")
    measure = serializers.CharField(source="indicator.measure")
    baseline = _decimal(source="indicator.baseline", allow_null=True)
    target = _decimal(source="indicator.target", allow_null=True)
    direction = serializers.CharField(source="indicator.direction")
    source = serializers.CharField(source="indicator.source")
    task = serializers.IntegerField(source="indicator.task_id", allow_null=True)
    percent_of_target = _decimal(allow_null=True, help_text=gettext_lazy("Thực hiện so với chỉ tiêu (%)."))
    on_track = serializers.BooleanField(allow_null=True)
    no_data_reason = serializers.CharField()
    by_level = LevelAggregateSerializer(many=True)
    by_unit = UnitValueSerializer(many=True)


def _aggregate(agg) -> dict:
    return {
        "actual": agg.actual,
        "met": agg.met,
        "reported": agg.reported,
        "expected": agg.expected,
        "has_data": agg.has_data,
    }


def indicator_rows(results, units) -> list[dict]:
    by_id = {u.pk: u for u in units}
    return [
        {
            "indicator": r.indicator,
            **_aggregate(r.overall),
            "percent_of_target": r.percent_of_target,
            "on_track": r.on_track,
            "no_data_reason": r.no_data_reason,
            "by_level": [
                {"level": level, "level_label": SchoolLevel(level).label, **_aggregate(agg)}
                for level, agg in r.by_level.items()
            ],
            "by_unit": [{"unit": by_id[unit_id], "value": value} for unit_id, value in r.by_unit.items()],
        }
        for r in results
    ]


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AssignmentStatus.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class SectionProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    total = serializers.IntegerField()
    approved = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Tỷ lệ đã duyệt, từ 0 đến 1."))


class PeriodCompletenessSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    due = serializers.DateField()
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    timely_rate = serializers.FloatField(allow_null=True)
    is_past_due = serializers.BooleanField()
    late_units = UnitRefSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    plan = PlanRefSerializer()
    unit_count = serializers.IntegerField()
    total_assignments = serializers.IntegerField()
    status_counts = StatusCountSerializer(many=True)
    sections = SectionProgressSerializer(many=True)
    overdue_count = serializers.IntegerField()
    overdue = AssignmentSerializer(many=True, help_text=gettext_lazy("20 phân công quá hạn đầu tiên."))
    waiting = AssignmentSerializer(many=True, help_text=gettext_lazy("20 phân công chờ duyệt lâu nhất."))
    periods = PeriodCompletenessSerializer(many=True)
    indicators = IndicatorResultSerializer(many=True)


def dashboard_payload(dash: dict) -> dict:
    return {
        "plan": dash["plan"],
        "unit_count": dash["unit_count"],
        "total_assignments": dash["total_assignments"],
        "status_counts": [
            {"status": s.value, "label": s.label, "count": n} for s, n in dash["status_counts"]
        ],
        "sections": [
            {
                "id": row["node"].task.pk,
                "number": row["node"].task.number,
                "title": row["node"].task.title,
                "total": row["total"],
                "approved": row["approved"],
                "share": row["share"],
            }
            for row in dash["sections"]
        ],
        "overdue_count": dash["overdue_count"],
        "overdue": dash["overdue"],
        "waiting": dash["waiting"],
        "periods": [
            {
                "id": row["period"].pk,
                "name": row["period"].name,
                "kind": row["period"].kind,
                "due": row["period"].due,
                **{
                    k: row[k]
                    for k in (
                        "expected",
                        "submitted",
                        "on_time",
                        "rate",
                        "timely_rate",
                        "is_past_due",
                        "late_units",
                    )
                },
            }
            for row in dash["periods"]
        ],
        "indicators": dash["indicator_rows"],
    }


class IndicatorValueRowSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    value = _decimal(allow_null=True, help_text=gettext_lazy("Chỉ tiêu tỷ lệ: 1 = đạt, 0 = chưa đạt."))
    note = serializers.CharField()
    entered_by = UserRefSerializer(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    can_edit = serializers.BooleanField()


class IndicatorValuesSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    editable = serializers.BooleanField(help_text=gettext_lazy("Sai khi chỉ tiêu được tính tự động."))
    values = IndicatorValueRowSerializer(many=True)


# ── Input serializers ──────────────────────────────────────────────────────────────────────────────


class PlanFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Tìm theo số hoặc trích yếu; gõ không dấu cũng được."),
    )
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False, error_messages=vi_errors())
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, error_messages=vi_errors()
    )


class TaskLayoutSerializer(serializers.Serializer):
    layout = serializers.ChoiceField(
        choices=[("flat", gettext_lazy("Danh sách phẳng")), ("tree", gettext_lazy("Cây mục và nhiệm vụ"))],
        required=False,
        default="flat",
        error_messages=vi_errors(),
        help_text=gettext_lazy(
            "flat: mỗi dòng có id mục cha và độ sâu; tree: các mục gốc, con nằm trong children."
        ),
    )


class AssignmentFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=AssignmentStatus.choices, required=False, error_messages=vi_errors()
    )
    plan = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())
    unit = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())
    overdue = serializers.BooleanField(
        required=False,
        default=False,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Chỉ những phân công quá hạn chưa được duyệt."),
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Tìm theo tên nhiệm vụ hoặc tên đơn vị."),
    )


class AssignmentUpdateSerializer(serializers.Serializer):
    progress = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        error_messages=vi_errors(invalid=gettext_lazy("Tiến độ phải là số nguyên.")),
    )
    report_text = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, trim_whitespace=False, error_messages=vi_errors()
    )
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        error_messages=vi_errors(),
        help_text=gettext_lazy(
            "Phiên bản đã đọc (trường version của bản ghi). Nếu bản ghi đã được người khác sửa sau đó, "
            "máy chủ trả 409 và không lưu gì; bỏ trống thì không kiểm tra."
        ),
    )


class EvidenceLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=EvidenceKind.choices,
        required=False,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Bỏ trống: “file” khi có tệp, “link” khi không."),
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=255, error_messages=vi_errors()
    )
    url = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=500,
        error_messages=vi_errors(invalid=gettext_lazy("Đường dẫn không hợp lệ.")),
    )
    record_ref = serializers.CharField(
        required=False, allow_blank=True, max_length=120, error_messages=vi_errors()
    )


class EvidenceCreateSerializer(EvidenceLinkSerializer):
    file = serializers.FileField(
        required=False,
        error_messages=vi_errors(
            invalid=gettext_lazy("Dữ liệu gửi lên không phải là tệp."), empty=gettext_lazy("Tệp rỗng.")
        ),
    )


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, error_messages=vi_errors()
    )


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True,
        max_length=2000,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Lý do trả lại (bắt buộc), để đơn vị biết cần sửa gì."),
    )


class IndicatorValueInputSerializer(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, error_messages=vi_errors())
    value = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        coerce_to_string=False,
        error_messages=vi_errors(invalid=gettext_lazy("Giá trị phải là số.")),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500, error_messages=vi_errors()
    )


class IndicatorValuesInputSerializer(serializers.Serializer):
    values = IndicatorValueInputSerializer(many=True, allow_empty=False)


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _counts(counter) -> dict:
    return {**{s.value: counter.get(s.value, 0) for s in AssignmentStatus}, "total": sum(counter.values())}


def task_rows(nodes, *, tree: bool, depth: int = 0) -> list[dict]:
    rows = []
    for node in nodes:
        children = task_rows(node.children, tree=tree, depth=depth + 1)
        rows.append(
            {
                "task": node.task,
                "depth": depth,
                "counts": _counts(node.counts),
                "children": children if tree else [],
            }
        )
        if not tree:
            rows.extend(children)
    return rows
