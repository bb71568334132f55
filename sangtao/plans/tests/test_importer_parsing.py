"""Documents in other styles and with other units import correctly (pure: no database)."""

import datetime

import pytest
from django.utils import translation

from sangtao.plans.importer.draft import build_proposal, iter_nodes
from sangtao.plans.importer.extracting import find_dates, find_targets
from sangtao.plans.importer.matching import Registry, UnitRef, analyse_units
from sangtao.plans.importer.parsing import classify, parse
from sangtao.plans.importer.reading import paragraphs_from_text

from . import importer_docs as docs


@pytest.fixture(autouse=True)
def vietnamese():
    # Messages are asserted in Vietnamese; a test elsewhere may leave English active in this thread.
    with translation.override("vi"):
        yield


def cu_chi_registry() -> Registry:
    def u(pk, name, kind, level="", *aliases, office=False):
        return UnitRef(pk, name, kind, level, office, aliases=(name, *aliases))

    return Registry(
        units=[
            u(1, "Ủy ban nhân dân huyện Củ Chi", "observer", "", "UBND huyện Củ Chi"),
            u(2, "Phòng Giáo dục và Đào tạo huyện Củ Chi", "authority", office=True),
            u(3, "Tổ Tiểu học", "team"),
            u(4, "Tổ Trung học cơ sở", "team"),
            u(5, "Tổ Kế hoạch – Tài chính", "team"),
            u(6, "Huyện đoàn Củ Chi", "partner"),
            u(7, "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện Củ Chi", "affiliated", "DVTN"),
            u(8, "Trường THCS Tân Thông Hội", "school", "THCS", "THCS Tân Thông Hội"),
            u(9, "Trường THCS Phước Hiệp", "school", "THCS", "THCS Phước Hiệp"),
        ],
        levels_present=["TH", "THCS", "DVTN"],
    )


def q12_registry() -> Registry:
    def u(pk, name, kind, level="", *aliases, office=False):
        return UnitRef(pk, name, kind, level, office, aliases=(name, *aliases))

    return Registry(
        units=[
            u(1, "UBND Quận 12", "observer"),
            u(2, "Phòng Giáo dục và Đào tạo Quận 12", "authority", "", "Phòng GD&ĐT", office=True),
            u(3, "Tổ Phổ thông", "team"),
            u(4, "Tổ Mầm non", "team"),
            u(5, "Phòng Kinh tế", "partner"),
            u(6, "Trường THCS Nguyễn Ảnh Thủ", "school", "THCS"),
            u(7, "Trường Tiểu học Lê Văn Thọ", "school", "TH"),
        ],
        levels_present=["TH", "THCS"],
    )


def _import(text, registry):
    return build_proposal(parse(paragraphs_from_text(text)), registry)


def _tasks(proposal):
    return {n["number"]: n for n in iter_nodes(proposal["nodes"], kind="task")}


@pytest.mark.parametrize(
    "line, expected",
    [
        ("I. MỤC ĐÍCH", ("roman", "I", "MỤC ĐÍCH")),
        ("II NỘI DUNG", ("roman", "II", "NỘI DUNG")),
        ("Phần III. TỔ CHỨC", ("roman", "III", "TỔ CHỨC")),
        ("Điều 2. Tổ Mầm non tham mưu", ("dieu", "2", "Tổ Mầm non tham mưu")),
        ("1. Vòng trường", ("decimal", "1", "Vòng trường")),
        ("2.1. Bồi dưỡng", ("decimal", "2.1", "Bồi dưỡng")),
        ("1.2.3 Chuyên đề", ("decimal", "1.2.3", "Chuyên đề")),
        ("b) Tổ chức", ("letter", "b", "Tổ chức")),
        ("đ. Tổng kết", ("letter", "đ", "Tổng kết")),
        ("- Treo băng rôn", ("dash", "", "Treo băng rôn")),
        ("+ Vòng huyện", ("plus", "", "Vòng huyện")),
        ("Cụ thể như sau:", ("intro", "", "Cụ thể như sau:")),
        ("15.01.2024 là hạn nộp", ("plain", "", "15.01.2024 là hạn nộp")),
        ("Vì vậy các trường", ("plain", "", "Vì vậy các trường")),
    ],
)
def test_it_reads_every_numbering_style(line, expected):
    assert classify(line)[:3] == expected


