"""What the orgs app contributes to the REST API: the organisation units a user may see.

The same selectors as the pages: a role covers its unit and everything below it, so a principal sees
the school, the office its subtree, an observer the whole tree; any other unit is a 404.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors

from . import selectors
from .models import OrgUnit, Ownership, SchoolLevel, UnitKind, UnitYearStats


# A unit as other records mention it.
class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "short_name", "kind", "level"]
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True)
    is_closed = serializers.SerializerMethodField()

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "ownership",
            "parent",
            "depth",
            "ward_name",
            "closed_on",
            "is_closed",
        ]
        read_only_fields = fields

    def get_is_closed(self, unit) -> bool:
        return unit.closed_on is not None


class UnitYearStatsSerializer(serializers.ModelSerializer):
    year = serializers.CharField(source="year.name", read_only=True)

    class Meta:
        model = UnitYearStats
        fields = ["year", "students", "managers", "teachers", "staff"]
        read_only_fields = fields


class UnitDetailSerializer(UnitSerializer):
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True, default=None)
    year_stats = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [
            *UnitSerializer.Meta.fields,
            "parent_name",
            "province_code",
            "ward_code",
            "address",
            "head_name",
            "phone",
            "email",
            "year_stats",
        ]
        read_only_fields = fields

    @extend_schema_field(UnitYearStatsSerializer(many=True))
    def get_year_stats(self, unit):
        return UnitYearStatsSerializer(selectors.unit_year_stats(unit), many=True).data


class UnitFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=UnitKind.choices, required=False, error_messages=vi_errors(), help_text=_("Loại đơn vị.")
    )
    level = serializers.ChoiceField(
        choices=SchoolLevel.choices, required=False, error_messages=vi_errors(), help_text=_("Cấp học.")
    )
    ownership = serializers.ChoiceField(
        choices=Ownership.choices,
        required=False,
        error_messages=vi_errors(),
        help_text=_("Loại hình: công lập, ngoài công lập."),
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=vi_errors(),
        help_text=_("Tìm theo tên, tên viết tắt hoặc mã; gõ không dấu cũng được."),
    )
    include_closed = serializers.BooleanField(
        required=False,
        default=False,
        error_messages=vi_errors(),
        help_text=_("Kể cả đơn vị đã giải thể / sáp nhập."),
    )


class UnitViewSet(viewsets.GenericViewSet):
    serializer_class = UnitSerializer
    filter_backends = []
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OrgUnit.objects.none()
        return selectors.units_for_user(self.request.user)

    @extend_schema(summary=_("Danh sách đơn vị"), parameters=[UnitFilterSerializer])
    def list(self, request):
        filters = UnitFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.units_for_user(request.user, **filters.validated_data))
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    @extend_schema(summary=_("Chi tiết đơn vị và số liệu theo năm học"), responses=UnitDetailSerializer)
    def retrieve(self, request, pk=None):
        return Response(UnitDetailSerializer(selectors.get_unit_for_user(request.user, pk)).data)


# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("units", UnitViewSet, "unit"),
]
