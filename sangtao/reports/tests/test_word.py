"""The .docx: it opens, it has every element of Nghị định 30/2020/NĐ-CP, its charts and its figures."""

import io

from docx import Document
from docx.oxml.ns import qn

from sangtao.plans.selectors import Scope, indicator_figures
from sangtao.reports.selectors import report_content
from sangtao.reports.word import report_docx

from .conftest import REPORT_A


def _document(report) -> Document:
    return Document(io.BytesIO(report.versions.get().docx.read()))


def _texts(doc) -> list[str]:
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


def _runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def _find_run(doc, text):
    return next(r for r in _runs(doc) if r.text == text)


def test_it_has_the_decree_header_in_a_borderless_two_column_table(generated):
    doc = _document(generated)
    head = doc.tables[0]
    left, right = head.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text][:2] == [
        "UBND QUẬN 12",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN 12",
    ]
    assert "Số: /BC-GDĐT" in [p.text for p in left.paragraphs]
    right_text = [p.text for p in right.paragraphs]
    assert right_text[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right_text[1] == "Độc lập - Tự do - Hạnh phúc"
    assert "Quận 12, ngày 15 tháng 3 năm 2024" in right_text
    assert _find_run(doc, "Quận 12, ngày 15 tháng 3 năm 2024").italic
    assert _find_run(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_it_has_the_title_the_summary_and_the_signature_with_the_recipients(generated):
    doc = _document(generated)
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert _find_run(doc, "BÁO CÁO").bold
    assert generated.title in texts
    assert generated.title.startswith("Kết quả thực hiện Kế hoạch số 454/KH-GDĐT")
    sign = doc.tables[-1]
    left, right = sign.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    heading = left.paragraphs[0].runs[0]
    assert heading.bold and heading.italic and heading.font.size.pt == 12
    assert [p.text for p in left.paragraphs[1:]] == ["- UBND Q.12 (để báo cáo);", "- Lưu: VT."]
    assert {r.font.size.pt for p in left.paragraphs[1:] for r in p.runs} == {11}
    signature = [p.text for p in right.paragraphs if p.text]
    assert signature == ["TRƯỞNG PHÒNG", "Khuê Mạnh Hùng"]


def test_it_is_times_new_roman_on_a4_with_the_decree_margins(generated):
    doc = _document(generated)
    section = doc.sections[0]
    # Word stores lengths in twentieths of a point: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    runs = [r for r in _runs(doc) if r.text.strip()]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}
    rules = set("─")  # the short rules under the headings are drawn in 10 pt
    body = [
        r.font.size.pt for p in doc.paragraphs for r in p.runs if set(r.text.strip()) - rules and not r.italic
    ]
    assert set(body) <= {13, 14}


def test_it_embeds_every_chart_as_an_image(generated, world):
    doc = _document(generated)
    content = report_content(world.leader, generated)
    assert set(content.charts) == {"indicators", "sections", "levels"}
    assert len(doc.inline_shapes) == len(content.charts)
    images = [p for p in doc.part.package.parts if p.content_type == "image/png"]
    assert len(images) == len(content.charts)
    assert all(image.blob.startswith(b"\x89PNG") for image in images)
    texts = [p.text for p in doc.paragraphs]
    assert "Biểu đồ 1. Mức độ hoàn thành chỉ tiêu (% so với chỉ tiêu kế hoạch)" in texts


def test_its_indicator_table_prints_the_figures_of_the_one_source(generated, reporting, world):
    doc = _document(generated)
    figures = indicator_figures(world.leader, reporting.plan, as_of=reporting.period.end, scope=Scope())
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [(r[1], r[5], r[6]) for r in rows] == [("CT01", "50", "100%"), ("CT02", "7", "70%")]
    assert [(f.indicator.code, f.overall.actual, f.percent_of_target) for f in figures] == [
        ("CT01", 50, 100),
        ("CT02", 7, 70),
    ]


def test_its_body_follows_the_plan_with_counts_and_the_approved_reports(generated):
    texts = _texts(_document(generated))
    assert "I. NỘI DUNG" in texts
    assert "1. Thành lập câu lạc bộ đổi mới sáng tạo" in texts
    assert any(
        t.startswith(
            "Đơn vị chủ trì: Tổ Phổ thông. Số đơn vị thực hiện: 2; đã hoàn thành (được duyệt): 1 (50%); "
            "quá hạn chưa hoàn thành: 1."
        )
        for t in texts
    )
    assert f"- Trường THCS Nguyễn Ảnh Thủ: {REPORT_A}" in texts


def test_it_prints_the_assessment_as_the_office_edited_it(reporting, world):
    from .factories import ReportFactory

    report = ReportFactory(
        plan=reporting.plan,
        period=reporting.period,
        unit=world.office,
        strengths="Ưu điểm thứ nhất.\nƯu điểm thứ hai.",
        directions="Tăng cường kiểm tra.",
    )
    doc = Document(io.BytesIO(report_docx(report, report_content(world.leader, report))))
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("1. Ưu điểm")
    assert texts[i + 1 : i + 3] == ["Ưu điểm thứ nhất.", "Ưu điểm thứ hai."]
    assert "Tăng cường kiểm tra." in texts
    assert "II. ĐÁNH GIÁ CHUNG" in texts and "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG THỜI GIAN TỚI" in texts


def test_a_school_report_has_the_school_under_the_office_and_no_level_chart(reporting, world):
    from .factories import ReportFactory

    report = ReportFactory(
        plan=reporting.plan, period=reporting.period, unit=world.school_a, signer_title="HIỆU TRƯỞNG"
    )
    content = report_content(world.principal_a, report)
    doc = Document(io.BytesIO(report_docx(report, content)))
    left = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text][:2] == [
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN 12",
        "TRƯỜNG THCS NGUYỄN ẢNH THỦ",
    ]
    assert [u.pk for u in content.units] == [world.school_a.pk]
    assert "levels" not in content.charts
    assert len(doc.inline_shapes) == len(content.charts)
