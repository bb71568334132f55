"""Excel (.xlsx) import and export that every module reuses.

A module describes its sheet once as a list of `Column`s; the same list writes the downloadable
template, exports rows, and reads an uploaded file back into parsed values with one `RowError` per
bad cell, so that the page can list every bad row and reject the file whole.
"""

import datetime
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from typing import Any
from zipfile import BadZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from . import uploads
from .text import fold

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Beyond this a school is sending the wrong file, and parsing it would hold a worker for long.
MAX_ROWS = 10_000
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")


class CellError(ValueError):
    """A parser's complaint about one cell; its message is shown to the user as it is."""


@dataclass(frozen=True)
class RowError:
    row_number: int  # as Excel numbers it: the header is row 1; 0 for the file as a whole
    column: str
    message: str


@dataclass
class ParsedRow:
    row_number: int
    values: dict[str, Any]

    def __getitem__(self, attr):
        return self.values[attr]

    def get(self, attr, default=None):
        return self.values.get(attr, default)


@dataclass
class ReadResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    `parser` turns a raw cell value (str, int, float, date or None) into the Python value, or raises
    CellError / ValidationError with a Vietnamese message. `getter` reads the value from an object on
    export (default: the dotted `attr`; a dict row is read by `attr`); `formatter` turns it into what
    the cell shows.
    """

    header: Any  # a (lazy) translated string
    attr: str
    parser: Callable[[Any], Any] | None = None
    required: bool = False
    help: Any = ""
    width: int = 18
    getter: Callable[[Any], Any] | None = None
    formatter: Callable[[Any], Any] | None = None

    def value_of(self, obj):
        if isinstance(obj, dict):
            # Example rows and prepared rows are dicts keyed by attr, as read_rows returns them.
            value = obj.get(self.attr)
        elif self.getter is not None:
            value = self.getter(obj)
        else:
            try:
                value = attrgetter(self.attr)(obj)
            except AttributeError:
                value = None
        if self.formatter is not None:
            value = self.formatter(value)
        return value

    def parse(self, raw):
        value = clean_cell(raw)
        if value in (None, ""):
            if self.required:
                raise CellError(_("Bắt buộc nhập."))
            return self.parser(None) if self.parser is not None and _accepts_none(self.parser) else None
        return self.parser(value) if self.parser is not None else str(value)


def _accepts_none(parser) -> bool:
    return getattr(parser, "accepts_none", False)


# ---------------------------------------------------------------- parsers


def clean_cell(raw):
    if isinstance(raw, str):
        raw = " ".join(raw.split())
        return raw or None
    return raw


def as_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime | datetime.date):
        return raw.strftime("%d/%m/%Y")
    return str(raw).strip()


def text(max_length: int = 255):
    def parse(raw):
        value = as_text(raw)
        if len(value) > max_length:
            raise CellError(_("Dài quá %(n)d ký tự.") % {"n": max_length})
        return value

    parse.accepts_none = True
    return parse


def integer(min_value: int | None = 0, max_value: int | None = None):
    def parse(raw):
        if raw is None:
            return None
        value = str(raw).replace(" ", "")
        if isinstance(raw, str) and THOUSANDS.fullmatch(value):
            # "1.234" typed as text is one thousand two hundred thirty-four in Vietnamese.
            value = value.replace(".", "")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise CellError(_("“%(v)s” không phải là số nguyên.") % {"v": raw}) from None
        if number != number.to_integral_value():
            raise CellError(_("“%(v)s” không phải là số nguyên.") % {"v": raw})
        value = int(number)
        if min_value is not None and value < min_value:
            raise CellError(_("Phải lớn hơn hoặc bằng %(n)d.") % {"n": min_value})
        if max_value is not None and value > max_value:
            raise CellError(_("Phải nhỏ hơn hoặc bằng %(n)d.") % {"n": max_value})
        return value

    return parse


def choice(options: dict[str, str]):
    """`options` maps the value stored to the words accepted in the cell (its code or its label)."""

    def parse(raw):
        wanted = fold(as_text(raw))
        for value, label in options.items():
            if wanted in {fold(str(value))} | {fold(words) for words in _in_every_language(label)}:
                return value
        accepted = ", ".join(str(v) for v in options)
        raise CellError(
            _("“%(v)s” không hợp lệ; chọn một trong: %(ok)s.") % {"v": as_text(raw), "ok": accepted}
        )

    return parse


def email(raw):
    value = as_text(raw).lower()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("“%(v)s” không phải là địa chỉ thư điện tử.") % {"v": value}) from None
    return value


email.accepts_none = True


def date(raw):
    if raw is None:
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    value = as_text(raw)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(_("“%(v)s” không phải là ngày (dd/mm/yyyy).") % {"v": value})


# ---------------------------------------------------------------- writing


def _header_row(ws, columns):
    cells = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=str(col.header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def _sheet_title(title) -> str:
    # Excel refuses sheet names over 31 characters or with []:*?/\
    cleaned = "".join(c for c in str(title) if c not in "[]:*?/\\")
    return cleaned[:31] or "Sheet1"


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # Excel has no time zones: write the moment as the office's clock shows it.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | datetime.date | datetime.datetime):
        return value
    return str(value)


def _set_widths(ws, columns):
    from openpyxl.utils import get_column_letter

    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width


def export_rows(columns: list[Column], rows: Iterable, *, title="Dữ liệu", out=None):
    """Write `rows` (objects or dicts, any iterable: a queryset's .iterator() keeps memory flat).

    openpyxl's write-only mode streams the rows to a temporary file instead of building the sheet in
    memory; the returned file object is positioned at its start, ready for a FileResponse.
    """
    out = out if out is not None else tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(title))
    _set_widths(ws, columns)
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, columns))
    for obj in rows:
        ws.append([_cell_value(col.value_of(obj)) for col in columns])
    wb.save(out)
    out.seek(0)
    return out


def export_sheets(sheets: Iterable[tuple[Any, list[Column], Iterable]], *, out=None):
    """Several sheets in one workbook, each `(title, columns, rows)` written as `export_rows` writes one
    (write-only, streamed). Titles are cut to Excel's 31 characters and made unique."""
    out = out if out is not None else tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for title, columns, rows in sheets:
        name = _sheet_title(title)
        n = 2
        while name.lower() in used:
            suffix = f" ({n})"
            name = _sheet_title(title)[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name.lower())
        ws = wb.create_sheet(name)
        _set_widths(ws, columns)
        ws.freeze_panes = "A2"
        ws.append(_header_row(ws, columns))
        for obj in rows:
            ws.append([_cell_value(col.value_of(obj)) for col in columns])
    wb.save(out)
    out.seek(0)
    return out


def write_template(
    columns: list[Column], title, example_rows: Iterable = (), *, notes: Iterable = (), out=None
):
    """A template: the header row, example rows in grey italics, and a sheet that explains each column."""
    out = out if out is not None else tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(title))
    _set_widths(ws, columns)
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, columns))
    for example in example_rows:
        row = []
        for col in columns:
            cell = WriteOnlyCell(ws, value=_cell_value(col.value_of(example)))
            cell.font = EXAMPLE_FONT
            row.append(cell)
        ws.append(row)

    guide = wb.create_sheet(_sheet_title(_("Hướng dẫn")))
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 80
    bold = [WriteOnlyCell(guide, value=str(v)) for v in (_("Cột"), _("Bắt buộc"), _("Cách nhập"))]
    for cell in bold:
        cell.font = HEADER_FONT
    guide.append(bold)
    for col in columns:
        guide.append([str(col.header), _("Có") if col.required else _("Không"), str(col.help or "")])
    guide.append([])
    general = [
        _("Nhập dữ liệu vào trang thứ nhất, bắt đầu từ dòng 2; giữ nguyên dòng tiêu đề."),
        _("Xóa các dòng ví dụ (chữ nghiêng, màu xám) trước khi tải tệp lên."),
        _(
            "Nếu có một dòng sai, cả tệp bị từ chối và không có dữ liệu nào được ghi; "
            "trang kết quả liệt kê từng dòng sai và lý do."
        ),
        *[str(n) for n in notes],
    ]
    for line in general:
        guide.append([line])
    wb.save(out)
    out.seek(0)
    return out


