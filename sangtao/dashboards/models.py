"""Monthly snapshots of the indicators: the trend lines of the dashboards without recomputing the past."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorSnapshot(models.Model):
    """One unit's value of one indicator at the end of a month (None: no data, never a made-up zero).

    Values are kept per implementing unit, so that any part of the tree (a level, a ward, one school)
    re-aggregates them with `plans.indicators.aggregate`, the same rule the live figures follow. The running
    month is rewritten by the daily job; a month once over keeps the values of its last day.
    """

    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("chỉ tiêu")
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    as_of = models.DateField(_("số liệu đến ngày"))
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("ảnh chụp chỉ tiêu")
        verbose_name_plural = _("ảnh chụp chỉ tiêu")
        ordering = ["indicator_id", "month", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "month"], name="indicator_snapshot_unique"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="indicator_snapshot_first_of_month"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "month"])]

    def __str__(self):
        return f"{self.indicator_id}/{self.unit_id} {self.month:%m/%Y}: {self.value}"


class UnitActivity(models.Model):
    """A unit's latest recorded activity since a day (a semester's start), as a frequent job found it: the
    summary behind "schools with no recorded activity" when SANGTAO_FIGURES_FROM_SNAPSHOT is on."""

    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    since = models.DateField(_("từ ngày"))
    last = models.DateField(_("hoạt động gần nhất"), null=True, blank=True)
    as_of = models.DateField(_("số liệu đến ngày"))
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("hoạt động gần nhất của đơn vị")
        verbose_name_plural = _("hoạt động gần nhất của đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "since"], name="unit_activity_unique")]

    def __str__(self):
        return f"{self.unit_id} {self.since:%d/%m/%Y}: {self.last:%d/%m/%Y}" if self.last else f"{self.unit_id}: —"
