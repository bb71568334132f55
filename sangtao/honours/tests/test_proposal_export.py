"""The proposals list exports to .xlsx, scoped like the page."""

import io

from openpyxl import load_workbook

from sangtao.honours.tests.factories import ProposalFactory


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )


def test_a_school_exports_its_own_proposals_only(world, client_for):
    ProposalFactory(unit=world.school_a, title="Đề nghị khen thưởng của trường A")
    ProposalFactory(unit=world.school_b, title="Đề nghị khen thưởng của trường B")
    rows = _sheet(client_for("principal_a").get("/honours/proposals/", {"format": "xlsx"}))
    assert rows[0][:3] == ("Năm học", "Đơn vị đề nghị", "Tiêu đề")
    assert [r[2] for r in rows[1:]] == ["Đề nghị khen thưởng của trường A"]
    assert rows[1][0] == "2023-2024" or "2024" in rows[1][0]
    office = _sheet(client_for("leader").get("/honours/proposals/", {"format": "xlsx"}))
    assert len(office) >= 1
