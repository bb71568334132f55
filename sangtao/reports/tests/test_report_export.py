"""The reports list exports to .xlsx, scoped like the page: a school never sees another school's report."""

import io

from openpyxl import load_workbook

from sangtao.reports.tests.factories import ReportFactory
from sangtao.testing.factories import PlanFactory


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )


def test_a_school_exports_its_own_reports_only(world, client_for):
    plan = PlanFactory(issuing_unit=world.office)
    ReportFactory(plan=plan, unit=world.school_a, title="Báo cáo sơ kết của trường A")
    ReportFactory(plan=plan, unit=world.school_b, title="Báo cáo sơ kết của trường B")
    rows = _sheet(client_for("principal_a").get("/reports/", {"format": "xlsx"}))
    assert rows[0] == (
        "Số/ký hiệu",
        "Ngày báo cáo",
        "Trích yếu",
        "Kế hoạch",
        "Kỳ báo cáo",
        "Phạm vi",
        "Loại",
        "Trạng thái",
    )
    assert [r[2] for r in rows[1:]] == ["Báo cáo sơ kết của trường A"]
    office = _sheet(client_for("observer").get("/reports/", {"format": "xlsx", "status": "draft"}))
    assert {r[2] for r in office[1:]} == {"Báo cáo sơ kết của trường A", "Báo cáo sơ kết của trường B"}
    assert (
        _sheet(client_for("observer").get("/reports/", {"format": "xlsx", "status": "finalised"}))[1:] == []
    )
