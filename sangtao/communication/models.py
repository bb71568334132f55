"""News articles (tin bài) of the public portal and the images their bodies use."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core import clock
from sangtao.core.locking import VersionedModel
from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold


class ArticleCategory(models.TextChoices):
    POLICY = "policy", _("Chính sách KH&CN")
    INNOVATION = "innovation", _("Đổi mới sáng tạo")
    STEM = "stem", _("STEM")
    GREEN = "green", _("Trường học xanh")
    EXAMPLE = "example", _("Gương điển hình")
    EVENT = "event", _("Sự kiện")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Trả lại")
    SCHEDULED = "scheduled", _("Hẹn giờ đăng")
    PUBLISHED = "published", _("Đã đăng")
    UNPUBLISHED = "unpublished", _("Đã gỡ")


class Article(VersionedModel, TimeStampedModel):
    title = models.CharField(_("tiêu đề"), max_length=250)
    title_folded = models.CharField(max_length=250, blank=True, db_index=True, editable=False)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    text_folded = models.TextField(blank=True, editable=False)
    cover = models.ForeignKey(
        "ArticleImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh bìa"),
    )
    category = models.CharField(_("chuyên mục"), max_length=20, choices=ArticleCategory.choices)
    tags = models.CharField(_("từ khoá"), max_length=250, blank=True, help_text=_("Cách nhau bởi dấu phẩy."))
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="articles", verbose_name=_("đơn vị")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người viết"),
    )
    task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("nhiệm vụ kế hoạch"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True, db_index=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_folded = fold(self.title)[:250]
        self.text_folded = fold(f"{self.title} {self.summary} {self.tags}")
        super().save(*args, **kwargs)

    @property
    def current_status(self) -> str:
        """The status as people read it: a scheduled article whose time has come is published (nothing
        rewrites the stored status at that moment; the public pages and feeds go by `publish_at` too)."""
        if self.status == ArticleStatus.SCHEDULED and self.publish_at and self.publish_at <= clock.now():
            return ArticleStatus.PUBLISHED
        return self.status

    def get_current_status_display(self) -> str:
        return ArticleStatus(self.current_status).label

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.split(",") if t.strip()]


def _image_path(instance, filename):
    return f"news/{instance.unit_id}/{filename}"


class ArticleImage(TimeStampedModel):
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("tệp ảnh"), upload_to=_image_path)
    kind = models.CharField(max_length=8)

    class Meta:
        verbose_name = _("ảnh tin bài")
        verbose_name_plural = _("ảnh tin bài")

    def __str__(self):
        return self.file.name

    @property
    def url(self):
        from django.urls import reverse

        return reverse("communication:image", args=[self.pk])
