"""Page benchmarks against a generated data set (issue 8 §2): each page's warm p50/p95 and queries, as a
ratio to a reference measured in the same run — the same aggregates as plain SQL (dashboards) or the
page's main query in plain SQL (lists) — so that a busy machine does not change the verdict.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sangtao_bench .venv/bin/python bench/run.py [-n 20]

The database must hold a data set made by `manage.py generate_data` (any scale). Pages are requested
through Django's test client (the whole middleware stack, no network), logged in as the generated people.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")  # no debug page machinery, as in production

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from sangtao.accounts.models import User  # noqa: E402
from sangtao.core import clock  # noqa: E402
from sangtao.orgs.models import OrgUnit  # noqa: E402
from sangtao.plans.models import Plan  # noqa: E402

# The office dashboard's aggregates, written by hand: assignments by task and status, overdue and waiting
# lists, reporting completeness, and the per-school values of each computed indicator.
OFFICE_SQL = [
    """SELECT a.task_id, a.status, count(*) FROM plans_assignment a JOIN plans_task t ON t.id = a.task_id
       WHERE t.plan_id = %(plan)s GROUP BY 1, 2""",
    """SELECT count(*) FROM plans_assignment a JOIN plans_task t ON t.id = a.task_id
       WHERE t.plan_id = %(plan)s AND a.due < %(today)s AND a.status <> 'approved'""",
    """SELECT a.id, a.due, u.name FROM plans_assignment a JOIN plans_task t ON t.id = a.task_id
       JOIN orgs_orgunit u ON u.id = a.unit_id WHERE t.plan_id = %(plan)s AND a.due < %(today)s
       AND a.status <> 'approved' ORDER BY a.due, u.path LIMIT 20""",
    """SELECT a.id FROM plans_assignment a JOIN plans_task t ON t.id = a.task_id
       WHERE t.plan_id = %(plan)s AND a.status = 'submitted' ORDER BY a.submitted_at LIMIT 20""",
    """SELECT DISTINCT u.id, u.level, u.parent_id, u.path FROM orgs_orgunit u JOIN plans_assignment a
       ON a.unit_id = u.id JOIN plans_task t ON t.id = a.task_id WHERE t.plan_id = %(plan)s""",
    """SELECT r.period_id, r.unit_id, r.status, r.first_submitted_at FROM plans_periodreport r
       JOIN plans_reportingperiod p ON p.id = r.period_id WHERE p.plan_id = %(plan)s""",
    """SELECT c.unit_id, count(*) FILTER (WHERE (SELECT count(*) FROM clubs_clubmember m WHERE m.club_id = c.id
       AND m.joined_on <= %(today)s AND (m.left_on IS NULL OR m.left_on > %(today)s)) >= 5
       AND EXISTS (SELECT 1 FROM clubs_clubactivity x WHERE x.club_id = c.id AND x.date >= %(month1)s
                   AND x.date < %(month2)s)
       AND EXISTS (SELECT 1 FROM clubs_clubactivity x WHERE x.club_id = c.id AND x.date >= %(month2)s
                   AND x.date <= %(today)s))
       FROM clubs_club c WHERE c.status = 'active' GROUP BY c.unit_id""",
    """SELECT DISTINCT n.school_id, s.group FROM training_nomination n LEFT JOIN accounts_staff s ON s.id = n.staff_id
       WHERE n.status = 'approved' AND EXISTS (SELECT 1 FROM training_attendance x WHERE x.nomination_id = n.id
       AND x.present)""",
    """SELECT i.unit_id, count(*) FROM initiatives_initiative i WHERE i.status NOT IN ('draft', 'withdrawn')
       GROUP BY 1""",
    """SELECT DISTINCT e.school_id FROM contests_entry e WHERE e.status IN ('eligible', 'advanced')""",
    """SELECT a.unit_id, count(*) FROM communication_article a WHERE a.status IN ('published', 'scheduled',
       'unpublished') AND a.publish_at >= %(year_start)s GROUP BY 1""",
    """SELECT k.unit_id, count(*), count(k.received_at) FROM outreach_acknowledgement k GROUP BY 1""",
    """SELECT r.unit_id, count(DISTINCT r.event_id) FROM outreach_eventresponse r GROUP BY 1""",
    """SELECT v.indicator_id, v.unit_id, v.value FROM plans_indicatorvalue v JOIN plans_indicator i
       ON i.id = v.indicator_id WHERE i.plan_id = %(plan)s AND i.source = 'manual'""",
]
SCHOOL_SQL = [
    """SELECT a.id, a.status, a.due, t.title, p.number FROM plans_assignment a JOIN plans_task t ON t.id = a.task_id
       JOIN plans_plan p ON p.id = t.plan_id WHERE a.unit_id = %(school)s AND p.status = 'issued'
       ORDER BY a.due, t.order""",
]
# A list page's main query: the first page and the count, in the page's order.
LIST_SQL = {
    "clubs": [
        """SELECT c.id, c.name, u.name FROM clubs_club c JOIN orgs_orgunit u ON u.id = c.unit_id
                 ORDER BY u.path, c.name, c.id LIMIT 25""",
        "SELECT count(*) FROM clubs_club",
    ],
    "courses": [
        """SELECT id, title FROM training_course ORDER BY registration_opens DESC, id DESC LIMIT 25""",
        "SELECT count(*) FROM training_course",
    ],
    "initiatives": [
        """SELECT id, title FROM initiatives_initiative WHERE status IN ('recognised_school', 'forwarded', 'recognised_office') ORDER BY recognised_on DESC, id DESC
                       LIMIT 25""",
        "SELECT count(*) FROM initiatives_initiative",
    ],
    "contests": [
        """SELECT id, name FROM contests_contest ORDER BY registration_opens DESC, id DESC LIMIT 25""",
        "SELECT count(*) FROM contests_contest",
    ],
    "news desk": [
        """SELECT id, title FROM communication_article ORDER BY publish_at DESC NULLS LAST, id DESC
                     LIMIT 25""",
        "SELECT count(*) FROM communication_article",
    ],
    "units": [
        """SELECT id, name FROM orgs_orgunit ORDER BY path LIMIT 25""",
        "SELECT count(*) FROM orgs_orgunit",
    ],
    "users": [
        """SELECT id, username FROM accounts_user ORDER BY username LIMIT 25""",
        "SELECT count(*) FROM accounts_user",
    ],
}


def timed(fn, n: int) -> list[float]:
    fn()
    fn()  # warm: caches, prepared plans, the OS's page cache
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1] if len(times) > 1 else times[0]


def run_sql(statements, params):
    def go():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return go


def get_page(client: Client, url: str):
    def go():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        response.content  # noqa: B018 (render it all)

    return go


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", type=int, default=20, help="timed requests per page (after two warm-up requests)"
    )
    args = parser.parse_args()
    plan = Plan.objects.filter(status="issued").order_by("id").first()
    if plan is None:
        raise SystemExit("No issued plan: load a data set with manage.py generate_data first.")
    schools = OrgUnit.objects.schools().count()
    school = OrgUnit.objects.schools().order_by("-year_stats__students").first()
    leader = User.objects.get(username="scale-leader")
    principal = User.objects.get(role_assignments__role="principal", role_assignments__unit=school)
    today = clock.today()
    months = [
        today.replace(day=1, month=today.month - 1) if today.month > 1 else today.replace(day=1),
        today.replace(day=1),
    ]
    params = {
        "plan": plan.pk,
        "today": today,
        "school": school.pk,
        "month1": months[0],
        "month2": months[1],
        "year_start": today.replace(year=today.year - 1, month=9, day=1),
    }
    office_client, school_client = Client(), Client()
    office_client.force_login(leader)
    school_client.force_login(principal)
    print(
        f"Data set: {schools:,} schools, plan {plan.number}; database {connection.vendor} "
        f"{connection.settings_dict['NAME']}; today {today:%d/%m/%Y}; {args.n} warm requests per page"
    )
    print(
        f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'SQL p50':>9}{'SQL p95':>9}{'ratio p95':>11}{'queries':>9}"
    )
    pages = [
        ("office dashboard", office_client, reverse("dashboards:office", args=[plan.pk]), OFFICE_SQL),
        ("school dashboard", school_client, reverse("dashboards:school", args=[school.pk]), SCHOOL_SQL),
        ("clubs", office_client, reverse("clubs:list"), LIST_SQL["clubs"]),
        ("courses", office_client, reverse("training:list"), LIST_SQL["courses"]),
        ("initiatives library", office_client, reverse("initiatives:library"), LIST_SQL["initiatives"]),
        ("contests", office_client, reverse("contests:list"), LIST_SQL["contests"]),
        ("news desk", office_client, reverse("communication:desk"), LIST_SQL["news desk"]),
        ("units", office_client, reverse("orgs:list"), LIST_SQL["units"]),
        ("users", office_client, reverse("accounts:users"), LIST_SQL["users"]),
    ]
    for name, client, url, sql in pages:
        page = timed(get_page(client, url), args.n)
        reference = timed(run_sql(sql, params), args.n)
        print(
            f"{name:<22}{p(page, 50):>9.0f}{p(page, 95):>9.0f}{p(reference, 50):>9.1f}{p(reference, 95):>9.1f}"
            f"{p(page, 95) / p(reference, 95):>10.1f}×{queries(client, url):>9}"
        )


if __name__ == "__main__":
    main()