def xlsx_response(fileobj, filename: str) -> FileResponse:
    response = FileResponse(fileobj, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- reading


def _header_key(value) -> str:
    return fold(as_text(value)).rstrip(" *")


def _in_every_language(text) -> set[str]:
    """A header or a label as each language of the site says it: a template downloaded in Vietnamese
    must still import when the person uploading it has switched the interface to English."""
    words = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(str(text))
    return words


def read_rows(file, columns: list[Column], *, max_rows: int = MAX_ROWS) -> ReadResult:
    """Parse the first sheet of an uploaded .xlsx: headers are matched by name (any order, without
    diacritics, a trailing * allowed), blank rows are skipped, every bad cell becomes a RowError."""
    result = ReadResult()
    try:
        uploads.check_archive(file)
    except ValidationError as exc:
        result.errors.append(RowError(0, "", exc.messages[0]))
        return result
    try:
        file.seek(0)
        wb = load_workbook(file, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        result.errors.append(
            RowError(0, "", _("Không đọc được tệp: tệp không phải là tệp Excel (.xlsx) hợp lệ."))
        )
        return result
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            result.errors.append(RowError(1, "", _("Tệp không có dòng tiêu đề.")))
            return result
        wanted = {}
        for col in columns:
            for words in _in_every_language(col.header):
                wanted[_header_key(words)] = col
            wanted[_header_key(col.attr)] = col
        index: dict[str, int] = {}
        for i, value in enumerate(header):
            col = wanted.get(_header_key(value))
            if col is not None and col.attr not in index:
                index[col.attr] = i
        for col in columns:
            if col.required and col.attr not in index:
                result.errors.append(
                    RowError(1, str(col.header), _("Thiếu cột “%(h)s”.") % {"h": col.header})
                )
        if result.errors:
            return result

        for row_number, raw in enumerate(rows, start=2):
            if raw is None or all(clean_cell(v) in (None, "") for v in raw):
                continue
            if len(result.rows) + 1 > max_rows:
                result.errors.append(
                    RowError(row_number, "", _("Tệp có quá %(n)d dòng; hãy chia nhỏ tệp.") % {"n": max_rows})
                )
                break
            values = {}
            for col in columns:
                i = index.get(col.attr)
                cell = raw[i] if i is not None and i < len(raw) else None
                try:
                    values[col.attr] = col.parse(cell)
                except CellError as exc:
                    result.errors.append(RowError(row_number, str(col.header), str(exc)))
                except ValidationError as exc:
                    result.errors.append(RowError(row_number, str(col.header), " ".join(exc.messages)))
            result.rows.append(ParsedRow(row_number, values))
    finally:
        wb.close()
    return result


def duplicate_errors(rows: list[ParsedRow], key: Callable[[ParsedRow], Any], column) -> list[RowError]:
    """A RowError for each row whose key repeats an earlier row's (a file must not name a thing twice)."""
    seen: dict[Any, int] = {}
    errors = []
    for row in rows:
        k = key(row)
        if k in (None, "", ()):
            continue
        if k in seen:
            errors.append(RowError(row.row_number, str(column), _("Trùng với dòng %(n)d.") % {"n": seen[k]}))
        else:
            seen[k] = row.row_number
    return errors
