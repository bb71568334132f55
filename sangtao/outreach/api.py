"""What the outreach app contributes to the REST API: documents, distributions with their
acknowledgements (the office sends a document to a group of schools), a school's acknowledgements and its
one-call acknowledge, events and responses, banner campaigns with their coverage and the schools' banner
reports (photos sent as multipart).

Reads go through `outreach.selectors` (scoped: an object outside the user's units is a 404), writes through
`outreach.services` (which check permission and record an event for every status change).
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from sangtao.accounts import permissions as perms
from sangtao.api.exceptions import vi_errors
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit, SchoolLevel

from . import selectors, services
from .models import (
    Acknowledgement,
    BannerCampaign,
    BannerReport,
    BannerStatus,
    Distribution,
    Document,
    DocumentKind,
    DocumentStatus,
    Event,
    EventKind,
    EventResponse,
    EventStatus,
)

# ── Serializers ────────────────────────────────────────────────────────────────────────────────────


class DocumentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.ChoiceField(choices=DocumentStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "issued_on",
            "issuer",
            "kind",
            "kind_label",
            "summary",
            "valid_from",
            "valid_to",
            "status",
            "status_label",
            "has_file",
        ]
        read_only_fields = fields

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class AcknowledgementSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    acknowledged = serializers.BooleanField(source="is_acknowledged", read_only=True)
    document = DocumentSerializer(source="distribution.document", read_only=True)
    due_on = serializers.DateField(source="distribution.due_on", read_only=True)

    class Meta:
        model = Acknowledgement
        fields = [
            "id",
            "distribution",
            "document",
            "due_on",
            "unit",
            "acknowledged",
            "received_at",
            "disseminated_at",
            "note",
        ]
        read_only_fields = fields


class AckRowSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    acknowledged = serializers.BooleanField(source="is_acknowledged", read_only=True)

    class Meta:
        model = Acknowledgement
        fields = ["id", "unit", "acknowledged", "received_at", "disseminated_at", "note"]
        read_only_fields = fields


class DistributionSerializer(serializers.ModelSerializer):
    document = DocumentSerializer(read_only=True)
    total = serializers.IntegerField(read_only=True)
    done = serializers.IntegerField(read_only=True)

    class Meta:
        model = Distribution
        fields = ["id", "document", "sent_at", "due_on", "note", "total", "done"]
        read_only_fields = fields


class DistributionDetailSerializer(DistributionSerializer):
    acknowledgements = serializers.SerializerMethodField()

    class Meta(DistributionSerializer.Meta):
        fields = [*DistributionSerializer.Meta.fields, "acknowledgements"]
        read_only_fields = fields

    @extend_schema(responses=AckRowSerializer(many=True))
    def get_acknowledgements(self, obj) -> list:
        return AckRowSerializer(selectors.acknowledgements_of(obj), many=True).data


class DistributionCreateSerializer(serializers.Serializer):
    document = serializers.IntegerField(min_value=1, error_messages=vi_errors())
    units = serializers.ListField(
        child=serializers.IntegerField(min_value=1, error_messages=vi_errors()),
        required=False,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Các trường nhận (id). Để trống: mọi trường thuộc “under” (và “level”)."),
    )
    under = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Gửi đến mọi trường đang hoạt động thuộc đơn vị này (id)."),
    )
    level = serializers.ChoiceField(
        choices=SchoolLevel.choices, required=False, allow_blank=True, error_messages=vi_errors()
    )
    due_on = serializers.DateField(error_messages=vi_errors(), help_text=gettext_lazy("Hạn xác nhận."))
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, error_messages=vi_errors()
    )

    def validate(self, attrs):
        if not attrs.get("units") and not attrs.get("under"):
            raise serializers.ValidationError(
                {"units": [gettext_lazy("Hãy chọn các trường nhận, hoặc đơn vị có các trường nhận.")]}
            )
        return attrs


class AcknowledgeSerializer(serializers.Serializer):
    disseminated_at = serializers.DateField(required=False, allow_null=True, error_messages=vi_errors())
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, error_messages=vi_errors()
    )


class OutreachEventSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=EventKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    level = serializers.ChoiceField(choices=SchoolLevel.choices, read_only=True, allow_blank=True)
    status = serializers.ChoiceField(choices=EventStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "starts_on",
            "ends_on",
            "unit",
            "level",
            "description",
            "status",
            "status_label",
            "cancel_reason",
        ]
        read_only_fields = fields


class EventResponseSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = EventResponse
        fields = ["id", "event", "unit", "activities", "participants", "evidence_url", "article_url", "at"]
        read_only_fields = fields


class EventResponseCreateSerializer(serializers.Serializer):
    event = serializers.IntegerField(error_messages=vi_errors())
    unit = serializers.IntegerField(error_messages=vi_errors())
    activities = serializers.CharField(max_length=5000, error_messages=vi_errors())
    participants = serializers.IntegerField(min_value=0, default=0, error_messages=vi_errors())
    evidence_url = serializers.URLField(required=False, allow_blank=True, error_messages=vi_errors())
    article_url = serializers.URLField(required=False, allow_blank=True, error_messages=vi_errors())


class EventResponseFilterSerializer(serializers.Serializer):
    event = serializers.IntegerField(required=False, error_messages=vi_errors())


class BannerReportSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    photo_url = serializers.SerializerMethodField()
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = BannerReport
        fields = ["id", "campaign", "unit", "place", "hung_on", "photo_url", "by_name", "created_at"]
        read_only_fields = fields

    def get_photo_url(self, obj) -> str:
        """The photo, served only to those who may see the report (session login)."""
        return reverse("outreach:banner_photo", args=[obj.pk])

    def get_by_name(self, obj) -> str:
        return (obj.by.get_full_name() or obj.by.username) if obj.by else ""


class BannerReportCreateSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(min_value=1, error_messages=vi_errors())
    unit = serializers.IntegerField(min_value=1, error_messages=vi_errors())
    place = serializers.CharField(
        max_length=255, error_messages=vi_errors(), help_text=gettext_lazy("Vị trí treo.")
    )
    hung_on = serializers.DateField(error_messages=vi_errors(), help_text=gettext_lazy("Ngày treo."))
    photo = serializers.FileField(
        error_messages=vi_errors(
            invalid=gettext_lazy("Dữ liệu gửi lên không phải là tệp."), empty=gettext_lazy("Tệp rỗng.")
        ),
        help_text=gettext_lazy("Ảnh JPG, PNG hoặc WebP."),
    )


class BannerReportFilterSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(required=False, error_messages=vi_errors())


class BannerCampaignSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=BannerStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    sender_unit = UnitRefSerializer(read_only=True)
    asked = serializers.IntegerField(read_only=True, help_text=gettext_lazy("Số trường được đề nghị."))
    reported = serializers.IntegerField(read_only=True, help_text=gettext_lazy("Số trường đã báo cáo."))

    class Meta:
        model = BannerCampaign
        fields = [
            "id",
            "theme",
            "banner_text",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
            "cancel_reason",
            "sender_unit",
            "asked",
            "reported",
        ]
        read_only_fields = fields


class CoverageRowSerializer(serializers.Serializer):
    unit = UnitRefSerializer(read_only=True)
    reported = serializers.BooleanField(read_only=True)
    reports = BannerReportSerializer(many=True, read_only=True)


class BannerCampaignDetailSerializer(BannerCampaignSerializer):
    coverage = serializers.SerializerMethodField()

    class Meta(BannerCampaignSerializer.Meta):
        fields = [*BannerCampaignSerializer.Meta.fields, "coverage"]
        read_only_fields = fields

    @extend_schema_field(CoverageRowSerializer(many=True))
    def get_coverage(self, obj) -> list:
        rows = [
            {"unit": unit, "reported": bool(reports), "reports": reports}
            for unit, reports in selectors.banner_coverage(obj, self.context["request"].user)
        ]
        return CoverageRowSerializer(rows, many=True).data


class DocumentFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False, error_messages=vi_errors())


class DocumentUpdateSerializer(serializers.Serializer):
    """A correction of a document (PATCH: only the fields sent change; the file is changed on its page)."""

    number = serializers.CharField(
        max_length=80, required=False, allow_blank=True, error_messages=vi_errors()
    )
    issued_on = serializers.DateField(required=False, error_messages=vi_errors())
    issuer = serializers.CharField(max_length=255, required=False, error_messages=vi_errors())
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False, error_messages=vi_errors())
    summary = serializers.CharField(max_length=500, required=False, error_messages=vi_errors())
    valid_from = serializers.DateField(required=False, allow_null=True, error_messages=vi_errors())
    valid_to = serializers.DateField(required=False, allow_null=True, error_messages=vi_errors())


class EventUpdateSerializer(serializers.Serializer):
    """A correction of an event (PATCH: only the fields sent change)."""

    title = serializers.CharField(max_length=255, required=False, error_messages=vi_errors())
    kind = serializers.ChoiceField(choices=EventKind.choices, required=False, error_messages=vi_errors())
    starts_on = serializers.DateField(required=False, error_messages=vi_errors())
    ends_on = serializers.DateField(required=False, allow_null=True, error_messages=vi_errors())
    unit = serializers.IntegerField(
        required=False,
        allow_null=True,
        error_messages=vi_errors(),
        help_text=gettext_lazy("Đơn vị có sự kiện (trống: toàn ngành)."),
    )
    level = serializers.ChoiceField(
        choices=SchoolLevel.choices, required=False, allow_blank=True, error_messages=vi_errors()
    )
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, error_messages=vi_errors()
    )


class BannerCampaignUpdateSerializer(serializers.Serializer):
    """A correction of a banner campaign (PATCH: only the fields sent change; `units` replaces the list)."""

    theme = serializers.CharField(max_length=255, required=False, error_messages=vi_errors())
    banner_text = serializers.CharField(max_length=2000, required=False, error_messages=vi_errors())
    starts_on = serializers.DateField(required=False, error_messages=vi_errors())
    ends_on = serializers.DateField(required=False, error_messages=vi_errors())
    units = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_empty=False, error_messages=vi_errors()
    )


class OutreachReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, error_messages=vi_errors())


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ── Views ──────────────────────────────────────────────────────────────────────────────────────────


class DocumentViewSet(viewsets.GenericViewSet):
    serializer_class = DocumentSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return selectors.documents_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Thư viện văn bản, cẩm nang"), parameters=[DocumentFilterSerializer])
    def list(self, request):
        filters = _validated(DocumentFilterSerializer, request.query_params)
        page = self.paginate_queryset(selectors.documents_for_user(request.user, **filters))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết văn bản"))
    def retrieve(self, request, pk=None):
        doc = selectors.documents_for_user(request.user).filter(pk=pk).first()
        if doc is None:
            raise Http404
        return Response(DocumentSerializer(doc).data)

    @extend_schema(
        summary=gettext_lazy("Sửa văn bản (người tạo hoặc cán bộ Phòng quản lý)"),
        request=DocumentUpdateSerializer,
        responses=DocumentSerializer,
    )
    def partial_update(self, request, pk=None):
        doc = selectors.get_document_for_user(request.user, pk)
        data = _validated(DocumentUpdateSerializer, request.data)
        fields = ("number", "issued_on", "issuer", "kind", "summary", "valid_from", "valid_to")
        current = {f: getattr(doc, f) for f in fields}
        doc = services.document_update(actor=request.user, document=doc, **{**current, **data})
        return Response(DocumentSerializer(selectors.get_document_for_user(request.user, doc.pk)).data)

    @extend_schema(
        summary=gettext_lazy("Thu hồi văn bản (ghi lý do)"),
        request=OutreachReasonSerializer,
        responses=DocumentSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        doc = selectors.get_document_for_user(request.user, pk)
        data = _validated(OutreachReasonSerializer, request.data)
        doc = services.document_withdraw(actor=request.user, document=doc, reason=data["reason"])
        return Response(DocumentSerializer(selectors.get_document_for_user(request.user, doc.pk)).data)


class DistributionViewSet(viewsets.GenericViewSet):
    """The office's distributions: who acknowledged, who has not."""

    serializer_class = DistributionSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Distribution.objects.none()
        return selectors.distributions_for_office(self.request.user)

    @extend_schema(summary=gettext_lazy("Các đợt gửi văn bản của Phòng"))
    def list(self, request):
        page = self.paginate_queryset(selectors.distributions_for_office(request.user))
        return self.get_paginated_response(DistributionSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Tình hình xác nhận của một đợt gửi"), responses=DistributionDetailSerializer
    )
    def retrieve(self, request, pk=None):
        dist = selectors.distributions_for_office(request.user).filter(pk=pk).first()
        if dist is None:
            raise Http404
        return Response(DistributionDetailSerializer(dist).data)

    @extend_schema(
        summary=gettext_lazy("Gửi văn bản đến một nhóm trường, kèm hạn xác nhận"),
        request=DistributionCreateSerializer,
        responses={201: DistributionDetailSerializer},
    )
    def create(self, request):
        data = _validated(DistributionCreateSerializer, request.data)
        document = selectors.documents_for_user(request.user).filter(pk=data["document"]).first()
        if document is None:
            raise Http404
        under = None
        if data.get("under"):
            under = OrgUnit.objects.filter(pk=data["under"]).first()
            if under is None or not perms.can_read_unit(request.user, under):
                raise Http404
        units = list(OrgUnit.objects.filter(pk__in=data.get("units") or []).order_by("path"))
        if len(units) != len(set(data.get("units") or [])):
            raise serializers.ValidationError({"units": [gettext_lazy("Có trường không tồn tại.")]})
        recipients = services.recipient_units(under=under, level=data.get("level", ""), units=units)
        dist = services.distribution_send(
            actor=request.user,
            document=document,
            units=recipients,
            due_on=data["due_on"],
            note=data.get("note", ""),
        )
        dist = selectors.distributions_for_office(request.user).get(pk=dist.pk)
        return Response(DistributionDetailSerializer(dist).data, status=status.HTTP_201_CREATED)


