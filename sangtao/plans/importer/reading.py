"""From an uploaded .docx or pasted text to a list of paragraphs, in reading order.

Word keeps the numbers of an automatically numbered list ("1.", "a)", "-") out of the paragraph's
text, so they are rebuilt here from the document's numbering definitions: without them the parser
would see a plan without structure. Tables are read cell by cell (the header of an administrative
document is a two-column table), except a table of tasks with a "chủ trì" column, whose rows become one
sentence each so that the units and dates in its columns are found like those in a paragraph.
"""

import re
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sangtao.core.text import fold
from sangtao.core.uploads import check_archive

MAX_CHARS = 300_000


class UnreadableDocument(Exception):
    """The document cannot become a draft: `message` says why (in Vietnamese), `text` is what was read."""

    def __init__(self, message: str, text: str = ""):
        super().__init__(message)
        self.message = message
        self.text = text


# ── Pasted text ────────────────────────────────────────────────────────────────────────────────────

_MARKER_START = re.compile(r"^\s*([-–—+•·▪◦*]|\d{1,2}(\.\d{1,2})*[.)]|[a-zđ][).]|[IVX]{1,5}[.\-–:)]?\s)")


def paragraphs_from_text(text: str) -> list[str]:
    """One paragraph per line; a line that starts in lower case continues the previous one (a
    paragraph wrapped by the program it was copied from), unless it starts with a list marker."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    out: list[str] = []
    previous_blank = True
    for raw in text.split("\n"):
        # A tab separates the two columns of a copied header table ("UBND QUẬN 12<TAB>CỘNG HÒA…").
        cells = [c.strip() for c in raw.split("\t")]
        line = " ".join(raw.split())
        if not line:
            previous_blank = True
            continue
        if len([c for c in cells if c]) > 1:
            out.extend(" ".join(c.split()) for c in cells if c)
        elif out and not previous_blank and line[0].islower() and not _MARKER_START.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        previous_blank = False
    return out


# ── Word documents ─────────────────────────────────────────────────────────────────────────────────

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
    if fmt == "upperLetter":
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 1) % 26]
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


class _Numbering:
    """Enough of Word's list numbering to put "1.", "a)", "-" back in front of a paragraph."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, paragraph) -> str:
        ppr = paragraph._p.pPr
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is None:
            return ""
        num_id = numpr.find(f"{_W}numId")
        ilvl = numpr.find(f"{_W}ilvl")
        num_id = num_id.get(f"{_W}val") if num_id is not None else ""
        level = int(ilvl.get(f"{_W}val")) if ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _start = levels[level]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def number(match):
            k = int(match.group(1)) - 1
            return _format_number(
                counters.get(k, levels.get(k, ("decimal", "", 1))[2]), levels.get(k, (fmt,))[0]
            )

        return re.sub(r"%(\d)", number, text).strip()


def _task_table_rows(table) -> list[str] | None:
    """A table of tasks (columns "nội dung / nhiệm vụ", "chủ trì", "phối hợp", "thời gian") becomes
    one bullet per row worded the way a paragraph would say it."""
    rows = table.rows
    if len(rows) < 2:
        return None
    header = [fold(cell.text) for cell in rows[0].cells]
    if not any("chu tri" in h for h in header):
        return None
    columns = {}
    for i, h in enumerate(header):
        if "chu tri" in h:
            columns.setdefault("lead", i)
        elif "phoi hop" in h:
            columns.setdefault("partners", i)
        elif "thoi gian" in h or "thoi han" in h or "tien do" in h:
            columns.setdefault("when", i)
        elif "noi dung" in h or "nhiem vu" in h or "hoat dong" in h or "cong viec" in h:
            columns.setdefault("what", i)
    if "what" not in columns:
        return None
    out = []
    for row in rows[1:]:
        cells = [" ".join(cell.text.split()) for cell in row.cells]

        def cell(key, cells=cells):
            i = columns.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        what = cell("what").rstrip(".;")
        if not what:
            continue
        parts = [what]
        if cell("lead"):
            parts.append(f"chủ trì: {cell('lead')}")
        if cell("partners"):
            parts.append(f"phối hợp với {cell('partners')}")
        if cell("when"):
            parts.append(f"thời gian: {cell('when')}")
        out.append("- " + "; ".join(parts) + ".")
    return out


def paragraphs_from_docx(uploaded) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        check_archive(uploaded)
    except ValidationError as exc:
        raise UnreadableDocument(exc.messages[0]) from exc
    uploaded.seek(0)
    data = uploaded.read()
    try:
        document = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(
            _(
                "Không mở được tệp Word: tệp bị hỏng hoặc không phải .docx. Hãy lưu lại bằng Word dưới dạng "
                "“Word Document (.docx)” rồi tải lên, hoặc dán nội dung văn bản."
            )
        ) from exc
    numbering = _Numbering(document)
    out: list[str] = []
    pictures = 0

    def paragraph(p: Paragraph):
        nonlocal pictures
        pictures += len(p._p.findall(f".//{_W}drawing")) + len(p._p.findall(f".//{_W}pict"))
        text = " ".join(p.text.replace("\u00a0", " ").split())
        if not text:
            return
        label = numbering.label(p)
        out.append(f"{label} {text}" if label else text)

    def table(t: Table):
        rows = _task_table_rows(t)
        if rows is not None:
            out.extend(rows)
            return
        seen = set()
        for row in t.rows:
            for cell in row.cells:
                if cell._tc in seen:  # a merged cell appears once per spanned column
                    continue
                seen.add(cell._tc)
                for child in cell._tc.iterchildren():
                    if child.tag == f"{_W}p":
                        paragraph(Paragraph(child, cell))
                    elif child.tag == f"{_W}tbl":
                        table(Table(child, cell))

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph(Paragraph(child, document))
        elif child.tag == f"{_W}tbl":
            table(Table(child, document))
    if not out:
        if pictures:
            raise UnreadableDocument(
                _(
                    "Tệp Word chỉ chứa hình ảnh (có thể là bản quét), không có chữ để đọc. Hãy tải lên bản Word "
                    "gốc có chữ, hoặc dán nội dung văn bản vào ô bên dưới."
                )
            )
        raise UnreadableDocument(_("Tệp Word không có nội dung chữ nào."))
    return out


def read_document(*, uploaded=None, text: str = "") -> tuple[list[str], str]:
    """(paragraphs, the text as read). Raises UnreadableDocument."""
    if uploaded is not None:
        name = (uploaded.name or "").lower()
        if name.endswith(".txt"):
            raw = uploaded.read()
            uploaded.seek(0)
            try:
                decoded = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(
                    _("Tệp văn bản không ở mã UTF-8; hãy lưu lại với mã UTF-8.")
                ) from exc
            paragraphs = paragraphs_from_text(decoded)
        else:
            paragraphs = paragraphs_from_docx(uploaded)
    else:
        paragraphs = paragraphs_from_text(text)
    joined = "\n".join(paragraphs)
    if not joined.strip():
        raise UnreadableDocument(_("Văn bản trống: hãy tải lên tệp .docx hoặc dán nội dung kế hoạch."))
    if len(joined) > MAX_CHARS:
        raise UnreadableDocument(
            _("Văn bản quá dài (%(n)s ký tự; tối đa %(max)s). Hãy tách phụ lục ra và chỉ nhập phần kế hoạch.")
            % {"n": f"{len(joined):,}".replace(",", "."), "max": f"{MAX_CHARS:,}".replace(",", ".")},
            joined[:MAX_CHARS],
        )
    return paragraphs, joined
