"""Initiatives (sáng kiến) under Nghị định 13/2012/NĐ-CP: campaigns, councils, applications, scores, decisions.

An initiative is written by its authors as a draft, submitted (and then locked), reviewed by the council
of its school and, for a campaign of the office, forwarded to the office's council. Each member scores
on the campaign's rubric; the chair closes the review and the result is the rubric's aggregate of the
stored scores (rubric.py). Recognised initiatives are listed in a decision and shown in a public library.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core import clock
from sangtao.core.locking import VersionedModel
from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, SchoolYear

from .rubric import DEFAULT_PASS_MARK, default_criteria, validate_criteria


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    OPEN = "open", _("Đang diễn ra")
    CLOSED = "closed", _("Đã kết thúc")


class Campaign(TimeStampedModel):
    """A movement and its round of recognition (phong trào, đợt xét) of one unit: a school or the office."""

    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("năm học")
    )
    title = models.CharField(_("tên đợt xét"), max_length=300)
    title_folded = models.CharField(max_length=300, editable=False, default="", db_index=True)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="initiative_campaigns",
        verbose_name=_("đơn vị tổ chức"),
    )
    description = models.TextField(_("nội dung phát động"), blank=True)
    opens_on = models.DateField(_("nhận hồ sơ từ ngày"))
    closes_on = models.DateField(_("hạn nộp hồ sơ"))
    criteria = models.JSONField(_("thang điểm"), default=default_criteria)
    pass_mark = models.DecimalField(
        _("điểm đạt (trên 100)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_PASS_MARK,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    similarity_threshold = models.DecimalField(
        _("ngưỡng cảnh báo trùng lặp"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.30"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(1)],
        help_text=_(
            "Từ 0,05 đến 1: độ giống nhau (tên và nội dung) từ mức này trở lên thì hội đồng được cảnh báo."
        ),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    # The plan tasks that the movement serves (the plan is the spine): e.g. I.5, II.3.1, III.1.3 of 454.
    tasks = models.ManyToManyField(
        "plans.Task", blank=True, related_name="initiative_campaigns", verbose_name=_("nhiệm vụ kế hoạch")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đợt xét sáng kiến")
        verbose_name_plural = _("đợt xét sáng kiến")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    def clean(self):
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            raise ValidationError({"closes_on": _("Hạn nộp hồ sơ phải sau ngày bắt đầu nhận.")})
        try:
            self.criteria = validate_criteria(self.criteria)
        except ValidationError as exc:
            raise ValidationError({"criteria": exc.messages}) from exc

    @property
    def is_office(self) -> bool:
        """A campaign of the office reviews at the school and then at the office; a school's only at school."""
        return self.unit.kind not in IMPLEMENTING_KINDS

    @property
    def is_accepting(self) -> bool:
        return self.status == CampaignStatus.OPEN and self.opens_on <= clock.today() <= self.closes_on


class CouncilLevel(models.TextChoices):
    SCHOOL = "school", _("Cấp trường")
    OFFICE = "office", _("Cấp Phòng")


