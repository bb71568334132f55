"""axe-core over every page of the foundation, as the people who use them (no serious or critical issue)."""

import datetime

import pytest

from sangtao.plans import services
from sangtao.plans.models import PlanStatus, TaskKind
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
    StaffFactory,
    StudentFactory,
    TaskFactory,
)
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(e2e_world):
    world = e2e_world
    plan = PlanFactory(issuing_unit=world.office, status=PlanStatus.ISSUED, number="454/KH-GDĐT")
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION, number="I", title="MỤC ĐÍCH, YÊU CẦU")
    task = TaskFactory(plan=plan, parent=section, lead_unit=world.team_pt, title="Thành lập câu lạc bộ",
                       end=datetime.date.today() + datetime.timedelta(days=10))
    indicator = IndicatorFactory(plan=plan, task=task, code="CT01", name="Trường có câu lạc bộ hoạt động")
    period = ReportingPeriodFactory(plan=plan)
    a = AssignmentFactory(task=task, unit=world.school_a)
    AssignmentFactory(task=task, unit=world.school_b)
    services.assignment_update(actor=world.coordinator_a, assignment=a, progress=50, report_text="Đang làm")
    StaffFactory(unit=world.school_a, full_name="Nguyễn Thị Lan")
    StudentFactory(unit=world.school_a, full_name="Trần Văn Nam")
    return {"world": world, "plan": plan, "task": task, "indicator": indicator, "period": period, "a": a}


def _pages(site):
    world, plan = site["world"], site["plan"]
    return {
        "leader": [
            "/", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/document/", f"/plans/{plan.pk}/indicators/",
            f"/plans/indicators/{site['indicator'].pk}/", f"/plans/tasks/{site['task'].pk}/",
            f"/plans/periods/{site['period'].pk}/", "/plans/", "/plans/new/", f"/plans/{plan.pk}/tasks/new/",
            "/plans/assignments/", "/orgs/", f"/orgs/{world.school_a.pk}/", "/orgs/tree/", "/orgs/import/",
            f"/orgs/{world.school_a.pk}/staff/", f"/orgs/{world.school_a.pk}/students/",
            "/accounts/notifications/", "/accounts/profile/", "/accounts/password/",
        ],
        "principal_a": [
            "/", f"/plans/assignments/{site['a'].pk}/", f"/plans/periods/{site['period'].pk}/",
        ],
    }


@pytest.mark.parametrize("persona", ["leader", "principal_a"])
def test_the_pages_have_no_serious_accessibility_issue(site, live_server, page, persona):
    login(page, live_server, persona)
    for path in _pages(site)[persona]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
    shot(page, f"a11y-last-{persona}-{page.device}")
    assert page.js_errors == []


def test_the_admin_pages_have_no_serious_accessibility_issue(site, live_server, page_desktop):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page = page_desktop
    device = TOTPDevice.objects.create(user=site["world"].admin, name="e2e", confirmed=True)
    login(page, live_server, "admin")
    assert "/accounts/otp/" in page.url
    assert_accessible(page)
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.press("input[name=token]", "Enter")
    for path in ("/accounts/users/", f"/accounts/users/{site['world'].principal_a.pk}/", "/accounts/audit/",
                 "/accounts/users/new/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
