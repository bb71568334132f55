"""The honours app's part of the REST API: commendations and the schools' proposals with their workflow.

Reads go through `honours.selectors` (scoped: outside the user's units is a 404), writes through
`honours.services` (which check permission and record an event for every status change).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sangtao.accounts.models import Staff, Student
from sangtao.api.exceptions import vi_errors
from sangtao.core import clock
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit

from . import permissions as hperms
from . import selectors, services
from .models import (
    Commendation,
    CommendationStatus,
    HonourLevel,
    HonourTitle,
    ItemOutcome,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RecipientKind,
    school_year_label,
)

# ── Serializers ────────────────────────────────────────────────────────────────────────────────────


class _RecipientOut(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=RecipientKind.choices, read_only=True)
    title = serializers.ChoiceField(choices=HonourTitle.choices, read_only=True)
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    name = serializers.SerializerMethodField()
    staff = serializers.IntegerField(source="staff_id", read_only=True, allow_null=True)

    def get_name(self, obj) -> str:
        return selectors.name_for(self.context["request"].user, obj)


class CommendationSerializer(_RecipientOut):
    level = serializers.ChoiceField(source="level_code", choices=HonourLevel.choices, read_only=True)
    status = serializers.ChoiceField(choices=CommendationStatus.choices, read_only=True)

    class Meta:
        model = Commendation
        fields = [
            "id",
            "year",
            "kind",
            "unit",
            "name",
            "collective_name",
            "staff",
            "title",
            "title_label",
            "level",
            "reason",
            "evidence_refs",
            "decision_number",
            "decision_date",
            "issuer",
            "status",
            "revoke_reason",
        ]
        read_only_fields = fields


class ProposalItemSerializer(_RecipientOut):
    outcome = serializers.ChoiceField(choices=ItemOutcome.choices, read_only=True)

    class Meta:
        model = ProposalItem
        fields = [
            "id",
            "kind",
            "unit",
            "name",
            "collective_name",
            "staff",
            "title",
            "title_label",
            "reason",
            "evidence_refs",
            "outcome",
        ]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=ProposalStatus.choices, read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "unit",
            "year",
            "title",
            "note",
            "status",
            "submitted_at",
            "return_reason",
            "decision_number",
            "item_count",
        ]
        read_only_fields = fields


class ProposalDetailSerializer(ProposalSerializer):
    items = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "items"]
        read_only_fields = fields

    @extend_schema(responses=ProposalItemSerializer(many=True))
    def get_items(self, obj) -> list:
        items = selectors.proposal_items(self.context["request"].user, obj)
        return ProposalItemSerializer(items, many=True, context=self.context).data


class RecipientIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecipientKind.choices, error_messages=vi_errors())
    title = serializers.ChoiceField(choices=HonourTitle.choices, error_messages=vi_errors())
    reason = serializers.CharField(max_length=3000, error_messages=vi_errors())
    collective_name = serializers.CharField(
        required=False, allow_blank=True, max_length=255, error_messages=vi_errors()
    )
    staff = serializers.IntegerField(required=False, allow_null=True, error_messages=vi_errors())
    student = serializers.IntegerField(required=False, allow_null=True, error_messages=vi_errors())
    evidence_refs = serializers.ListField(
        child=serializers.CharField(max_length=120), required=False, error_messages=vi_errors()
    )


class DecisionIn(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60, error_messages=vi_errors())
    decision_date = serializers.DateField(error_messages=vi_errors())
    issuer = serializers.CharField(max_length=255, error_messages=vi_errors())


class CommendationIn(RecipientIn, DecisionIn):
    unit = serializers.IntegerField(error_messages=vi_errors())


class ApproveIn(DecisionIn):
    items = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=gettext_lazy("Bỏ trống: khen mọi dòng."),
        error_messages=vi_errors(),
    )


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, error_messages=vi_errors())


class ProposalIn(serializers.Serializer):
    unit = serializers.IntegerField(error_messages=vi_errors())
    year = serializers.IntegerField(min_value=2000, max_value=2100, error_messages=vi_errors())
    title = serializers.CharField(max_length=255, error_messages=vi_errors())
    note = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())


class CommendationFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, error_messages=vi_errors())
    kind = serializers.ChoiceField(choices=RecipientKind.choices, required=False, error_messages=vi_errors())
    level = serializers.ChoiceField(choices=HonourLevel.choices, required=False, error_messages=vi_errors())


class ProposalFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, error_messages=vi_errors())
    status = serializers.ChoiceField(
        choices=ProposalStatus.choices, required=False, error_messages=vi_errors()
    )


class PublicEvidenceSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class HonourRollEntrySerializer(serializers.ModelSerializer):
    """A line of the public honour roll: a student is named in full only with recorded consent (initials
    otherwise), and only public records are linked — exactly as on the public page."""

    name = serializers.CharField(source="public_name", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=RecipientKind.choices, read_only=True)
    title = serializers.ChoiceField(choices=HonourTitle.choices, read_only=True)
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    level = serializers.ChoiceField(source="level_code", choices=HonourLevel.choices, read_only=True)
    evidence = PublicEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Commendation
        fields = [
            "id",
            "year",
            "kind",
            "unit",
            "name",
            "title",
            "title_label",
            "level",
            "reason",
            "decision_number",
            "decision_date",
            "issuer",
            "evidence",
        ]
        read_only_fields = fields


class HonourRollYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    label = serializers.CharField()
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()


class HonourRollFilter(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages=vi_errors(),
        help_text=gettext_lazy(
            "Năm học (năm kết thúc, ví dụ 2024 là năm học 2023-2024); mặc định năm gần nhất."
        ),
    )
    kind = serializers.ChoiceField(choices=RecipientKind.choices, required=False, error_messages=vi_errors())


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _people(data: dict, unit: OrgUnit) -> dict:
    """Staff and student ids → registry rows of `unit` (another school's person is a 404)."""
    staff_id, student_id = data.pop("staff", None), data.pop("student", None)
    data["staff"] = Staff.objects.filter(pk=staff_id, unit=unit).first() if staff_id else None
    data["student"] = Student.objects.filter(pk=student_id, unit=unit).first() if student_id else None
    if (staff_id and data["staff"] is None) or (student_id and data["student"] is None):
        raise Http404
    return data


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class CommendationViewSet(viewsets.GenericViewSet):
    serializer_class = CommendationSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Commendation.objects.none()
        return selectors.commendations_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Danh sách khen thưởng"), parameters=[CommendationFilter])
    def list(self, request):
        filters = _validated(CommendationFilter, request.query_params)
        page = self.paginate_queryset(selectors.commendations_for_user(request.user, **filters))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết khen thưởng"))
    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(selectors.get_commendation_for_user(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Phòng ghi nhận một khen thưởng"),
        request=CommendationIn,
        responses={201: CommendationSerializer},
    )
    def create(self, request):
        data = dict(_validated(CommendationIn, request.data))
        unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
        if unit is None or not hperms.can_decide(request.user, unit):
            raise Http404
        commendation = services.commendation_create(actor=request.user, unit=unit, **_people(data, unit))
        fresh = selectors.get_commendation_for_user(request.user, commendation.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Thu hồi khen thưởng"), request=ReasonIn, responses=CommendationSerializer
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        commendation = selectors.get_commendation_for_user(request.user, pk)
        services.commendation_revoke(
            actor=request.user, commendation=commendation, **_validated(ReasonIn, request.data)
        )
        return Response(self.get_serializer(selectors.get_commendation_for_user(request.user, pk)).data)


class ProposalViewSet(viewsets.GenericViewSet):
    serializer_class = ProposalSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Proposal.objects.none()
        return selectors.proposals_for_user(self.request.user)

    def _detail(self, request, pk, *, code=status.HTTP_200_OK):
        proposal = selectors.proposals_for_user(request.user).filter(pk=pk).first()
        if proposal is None:
            raise Http404
        return Response(ProposalDetailSerializer(proposal, context={"request": request}).data, status=code)

    @extend_schema(summary=gettext_lazy("Đề nghị khen thưởng của các trường"), parameters=[ProposalFilter])
    def list(self, request):
        filters = _validated(ProposalFilter, request.query_params)
        page = self.paginate_queryset(selectors.proposals_for_user(request.user, **filters))
        return self.get_paginated_response(ProposalSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết đề nghị khen thưởng"), responses=ProposalDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._detail(request, pk)

    @extend_schema(
        summary=gettext_lazy("Trường lập đề nghị khen thưởng"),
        request=ProposalIn,
        responses={201: ProposalDetailSerializer},
    )
    def create(self, request):
        data = dict(_validated(ProposalIn, request.data))
        unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
        if unit is None or not hperms.can_read_proposals(request.user, unit):
            raise Http404
        proposal = services.proposal_create(actor=request.user, unit=unit, **data)
        return self._detail(request, proposal.pk, code=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Thêm tập thể, cá nhân vào đề nghị"),
        request=RecipientIn,
        responses={201: ProposalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        proposal = selectors.get_proposal_for_user(request.user, pk)
        data = _people(dict(_validated(RecipientIn, request.data)), proposal.unit)
        services.proposal_item_add(actor=request.user, proposal=proposal, **data)
        return self._detail(request, pk, code=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Hiệu trưởng gửi đề nghị lên Phòng"),
        request=None,
        responses=ProposalDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.proposal_submit(
            actor=request.user, proposal=selectors.get_proposal_for_user(request.user, pk)
        )
        return self._detail(request, pk)

    @extend_schema(
        summary=gettext_lazy("Phòng duyệt đề nghị, ghi nhận khen thưởng"),
        request=ApproveIn,
        responses=ProposalDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        proposal = selectors.get_proposal_for_user(request.user, pk)
        data = dict(_validated(ApproveIn, request.data))
        ids = data.pop("items", None)
        items = list(proposal.items.filter(pk__in=ids)) if ids is not None else None
        services.proposal_approve(actor=request.user, proposal=proposal, items=items, **data)
        return self._detail(request, pk)

    @extend_schema(
        summary=gettext_lazy("Phòng trả lại đề nghị"), request=ReasonIn, responses=ProposalDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        proposal = selectors.get_proposal_for_user(request.user, pk)
        services.proposal_return(actor=request.user, proposal=proposal, **_validated(ReasonIn, request.data))
        return self._detail(request, pk)


class HonourRollViewSet(viewsets.GenericViewSet):
    """The public honour roll (tôn vinh), open to everyone without sign-in: read-only, the same rows, names
    and links as the public page /honours/roll/."""

    serializer_class = HonourRollEntrySerializer
    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = []

    def get_queryset(self):
        return Commendation.objects.none()

    @extend_schema(
        summary=gettext_lazy("Danh sách tôn vinh công khai của một năm học"), parameters=[HonourRollFilter]
    )
    def list(self, request):
        f = _validated(HonourRollFilter, request.query_params)
        year = f.get("year")
        if year is None:
            years = selectors.public_years()
            year = years[0] if years else clock.today().year
        page = self.paginate_queryset(selectors.public_roll(year=year, kind=f.get("kind", "")))
        return self.get_paginated_response(
            HonourRollEntrySerializer(selectors.public_rows(page), many=True).data
        )

    @extend_schema(
        summary=gettext_lazy("Các năm học có danh sách tôn vinh công khai"),
        responses=HonourRollYearSerializer(many=True),
    )
    # A short list, never paged: without this the document would describe it as a page of results.
    @action(detail=False, methods=["get"], pagination_class=None)
    def years(self, request):
        rows = [
            {"year": y, "label": school_year_label(y), **selectors.public_counts(year=y)}
            for y in selectors.public_years()
        ]
        return Response(HonourRollYearSerializer(rows, many=True).data)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("commendations", CommendationViewSet, "commendation"),
    ("honour-proposals", ProposalViewSet, "honour-proposal"),
    ("honour-roll", HonourRollViewSet, "honour-roll"),
]
