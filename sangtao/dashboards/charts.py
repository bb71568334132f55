"""The dashboards' charts, drawn on the server by `sangtao.reports.charts` (the same code as the reports'),
each shown with its data table (templates/includes/chart.html)."""

from django.utils.translation import gettext as _

from sangtao.reports.charts import BAR, HBAR, LINE, Chart, Series

from .selectors import IndicatorRow, PeriodRates, Standing, month_label


def percent_of_target(rows: list[IndicatorRow], *, title: str | None = None) -> Chart | None:
    """Each indicator with a target: what has been achieved, as a share of the target."""
    rows = [r for r in rows if r.indicator.target]
    if not rows:
        return None
    return Chart(
        title=title or _("Thực hiện so với chỉ tiêu (%)"),
        labels=[r.indicator.code for r in rows],
        series=[
            Series(_("Thực hiện / chỉ tiêu"), [r.result.percent_of_target for r in rows]),
            Series(
                _("Tiến độ cần đạt / chỉ tiêu"),
                [(r.expected / r.indicator.target * 100) if r.expected is not None else None for r in rows],
                colour="#999999",
            ),
        ],
        kind=BAR,
        unit="%",
        target=100,
        target_label=_("Chỉ tiêu"),
    )


def trends(rows: list[IndicatorRow], months) -> list[Chart]:
    """Month by month since September: the shares in one chart, the counts in another."""
    if len(months) < 2:
        return []
    labels = [month_label(m) for m in months]
    charts = []
    for is_share, title, unit in [
        (True, _("Diễn biến theo tháng: chỉ tiêu tỷ lệ (%)"), "%"),
        (False, _("Diễn biến theo tháng: chỉ tiêu số lượng (cộng dồn)"), ""),
    ]:
        group = [r for r in rows if r.is_share == is_share and any(v is not None for v in r.trend)]
        if group:
            charts.append(
                Chart(
                    title=title,
                    labels=labels,
                    kind=LINE,
                    unit=unit,
                    series=[Series(r.indicator.code, r.trend) for r in group],
                )
            )
    return charts


def by_level(rows: list[IndicatorRow], levels) -> Chart | None:
    """The share indicators by school level, side by side."""
    rows = [r for r in rows if r.is_share]
    if not rows or len(levels) < 2:
        return None
    return Chart(
        title=_("Chỉ tiêu tỷ lệ theo cấp học (%)"),
        labels=[r.indicator.code for r in rows],
        series=[Series(str(label), [r.level_value(level) for r in rows]) for level, label, _n in levels],
        kind=BAR,
        unit="%",
        y_max=100,
    )


def reporting(rates: PeriodRates) -> Chart | None:
    """Reporting rate and timeliness of one period, by level and overall."""
    if not rates.total.expected:
        return None
    groups = [(label, rate) for _lv, label, rate in rates.by_level] + [(_("Toàn bộ"), rates.total)]
    return Chart(
        title=_("Tỷ lệ nộp báo cáo: %(period)s") % {"period": rates.period.name},
        labels=[str(label) for label, _r in groups],
        series=[
            Series(_("Đã nộp"), [_pct(r.rate) for _l, r in groups]),
            Series(_("Đúng hạn"), [_pct(r.timely_rate) for _l, r in groups]),
        ],
        kind=HBAR,
        unit="%",
        y_max=100,
    )


def school_counts(standings: list[Standing], school_name: str) -> Chart | None:
    """The school's count indicators against its level's average per school."""
    rows = [s for s in standings if s.applies and not s.row.is_share]
    if not rows:
        return None
    return Chart(
        title=_("Chỉ tiêu số lượng: trường so với bình quân cấp học"),
        labels=[s.row.indicator.code for s in rows],
        series=[
            Series(school_name, [s.value for s in rows]),
            Series(_("Bình quân một trường cùng cấp"), [s.level_value for s in rows]),
        ],
        kind=BAR,
    )


def _pct(value):
    return None if value is None else round(value * 100, 1)
