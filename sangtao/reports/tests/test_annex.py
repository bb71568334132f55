"""The .xlsx annex: every indicator per school, every table of the report, the schools' own reports."""

import io

from openpyxl import load_workbook

from sangtao.plans.selectors import Scope, indicator_figures
from sangtao.reports.annex import QUOTES_SHEET, UNITS_SHEET
from sangtao.reports.selectors import report_content

from .conftest import REPORT_A


def _workbook(report):
    return load_workbook(io.BytesIO(report.versions.get().xlsx.read()), read_only=True)


def test_it_has_a_sheet_per_school_indicators_per_table_and_the_reports(generated, world):
    wb = _workbook(generated)
    content = report_content(world.leader, generated)
    # Excel cuts a sheet's name at 31 characters.
    assert wb.sheetnames == [UNITS_SHEET, *(t.title[:31] for t in content.tables), QUOTES_SHEET]
    quotes = list(wb[QUOTES_SHEET].iter_rows(values_only=True))
    assert quotes[0] == ("Nhiệm vụ", "Đơn vị", "Ngày duyệt", "Báo cáo kết quả")
    assert quotes[1][1:] == ("Trường THCS Nguyễn Ảnh Thủ", quotes[1][2], REPORT_A)


def test_its_numbers_per_school_match_the_indicator_figures(generated, reporting, world):
    rows = list(_workbook(generated)[UNITS_SHEET].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("STT", "Mã đơn vị", "Đơn vị", "Cấp học")
    assert header[4].startswith("CT01 — ") and header[4].endswith("(1 = đạt, 0 = chưa đạt)")
    figures = indicator_figures(world.leader, reporting.plan, as_of=reporting.period.end, scope=Scope())
    by_code = {unit_code: row for unit_code, row in ((r[1], r) for r in body)}
    for column, result in enumerate(figures, start=4):
        for unit in (world.school_a, world.school_b):
            expected = result.by_unit.get(unit.pk)
            assert by_code[unit.code][column] == (None if expected is None else float(expected))
    assert by_code["THCS-A"][4:] == (1, 4)
    assert by_code["TH-B"][4:] == (0, 3)


def test_its_table_sheets_hold_the_numbers_the_document_prints(generated, world):
    wb = _workbook(generated)
    rows = list(wb["Kết quả thực hiện các chỉ tiêu"[:31]].iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Mã", "Chỉ tiêu")
    assert [(r[1], r[4], r[5], r[6], r[7]) for r in rows[1:]] == [
        ("CT01", 50, 50, 100, "Đạt"),
        ("CT02", 10, 7, 70, "Chưa đạt"),
    ]
