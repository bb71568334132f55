"""What the outreach app contributes to the REST API: documents, distributions with their
acknowledgements (office), a school's acknowledgements and its one-call acknowledge, events and responses.

Reads go through `outreach.selectors` (scoped: an object outside the user's units is a 404), writes through
`outreach.services` (which check permission and record an event for every status change).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sangtao.accounts import permissions as perms
from sangtao.api.exceptions import vi_errors
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit

from . import selectors, services
from .models import Acknowledgement, Distribution, Document, DocumentKind, Event, EventKind, EventResponse

# ── Serializers ────────────────────────────────────────────────────────────────────────────────────


class DocumentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
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


class AcknowledgeSerializer(serializers.Serializer):
    disseminated_at = serializers.DateField(required=False, allow_null=True, error_messages=vi_errors())
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, error_messages=vi_errors()
    )


class OutreachEventSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=EventKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = ["id", "title", "kind", "kind_label", "starts_on", "ends_on", "unit", "description"]
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


class DocumentFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False, error_messages=vi_errors())


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


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("documents", DocumentViewSet, "document"),
    ("distributions", DistributionViewSet, "distribution"),
    ("acknowledgements", AcknowledgementViewSet, "acknowledgement"),
    ("events", EventViewSet, "event"),
    ("event-responses", EventResponseViewSet, "event-response"),
]
