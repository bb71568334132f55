"""The plan is the spine: plan → sections and tasks → indicators and per-unit assignments with evidence."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangtao.core import clock
from sangtao.core.locking import VersionedModel
from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold
from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitKind


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(TimeStampedModel):
    number = models.CharField(_("số/ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    issuing_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="plans",
                                     verbose_name=_("cơ quan ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False, default="")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    preamble = models.TextField(_("lời mở đầu"), blank=True)
    closing = models.TextField(_("lời kết"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    document = models.FileField(_("văn bản gốc"), upload_to="plans/%Y/", blank=True)
    cloned_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-issued_on", "-id"]

    def __str__(self):
        return f"{self.number} — {self.title}"

    def save(self, *args, **kwargs):
        self.title_folded = fold(f"{self.number} {self.title}")
        super().save(*args, **kwargs)

    @property
    def is_editable(self):
        return self.status == PlanStatus.DRAFT


class PlanBasis(models.Model):
    """A legal basis (căn cứ) quoted at the head of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bases")
    text = models.TextField(_("căn cứ"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")

    def __str__(self):
        return self.text[:80]


class RecipientPurpose(models.TextChoices):
    REPORT = "report", _("để báo cáo")
    COOPERATE = "cooperate", _("để phối hợp")
    IMPLEMENT = "implement", _("để thực hiện")
    ARCHIVE = "archive", _("lưu")


class PlanRecipient(models.Model):
    """A line of "Nơi nhận": a unit (or a group written as text) and why it receives the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    label = models.CharField(_("nơi nhận"), max_length=255)
    purpose = models.CharField(_("mục đích"), max_length=20, choices=RecipientPurpose.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")

    def __str__(self):
        return f"{self.label} ({self.get_purpose_display()})"


class TaskKind(models.TextChoices):
    SECTION = "section", _("Mục")
    TASK = "task", _("Nhiệm vụ")


class Task(VersionedModel, TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(_("loại"), max_length=10, choices=TaskKind.choices, default=TaskKind.TASK)
    number = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    lead_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_tasks",
                                  verbose_name=_("đơn vị chủ trì"))
    partner_units = models.ManyToManyField(OrgUnit, blank=True, related_name="partnered_tasks",
                                           verbose_name=_("đơn vị phối hợp"))
    implementing_units = models.ManyToManyField(OrgUnit, blank=True, related_name="implemented_tasks",
                                                verbose_name=_("đơn vị thực hiện"))
    # A rule such as "every THCS school": {"kinds": ["school"], "levels": ["THCS"]}. Units matching it,
    # plus the explicit list above, receive an assignment when the plan is issued.
    implementing_rule = models.JSONField(_("quy tắc đơn vị thực hiện"), default=dict, blank=True)
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    end = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    expected_output = models.TextField(_("sản phẩm dự kiến"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan_id", "order", "id"]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    def clean(self):
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("Mục cha phải thuộc cùng kế hoạch.")})
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("Hạn hoàn thành phải sau ngày bắt đầu.")})
        rule = self.implementing_rule or {}
        bad_levels = set(rule.get("levels", [])) - set(SchoolLevel.values)
        bad_kinds = set(rule.get("kinds", [])) - set(UnitKind.values)
        if bad_levels or bad_kinds:
            raise ValidationError({"implementing_rule": _("Quy tắc đơn vị thực hiện không hợp lệ.")})

    @property
    def rule_label(self):
        rule = self.implementing_rule or {}
        if not rule:
            return ""
        levels = [SchoolLevel(v).label for v in rule.get("levels", [])]
        kinds = [UnitKind(v).label for v in rule.get("kinds", [])]
        return ", ".join(str(x) for x in kinds + levels)


class Direction(models.TextChoices):
    UP = "up", _("Càng cao càng tốt")
    DOWN = "down", _("Càng thấp càng tốt")


class IndicatorSource(models.TextChoices):
    COMPUTED = "computed", _("Tính từ dữ liệu hệ thống")
    MANUAL = "manual", _("Đơn vị nhập số liệu")


class Measure(models.TextChoices):
    SHARE_OF_UNITS = "share", _("Tỷ lệ đơn vị đạt (%)")
    COUNT = "count", _("Số lượng (cộng dồn)")


class Indicator(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators",
                             verbose_name=_("nhiệm vụ"))
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, default="%")
    measure = models.CharField(_("cách đo"), max_length=10, choices=Measure.choices, default=Measure.SHARE_OF_UNITS)
    baseline = models.DecimalField(_("giá trị đầu kỳ"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("chỉ tiêu"), max_digits=12, decimal_places=2, null=True, blank=True)
    direction = models.CharField(_("chiều"), max_length=4, choices=Direction.choices, default=Direction.UP)
    source = models.CharField(_("nguồn số liệu"), max_length=10, choices=IndicatorSource.choices,
                              default=IndicatorSource.MANUAL)
    # The key of a source that an app declares in its stats.py (e.g. "plans.assignments_approved").
    source_key = models.CharField(_("nguồn tính toán"), max_length=80, blank=True)
    levels = models.JSONField(_("áp dụng cho cấp học"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan_id", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique")]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def clean(self):
        if self.source == IndicatorSource.COMPUTED and not self.source_key:
            raise ValidationError({"source_key": _("Chỉ tiêu tính tự động phải chọn nguồn tính toán.")})


class IndicatorValue(TimeStampedModel):
    """A value entered by a unit for a manual indicator (for a share: 1 = đạt, 0 = chưa đạt)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="indicator_values")
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["indicator", "unit"], name="indicator_value_unique")]


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


