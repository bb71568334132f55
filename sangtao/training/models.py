"""Training and capacity building: courses, their sessions and quotas, nominations, attendance,
completion and certificates (BRIEF §3.3, seed plan I, II.1, III.1)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangtao.accounts.models import Staff, Student
from sangtao.core.locking import VersionedModel
from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold
from sangtao.orgs.models import OrgUnit, SchoolLevel


class Topic(models.TextChoices):
    INNOVATION = "innovation", _("Đổi mới sáng tạo")
    STARTUP = "startup", _("Khởi nghiệp")
    STEM = "stem", _("STEM")
    ENERGY_SAVING = "energy_saving", _("Tiết kiệm năng lượng")
    RENEWABLE = "renewable", _("Năng lượng tái tạo")
    ST_POLICY = "st_policy", _("Chính sách KH&CN")
    DIGITAL = "digital", _("Chuyển đổi số")


# The training that the plan's "target groups covered" indicator counts (BRIEF §4).
COVERAGE_TOPICS = (Topic.INNOVATION, Topic.STARTUP, Topic.STEM, Topic.ENERGY_SAVING, Topic.RENEWABLE)


class TargetGroup(models.TextChoices):
    CBQL = "CBQL", _("Cán bộ quản lý")
    GV = "GV", _("Giáo viên")
    NV = "NV", _("Nhân viên")
    HS = "HS", _("Học sinh")


# The school levels a course may be meant for (the plan's implementing levels).
COURSE_LEVELS = [SchoolLevel.MN, SchoolLevel.TH, SchoolLevel.THCS, SchoolLevel.DVTN]

# Who must have taken part for a school to count as covered: every group at primary and lower secondary;
# staff only at preschools (BRIEF §4: "all groups at TH and THCS; staff at MN"). The plan says nothing of
# affiliated units, which have no pupils of their own in the demo, so they are treated like preschools.
STAFF_GROUPS = (TargetGroup.CBQL, TargetGroup.GV, TargetGroup.NV)
ALL_GROUPS = (*STAFF_GROUPS, TargetGroup.HS)


def expected_groups(level: str) -> tuple[str, ...]:
    return STAFF_GROUPS if level in (SchoolLevel.MN, SchoolLevel.DVTN) else ALL_GROUPS


class CourseKind(models.TextChoices):
    COURSE = "course", _("Lớp bồi dưỡng")
    WORKSHOP = "workshop", _("Hội thảo, tập huấn")
    STUDY_VISIT = "study_visit", _("Tham quan học tập")


class CourseMode(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang nhận đăng ký")
    CLOSED = "closed", _("Hết hạn đăng ký")
    IN_PROGRESS = "in_progress", _("Đang diễn ra")
    COMPLETED = "completed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


def _check_choice_list(value, choices, message):
    if not isinstance(value, list) or set(value) - set(choices):
        raise ValidationError(message)


def validate_topics(value):
    _check_choice_list(value, Topic.values, _("Chủ đề không hợp lệ."))


def validate_groups(value):
    _check_choice_list(value, TargetGroup.values, _("Đối tượng không hợp lệ."))


def validate_levels(value):
    _check_choice_list(value, COURSE_LEVELS, _("Cấp học không hợp lệ."))


class Course(VersionedModel, TimeStampedModel):
    title = models.CharField(_("tên khóa"), max_length=300)
    title_folded = models.CharField(max_length=300, editable=False, default="", db_index=True)
    kind = models.CharField(_("loại"), max_length=20, choices=CourseKind.choices, default=CourseKind.COURSE)
    topics = models.JSONField(_("chủ đề"), default=list, validators=[validate_topics])
    description = models.TextField(_("nội dung"), blank=True)
    organiser = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="organised_courses", verbose_name=_("đơn vị tổ chức")
    )
    # The unit whose schools may be nominated: the office for its own courses, the district for a partner
    # agency's, the district office for the city's places. Courses are shown to the people of that tree.
    audience = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("dành cho các trường thuộc")
    )
    mode = models.CharField(
        _("hình thức"), max_length=20, choices=CourseMode.choices, default=CourseMode.IN_PERSON
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    credit_hours = models.DecimalField(
        _("số tiết / giờ"), max_digits=5, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    target_groups = models.JSONField(_("đối tượng"), default=list, validators=[validate_groups])
    levels = models.JSONField(_("cấp học"), default=list, blank=True, validators=[validate_levels])
    capacity = models.PositiveIntegerField(_("số chỗ"), validators=[MinValueValidator(1)])
    registration_opens = models.DateField(_("mở đăng ký"))
    registration_closes = models.DateField(_("hạn đăng ký"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=CourseStatus.choices,
        default=CourseStatus.DRAFT,
        db_index=True,
    )
    completion_min_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ buổi tối thiểu để hoàn thành (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    signer_name = models.CharField(_("người ký giấy chứng nhận"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    place = models.CharField(
        _("địa danh trên giấy chứng nhận"),
        max_length=80,
        blank=True,
        help_text=_("Ví dụ: Quận 12, TP. Hồ Chí Minh."),
    )
    tasks = models.ManyToManyField(
        "plans.Task", blank=True, related_name="courses", verbose_name=_("nhiệm vụ của kế hoạch")
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khóa bồi dưỡng")
        verbose_name_plural = _("khóa bồi dưỡng")
        ordering = ["-registration_opens", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes__gte=models.F("registration_opens")),
                name="course_registration_window",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            errors["registration_closes"] = _("Hạn đăng ký phải sau ngày mở đăng ký.")
        if not self.topics:
            errors["topics"] = _("Chọn ít nhất một chủ đề.")
        if not self.target_groups:
            errors["target_groups"] = _("Chọn ít nhất một nhóm đối tượng.")
        if errors:
            raise ValidationError(errors)

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(t).label) for t in self.topics if t in Topic.values]

    @property
    def group_labels(self) -> list[str]:
        return [str(TargetGroup(g).label) for g in self.target_groups if g in TargetGroup.values]

    @property
    def level_labels(self) -> list[str]:
        return [str(SchoolLevel(v).label) for v in self.levels if v in SchoolLevel.values]


class CourseMaterial(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("tiêu đề"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="training/materials/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("bắt đầu"))
    end_time = models.TimeField(_("kết thúc"))
    place = models.CharField(_("nơi học"), max_length=255, blank=True)
    topic = models.CharField(_("nội dung buổi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("buổi học")
        verbose_name_plural = _("buổi học")
        ordering = ["date", "start_time", "id"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})


class Quota(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quotas")
    school = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="training_quotas", verbose_name=_("trường")
    )
    places = models.PositiveSmallIntegerField(_("số chỗ"))

    class Meta:
        verbose_name = _("chỉ tiêu cử")
        verbose_name_plural = _("chỉ tiêu cử")
        ordering = ["course_id", "school__path"]
        constraints = [models.UniqueConstraint(fields=["course", "school"], name="training_quota_unique")]

    def __str__(self):
        return f"{self.school} — {self.places}"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Chờ duyệt")
    APPROVED = "approved", _("Được duyệt")
    DECLINED = "declined", _("Không được duyệt")
    WITHDRAWN = "withdrawn", _("Đã rút")


# A nomination that holds a place (counts against the quota and blocks a second one of the same person).
ACTIVE_NOMINATION = (NominationStatus.NOMINATED, NominationStatus.APPROVED)


class Nomination(TimeStampedModel):
    """A school sends one of its staff or pupils (cử) to a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="nominations")
    school = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="training_nominations", verbose_name=_("trường")
    )
    staff = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("cán bộ, giáo viên, nhân viên"),
    )
    student = models.ForeignKey(
        Student,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("học sinh"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
        db_index=True,
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(_("lý do không duyệt"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("người được cử")
        verbose_name_plural = _("người được cử")
        ordering = ["course_id", "school__path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(staff__isnull=False, student__isnull=True)
                    | Q(staff__isnull=True, student__isnull=False)
                ),
                name="nomination_staff_xor_student",
            ),
            models.UniqueConstraint(
                fields=["course", "staff"],
                condition=Q(status__in=["nominated", "approved"]),
                name="nomination_staff_once",
            ),
            models.UniqueConstraint(
                fields=["course", "student"],
                condition=Q(status__in=["nominated", "approved"]),
                name="nomination_student_once",
            ),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return f"{self.person_name} — {self.course}"

    @property
    def person(self):
        return self.staff if self.staff_id else self.student

    @property
    def person_name(self) -> str:
        person = self.person
        return person.full_name if person else ""

    @property
    def group(self) -> str:
        return self.staff.group if self.staff_id else TargetGroup.HS

    @property
    def is_student(self) -> bool:
        return self.student_id is not None


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("có mặt"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="attendance_unique")]

    def __str__(self):
        return f"{self.session} — {self.nomination_id}: {'x' if self.present else '-'}"


class Completion(models.Model):
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="completion")
    completed = models.BooleanField(_("hoàn thành"), default=False)
    sessions_attended = models.PositiveSmallIntegerField(_("số buổi có mặt"), default=0)
    sessions_total = models.PositiveSmallIntegerField(_("tổng số buổi"), default=0)
    result = models.CharField(_("kết quả / điểm"), max_length=255, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả bồi dưỡng")
        verbose_name_plural = _("kết quả bồi dưỡng")

    def __str__(self):
        return f"{self.nomination_id}: {self.sessions_attended}/{self.sessions_total}"


class Certificate(TimeStampedModel):
    """A completer's certificate. The name is kept as printed, so that a later change of the registry
    does not change what a verifier reads."""

    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("mã"), max_length=16, unique=True)
    holder_name = models.CharField(_("họ và tên"), max_length=150)
    issued_on = models.DateField(_("ngày cấp"))
    issuer = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị cấp")
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def status(self) -> str:
        return "revoked" if self.is_revoked else "valid"
