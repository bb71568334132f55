"""What the reports app contributes to the REST API: create a report, edit its text, generate a version in
the background and follow its progress, finalise it, download a version's files.

Reads go through `reports.selectors` (scoped like the pages: a report outside the user's units is a 404),
writes through `reports.services` (permission, lock, an event for every status change).
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors
from sangtao.core.uploads import serve_file
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.models import ReportingPeriod

from . import selectors, services
from .models import Report, ReportKind, ReportStatus, ReportVersion

# ── Serializers ────────────────────────────────────────────────────────────────────────────────────


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    target = serializers.CharField(allow_null=True)
    actual = serializers.CharField(allow_null=True)
    percent_of_target = serializers.CharField(allow_null=True)


class ReportVersionSerializer(serializers.ModelSerializer):
    docx_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    figures = FigureSerializer(many=True, read_only=True)

    class Meta:
        model = ReportVersion
        fields = [
            "id",
            "number",
            "created_at",
            "as_of",
            "docx_url",
            "xlsx_url",
            "pdf_url",
            "pdf_error",
            "figures",
        ]
        read_only_fields = fields

    def get_docx_url(self, obj) -> str:
        return reverse("api:report-version-docx", args=[obj.pk])

    def get_xlsx_url(self, obj) -> str:
        return reverse("api:report-version-xlsx", args=[obj.pk])

    def get_pdf_url(self, obj) -> str | None:
        return reverse("api:report-version-pdf", args=[obj.pk]) if obj.pdf else None


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=ReportStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    level = serializers.ChoiceField(choices=SchoolLevel.choices, allow_blank=True, read_only=True)
    period_name = serializers.CharField(source="period.name", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "plan",
            "period",
            "period_name",
            "kind",
            "unit",
            "level",
            "status",
            "status_label",
            "progress",
            "progress_step",
            "last_error",
            "number",
            "place",
            "signed_on",
            "title",
            "finalised_at",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportSerializer):
    versions = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "signer_title",
            "signer_name",
            "recipients",
            "strengths",
            "limits",
            "causes",
            "directions",
            "versions",
        ]
        read_only_fields = fields

    @extend_schema_field(ReportVersionSerializer(many=True))
    def get_versions(self, obj) -> list:
        return ReportVersionSerializer(selectors.versions_of(obj), many=True).data


class ReportCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(error_messages=vi_errors())
    period = serializers.IntegerField(error_messages=vi_errors())
    unit = serializers.IntegerField(error_messages=vi_errors())
    level = serializers.ChoiceField(
        choices=SchoolLevel.choices, required=False, allow_blank=True, default="", error_messages=vi_errors()
    )


class ReportUpdateSerializer(serializers.Serializer):
    number = serializers.CharField(
        required=False, allow_blank=True, max_length=60, error_messages=vi_errors()
    )
    place = serializers.CharField(required=False, max_length=80, error_messages=vi_errors())
    signed_on = serializers.DateField(required=False, error_messages=vi_errors())
    title = serializers.CharField(required=False, max_length=500, error_messages=vi_errors())
    signer_title = serializers.CharField(required=False, max_length=120, error_messages=vi_errors())
    signer_name = serializers.CharField(required=False, max_length=120, error_messages=vi_errors())
    recipients = serializers.CharField(required=False, error_messages=vi_errors())
    strengths = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    limits = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    causes = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    directions = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())


class ReportFilterSerializer(serializers.Serializer):
    plan = serializers.IntegerField(required=False, error_messages=vi_errors())
    status = serializers.ChoiceField(choices=ReportStatus.choices, required=False, error_messages=vi_errors())


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class ReportViewSet(viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return selectors.reports_for_user(self.request.user)

    def _detail(self, report, code=status.HTTP_200_OK) -> Response:
        report = selectors.get_report_for_user(self.request.user, report.pk)
        return Response(ReportDetailSerializer(report).data, status=code)

    @extend_schema(summary=gettext_lazy("Danh sách báo cáo"), parameters=[ReportFilterSerializer])
    def list(self, request):
        filters = _validated(ReportFilterSerializer, request.query_params)
        reports = selectors.reports_for_user(
            request.user, plan_id=filters.get("plan"), status=filters.get("status", "")
        )
        page = self.paginate_queryset(reports)
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Lập dự thảo báo cáo cho một kỳ và một phạm vi"),
        request=ReportCreateSerializer,
        responses={201: ReportDetailSerializer},
    )
    def create(self, request):
        data = _validated(ReportCreateSerializer, request.data)
        plan = plan_selectors.get_plan_for_user(request.user, data["plan"])
        period = ReportingPeriod.objects.filter(pk=data["period"], plan=plan).first()
        unit = OrgUnit.objects.filter(pk=data["unit"]).first()
        if period is None or unit is None:
            raise Http404
        report = services.report_create(
            actor=request.user, plan=plan, period=period, unit=unit, level=data["level"]
        )
        return self._detail(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Báo cáo: trạng thái, tiến độ tạo văn bản, các phiên bản"),
        responses=ReportDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        return Response(ReportDetailSerializer(selectors.get_report_for_user(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Sửa phần đầu văn bản và các đoạn đánh giá"),
        request=ReportUpdateSerializer,
        responses=ReportDetailSerializer,
    )
    def partial_update(self, request, pk=None):
        report = selectors.get_report_for_user(request.user, pk)
        data = _validated(ReportUpdateSerializer, request.data)
        report = services.report_update(actor=request.user, report=report, **data)
        return self._detail(report)

    @extend_schema(
        summary=gettext_lazy("Tạo văn bản (phiên bản mới) trong nền"),
        request=None,
        responses={202: ReportDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        report = selectors.get_report_for_user(request.user, pk)
        report = services.report_generate(actor=request.user, report=report)
        return self._detail(report, status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary=gettext_lazy("Hoàn tất báo cáo (không sửa được nữa)"),
        request=None,
        responses=ReportDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        report = selectors.get_report_for_user(request.user, pk)
        report = services.report_finalise(actor=request.user, report=report)
        return self._detail(report)


def _download_schema(summary, content_type):
    return extend_schema(
        summary=summary,
        responses={(200, content_type): OpenApiResponse(OpenApiTypes.BINARY)},
    )


class ReportVersionViewSet(viewsets.GenericViewSet):
    serializer_class = ReportVersionSerializer
    filter_backends = []
    pagination_class = None
    lookup_value_converter = "int"

    def get_queryset(self):
        return ReportVersion.objects.none()

    def _file(self, pk, kind):
        version = selectors.get_version_for_user(self.request.user, pk)
        field = getattr(version, kind)
        if not field:
            raise Http404
        suffix = "-phu-luc.xlsx" if kind == "xlsx" else f".{kind}"
        return serve_file(field, filename=f"bao-cao-{version.report_id}-v{version.number}{suffix}")

    @_download_schema(
        gettext_lazy("Tải văn bản báo cáo (.docx)"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        return self._file(pk, "docx")

    @_download_schema(
        gettext_lazy("Tải phụ lục số liệu (.xlsx)"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        return self._file(pk, "xlsx")

    @_download_schema(gettext_lazy("Tải bản PDF của báo cáo"), "application/pdf")
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return self._file(pk, "pdf")


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("reports", ReportViewSet, "report"),
    ("report-versions", ReportVersionViewSet, "report-version"),
]
