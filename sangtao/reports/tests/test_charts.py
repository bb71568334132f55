"""The server-drawn charts: SVG for pages, PNG for reports, a table for screen readers — from one Chart."""

import base64
from xml.etree import ElementTree

from django.template.loader import render_to_string

from sangtao.reports.charts import BAR, HBAR, LINE, Chart, Series, format_number


def _chart(kind=BAR, **extra):
    return Chart(
        title="Tỷ lệ trường có câu lạc bộ",
        labels=["Mầm non", "Tiểu học", "THCS <&>"],
        series=[Series("Năm 2023", [40, 55.5, None]), Series("Năm 2024", [45, 60, 72.4])],
        kind=kind,
        unit="%",
        target=50,
        target_label="Chỉ tiêu",
        **extra,
    )


def test_svg_is_well_formed_and_keeps_vietnamese_text_escaped():
    for kind in (BAR, HBAR, LINE):
        svg = _chart(kind).svg().decode()
        root = ElementTree.fromstring(svg)  # raises if the markup is broken (e.g. an unescaped "<&>")
        assert root.tag.endswith("svg")
        assert "Tỷ lệ trường có câu lạc bộ" in svg
        assert "THCS &lt;&amp;&gt;" in svg


def test_png_is_an_image():
    png = _chart().png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 2000


def test_table_alternative_lists_every_value_with_no_data_marked():
    chart = _chart()
    assert chart.headers == ["Năm 2023", "Năm 2024"]
    assert chart.rows[2] == ("THCS <&>", ["–", "72,4%"])
    assert "Mầm non: 40%, 45%" in chart.alt


def test_vietnamese_number_format():
    assert format_number(1234567.5, "kWh") == "1.234.567,5 kWh"
    assert format_number(50, "%") == "50%"
    assert format_number(None) == "–"


def test_include_renders_an_img_with_a_data_uri_and_the_table():
    html = render_to_string("includes/chart.html", {"chart": _chart()})
    assert 'src="data:image/svg+xml;base64,' in html
    encoded = html.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(encoded).startswith(b"<?xml")
    assert '<th scope="row">THCS &lt;&amp;&gt;</th>' in html
    assert "<script" not in html


def test_a_drawing_is_shared_through_the_cache_and_a_new_figure_is_a_new_drawing(monkeypatch):
    from django.core.cache import cache

    cache.clear()
    first = _chart().svg()
    drawn = []
    monkeypatch.setattr(Chart, "_figure", lambda self: drawn.append(self) or None)
    assert _chart().svg() == first  # another process with the same data reads it, draws nothing
    assert drawn == []
    changed = _chart()
    changed.series[1].values[2] = 72.5
    assert changed.shared_key("svg") != _chart().shared_key("svg")
    assert _chart().shared_key("png", dpi=150) != _chart().shared_key("svg")


def test_a_chart_is_drawn_when_the_cache_is_down(monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert b"<svg" in _chart().svg()
