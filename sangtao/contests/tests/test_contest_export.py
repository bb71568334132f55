"""The contests list exports to .xlsx, scoped and filtered like the page."""

import io

from openpyxl import load_workbook

from sangtao.testing.factories import ContestFactory


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )


def test_a_school_exports_the_contests_it_may_see(world, client_for):
    ContestFactory(organiser=world.school_a, name="Hội thi robot cấp trường A")
    ContestFactory(organiser=world.school_b, name="Hội thi robot cấp trường B")
    rows = _sheet(client_for("principal_a").get("/contests/", {"format": "xlsx", "q": "robot"}))
    assert rows[0] == ("Hội thi", "Năm học", "Đơn vị tổ chức", "Tổ phụ trách", "Trạng thái")
    assert [r[0] for r in rows[1:]] == ["Hội thi robot cấp trường A"]
    assert rows[1][2] == world.school_a.name
