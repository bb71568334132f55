"""What the emulation app contributes to the REST API: schemes with their criteria, the score table, a
school's breakdown, and the office's recompute, finalise and unlock.

Reads go through `emulation.selectors` (a scheme or a row outside what the user may see is a 404), writes
through `emulation.services` (which check permission, refuse changes to a finalised scheme and record an
event for every step).
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors
from sangtao.orgs.api import UnitRefSerializer
from sangtao.plans.api.serializers import PlanRefSerializer

from . import permissions as rules
from . import selectors, services
from .models import CriterionKind, ItemState, RuleKind, Scheme, SchemeStatus, SchoolScore
from .scoring import scheme_units

# ── Serializers ────────────────────────────────────────────────────────────────────────────────────


class EmulationCriterionSerializer(serializers.Serializer):
    """A criterion (`source` is a selectors.CriterionView)."""

    id = serializers.IntegerField(source="criterion.pk")
    code = serializers.CharField(source="criterion.code")
    group = serializers.CharField(source="criterion.group")
    name = serializers.CharField(source="criterion.name")
    kind = serializers.ChoiceField(source="criterion.kind", choices=CriterionKind.choices)
    source_key = serializers.CharField(source="criterion.source_key")
    source_name = serializers.CharField()
    source_missing = serializers.BooleanField(
        help_text=gettext_lazy("Nguồn dữ liệu không còn được khai báo: tiêu chí không được điểm.")
    )
    rule = serializers.ChoiceField(source="criterion.rule", choices=RuleKind.choices, allow_blank=True)
    rule_text = serializers.CharField(source="criterion.rule_text")
    max_points = serializers.DecimalField(source="criterion.max_points", max_digits=6, decimal_places=2)
    weight = serializers.DecimalField(source="criterion.weight", max_digits=4, decimal_places=2)
    weighted_max = serializers.DecimalField(
        source="criterion.weighted_max",
        max_digits=8,
        decimal_places=2,
        help_text=gettext_lazy("Điểm tối đa nhân hệ số: cột của tiêu chí trong bảng điểm."),
    )


class EmulationSchemeSerializer(serializers.ModelSerializer):
    plan = PlanRefSerializer(read_only=True)
    school_year = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=SchemeStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)
    stale = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("Tiêu chí đã thay đổi sau lần tính gần nhất.")
    )

    class Meta:
        model = Scheme
        fields = [
            "id",
            "plan",
            "school_year",
            "group_name",
            "levels",
            "status",
            "status_label",
            "published",
            "stale",
            "computed_at",
            "finalised_at",
        ]
        read_only_fields = fields


class EmulationSchemeDetailSerializer(EmulationSchemeSerializer):
    criteria = serializers.SerializerMethodField()

    class Meta(EmulationSchemeSerializer.Meta):
        fields = [*EmulationSchemeSerializer.Meta.fields, "description", "criteria"]
        read_only_fields = fields

    @extend_schema(responses=EmulationCriterionSerializer(many=True))
    def get_criteria(self, obj) -> list:
        return EmulationCriterionSerializer(selectors.criteria_of(obj), many=True).data


class EmulationCellSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    state = serializers.ChoiceField(choices=ItemState.choices)
    points = serializers.DecimalField(
        source="weighted", max_digits=8, decimal_places=2, help_text=gettext_lazy("Điểm sau hệ số.")
    )


class EmulationTableRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="score.pk")
    unit = UnitRefSerializer(source="score.unit")
    total = serializers.DecimalField(source="score.total", max_digits=8, decimal_places=2)
    rank = serializers.IntegerField(source="score.rank", allow_null=True)
    tied = serializers.BooleanField()
    cells = serializers.SerializerMethodField()

    @extend_schema(responses=EmulationCellSerializer(many=True))
    def get_cells(self, row) -> list:
        return EmulationCellSerializer(
            [item for _view, item in row.cells if item is not None], many=True
        ).data


class EmulationScoreTableSerializer(serializers.Serializer):
    scheme = EmulationSchemeSerializer()
    criteria = EmulationCriterionSerializer(many=True)
    rows = EmulationTableRowSerializer(many=True)
    reads_all = serializers.BooleanField(
        help_text=gettext_lazy("Sai khi người dùng chỉ được xem dòng của trường mình (bảng chưa công bố).")
    )
    max_total = serializers.DecimalField(max_digits=8, decimal_places=2)
    ranked = serializers.IntegerField(help_text=gettext_lazy("Số đơn vị được xếp hạng trong khối."))


class EmulationLinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class EmulationRecordSerializer(serializers.Serializer):
    group = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    status = serializers.CharField()


class EmulationBreakdownLineSerializer(serializers.Serializer):
    criterion = EmulationCriterionSerializer(source="view")
    state = serializers.ChoiceField(
        source="item.state", choices=ItemState.choices, allow_null=True, default=None
    )
    value = serializers.DecimalField(
        source="item.value",
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Giá trị của đơn vị theo nguồn dữ liệu (trống: chưa có số liệu)."),
    )
    rule_text = serializers.CharField(source="item.rule_text", allow_null=True, default=None)
    points = serializers.DecimalField(
        source="item.points", max_digits=8, decimal_places=2, allow_null=True, default=None
    )
    weighted = serializers.DecimalField(
        source="item.weighted", max_digits=8, decimal_places=2, allow_null=True, default=None
    )
    comment = serializers.CharField(source="item.comment", allow_null=True, default=None)
    scored_by = serializers.CharField(source="item.scored_by", allow_null=True, default=None)
    scored_at = serializers.DateTimeField(source="item.scored_at", allow_null=True, default=None)
    links = EmulationLinkSerializer(many=True)
    records = EmulationRecordSerializer(many=True)


class EmulationBreakdownSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="score.pk")
    scheme = EmulationSchemeSerializer(source="score.scheme")
    unit = UnitRefSerializer(source="score.unit")
    total = serializers.DecimalField(source="score.total", max_digits=8, decimal_places=2)
    rank = serializers.IntegerField(source="score.rank", allow_null=True)
    ranked = serializers.IntegerField()
    lines = EmulationBreakdownLineSerializer(many=True)


class EmulationUnlockSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, error_messages=vi_errors())


class EmulationManualScoreSerializer(serializers.Serializer):
    """One school's hand score of a hand-scored criterion; `points` empty or null clears it."""

    criterion = serializers.IntegerField(error_messages=vi_errors())
    unit = serializers.IntegerField(error_messages=vi_errors())
    points = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, error_messages=vi_errors()
    )
    comment = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", error_messages=vi_errors()
    )


class EmulationSchemeFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, error_messages=vi_errors()
    )


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class SchemeViewSet(viewsets.GenericViewSet):
    """Emulation schemes (bảng điểm thi đua) per khối and year."""

    serializer_class = EmulationSchemeSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Scheme.objects.none()
        return selectors.schemes_for_user(self.request.user)

    @extend_schema(
        summary=gettext_lazy("Các bảng điểm thi đua"), parameters=[EmulationSchemeFilterSerializer]
    )
    def list(self, request):
        filters = _validated(EmulationSchemeFilterSerializer, request.query_params)
        page = self.paginate_queryset(selectors.schemes_for_user(request.user, **filters))
        return self.get_paginated_response(EmulationSchemeSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Bảng điểm và các tiêu chí"), responses=EmulationSchemeDetailSerializer
    )
    def retrieve(self, request, pk=None):
        return Response(EmulationSchemeDetailSerializer(selectors.get_scheme_for_user(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Bảng điểm của các đơn vị (xếp hạng trong khối)"),
        responses=EmulationScoreTableSerializer,
    )
    @action(detail=True, methods=["get"])
    def table(self, request, pk=None):
        scheme = selectors.get_scheme_for_user(request.user, pk)
        return Response(EmulationScoreTableSerializer(selectors.score_table(request.user, scheme)).data)

    @extend_schema(
        summary=gettext_lazy("Tính lại bảng điểm"), request=None, responses=EmulationSchemeSerializer
    )
    @action(detail=True, methods=["post"])
    def recompute(self, request, pk=None):
        scheme = services.scheme_recompute(
            actor=request.user, scheme=selectors.get_scheme_for_user(request.user, pk)
        )
        return Response(
            EmulationSchemeSerializer(selectors.get_scheme_for_user(request.user, scheme.pk)).data
        )

    @extend_schema(
        summary=gettext_lazy("Lãnh đạo Phòng chốt bảng điểm"),
        request=None,
        responses=EmulationSchemeSerializer,
    )
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        scheme = services.scheme_finalise(
            actor=request.user, scheme=selectors.get_scheme_for_user(request.user, pk)
        )
        return Response(
            EmulationSchemeSerializer(selectors.get_scheme_for_user(request.user, scheme.pk)).data
        )

    @extend_schema(
        summary=gettext_lazy("Lãnh đạo Phòng mở khóa bảng điểm (ghi lý do)"),
        request=EmulationUnlockSerializer,
        responses=EmulationSchemeSerializer,
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        scheme = selectors.get_scheme_for_user(request.user, pk)
        data = _validated(EmulationUnlockSerializer, request.data)
        scheme = services.scheme_unlock(actor=request.user, scheme=scheme, reason=data["reason"])
        return Response(
            EmulationSchemeSerializer(selectors.get_scheme_for_user(request.user, scheme.pk)).data
        )

    @extend_schema(
        summary=gettext_lazy("Cán bộ Phòng chấm tay một tiêu chí cho một đơn vị (kèm nhận xét)"),
        request=EmulationManualScoreSerializer,
        responses=EmulationBreakdownSerializer,
    )
    @action(detail=True, methods=["post"], url_path="manual-score")
    def manual_score(self, request, pk=None):
        scheme = selectors.get_scheme_for_user(request.user, pk)
        if not rules.can_manage(request.user, scheme):
            raise PermissionDenied
        data = _validated(EmulationManualScoreSerializer, request.data)
        criterion = scheme.criteria.filter(pk=data["criterion"]).first()
        if criterion is None:
            raise ValidationError({"criterion": [gettext_lazy("Tiêu chí không thuộc bảng điểm này.")]})
        unit = next((u for u in scheme_units(scheme) if u.pk == data["unit"]), None)
        if unit is None:
            raise ValidationError({"unit": [gettext_lazy("Đơn vị không thuộc khối thi đua này.")]})
        services.manual_scores_set(
            actor=request.user,
            criterion=criterion,
            entries=[(unit, data.get("points"), data["comment"])],
        )
        score = selectors.get_score_for_user(request.user, scheme.scores.get(unit=unit).pk)
        lines = selectors.breakdown(request.user, score)
        return Response(
            EmulationBreakdownSerializer(
                {"score": score, "ranked": scheme.scores.count(), "lines": lines}
            ).data
        )


class ScoreViewSet(viewsets.GenericViewSet):
    """A school's line of a score table, criterion by criterion, with the way back to its source records."""

    serializer_class = EmulationBreakdownSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        return SchoolScore.objects.none()

    @extend_schema(summary=gettext_lazy("Điểm thi đua của một đơn vị theo từng tiêu chí"))
    def retrieve(self, request, pk=None):
        score = selectors.get_score_for_user(request.user, pk)
        data = {
            "score": score,
            "ranked": score.scheme.scores.count(),
            "lines": selectors.breakdown(request.user, score),
        }
        return Response(EmulationBreakdownSerializer(data).data)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("emulation-schemes", SchemeViewSet, "emulation-scheme"),
    ("emulation-scores", ScoreViewSet, "emulation-score"),
]
