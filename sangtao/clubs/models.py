"""Innovation clubs of the schools: the registry, members, the activity log, and the office's rule of "active".

Whether a club is active is never stored: `selectors.club_activity_status` computes it from the members
and the activity log against the `ActivityRule` of the authority above the school (BRIEF §3.2).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sangtao.accounts.models import Staff, Student
from sangtao.core.locking import VersionedModel
from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold
from sangtao.orgs.models import OrgUnit, UnitKind


class ClubType(models.TextChoices):
    INNOVATION = "innovation", _("Đổi mới sáng tạo")
    STEM = "stem", _("STEM")
    INITIATIVE = "initiative", _("Sáng kiến")
    STARTUP = "startup", _("Khởi nghiệp")
    ROBOTICS = "robotics", _("Robotics")
    OTHER = "other", _("Khác")


class ClubStatus(models.TextChoices):
    """What the school says. Whether the club meets the office's rule is computed, not typed."""

    ACTIVE = "active", _("Đang sinh hoạt")
    PAUSED = "paused", _("Tạm dừng")
    CLOSED = "closed", _("Đã giải thể")


class MemberRole(models.TextChoices):
    HEAD = "head", _("Chủ nhiệm")
    DEPUTY = "deputy", _("Phó chủ nhiệm")
    MEMBER = "member", pgettext_lazy("club member role", "Thành viên")


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Sinh hoạt")
    PROJECT = "project", _("Dự án")
    VISIT = "visit", _("Tham quan")
    EXHIBITION = "exhibition", _("Triển lãm")
    COMPETITION = "competition", _("Thi đấu")


class Club(VersionedModel, TimeStampedModel):
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="clubs", verbose_name=_("trường")
    )
    name = models.CharField(_("tên câu lạc bộ"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, default="", db_index=True)
    club_type = models.CharField(
        _("loại câu lạc bộ"), max_length=20, choices=ClubType.choices, default=ClubType.INNOVATION
    )
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_file = models.FileField(_("tệp quyết định"), upload_to="clubs/decisions/%Y/", blank=True)
    advisers = models.ManyToManyField(
        Staff, blank=True, related_name="advised_clubs", verbose_name=_("giáo viên phụ trách, cố vấn")
    )
    meeting_schedule = models.CharField(_("lịch sinh hoạt"), max_length=255, blank=True)
    description = models.TextField(_("mục tiêu, nội dung"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ClubStatus.choices, default=ClubStatus.ACTIVE, db_index=True
    )
    status_reason = models.TextField(_("lý do tạm dừng / giải thể"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("câu lạc bộ")
        verbose_name_plural = _("câu lạc bộ")
        ordering = ["unit__path", "name", "id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)


class ClubMember(models.Model):
    """A student or a staff member of the school, from the school's registries (exactly one of the two)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="club_memberships",
        verbose_name=_("cán bộ, giáo viên"),
    )
    student = models.ForeignKey(
        Student,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="club_memberships",
        verbose_name=_("học sinh"),
    )
    role = models.CharField(
        _("vai trò"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("ngày tham gia"))
    left_on = models.DateField(_("ngày rời câu lạc bộ"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên câu lạc bộ")
        verbose_name_plural = _("thành viên câu lạc bộ")
        ordering = ["club_id", "left_on", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(staff__isnull=False, student__isnull=True)
                    | models.Q(staff__isnull=True, student__isnull=False)
                ),
                name="club_member_staff_xor_student",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="club_member_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def person(self):
        return self.staff if self.staff_id else self.student

    @property
    def is_student(self) -> bool:
        return self.student_id is not None

    def clean(self):
        if bool(self.staff_id) == bool(self.student_id):
            raise ValidationError(_("Thành viên phải là một cán bộ, giáo viên hoặc một học sinh."))
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("Ngày rời câu lạc bộ phải sau ngày tham gia.")})


class ClubActivity(TimeStampedModel):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("ngày"))
    title = models.CharField(_("nội dung hoạt động"), max_length=255)
    kind = models.CharField(
        _("hình thức"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.MEETING
    )
    participants = models.PositiveIntegerField(
        _("số người tham gia"), default=0, validators=[MaxValueValidator(100000)]
    )
    members = models.ManyToManyField(
        ClubMember, blank=True, related_name="activities", verbose_name=_("thành viên tham gia")
    )
    description = models.TextField(_("mô tả, kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hoạt động câu lạc bộ")
        verbose_name_plural = _("hoạt động câu lạc bộ")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["club", "date"])]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.title}"


IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp"}


class ClubActivityFile(TimeStampedModel):
    """A photo or a document proving the activity; checked by content before it is stored."""

    activity = models.ForeignKey(ClubActivity, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to="clubs/activities/%Y/%m/")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    is_image = models.BooleanField(_("là ảnh"), default=False)

    class Meta:
        verbose_name = _("tệp minh chứng hoạt động")
        verbose_name_plural = _("tệp minh chứng hoạt động")
        ordering = ["activity_id", "id"]

    def __str__(self):
        return self.caption or self.filename

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


DEFAULT_MIN_MEMBERS = 5
DEFAULT_MONTHS_REQUIRED = 2


class ActivityRule(TimeStampedModel):
    """The authority's rule of an active club; it applies to every school below the authority."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="club_rule", verbose_name=_("cơ quan quản lý")
    )
    min_members = models.PositiveSmallIntegerField(
        _("số thành viên tối thiểu"),
        default=DEFAULT_MIN_MEMBERS,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    months_required = models.PositiveSmallIntegerField(
        _("số tháng học gần nhất phải có hoạt động"),
        default=DEFAULT_MONTHS_REQUIRED,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_(
            "Mỗi tháng trong số tháng học gần nhất (tháng 9 đến tháng 5) phải có ít nhất một hoạt động."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quy tắc câu lạc bộ hoạt động")
        verbose_name_plural = _("quy tắc câu lạc bộ hoạt động")

    def __str__(self):
        return f"{self.unit}: {self.min_members} / {self.months_required}"

    def clean(self):
        if self.unit_id and self.unit.kind != UnitKind.AUTHORITY:
            raise ValidationError({"unit": _("Quy tắc chỉ đặt cho cơ quan quản lý giáo dục.")})
