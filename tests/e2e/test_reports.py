"""The semester-I report in a real browser, at phone and desktop size (issue 7 §2): the leader drafts it,
rewrites the assessment, generates it, finalises it and downloads the .docx and the .xlsx annex."""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from sangtao.plans.models import AssignmentStatus, IndicatorSource, PlanStatus, TaskKind
from sangtao.reports.models import Report, ReportStatus
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
)
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STRENGTHS = "Các trường THCS đã thành lập câu lạc bộ đổi mới sáng tạo và sinh hoạt đều đặn."


@pytest.fixture
def plan(e2e_world, settings):
    world = e2e_world
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 15)
    settings.SANGTAO_SOFFICE = "soffice-not-in-browser-tests"  # the PDF has its own tests
    plan = PlanFactory(
        issuing_unit=world.office,
        status=PlanStatus.ISSUED,
        number="454/KH-GDĐT",
        title="Tổ chức thực hiện hoạt động khoa học, công nghệ và đổi mới sáng tạo năm 2024",
    )
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION, number="I", title="NỘI DUNG")
    task = TaskFactory(
        plan=plan,
        parent=section,
        number="1",
        title="Thành lập câu lạc bộ đổi mới sáng tạo",
        lead_unit=world.team_pt,
        end=datetime.date(2023, 12, 31),
    )
    IndicatorFactory(
        plan=plan,
        task=task,
        code="CT01",
        name="Trường có câu lạc bộ đổi mới sáng tạo",
        source=IndicatorSource.COMPUTED,
        source_key="plans.task_completed",
        target=50,
    )
    AssignmentFactory(
        task=task,
        unit=world.school_a,
        status=AssignmentStatus.APPROVED,
        report_text="Đã thành lập câu lạc bộ gồm 25 học sinh.",
    )
    AssignmentFactory(task=task, unit=world.school_b)
    ReportingPeriodFactory(plan=plan, name="Sơ kết học kỳ I năm học 2023-2024")
    return plan


def test_the_leader_generates_edits_finalises_and_downloads_the_semester_report(plan, live_server, page):
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Lập báo cáo").click()
    page.select_option("select[name=period]", label="454/KH-GDĐT — Sơ kết học kỳ I năm học 2023-2024")
    page.get_by_role("button", name="Lập dự thảo").click()
    assert page.locator("#report-status").inner_text() == "Đang soạn"
    assert_accessible(page)

    page.fill("textarea[name=strengths]", STRENGTHS)
    page.get_by_role("button", name="Lưu nội dung").click()
    page.get_by_text("Đã lưu nội dung báo cáo.").wait_for()
    page.get_by_role("button", name="Tạo văn bản").click()
    page.get_by_role("link", name="Văn bản (.docx)").wait_for()
    assert page.locator("#report-status").inner_text() == "Đã tạo văn bản"
    page.get_by_role("button", name="Hoàn tất báo cáo (phiên bản 1)").click()
    page.get_by_text("Đã hoàn tất báo cáo").first.wait_for()
    assert page.locator("#report-status").inner_text() == "Đã hoàn tất"
    assert page.locator("textarea[name=strengths]").count() == 0
    shot(page, f"report-finalised-{page.device}")
    assert_accessible(page)

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Văn bản (.docx)").click()
    assert docx_download.value.suggested_filename.endswith("-v1.docx")
    doc = Document(docx_download.value.path())
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and STRENGTHS in texts
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Phụ lục (.xlsx)").click()
    assert xlsx_download.value.suggested_filename.endswith("-phu-luc.xlsx")
    wb = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()), read_only=True)
    assert wb.sheetnames[0] == "Chỉ tiêu theo đơn vị"
    report = Report.objects.get()
    assert report.status == ReportStatus.FINALISED and report.strengths == STRENGTHS
