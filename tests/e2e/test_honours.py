"""Honours in a real browser, at phone and desktop size: a school proposes a teacher, the office approves
the proposal with its decision, and the teacher appears on the public honour roll."""

import datetime

import pytest
from django.test.utils import override_settings

from sangtao.core import clock
from sangtao.honours.models import Commendation, year_of
from sangtao.testing.factories import StaffFactory
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_school_proposes_a_teacher_and_the_office_approves_it_onto_the_public_roll(
    e2e_world, live_server, page
):
    world = e2e_world
    StaffFactory(unit=world.school_a, full_name="Võ Thị Thanh Hương")
    year = year_of(clock.today())

    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/honours/proposals/new/")
    page.fill("input[name=title]", "Đề nghị khen thưởng phong trào sáng kiến")
    page.get_by_role("button", name="Lập đề nghị").click()
    assert page.get_by_text("Đã lập đề nghị").is_visible()
    assert_accessible(page)
    page.select_option("select[name=staff]", label="Võ Thị Thanh Hương")
    page.select_option("select[name=title]", value="giay_khen_phong")
    page.fill("textarea[name=reason]", "Có sáng kiến ứng dụng bảng tính theo dõi chuyên cần được công nhận")
    page.get_by_role("button", name="Thêm vào đề nghị").click()
    assert page.get_by_text("Đã thêm vào đề nghị.").is_visible()
    page.get_by_role("button", name="Gửi đề nghị lên Phòng").click()
    assert page.locator("#proposal-status").inner_text() == "Đã gửi Phòng"
    shot(page, f"honours-proposal-{page.device}")
    proposal_url = page.url
    page.context.clear_cookies()

    login(page, live_server, "specialist")
    page.goto(proposal_url)
    page.fill("input[name=decision_number]", "45/QĐ-GDĐT")
    page.fill("input[name=decision_date]", clock.today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Duyệt, ghi nhận khen thưởng").click()
    assert page.locator("#proposal-status").inner_text() == "Đã khen thưởng"
    assert_accessible(page)
    assert Commendation.objects.get().decision_number == "45/QĐ-GDĐT"
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/news/")
    page.get_by_role("link", name="Tôn vinh, khen thưởng").click()
    assert f"/honours/roll/{year}/" in page.url
    roll = page.locator("#honour-roll")
    assert "Võ Thị Thanh Hương" in roll.inner_text()
    assert "Giấy khen của Trưởng phòng Giáo dục và Đào tạo" in roll.inner_text()
    shot(page, f"honours-roll-{page.device}")
    assert_accessible(page)


@pytest.fixture(autouse=True)
def _clock():
    # The form's default decision date and the roll's year follow the app's clock: keep it on a school day.
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):
        yield
