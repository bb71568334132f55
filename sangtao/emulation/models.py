"""Emulation scoring (thi đua, seed plan III.1): a yearly scheme per khối thi đua, its criteria, and the
score table it yields, each point traceable to the indicator value or the office's hand score behind it."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangtao.core.models import TimeStampedModel
from sangtao.orgs.models import OrgUnit, SchoolLevel

TWO_PLACES = Decimal("0.01")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    OPEN = "open", _("Đang chấm")
    FINAL = "final", _("Đã chốt")


class Scheme(TimeStampedModel):
    """The scoring scheme of one khối thi đua for the year of a plan (schools of the given levels)."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="emulation_schemes", verbose_name=_("kế hoạch")
    )
    # The plan task the scheme serves (seed plan III.1.3: S&T and innovation in the emulation scoring).
    task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emulation_schemes",
        verbose_name=_("nhiệm vụ kế hoạch"),
    )
    group_name = models.CharField(_("khối thi đua"), max_length=120)
    levels = models.JSONField(_("cấp học trong khối"), default=list)
    description = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    published = models.BooleanField(_("công bố cho các trường"), default=False)
    # Criteria changed after the last computation: the table no longer matches them until recomputed.
    stale = models.BooleanField(default=False, editable=False)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("chốt lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sao chép từ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bảng điểm thi đua")
        verbose_name_plural = _("bảng điểm thi đua")
        ordering = ["-plan__year", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "group_name"], name="emulation_scheme_group_unique")
        ]

    def __str__(self):
        return f"{self.group_name} — {self.school_year}"

    @property
    def school_year(self) -> str:
        # A plan of year Y runs through the school year (Y-1)-Y (the 2024 plan: 2023-2024).
        year = self.plan.year
        return f"{year - 1}-{year}"

    @property
    def level_labels(self) -> str:
        return ", ".join(str(SchoolLevel(v).label) for v in self.levels if v in SchoolLevel.values)

    @property
    def is_final(self) -> bool:
        return self.status == SchemeStatus.FINAL

    def clean(self):
        levels = self.levels or []
        if not isinstance(levels, list) or not levels:
            raise ValidationError({"levels": _("Hãy chọn ít nhất một cấp học cho khối thi đua.")})
        if set(levels) - set(SchoolLevel.values):
            raise ValidationError({"levels": _("Cấp học không hợp lệ.")})
        if self.task_id and self.task.plan_id != self.plan_id:
            raise ValidationError({"task": _("Nhiệm vụ phải thuộc kế hoạch của bảng điểm.")})


class CriterionKind(models.TextChoices):
    COMPUTED = "computed", _("Tính từ dữ liệu hệ thống")
    MANUAL = "manual", _("Phòng chấm tay")


class RuleKind(models.TextChoices):
    STEPS = "steps", _("Theo mức (đạt ngưỡng được điểm)")
    LINEAR = "linear", _("Tỷ lệ thuận đến mức trần")


