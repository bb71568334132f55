"""The load of bench/throughput.py (run by it; not on its own): the ten most used pages and API calls of
office and school staff, and the reference user who asks only for the minimal view /healthz.

The URLs come from the environment variable BENCH_TARGETS (JSON written by throughput.py). Every user
logs in once before its first request (the login is not measured) and then asks without pause: the
servers' capacity, not a person's pace, is measured.
"""

import json
import os
import sys
from pathlib import Path

from locust import HttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servers  # noqa: E402

TARGETS = json.loads(os.environ.get("BENCH_TARGETS", "{}"))


class _Staff(HttpUser):
    abstract = True
    wait_time = constant(0)
    usernames: list[str] = []
    _next = 0

    def on_start(self):
        servers.behind_proxy(self.client)
        cls = type(self)
        username = cls.usernames[cls._next % len(cls.usernames)]
        cls._next += 1
        browser = servers.browser()
        servers.login(browser, self.host, username)
        for cookie in browser.cookies:
            self.client.cookies.set_cookie(cookie)

    def get(self, path: str, name: str):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.headers.get('Location', '')}")


class OfficeUser(_Staff):
    """The office: its dashboard, the plan and a task, the clubs list, an indicator's values, the news."""

    weight = 2
    usernames = ["demo-leader", "demo-specialist"]

    @task(4)
    def office_dashboard(self):
        self.get(TARGETS["office_dashboard"], "office dashboard")

    @task(2)
    def plan(self):
        self.get(TARGETS["plan"], "plan")

    @task(2)
    def task_page(self):
        self.get(TARGETS["task"], "task")

    @task(2)
    def clubs(self):
        self.get("/clubs/", "clubs list")

    @task(2)
    def indicator_values(self):
        self.get(TARGETS["indicator_values"], "API indicator values")

    @task(1)
    def news(self):
        self.get("/news/", "news home")


class SchoolUser(_Staff):
    """A school: its dashboard, its assignments (page and API), one assignment, the news."""

    weight = 3
    usernames = ["demo-principal-a", "demo-coordinator-a"]

    @task(4)
    def school_dashboard(self):
        self.get(TARGETS["school_dashboard"], "school dashboard")

    @task(3)
    def assignments(self):
        self.get("/plans/assignments/", "assignment list")

    @task(3)
    def assignment(self):
        self.get(TARGETS["assignment"], "assignment")

    @task(2)
    def api_assignments(self):
        self.get("/api/v1/assignments/", "API assignments")

    @task(1)
    def news(self):
        self.get("/news/", "news home")


class PingUser(HttpUser):
    """The reference: a minimal Django view (one SELECT 1) through the same middleware and server."""

    wait_time = constant(0)

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"

    @task
    def ping(self):
        with self.client.get("/healthz", name="/healthz (reference)", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
