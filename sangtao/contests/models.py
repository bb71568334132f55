"""Creativity contests: contests with rounds that feed each other, team entries, judges, scores, awards.

A contest (hội thi) is run by an organiser (the office, a school) with the office team in charge (e.g.
Bộ phận Đoàn – Đội) and partner agencies (Quận đoàn). Its rounds go school → office → city; each round
has its rubric (weighted integer criteria), its judges, its award quotas, and the entries that schools
register (first round) or that advance from the round before.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.accounts.models import Staff, Student
from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold
from sangtao.orgs.models import OrgUnit, SchoolLevel, SchoolYear


class ContestStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đã phát động")
    FINISHED = "finished", _("Đã kết thúc")


class Contest(TimeStampedModel):
    name = models.CharField(_("tên hội thi"), max_length=300)
    name_folded = models.CharField(max_length=300, editable=False, default="", db_index=True)
    organiser = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="organised_contests",
        verbose_name=_("đơn vị tổ chức"),
        help_text=_("Phòng GD&ĐT hoặc một trường: các trường trực thuộc đơn vị này được dự thi."),
    )
    organiser_team = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bộ phận phụ trách"),
    )
    partners = models.ManyToManyField(
        OrgUnit, blank=True, related_name="partnered_contests", verbose_name=_("đơn vị phối hợp")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("năm học")
    )
    description = models.TextField(_("mục đích, nội dung"), blank=True)
    rules_file = models.FileField(_("thể lệ (tệp)"), upload_to="contests/rules/%Y/", blank=True)
    eligible_levels = models.JSONField(_("cấp học được dự thi"), default=list, blank=True)
    min_grade = models.PositiveSmallIntegerField(
        _("từ khối"), default=1, validators=[MinValueValidator(0), MaxValueValidator(12)]
    )
    max_grade = models.PositiveSmallIntegerField(
        _("đến khối"), default=12, validators=[MinValueValidator(0), MaxValueValidator(12)]
    )
    max_team_size = models.PositiveSmallIntegerField(
        _("số học sinh tối đa mỗi bài"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    entry_limit_per_school = models.PositiveSmallIntegerField(
        _("số bài tối đa mỗi trường"), null=True, blank=True, help_text=_("Để trống: không giới hạn.")
    )
    registration_opens = models.DateField(_("nhận hồ sơ từ ngày"))
    registration_closes = models.DateField(_("hạn nộp hồ sơ"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ContestStatus.choices,
        default=ContestStatus.DRAFT,
        db_index=True,
    )
    # The plan is the spine: the tasks of the plan that this contest carries out.
    tasks = models.ManyToManyField(
        "plans.Task", blank=True, related_name="contests", verbose_name=_("nhiệm vụ kế hoạch")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hội thi")
        verbose_name_plural = _("hội thi")
        ordering = ["-registration_opens", "-id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.min_grade is not None and self.max_grade is not None and self.min_grade > self.max_grade:
            errors["max_grade"] = _("“Đến khối” phải lớn hơn hoặc bằng “từ khối”.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_opens > self.registration_closes
        ):
            errors["registration_closes"] = _("Hạn nộp hồ sơ phải sau ngày bắt đầu nhận hồ sơ.")
        if set(self.eligible_levels or []) - set(SchoolLevel.values):
            errors["eligible_levels"] = _("Cấp học không hợp lệ.")
        if errors:
            raise ValidationError(errors)

    @property
    def levels_label(self) -> str:
        return ", ".join(
            str(SchoolLevel(v).label) for v in self.eligible_levels or [] if v in SchoolLevel.values
        )


class Category(models.Model):
    """A field (lĩnh vực) in which entries compete and are ranked."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("lĩnh vực"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["contest_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="contest_category_unique")]

    def __str__(self):
        return self.name


class RoundLevel(models.TextChoices):
    SCHOOL = "school", _("Cấp trường")
    OFFICE = "office", _("Cấp Phòng GD&ĐT")
    CITY = "city", _("Cấp Thành phố")


class RoundStatus(models.TextChoices):
    SETUP = "setup", _("Chuẩn bị")
    JUDGING = "judging", _("Đang chấm")
    REVIEW = "review", _("Đã khóa điểm")
    PUBLISHED = "published", _("Đã công bố")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Trung bình cộng điểm của các giám khảo")
    ZSCORE = "zscore", _("Chuẩn hóa theo từng giám khảo (z-score)")


