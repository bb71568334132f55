"""Commendations (khen thưởng), the schools' proposals for them, and what the public honour roll reads.

A commendation honours either a collective (a unit, or a group inside it such as a subject team) or an
individual (a staff member from the accounts registry, or a student whose publication consent is
recorded). Its evidence points at records of other apps as "app_label.model:pk" references, the same
shape as plans' Evidence.record_ref.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.core.text import fold

RECORD_REF = re.compile(r"^[a-z_]+\.[a-z_]+:\d+$")


class HonourLevel(models.TextChoices):
    SCHOOL = "school", _("Cấp trường")
    DISTRICT = "district", _("Cấp Quận")
    CITY = "city", _("Cấp Thành phố")
    MINISTRY = "ministry", _("Cấp Bộ")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class HonourTitle(models.TextChoices):
    """Emulation titles and forms of commendation (Luật Thi đua, khen thưởng 2022), with who issues them."""

    LDTT = "ldtt", _("Lao động tiên tiến")
    CSTD_CO_SO = "cstd_co_so", _("Chiến sĩ thi đua cơ sở")
    TT_LDTT = "tt_ldtt", _("Tập thể lao động tiên tiến")
    TT_LDXS = "tt_ldxs", _("Tập thể lao động xuất sắc")
    GIAY_KHEN_TRUONG = "giay_khen_truong", _("Giấy khen của Hiệu trưởng")
    GIAY_KHEN_PHONG = "giay_khen_phong", _("Giấy khen của Trưởng phòng Giáo dục và Đào tạo")
    GIAY_KHEN_QUAN = "giay_khen_quan", _("Giấy khen của Chủ tịch UBND Quận")
    CSTD_THANH_PHO = "cstd_thanh_pho", _("Chiến sĩ thi đua cấp Thành phố")
    BANG_KHEN_THANH_PHO = "bang_khen_thanh_pho", _("Bằng khen của Chủ tịch UBND Thành phố")
    BANG_KHEN_BO = "bang_khen_bo", _("Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo")


T = HonourTitle
# The level that issues each title, for filters and for the honour roll's grouping.
TITLE_LEVEL = {
    T.LDTT: HonourLevel.DISTRICT,
    T.CSTD_CO_SO: HonourLevel.DISTRICT,
    T.TT_LDTT: HonourLevel.DISTRICT,
    T.TT_LDXS: HonourLevel.CITY,
    T.GIAY_KHEN_TRUONG: HonourLevel.SCHOOL,
    T.GIAY_KHEN_PHONG: HonourLevel.DISTRICT,
    T.GIAY_KHEN_QUAN: HonourLevel.DISTRICT,
    T.CSTD_THANH_PHO: HonourLevel.CITY,
    T.BANG_KHEN_THANH_PHO: HonourLevel.CITY,
    T.BANG_KHEN_BO: HonourLevel.MINISTRY,
}
# Emulation titles belong either to a person or to a collective; the other forms go to both.
INDIVIDUAL_ONLY = {T.LDTT, T.CSTD_CO_SO, T.CSTD_THANH_PHO}
COLLECTIVE_ONLY = {T.TT_LDTT, T.TT_LDXS}


def title_fits(title: str, kind: str) -> bool:
    if kind == RecipientKind.INDIVIDUAL:
        return title not in COLLECTIVE_ONLY
    return title not in INDIVIDUAL_ONLY


def school_year_label(year: int) -> str:
    """The honours year is the school year that ends in it: 2024 → "2023-2024" (as plans count years)."""
    return f"{year - 1}-{year}"


def year_of(day) -> int:
    return day.year + 1 if day.month >= 9 else day.year


def validate_refs(refs) -> None:
    if not isinstance(refs, list) or any(not isinstance(r, str) or not RECORD_REF.match(r) for r in refs):
        raise ValidationError(
            _(
                "Minh chứng phải là các mã hồ sơ dạng “ứng_dụng.đối_tượng:số”, ví dụ initiatives.initiative:12."
            )
        )


class Recipient(models.Model):
    """Who is honoured: shared by a commendation and a line of a proposal."""

    kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    collective_name = models.CharField(
        _("tên tập thể"),
        max_length=255,
        blank=True,
        help_text=_("Để trống khi khen cả đơn vị; ghi tên tổ, nhóm khi khen một tập thể trong đơn vị."),
    )
    staff = models.ForeignKey(
        "accounts.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ, giáo viên, nhân viên"),
    )
    student = models.ForeignKey(
        "accounts.Student",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("học sinh"),
    )
    title = models.CharField(
        _("danh hiệu, hình thức khen thưởng"), max_length=30, choices=HonourTitle.choices
    )
    reason = models.TextField(_("thành tích, lý do khen thưởng"))
    evidence_refs = models.JSONField(_("minh chứng"), default=list, blank=True, validators=[validate_refs])

    class Meta:
        abstract = True

    def clean(self):
        if self.kind == RecipientKind.INDIVIDUAL:
            if bool(self.staff_id) == bool(self.student_id):
                raise ValidationError(_("Cá nhân được khen phải là một cán bộ, giáo viên hoặc một học sinh."))
            person = self.staff if self.staff_id else self.student
            if self.unit_id and person.unit_id != self.unit_id:
                raise ValidationError(_("Người được khen không thuộc đơn vị đã chọn."))
        elif self.staff_id or self.student_id:
            raise ValidationError(_("Khen tập thể thì không chọn cá nhân."))
        if self.title and self.kind and not title_fits(self.title, self.kind):
            raise ValidationError(
                {
                    "title": _("Danh hiệu “%(t)s” không dành cho %(k)s.")
                    % {"t": HonourTitle(self.title).label, "k": RecipientKind(self.kind).label.lower()}
                }
            )

    @property
    def is_student(self) -> bool:
        return bool(self.student_id)

    def recipient_label(self) -> str:
        """The full name (internal pages check who may read a student's name before using it)."""
        if self.kind == RecipientKind.COLLECTIVE:
            return self.collective_name or self.unit.name
        return (self.staff or self.student).full_name

    @property
    def level(self) -> str:
        return TITLE_LEVEL[HonourTitle(self.title)]

    def get_level_display(self) -> str:
        return HonourLevel(self.level).label


class CommendationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Có hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")


class Commendation(Recipient, TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("năm học"), db_index=True)
    level_code = models.CharField(
        _("cấp khen thưởng"), max_length=10, choices=HonourLevel.choices, editable=False
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("người, cơ quan ký quyết định"), max_length=255)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=CommendationStatus.choices,
        default=CommendationStatus.IN_FORCE,
    )
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    name_folded = models.CharField(max_length=400, editable=False, default="", db_index=True)
    proposal_item = models.OneToOneField(
        "honours.ProposalItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="commendation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decision_date", "id"]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self):
        return f"{self.get_title_display()} — {self.decision_number}"

    def save(self, *args, **kwargs):
        self.level_code = TITLE_LEVEL[HonourTitle(self.title)]
        parts = [self.collective_name, self.decision_number, self.reason[:200]]
        if self.staff_id:
            parts.append(self.staff.full_name)
        if self.student_id:
            parts.append(self.student.full_name)
        self.name_folded = fold(" ".join(p for p in parts if p))[:400]
        super().save(*args, **kwargs)


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi Phòng")
    APPROVED = "approved", _("Đã khen thưởng")
    RETURNED = "returned", _("Trả lại")


EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


class Proposal(TimeStampedModel):
    """A school's request to the office (đề nghị khen thưởng): lines of people and collectives."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị đề nghị")
    )
    year = models.PositiveSmallIntegerField(_("năm học"), db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Chờ xét")
    APPROVED = "approved", _("Được khen")
    NOT_APPROVED = "not_approved", _("Không được khen")


class ProposalItem(Recipient):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items")
    outcome = models.CharField(
        _("kết quả"), max_length=15, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )

    class Meta:
        verbose_name = _("dòng đề nghị")
        verbose_name_plural = _("dòng đề nghị")
        ordering = ["proposal_id", "kind", "id"]

    def __str__(self):
        return f"{self.proposal_id}: {self.get_title_display()}"