EDITABLE_STATUSES = {AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.RETURNED}


class Assignment(VersionedModel, TimeStampedModel):
    """One implementing unit's share of a task: its progress, evidence and report."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="assignments",
                             verbose_name=_("đơn vị thực hiện"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.NOT_STARTED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0,
                                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    report_text = models.TextField(_("báo cáo kết quả"), blank=True)
    due = models.DateField(_("hạn"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task_id", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="assignment_progress_le_100"),
        ]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        return f"{self.task} — {self.unit}"

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_overdue(self):
        return bool(self.due and self.status != AssignmentStatus.APPROVED and self.due < clock.today())


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Tệp đính kèm")
    LINK = "link", _("Đường dẫn")
    RECORD = "record", _("Hồ sơ trong hệ thống")


class Evidence(TimeStampedModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("loại"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/", blank=True)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    # A record of another module (a club activity, a course…), stored as "app_label.model:pk".
    record_ref = models.CharField(_("hồ sơ"), max_length=120, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == EvidenceKind.FILE and not self.file:
            raise ValidationError({"file": _("Hãy chọn tệp minh chứng.")})
        if self.kind == EvidenceKind.LINK and not self.url:
            raise ValidationError({"url": _("Hãy nhập đường dẫn.")})
        if self.kind == EvidenceKind.RECORD and not self.record_ref:
            raise ValidationError({"record_ref": _("Hãy chọn hồ sơ.")})


class SchoolActivity(TimeStampedModel):
    """The school's own activity under a task: its implementation plan derived from the office's."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("hoạt động"), max_length=300)
    planned_on = models.DateField(_("thời gian dự kiến"), null=True, blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    person_in_charge = models.CharField(_("người phụ trách"), max_length=150, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hoạt động của đơn vị")
        verbose_name_plural = _("hoạt động của đơn vị")
        ordering = ["planned_on", "id"]

    def __str__(self):
        return self.title


class PeriodKind(models.TextChoices):
    SEMESTER_1 = "semester1", _("Sơ kết học kỳ I")
    YEAR_END = "year_end", _("Tổng kết năm học")
    OTHER = "other", _("Khác")


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(_("kỳ báo cáo"), max_length=120)
    kind = models.CharField(_("loại"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.OTHER)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due = models.DateField(_("hạn nộp"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["plan_id", "due"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})


class PeriodReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class PeriodReport(TimeStampedModel):
    """A unit's report for a reporting period: its head submits, the office approves or returns."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="period_reports")
    status = models.CharField(_("trạng thái"), max_length=20, choices=PeriodReportStatus.choices,
                              default=PeriodReportStatus.DRAFT)
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("báo cáo kỳ")
        verbose_name_plural = _("báo cáo kỳ")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="period_report_unique")]

    @property
    def on_time(self):
        return bool(self.first_submitted_at and timezone.localdate(self.first_submitted_at) <= self.period.due)


class PlanImportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang rà soát")
    CREATED = "created", _("Đã tạo kế hoạch")
    DISCARDED = "discarded", _("Đã hủy")


class PlanImportSource(models.TextChoices):
    DOCX = "docx", _("Tệp Word (.docx)")
    TEXT = "text", _("Văn bản dán vào")


class PlanImport(TimeStampedModel):
    """A plan document read by the importer and the draft proposed from it, reviewed over several sittings
    before anything is created (see plans/importer/)."""

    office = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="plan_imports",
                               verbose_name=_("cơ quan ban hành"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("người nhập"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=PlanImportStatus.choices,
                              default=PlanImportStatus.DRAFT, db_index=True)
    source_kind = models.CharField(_("nguồn"), max_length=10, choices=PlanImportSource.choices)
    file = models.FileField(_("tệp gốc"), upload_to="plan-imports/%Y/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    text = models.TextField(_("nội dung đọc được"))
    # The paragraphs as read, so that each proposal can point at the one it came from.
    paragraphs = models.JSONField(default=list)
    proposal = models.JSONField(_("bản đề xuất"), default=dict)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    # Bumped by every correction: a form sent from a stale page is refused rather than undoing another's edit.
    version = models.PositiveIntegerField(default=1)
    plan = models.OneToOneField(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="imported_from",
                                verbose_name=_("kế hoạch đã tạo"))

    class Meta:
        verbose_name = _("bản nhập kế hoạch")
        verbose_name_plural = _("bản nhập kế hoạch")
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title or self.file_name or _("Bản nhập #%(pk)s") % {"pk": self.pk}

    @property
    def is_editable(self):
        return self.status == PlanImportStatus.DRAFT
