"""The spaces app's part of the REST API: creative spaces and S&T application models of schools, the
office's review and featuring.

Reads go through `spaces.selectors` (scoped: outside the user's units is a 404), writes through
`spaces.services` (which check permission and record an event for every status change).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors
from sangtao.orgs.api import UnitRefSerializer
from sangtao.orgs.models import OrgUnit, SchoolLevel

from . import selectors, services
from .models import Frequency, ModelArea, ReviewStatus, Space, SpaceKind, TechModel


class SpaceSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=SpaceKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    photo_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Space
        fields = [
            "id",
            "unit",
            "kind",
            "kind_label",
            "name",
            "area_m2",
            "equipment",
            "opened_on",
            "users",
            "description",
            "status",
            "review_comment",
            "is_featured",
            "photo_count",
        ]
        read_only_fields = fields


class TechModelSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    area = serializers.ChoiceField(choices=ModelArea.choices, read_only=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices, read_only=True)
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = TechModel
        fields = [
            "id",
            "unit",
            "name",
            "area",
            "description",
            "since",
            "users",
            "frequency",
            "evidence_url",
            "has_evidence_file",
            "status",
            "review_comment",
            "is_featured",
        ]
        read_only_fields = fields

    def get_has_evidence_file(self, obj) -> bool:
        return bool(obj.evidence)


class SpaceIn(serializers.Serializer):
    unit = serializers.IntegerField(error_messages=vi_errors())
    kind = serializers.ChoiceField(choices=SpaceKind.choices, error_messages=vi_errors())
    name = serializers.CharField(max_length=255, error_messages=vi_errors())
    area_m2 = serializers.DecimalField(
        max_digits=7,
        decimal_places=1,
        required=False,
        allow_null=True,
        min_value=0,
        error_messages=vi_errors(),
    )
    equipment = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    opened_on = serializers.DateField(error_messages=vi_errors())
    users = serializers.CharField(max_length=255, error_messages=vi_errors())
    description = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())


class TechModelIn(serializers.Serializer):
    unit = serializers.IntegerField(error_messages=vi_errors())
    name = serializers.CharField(max_length=255, error_messages=vi_errors())
    area = serializers.ChoiceField(choices=ModelArea.choices, error_messages=vi_errors())
    description = serializers.CharField(error_messages=vi_errors())
    since = serializers.DateField(error_messages=vi_errors())
    frequency = serializers.ChoiceField(choices=Frequency.choices, error_messages=vi_errors())
    users = serializers.CharField(max_length=255, error_messages=vi_errors())
    evidence_url = serializers.URLField(
        required=False, allow_blank=True, max_length=500, error_messages=vi_errors()
    )


class ReviewIn(serializers.Serializer):
    accept = serializers.BooleanField(error_messages=vi_errors())
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, error_messages=vi_errors()
    )


class FeatureIn(serializers.Serializer):
    featured = serializers.BooleanField(error_messages=vi_errors())


class SpaceFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SpaceKind.choices, required=False, error_messages=vi_errors())
    level = serializers.ChoiceField(choices=SchoolLevel.choices, required=False, error_messages=vi_errors())
    status = serializers.ChoiceField(choices=ReviewStatus.choices, required=False, error_messages=vi_errors())
    unit_id = serializers.IntegerField(required=False, error_messages=vi_errors())


class TechModelFilter(serializers.Serializer):
    area = serializers.ChoiceField(choices=ModelArea.choices, required=False, error_messages=vi_errors())
    level = serializers.ChoiceField(choices=SchoolLevel.choices, required=False, error_messages=vi_errors())
    status = serializers.ChoiceField(choices=ReviewStatus.choices, required=False, error_messages=vi_errors())
    unit_id = serializers.IntegerField(required=False, error_messages=vi_errors())


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _unit(user, pk) -> OrgUnit:
    from sangtao.accounts import permissions as perms

    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None or not perms.can_read_unit(user, unit):
        raise Http404
    return unit


class _ReviewActions:
    getter = None
    out = None

    @extend_schema(summary=gettext_lazy("Phòng xem xét: ghi nhận hoặc yêu cầu bổ sung"), request=ReviewIn)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        record = type(self).getter(request.user, pk)
        services.record_review(actor=request.user, record=record, **_validated(ReviewIn, request.data))
        return Response(self.out(type(self).getter(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Phòng giới thiệu (hoặc thôi giới thiệu) công khai"), request=FeatureIn
    )
    @action(detail=True, methods=["post"])
    def feature(self, request, pk=None):
        record = type(self).getter(request.user, pk)
        services.record_feature(actor=request.user, record=record, **_validated(FeatureIn, request.data))
        return Response(self.out(type(self).getter(request.user, pk)).data)


class SpaceViewSet(_ReviewActions, viewsets.GenericViewSet):
    serializer_class = SpaceSerializer
    out = SpaceSerializer
    getter = staticmethod(selectors.get_space_for_user)
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Space.objects.none()
        return selectors.spaces_for_user(self.request.user)

    @extend_schema(summary=gettext_lazy("Không gian sáng tạo của các trường"), parameters=[SpaceFilter])
    def list(self, request):
        filters = _validated(SpaceFilter, request.query_params)
        page = self.paginate_queryset(selectors.spaces_for_user(request.user, **filters))
        return self.get_paginated_response(SpaceSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết không gian sáng tạo"))
    def retrieve(self, request, pk=None):
        return Response(SpaceSerializer(selectors.get_space_for_user(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Trường ghi nhận không gian sáng tạo"),
        request=SpaceIn,
        responses={201: SpaceSerializer},
    )
    def create(self, request):
        data = _validated(SpaceIn, request.data)
        unit = _unit(request.user, data.pop("unit"))
        space = services.space_create(actor=request.user, unit=unit, **data)
        return Response(SpaceSerializer(space).data, status=status.HTTP_201_CREATED)


class TechModelViewSet(_ReviewActions, viewsets.GenericViewSet):
    serializer_class = TechModelSerializer
    out = TechModelSerializer
    getter = staticmethod(selectors.get_model_for_user)
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TechModel.objects.none()
        return selectors.models_for_user(self.request.user)

    @extend_schema(
        summary=gettext_lazy("Mô hình ứng dụng khoa học và công nghệ của các trường"),
        parameters=[TechModelFilter],
    )
    def list(self, request):
        filters = _validated(TechModelFilter, request.query_params)
        page = self.paginate_queryset(selectors.models_for_user(request.user, **filters))
        return self.get_paginated_response(TechModelSerializer(page, many=True).data)

    @extend_schema(summary=gettext_lazy("Chi tiết mô hình ứng dụng khoa học và công nghệ"))
    def retrieve(self, request, pk=None):
        return Response(TechModelSerializer(selectors.get_model_for_user(request.user, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Trường ghi nhận mô hình ứng dụng khoa học và công nghệ"),
        request=TechModelIn,
        responses={201: TechModelSerializer},
    )
    def create(self, request):
        data = _validated(TechModelIn, request.data)
        unit = _unit(request.user, data.pop("unit"))
        model = services.model_create(actor=request.user, unit=unit, **data)
        return Response(TechModelSerializer(model).data, status=status.HTTP_201_CREATED)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("creative-spaces", SpaceViewSet, "creative-space"),
    ("tech-models", TechModelViewSet, "tech-model"),
]
