"""Browser tests: Debian's Chromium driven by Playwright's sync API against pytest-django's live_server.

Playwright's browser downloads are never used (`playwright install` cannot reach its CDN); the tests launch
the system Chromium at /usr/bin/chromium, or SANGTAO_CHROMIUM when set. Every test here is marked e2e.

    from tests.e2e.browser import assert_accessible, login, shot

    def test_it_lists_the_plans(e2e_world, live_server, page):   # `page` runs at phone and desktop size
        login(page, live_server, "principal_a")
        page.goto(live_server.url + "/plans/")
        shot(page, f"plans-{page.device}")
        assert_accessible(page)
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.browser import DESKTOP, PASSWORD, PHONE, shot

# Playwright's sync API runs an event loop in the test's thread, which makes Django refuse database
# access from that thread ("You cannot call this from an async context") unless this is set.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("SANGTAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so that the page fixtures can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium (or set SANGTAO_CHROMIUM).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open_page(browser: Browser, request, device: str):
    phone = device == "phone"
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.device = device  # "phone" or "desktop", for screenshot names
    page.js_errors = []  # uncaught JavaScript errors, for tests that assert there are none
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = request.node.name  # already ends in [phone] or [desktop] for the `page` fixture
        shot(page, f"FAILED-{name}" if device in name else f"FAILED-{name}-{device}")
    context.close()


@pytest.fixture
def page_phone(browser, request) -> Page:
    """A page 390×844 with touch, as on a phone."""
    yield from _open_page(browser, request, "phone")


@pytest.fixture
def page_desktop(browser, request) -> Page:
    """A page 1366×900."""
    yield from _open_page(browser, request, "desktop")


@pytest.fixture(params=["phone", "desktop"])
def page(browser, request) -> Page:
    """A page at each viewport in turn: a test that takes `page` runs twice."""
    yield from _open_page(browser, request, request.param)


@pytest.fixture
def e2e_world(live_server, world):
    """The persona world (sangtao.testing.personas) with the password browser.PASSWORD for every persona.

    Requesting live_server makes the database transactional, so the server's thread sees these rows.
    """
    for name in (
        "admin",
        "leader",
        "specialist",
        "principal_a",
        "coordinator_a",
        "teacher_a",
        "principal_b",
        "partner",
        "observer",
    ):
        user = world.persona(name)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return world
