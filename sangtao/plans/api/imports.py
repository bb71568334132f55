"""The importer in the API: upload a plan document (or its text) and get the proposed draft as JSON.

The review itself happens on the pages (side by side with the document); the API lets another system
send a document and read back what the importer understood, and list or read the drafts.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sangtao.plans.importer import selectors, services
from sangtao.plans.models import PlanImport

from .serializers import validated, vi_errors


class PlanImportSerializer(serializers.ModelSerializer):
    office = serializers.IntegerField(source="office_id", read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True, allow_null=True)

    class Meta:
        model = PlanImport
        fields = [
            "id",
            "status",
            "source_kind",
            "file_name",
            "title",
            "office",
            "plan",
            "version",
            "created_at",
            "updated_at",
        ]


class PlanImportDetailSerializer(PlanImportSerializer):
    proposal = serializers.JSONField(
        read_only=True,
        help_text=gettext_lazy(
            "Bản đề xuất: header, bases, recipients, nodes (cây mục và nhiệm vụ với lead, partners, implementing, "
            "levels, start, end, found), indicators, warnings."
        ),
    )

    class Meta(PlanImportSerializer.Meta):
        fields = PlanImportSerializer.Meta.fields + ["text", "paragraphs", "proposal"]


class PlanImportCreateSerializer(serializers.Serializer):
    office = serializers.IntegerField(
        required=False,
        help_text=gettext_lazy("Cơ quan ban hành; bỏ trống khi người dùng chỉ làm việc cho một cơ quan."),
        error_messages=vi_errors(),
    )
    file = serializers.FileField(
        required=False,
        error_messages=vi_errors(
            invalid=gettext_lazy("Dữ liệu gửi lên không phải là tệp."), empty=gettext_lazy("Tệp rỗng.")
        ),
    )
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, error_messages=vi_errors()
    )


class PlanImportTextSerializer(serializers.Serializer):
    office = serializers.IntegerField(required=False, error_messages=vi_errors())
    text = serializers.CharField(error_messages=vi_errors())


# Drafts of plans read from documents (office staff of the issuing office only).
class PlanImportViewSet(viewsets.GenericViewSet):
    serializer_class = PlanImportSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanImport.objects.none()
        return selectors.plan_imports_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Các bản nhập kế hoạch từ văn bản"))
    def list(self, request):
        page = self.paginate_queryset(selectors.plan_imports_for_user(request.user))
        return self.get_paginated_response(PlanImportSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Bản nhập: văn bản đọc được và bản đề xuất"),
        responses=PlanImportDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        draft = selectors.get_plan_import_for_user(request.user, pk)
        return Response(PlanImportDetailSerializer(draft).data)

    @extend_schema(
        summary=gettext_lazy("Tải lên văn bản kế hoạch (.docx, hoặc nội dung dạng chữ) và nhận bản đề xuất"),
        description=gettext_lazy(
            "Văn bản không đọc được (bản quét, không có cấu trúc kế hoạch) trả về 400 với "
            "`detail` và `text` là nội dung đã đọc được."
        ),
        request={
            "multipart/form-data": PlanImportCreateSerializer,
            "application/json": PlanImportTextSerializer,
        },
        responses={201: PlanImportDetailSerializer},
    )
    def create(self, request):
        data = validated(PlanImportCreateSerializer, request.data)
        offices = selectors.importing_offices(request.user)
        office = (
            next((o for o in offices if o.pk == data.get("office")), None)
            if data.get("office")
            else (offices[0] if len(offices) == 1 else None)
        )
        if office is None:
            raise PermissionDenied(gettext_lazy("Hãy chọn cơ quan ban hành mà bạn có quyền nhập kế hoạch."))
        draft = services.plan_import_start(
            actor=request.user, office=office, uploaded=data.get("file"), text=data.get("text", "")
        )
        return Response(PlanImportDetailSerializer(draft).data, status=status.HTTP_201_CREATED)
