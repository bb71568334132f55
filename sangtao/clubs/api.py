"""What the clubs app contributes to the REST API: clubs with their computed status, and their activities.

Reads go through `clubs.selectors` (scoped to the user: a club outside the scope is a 404), writes through
`clubs.services` (which check permission and validate every file by its content).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors
from sangtao.core import clock
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import SchoolLevel

from . import permissions as club_perms
from . import selectors, services
from .models import (
    ActivityKind,
    Club,
    ClubActivity,
    ClubActivityFile,
    ClubMember,
    ClubStatus,
    ClubType,
    MemberRole,
)

# ── Output ─────────────────────────────────────────────────────────────────────────────────────────


class ClubMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text=gettext_lazy("Ngày đầu tháng."))
    has_activity = serializers.BooleanField()


class ClubSerializer(serializers.Serializer):
    """A club with its state under the rule (`source` is a selectors.ClubState)."""

    id = serializers.IntegerField(source="club.pk")
    unit = UnitRefSerializer(source="club.unit")
    name = serializers.CharField(source="club.name")
    club_type = serializers.ChoiceField(source="club.club_type", choices=ClubType.choices)
    club_type_label = serializers.CharField(source="club.get_club_type_display")
    status = serializers.ChoiceField(
        source="club.status",
        choices=ClubStatus.choices,
        help_text=gettext_lazy("Trạng thái do trường khai báo."),
    )
    status_label = serializers.CharField(source="club.get_status_display")
    decision_number = serializers.CharField(source="club.decision_number")
    decision_date = serializers.DateField(source="club.decision_date", allow_null=True)
    meeting_schedule = serializers.CharField(source="club.meeting_schedule")
    members = serializers.IntegerField(help_text=gettext_lazy("Số thành viên hiện có."))
    active = serializers.BooleanField(
        help_text=gettext_lazy("Đang hoạt động theo quy tắc của Phòng (tính từ dữ liệu, không nhập tay).")
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Những gì câu lạc bộ còn thiếu; rỗng khi đạt.")
    )
    months = ClubMonthSerializer(many=True, help_text=gettext_lazy("Các tháng học mà quy tắc xét."))


class ClubMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=[("staff", gettext_lazy("Cán bộ, giáo viên")), ("student", gettext_lazy("Học sinh"))]
    )
    name = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "Tên học sinh chỉ trả về cho Phòng, thủ trưởng và cán bộ phụ trách của trường."
        ),
    )
    role = serializers.ChoiceField(choices=MemberRole.choices)
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)


class ClubAdviserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class ClubDetailSerializer(ClubSerializer):
    description = serializers.CharField(source="club.description")
    status_reason = serializers.CharField(source="club.status_reason")
    min_members = serializers.IntegerField(source="rule.min_members")
    months_required = serializers.IntegerField(source="rule.months_required")
    advisers = ClubAdviserSerializer(many=True)
    member_list = ClubMemberSerializer(many=True)
    decision_url = serializers.CharField(allow_null=True)


class ClubActivityFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ClubActivityFile
        fields = ["id", "caption", "is_image", "download_url"]
        read_only_fields = fields

    def get_download_url(self, row) -> str:
        path = reverse("clubs:file", args=[row.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ClubActivitySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    members = serializers.SerializerMethodField()
    files = ClubActivityFileSerializer(many=True, read_only=True)

    class Meta:
        model = ClubActivity
        fields = [
            "id",
            "date",
            "title",
            "kind",
            "kind_label",
            "participants",
            "description",
            "members",
            "files",
            "created_at",
        ]
        read_only_fields = fields

    def get_members(self, activity) -> list[int]:
        return [m.pk for m in activity.members.all()]


# ── Input ──────────────────────────────────────────────────────────────────────────────────────────


class ClubFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Tìm theo tên câu lạc bộ hoặc tên trường; gõ không dấu cũng được."),
    )
    club_type = serializers.ChoiceField(choices=ClubType.choices, required=False, error_messages=vi_errors())
    level = serializers.ChoiceField(choices=SchoolLevel.choices, required=False, error_messages=vi_errors())
    unit = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())
    status = serializers.ChoiceField(choices=ClubStatus.choices, required=False, error_messages=vi_errors())
    active = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        error_messages=vi_errors(),
        help_text=gettext_lazy("true: chỉ câu lạc bộ đạt quy tắc; false: chỉ chưa đạt."),
    )


class ClubActivityCreateSerializer(serializers.Serializer):
    date = serializers.DateField(
        error_messages=vi_errors(invalid=gettext_lazy("Ngày không hợp lệ (YYYY-MM-DD)."))
    )
    title = serializers.CharField(max_length=255, error_messages=vi_errors())
    kind = serializers.ChoiceField(
        choices=ActivityKind.choices, default=ActivityKind.MEETING, error_messages=vi_errors()
    )
    participants = serializers.IntegerField(
        required=False, min_value=0, max_value=100000, error_messages=vi_errors()
    )
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000, error_messages=vi_errors()
    )
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        help_text=gettext_lazy("Id thành viên câu lạc bộ có mặt."),
    )
    photos = serializers.ListField(
        child=serializers.FileField(error_messages=vi_errors()),
        required=False,
        default=list,
        help_text=gettext_lazy("Ảnh (PNG, JPG, GIF, WEBP)."),
    )
    files = serializers.ListField(
        child=serializers.FileField(error_messages=vi_errors()),
        required=False,
        default=list,
        help_text=gettext_lazy("Tệp minh chứng khác."),
    )


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


def _detail_payload(request, club: Club) -> dict:
    today = clock.today()
    state = selectors.club_activity_status([club], today)[club.pk]
    see_students = club_perms.can_see_student_names(request.user, club.unit)
    members = selectors.club_members(club, today=today)
    rows = []
    for m in members["current"] + members["former"]:
        hidden = m.is_student and not see_students
        rows.append(
            {
                "id": m.pk,
                "kind": "student" if m.is_student else "staff",
                "name": None if hidden else str(m.person),
                "role": m.role,
                "joined_on": m.joined_on,
                "left_on": m.left_on,
            }
        )
    decision = reverse("clubs:decision", args=[club.pk]) if club.decision_file else None
    return {
        "club": club,
        "rule": state.rule,
        "members": state.members,
        "active": state.active,
        "reasons": state.reasons,
        "months": _months(state),
        "advisers": list(club.advisers.all()),
        "member_list": rows,
        "decision_url": request.build_absolute_uri(decision) if decision else None,
    }


def _months(state) -> list[dict]:
    return [{"month": m, "has_activity": ok} for m, ok in state.months]


def _row(state) -> dict:
    return {
        "club": state.club,
        "members": state.members,
        "active": state.active,
        "reasons": state.reasons,
        "months": _months(state),
    }


class ClubViewSet(viewsets.GenericViewSet):
    serializer_class = ClubSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        # Clubs are read through selectors.club_rows and get_club_for_user.
        return Club.objects.none()

    @extend_schema(
        summary=gettext_lazy("Danh sách câu lạc bộ và trạng thái theo quy tắc"),
        parameters=[ClubFilterSerializer],
    )
    def list(self, request):
        filters = _validated(ClubFilterSerializer, request.query_params)
        active = filters.get("active")
        rows = selectors.club_rows(
            request.user,
            active="" if active is None else ("yes" if active else "no"),
            q=filters.get("q", ""),
            club_type=filters.get("club_type", ""),
            level=filters.get("level", ""),
            unit_id=filters.get("unit"),
            status=filters.get("status", ""),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ClubSerializer([_row(s) for s in page], many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chi tiết câu lạc bộ: thành viên, giáo viên phụ trách, trạng thái"),
        responses=ClubDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        club = selectors.get_club_for_user(request.user, pk)
        return Response(ClubDetailSerializer(_detail_payload(request, club)).data)

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("Nhật ký hoạt động của câu lạc bộ"),
        responses=ClubActivitySerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("Ghi một hoạt động (ảnh, tệp gửi dạng multipart)"),
        request={
            "multipart/form-data": ClubActivityCreateSerializer,
            "application/json": ClubActivityCreateSerializer,
        },
        responses={201: ClubActivitySerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def activities(self, request, pk=None):
        club = selectors.get_club_for_user(request.user, pk)
        if request.method == "POST":
            data = _validated(ClubActivityCreateSerializer, request.data)
            members = list(ClubMember.objects.filter(club=club, pk__in=data["members"]))
            if len(members) != len(set(data["members"])):
                raise serializers.ValidationError(
                    {"members": [gettext_lazy("Chỉ chọn được thành viên của câu lạc bộ này.")]}
                )
            if not club_perms.can_see_student_names(request.user, club.unit) and any(
                m.is_student for m in members
            ):
                raise PermissionDenied
            activity = services.activity_log(
                actor=request.user,
                club=club,
                date=data["date"],
                title=data["title"],
                kind=data["kind"],
                participants=data.get("participants"),
                description=data["description"],
                members=members,
                photos=data["photos"],
                files=data["files"],
            )
            activity = selectors.club_activities(club).get(pk=activity.pk)
            return Response(
                ClubActivitySerializer(activity, context={"request": request}).data,
                status=status.HTTP_201_CREATED,
            )
        page = self.paginate_queryset(selectors.club_activities(club))
        return self.get_paginated_response(
            ClubActivitySerializer(page, many=True, context={"request": request}).data
        )


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("clubs", ClubViewSet, "club"),
]
