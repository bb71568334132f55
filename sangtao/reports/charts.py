"""Charts drawn on the server with matplotlib: SVG for the pages, PNG for the .docx reports — the same code.

A `Chart` holds its title, category labels and one or more series; it renders to SVG (shown in pages as an
`<img>` with a data: URI, so no inline script or style meets the page's CSP and no `mark_safe` is needed), to
PNG (embedded in the Word reports) and to rows for the table that screen readers get instead
(`templates/includes/chart.html`). No CDN and no client-side chart library.

    chart = Chart(title="Tỷ lệ trường có CLB", labels=["MN", "TH", "THCS"], unit="%", target=50,
                  series=[Series("Thực hiện", [42.0, 55.5, 61.0])])
    chart.data_uri()   # for <img src>
    chart.png()        # bytes for python-docx's add_picture
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field, fields
from decimal import Decimal

import matplotlib
from django.core.cache import cache

matplotlib.use("Agg")  # no display; must precede any pyplot-dependent import

from matplotlib.figure import Figure  # noqa: E402  (after the backend is chosen)
from matplotlib.ticker import FuncFormatter  # noqa: E402

BAR, HBAR, LINE = "bar", "hbar", "line"
# Colour-blind-safe palette (Okabe–Ito), readable when printed in grey.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TARGET_COLOUR = "#B00020"
FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese glyph
logger = logging.getLogger(__name__)
CACHE_SECONDS = 24 * 3600  # a drawing depends only on what it shows: kept a day, then drawn again if asked


def _cache_call(method, *args):
    """The cache only saves drawing time: with Redis down the chart is drawn, the page still shows."""
    try:
        return method(*args)
    except Exception:  # whatever the cache backend raises (connection refused, timeout …)
        logger.warning("chart cache unavailable", exc_info=True)
        return None


def _number(value) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, (Decimal, int, float)) else float(str(value))


def format_number(value, unit: str = "", decimals: int = 1) -> str:
    """Vietnamese style: thousands with '.', decimals with ','; no data shows as an en dash."""
    if value is None:
        return "–"
    number = _number(value)
    text = f"{number:,.{decimals}f}" if number % 1 else f"{number:,.0f}"
    text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return f"{text}{unit if unit == '%' else (' ' + unit if unit else '')}"


@dataclass
class Series:
    name: str
    values: list
    colour: str | None = None


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[Series]
    kind: str = BAR
    unit: str = ""
    target: float | Decimal | None = None
    target_label: str = ""
    y_max: float | None = None
    description: str = ""
    width: float = 7.0  # inches; pages scale the image to their width
    height: float | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    # --- data for the accessible table -------------------------------------------------------------------
    @property
    def headers(self) -> list[str]:
        return [s.name for s in self.series]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        return [
            (
                label,
                [format_number(s.values[i] if i < len(s.values) else None, self.unit) for s in self.series],
            )
            for i, label in enumerate(self.labels)
        ]

    @property
    def alt(self) -> str:
        """A one-sentence text alternative: the title and each label's values."""
        parts = []
        for label, values in self.rows[:12]:
            parts.append(f"{label}: {', '.join(values)}")
        more = " …" if len(self.labels) > 12 else ""
        return f"{self.title}. " + "; ".join(parts) + more

    # --- drawing ---------------------------------------------------------------------------------------------
    def _figure(self) -> Figure:
        count = max(len(self.labels), 1)
        if self.height:
            height = self.height
        elif self.kind == HBAR:
            height = min(max(1.6 + 0.32 * count * max(len(self.series), 1), 2.4), 16)
        else:
            height = 3.4
        figure = Figure(figsize=(self.width, height), layout="constrained")
        axes = figure.add_subplot()
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(False)
        positions = list(range(len(self.labels)))
        n = max(len(self.series), 1)
        bar_width = 0.8 / n
        formatter = FuncFormatter(lambda v, _pos: format_number(v, self.unit if self.unit == "%" else "", 0))
        for index, series in enumerate(self.series):
            colour = series.colour or PALETTE[index % len(PALETTE)]
            values = [_number(v) for v in series.values]
            if self.kind == LINE:
                xs = [p for p, v in zip(positions, values, strict=False) if v is not None]
                ys = [v for v in values if v is not None]
                axes.plot(xs, ys, marker="o", color=colour, label=series.name, linewidth=2)
                continue
            offsets = [p - 0.4 + bar_width * (index + 0.5) for p in positions]
            heights = [v or 0 for v in values]
            if self.kind == HBAR:
                bars = axes.barh(offsets, heights, height=bar_width, color=colour, label=series.name)
            else:
                bars = axes.bar(offsets, heights, width=bar_width, color=colour, label=series.name)
            if count * n <= 40:
                labels = [
                    format_number(v, self.unit if self.unit == "%" else "") if v is not None else "–"
                    for v in values
                ]
                axes.bar_label(bars, labels=labels, padding=2, fontsize=7, family=FONT)
        if self.target is not None:
            draw = axes.axvline if self.kind == HBAR else axes.axhline
            draw(
                _number(self.target),
                color=TARGET_COLOUR,
                linestyle="--",
                linewidth=1.2,
                label=self.target_label or None,
            )
        if self.kind == HBAR:
            axes.set_yticks(positions, self.labels, fontsize=8, family=FONT)
            axes.invert_yaxis()
            axes.xaxis.set_major_formatter(formatter)
            if self.y_max is not None:
                axes.set_xlim(0, self.y_max)
            axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        else:
            rotate = 30 if count > 6 or max((len(str(x)) for x in self.labels), default=0) > 12 else 0
            axes.set_xticks(
                positions,
                self.labels,
                fontsize=8,
                family=FONT,
                rotation=rotate,
                ha="right" if rotate else "center",
            )
            axes.yaxis.set_major_formatter(formatter)
            if self.y_max is not None:
                axes.set_ylim(0, self.y_max)
            elif self.kind != LINE:
                axes.set_ylim(bottom=0)
            axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.tick_params(labelsize=8)
        axes.set_title(self.title, fontsize=10, family=FONT, loc="left")
        if len(self.series) > 1 or (self.target is not None and self.target_label):
            axes.legend(fontsize=8, frameon=False, prop={"family": FONT, "size": 8})
        return figure

    def shared_key(self, fmt: str, **options) -> str:
        """The drawing's key in the shared cache: a digest of everything drawn (texts in the active
        language, numbers, colours, sizes), so a change of data is a new key and nothing needs clearing."""
        drawn = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "_cache"}
        drawn["series"] = [(s.name, s.values, s.colour) for s in self.series]
        text = json.dumps([fmt, sorted(options.items()), drawn, matplotlib.__version__], default=str)
        return "chart:" + hashlib.sha256(text.encode()).hexdigest()

    def _render(self, fmt: str, **options) -> bytes:
        key = (fmt, tuple(sorted(options.items())))
        if key not in self._cache:
            # Drawing costs about a tenth of a second per chart (text layout): the office dashboard's
            # charts are drawn once for every server and process that shares the cache (Redis).
            shared = self.shared_key(fmt, **options)
            drawn = _cache_call(cache.get, shared)
            if drawn is None:
                buffer = io.BytesIO()
                metadata = {"Date": None} if fmt == "svg" else {}
                self._figure().savefig(buffer, format=fmt, metadata=metadata, **options)
                drawn = buffer.getvalue()
                _cache_call(cache.set, shared, drawn, CACHE_SECONDS)
            self._cache[key] = drawn
        return self._cache[key]

    def svg(self) -> bytes:
        """SVG with the text kept as text (smaller, selectable), escaped by matplotlib."""
        with matplotlib.rc_context({"svg.fonttype": "none", "font.family": FONT}):
            return self._render("svg")

    def png(self, dpi: int = 150) -> bytes:
        with matplotlib.rc_context({"font.family": FONT}):
            return self._render("png", dpi=dpi)

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg()).decode("ascii")
