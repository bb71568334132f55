"""What the contests app contributes to the REST API: contests, rounds and their results, entries, and the
judge's own assignments with their scoresheets.

Reads go through `contests.selectors` (scoped to the user: an object outside the scope is a 404), writes
through `contests.judging` (which checks the judge, the round, the bounds and the version).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors
from sangtao.orgs.api import UnitRefSerializer

from . import judging, selectors
from . import permissions as cperms
from .models import (
    AwardQuota,
    Category,
    Contest,
    Criterion,
    Entry,
    EntryStatus,
    JudgeAssignment,
    Round,
    Score,
)

# ── Serializers ────────────────────────────────────────────────────────────────────────────────────


def _decimal(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, coerce_to_string=False, read_only=True, **kwargs
    )


class ContestCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "order"]
        read_only_fields = fields


class ContestCriterionSerializer(serializers.ModelSerializer):
    weight = _decimal()

    class Meta:
        model = Criterion
        fields = ["id", "order", "label", "description", "max_points", "weight"]
        read_only_fields = fields


class ContestQuotaSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardQuota
        fields = ["award", "count"]
        read_only_fields = fields


class ContestRoundSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "contest",
            "order",
            "name",
            "level",
            "status",
            "status_label",
            "aggregation",
            "judges_per_entry",
            "feeds_next",
            "judging_starts",
            "judging_ends",
            "published_at",
        ]
        read_only_fields = fields


class ContestRoundDetailSerializer(ContestRoundSerializer):
    criteria = ContestCriterionSerializer(many=True, read_only=True)
    quotas = ContestQuotaSerializer(many=True, read_only=True)

    class Meta(ContestRoundSerializer.Meta):
        fields = [*ContestRoundSerializer.Meta.fields, "criteria", "quotas"]
        read_only_fields = fields


class ContestSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    organiser = UnitRefSerializer(read_only=True)
    organiser_team = UnitRefSerializer(read_only=True, allow_null=True)
    school_year = serializers.CharField(source="school_year.name", read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "name",
            "status",
            "status_label",
            "organiser",
            "organiser_team",
            "school_year",
            "eligible_levels",
            "min_grade",
            "max_grade",
            "max_team_size",
            "entry_limit_per_school",
            "registration_opens",
            "registration_closes",
        ]
        read_only_fields = fields


class ContestTaskLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.CharField(source="plan.number")
    number = serializers.CharField()
    title = serializers.CharField()


class ContestDetailSerializer(ContestSerializer):
    categories = ContestCategorySerializer(many=True, read_only=True)
    rounds = ContestRoundSerializer(many=True, read_only=True)
    partners = UnitRefSerializer(many=True, read_only=True)
    tasks = ContestTaskLinkSerializer(many=True, read_only=True)

    class Meta(ContestSerializer.Meta):
        fields = [*ContestSerializer.Meta.fields, "description", "partners", "categories", "rounds", "tasks"]
        read_only_fields = fields


class ContestEntrySerializer(serializers.ModelSerializer):
    school = UnitRefSerializer(read_only=True)
    category = ContestCategorySerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    members = serializers.SerializerMethodField()
    mentors = serializers.SerializerMethodField()
    contest = serializers.IntegerField(source="round.contest_id", read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "contest",
            "round",
            "school",
            "category",
            "title",
            "abstract",
            "link",
            "status",
            "status_label",
            "submitted_at",
            "advanced_from",
            "members",
            "mentors",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, entry) -> list[str]:
        # Full names only for those who may read the school's student registry; initials otherwise.
        return selectors.member_names(self.context["request"].user, entry)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_mentors(self, entry) -> list[str]:
        return [m.staff.full_name for m in entry.mentors.all()]


class ContestScoreSerializer(serializers.ModelSerializer):
    points = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    total = _decimal()

    class Meta:
        model = Score
        fields = ["points", "total", "comment", "version", "submitted_at"]
        read_only_fields = fields


class ContestEntryBriefSerializer(serializers.ModelSerializer):
    school = UnitRefSerializer(read_only=True)
    category = ContestCategorySerializer(read_only=True)

    class Meta:
        model = Entry
        fields = ["id", "title", "abstract", "link", "school", "category"]
        read_only_fields = fields


class JudgeAssignmentSerializer(serializers.ModelSerializer):
    entry = ContestEntryBriefSerializer(read_only=True)
    round = serializers.IntegerField(source="entry.round_id", read_only=True)
    round_status = serializers.CharField(source="entry.round.status", read_only=True)
    score = serializers.SerializerMethodField()

    class Meta:
        model = JudgeAssignment
        fields = ["id", "round", "round_status", "entry", "score"]
        read_only_fields = fields

    @extend_schema_field(ContestScoreSerializer(allow_null=True))
    def get_score(self, assignment):
        score = selectors.score_of(assignment)
        return ContestScoreSerializer(score).data if score else None


class ContestScoresheetSerializer(serializers.Serializer):
    """The judge's scoresheet: the rubric and what is stored (version 0 when nothing is)."""

    assignment = serializers.IntegerField()
    criteria = ContestCriterionSerializer(many=True)
    points = serializers.DictField(child=serializers.IntegerField())
    total = _decimal(allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class ContestScoreInputSerializer(serializers.Serializer):
    points = serializers.DictField(
        child=serializers.IntegerField(error_messages=vi_errors()),
        error_messages=vi_errors(),
        help_text=gettext_lazy('Điểm nguyên theo mã tiêu chí, ví dụ {"12": 8, "13": 15}.'),
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", error_messages=vi_errors())
    version = serializers.IntegerField(
        min_value=0,
        error_messages=vi_errors(),
        help_text=gettext_lazy(
            "Phiên bản phiếu chấm mà giám khảo đã mở; bị từ chối (409) nếu đã có lần lưu mới hơn."
        ),
    )


class ContestResultRowSerializer(serializers.Serializer):
    category = serializers.CharField()
    entry = serializers.IntegerField()
    title = serializers.CharField()
    school = serializers.CharField()
    names = serializers.ListField(child=serializers.CharField())
    award = serializers.CharField()
    award_label = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    score = _decimal(allow_null=True)


class ContestResultsSerializer(serializers.Serializer):
    round = ContestRoundSerializer()
    contest = serializers.CharField()
    published = serializers.BooleanField()
    rows = ContestResultRowSerializer(many=True)


class ContestFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Tìm theo tên hội thi.")
    )
    status = serializers.CharField(required=False, allow_blank=True)


class ContestEntryFilterSerializer(serializers.Serializer):
    contest = serializers.IntegerField(required=False)
    round = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=EntryStatus.choices, required=False, error_messages=vi_errors())


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class ContestViewSet(viewsets.GenericViewSet):
    serializer_class = ContestSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Contest.objects.none()
        return selectors.contests_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Danh sách hội thi"), parameters=[ContestFilterSerializer])
    def list(self, request):
        filters = _validated(ContestFilterSerializer, request.query_params)
        contests = selectors.contests_for_user(
            request.user, q=filters.get("q", ""), status=filters.get("status", "")
        )
        page = self.paginate_queryset(contests)
        return self.get_paginated_response(ContestSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chi tiết hội thi: lĩnh vực, vòng thi, nhiệm vụ kế hoạch"),
        responses=ContestDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        contest = selectors.get_contest_for_user(request.user, pk)
        return Response(ContestDetailSerializer(contest).data)


def _result_rows(user, round_, published: bool) -> list[dict]:
    if published:
        return [
            {
                "category": r["category"].name,
                "entry": r["entry"].pk,
                "title": r["entry"].title,
                "school": r["entry"].school.name,
                "names": r["names"],
                "award": r["award"].award,
                "award_label": r["award"].get_award_display(),
                "rank": r["award"].rank,
                "score": r["award"].score,
            }
            for r in selectors.public_results(round_)
        ]
    rows = []
    for category, results in selectors.round_results(round_).by_category:
        for row in results:
            rows.append(
                {
                    "category": category.name,
                    "entry": row.entry.pk,
                    "title": row.entry.title,
                    "school": row.entry.school.name,
                    "names": selectors.member_names(user, row.entry),
                    "award": row.award.award if row.award else "",
                    "award_label": row.award.get_award_display() if row.award else "",
                    "rank": row.rank,
                    "score": row.score,
                }
            )
    return rows


class RoundViewSet(viewsets.GenericViewSet):
    serializer_class = ContestRoundDetailSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        # Rounds are read one at a time through selectors.get_round_for_user.
        return Round.objects.none()

    @extend_schema(summary=gettext_lazy("Chi tiết vòng thi: tiêu chí chấm và cơ cấu giải"))
    def retrieve(self, request, pk=None):
        return Response(ContestRoundDetailSerializer(selectors.get_round_for_user(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Kết quả vòng thi (công khai khi đã công bố)"),
        responses=ContestResultsSerializer,
    )
    @action(detail=True, methods=["get"], permission_classes=[AllowAny])
    def results(self, request, pk=None):
        round_ = Round.objects.filter(pk=pk).select_related("contest").first()
        if round_ is not None and round_.is_published:
            return Response(
                ContestResultsSerializer(
                    {
                        "round": round_,
                        "contest": round_.contest.name,
                        "published": True,
                        "rows": _result_rows(request.user, round_, True),
                    }
                ).data
            )
        # Not yet published: only those who oversee the contest read the ranking.
        round_ = selectors.get_round_for_user(request.user, pk)
        if not cperms.can_oversee_contest(request.user, round_.contest):
            raise Http404
        return Response(
            ContestResultsSerializer(
                {
                    "round": round_,
                    "contest": round_.contest.name,
                    "published": False,
                    "rows": _result_rows(request.user, round_, False),
                }
            ).data
        )


class EntryViewSet(viewsets.GenericViewSet):
    serializer_class = ContestEntrySerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Entry.objects.none()
        return selectors.entries_visible(self.request.user)

    @extend_schema(
        summary=gettext_lazy("Bài dự thi (của trường mình; ban tổ chức: tất cả)"),
        parameters=[ContestEntryFilterSerializer],
    )
    def list(self, request):
        filters = _validated(ContestEntryFilterSerializer, request.query_params)
        entries = selectors.entries_visible(
            request.user,
            round_id=filters.get("round"),
            contest_id=filters.get("contest"),
            status=filters.get("status", ""),
        )
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(
            ContestEntrySerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(summary=gettext_lazy("Chi tiết bài dự thi"))
    def retrieve(self, request, pk=None):
        entry = selectors.get_entry_for_user(request.user, pk)
        return Response(ContestEntrySerializer(entry, context={"request": request}).data)


def _scoresheet(assignment: JudgeAssignment) -> dict:
    score = selectors.score_of(assignment)
    return {
        "assignment": assignment.pk,
        "criteria": list(assignment.entry.round.criteria.all()),
        "points": {k: int(v) for k, v in (score.points if score else {}).items()},
        "total": score.total if score and score.submitted_at else None,
        "comment": score.comment if score else "",
        "version": score.version if score else 0,
        "submitted_at": score.submitted_at if score else None,
    }


class JudgeAssignmentViewSet(viewsets.GenericViewSet):
    """A judge's own assignments; nobody else's are found (404)."""

    serializer_class = JudgeAssignmentSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JudgeAssignment.objects.none()
        return selectors.judge_queue(self.request.user)

    @extend_schema(summary=gettext_lazy("Bài được phân công cho tôi chấm"))
    def list(self, request):
        page = self.paginate_queryset(selectors.judge_queue(request.user))
        return self.get_paginated_response(JudgeAssignmentSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết một bài được phân công chấm"))
    def retrieve(self, request, pk=None):
        return Response(JudgeAssignmentSerializer(selectors.get_assignment_for_judge(request.user, pk)).data)

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("Phiếu chấm của tôi cho bài này"),
        responses=ContestScoresheetSerializer,
    )
    @extend_schema(
        methods=["PUT"],
        summary=gettext_lazy("Lưu phiếu chấm (kèm phiên bản đã mở)"),
        request=ContestScoreInputSerializer,
        responses=ContestScoresheetSerializer,
    )
    @action(detail=True, methods=["get", "put"])
    def score(self, request, pk=None):
        assignment = selectors.get_assignment_for_judge(request.user, pk)
        if request.method == "PUT":
            data = _validated(ContestScoreInputSerializer, request.data)
            judging.score_save(
                actor=request.user,
                assignment=assignment,
                points=data["points"],
                comment=data.get("comment", ""),
                version=data["version"],
            )
            assignment = selectors.get_assignment_for_judge(request.user, pk)
        return Response(ContestScoresheetSerializer(_scoresheet(assignment)).data)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("contests", ContestViewSet, "contest"),
    ("contest-rounds", RoundViewSet, "contest-round"),
    ("contest-entries", EntryViewSet, "contest-entry"),
    ("judge-assignments", JudgeAssignmentViewSet, "judge-assignment"),
]
