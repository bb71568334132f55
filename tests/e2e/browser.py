"""Helpers for the browser tests: log in, take screenshots, check accessibility with axe-core.

from tests.e2e.browser import assert_accessible, login, shot
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Every persona of the `e2e_world` fixture has this password.
PASSWORD = "Kiem-thu-trinh-duyet-2024"
# axe impacts that fail a test; "minor" and "moderate" ones are printed only.
FAILING_IMPACTS = {"serious", "critical"}


def login(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form (Django's AuthenticationForm fields `username` and `password`).

    `username` is a user name, e.g. "principal_a" for that persona of e2e_world. Fails the test, with
    the page's error messages, when the browser is still on the login page afterwards.

    It first leaves the current page and clears the cookies: a request still in flight from the previous
    user's page (a lazy image, an htmx poll) would otherwise bring that user's session cookie back after a
    bare `clear_cookies()`, and the login page redirects a signed-in user to their dashboard.
    """
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    if "/accounts/login/" in page.url:
        errors = page.locator("[role=alert], .errorlist, .messages").all_inner_texts()
        pytest.fail(f"Login as {username!r} failed: {errors}", pytrace=False)


def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/<name>.png and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^\w.]+', '-', name).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page, *, context=None) -> list[dict]:
    """Every axe-core violation on the page as it is now (all impacts)."""
    return Axe().run(page, context=context).response["violations"]


def assert_accessible(page: Page, *, context=None) -> None:
    """Run axe-core on the page; fail on any violation of impact serious or critical, listing them all."""
    violations = axe_violations(page, context=context)
    for v in violations:
        print(f"axe {v['impact']}: {v['id']} — {v['help']} ({len(v['nodes'])} node(s)) on {page.url}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if failing:
        lines = [f"{len(failing)} serious/critical accessibility violation(s) on {page.url}:"]
        for v in failing:
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} — {v['helpUrl']}")
            for node in v["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}")
        pytest.fail("\n".join(lines), pytrace=False)
