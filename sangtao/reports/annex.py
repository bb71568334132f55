"""The report's annex as an .xlsx workbook: every indicator per school, then every table of the report.

Headings are Vietnamese (an annex of a Vietnamese administrative document); numbers stay numbers so that
the office can sum, filter and chart them, and match what the document prints.
"""

from sangtao.core.xlsx import Column, export_sheets
from sangtao.orgs.models import SchoolLevel
from sangtao.plans.models import Measure

from .selectors import ReportContent

UNITS_SHEET = "Chỉ tiêu theo đơn vị"
QUOTES_SHEET = "Báo cáo của đơn vị"


def indicator_header(row) -> str:
    if row.measure == Measure.SHARE_OF_UNITS:
        return f"{row.code} — {row.name} (1 = đạt, 0 = chưa đạt)"
    return f"{row.code} — {row.name} ({row.unit_of_measure})"


def _units_sheet(content: ReportContent):
    columns = [
        Column("STT", "index", width=6),
        Column("Mã đơn vị", "code", width=14),
        Column("Đơn vị", "name", width=40),
        Column("Cấp học", "level", width=16),
    ]
    columns += [Column(indicator_header(r), f"ind{i}", width=22) for i, r in enumerate(content.indicators)]
    rows = []
    for n, unit in enumerate(content.units, start=1):
        row = {
            "index": n,
            "code": unit.code,
            "name": unit.name,
            "level": str(SchoolLevel(unit.level).label) if unit.level else "",
        }
        for i, indicator in enumerate(content.indicators):
            row[f"ind{i}"] = indicator.by_unit.get(unit.pk)
        rows.append(row)
    return UNITS_SHEET, columns, rows


def _table_sheet(table):
    columns = [
        Column(header, str(i), width=40 if i == 0 or header == "Chỉ tiêu" else 16)
        for i, header in enumerate(table.headers)
    ]
    rows = [{str(i): value for i, value in enumerate(row)} for row in table.rows]
    return table.title, columns, rows


def _quotes_sheet(content: ReportContent):
    columns = [
        Column("Nhiệm vụ", "task", width=50),
        Column("Đơn vị", "unit", width=36),
        Column("Ngày duyệt", "reviewed_at", width=14),
        Column("Báo cáo kết quả", "text", width=90),
    ]
    return QUOTES_SHEET, columns, content.approved_reports


def report_xlsx(content: ReportContent) -> bytes:
    sheets = [_units_sheet(content), *(_table_sheet(t) for t in content.tables), _quotes_sheet(content)]
    return export_sheets(sheets).read()
