"""Issue 7's story in one go, at phone and desktop size: the leader opens the dashboard, drills into THCS,
makes the semester-I report of that level from there, edits the assessment paragraph, finalises it, and
downloads the .docx and the .xlsx annex (both opened to check them)."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from sangtao.plans.models import ReportingPeriod
from sangtao.reports.models import Report, ReportStatus
from tests.e2e.browser import assert_accessible, login, shot
from tests.e2e.test_reports import plan  # noqa: F401  (the same small plan: one task, CT01, semester I)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STRENGTHS = "Các trường THCS đã thành lập câu lạc bộ đổi mới sáng tạo; học sinh sinh hoạt hằng tháng."
PERIOD = "Sơ kết học kỳ I năm học 2023-2024"


def test_the_leader_goes_from_the_dashboard_to_the_finalised_thcs_report(plan, e2e_world, live_server, page):  # noqa: F811
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Tiến độ thực hiện kế hoạch").wait_for()
    period = ReportingPeriod.objects.get(plan=plan, name=PERIOD)
    page.get_by_label("Số liệu đến").select_option(value=str(period.pk))
    page.get_by_role("button", name="Xem").click()
    page.locator("#indicators").wait_for()

    page.get_by_role("link", name=re.compile(r"^Trung học cơ sở \(\d+\)$")).click()
    page.get_by_role("heading", name="Các trường Trung học cơ sở").wait_for()
    assert e2e_world.school_a.name in page.locator("#schools").inner_text()
    assert e2e_world.school_b.name not in page.locator("#schools").inner_text()
    assert_accessible(page)

    page.locator("#make-report").click()
    assert page.locator("select[name=level]").input_value() == "THCS"
    assert page.locator("select[name=period] option:checked").inner_text().endswith(PERIOD)
    page.get_by_role("button", name="Lập dự thảo").click()
    assert page.locator("#report-status").inner_text() == "Đang soạn"
    assert "Trung học cơ sở" in page.get_by_text("Phạm vi").first.inner_text()

    page.fill("textarea[name=strengths]", STRENGTHS)
    page.get_by_role("button", name="Lưu nội dung").click()
    page.get_by_text("Đã lưu nội dung báo cáo.").wait_for()
    page.get_by_role("button", name="Tạo văn bản").click()
    page.get_by_role("link", name="Văn bản (.docx)").wait_for()
    page.get_by_role("button", name="Hoàn tất báo cáo (phiên bản 1)").click()
    page.get_by_text("Đã hoàn tất báo cáo").first.wait_for()
    assert page.locator("#report-status").inner_text() == "Đã hoàn tất"
    shot(page, f"report-story-{page.device}")
    assert_accessible(page)

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Văn bản (.docx)").click()
    texts = [p.text for p in Document(docx_download.value.path()).paragraphs]
    assert "BÁO CÁO" in texts and STRENGTHS in texts
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Phụ lục (.xlsx)").click()
    wb = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()), read_only=True)
    rows = list(wb[wb.sheetnames[0]].iter_rows(values_only=True))
    assert any(e2e_world.school_a.name in (str(c) for c in row) for row in rows)
    assert not any(e2e_world.school_b.name in (str(c) for c in row) for row in rows)

    report = Report.objects.get()
    assert (report.status, report.level, report.strengths) == (ReportStatus.FINALISED, "THCS", STRENGTHS)
    # And back: the report leads to the THCS page of the same period.
    page.locator("#report-dashboard").click()
    page.get_by_role("heading", name="Các trường Trung học cơ sở").wait_for()
    assert page.get_by_label("Số liệu đến").locator("option:checked").inner_text().startswith(PERIOD)
