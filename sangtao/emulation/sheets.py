"""The score table as the office prints it: a title, the khối, one column per criterion with its maximum,
the total and the rank; a two- or three-row header (criteria groups, names, maximum points) that
sangtao.core.xlsx's one-row sheets cannot express, hence openpyxl directly."""

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from sangtao.core import clock
from sangtao.core.xlsx import HEADER_FILL, Column

from .models import ItemState, format_number
from .selectors import ScoreTable

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)
GONE_FILL = PatternFill("solid", fgColor="FCE4D6")


def _number(value):
    return float(value) if value is not None else None


def score_table_xlsx(table: ScoreTable, *, out=None):
    scheme = table.scheme
    criteria = [v.criterion for v in table.criteria]
    grouped = any(c.group for c in criteria)
    out = out if out is not None else tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Bảng điểm thi đua")[:31]
    last_col = 2 + len(criteria) + 2
    last_letter = get_column_letter(last_col)

    issuer = scheme.plan.issuing_unit.name.upper()
    ws["A1"] = issuer
    ws["A1"].font = BOLD
    ws.merge_cells(f"A1:{get_column_letter(max(2, last_col // 2))}1")
    ws["A3"] = _("BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM HỌC %(y)s") % {"y": scheme.school_year}
    ws["A3"].font = Font(bold=True, size=14)
    ws["A3"].alignment = CENTER
    ws.merge_cells(f"A3:{last_letter}3")
    ws["A4"] = _("Khối thi đua: %(g)s (%(l)s)") % {"g": scheme.group_name, "l": scheme.level_labels}
    ws["A4"].font = BOLD
    ws["A4"].alignment = CENTER
    ws.merge_cells(f"A4:{last_letter}4")
    if scheme.is_final:
        state = _("Đã chốt ngày %(d)s") % {"d": timezone.localtime(scheme.finalised_at).strftime("%d/%m/%Y")}
    elif scheme.computed_at:
        state = _("Tạm tính đến %(d)s") % {
            "d": timezone.localtime(scheme.computed_at).strftime("%H:%M %d/%m/%Y")
        }
    else:
        state = _("Chưa tính điểm")
    ws["A5"] = f"({state}) — {_('Kế hoạch số %(n)s') % {'n': scheme.plan.number}}"
    ws["A5"].alignment = CENTER
    ws["A5"].font = Font(italic=True)
    ws.merge_cells(f"A5:{last_letter}5")

    top = 7
    header_rows = 3 if grouped else 2
    bottom = top + header_rows - 1
    fixed = [(1, _("STT")), (2, _("Đơn vị")), (last_col - 1, _("Tổng điểm")), (last_col, _("Xếp hạng"))]
    for col, label in fixed:
        ws.cell(row=top, column=col, value=label)
    ws.cell(
        row=bottom, column=last_col - 1, value=_("(tối đa %(m)s)") % {"m": format_number(table.max_total)}
    )
    ws.merge_cells(start_row=top, start_column=1, end_row=bottom, end_column=1)
    ws.merge_cells(start_row=top, start_column=2, end_row=bottom, end_column=2)
    if bottom - 1 > top:
        ws.merge_cells(start_row=top, start_column=last_col - 1, end_row=bottom - 1, end_column=last_col - 1)
    ws.merge_cells(start_row=top, start_column=last_col, end_row=bottom, end_column=last_col)
    if grouped:
        start = 0
        while start < len(criteria):
            end = start
            while end + 1 < len(criteria) and criteria[end + 1].group == criteria[start].group:
                end += 1
            ws.cell(row=top, column=3 + start, value=criteria[start].group or "")
            if end > start:
                ws.merge_cells(start_row=top, start_column=3 + start, end_row=top, end_column=3 + end)
            start = end + 1
    for i, (criterion, view) in enumerate(zip(criteria, table.criteria, strict=True)):
        name = f"{criterion.code}. {criterion.name}"
        if view.source_missing:
            name += f" ({_('nguồn dữ liệu không còn')})"
        ws.cell(row=bottom - 1, column=3 + i, value=name)
        ws.cell(
            row=bottom, column=3 + i, value=_("(tối đa %(m)s)") % {"m": format_number(criterion.weighted_max)}
        )
    for row in range(top, bottom + 1):
        for col in range(1, last_col + 1):
            cell = ws.cell(row=row, column=col)
            cell.font, cell.alignment, cell.border, cell.fill = BOLD, CENTER, BOX, HEADER_FILL

    r = bottom + 1
    for number, line in enumerate(table.rows, start=1):
        score = line.score
        values = [number, score.unit.name]
        for _view, cell in line.cells:
            if cell is None or cell.state == ItemState.NOT_SCORED:
                values.append(None)
            else:
                values.append(_number(cell.weighted))
        values += [_number(score.total), score.rank]
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=r, column=col, value=value)
            c.border = BOX
            c.alignment = WRAP if col == 2 else CENTER
            if 3 <= col < last_col - 1 and table.criteria[col - 3].source_missing:
                c.fill = GONE_FILL
            if isinstance(value, float):
                c.number_format = "0.##"
        r += 1

    r += 1
    place = scheme.plan.place or ""
    today = clock.today()
    ws.cell(
        row=r,
        column=max(3, last_col - 3),
        value=_("%(p)s, ngày %(d)02d tháng %(m)02d năm %(y)d")
        % {"p": place, "d": today.day, "m": today.month, "y": today.year},
    ).font = Font(italic=True)
    ws.cell(row=r + 1, column=2, value=_("NGƯỜI LẬP BẢNG")).font = BOLD
    ws.cell(row=r + 1, column=max(3, last_col - 3), value=_("LÃNH ĐẠO PHÒNG")).font = BOLD
    if scheme.is_final and scheme.finalised_by:
        ws.cell(row=r + 5, column=max(3, last_col - 3), value=scheme.finalised_by.get_full_name()).font = BOLD

    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 38
    for i in range(len(criteria)):
        ws.column_dimensions[get_column_letter(3 + i)].width = 16
    ws.column_dimensions[get_column_letter(last_col - 1)].width = 12
    ws.column_dimensions[last_letter].width = 10
    ws.row_dimensions[bottom - 1].height = 75
    ws.freeze_panes = ws.cell(row=bottom + 1, column=3)
    ws.print_title_rows = f"{top}:{bottom}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(out)
    out.seek(0)
    return out


# The list of schemes, as the scheme list page shows it (one row per khối and year).
SCHEME_COLUMNS = [
    Column(_("Khối thi đua"), "group_name", width=30),
    Column(_("Năm học"), "school_year", width=12),
    Column(_("Kế hoạch"), "plan.number", width=18),
    Column(_("Trạng thái"), "status", getter=lambda s: s.get_status_display(), width=16),
    Column(_("Đã công bố"), "published", width=12),
    Column(_("Tính lúc"), "computed_at", width=18),
    Column(_("Chốt lúc"), "finalised_at", width=18),
]
