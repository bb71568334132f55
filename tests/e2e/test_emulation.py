"""Emulation scoring in a real browser, at phone and desktop size: the office opens the THCS table, a new
article of school A is published and, after recomputing, the school's score changes; the leader finalises
and the table is locked (recomputing is refused with the reason)."""

import pytest

from sangtao.emulation import services
from sangtao.emulation.models import CriterionKind, SchemeStatus
from sangtao.emulation.tests.conftest import plan_year, publish_article
from sangtao.emulation.tests.factories import CriterionFactory, ManualCriterionFactory, SchemeFactory
from sangtao.testing.factories import OrgUnitFactory, PlanFactory
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scheme(e2e_world):
    world = e2e_world
    other = OrgUnitFactory(
        parent=world.office, name="Trường THCS Trần Quang Khải", code="THCS-C", level="THCS"
    )
    plan = PlanFactory(issuing_unit=world.office, year=plan_year(), number="454/KH-GDĐT")
    scheme = SchemeFactory(plan=plan, group_name="Khối Trung học cơ sở", levels=["THCS"])
    CriterionFactory(scheme=scheme, code="TC1", order=1, group="Truyền thông KH, CN và ĐMST")
    ManualCriterionFactory(scheme=scheme, code="TC2", order=2, group="Quản lý, báo cáo")
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    manual = scheme.criteria.get(kind=CriterionKind.MANUAL)
    services.manual_scores_set(
        actor=world.specialist,
        criterion=manual,
        entries=[(world.school_a, "7", "Đạt yêu cầu"), (other, "8", "Tổ chức tốt")],
    )
    return scheme


def total_of(page, code: str) -> str:
    return page.locator(f"#score-table tr[data-unit='{code}'] td.total").inner_text().strip()


def test_the_table_follows_the_data_and_locks_when_finalised(e2e_world, scheme, live_server, page):
    login(page, live_server, "specialist")
    page.goto(f"{live_server.url}/emulation/")
    page.get_by_role("link", name="Khối Trung học cơ sở").click()
    assert total_of(page, "THCS-A") == "7"
    assert total_of(page, "THCS-C") == "8"
    assert_accessible(page)

    publish_article(e2e_world, e2e_world.school_a)
    page.reload()
    assert total_of(page, "THCS-A") == "7"  # the table changes when it is recomputed, not before
    page.get_by_role("button", name="Tính lại điểm").click()
    assert page.get_by_text("Đã tính lại bảng điểm.").is_visible()
    assert total_of(page, "THCS-A") == "12"
    shot(page, f"emulation-table-{page.device}")

    page.get_by_role("link", name="Trường THCS Nguyễn Ảnh Thủ").click()
    assert page.locator("#score-total").inner_text() == "12"
    assert page.locator("#score-rank").inner_text() == "1/2"
    assert page.get_by_text("từ 1: 5 điểm; từ 2: 10 điểm").is_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/emulation/{scheme.pk}/")
    page.get_by_role("button", name="Chốt bảng điểm").click()
    assert page.get_by_text("Đã chốt bảng điểm.").is_visible()
    assert page.locator("#scheme-status").inner_text() == "Đã chốt"
    page.get_by_role("button", name="Tính lại điểm").click()
    assert page.get_by_text("Bảng điểm đã chốt ngày").is_visible()
    assert page.get_by_text("mở khóa").first.is_visible()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.FINAL
    shot(page, f"emulation-locked-{page.device}")
    assert_accessible(page)


def test_a_school_sees_its_own_row_on_a_phone(e2e_world, scheme, live_server, page_phone):
    page = page_phone
    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/emulation/{scheme.pk}/")
    assert page.locator("#score-table tbody tr").count() == 1
    assert total_of(page, "THCS-A") == "7"
    assert_accessible(page)


def test_the_office_sets_criteria_and_scores_by_hand(e2e_world, scheme, live_server, page_desktop):
    page = page_desktop
    login(page, live_server, "specialist")
    page.goto(f"{live_server.url}/emulation/{scheme.pk}/criteria/")
    assert_accessible(page)
    page.get_by_role("link", name="Chấm điểm").click()
    page.get_by_label("Trường THCS Nguyễn Ảnh Thủ", exact=True).fill("9,5")
    page.get_by_role("button", name="Lưu điểm").click()
    assert page.get_by_text("Đã lưu điểm của 1 đơn vị.").is_visible()
    assert total_of(page, "THCS-A") == "9,5"
    page.goto(f"{live_server.url}/emulation/criteria/{scheme.criteria.get(code='TC2').pk}/scores/")
    assert_accessible(page)
    shot(page, "emulation-manual-scores")
