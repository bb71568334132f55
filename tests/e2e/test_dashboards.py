"""The office's dashboard in a real browser, at phone and desktop size (issue 7 §1): the leader opens it,
filters by a reporting period, drills into the THCS level and on to one school."""

import datetime
from decimal import Decimal

import pytest

from sangtao.plans.models import IndicatorSource, IndicatorValue, Measure, PeriodKind, PlanStatus, TaskKind
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
)
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(e2e_world):
    world = e2e_world
    today = datetime.date.today()
    plan = PlanFactory(
        issuing_unit=world.office,
        status=PlanStatus.ISSUED,
        number="454/KH-GDĐT",
        year=today.year,
        issued_on=today - datetime.timedelta(days=120),
        title="Kế hoạch tổ chức thực hiện hoạt động khoa học, công nghệ và đổi mới sáng tạo",
    )
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION, number="II", title="NỘI DUNG")
    task = TaskFactory(
        plan=plan,
        parent=section,
        number="1",
        title="Thành lập câu lạc bộ đổi mới sáng tạo",
        end=today + datetime.timedelta(days=30),
    )
    for school in (world.school_a, world.school_b):
        AssignmentFactory(task=task, unit=school)
    ReportingPeriodFactory(
        plan=plan,
        name="Sơ kết học kỳ I",
        kind=PeriodKind.SEMESTER_1,
        start=today - datetime.timedelta(days=110),
        end=today - datetime.timedelta(days=40),
        due=today - datetime.timedelta(days=35),
    )
    ReportingPeriodFactory(
        plan=plan,
        name="Tổng kết năm học",
        kind=PeriodKind.YEAR_END,
        start=today - datetime.timedelta(days=110),
        end=today + datetime.timedelta(days=60),
        due=today + datetime.timedelta(days=65),
    )
    count = IndicatorFactory(
        plan=plan,
        code="CT05",
        name="Sáng kiến được công nhận",
        target=None,
        unit_of_measure="sáng kiến",
        source=IndicatorSource.MANUAL,
        measure=Measure.COUNT,
    )
    share = IndicatorFactory(
        plan=plan,
        task=task,
        code="CT01",
        name="Trường có câu lạc bộ hoạt động",
        target=50,
        source=IndicatorSource.MANUAL,
        measure=Measure.SHARE_OF_UNITS,
    )
    IndicatorValue.objects.create(indicator=count, unit=world.school_a, value=Decimal(3))
    IndicatorValue.objects.create(indicator=count, unit=world.school_b, value=Decimal(5))
    IndicatorValue.objects.create(indicator=share, unit=world.school_a, value=Decimal(1))
    return plan


def test_the_leader_filters_by_period_and_drills_down_to_a_school(plan, e2e_world, live_server, page):
    world = e2e_world
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Tiến độ thực hiện kế hoạch").is_visible()
    assert page.locator("#unit-count").inner_text() == "2"
    assert "8 sáng kiến" in page.locator('#indicators tr[data-code="CT05"]').inner_text()
    assert page.locator("#attention").is_visible()
    assert_accessible(page)
    shot(page, "dashboard-office")

    page.get_by_label("Số liệu đến").select_option(
        label=page.locator("#id_period option").nth(1).inner_text()
    )
    page.get_by_role("button", name="Xem").click()
    assert "period=" in page.url
    assert "Sơ kết học kỳ I" in page.locator("#as-of").inner_text()

    page.locator("main").get_by_role("link", name="Trung học cơ sở (1)").click()
    assert "/level/THCS/" in page.url and "period=" in page.url
    assert page.get_by_role("heading", name="Các trường Trung học cơ sở").is_visible()
    assert page.locator("#schools").get_by_role("link", name=world.school_a.name).is_visible()
    assert world.school_b.name not in page.locator("#schools").inner_text()
    assert_accessible(page)
    shot(page, "dashboard-level")

    page.locator("#schools").get_by_role("link", name=world.school_a.name).click()
    assert page.get_by_role("heading", name=world.school_a.name).is_visible()
    assert "3" in page.locator('#standings tr[data-code="CT05"]').inner_text()
    assert page.locator("#todo").is_visible()
    assert_accessible(page)
    shot(page, "dashboard-school")