class Round(TimeStampedModel):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("thứ tự vòng"), default=1)
    name = models.CharField(_("tên vòng"), max_length=150)
    level = models.CharField(_("cấp"), max_length=10, choices=RoundLevel.choices, default=RoundLevel.SCHOOL)
    feeds_next = models.BooleanField(_("bài đoạt giải vào vòng sau"), default=True)
    aggregation = models.CharField(
        _("cách tổng hợp điểm"), max_length=10, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("số giám khảo chấm mỗi bài"), default=2, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    judging_starts = models.DateField(_("bắt đầu chấm"), null=True, blank=True)
    judging_ends = models.DateField(_("kết thúc chấm"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.SETUP, db_index=True
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["contest_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="contest_round_order_unique")
        ]

    def __str__(self):
        return f"{self.contest} — {self.name}"

    def clean(self):
        if self.judging_starts and self.judging_ends and self.judging_starts > self.judging_ends:
            raise ValidationError({"judging_ends": _("Ngày kết thúc chấm phải sau ngày bắt đầu.")})

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED


class Criterion(models.Model):
    """A row of the round's rubric: whole points from 0 to `max_points`, counted `weight` times."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("tiêu chí"), max_length=200)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("điểm tối đa"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    weight = models.DecimalField(
        _("hệ số"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("tiêu chí chấm")
        verbose_name_plural = _("tiêu chí chấm")
        ordering = ["round_id", "order", "id"]

    def __str__(self):
        return self.label


# The built-in rubric: 100 whole points, after the scoring of the national science and engineering fair
# for secondary students (Thông tư 06/2024/TT-BGDĐT, amended by 24/2025/TT-BGDĐT). A round starts from it;
# the organiser can edit every label, maximum and weight on the round's page to fit their own contest.
RUBRIC_TEMPLATE = [
    (_("Câu hỏi nghiên cứu, vấn đề cần giải quyết"), 10),
    (_("Phương pháp, thiết kế nghiên cứu"), 15),
    (_("Thực hiện, thu thập và phân tích dữ liệu"), 20),
    (_("Tính sáng tạo"), 20),
    (_("Trình bày, poster"), 15),
    (_("Trả lời phỏng vấn"), 20),
]


class AwardKind(models.TextChoices):
    NHAT = "nhat", _("Giải Nhất")
    NHI = "nhi", _("Giải Nhì")
    BA = "ba", _("Giải Ba")
    KHUYEN_KHICH = "khuyen_khich", _("Giải Khuyến khích")


AWARD_ORDER = [AwardKind.NHAT, AwardKind.NHI, AwardKind.BA, AwardKind.KHUYEN_KHICH]


class AwardQuota(models.Model):
    """How many awards of a kind each category of the round gives."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    award = models.CharField(_("giải"), max_length=20, choices=AwardKind.choices)
    count = models.PositiveSmallIntegerField(_("số giải mỗi lĩnh vực"), default=0)

    class Meta:
        verbose_name = _("cơ cấu giải")
        verbose_name_plural = _("cơ cấu giải")
        constraints = [models.UniqueConstraint(fields=["round", "award"], name="award_quota_unique")]

    def __str__(self):
        return f"{self.get_award_display()}: {self.count}"


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    ELIGIBLE = "eligible", _("Hợp lệ")
    WITHDRAWN = "withdrawn", _("Đã rút")
    ADVANCED = "advanced", _("Vào vòng sau")


# Entries that are in the competition: they get judges and scores.
ACTIVE_ENTRY_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.ADVANCED)
# What a school may still change.
EDITABLE_ENTRY_STATUSES = (EntryStatus.DRAFT,)


class Entry(TimeStampedModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    school = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="contest_entries", verbose_name=_("trường")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="entries", verbose_name=_("lĩnh vực")
    )
    title = models.CharField(_("tên bài / sản phẩm dự thi"), max_length=300)
    title_folded = models.CharField(max_length=300, editable=False, default="", db_index=True)
    abstract = models.TextField(_("tóm tắt"), blank=True)
    link = models.URLField(_("đường dẫn (video, tài liệu)"), max_length=500, blank=True)
    file = models.FileField(_("tệp hồ sơ"), upload_to="contests/entries/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    advanced_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advanced_to",
        verbose_name=_("từ bài ở vòng trước"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["round_id", "category_id", "school__path", "id"]
        indexes = [models.Index(fields=["round", "status"]), models.Index(fields=["school", "status"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    def clean(self):
        if self.category_id and self.round_id and self.category.contest_id != self.round.contest_id:
            raise ValidationError({"category": _("Lĩnh vực không thuộc hội thi này.")})


class EntryMember(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="contest_memberships", verbose_name=_("học sinh")
    )
    # The grade when the team registered: the registry moves on every school year.
    grade = models.PositiveSmallIntegerField(_("khối"))
    class_name = models.CharField(_("lớp"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("thành viên nhóm")
        verbose_name_plural = _("thành viên nhóm")
        ordering = ["entry_id", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "student"], name="entry_member_unique")]

    def __str__(self):
        return str(self.student)


class EntryMentor(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="mentors")
    staff = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        related_name="contest_mentorships",
        verbose_name=_("giáo viên hướng dẫn"),
    )

    class Meta:
        verbose_name = _("giáo viên hướng dẫn")
        verbose_name_plural = _("giáo viên hướng dẫn")
        ordering = ["entry_id", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "staff"], name="entry_mentor_unique")]

    def __str__(self):
        return str(self.staff)


class Judge(models.Model):
    """A member of the round's judge pool, with the categories they know and the unit they work for."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contest_judgings",
        verbose_name=_("giám khảo"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị công tác")
    )
    expertise = models.ManyToManyField(
        Category, blank=True, related_name="judges", verbose_name=_("lĩnh vực chuyên môn")
    )

    class Meta:
        verbose_name = _("giám khảo")
        verbose_name_plural = _("giám khảo")
        ordering = ["round_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="contest_judge_unique")]

    def __str__(self):
        return str(self.user)


class JudgeAssignment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    is_manual = models.BooleanField(_("phân công tay"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        ordering = ["entry_id", "judge_id"]
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="judge_assignment_unique")]

    def __str__(self):
        return f"{self.judge} → {self.entry}"


class Score(models.Model):
    """One judge's scoresheet (phiếu chấm) for one entry.

    `version` grows by one at every save: a save that names an older version is refused, so two
    devices of the same judge (or a retry after a dropped connection) never overwrite each other silently.
    """

    assignment = models.OneToOneField(JudgeAssignment, on_delete=models.CASCADE, related_name="score")
    points = models.JSONField(_("điểm theo tiêu chí"), default=dict)  # {"<criterion id>": int}
    total = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=2, default=Decimal(0))
    comment = models.TextField(_("nhận xét"), blank=True)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("chấm lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")

    def __str__(self):
        return f"{self.assignment}: {self.total}"


class Award(models.Model):
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="award")
    award = models.CharField(_("giải"), max_length=20, choices=AwardKind.choices)
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True)
    score = models.DecimalField(_("điểm xếp hạng"), max_digits=8, decimal_places=2, null=True, blank=True)
    is_manual = models.BooleanField(_("ban tổ chức sửa"), default=False)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["entry__round_id", "entry__category_id", "rank", "id"]

    def __str__(self):
        return f"{self.get_award_display()} — {self.entry}"

    @property
    def award_order(self) -> int:
        return AWARD_ORDER.index(AwardKind(self.award))


class AwardCertificate(models.Model):
    """The certificate (giấy chứng nhận) of an award, found again by its code on the public verify page."""

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(_("mã xác thực"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("cấp lúc"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")

    def __str__(self):
        return self.code


class StudentConsent(models.Model):
    """Consent to publish a student's name with contest results (Luật 91/2025/QH15).

    Kept here, keyed to the registry's student, rather than on accounts.Student: only the contests publish
    students' names, and the registry stays minimal.
    """

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="contest_consent")
    publish_name = models.BooleanField(_("cha mẹ / người giám hộ đồng ý công bố họ tên"), default=False)
    child_agreed = models.BooleanField(_("học sinh (từ đủ 7 tuổi) đồng ý"), default=False)
    guardian_name = models.CharField(_("họ tên cha mẹ / người giám hộ"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đồng ý công bố thông tin")
        verbose_name_plural = _("đồng ý công bố thông tin")

    def __str__(self):
        return str(self.student)
