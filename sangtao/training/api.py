"""What the training app contributes to the REST API: courses, nominations and their decisions, and the
public verification of a certificate by its code.

Reads go through `training.selectors` (scoped: an object outside the user's courses is a 404), writes
through `training.services` (which check permission and record an event for every status change).
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sangtao.accounts.models import Staff, Student
from sangtao.api.exceptions import vi_errors
from sangtao.core.exceptions import ApplicationError
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans.api.serializers import TaskRefSerializer

from . import selectors, services
from .models import (
    Course,
    CourseKind,
    CourseMode,
    CourseStatus,
    Nomination,
    NominationStatus,
    Quota,
    Session,
    TargetGroup,
    Topic,
)

# ── Serializers ────────────────────────────────────────────────────────────────────────────────────


def _decimal(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, coerce_to_string=False, read_only=True, **kwargs
    )


class CourseSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CourseKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=CourseStatus.choices, read_only=True)
    mode = serializers.ChoiceField(choices=CourseMode.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices), read_only=True)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), read_only=True
    )
    levels = serializers.ListField(child=serializers.ChoiceField(choices=SchoolLevel.choices), read_only=True)
    organiser = UnitRefSerializer(read_only=True)
    credit_hours = _decimal()
    first_session = serializers.DateField(read_only=True, allow_null=True)
    approved = serializers.IntegerField(source="n_approved", read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "title",
            "kind",
            "topics",
            "organiser",
            "mode",
            "venue",
            "credit_hours",
            "target_groups",
            "levels",
            "capacity",
            "registration_opens",
            "registration_closes",
            "status",
            "status_label",
            "first_session",
            "approved",
        ]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "date", "start_time", "end_time", "place", "topic"]
        read_only_fields = fields


class QuotaSerializer(serializers.ModelSerializer):
    school = UnitRefSerializer(read_only=True)
    taken = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Số người đang chờ duyệt hoặc đã duyệt.")
    )

    class Meta:
        model = Quota
        fields = ["school", "places", "taken"]
        read_only_fields = fields


class CourseAbilitiesSerializer(serializers.Serializer):
    can_manage = serializers.BooleanField()
    can_nominate = serializers.BooleanField()
    registration_open = serializers.BooleanField()


class CourseDetailSerializer(CourseSerializer):
    audience = UnitRefSerializer(read_only=True)
    sessions = serializers.SerializerMethodField()
    quotas = serializers.SerializerMethodField(help_text=gettext_lazy("Chỉ tiêu mà người dùng được xem."))
    tasks = serializers.SerializerMethodField(
        help_text=gettext_lazy("Nhiệm vụ của kế hoạch mà khóa phục vụ.")
    )
    abilities = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [
            *CourseSerializer.Meta.fields,
            "description",
            "audience",
            "completion_min_percent",
            "cancel_reason",
            "sessions",
            "quotas",
            "tasks",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, course):
        return SessionSerializer(self.context["detail"]["sessions"], many=True).data

    @extend_schema_field(QuotaSerializer(many=True))
    def get_quotas(self, course):
        return QuotaSerializer(self.context["detail"]["quotas"], many=True).data

    @extend_schema_field(TaskRefSerializer(many=True))
    def get_tasks(self, course):
        return TaskRefSerializer(self.context["detail"]["tasks"], many=True).data

    @extend_schema_field(CourseAbilitiesSerializer)
    def get_abilities(self, course):
        return CourseAbilitiesSerializer(self.context["abilities"]).data


class CourseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", "title"]
        read_only_fields = fields


class NominationSerializer(serializers.ModelSerializer):
    course = CourseRefSerializer(read_only=True)
    school = UnitRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=NominationStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    person_name = serializers.CharField(read_only=True)
    group = serializers.ChoiceField(choices=TargetGroup.choices, read_only=True)
    completed = serializers.SerializerMethodField()
    certificate_code = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "course",
            "school",
            "staff",
            "student",
            "person_name",
            "group",
            "status",
            "status_label",
            "decline_reason",
            "decided_at",
            "completed",
            "certificate_code",
            "created_at",
        ]
        read_only_fields = fields

    def get_completed(self, nomination) -> bool | None:
        completion = getattr(nomination, "completion", None)
        return completion.completed if completion else None

    def get_certificate_code(self, nomination) -> str | None:
        certificate = getattr(nomination, "certificate", None)
        return certificate.code if certificate else None


class NominationFilterSerializer(serializers.Serializer):
    course = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())
    status = serializers.ChoiceField(
        choices=NominationStatus.choices, required=False, error_messages=vi_errors()
    )


class NominationCreateSerializer(serializers.Serializer):
    course = serializers.IntegerField(min_value=1, error_messages=vi_errors())
    staff = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Id cán bộ, giáo viên, nhân viên (hoặc gửi student)."),
    )
    student = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Id học sinh (hoặc gửi staff)."),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=255, error_messages=vi_errors())


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Lý do không duyệt, gửi cho trường."),
    )


class CourseFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Tìm theo tên khóa; gõ không dấu cũng được."),
    )
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, error_messages=vi_errors())
    status = serializers.ChoiceField(choices=CourseStatus.choices, required=False, error_messages=vi_errors())
    organiser = serializers.IntegerField(required=False, min_value=1, error_messages=vi_errors())


class CertificateVerificationSerializer(serializers.Serializer):
    # Only what the certificate itself says (see views.verify): no school, class or anything else.
    code = serializers.CharField()
    valid = serializers.BooleanField(help_text=gettext_lazy("Sai khi giấy chứng nhận đã bị thu hồi."))
    holder_name = serializers.CharField()
    course_title = serializers.CharField()
    first_day = serializers.DateField(allow_null=True)
    last_day = serializers.DateField(allow_null=True)
    issued_on = serializers.DateField()
    issuer = serializers.CharField()
    revoked_on = serializers.DateField(allow_null=True)


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class CourseViewSet(viewsets.GenericViewSet):
    serializer_class = CourseSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Course.objects.none()
        return selectors.courses_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Danh sách khóa bồi dưỡng"), parameters=[CourseFilterSerializer])
    def list(self, request):
        filters = _validated(CourseFilterSerializer, request.query_params)
        page = self.paginate_queryset(selectors.courses_for_user(request.user, **filters))
        return self.get_paginated_response(CourseSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Chi tiết khóa: buổi học, chỉ tiêu, nhiệm vụ"), responses=CourseDetailSerializer
    )
    def retrieve(self, request, pk=None):
        course = selectors.get_course_for_user(request.user, pk)
        course = selectors.courses_for_user(request.user).get(pk=course.pk)  # with the list's counts
        context = {
            "detail": selectors.course_detail(request.user, course),
            "abilities": selectors.course_abilities(request.user, course),
        }
        return Response(CourseDetailSerializer(course, context=context).data)


class NominationViewSet(viewsets.GenericViewSet):
    serializer_class = NominationSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Nomination.objects.none()
        return selectors.nominations_visible(self.request.user)

    def _one(self, pk) -> Nomination:
        return selectors.nominations_visible(self.request.user).get(
            pk=selectors.get_nomination_for_user(self.request.user, pk).pk
        )

    @extend_schema(summary=gettext_lazy("Danh sách người được cử"), parameters=[NominationFilterSerializer])
    def list(self, request):
        filters = _validated(NominationFilterSerializer, request.query_params)
        rows = selectors.nominations_visible(
            request.user, course_id=filters.get("course"), status=filters.get("status", "")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(NominationSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Trường cử một người (cán bộ hoặc học sinh của trường)"),
        request=NominationCreateSerializer,
        responses={201: NominationSerializer},
    )
    def create(self, request):
        data = _validated(NominationCreateSerializer, request.data)
        course = selectors.get_course_for_user(request.user, data["course"])
        if bool(data.get("staff")) == bool(data.get("student")):
            raise ApplicationError(_("Gửi đúng một trong hai: staff hoặc student."))
        model = Staff if data.get("staff") else Student
        person = (
            model.objects.select_related("unit").filter(pk=data.get("staff") or data.get("student")).first()
        )
        if person is None:
            raise Http404
        school: OrgUnit = person.unit
        nomination = services.nominate(
            actor=request.user,
            course=course,
            school=school,
            staff=person if model is Staff else None,
            student=person if model is Student else None,
            note=data.get("note", ""),
        )
        return Response(NominationSerializer(self._one(nomination.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Đơn vị tổ chức duyệt người được cử"),
        request=None,
        responses=NominationSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        services.nomination_approve(
            actor=request.user, nomination=selectors.get_nomination_for_user(request.user, pk)
        )
        return Response(NominationSerializer(self._one(pk)).data)

    @extend_schema(
        summary=gettext_lazy("Đơn vị tổ chức không duyệt, kèm lý do"),
        request=DeclineSerializer,
        responses=NominationSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        # The record first: outside the caller's scope answers 404 before anything about the body.
        nomination = selectors.get_nomination_for_user(request.user, pk)
        data = _validated(DeclineSerializer, request.data)
        services.nomination_decline(actor=request.user, nomination=nomination, reason=data["reason"])
        return Response(NominationSerializer(self._one(pk)).data)


class CertificateVerifyViewSet(viewsets.GenericViewSet):
    """Public: anyone holding a certificate's code may check it. One certificate by its exact code,
    never a list."""

    serializer_class = CertificateVerificationSerializer
    filter_backends = []
    authentication_classes = []
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_converter = "str"

    def get_queryset(self):
        return Course.objects.none()

    @extend_schema(
        summary=gettext_lazy("Xác minh giấy chứng nhận theo mã (công khai)"),
        auth=[],
        responses=CertificateVerificationSerializer,
    )
    def retrieve(self, request, code=None):
        certificate = selectors.certificate_by_code(code)
        if certificate is None:
            raise Http404
        first, last = selectors.course_dates(certificate.nomination.course)
        return Response(
            CertificateVerificationSerializer(
                {
                    "code": certificate.code,
                    "valid": not certificate.is_revoked,
                    "holder_name": certificate.holder_name,
                    "course_title": certificate.nomination.course.title,
                    "first_day": first,
                    "last_day": last,
                    "issued_on": certificate.issued_on,
                    "issuer": certificate.issuer.name,
                    "revoked_on": timezone.localdate(certificate.revoked_at)
                    if certificate.revoked_at
                    else None,
                }
            ).data
        )


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("courses", CourseViewSet, "course"),
    ("nominations", NominationViewSet, "nomination"),
    ("certificates/verify", CertificateVerifyViewSet, "certificate-verify"),
]
