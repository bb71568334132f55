"""Smoke test: the app answers in a real Chromium, and its login page is usable and accessible."""

import pytest
from django.db import connection

from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_reports_health_as_json(live_server, page_desktop):
    response = page_desktop.goto(f"{live_server.url}/healthz")

    assert response.status == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"
    assert response.json()["vendor"] == connection.vendor


def test_it_serves_an_accessible_login_page(live_server, page):
    response = page.goto(f"{live_server.url}/accounts/login/")

    shot(page, f"login-{page.device}")
    assert response.status < 500
    assert page.locator("html").get_attribute("lang") == "vi"
    assert_accessible(page)
    assert page.js_errors == []


def test_it_logs_a_persona_in_through_the_form(e2e_world, live_server, page_desktop):
    login(page_desktop, live_server, "principal_a")

    assert "sessionid" in {cookie["name"] for cookie in page_desktop.context.cookies()}
