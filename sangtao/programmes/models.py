"""Model school programmes (seed plan III.2): criteria sets, enrolments, self-assessments reviewed by the
office (and a partner agency), recognition with an expiry; and the schools' monthly meter readings."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold


class ProgrammeKind(models.TextChoices):
    GREEN = "green", _("Trường học xanh")
    ADVANCED = "advanced", _("Trường tiên tiến, hội nhập quốc tế")
    OTHER = "other", _("Mô hình khác")


class CriteriaSet(TimeStampedModel):
    """A versioned set of criteria. Once a programme uses it, it is frozen: editing makes a new version."""

    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    kind = models.CharField(_("loại mô hình"), max_length=20, choices=ProgrammeKind.choices)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    # Versions of one set share a lineage (the id of version 1); a copy for another year starts a new one.
    lineage = models.PositiveBigIntegerField(default=0, editable=False, db_index=True)
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sao chép từ"),
    )
    description = models.TextField(_("mô tả"), blank=True)
    is_template = models.BooleanField(_("bộ mẫu"), default=False)
    frozen_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["name", "-version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="programmes_set_version_unique")
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_frozen(self):
        return self.frozen_at is not None


class CriterionGroup(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã nhóm"), max_length=10)
    name = models.CharField(_("tên nhóm tiêu chí"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.code}. {self.name}"


class MeetMethod(models.TextChoices):
    YES_NO = "yes_no", _("Có / không")
    SCALE = "scale", _("Thang mức")
    THRESHOLD = "threshold", _("Số liệu so với ngưỡng")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("Từ ngưỡng trở lên")
    AT_MOST = "at_most", _("Không vượt quá ngưỡng")


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=10)
    text = models.TextField(_("nội dung tiêu chí"))
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    method = models.CharField(_("cách đánh giá"), max_length=12, choices=MeetMethod.choices)
    scale_max = models.PositiveSmallIntegerField(
        _("số mức của thang"), null=True, blank=True, help_text=_("Thang mức: từ 0 đến số mức này.")
    )
    threshold = models.DecimalField(_("ngưỡng"), max_digits=12, decimal_places=2, null=True, blank=True)
    threshold_unit = models.CharField(_("đơn vị của ngưỡng"), max_length=40, blank=True)
    direction = models.CharField(
        _("chiều so sánh"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    evidence = models.TextField(_("minh chứng cần có"))
    evidence_required = models.BooleanField(_("bắt buộc có minh chứng khi nộp"), default=True)
    levels = models.JSONField(_("áp dụng cho cấp học"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    def clean(self):
        if self.method == MeetMethod.SCALE and not self.scale_max:
            raise ValidationError({"scale_max": _("Tiêu chí chấm theo thang mức phải có số mức (từ 1).")})
        if self.method == MeetMethod.THRESHOLD and self.threshold is None:
            raise ValidationError({"threshold": _("Tiêu chí so với ngưỡng phải có ngưỡng.")})

    def applies_to(self, level: str) -> bool:
        return not self.levels or level in self.levels

    def points_for(self, *, met=None, scale_value=None, number_value=None) -> Decimal | None:
        """The points an answer earns; None when the criterion has not been answered."""
        if self.method == MeetMethod.YES_NO:
            return None if met is None else (self.max_points if met else Decimal(0))
        if self.method == MeetMethod.SCALE:
            if scale_value is None or not self.scale_max:
                return None
            value = min(max(scale_value, 0), self.scale_max)
            return (self.max_points * value / self.scale_max).quantize(Decimal("0.01"))
        if number_value is None or self.threshold is None:
            return None
        ok = (
            number_value >= self.threshold
            if self.direction == Direction.AT_LEAST
            else number_value <= self.threshold
        )
        return self.max_points if ok else Decimal(0)


class RecognitionLevel(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("mức công nhận"), max_length=120)
    min_percent = models.DecimalField(
        _("tỷ lệ điểm tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    validity_months = models.PositiveSmallIntegerField(_("thời hạn công nhận (tháng)"), default=24)

    class Meta:
        verbose_name = _("mức công nhận")
        verbose_name_plural = _("mức công nhận")
        ordering = ["-min_percent", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.min_percent is not None and self.min_percent > 100:
            raise ValidationError({"min_percent": _("Tỷ lệ điểm không vượt quá 100%.")})


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang triển khai")
    CLOSED = "closed", _("Đã kết thúc")


class Programme(TimeStampedModel):
    name = models.CharField(_("tên mô hình"), max_length=255)
    name_folded = models.CharField(max_length=300, editable=False, default="", db_index=True)
    kind = models.CharField(_("loại mô hình"), max_length=20, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị chủ trì")
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("bộ tiêu chí")
    )
    partner_unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị phối hợp thẩm định"),
        help_text=_("Để trống nếu chỉ Phòng thẩm định."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    levels = models.JSONField(_("cấp học tham gia"), default=list, blank=True)
    self_assessment_due = models.DateField(_("hạn nộp tự đánh giá"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
        verbose_name=_("nhiệm vụ kế hoạch"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mô hình trường học")
        verbose_name_plural = _("mô hình trường học")
        ordering = ["-year", "name", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def needs_partner(self):
        return self.partner_unit_id is not None


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ Phòng chấp nhận")
    ENROLLED = "enrolled", _("Đã tham gia")
    DECLINED = "declined", _("Không chấp nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Enrolment(TimeStampedModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("trường")
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=EnrolmentStatus.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    enrolled_on = models.DateField(_("ngày tham gia"), null=True, blank=True)

    class Meta:
        verbose_name = _("trường tham gia")
        verbose_name_plural = _("trường tham gia")
        ordering = ["unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "unit"], name="programmes_enrol_once")]

    def __str__(self):
        return f"{self.programme} — {self.unit}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã nộp, chờ thẩm định")
    PARTNER_REVIEW = "partner_review", _("Chờ đơn vị phối hợp thẩm định")
    RETURNED = "returned", _("Bị trả lại")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Chưa đạt")
    EXPIRED = "expired", _("Hết hạn công nhận")


SCHOOL_EDITABLE = {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED}
UNDER_REVIEW = {AssessmentStatus.SUBMITTED, AssessmentStatus.PARTNER_REVIEW}
DECIDED = {AssessmentStatus.RECOGNISED, AssessmentStatus.NOT_RECOGNISED, AssessmentStatus.EXPIRED}


class Assessment(TimeStampedModel):
    """One round of a school's self-assessment, its review and the recognition it led to (renewals are new rounds)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    round = models.PositiveSmallIntegerField(_("lần đánh giá"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    is_renewal = models.BooleanField(_("đánh giá lại để gia hạn"), default=False)
    summary = models.TextField(_("tự nhận xét chung"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_reviewed_at = models.DateTimeField(_("đơn vị phối hợp thẩm định lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True)
    self_score = models.DecimalField(
        _("điểm tự đánh giá"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    final_score = models.DecimalField(
        _("điểm thẩm định"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    level = models.ForeignKey(
        RecognitionLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mức công nhận"),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tự đánh giá")
        verbose_name_plural = _("tự đánh giá")
        ordering = ["enrolment__unit__path", "-round", "id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "round"], name="programmes_round_once")]

    def __str__(self):
        return f"{self.enrolment} — {self.round}"

    @property
    def final_percent(self) -> Decimal | None:
        if self.final_score is None or not self.max_score:
            return None
        return (self.final_score * 100 / self.max_score).quantize(Decimal("0.1"))

    @property
    def self_percent(self) -> Decimal | None:
        if self.self_score is None or not self.max_score:
            return None
        return (self.self_score * 100 / self.max_score).quantize(Decimal("0.1"))


class Answer(models.Model):
    """The school's answer to one criterion, and the reviewers' points and comments on it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("đạt"), null=True, blank=True)
    scale_value = models.PositiveSmallIntegerField(_("mức đạt"), null=True, blank=True)
    number_value = models.DecimalField(_("số liệu"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("giải trình của trường"), blank=True)
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    partner_points = models.DecimalField(
        _("điểm đơn vị phối hợp"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    partner_comment = models.TextField(_("nhận xét của đơn vị phối hợp"), blank=True)
    office_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    office_comment = models.TextField(_("nhận xét của Phòng"), blank=True)

    class Meta:
        verbose_name = _("kết quả tiêu chí")
        verbose_name_plural = _("kết quả tiêu chí")
        ordering = ["criterion__group__order", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="programmes_answer_once")
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.criterion_id}"


class AnswerEvidence(TimeStampedModel):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("tên minh chứng"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="programmes/evidence/%Y/", blank=True)
    url = models.URLField(_("đường dẫn"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["id"]

    def __str__(self):
        return self.title


class ReadingSource(models.TextChoices):
    FORM = "form", _("Nhập trên trang")
    IMPORT = "import", _("Nhập từ Excel")
    API = "api", _("Qua API")


class MeterReading(TimeStampedModel):
    """A school's consumption in one month (the first day of the month stands for it)."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("trường")
    )
    month = models.DateField(_("tháng"))
    electricity_kwh = models.DecimalField(
        _("điện (kWh)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    water_m3 = models.DecimalField(_("nước (m³)"), max_digits=12, decimal_places=2, null=True, blank=True)
    flagged = models.BooleanField(_("bất thường"), default=False)
    flag_reason = models.TextField(_("lý do bất thường"), blank=True)
    flag_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Phòng đã kiểm tra"),
    )
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ReadingSource.choices, default=ReadingSource.FORM
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chỉ số điện, nước")
        verbose_name_plural = _("chỉ số điện, nước")
        ordering = ["unit__path", "-month"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="programmes_reading_once")]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self):
        return f"{self.unit_id} {self.month:%m/%Y}"

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Tháng được lưu bằng ngày đầu tháng.")})
        if self.electricity_kwh is None and self.water_m3 is None:
            raise ValidationError(_("Hãy nhập ít nhất số điện hoặc số nước."))


class SolarInstallation(TimeStampedModel):
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("trường")
    )
    installed_on = models.DateField(_("ngày lắp đặt"))
    capacity_kwp = models.DecimalField(
        _("công suất (kWp)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("điện mặt trời")
        verbose_name_plural = _("điện mặt trời")
        ordering = ["unit__path", "-installed_on", "id"]

    def __str__(self):
        return f"{self.unit_id} {self.capacity_kwp} kWp"