def format_number(value) -> str:
    """12.50 → "12,5"; 10.00 → "10" (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    text = f"{Decimal(value).quantize(TWO_PLACES):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class Criterion(TimeStampedModel):
    """One line of the scheme: points from an indicator through a rule, or points the office gives by hand."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=12)
    group = models.CharField(_("nhóm tiêu chí"), max_length=120, blank=True)
    name = models.CharField(_("tên tiêu chí"), max_length=300)
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    kind = models.CharField(_("cách chấm"), max_length=10, choices=CriterionKind.choices)
    # The key of a source another app declares in its stats.py (sangtao.plans.indicators.stat_sources()).
    source_key = models.CharField(_("nguồn dữ liệu"), max_length=80, blank=True)
    rule = models.CharField(_("quy tắc tính điểm"), max_length=10, choices=RuleKind.choices, blank=True)
    # STEPS: [[threshold, points], …] ascending; a value at or above a threshold earns its points.
    steps = models.JSONField(_("các mức"), default=list, blank=True)
    # LINEAR: the value that earns the full points; below it the points are proportional.
    cap = models.DecimalField(_("mức trần"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    weight = models.DecimalField(
        _("hệ số"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("tiêu chí thi đua")
        verbose_name_plural = _("tiêu chí thi đua")
        ordering = ["scheme_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="emulation_criterion_code_unique")
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def is_manual(self) -> bool:
        return self.kind == CriterionKind.MANUAL

    @property
    def weighted_max(self) -> Decimal:
        return (self.max_points * self.weight).quantize(TWO_PLACES)

    def clean(self):
        errors = {}
        if self.kind == CriterionKind.COMPUTED:
            if not self.source_key:
                errors["source_key"] = _("Tiêu chí tính từ dữ liệu phải chọn nguồn dữ liệu.")
            if self.rule == RuleKind.STEPS:
                try:
                    steps = [(Decimal(str(t)), Decimal(str(p))) for t, p in (self.steps or [])]
                except (TypeError, ValueError, ArithmeticError):
                    steps = None
                if not steps:
                    errors["steps"] = _("Hãy nhập ít nhất một mức.")
                elif any(p < 0 for _t, p in steps) or (
                    self.max_points and any(p > self.max_points for _t, p in steps)
                ):
                    errors["steps"] = _("Điểm của mỗi mức phải từ 0 đến điểm tối đa.")
                elif [t for t, _p in steps] != sorted({t for t, _p in steps}):
                    errors["steps"] = _("Các ngưỡng phải tăng dần và không trùng nhau.")
            elif self.rule == RuleKind.LINEAR:
                if self.cap is None or self.cap <= 0:
                    errors["cap"] = _("Mức trần phải lớn hơn 0.")
            else:
                errors["rule"] = _("Hãy chọn quy tắc tính điểm.")
        if errors:
            raise ValidationError(errors)

    def step_pairs(self) -> list[tuple[Decimal, Decimal]]:
        return [(Decimal(str(t)), Decimal(str(p))) for t, p in (self.steps or [])]

    def points_for(self, value) -> Decimal:
        """The points (before the weight) that a raw indicator value earns under this criterion's rule."""
        if value is None:
            return Decimal(0)
        value = Decimal(str(value))
        if self.rule == RuleKind.LINEAR:
            share = min(max(value, Decimal(0)) / self.cap, Decimal(1))
            return (share * self.max_points).quantize(TWO_PLACES)
        earned = Decimal(0)
        for threshold, points in self.step_pairs():
            if value >= threshold:
                earned = points
        return earned.quantize(TWO_PLACES)

    @property
    def rule_text(self) -> str:
        """The rule as the office reads it, e.g. "từ 1: 5 điểm; từ 3: 10 điểm"."""
        if self.kind == CriterionKind.MANUAL:
            return str(_("Phòng chấm tay, tối đa %(max)s điểm") % {"max": format_number(self.max_points)})
        if self.rule == RuleKind.LINEAR:
            return str(
                _("Tỷ lệ thuận: đạt %(cap)s trở lên được %(max)s điểm")
                % {"cap": format_number(self.cap), "max": format_number(self.max_points)}
            )
        return "; ".join(
            str(_("từ %(t)s: %(p)s điểm") % {"t": format_number(t), "p": format_number(p)})
            for t, p in self.step_pairs()
        )


class SchoolScore(TimeStampedModel):
    """A school's line in the table of a scheme: its total and its rank within the khối."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    total = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=2, default=Decimal(0))
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)

    class Meta:
        verbose_name = _("điểm thi đua của đơn vị")
        verbose_name_plural = _("điểm thi đua của đơn vị")
        ordering = ["scheme_id", "rank", "unit__name", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="emulation_score_unique")]

    def __str__(self):
        return f"{self.unit} — {self.total}"


class ItemState(models.TextChoices):
    SCORED = "scored", _("Đã tính")
    NO_DATA = "no_data", _("Chưa có số liệu")
    SOURCE_GONE = "source_gone", _("Nguồn dữ liệu không còn")
    NOT_SCORED = "not_scored", _("Chưa chấm")
    HAND_SCORED = "hand_scored", _("Phòng đã chấm")


class CriterionScore(TimeStampedModel):
    """The points of one school on one criterion, with what they came from (a snapshot of the rule applied)."""

    score = models.ForeignKey(SchoolScore, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="items")
    state = models.CharField(_("tình trạng"), max_length=12, choices=ItemState.choices)
    value = models.DecimalField(_("giá trị nguồn"), max_digits=12, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2, default=Decimal(0))
    weighted = models.DecimalField(_("điểm sau hệ số"), max_digits=8, decimal_places=2, default=Decimal(0))
    rule_text = models.CharField(_("quy tắc đã áp dụng"), max_length=500, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người chấm"),
    )
    scored_at = models.DateTimeField(_("chấm lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("điểm theo tiêu chí")
        verbose_name_plural = _("điểm theo tiêu chí")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["score", "criterion"], name="emulation_item_unique")]

    def __str__(self):
        return f"{self.criterion.code}: {self.points}"