class Council(TimeStampedModel):
    """A council (hội đồng sáng kiến) of a campaign: one per school, and the office's."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="councils")
    level = models.CharField(_("cấp"), max_length=10, choices=CouncilLevel.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="initiative_councils", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên hội đồng"), max_length=300)

    class Meta:
        verbose_name = _("hội đồng sáng kiến")
        verbose_name_plural = _("hội đồng sáng kiến")
        ordering = ["campaign_id", "level", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "level", "unit"], name="council_unique")]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    SECRETARY = "secretary", _("Thư ký")
    MEMBER = "member", _("Ủy viên")


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="initiative_seats",
        verbose_name=_("thành viên"),
    )
    role = models.CharField(
        _("vai trò"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="council_member_unique"),
            models.UniqueConstraint(
                fields=["council"], condition=models.Q(role="chair"), name="council_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class InitiativeField(models.TextChoices):
    TEACHING = "teaching", _("Đổi mới phương pháp dạy học")
    MANAGEMENT = "management", _("Quản lý, điều hành")
    STEM = "stem", _("Giáo dục STEM")
    DIGITAL = "digital", _("Chuyển đổi số, ứng dụng công nghệ thông tin")
    STUDENT_CARE = "student_care", _("Giáo dục, chăm sóc học sinh")
    FACILITIES = "facilities", _("Cơ sở vật chất, thiết bị, thư viện")
    OTHER = "other", _("Lĩnh vực khác")


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    IN_REVIEW = "in_review", _("Đang xét cấp trường")
    RECOGNISED_SCHOOL = "recognised_school", _("Được công nhận cấp trường")
    FORWARDED = "forwarded", _("Đề nghị xét cấp Phòng")
    RECOGNISED_OFFICE = "recognised_office", _("Được công nhận cấp Phòng")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


S = InitiativeStatus
# Recognised at least at school level: what the public library shows.
RECOGNISED = (S.RECOGNISED_SCHOOL, S.FORWARDED, S.RECOGNISED_OFFICE)
# Submitted and still counting (a withdrawn application does not).
SUBMITTED_STATES = tuple(s for s in S if s not in (S.DRAFT, S.WITHDRAWN))


class LibraryLevel(models.TextChoices):
    SCHOOL = "school", _("Cấp trường")
    OFFICE = "office", _("Cấp Phòng")


class Initiative(VersionedModel, TimeStampedModel):
    """An application for recognition (đơn yêu cầu công nhận sáng kiến), with its content."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("đợt xét")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("đơn vị")
    )
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False, default="", db_index=True)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=InitiativeField.choices)
    current_state = models.TextField(_("thực trạng và vấn đề cần giải quyết"))
    solution = models.TextField(_("nội dung giải pháp"))
    novelty = models.TextField(_("tính mới"))
    applied_where = models.CharField(_("nơi áp dụng (áp dụng thử)"), max_length=500)
    applied_since = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    benefit = models.TextField(_("hiệu quả, lợi ích (nêu số liệu nếu có)"))
    conditions = models.TextField(_("điều kiện cần thiết để áp dụng"), blank=True)
    # The folded text of title and content, kept by save(): search without diacritics and the
    # similarity warning read it instead of folding every application again.
    text_folded = models.TextField(editable=False, default="")
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    recognised_on = models.DateField(_("ngày được công nhận"), null=True, blank=True)
    result = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    not_recognised_reason = models.TextField(_("lý do không công nhận"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return self.title

    CONTENT_FIELDS = ("current_state", "solution", "novelty", "applied_where", "benefit", "conditions")

    def fold_text(self) -> None:
        self.title_folded = fold(self.title)[:500]
        self.text_folded = fold(" ".join(getattr(self, f) or "" for f in self.CONTENT_FIELDS))

    def save(self, *args, **kwargs):
        self.fold_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", *self.CONTENT_FIELDS} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "title_folded", "text_folded"}
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == InitiativeStatus.DRAFT

    @property
    def is_recognised(self) -> bool:
        return self.status in RECOGNISED

    @property
    def library_level(self) -> str:
        if self.status == InitiativeStatus.RECOGNISED_OFFICE:
            return LibraryLevel.OFFICE
        return LibraryLevel.SCHOOL if self.status in RECOGNISED else ""

    def get_library_level_display(self) -> str:
        return LibraryLevel(self.library_level).label if self.library_level else ""


class InitiativeAuthor(models.Model):
    """An author and their share (tỷ lệ đóng góp); the shares of an initiative add up to 100%."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiative_authorships",
    )
    staff = models.ForeignKey(
        "accounts.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiative_authorships",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ, chuyên môn"), max_length=150, blank=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị công tác")
    )
    share = models.DecimalField(
        _("tỷ lệ đóng góp (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả")
        ordering = ["initiative_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(staff__isnull=False),
                name="author_is_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(share__gt=0, share__lte=100), name="author_share_range"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.share}%)"


class InitiativeAttachment(TimeStampedModel):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="initiatives/%Y/%m/")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm")
    CLOSED = "closed", _("Đã kết thúc")


class Review(models.Model):
    """One council's review of one initiative: the rubric as it was at the start, and the result."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="reviews")
    level = models.CharField(_("cấp"), max_length=10, choices=CouncilLevel.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    # Copied from the campaign when the review starts: a later change of the rubric cannot change a result.
    criteria = models.JSONField(_("thang điểm"))
    pass_mark = models.DecimalField(_("điểm đạt"), max_digits=5, decimal_places=2)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True, blank=True)
    reason = models.TextField(_("nhận xét, lý do"), blank=True)

    class Meta:
        verbose_name = _("phiên xét")
        verbose_name_plural = _("phiên xét")
        ordering = ["started_at", "id"]
        constraints = [models.UniqueConstraint(fields=["initiative", "council"], name="review_unique")]

    def __str__(self):
        return f"{self.initiative} — {self.council}"


class Score(models.Model):
    """A member's score sheet (phiếu chấm): a mark per criterion and a comment; final once submitted."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="scores")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="scores")
    values = models.JSONField(_("điểm theo tiêu chí"))
    comment = models.TextField(_("nhận xét"), blank=True)
    submitted_at = models.DateTimeField(_("chấm lúc"))

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "initiative", "council"], name="score_unique_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} → {self.initiative}"


class ApplicationRecord(TimeStampedModel):
    """Where the initiative has been applied since (by its authors or by another school)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="applications")
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đơn vị áp dụng"),
    )
    place = models.CharField(_("nơi áp dụng"), max_length=300)
    since = models.DateField(_("áp dụng từ ngày"))
    by_author = models.BooleanField(_("do tác giả áp dụng"), default=True)
    description = models.TextField(_("cách áp dụng, kết quả"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("nơi áp dụng")
        verbose_name_plural = _("nơi áp dụng")
        ordering = ["since", "id"]

    def __str__(self):
        return f"{self.initiative} — {self.place}"


class Decision(TimeStampedModel):
    """A decision recognising initiatives (quyết định công nhận sáng kiến), at school or office level."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    level = models.CharField(_("cấp"), max_length=10, choices=CouncilLevel.choices)
    number = models.CharField(_("số/ký hiệu"), max_length=60)
    signed_on = models.DateField(_("ngày ký"))
    place = models.CharField(_("địa danh"), max_length=80)
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    initiatives = models.ManyToManyField(Initiative, related_name="decisions", verbose_name=_("sáng kiến"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="decision_number_unique")]

    def __str__(self):
        return self.number
