"""Creative spaces (không gian sáng tạo) and S&T application models (mô hình ứng dụng KH&CN) of schools.

A school records its own; the office reviews them (accepted ones count in the indicators) and may
feature good ones on the public page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold


class SpaceKind(models.TextChoices):
    STEM_ROOM = "stem_room", _("Phòng học STEM")
    MAKER = "maker", _("Không gian maker, xưởng sáng tạo")
    ROBOTICS = "robotics", _("Phòng robotics, lập trình")
    DIGITAL_LIBRARY = "digital_library", _("Thư viện số")
    SCIENCE_CORNER = "science_corner", _("Góc khoa học, góc trải nghiệm")
    LAB = "lab", _("Phòng thí nghiệm, thực hành")
    OTHER = "other", _("Không gian khác")


class ModelArea(models.TextChoices):
    MANAGEMENT = "management", _("Quản lý nhà trường")
    TEACHING = "teaching", _("Dạy học, giáo dục")
    BOTH = "both", _("Quản lý và dạy học")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Hằng ngày")
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    TERMLY = "termly", _("Theo học kỳ")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Chờ Phòng xem xét")
    ACCEPTED = "accepted", _("Đã ghi nhận")
    NEEDS_WORK = "needs_work", _("Cần bổ sung")


class Reviewed(TimeStampedModel):
    """What spaces and models share: the school, the office's review, and featuring on the public page."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("trường")
    )
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=300, editable=False, default="", db_index=True)
    users = models.CharField(
        _("đối tượng sử dụng"),
        max_length=255,
        help_text=_("Ví dụ: học sinh khối 6–9, câu lạc bộ Robotics, giáo viên."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    review_comment = models.TextField(_("nhận xét của Phòng"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_featured = models.BooleanField(_("giới thiệu công khai"), default=False)
    featured_at = models.DateTimeField(_("giới thiệu từ lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def clean(self):
        if self.is_featured and self.status != ReviewStatus.ACCEPTED:
            raise ValidationError(_("Chỉ giới thiệu công khai được nội dung Phòng đã ghi nhận."))

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)[:300]
        super().save(*args, **kwargs)


class Space(Reviewed):
    kind = models.CharField(_("loại không gian"), max_length=20, choices=SpaceKind.choices)
    area_m2 = models.DecimalField(_("diện tích (m²)"), max_digits=7, decimal_places=1, null=True, blank=True)
    equipment = models.TextField(_("trang thiết bị chính"), blank=True)
    opened_on = models.DateField(_("đưa vào sử dụng từ"))
    description = models.TextField(_("mô tả hoạt động"), blank=True)

    class Meta:
        verbose_name = _("không gian sáng tạo")
        verbose_name_plural = _("không gian sáng tạo")
        ordering = ["unit__path", "name", "id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def clean(self):
        super().clean()
        if self.area_m2 is not None and self.area_m2 <= 0:
            raise ValidationError({"area_m2": _("Diện tích phải lớn hơn 0.")})


class SpacePhoto(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("ảnh"), upload_to="spaces/photos/%Y/")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh không gian sáng tạo")
        verbose_name_plural = _("ảnh không gian sáng tạo")
        ordering = ["space_id", "id"]

    def __str__(self):
        return self.caption or self.image.name


class TechModel(Reviewed):
    """An S&T application model in management or teaching: what it is, since when, who, how often, evidence."""

    area = models.CharField(_("lĩnh vực áp dụng"), max_length=12, choices=ModelArea.choices)
    description = models.TextField(_("mô hình là gì, áp dụng thế nào"))
    since = models.DateField(_("áp dụng từ"))
    frequency = models.CharField(_("mức độ sử dụng"), max_length=10, choices=Frequency.choices)
    evidence_url = models.URLField(_("đường dẫn minh chứng"), max_length=500, blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to="spaces/models/%Y/", blank=True)

    class Meta:
        verbose_name = _("mô hình ứng dụng khoa học và công nghệ")
        verbose_name_plural = _("mô hình ứng dụng khoa học và công nghệ")
        ordering = ["unit__path", "name", "id"]
        indexes = [models.Index(fields=["unit", "status"])]
