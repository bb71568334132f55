"""The report on a plan for a period and a scope ("Báo cáo kết quả thực hiện Kế hoạch …") and its versions.

A report holds what the office writes (the header of the document and the paragraphs of assessment and
direction); every generation freezes the figures of that moment into a numbered version with its files
(.docx, .xlsx annex, .pdf), so that what was sent to the People's Committee can always be downloaded again.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.orgs.models import SchoolLevel


class ReportKind(models.TextChoices):
    SEMESTER_1 = "semester1", _("Sơ kết học kỳ I")
    YEAR_END = "year_end", _("Tổng kết năm học")
    OTHER = "other", _("Báo cáo định kỳ khác")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    GENERATING = "generating", _("Đang tạo văn bản")
    READY = "ready", _("Đã tạo văn bản")
    FINALISED = "finalised", _("Đã hoàn tất")


class Report(TimeStampedModel):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="reports", verbose_name=_("kế hoạch")
    )
    period = models.ForeignKey(
        "plans.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="office_reports",
        verbose_name=_("kỳ báo cáo"),
    )
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ReportKind.choices)
    # The scope: the unit that reports (the office for the whole plan, or a school for itself), and
    # optionally one school level under it ("the office's report on its THCS schools").
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị báo cáo")
    )
    level = models.CharField(_("cấp học"), max_length=10, choices=SchoolLevel.choices, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    # The header and the foot of the document (Nghị định 30/2020/NĐ-CP).
    number = models.CharField(_("số/ký hiệu"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=80)
    signed_on = models.DateField(_("ngày báo cáo"))
    title = models.CharField(_("trích yếu"), max_length=500)
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=120,
        help_text=_("Ký thay: viết “KT. TRƯỞNG PHÒNG; PHÓ TRƯỞNG PHÒNG”."),
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), help_text=_("Mỗi dòng một nơi nhận."))
    # What the office writes before it finalises: a draft is prefilled from the figures.
    strengths = models.TextField(_("ưu điểm"), blank=True)
    limits = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ kỳ tới"), blank=True)
    # The background generation's progress, written by the task and read by the page every few seconds.
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    progress_step = models.CharField(_("bước đang làm"), max_length=120, blank=True)
    last_error = models.TextField(_("lỗi lần tạo gần nhất"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress_le_100"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.period_id and self.plan_id and self.period.plan_id != self.plan_id:
            raise ValidationError({"period": _("Kỳ báo cáo phải thuộc kế hoạch đã chọn.")})
        if self.level and self.unit_id and self.unit.is_school:
            raise ValidationError({"level": _("Báo cáo của một trường không chọn cấp học.")})

    @property
    def is_finalised(self):
        return self.status == ReportStatus.FINALISED

    @property
    def is_editable(self):
        return self.status in (ReportStatus.DRAFT, ReportStatus.READY)

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-–").strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def scope_label(self) -> str:
        if self.level:
            return f"{self.unit.display_short} — {SchoolLevel(self.level).label}"
        return self.unit.display_short


class ReportVersion(models.Model):
    """One generation of the report: its files and the figures it printed, kept for download."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    docx = models.FileField(_("văn bản (.docx)"), upload_to="reports/%Y/")
    xlsx = models.FileField(_("phụ lục (.xlsx)"), upload_to="reports/%Y/")
    pdf = models.FileField(_("bản PDF"), upload_to="reports/%Y/", blank=True)
    pdf_error = models.CharField(_("lý do không có PDF"), max_length=300, blank=True)
    # The indicator table as printed: code, name, target, actual, % of target (strings as in the document).
    figures = models.JSONField(_("số liệu chỉ tiêu"), default=list)
    as_of = models.DateField(_("số liệu tính đến ngày"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["report_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self):
        return f"{self.report} — v{self.number}"
