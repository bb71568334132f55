"""Documents and handbooks sent to units, and each unit's acknowledgement (seed plan II.2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold
from sangtao.orgs.models import SchoolLevel


class DocumentKind(models.TextChoices):
    LAW = "law", _("Luật")
    DECREE = "decree", _("Nghị định")
    CIRCULAR = "circular", _("Thông tư")
    DECISION = "decision", _("Quyết định")
    PLAN = "plan", _("Kế hoạch")
    LETTER = "letter", _("Công văn")
    HANDBOOK = "handbook", _("Cẩm nang")


class DocumentStatus(models.TextChoices):
    ACTIVE = "active", _("Đang lưu hành")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class Document(TimeStampedModel):
    number = models.CharField(_("số/ký hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    summary = models.CharField(_("trích yếu"), max_length=500)
    summary_folded = models.CharField(max_length=700, editable=False, default="", db_index=True)
    file = models.FileField(_("tệp văn bản"), upload_to="outreach/documents/%Y/", blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The office that keeps the document: its staff edit, withdraw or delete it (empty: any office staff).
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị quản lý"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.ACTIVE
    )
    withdraw_reason = models.TextField(_("lý do thu hồi"), blank=True)
    tasks = models.ManyToManyField(
        "plans.Task", blank=True, related_name="outreach_documents", verbose_name=_("nhiệm vụ kế hoạch")
    )

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return f"{self.number} {self.summary}".strip()

    def save(self, *args, **kwargs):
        self.summary_folded = fold(f"{self.number} {self.summary} {self.issuer}")
        super().save(*args, **kwargs)

    @property
    def is_withdrawn(self):
        return self.status == DocumentStatus.WITHDRAWN


class Distribution(TimeStampedModel):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="distributions", verbose_name=_("văn bản")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị gửi")
    )
    sent_at = models.DateTimeField(_("gửi lúc"))
    due_on = models.DateField(_("hạn xác nhận"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đợt phát hành")
        verbose_name_plural = _("đợt phát hành")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.document} ({self.sent_at:%d/%m/%Y})"


class Acknowledgement(TimeStampedModel):
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="acknowledgements")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    received_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    disseminated_at = models.DateField(_("ngày phổ biến"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    evidence = models.FileField(_("minh chứng"), upload_to="outreach/ack/%Y/", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("xác nhận")
        verbose_name_plural = _("xác nhận")
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["distribution", "unit"], name="outreach_ack_unique")]

    def __str__(self):
        return f"{self.distribution_id}/{self.unit_id}"

    @property
    def is_acknowledged(self):
        return self.received_at is not None


class EventKind(models.TextChoices):
    NATIONAL_DAY = "national_day", _("Ngày lễ quốc gia")
    CITY = "city", _("Sự kiện của thành phố")
    OFFICE = "office", _("Sự kiện của Phòng")
    SCHOOL = "school", _("Sự kiện của trường")


class EventStatus(models.TextChoices):
    ACTIVE = "active", _("Đã lên lịch")
    CANCELLED = "cancelled", _("Đã hủy")


class Event(TimeStampedModel):
    title = models.CharField(_("tên sự kiện"), max_length=255)
    kind = models.CharField(_("loại sự kiện"), max_length=20, choices=EventKind.choices)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị phạm vi"),
        help_text=_("Để trống: sự kiện chung, mọi đơn vị đều thấy."),
    )
    level = models.CharField(
        _("cấp học"),
        max_length=10,
        choices=SchoolLevel.choices,
        blank=True,
        help_text=_("Để trống: mọi cấp học."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    builtin_key = models.CharField(max_length=40, blank=True, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=EventStatus.choices, default=EventStatus.ACTIVE
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The office that created the event: its staff edit, cancel or delete it (empty: any office staff).
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị tạo"),
    )
    tasks = models.ManyToManyField(
        "plans.Task", blank=True, related_name="outreach_events", verbose_name=_("nhiệm vụ kế hoạch")
    )

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["builtin_key", "starts_on"],
                condition=~models.Q(builtin_key=""),
                name="outreach_event_builtin_once",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED


class EventResponse(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    activities = models.TextField(_("hoạt động đã tổ chức"))
    participants = models.PositiveIntegerField(_("số người tham gia"), default=0)
    evidence_url = models.URLField(_("đường dẫn minh chứng"), blank=True)
    article_url = models.URLField(_("đường dẫn bài viết"), blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to="outreach/events/%Y/", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("hưởng ứng sự kiện")
        verbose_name_plural = _("hưởng ứng sự kiện")
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="outreach_response_once")]

    def __str__(self):
        return f"{self.event_id}/{self.unit_id}"


class BannerStatus(models.TextChoices):
    OPEN = "open", _("Đang triển khai")
    CANCELLED = "cancelled", _("Đã hủy")


class BannerCampaign(TimeStampedModel):
    theme = models.CharField(_("chủ đề"), max_length=255)
    banner_text = models.TextField(_("nội dung băng rôn"))
    starts_on = models.DateField(_("treo từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    sender_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị phát động")
    )
    units = models.ManyToManyField("orgs.OrgUnit", related_name="+", verbose_name=_("đơn vị được đề nghị"))
    tasks = models.ManyToManyField(
        "plans.Task", blank=True, related_name="outreach_banners", verbose_name=_("nhiệm vụ kế hoạch")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=BannerStatus.choices, default=BannerStatus.OPEN
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        verbose_name = _("đợt treo băng rôn")
        verbose_name_plural = _("đợt treo băng rôn")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.theme

    @property
    def is_cancelled(self):
        return self.status == BannerStatus.CANCELLED


class BannerReport(TimeStampedModel):
    campaign = models.ForeignKey(BannerCampaign, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    place = models.CharField(_("vị trí treo"), max_length=255)
    hung_on = models.DateField(_("ngày treo"))
    photo = models.FileField(_("ảnh chụp"), upload_to="outreach/banners/%Y/")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("báo cáo treo băng rôn")
        verbose_name_plural = _("báo cáo treo băng rôn")
        ordering = ["unit__path", "-id"]

    def __str__(self):
        return f"{self.campaign_id}/{self.unit_id}"


class CalendarToken(TimeStampedModel):
    """A secret subscription address for one person's calendar of one unit.

    Phone calendars cannot log in, so the address itself is the credential: a random token, one per
    person and unit, that the person may regenerate (revoking the old address) at any time. The feed
    answers only while the person is active and still holds a role on the unit.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    token = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(_("lần dùng cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("liên kết đăng ký lịch")
        verbose_name_plural = _("liên kết đăng ký lịch")
        ordering = ["unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="outreach_calendar_token_once")]

    def __str__(self):
        return f"{self.user_id}/{self.unit_id}"
