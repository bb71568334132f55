"""The report as a Word document in the layout of Nghị định 30/2020/NĐ-CP (header and foot from core.nd30).

The text of the report is Vietnamese whatever the interface language: it is an administrative document of
a Vietnamese authority (as initiatives/documents.py and plans/plan_document.html).
"""

import io
from collections.abc import Callable

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from sangtao.core import nd30
from sangtao.core.nd30 import lower_first, vn_date
from sangtao.orgs.models import SchoolLevel

from .models import Report
from .selectors import ReportContent, Table, figure, pct

BODY = 14
TABLE_SIZE = 12
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
CHART_WIDTH = Mm(160)  # the width of the text on A4 with the decree's margins is 165 mm


def _body(doc, text, **kwargs):
    kwargs.setdefault("align", JUSTIFY)
    kwargs.setdefault("indent", True)
    kwargs.setdefault("after", 4)
    return nd30.para(doc, text, size=BODY, **kwargs)


def _heading(doc, text, *, italic=False):
    return nd30.para(
        doc, text, align=JUSTIFY, bold=True, italic=italic, size=BODY, indent=True, before=6, after=4
    )


def _lines(doc, text: str):
    """The office's paragraphs: one paragraph per line it typed, none when it wrote nothing."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines or ["(Chưa nhập nội dung.)"]:
        _body(doc, line)


def _widths(headers: list[str], rows: list[list[str]]) -> list:
    """Columns as wide as their longest text (within bounds), over the 165 mm of text width."""
    weights = [
        min(max([len(h) // 2 + 1, *(len(r[i]) for r in rows)], default=4), 45) for i, h in enumerate(headers)
    ]
    weights = [max(w, 4) for w in weights]
    total = sum(weights)
    return [Mm(max(165 * w / total, 11)) for w in weights]


def _table(doc, table: Table):
    printed = table.printed()
    grid = doc.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = _widths(table.headers, printed)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for cell, header, width in zip(grid.rows[0].cells, table.headers, widths, strict=True):
        cell.width = width
        nd30.cell_text(cell, header, bold=True, size=TABLE_SIZE)
    for row in printed:
        cells = grid.add_row().cells
        for i, (cell, value, width) in enumerate(zip(cells, row, widths, strict=True)):
            cell.width = width
            align = WD_ALIGN_PARAGRAPH.RIGHT if i in table.numeric else LEFT
            nd30.cell_text(cell, value, size=TABLE_SIZE, align=align)
    nd30.para(doc, "", after=4)
    return grid


def _caption(doc, text):
    nd30.para(doc, text, italic=True, size=TABLE_SIZE, after=6)


def opening(report: Report, content: ReportContent) -> str:
    plan = content.plan
    dated = f" {vn_date(plan.issued_on)}" if plan.issued_on else ""
    scope = ""
    if report.level:
        scope = f" tại các trường {str(SchoolLevel(report.level).label).lower()}"
    return (
        f"Thực hiện Kế hoạch số {plan.number}{dated} của {plan.issuing_unit.name} về {lower_first(plan.title)}; "
        f"{report.unit.name} báo cáo kết quả {lower_first(content.period.name)}{scope} "
        f"(số liệu tính đến ngày {content.as_of:%d/%m/%Y}) như sau:"
    )


def report_docx(report: Report, content: ReportContent, *, step: Callable[[str], None] = lambda _s: None):
    """The .docx as bytes. `step` is told each part as it is written (the page's progress bar)."""
    doc = nd30.new_document(body_size=BODY)
    unit = report.unit
    nd30.header_block(
        doc,
        parent_name=unit.parent.name.upper() if unit.parent_id else "",
        issuer_name=unit.name.upper(),
        number=report.number or "      /BC",
        place_date=f"{report.place}, {vn_date(report.signed_on)}",
    )
    nd30.para(doc, "", after=6)
    nd30.para(doc, "BÁO CÁO", bold=True, size=BODY)
    nd30.para(doc, report.title, bold=True, size=BODY)
    nd30.para(doc, "──────────", size=10, after=8)
    _body(doc, opening(report, content))

    figure_no = table_no = 0

    def numbered_table(table: Table):
        nonlocal table_no
        table_no += 1
        _caption(doc, f"Bảng {table_no}. {table.title}")
        _table(doc, table)

    def chart(key):
        nonlocal figure_no
        item = content.charts.get(key)
        if item is None:
            return
        figure_no += 1
        step(f"Biểu đồ {figure_no}")
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(item.png()), width=CHART_WIDTH)
        _caption(doc, f"Biểu đồ {figure_no}. {item.title}")

    indicator_table, section_table, reporting_table, *level_tables = content.tables
    _heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    _heading(doc, "1. Kết quả thực hiện các chỉ tiêu")
    numbered_table(indicator_table)
    chart("indicators")
    for level_table in level_tables:
        numbered_table(level_table)
        chart("levels")

    step("Nội dung kế hoạch")
    _heading(doc, "2. Kết quả thực hiện các nội dung của kế hoạch")
    numbered_table(section_table)
    chart("sections")
    for block in content.blocks:
        if block.is_section:
            _heading(doc, block.heading, italic=block.depth > 0)
            continue
        nd30.para(doc, block.heading, align=JUSTIFY, italic=True, bold=True, size=BODY, indent=True, after=2)
        if block.expected:
            lead = f"Đơn vị chủ trì: {block.lead_unit}. " if block.lead_unit else ""
            _body(
                doc,
                f"{lead}Số đơn vị thực hiện: {block.expected}; đã hoàn thành (được duyệt): {block.done} "
                f"({pct(block.share_done)}); quá hạn chưa hoàn thành: {block.late}.",
            )
        else:
            _body(doc, "Nhiệm vụ không giao cho đơn vị nào trong phạm vi báo cáo.")
        for row in block.indicators:
            target = (
                f"chỉ tiêu {figure(row.target, row.unit_of_measure)}"
                if row.target is not None
                else "chưa đặt chỉ tiêu"
            )
            share = (
                f"; đạt {pct(row.percent_of_target)} chỉ tiêu" if row.percent_of_target is not None else ""
            )
            _body(
                doc,
                f"- Chỉ tiêu {row.code} ({lower_first(row.name)}): thực hiện "
                f"{figure(row.actual, row.unit_of_measure)} ({target}{share}).",
            )
        for unit_name, text in block.quotes:
            paragraph = nd30.para(doc, align=JUSTIFY, indent=True, after=2)
            nd30.run(paragraph, f"- {unit_name}: ", bold=True, size=BODY)
            nd30.run(paragraph, text, italic=True, size=BODY)
        if block.more_quotes:
            _body(doc, f"- Và {block.more_quotes} đơn vị khác (xem Phụ lục, trang “Báo cáo của đơn vị”).")

    _heading(doc, "3. Công tác báo cáo định kỳ")
    numbered_table(reporting_table)

    step("Đánh giá chung")
    _heading(doc, "II. ĐÁNH GIÁ CHUNG")
    _heading(doc, "1. Ưu điểm")
    _lines(doc, report.strengths)
    _heading(doc, "2. Hạn chế")
    _lines(doc, report.limits)
    _heading(doc, "3. Nguyên nhân")
    _lines(doc, report.causes)
    _heading(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG THỜI GIAN TỚI")
    _lines(doc, report.directions)
    _body(
        doc, "Số liệu chi tiết theo từng đơn vị: xem Phụ lục (tệp Excel) kèm theo báo cáo này.", italic=True
    )
    _body(
        doc,
        f"Trên đây là báo cáo kết quả {lower_first(content.period.name)} thực hiện Kế hoạch số "
        f"{content.plan.number} của {report.unit.name}./.",
    )

    nd30.signature_block(
        doc,
        recipients=report.recipient_lines,
        signer_lines=nd30.signer_lines(report.signer_title),
        signer_name=report.signer_name,
    )
    return nd30.save(doc).getvalue()
