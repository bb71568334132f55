"""Word documents in the layout of Nghị định 30/2020/NĐ-CP (công tác văn thư), shared by every app that issues one.

The decree fixes the page (A4, margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm), the font
(Times New Roman, 13–14 pt for the body) and the blocks: the issuing body under its managing body and the
national title with its motto side by side at the top, then the number and the place and date (italic);
at the foot "Nơi nhận" (12 pt bold italic, its lines 11 pt) beside the signature (title and name, bold).
The two top and bottom blocks are borderless two-column tables, as the decree's own templates are drawn.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Page margins (mm) within the decree's ranges.
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def vn_date(day) -> str:
    """ "ngày 05 tháng 02 năm 2024": NĐ 30 writes days below 10 and the months January and February with a 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def lower_first(text: str) -> str:
    """ "Sơ kết học kỳ I" → "sơ kết học kỳ I" inside a sentence (the rest keeps its capitals)."""
    return text[:1].lower() + text[1:] if text else text


def new_document(*, body_size: int = 14):
    """An empty A4 portrait document with the decree's margins and Times New Roman as the normal font."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(body_size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return doc


def run(paragraph, text, *, bold=False, italic=False, size=13, underline=False):
    """A run in Times New Roman (also for East Asian text, which Word otherwise sets in its own font)."""
    r = paragraph.add_run(text)
    r.bold, r.italic, r.underline = bold, italic, underline
    r.font.size = Pt(size)
    r.font.name = FONT
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return r


def para(
    container,
    text="",
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    bold=False,
    italic=False,
    size=13,
    underline=False,
    indent=False,
    after=0,
    before=0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(before)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if text:
        run(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)
    return paragraph


def no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def cell_text(cell, text="", **kwargs):
    """Write into a cell's first paragraph (a new cell already has one, empty)."""
    paragraph = cell.paragraphs[0].clear()
    paragraph.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    if text:
        run(paragraph, text, **kwargs)
    return paragraph


def header_block(doc, *, parent_name: str, issuer_name: str, number: str, place_date: str):
    """Managing body over issuing body and the number on the left; national title, motto, place and date on
    the right: one borderless table of two columns."""
    head = doc.add_table(rows=1, cols=2)
    no_borders(head)
    left, right = head.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    cell_text(left, parent_name, size=12)
    para(left, issuer_name, bold=True, size=12)
    para(left, "────────", size=10)
    para(left, f"Số: {number}", size=13)
    cell_text(right, NATIONAL_TITLE, bold=True, size=12)
    para(right, MOTTO, bold=True, size=13)
    para(right, "──────────────────", size=10)
    para(right, place_date, italic=True, size=13)
    return head


def signature_block(doc, *, recipients: list[str], signer_lines: list[str], signer_name: str):
    """ "Nơi nhận" on the left (12 pt bold italic, lines 11 pt); title(s) and name of the signer on the right."""
    sign = doc.add_table(rows=1, cols=2)
    no_borders(sign)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipients:
        para(left, f"- {line}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    for i, line in enumerate(signer_lines or ["THỦ TRƯỞNG ĐƠN VỊ"]):
        if i == 0:
            cell_text(right, line, bold=True, size=14)
        else:
            para(right, line, bold=True, size=14)
    for _blank in range(4):
        para(right, "")
    para(right, signer_name, bold=True, size=14)
    return sign


def signer_lines(title: str) -> list[str]:
    """ "KT. TRƯỞNG PHÒNG; PHÓ TRƯỞNG PHÒNG" (or one per line) → the lines above the signature, in capitals."""
    return [line.strip().upper() for line in title.replace("\n", ";").split(";") if line.strip()]


def save(doc) -> io.BytesIO:
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
