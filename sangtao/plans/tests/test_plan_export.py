"""The plans list exports to .xlsx: Vietnamese headings, the rows the page lists, its filter kept."""

import io

from openpyxl import load_workbook

from sangtao.testing.factories import PlanFactory


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )


def test_a_school_exports_its_own_plans_only(world, client_for):
    PlanFactory(issuing_unit=world.school_a, number="01/KH-THCS", title="Kế hoạch ngày hội STEM")
    PlanFactory(issuing_unit=world.school_a, number="02/KH-THCS", title="Kế hoạch câu lạc bộ robot")
    PlanFactory(issuing_unit=world.school_b, number="09/KH-TH", title="Kế hoạch ngày hội STEM")
    rows = _sheet(client_for("principal_a").get("/plans/", {"format": "xlsx", "q": "stem"}))
    assert rows[0][:3] == ("Số/ký hiệu", "Ngày ban hành", "Trích yếu")
    assert [r[0] for r in rows[1:]] == ["01/KH-THCS"]
    assert rows[1][3] == world.school_a.name and rows[1][5] == "Đã ban hành"


def test_the_list_offers_the_export(world, client_for):
    body = client_for("leader").get("/plans/", {"status": "issued"}).content.decode()
    assert "format=xlsx" in body and "status=issued" in body
