"""The decision recognising initiatives as a .docx in the layout of Nghị định 30/2020/NĐ-CP, and its list.

The text of the decision is Vietnamese whatever the interface language: it is an administrative document
of a Vietnamese authority, so its wording is not translated (as plans/plan_document.html).
"""

import io
from dataclasses import dataclass

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from sangtao.core import nd30
from sangtao.core.nd30 import DOCX_CONTENT_TYPE, vn_date
from sangtao.orgs.models import IMPLEMENTING_KINDS

from .models import CouncilLevel, Decision, Initiative

__all__ = ["DOCX_CONTENT_TYPE", "DecisionText", "decision_docx", "decision_rows", "decision_text", "vn_date"]


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
        signer_lines=nd30.signer_lines(decision.signer_title),
        signer_name=decision.signer_name,
        recipients=recipients,
        rows=decision_rows(initiatives),
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# ── .docx ──────────────────────────────────────────────────────────────────────────────────────────

_run, _para, _cell = nd30.run, nd30.para, nd30.cell_text


def decision_docx(text: DecisionText) -> io.BytesIO:
    doc = nd30.new_document()
    nd30.header_block(
        doc,
        parent_name=text.parent_name,
        issuer_name=text.issuer_name,
        number=text.number,
        place_date=text.place_date,
    )

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

    nd30.signature_block(
        doc, recipients=text.recipients, signer_lines=text.signer_lines, signer_name=text.signer_name
    )
    return nd30.save(doc)
