"""What the initiatives app contributes to the REST API: campaigns, initiatives, a member's own scores, and
the public library. Reads go through `initiatives.selectors` (scoped; 404 outside the scope) and writes
through `initiatives.services` (permission, locking, events), as the pages do.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sangtao.accounts.models import Staff, User
from sangtao.api.exceptions import vi_errors
from sangtao.core.exceptions import ApplicationError
from sangtao.orgs.api import UnitRefSerializer

from . import selectors, services
from .models import (
    ApplicationRecord,
    Campaign,
    CampaignStatus,
    Initiative,
    InitiativeAuthor,
    InitiativeField,
    InitiativeStatus,
    LibraryLevel,
    Review,
    Score,
)

# ── Output ─────────────────────────────────────────────────────────────────────────────────────────


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.FloatField()
    max = serializers.FloatField(help_text=gettext_lazy("Điểm tối đa của tiêu chí (chấm từ 0, lẻ đến 0,5)."))


class PlanTaskRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.CharField(source="plan.number")
    number = serializers.CharField()
    title = serializers.CharField()


def _decimal(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, coerce_to_string=False, read_only=True, **kwargs
    )


class CampaignSerializer(serializers.ModelSerializer):
    school_year = serializers.CharField(source="school_year.name", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    pass_mark = _decimal()
    similarity_threshold = _decimal()
    n_initiatives = serializers.IntegerField(read_only=True, help_text=gettext_lazy("Số sáng kiến đã nộp."))

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "school_year",
            "unit",
            "opens_on",
            "closes_on",
            "status",
            "status_label",
            "criteria",
            "pass_mark",
            "similarity_threshold",
            "n_initiatives",
        ]
        read_only_fields = fields


class CampaignDetailSerializer(CampaignSerializer):
    tasks = PlanTaskRefSerializer(
        many=True,
        read_only=True,
        source="tasks.all",
        help_text=gettext_lazy("Nhiệm vụ kế hoạch mà đợt xét phục vụ."),
    )

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "description", "tasks"]
        read_only_fields = fields


class AuthorSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    share = _decimal()

    class Meta:
        model = InitiativeAuthor
        fields = ["id", "full_name", "position", "unit", "share", "user", "staff"]
        read_only_fields = fields


class InitiativeSerializer(serializers.ModelSerializer):
    campaign = serializers.PrimaryKeyRelatedField(read_only=True)
    unit = UnitRefSerializer(read_only=True)
    field_label = serializers.CharField(source="get_field_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    result = _decimal(
        allow_null=True, help_text=gettext_lazy("Điểm của phiên xét gần nhất đã kết thúc (0–100).")
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "campaign",
            "unit",
            "field",
            "field_label",
            "status",
            "status_label",
            "submitted_at",
            "recognised_on",
            "result",
        ]
        read_only_fields = fields


class ReviewResultSerializer(serializers.ModelSerializer):
    """A council's conclusion; the members' scores are never in it."""

    council = serializers.CharField(source="council.name", read_only=True)
    result = _decimal(allow_null=True)
    pass_mark = _decimal()

    class Meta:
        model = Review
        fields = [
            "id",
            "council",
            "level",
            "status",
            "started_at",
            "closed_at",
            "result",
            "pass_mark",
            "passed",
            "reason",
        ]
        read_only_fields = fields


class InitiativeAbilitiesSerializer(serializers.Serializer):
    can_edit = serializers.BooleanField()
    can_submit = serializers.BooleanField()
    can_withdraw = serializers.BooleanField()
    can_start_review = serializers.BooleanField()
    can_forward = serializers.BooleanField()


class ApplicationSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ApplicationRecord
        fields = ["id", "place", "unit", "since", "by_author", "description"]
        read_only_fields = fields


class InitiativeDetailSerializer(InitiativeSerializer):
    authors = AuthorSerializer(many=True, read_only=True)
    reviews = serializers.SerializerMethodField()
    applications = ApplicationSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta(InitiativeSerializer.Meta):
        fields = [
            *InitiativeSerializer.Meta.fields,
            "current_state",
            "solution",
            "novelty",
            "applied_where",
            "applied_since",
            "benefit",
            "conditions",
            "not_recognised_reason",
            "version",
            "authors",
            "reviews",
            "applications",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(ReviewResultSerializer(many=True))
    def get_reviews(self, initiative):
        # Open reviews show that they exist, never a partial result.
        rows = [r for r in initiative.reviews.select_related("council")]
        data = ReviewResultSerializer(rows, many=True).data
        for row in data:
            if row["status"] != "closed":
                row["result"] = None
        return data

    @extend_schema_field(InitiativeAbilitiesSerializer)
    def get_abilities(self, initiative):
        abilities = selectors.initiative_abilities(self.context["request"].user, initiative)
        return InitiativeAbilitiesSerializer(abilities).data


class InitiativeScoreSerializer(serializers.ModelSerializer):
    review = serializers.SerializerMethodField()
    values = serializers.DictField(
        child=serializers.FloatField(), read_only=True, help_text=gettext_lazy("Điểm theo mã tiêu chí.")
    )

    class Meta:
        model = Score
        fields = ["id", "review", "initiative", "council", "values", "comment", "submitted_at"]
        read_only_fields = fields

    def get_review(self, score) -> int | None:
        return self.context.get("reviews", {}).get((score.initiative_id, score.council_id))


class LibraryInitiativeSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    field_label = serializers.CharField(source="get_field_display", read_only=True)
    level = serializers.ChoiceField(source="library_level", choices=LibraryLevel.choices, read_only=True)
    level_label = serializers.CharField(source="get_library_level_display", read_only=True)
    school_year = serializers.CharField(source="campaign.school_year.name", read_only=True)
    authors = serializers.SerializerMethodField(
        help_text=gettext_lazy("Họ tên tác giả (không kèm thông tin khác).")
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "authors",
            "unit",
            "field",
            "field_label",
            "level",
            "level_label",
            "school_year",
            "recognised_on",
        ]
        read_only_fields = fields

    def get_authors(self, initiative) -> list[str]:
        return [a.full_name for a in initiative.authors.all()]


class LibraryDetailSerializer(LibraryInitiativeSerializer):
    applications = ApplicationSerializer(many=True, read_only=True)

    class Meta(LibraryInitiativeSerializer.Meta):
        fields = [
            *LibraryInitiativeSerializer.Meta.fields,
            "current_state",
            "solution",
            "novelty",
            "applied_where",
            "applied_since",
            "benefit",
            "conditions",
            "applications",
        ]
        read_only_fields = fields


# ── Input ──────────────────────────────────────────────────────────────────────────────────────────


class CampaignFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, error_messages=vi_errors())
    status = serializers.ChoiceField(
        choices=CampaignStatus.choices, required=False, error_messages=vi_errors()
    )
    year = serializers.IntegerField(
        required=False, min_value=1, error_messages=vi_errors(), help_text=gettext_lazy("Mã năm học.")
    )


class InitiativeFilterSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())
    status = serializers.ChoiceField(
        choices=InitiativeStatus.choices, required=False, error_messages=vi_errors()
    )
    field = serializers.ChoiceField(
        choices=InitiativeField.choices, required=False, error_messages=vi_errors()
    )
    unit = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Tìm trong tên và nội dung; gõ không dấu cũng được."),
    )
    mine = serializers.BooleanField(
        required=False,
        default=False,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Chỉ sáng kiến mà tôi là tác giả."),
    )


class AuthorInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())
    staff = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Mã cán bộ trong danh sách cán bộ, giáo viên."),
    )
    share = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        error_messages=vi_errors(invalid=gettext_lazy("Tỷ lệ phải là số.")),
    )

    def validate(self, data):
        if not data.get("user") and not data.get("staff"):
            raise serializers.ValidationError(gettext_lazy("Hãy ghi user hoặc staff của tác giả."))
        return data


class InitiativeUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, max_length=500, error_messages=vi_errors())
    field = serializers.ChoiceField(
        choices=InitiativeField.choices, required=False, error_messages=vi_errors()
    )
    current_state = serializers.CharField(required=False, error_messages=vi_errors())
    solution = serializers.CharField(required=False, error_messages=vi_errors())
    novelty = serializers.CharField(required=False, error_messages=vi_errors())
    applied_where = serializers.CharField(required=False, max_length=500, error_messages=vi_errors())
    applied_since = serializers.DateField(required=False, allow_null=True, error_messages=vi_errors())
    benefit = serializers.CharField(required=False, error_messages=vi_errors())
    conditions = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    authors = AuthorInputSerializer(
        many=True,
        required=False,
        allow_empty=False,
        help_text=gettext_lazy("Tác giả và tỷ lệ đóng góp; tổng phải bằng 100."),
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


class InitiativeCreateSerializer(InitiativeUpdateSerializer):
    campaign = serializers.IntegerField(min_value=1, error_messages=vi_errors())
    version = None  # a new draft has no earlier version to check
    title = serializers.CharField(max_length=500, error_messages=vi_errors())
    field = serializers.ChoiceField(choices=InitiativeField.choices, error_messages=vi_errors())
    current_state = serializers.CharField(error_messages=vi_errors())
    solution = serializers.CharField(error_messages=vi_errors())
    novelty = serializers.CharField(error_messages=vi_errors())
    applied_where = serializers.CharField(max_length=500, error_messages=vi_errors())
    benefit = serializers.CharField(error_messages=vi_errors())
    authors = AuthorInputSerializer(many=True, allow_empty=False, error_messages=vi_errors())


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, error_messages=vi_errors()
    )


class ScoreFilterSerializer(serializers.Serializer):
    review = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())


class ScoreCreateSerializer(serializers.Serializer):
    review = serializers.IntegerField(
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Mã phiên xét (trong danh sách cần chấm)."),
    )
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False),
        help_text=gettext_lazy('Điểm theo mã tiêu chí, ví dụ {"novelty": 8.5}.'),
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, error_messages=vi_errors()
    )


class LibraryFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Gõ không dấu cũng được: “sang kien so hoa”."),
    )
    field = serializers.ChoiceField(
        choices=InitiativeField.choices, required=False, error_messages=vi_errors()
    )
    level = serializers.ChoiceField(choices=LibraryLevel.choices, required=False, error_messages=vi_errors())
    year = serializers.IntegerField(
        required=False, min_value=1, error_messages=vi_errors(), help_text=gettext_lazy("Mã năm học.")
    )


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _author_specs(rows: list[dict]) -> list[dict]:
    users = User.objects.in_bulk([r["user"] for r in rows if r.get("user")])
    staff = Staff.objects.select_related("user", "unit").in_bulk([r["staff"] for r in rows if r.get("staff")])
    specs = []
    for row in rows:
        user, member = users.get(row.get("user")), staff.get(row.get("staff"))
        if (row.get("user") and user is None) or (row.get("staff") and member is None):
            raise ApplicationError(gettext_lazy("Không tìm thấy tác giả đã ghi."))
        specs.append({"user": user, "staff": member, "share": row["share"]})
    return specs


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class InitiativeCampaignViewSet(viewsets.GenericViewSet):
    serializer_class = CampaignSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        return selectors.campaigns_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Danh sách đợt xét sáng kiến"), parameters=[CampaignFilterSerializer])
    def list(self, request):
        filters = validated(CampaignFilterSerializer, request.query_params)
        qs = selectors.campaigns_for_user(
            request.user, q=filters.get("q", ""), status=filters.get("status", ""), year=filters.get("year")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CampaignSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chi tiết đợt xét: thang điểm và nhiệm vụ kế hoạch"),
        responses=CampaignDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        campaign = selectors.get_campaign_for_user(request.user, pk)
        return Response(CampaignDetailSerializer(campaign).data)


class InitiativeViewSet(viewsets.GenericViewSet):
    serializer_class = InitiativeSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        return selectors.initiatives_for_user(self.request.user)

    def _detail(self, request, pk, code=status.HTTP_200_OK):
        initiative = selectors.get_initiative_for_user(request.user, pk)
        data = InitiativeDetailSerializer(initiative, context={"request": request}).data
        return Response(data, status=code)

    @extend_schema(
        summary=gettext_lazy("Danh sách sáng kiến trong phạm vi"), parameters=[InitiativeFilterSerializer]
    )
    def list(self, request):
        f = validated(InitiativeFilterSerializer, request.query_params)
        qs = selectors.initiatives_for_user(
            request.user,
            campaign_id=f.get("campaign"),
            status=f.get("status", ""),
            field=f.get("field", ""),
            unit_id=f.get("unit"),
            q=f.get("q", ""),
            mine=f["mine"],
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(InitiativeSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chi tiết sáng kiến: nội dung, tác giả, kết quả xét"),
        responses=InitiativeDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        return self._detail(request, pk)

    @extend_schema(
        summary=gettext_lazy("Tác giả đăng ký sáng kiến (bản nháp)"),
        request=InitiativeCreateSerializer,
        responses={201: InitiativeDetailSerializer},
    )
    def create(self, request):
        data = dict(validated(InitiativeCreateSerializer, request.data))
        campaign = selectors.get_campaign_for_user(request.user, data.pop("campaign"))
        authors = _author_specs(data.pop("authors"))
        initiative = services.initiative_create(
            actor=request.user, campaign=campaign, authors=authors, **data
        )
        return self._detail(request, initiative.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Tác giả sửa bản nháp"),
        request=InitiativeUpdateSerializer,
        responses=InitiativeDetailSerializer,
    )
    def partial_update(self, request, pk=None):
        initiative = selectors.get_initiative_for_user(request.user, pk)
        data = dict(validated(InitiativeUpdateSerializer, request.data))
        authors = _author_specs(data.pop("authors")) if "authors" in data else None
        services.initiative_update(actor=request.user, initiative=initiative, authors=authors, **data)
        return self._detail(request, pk)

    @extend_schema(
        summary=gettext_lazy("Tác giả nộp sáng kiến (hồ sơ bị khóa)"),
        request=None,
        responses=InitiativeDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.initiative_submit(
            actor=request.user, initiative=selectors.get_initiative_for_user(request.user, pk)
        )
        return self._detail(request, pk)

    @extend_schema(
        summary=gettext_lazy("Tác giả rút sáng kiến trước khi hội đồng xét"),
        request=WithdrawSerializer,
        responses=InitiativeDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        data = validated(WithdrawSerializer, request.data)
        services.initiative_withdraw(
            actor=request.user,
            initiative=selectors.get_initiative_for_user(request.user, pk),
            reason=data.get("reason", ""),
        )
        return self._detail(request, pk)


class InitiativeScoreViewSet(viewsets.GenericViewSet):
    """A council member's own score sheets: nobody reads another member's sheet here."""

    serializer_class = InitiativeScoreSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return Score.objects.none()
        return Score.objects.filter(member__user=self.request.user).order_by("-submitted_at", "-id")

    def _context(self, scores):
        keys = {(s.initiative_id, s.council_id) for s in scores}
        reviews = Review.objects.filter(
            initiative_id__in={k[0] for k in keys}, council_id__in={k[1] for k in keys}
        )
        return {"reviews": {(r.initiative_id, r.council_id): r.pk for r in reviews}}

    @extend_schema(summary=gettext_lazy("Phiếu chấm của tôi"), parameters=[ScoreFilterSerializer])
    def list(self, request):
        f = validated(ScoreFilterSerializer, request.query_params)
        qs = self.get_queryset()
        if f.get("review"):
            review = Review.objects.filter(pk=f["review"]).first()
            qs = (
                qs.filter(initiative_id=review.initiative_id, council_id=review.council_id)
                if review
                else qs.none()
            )
        page = list(self.paginate_queryset(qs))
        return self.get_paginated_response(
            InitiativeScoreSerializer(page, many=True, context=self._context(page)).data
        )

    @extend_schema(summary=gettext_lazy("Một phiếu chấm của tôi"))
    def retrieve(self, request, pk=None):
        score = self.get_queryset().filter(pk=pk).first()
        if score is None:
            raise Http404
        return Response(InitiativeScoreSerializer(score, context=self._context([score])).data)

    @extend_schema(
        summary=gettext_lazy("Thành viên hội đồng gửi phiếu chấm (một lần, không sửa)"),
        request=ScoreCreateSerializer,
        responses={201: InitiativeScoreSerializer},
    )
    def create(self, request):
        data = validated(ScoreCreateSerializer, request.data)
        review = selectors.get_review_for_user(request.user, data["review"])
        score = services.score_submit(
            actor=request.user, review=review, values=data["values"], comment=data.get("comment", "")
        )
        return Response(
            InitiativeScoreSerializer(score, context=self._context([score])).data,
            status=status.HTTP_201_CREATED,
        )


class InitiativeLibraryViewSet(viewsets.GenericViewSet):
    """Recognised initiatives, open to everyone (no sign-in)."""

    serializer_class = LibraryInitiativeSerializer
    permission_classes = [AllowAny]
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        return selectors.library()

    @extend_schema(
        summary=gettext_lazy("Thư viện sáng kiến đã được công nhận (công khai)"),
        parameters=[LibraryFilterSerializer],
    )
    def list(self, request):
        f = validated(LibraryFilterSerializer, request.query_params)
        qs = selectors.library(
            q=f.get("q", ""), field=f.get("field", ""), level=f.get("level", ""), year=f.get("year")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(LibraryInitiativeSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Một sáng kiến trong thư viện và nơi đã áp dụng"),
        responses=LibraryDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        initiative = selectors.get_library_initiative(pk)
        return Response(LibraryDetailSerializer(initiative).data)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("initiative-campaigns", InitiativeCampaignViewSet, "initiative-campaign"),
    ("initiatives", InitiativeViewSet, "initiative"),
    ("initiative-scores", InitiativeScoreViewSet, "initiative-score"),
    ("initiative-library", InitiativeLibraryViewSet, "initiative-library"),
]
