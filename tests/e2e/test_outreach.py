"""Outreach in a real browser, at phone and desktop size: a school acknowledges a handbook in one tap and
the office's distribution page shows it."""

import datetime

import pytest
from playwright.sync_api import expect

from sangtao.outreach import services
from sangtao.outreach.models import Acknowledgement, DocumentKind
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sent(e2e_world):
    world = e2e_world
    doc = services.document_create(
        actor=world.specialist,
        number="CN-01",
        issued_on=datetime.date(2023, 12, 1),
        issuer="Phòng Giáo dục và Đào tạo Quận 12",
        kind=DocumentKind.HANDBOOK,
        summary="Cẩm nang đổi mới sáng tạo trong trường học",
    )
    return services.distribution_send(
        actor=world.specialist,
        document=doc,
        units=[world.school_a, world.school_b],
        due_on=datetime.date.today() + datetime.timedelta(days=10),
    )


def test_a_school_acknowledges_a_handbook_and_the_office_sees_it(sent, live_server, page):
    office_url = f"{live_server.url}/outreach/distributions/{sent.pk}/"

    login(page, live_server, "specialist")
    page.goto(office_url)
    assert "0/2" in page.locator("#ack-count").inner_text()
    assert page.locator("tr.pending").count() == 2
    assert_accessible(page)
    page.context.clear_cookies()

    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/outreach/inbox/")
    assert_accessible(page)
    shot(page, "outreach-inbox")
    page.get_by_role("button", name="Xác nhận đã nhận").click()
    assert page.get_by_text("Đã xác nhận nhận văn bản.").is_visible()
    assert Acknowledgement.objects.get(unit=sent.acknowledgements.get(unit__code="THCS-A").unit).received_at
    page.context.clear_cookies()

    login(page, live_server, "specialist")
    page.goto(office_url)
    assert "1/2" in page.locator("#ack-count").inner_text()
    assert page.locator("tr.pending").count() == 1
    shot(page, "outreach-distribution")
    assert_accessible(page)


def test_the_calendar_and_library_are_accessible(e2e_world, live_server, page):
    services.national_days_ensure(year=2024)
    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/outreach/events/?month=2024-10")
    assert page.get_by_role("link", name="Ngày Đổi mới sáng tạo Việt Nam").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/outreach/")
    assert_accessible(page)


def test_a_principal_subscribes_a_phone_calendar_and_the_address_works_without_login(
    e2e_world, live_server, page
):
    services.national_days_ensure(year=2024)
    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/outreach/events/?month=2024-10")
    page.get_by_role("button", name="Tạo liên kết đăng ký lịch").first.click()
    field = page.get_by_label("Liên kết đăng ký lịch").first
    address = field.input_value()
    assert "/outreach/calendar/feed/" in address and address.endswith(".ics")
    assert (
        page.get_by_role("link", name="Mở trong ứng dụng lịch")
        .first.get_attribute("href")
        .startswith("webcal://")
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Sao chép liên kết").first.click()
    # The label changes once the clipboard write resolves: wait for it rather than read it at once.
    expect(page.get_by_role("button", name="Đã sao chép").first).to_be_visible()
    assert_accessible(page)
    shot(page, "outreach-calendar-subscription")

    page.context.clear_cookies()  # a phone calendar has no session
    feed = page.request.get(address)
    assert feed.status == 200 and "BEGIN:VCALENDAR" in feed.text()

    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/outreach/events/")
    page.get_by_role("button", name="Tạo liên kết mới").first.click()
    page.context.clear_cookies()
    assert page.request.get(address).status == 404  # the old address was revoked
