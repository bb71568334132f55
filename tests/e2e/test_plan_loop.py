"""The plan loop in a real browser, in Vietnamese, at phone and desktop size (foundation issue §6).

The principal of school A attaches evidence and submits; the specialist returns it with a reason; the
principal corrects and resubmits; the specialist approves; the office dashboard shows it done.
"""

import datetime

import pytest

from sangtao.plans.models import Assignment, AssignmentStatus, PlanStatus, TaskKind
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
)
from tests.e2e.browser import ARTIFACTS, assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


@pytest.fixture
def loop(e2e_world):
    world = e2e_world
    plan = PlanFactory(issuing_unit=world.office, status=PlanStatus.ISSUED, number="454/KH-GDĐT",
                       title="Kế hoạch tổ chức thực hiện hoạt động khoa học, công nghệ và đổi mới sáng tạo năm 2024")
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION, number="III", title="TỔ CHỨC THỰC HIỆN")
    task = TaskFactory(plan=plan, parent=section, number="1", lead_unit=world.team_pt,
                       title="Thành lập câu lạc bộ hoạt động đổi mới sáng tạo",
                       end=datetime.date.today() + datetime.timedelta(days=20))
    IndicatorFactory(plan=plan, task=task, code="CT11", name="Đơn vị hoàn thành nhiệm vụ được giao",
                     source="computed", source_key="plans.task_completed", target=100)
    ReportingPeriodFactory(plan=plan)
    assignment = AssignmentFactory(task=task, unit=world.school_a)
    AssignmentFactory(task=task, unit=world.school_b)
    return plan, assignment


def _logout(page, live_server):
    page.context.clear_cookies()


def test_a_school_report_goes_round_the_loop(loop, live_server, page, tmp_path):
    plan, assignment = loop
    url = f"{live_server.url}/plans/assignments/{assignment.pk}/"
    evidence = tmp_path / "anh-hoat-dong-clb.png"
    evidence.write_bytes(PNG)

    # The principal opens the assignment, writes the report, attaches a photo and submits.
    login(page, live_server, "principal_a")
    page.goto(url)
    assert page.locator("h1").inner_text().startswith("Thành lập câu lạc bộ")
    assert_accessible(page)
    page.fill("#id_progress", "80")
    page.fill("#id_report_text", "Trường đã thành lập CLB Đổi mới sáng tạo với 25 thành viên.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url(url)
    page.select_option("select[name=kind]", "file")
    page.fill("#evidence input[name=title]", "Ảnh buổi sinh hoạt CLB")
    page.set_input_files("input[name=file]", str(evidence))
    page.get_by_role("button", name="Thêm minh chứng").click()
    page.get_by_role("link", name="Ảnh buổi sinh hoạt CLB").wait_for()
    shot(page, f"loop-1-evidence-{page.device}")
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_text("Đã nộp báo cáo nhiệm vụ cho Phòng").wait_for()
    assert page.locator("#assignment-status").inner_text() == "Chờ duyệt"

    # The specialist returns it with a reason.
    _logout(page, live_server)
    login(page, live_server, "specialist")
    page.goto(url)
    assert_accessible(page)
    page.fill("#id_reason", "Bổ sung quyết định thành lập câu lạc bộ.")
    page.get_by_role("button", name="Trả lại").click()
    page.get_by_text("Đã trả lại cho đơn vị kèm lý do").wait_for()
    shot(page, f"loop-2-returned-{page.device}")

    # The principal sees the reason, corrects and resubmits.
    _logout(page, live_server)
    login(page, live_server, "principal_a")
    page.goto(url)
    page.get_by_text("Bổ sung quyết định thành lập câu lạc bộ.").first.wait_for()
    page.fill("#id_progress", "100")
    page.fill("#id_report_text", "Đã bổ sung Quyết định số 12/QĐ-THCS thành lập CLB.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url(url)
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_text("Đã nộp báo cáo nhiệm vụ cho Phòng").wait_for()

    # The specialist approves; the report is locked.
    _logout(page, live_server)
    login(page, live_server, "specialist")
    page.goto(url)
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.get_by_text("Đã duyệt. Báo cáo của đơn vị được khóa.").wait_for()
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.APPROVED
    timeline = page.locator(".timeline").inner_text()
    assert timeline.count("Nộp báo cáo") == 2 and "Trả lại" in timeline and "Duyệt" in timeline

    # The office dashboard shows it done: one of two schools approved, the indicator at 50%.
    page.goto(f"{live_server.url}/dashboard/office/{plan.pk}/")
    body = page.locator("main").inner_text()
    assert "1/2" in body and "50,0%" in body
    assert_accessible(page)
    shot(page, f"loop-3-dashboard-{page.device}")
    assert page.js_errors == []
    assert ARTIFACTS.exists()