def test_a_plan_with_roman_numerals_without_dots_and_decimal_items_imports():
    proposal = _import(docs.CU_CHI, cu_chi_registry())
    header = proposal["header"]
    assert (header["number"], header["issued_on"], header["place"]) == ("87/KH-PGDĐT", "2023-09-12", "Củ Chi")
    assert header["title"] == (
        "Triển khai giáo dục STEM trong các trường tiểu học và trung học cơ sở năm học 2023-2024"
    )
    assert (header["default_start"], header["default_end"]) == ("2023-09-05", "2024-05-31")
    assert (header["signer_title"], header["signer_name"]) == ("TRƯỞNG PHÒNG", "Lê Văn Minh")
    assert len(proposal["bases"]) == 2
    assert [n["number"] for n in proposal["nodes"]] == ["I", "II", "III"]
    tasks = _tasks(proposal)
    training = tasks["II.1.a"]
    assert (training["lead"], training["partners"]) == (4, [7])
    assert (training["start"], training["end"]) == ("2023-10-01", "2023-10-31")
    assert (tasks["II.1.b"]["lead"], tasks["II.1.b"]["levels"], tasks["II.1.b"]["end"]) == (
        3,
        ["TH"],
        "2023-09-30",
    )
    contest = tasks["II.2.1"]
    assert contest["partners"] == [6, 4] and contest["levels"] is None
    assert [(c["number"], c["start"], c["end"]) for c in contest["children"]] == [
        ("II.2.1.a", "2023-10-01", "2023-12-31"),
        ("II.2.1.b", "2024-01-15", "2024-01-20"),
    ]
    # A section named after a team: its tasks are the office's own, led by that team.
    assert (tasks["III.1.1"]["lead"], tasks["III.1.1"]["levels"]) == (5, None)
    report = tasks["III.2.1"]
    assert (report["implementing"], report["levels"], report["end"]) == ([8, 9], ["TH"], "2024-05-25")
    assert [(i["name"], i["target"], i["measure"], i["levels"]) for i in proposal["indicators"]] == [
        ("Trường tiểu học có tổ chức bài học STEM", "80", "share", ["TH"]),
        ("Chuyên đề STEM cấp huyện được tổ chức trong năm học", "30", "count", []),
    ]
    assert [(r["label"], r["purpose"], r["unit"]) for r in proposal["recipients"]] == [
        ("UBND huyện", "report", 1),
        ("Huyện đoàn Củ Chi", "cooperate", 6),
        ("Các trường TH, THCS", "implement", None),
        ("Lưu: VT", "archive", None),
    ]


def test_a_decision_with_articles_imports():
    proposal = _import(docs.DECISION, q12_registry())
    assert proposal["header"]["title"] == "Về việc giao nhiệm vụ tổ chức Hội thi Sáng tạo trẻ năm 2024"
    assert [(n["kind"], n["number"]) for n in proposal["nodes"]] == [
        ("section", "1"),
        ("task", "2"),
        ("section", "3"),
    ]
    tasks = _tasks(proposal)
    assert (tasks["1.1"]["lead"], tasks["1.1"]["partners"], tasks["1.1"]["end"]) == (3, [5], "2024-04-30")
    assert (tasks["1.2"]["implementing"], tasks["1.2"]["levels"], tasks["1.2"]["end"]) == (
        [6],
        None,
        "2024-04-01",
    )
    assert (tasks["2"]["lead"], tasks["2"]["levels"], tasks["2"]["end"]) == (4, ["MN"], "2024-06-30")
    # "báo cáo UBND Q.12": the body reported to is no partner.
    assert (tasks["3.1"]["lead"], tasks["3.1"]["partners"]) == (3, [])
    assert [(i["name"], i["target"], i["levels"]) for i in proposal["indicators"]] == [
        ("Trường THCS có đội dự thi", "100", ["THCS"])
    ]


