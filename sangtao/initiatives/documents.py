"""The decision recognising initiatives as a .docx in the layout of Nghị định 30/2020/NĐ-CP, and its list.

The text of the decision is Vietnamese whatever the interface language: it is an administrative document
of a Vietnamese authority, so its wording is not translated (as plans/plan_document.html).
"""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sangtao.orgs.models import IMPLEMENTING_KINDS

from .models import CouncilLevel, Decision, Initiative

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


def vn_date(day) -> str:
    """ "ngày 05 tháng 02 năm 2024": NĐ 30 writes days below 10 and the months January and February with a 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _share(value) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@dataclass
class DecisionText:
    """Everything the document says, computed once for the .docx and the page."""

    parent_name: str
    issuer_name: str
    number: str
    place_date: str
    subject: str
    authority: str
    bases: list[str]
    article1: str
    article2: str
    article3: str
    signer_lines: list[str]
    signer_name: str
    recipients: list[str]
    rows: list[dict]


def decision_rows(initiatives: list[Initiative]) -> list[dict]:
    return [
        {
            "index": i,
            "title": initiative.title,
            "authors": "; ".join(f"{a.full_name} ({_share(a.share)}%)" for a in initiative.authors.all()),
            "unit": initiative.unit.name,
            "field": str(initiative.get_field_display()),
            "result": initiative.result,
        }
        for i, initiative in enumerate(initiatives, start=1)
    ]


def decision_text(
    decision: Decision, initiatives: list[Initiative], *, plans=(), council_name: str = ""
) -> DecisionText:
    unit = decision.unit
    year = decision.campaign.school_year.name
    school = unit.kind in IMPLEMENTING_KINDS
    authority = f"HIỆU TRƯỞNG {unit.name.upper()}" if school else f"TRƯỞNG {unit.name.upper()}"
    level = "cấp trường" if decision.level == CouncilLevel.SCHOOL else "cấp Phòng"
    bases = [
        "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến;",
        "Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ Khoa học và Công nghệ hướng dẫn thi "
        "hành một số quy định của Điều lệ Sáng kiến;",
    ]
    for plan in plans:
        dated = f" {vn_date(plan.issued_on)}" if plan.issued_on else ""
        bases.append(
            f"Căn cứ Kế hoạch số {plan.number}{dated} của {plan.issuing_unit.name} về {_lower_first(plan.title)};"
        )
    if council_name:
        bases.append(f"Xét đề nghị của {council_name}.")
    parent = unit.parent
    recipients = ["Như Điều 3;"]
    if parent is not None:
        recipients.append(f"{parent.short_name or parent.name} (để báo cáo);")
    recipients.append("Lưu: VT.")
    return DecisionText(
        parent_name=(parent.name.upper() if parent is not None else ""),
        issuer_name=unit.name.upper(),
        number=decision.number,
        place_date=f"{decision.place}, {vn_date(decision.signed_on)}",
        subject=f"Về việc công nhận sáng kiến {level} năm học {year}",
        authority=authority,
        bases=bases,
        article1=f"Công nhận {len(initiatives)} sáng kiến {level} năm học {year} (danh sách kèm theo).",
        article2="Tác giả của các sáng kiến được công nhận được hưởng các quyền lợi theo quy định của Điều lệ "
        "Sáng kiến và quy định hiện hành.",
        article3="Thủ trưởng các đơn vị có liên quan và các tác giả có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
        signer_lines=[
            line.strip().upper()
            for line in decision.signer_title.replace("\n", ";").split(";")
            if line.strip()
        ],
        signer_name=decision.signer_name,
        recipients=recipients,
        rows=decision_rows(initiatives),
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# ── .docx ──────────────────────────────────────────────────────────────────────────────────────────


def _run(paragraph, text, *, bold=False, italic=False, size=13, underline=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(
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
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell(cell, text="", **kwargs):
    cell.paragraphs[0].text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    if text:
        _run(paragraph, text, **kwargs)
    return paragraph


def decision_docx(text: DecisionText) -> io.BytesIO:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)

    # Issuing body and number on the left; national title, motto, place and date on the right.
    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    left, right = head.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _cell(left, text.parent_name, size=12)
    _para(left, text.issuer_name, bold=True, size=12)
    _para(left, "────────", size=10)
    _para(left, f"Số: {text.number}", size=13)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    _para(right, "──────────────────", size=10)
    _para(right, text.place_date, italic=True, size=13)

    _para(doc, "", after=6)
    _para(doc, "QUYẾT ĐỊNH", bold=True, size=14)
    _para(doc, text.subject, bold=True, size=14)
    _para(doc, "──────────", size=10, after=6)
    _para(doc, text.authority, bold=True, size=14, after=6)
    for basis in text.bases:
        _para(doc, basis, align=WD_ALIGN_PARAGRAPH.JUSTIFY, italic=True, size=14, indent=True, after=3)
    _para(doc, "QUYẾT ĐỊNH:", bold=True, size=14, after=6)
    for label, body in (("Điều 1. ", text.article1),):
        paragraph = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=3)
        _run(paragraph, label, bold=True, size=14)
        _run(paragraph, body, size=14)

    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = ["STT", "Tên sáng kiến", "Tác giả (tỷ lệ đóng góp)", "Đơn vị", "Lĩnh vực", "Điểm"]
    widths = [Mm(10), Mm(55), Mm(40), Mm(30), Mm(20), Mm(12)]
    for cell, header, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        _cell(cell, header, bold=True, size=12)
    for row in text.rows:
        cells = table.add_row().cells
        values = [
            str(row["index"]),
            row["title"],
            row["authors"],
            row["unit"],
            row["field"],
            _share(row["result"]) if row["result"] is not None else "",
        ]
        for i, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            _cell(
                cell,
                value,
                size=12,
                align=WD_ALIGN_PARAGRAPH.CENTER if i in (0, 5) else WD_ALIGN_PARAGRAPH.LEFT,
            )

    for label, body in (("Điều 2. ", text.article2), ("Điều 3. ", text.article3)):
        paragraph = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=3)
        paragraph.paragraph_format.space_before = Pt(6)
        _run(paragraph, label, bold=True, size=14)
        _run(paragraph, body, size=14)

    # Recipients on the left, the signature on the right.
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    _cell(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in text.recipients:
        _para(left, f"- {line}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    first = True
    for line in text.signer_lines or ["THỦ TRƯỞNG ĐƠN VỊ"]:
        if first:
            _cell(right, line, bold=True, size=14)
            first = False
        else:
            _para(right, line, bold=True, size=14)
    for _blank in range(4):
        _para(right, "")
    _para(right, text.signer_name, bold=True, size=14)

    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