class AcknowledgementViewSet(viewsets.GenericViewSet):
    """A school's documents to acknowledge ("Văn bản cần xác nhận")."""

    serializer_class = AcknowledgementSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Acknowledgement.objects.none()
        return selectors.inbox_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Văn bản cần xác nhận của trường"))
    def list(self, request):
        page = self.paginate_queryset(selectors.inbox_for_user(request.user))
        return self.get_paginated_response(AcknowledgementSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Trường xác nhận đã nhận văn bản"),
        request=AcknowledgeSerializer,
        responses=AcknowledgementSerializer,
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        ack = selectors.inbox_for_user(request.user).filter(pk=pk).first()
        if ack is None:
            raise Http404
        data = _validated(AcknowledgeSerializer, request.data)
        ack = services.acknowledge(actor=request.user, acknowledgement=ack, **data)
        return Response(AcknowledgementSerializer(selectors.inbox_for_user(request.user).get(pk=ack.pk)).data)


class EventViewSet(viewsets.GenericViewSet):
    serializer_class = OutreachEventSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return selectors.events_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Sự kiện"))
    def list(self, request):
        page = self.paginate_queryset(selectors.events_for_user(request.user))
        return self.get_paginated_response(OutreachEventSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết sự kiện"))
    def retrieve(self, request, pk=None):
        event = selectors.events_for_user(request.user).filter(pk=pk).first()
        if event is None:
            raise Http404
        return Response(OutreachEventSerializer(event).data)

    @extend_schema(
        summary=gettext_lazy("Sửa sự kiện (người tạo hoặc cán bộ Phòng quản lý)"),
        request=EventUpdateSerializer,
        responses=OutreachEventSerializer,
    )
    def partial_update(self, request, pk=None):
        event = selectors.get_event_for_user(request.user, pk)
        data = _validated(EventUpdateSerializer, request.data)
        if data.get("unit") is not None:
            unit = OrgUnit.objects.filter(pk=data["unit"]).first()
            if unit is None or not perms.can_read_unit(request.user, unit):
                raise ValidationError({"unit": [gettext_lazy("Không tìm thấy đơn vị.")]})
            data["unit"] = unit
        fields = ("title", "kind", "starts_on", "ends_on", "unit", "level", "description")
        current = {f: getattr(event, f) for f in fields}
        event = services.event_update(actor=request.user, event=event, **{**current, **data})
        return Response(OutreachEventSerializer(selectors.get_event_for_user(request.user, event.pk)).data)

    @extend_schema(
        summary=gettext_lazy("Hủy sự kiện (ghi lý do)"),
        request=OutreachReasonSerializer,
        responses=OutreachEventSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        event = selectors.get_event_for_user(request.user, pk)
        data = _validated(OutreachReasonSerializer, request.data)
        event = services.event_cancel(actor=request.user, event=event, reason=data["reason"])
        return Response(OutreachEventSerializer(selectors.get_event_for_user(request.user, event.pk)).data)


class EventResponseViewSet(viewsets.GenericViewSet):
    serializer_class = EventResponseSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EventResponse.objects.none()
        return EventResponse.objects.filter(perms.scope_q(self.request.user)).select_related("unit")

    @extend_schema(
        summary=gettext_lazy("Báo cáo hưởng ứng sự kiện"), parameters=[EventResponseFilterSerializer]
    )
    def list(self, request):
        filters = _validated(EventResponseFilterSerializer, request.query_params)
        rows = self.get_queryset().order_by("-at", "id")
        if filters.get("event"):
            rows = rows.filter(event_id=filters["event"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(EventResponseSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Trường báo cáo hưởng ứng sự kiện"),
        request=EventResponseCreateSerializer,
        responses={201: EventResponseSerializer},
    )
    def create(self, request):
        data = _validated(EventResponseCreateSerializer, request.data)
        event = selectors.events_for_user(request.user).filter(pk=data.pop("event")).first()
        unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
        if event is None or unit is None or not perms.can_read_unit(request.user, unit):
            raise Http404
        response = services.event_respond(actor=request.user, event=event, unit=unit, **data)
        return Response(EventResponseSerializer(response).data, status=status.HTTP_201_CREATED)


class BannerCampaignViewSet(viewsets.GenericViewSet):
    """Banner campaigns: those the user's office launched, or those the user's school was asked to join."""

    serializer_class = BannerCampaignSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BannerCampaign.objects.none()
        return selectors.banner_campaigns_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Các đợt treo băng rôn"))
    def list(self, request):
        page = self.paginate_queryset(
            selectors.banner_campaigns_for_user(request.user).select_related("sender_unit")
        )
        return self.get_paginated_response(BannerCampaignSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Một đợt treo băng rôn và tình hình báo cáo của từng trường"),
        responses=BannerCampaignDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        campaign = selectors.get_campaign_for_user(request.user, pk)
        return Response(BannerCampaignDetailSerializer(campaign, context={"request": request}).data)

    @extend_schema(
        summary=gettext_lazy("Sửa đợt treo băng rôn (người tạo hoặc cán bộ Phòng phát động)"),
        request=BannerCampaignUpdateSerializer,
        responses=BannerCampaignDetailSerializer,
    )
    def partial_update(self, request, pk=None):
        campaign = selectors.get_campaign_for_user(request.user, pk)
        data = _validated(BannerCampaignUpdateSerializer, request.data)
        if "units" in data:
            ids = set(data["units"])
            units = list(OrgUnit.objects.filter(pk__in=ids))
            if len(units) != len(ids) or not all(perms.can_read_unit(request.user, u) for u in units):
                raise ValidationError({"units": [gettext_lazy("Có đơn vị không tìm thấy.")]})
            data["units"] = units
        else:
            data["units"] = list(campaign.units.all())
        fields = ("theme", "banner_text", "starts_on", "ends_on")
        current = {f: getattr(campaign, f) for f in fields}
        campaign = services.banner_campaign_update(
            actor=request.user, campaign=campaign, **{**current, **data}
        )
        campaign = selectors.get_campaign_for_user(request.user, campaign.pk)
        return Response(BannerCampaignDetailSerializer(campaign, context={"request": request}).data)

    @extend_schema(
        summary=gettext_lazy("Hủy đợt treo băng rôn (ghi lý do)"),
        request=OutreachReasonSerializer,
        responses=BannerCampaignSerializer,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        campaign = selectors.get_campaign_for_user(request.user, pk)
        data = _validated(OutreachReasonSerializer, request.data)
        services.banner_campaign_cancel(actor=request.user, campaign=campaign, reason=data["reason"])
        return Response(
            BannerCampaignSerializer(selectors.get_campaign_for_user(request.user, campaign.pk)).data
        )


class BannerReportViewSet(viewsets.GenericViewSet):
    """Where and when each school hung the banner, with a photo."""

    serializer_class = BannerReportSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BannerReport.objects.none()
        return selectors.banner_reports_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Báo cáo treo băng rôn"), parameters=[BannerReportFilterSerializer])
    def list(self, request):
        filters = _validated(BannerReportFilterSerializer, request.query_params)
        rows = selectors.banner_reports_for_user(request.user)
        if filters.get("campaign"):
            rows = rows.filter(campaign_id=filters["campaign"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(BannerReportSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Trường báo cáo đã treo băng rôn (ảnh gửi dạng multipart)"),
        request={"multipart/form-data": BannerReportCreateSerializer},
        responses={201: BannerReportSerializer},
    )
    def create(self, request):
        data = _validated(BannerReportCreateSerializer, request.data)
        campaign = selectors.banner_campaigns_for_user(request.user).filter(pk=data.pop("campaign")).first()
        unit = OrgUnit.objects.filter(pk=data.pop("unit")).first()
        if campaign is None or unit is None or not perms.can_read_unit(request.user, unit):
            raise Http404
        report = services.banner_report(actor=request.user, campaign=campaign, unit=unit, **data)
        return Response(BannerReportSerializer(report).data, status=status.HTTP_201_CREATED)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("documents", DocumentViewSet, "document"),
    ("distributions", DistributionViewSet, "distribution"),
    ("acknowledgements", AcknowledgementViewSet, "acknowledgement"),
    ("events", EventViewSet, "event"),
    ("event-responses", EventResponseViewSet, "event-response"),
    ("banner-campaigns", BannerCampaignViewSet, "banner-campaign"),
    ("banner-reports", BannerReportViewSet, "banner-report"),
]
