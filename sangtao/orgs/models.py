"""Organisation units as one tree: authority → teams, schools, affiliated units; partners; observers.

The tree is stored as a materialised path ("/1/4/17/") so that "this unit and everything below it",
the question every permission check asks, is one indexed prefix filter.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold


class UnitKind(models.TextChoices):
    AUTHORITY = "authority", _("Cơ quan quản lý giáo dục")
    TEAM = "team", _("Tổ, bộ phận")
    SCHOOL = "school", _("Trường học")
    AFFILIATED = "affiliated", _("Đơn vị trực thuộc")
    PARTNER = "partner", _("Đơn vị phối hợp")
    OBSERVER = "observer", _("Cơ quan theo dõi")


class SchoolLevel(models.TextChoices):
    MN = "MN", _("Mầm non")
    TH = "TH", _("Tiểu học")
    THCS = "THCS", _("Trung học cơ sở")
    THPT = "THPT", _("Trung học phổ thông")
    MULTI = "MULTI", _("Nhiều cấp học")
    DVTN = "DVTN", _("Đơn vị trực thuộc")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Công lập")
    NON_PUBLIC = "non_public", _("Ngoài công lập")


IMPLEMENTING_KINDS = (UnitKind.SCHOOL, UnitKind.AFFILIATED)


class OrgUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(closed_on__isnull=True)

    def schools(self):
        return self.filter(kind__in=IMPLEMENTING_KINDS)

    def within(self, units):
        """Units at or below any of the given units."""
        q = models.Q(pk__in=[])
        for unit in units:
            q |= models.Q(path__startswith=unit.path)
        return self.filter(q)


class OrgUnit(TimeStampedModel):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, default="", db_index=True)
    level = models.CharField(_("cấp học"), max_length=10, choices=SchoolLevel.choices, blank=True)
    ownership = models.CharField(_("loại hình"), max_length=20, choices=Ownership.choices, blank=True)
    province_code = models.CharField(_("mã tỉnh/thành"), max_length=10, blank=True)
    ward_code = models.CharField(_("mã phường/xã"), max_length=10, blank=True)
    ward_name = models.CharField(_("phường/xã"), max_length=120, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    head_name = models.CharField(_("thủ trưởng"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    closed_on = models.DateField(_("ngày giải thể / sáp nhập"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self):
        return self.name

    @property
    def is_school(self):
        return self.kind in IMPLEMENTING_KINDS

    @property
    def depth(self):
        return self.path.count("/") - 2 if self.path else 0

    @property
    def display_short(self):
        return self.short_name or self.name

    def clean(self):
        if self.kind in IMPLEMENTING_KINDS and self.kind == UnitKind.SCHOOL and not self.level:
            raise ValidationError({"level": _("Trường học phải có cấp học.")})
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới.")})

    def save(self, *args, **kwargs):
        # Derived columns only; moving a subtree is a service (orgs.services.unit_move).
        self.name_folded = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if self.path != expected:
            self.path = expected
            type(self).objects.filter(pk=self.pk).update(path=expected)

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return OrgUnit.objects.filter(pk__in=ids[:-1]).order_by("path")


class SchoolYear(models.Model):
    name = models.CharField(_("năm học"), max_length=20, unique=True)  # "2023-2024"
    start = models.DateField(_("bắt đầu"))
    end = models.DateField(_("kết thúc"))
    is_current = models.BooleanField(_("năm học hiện tại"), default=False)

    class Meta:
        verbose_name = _("năm học")
        verbose_name_plural = _("năm học")
        ordering = ["-start"]

    def __str__(self):
        return self.name


class UnitYearStats(models.Model):
    """Headcounts per school year: the denominators of coverage indicators."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="year_stats")
    year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    students = models.PositiveIntegerField(_("số học sinh"), default=0)
    managers = models.PositiveIntegerField(_("số CBQL"), default=0)
    teachers = models.PositiveIntegerField(_("số giáo viên"), default=0)
    staff = models.PositiveIntegerField(_("số nhân viên"), default=0)

    class Meta:
        verbose_name = _("số liệu năm học")
        verbose_name_plural = _("số liệu năm học")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_year_stats_unique")]

    def __str__(self):
        return f"{self.unit} — {self.year}"


class UnitHistory(models.Model):
    """A unit that was moved, renamed or closed keeps a record of what it was."""

    class Change(models.TextChoices):
        MOVED = "moved", _("Chuyển đơn vị cấp trên")
        CLOSED = "closed", _("Giải thể / sáp nhập")
        REOPENED = "reopened", _("Hoạt động trở lại")
        RENAMED = "renamed", _("Đổi tên")

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="history")
    change = models.CharField(max_length=20, choices=Change.choices)
    old_parent = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_parent = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người thực hiện"),
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.unit} — {self.get_change_display()}"
