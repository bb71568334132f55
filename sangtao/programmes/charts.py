"""Server-side bar charts: Python computes the geometry, the template draws it as SVG (no JavaScript).

Every chart the pages draw also has a table with the same numbers, for screen readers and for printing.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label) of the value axis
    labels: list[tuple[float, str]] = field(default_factory=list)  # (x, label) under each group
    baseline: float = 0
    left: int = 0
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, name)
    guide: tuple[float, str] | None = None  # a horizontal reference line (y, label)


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = Decimal(str(step)) * magnitude
        if top >= value:
            return top
    return value


def _fmt(value) -> str:
    value = Decimal(value)
    text = f"{value:,.0f}" if value >= 100 or value == value.to_integral_value() else f"{value:,.2f}"
    return text.replace(",", ".") if "." not in text or value >= 100 else text


def grouped_bars(
    categories: list[str],
    series: list[tuple[str, str, list]],
    *,
    width: int = 720,
    height: int = 260,
    unit: str = "",
    guide: tuple[Decimal, str] | None = None,
) -> Chart:
    """`series` = [(name, css class, values per category)]; a None value draws nothing."""
    left, bottom, top = 56, 28, 10
    plot_w, plot_h = width - left - 8, height - bottom - top
    values = [Decimal(v) for _n, _c, vs in series for v in vs if v is not None and v > 0]
    if guide is not None:
        values.append(Decimal(guide[0]))
    maximum = _nice_max(max(values, default=Decimal(1)))
    chart = Chart(
        width=width,
        height=height,
        left=left,
        baseline=top + plot_h,
        legend=[(css, name) for name, css, _v in series],
    )
    slot = plot_w / max(len(categories), 1)
    bar_w = max(slot * 0.8 / max(len(series), 1), 2)
    for i, label in enumerate(categories):
        x0 = left + i * slot + slot * 0.1
        chart.labels.append((round(left + i * slot + slot / 2, 1), label))
        for j, (name, css, vals) in enumerate(series):
            value = vals[i]
            if value is None:
                continue
            shown = max(Decimal(value), Decimal(0))
            h = float(shown / maximum) * plot_h
            chart.bars.append(
                Bar(
                    x=round(x0 + j * bar_w, 1),
                    y=round(top + plot_h - h, 1),
                    width=round(bar_w - 1, 1),
                    height=round(h, 1),
                    css=css,
                    title=f"{name} · {label}: {_fmt(value)} {unit}".strip(),
                )
            )
    for k in range(5):
        value = maximum * k / 4
        chart.ticks.append((round(top + plot_h - float(value / maximum) * plot_h, 1), _fmt(value)))
    if guide is not None:
        chart.guide = (round(top + plot_h - float(Decimal(guide[0]) / maximum) * plot_h, 1), guide[1])
    return chart
