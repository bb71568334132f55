"""What the communication app contributes to the REST API: the public news and the staff's articles.

Reads go through `communication.selectors` (public: published only; staff: the user's units, else 404),
writes through `communication.services` (permission checks, HTML sanitised on save).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sangtao.api.exceptions import vi_errors

from . import selectors, services
from .models import Article, ArticleCategory, ArticleStatus


class NewsSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    url = serializers.SerializerMethodField()
    cover_url = serializers.SerializerMethodField()
    body = serializers.CharField(read_only=True, help_text=gettext_lazy("HTML đã được làm sạch."))

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "body",
            "category",
            "category_label",
            "tags",
            "unit",
            "unit_name",
            "publish_at",
            "url",
            "cover_url",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return f"{settings.SANGTAO_SITE_URL}{reverse('communication:article', args=[obj.slug])}"

    def get_cover_url(self, obj) -> str | None:
        return f"{settings.SANGTAO_SITE_URL}{obj.cover.url}" if obj.cover_id else None


class ArticleSerializer(NewsSerializer):
    # As people read it: a scheduled article whose time has come is published (Article.current_status).
    status = serializers.ChoiceField(source="current_status", choices=ArticleStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_current_status_display", read_only=True)

    class Meta(NewsSerializer.Meta):
        fields = [*NewsSerializer.Meta.fields, "status", "status_label", "return_reason", "task"]
        read_only_fields = fields


class ArticleInputSerializer(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, error_messages=vi_errors())
    title = serializers.CharField(max_length=250, error_messages=vi_errors())
    category = serializers.ChoiceField(choices=ArticleCategory.choices, error_messages=vi_errors())
    summary = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    body = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())
    tags = serializers.CharField(required=False, allow_blank=True, max_length=250, error_messages=vi_errors())


class PublishInputSerializer(serializers.Serializer):
    publish_at = serializers.DateTimeField(required=False, allow_null=True, error_messages=vi_errors())


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, error_messages=vi_errors())


class NewsViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles, for anyone (the sector's e-portal pulls them)."""

    permission_classes = [AllowAny]
    serializer_class = NewsSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        return selectors.public_articles(q=self.request.query_params.get("q"))

    @extend_schema(summary=gettext_lazy("Tin bài đã đăng (công khai; ?q= tìm không dấu)"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary=gettext_lazy("Một tin bài đã đăng"))
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


class ArticleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Articles of the user's units, in every status."""

    serializer_class = ArticleSerializer

    def get_queryset(self):
        return selectors.staff_articles(self.request.user)

    @extend_schema(summary=gettext_lazy("Tin bài của các đơn vị mình (mọi trạng thái)"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary=gettext_lazy("Một tin bài của đơn vị mình"))
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("Viết một bản nháp"),
        request=ArticleInputSerializer,
        responses={201: ArticleSerializer},
    )
    def create(self, request):
        data = ArticleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        unit_pk = d.pop("unit")
        unit = next((u for u in selectors.writable_units(request.user) if u.pk == unit_pk), None)
        if unit is None:
            raise NotFound
        article = services.article_create(actor=request.user, unit=unit, **d)
        return Response(ArticleSerializer(article).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Gửi duyệt"), request=None, responses=ArticleSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        article = services.article_submit(actor=request.user, article=self.get_object())
        return Response(ArticleSerializer(article).data)

    @extend_schema(
        summary=gettext_lazy("Duyệt và đăng (ngay hoặc hẹn giờ)"),
        request=PublishInputSerializer,
        responses=ArticleSerializer,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = PublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = services.article_publish(
            actor=request.user, article=self.get_object(), publish_at=data.validated_data.get("publish_at")
        )
        return Response(ArticleSerializer(article).data)

    @extend_schema(
        summary=gettext_lazy("Trả lại kèm lý do"), request=ReasonInputSerializer, responses=ArticleSerializer
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = services.article_return(
            actor=request.user, article=self.get_object(), reason=data.validated_data.get("reason", "")
        )
        return Response(ArticleSerializer(article).data)

    @extend_schema(
        summary=gettext_lazy("Gỡ bài (giữ lịch sử)"),
        request=ReasonInputSerializer,
        responses=ArticleSerializer,
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = services.article_unpublish(
            actor=request.user, article=self.get_object(), reason=data.validated_data.get("reason", "")
        )
        return Response(ArticleSerializer(article).data)


ROUTES = [
    ("news", NewsViewSet, "news"),
    ("articles", ArticleViewSet, "article"),
]

__all__ = ["ROUTES", "ArticleStatus"]