def test_pasted_text_with_wrapped_lines_and_bullets_under_sections_imports():
    proposal = _import(docs.PASTED, q12_registry())
    tasks = _tasks(proposal)
    assert list(tasks) == ["I.1", "I.2", "II.1"]
    assert tasks["I.1"]["description"].endswith("Ngày Khoa học và công nghệ Việt Nam trong tháng 5/2024.")
    assert (tasks["I.2"]["lead"], tasks["I.2"]["partners"], tasks["I.2"]["end"]) == (3, [5], "2024-05-18")
    assert proposal["indicators"][0]["measure"] == "count"
    assert "Không tìm thấy phần “Nơi nhận”." in proposal["warnings"]


def test_the_quan_12_sample_imports_with_its_attributes_folded_into_the_task():
    proposal = _import(docs.stem_day_text(), q12_registry())
    tasks = _tasks(proposal)
    workshop = tasks["II.2.1.b"]
    assert workshop["end"] == "2024-04-10" and "Thời gian: ngày 10/04/2024." in workshop["description"]
    assert [c["number"] for c in workshop["children"]] == ["II.2.1.b.1"]
    assert tasks["II.2.1"]["implementing"] == []  # the venue of a group of subtasks carries out nothing
    assert proposal["header"]["signer_title"] == "KT. TRƯỞNG PHÒNG PHÓ TRƯỞNG PHÒNG"


def test_a_letter_without_structure_has_no_body():
    assert parse(paragraphs_from_text(docs.NO_STRUCTURE)).count() == 0


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Hoàn thành trước ngày 15/01/2024.", None, datetime.date(2024, 1, 15)),
        ("chậm nhất ngày 05 tháng 3 năm 2024", None, datetime.date(2024, 3, 5)),
        ("Tổ chức trong tháng 5/2024.", datetime.date(2024, 5, 1), datetime.date(2024, 5, 31)),
        ("Hoàn thành trước tháng 5/2024.", None, datetime.date(2024, 4, 30)),
        ("Thực hiện trong quý II/2024.", datetime.date(2024, 4, 1), datetime.date(2024, 6, 30)),
        ("từ ngày 08/04/2024 đến ngày 10/04/2024", datetime.date(2024, 4, 8), datetime.date(2024, 4, 10)),
        ("từ tháng 9 đến tháng 12/2023", datetime.date(2023, 9, 1), datetime.date(2023, 12, 31)),
        ("trong năm học 2023–2024", datetime.date(2023, 9, 5), datetime.date(2024, 5, 31)),
        ("Theo Kế hoạch số 6735/KH-UBND ngày 27/9/2023 của UBND quận.", None, None),
    ],
)
def test_it_finds_dates_and_deadlines(text, start, end):
    dates = find_dates(text)
    assert (dates.start, dates.end) == (start, end)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "đảm bảo 50% trường học có câu lạc bộ hoạt động;",
            ("Trường học có câu lạc bộ hoạt động", "50", "share", []),
        ),
        (
            "100% đơn vị trực thuộc hoàn thành báo cáo.",
            ("Đơn vị trực thuộc hoàn thành báo cáo", "100", "share", []),
        ),
        ("tỷ lệ giáo viên được bồi dưỡng đạt 90% trở lên.", ("Giáo viên được bồi dưỡng", "90", "share", [])),
        ("ít nhất 10 sáng kiến được công nhận.", ("Sáng kiến được công nhận", "10", "count", [])),
        (
            "mỗi trường THCS có ít nhất 01 câu lạc bộ STEM.",
            ("Trường có ít nhất 01 câu lạc bộ STEM", "100", "share", ["THCS"]),
        ),
    ],
)
def test_it_finds_targets(text, expected):
    [target] = find_targets(text)
    assert (target["name"], target["target"], target["measure"], target["levels"]) == expected


def test_units_are_matched_by_abbreviation_and_without_accents():
    registry = q12_registry()
    units = analyse_units("Phong GD&DT chu tri, phoi hop voi phong kinh te va UBND Q.12", registry)
    assert (units.lead, units.partners) == (2, [5, 1])
    units = analyse_units("Các trường MN, TH, THCS và ĐVTN thực hiện.", registry)
    assert units.levels == ["MN", "TH", "THCS", "DVTN"]
    units = analyse_units("Đề nghị các trường hợp đặc biệt báo cáo.", registry)
    assert units.levels is None
