"""The programmes app's part of the REST API (assembled in sangtao/api/urls.py): programmes, enrolments,
assessments with their submit / review / return / decide actions, and meter readings.

Reads go through `programmes.selectors` (an object outside the user's scope is a 404), writes through
`programmes.services` (which check permission and record an event for every status change).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit

from . import selectors, services
from .models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Enrolment,
    EnrolmentStatus,
    MeterReading,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
    ReadingSource,
)


class ProgrammeSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=ProgrammeStatus.choices, read_only=True)
    owner_unit = UnitRefSerializer(read_only=True)
    partner_unit = UnitRefSerializer(read_only=True, allow_null=True)
    criteria_set = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "kind",
            "year",
            "status",
            "owner_unit",
            "partner_unit",
            "criteria_set",
            "levels",
            "self_assessment_due",
            "description",
        ]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices, read_only=True)
    stage = serializers.CharField(read_only=True)
    latest_assessment = serializers.IntegerField(source="latest_id", read_only=True, allow_null=True)
    final_score = serializers.DecimalField(
        source="latest_final", max_digits=7, decimal_places=2, read_only=True, allow_null=True
    )
    max_score = serializers.DecimalField(
        source="latest_max", max_digits=7, decimal_places=2, read_only=True, allow_null=True
    )
    level = serializers.CharField(source="latest_level", read_only=True, allow_null=True)
    valid_until = serializers.DateField(source="latest_valid_until", read_only=True, allow_null=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "unit",
            "status",
            "enrolled_on",
            "stage",
            "latest_assessment",
            "final_score",
            "max_score",
            "level",
            "valid_until",
        ]
        read_only_fields = fields


class AnswerSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code", read_only=True)
    text = serializers.CharField(source="criterion.text", read_only=True)
    max_points = serializers.DecimalField(
        source="criterion.max_points", max_digits=6, decimal_places=2, read_only=True
    )
    evidence_count = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "id",
            "code",
            "text",
            "max_points",
            "met",
            "scale_value",
            "number_value",
            "note",
            "self_points",
            "partner_points",
            "partner_comment",
            "office_points",
            "office_comment",
            "evidence_count",
        ]
        read_only_fields = fields

    def get_evidence_count(self, obj) -> int:
        return len(obj.evidence.all())


class AssessmentSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(source="enrolment.unit", read_only=True)
    programme = serializers.IntegerField(source="enrolment.programme_id", read_only=True)
    status = serializers.ChoiceField(choices=AssessmentStatus.choices, read_only=True)
    level = serializers.CharField(source="level.name", read_only=True, allow_null=True, default=None)
    final_percent = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "programme",
            "unit",
            "round",
            "status",
            "is_renewal",
            "submitted_at",
            "max_score",
            "self_score",
            "final_score",
            "final_percent",
            "level",
            "recognised_on",
            "valid_until",
            "return_reason",
        ]
        read_only_fields = fields


class AssessmentDetailSerializer(AssessmentSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "answers"]
        read_only_fields = fields

    @extend_schema(responses=AnswerSerializer(many=True))
    def get_answers(self, obj) -> list:
        return AnswerSerializer(selectors.answers_of(obj), many=True).data


class ScoreSerializer(serializers.Serializer):
    answer = serializers.IntegerField(error_messages=vi_errors())
    points = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, error_messages=vi_errors()
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, error_messages=vi_errors()
    )


class ReviewSerializer(serializers.Serializer):
    scores = ScoreSerializer(many=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, error_messages=vi_errors())


class DecideSerializer(serializers.Serializer):
    decision_number = serializers.CharField(
        required=False, allow_blank=True, max_length=80, error_messages=vi_errors()
    )


class AssessmentFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=AssessmentStatus.choices, required=False, error_messages=vi_errors()
    )
    programme = serializers.IntegerField(required=False, error_messages=vi_errors())


class MeterReadingSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    source = serializers.ChoiceField(choices=ReadingSource.choices, read_only=True)

    class Meta:
        model = MeterReading
        fields = ["id", "unit", "month", "electricity_kwh", "water_m3", "flagged", "flag_reason", "source"]
        read_only_fields = fields


class MeterReadingCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField(error_messages=vi_errors())
    month = serializers.DateField(
        help_text=gettext_lazy("Ngày bất kỳ trong tháng (lưu là ngày 01)."), error_messages=vi_errors()
    )
    electricity_kwh = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, error_messages=vi_errors()
    )
    water_m3 = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, error_messages=vi_errors()
    )
    confirm = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Xác nhận số liệu bất thường là đúng (khi không xác nhận, số liệu bất thường bị từ chối)."
        ),
    )


class ReadingFilterSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, error_messages=vi_errors())
    flagged = serializers.BooleanField(required=False, allow_null=True, default=None)


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ProgrammeViewSet(viewsets.GenericViewSet):
    serializer_class = ProgrammeSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        return selectors.programmes_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Các mô hình trường học"))
    def list(self, request):
        page = self.paginate_queryset(selectors.programmes_for_user(request.user))
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết mô hình"))
    def retrieve(self, request, pk=None):
        return Response(ProgrammeSerializer(selectors.get_programme_for_user(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Các trường tham gia mô hình, kèm điểm và mức công nhận"),
        responses=EnrolmentSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def enrolments(self, request, pk=None):
        programme = selectors.get_programme_for_user(request.user, pk)
        page = self.paginate_queryset(selectors.enrolments_of(programme, request.user))
        return self.get_paginated_response(EnrolmentSerializer(selectors.decorate(page), many=True).data)


class AssessmentViewSet(viewsets.GenericViewSet):
    serializer_class = AssessmentSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return selectors.assessments_for_user(self.request.user)

    def _get(self, request, pk) -> Assessment:
        return selectors.get_assessment_for_user(request.user, pk)

    def _answer(self, request, pk):
        return Response(AssessmentDetailSerializer(self._get(request, pk)).data)

    @extend_schema(summary=gettext_lazy("Các bản tự đánh giá"), parameters=[AssessmentFilterSerializer])
    def list(self, request):
        filters = _validated(AssessmentFilterSerializer, request.query_params)
        rows = selectors.assessments_for_user(
            request.user, status=filters.get("status", ""), programme_id=filters.get("programme")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AssessmentSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Bản tự đánh giá và kết quả từng tiêu chí"), responses=AssessmentDetailSerializer
    )
    def retrieve(self, request, pk=None):
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Hiệu trưởng nộp bản tự đánh giá"),
        request=None,
        responses=AssessmentDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.assessment_submit(actor=request.user, assessment=self._get(request, pk))
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Thẩm định từng tiêu chí (Phòng hoặc đơn vị phối hợp)"),
        request=ReviewSerializer,
        responses=AssessmentDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        assessment = self._get(request, pk)  # 404 outside the user's scope before the body is even read
        data = _validated(ReviewSerializer, request.data)
        scores = {s["answer"]: (s["points"], s.get("comment", "")) for s in data["scores"]}
        services.review_save(actor=request.user, assessment=assessment, scores=scores)
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Trả lại bản tự đánh giá kèm lý do"),
        request=ReasonSerializer,
        responses=AssessmentDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        assessment = self._get(request, pk)  # 404 outside the user's scope before the body is even read
        data = _validated(ReasonSerializer, request.data)
        services.assessment_return(actor=request.user, assessment=assessment, reason=data["reason"])
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Phòng kết luận điểm và mức công nhận"),
        request=DecideSerializer,
        responses=AssessmentDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        assessment = self._get(request, pk)  # 404 outside the user's scope before the body is even read
        data = _validated(DecideSerializer, request.data)
        services.assessment_decide(
            actor=request.user,
            assessment=assessment,
            decision_number=data.get("decision_number", ""),
        )
        return self._answer(request, pk)


class MeterReadingViewSet(viewsets.GenericViewSet):
    serializer_class = MeterReadingSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MeterReading.objects.none()
        return selectors.readings_for_user(self.request.user)

    @extend_schema(
        summary=gettext_lazy("Chỉ số điện, nước hằng tháng của các trường"),
        parameters=[ReadingFilterSerializer],
    )
    def list(self, request):
        filters = _validated(ReadingFilterSerializer, request.query_params)
        unit = None
        if filters.get("unit"):
            unit = OrgUnit.objects.filter(pk=filters["unit"]).first()
            if unit is None:
                raise Http404
        rows = selectors.readings_for_user(request.user, unit=unit, flagged=filters.get("flagged"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MeterReadingSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Nhập chỉ số điện, nước của một tháng"),
        request=MeterReadingCreateSerializer,
        responses={201: MeterReadingSerializer},
    )
    def create(self, request):
        data = _validated(MeterReadingCreateSerializer, request.data)
        unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
        if unit is None or not selectors.perms.can_read_unit(request.user, unit):
            raise Http404
        reading = services.reading_record(actor=request.user, unit=unit, source=ReadingSource.API, **data)
        return Response(MeterReadingSerializer(reading).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("programmes", ProgrammeViewSet, "programme"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("meter-readings", MeterReadingViewSet, "meter-reading"),
]
