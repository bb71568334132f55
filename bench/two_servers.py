"""Two app servers and a worker on one PostgreSQL database (issue 8 §2): sessions, the cache, uploaded
files and background tasks work across them.

    .venv/bin/python bench/two_servers.py [--fresh] [--database sangtao_bench_two]

Starts a private Redis (the shared cache), two gunicorn servers A and B with the production settings
(`REDIS_URL` set, the same `MEDIA_ROOT`: the shared folder) and `manage.py db_worker` as a third process,
on a bench database with the demo data (created, migrated and loaded when missing; `--fresh` reloads it).
Then, as the demo's people:

1. logs in on A; the session is in the database and in Redis (cached_db);
2. the same session cookie opens a page on B;
3. uploads an evidence file on A and downloads it on B, byte for byte;
4. asks A for a report, which the worker writes (its .docx) while B polls; downloads the .docx on B;
5. A draws the office dashboard's charts into Redis; B shows the same page from them without drawing;
6. logs out on A: B no longer accepts the cookie (the shared cache forgot the session too).

Prints each check's result and time; exits 1 when one fails. No timed assertions: the times are for a
person to read.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servers  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" + (
    b"% two servers bench " + str(time.time()).encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SESSION_PREFIX = "django.contrib.sessions.cached_db"  # cached_db's key prefix inside the cache


class Checks:
    def __init__(self):
        self.failed = 0

    def run(self, title: str, func):
        started = time.perf_counter()
        try:
            detail = func()
        except Exception as exc:  # a bench reports every failure and goes on to the next check
            self.failed += 1
            print(f"  FAIL  {title} ({time.perf_counter() - started:.2f} s): {exc}", flush=True)
            return None
        print(f"  ok    {title} ({time.perf_counter() - started:.2f} s){': ' + detail if detail else ''}",
              flush=True)
        return detail


def one(url: str, sql: str, params=()):
    with psycopg.connect(url) as conn:
        row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sangtao_bench_two")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the bench database")
    args = parser.parse_args()

    t0 = time.perf_counter()
    url, load_seconds = servers.prepare_database(args.database, fresh=args.fresh)
    media = servers.media_root(args.database)
    media.mkdir(parents=True, exist_ok=True)
    print(f"database {args.database} ready in {time.perf_counter() - t0:.1f} s"
          f"{f' (demo data loaded in {load_seconds:.1f} s)' if load_seconds else ' (kept)'}; media {media}")

    log_dir = Path(tempfile.mkdtemp(prefix="sangtao-two-servers-"))
    procs = []
    try:
        t0 = time.perf_counter()
        redis_proc, redis_url = servers.start_redis(log_dir)
        procs.append(redis_proc)
        env = servers.production_env(url, REDIS_URL=redis_url, MEDIA_ROOT=str(media))
        a, base_a = servers.start_gunicorn("server-a", env, log_dir)
        procs.append(a)
        b, base_b = servers.start_gunicorn("server-b", env, log_dir)
        procs.append(b)
        worker = servers.Process(
            "worker", [servers.PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"],
            env, log_dir)
        procs.append(worker)
        print(f"Redis {redis_url}, A {base_a}, B {base_b}, worker pid {worker.proc.pid} "
              f"(started in {time.perf_counter() - t0:.1f} s; logs in {log_dir})")
        cache = redis.Redis.from_url(redis_url)
        checks = Checks()
        principal = servers.browser()
        state = {}

        def login_a():
            servers.login(principal, base_a, "demo-principal-a")
            key = principal.cookies["sessionid"]
            state["session"] = key
            in_db = one(url, "SELECT count(*) FROM django_session WHERE session_key = %s", [key])
            in_cache = [k.decode() for k in cache.keys(f"*{SESSION_PREFIX}{key}")]
            if in_db != 1 or not in_cache:
                raise AssertionError(f"session in the database: {in_db}, in Redis: {in_cache}")
            return f"session {key[:8]}… in PostgreSQL and in Redis ({in_cache[0].split(':')[0]}:…)"

        def session_on_b():
            page = principal.get(f"{base_b}/plans/assignments/", allow_redirects=False, timeout=60)
            if page.status_code != 200:
                raise AssertionError(f"B answered {page.status_code} {page.headers.get('Location', '')}")
            if principal.cookies["sessionid"] != state["session"]:
                raise AssertionError("B issued another session")
            return "B served /plans/assignments/ to the session A created"

        def upload_a_download_b():
            assignment = one(url, """
                SELECT a.id FROM plans_assignment a
                JOIN accounts_roleassignment r ON r.unit_id = a.unit_id AND r.role = 'principal'
                JOIN accounts_user u ON u.id = r.user_id
                WHERE u.username = 'demo-principal-a' AND a.status IN ('not_started', 'in_progress', 'returned')
                ORDER BY a.id LIMIT 1""")
            if assignment is None:
                raise AssertionError("no editable assignment for demo-principal-a")
            path = f"/plans/assignments/{assignment}/"
            page = principal.get(f"{base_a}{path}", timeout=60)
            started = time.perf_counter()
            answer = principal.post(
                f"{base_a}{path}evidence/",
                data={"csrfmiddlewaretoken": servers.csrf_token(page.text), "kind": "file",
                      "title": "Minh chứng hai máy chủ"},
                files={"file": ("hai-may-chu.pdf", PDF, "application/pdf")},
                headers={"Referer": servers.referer(base_a, path)},
                allow_redirects=False, timeout=60)
            upload = time.perf_counter() - started
            if answer.status_code != 302:
                raise AssertionError(f"upload on A answered {answer.status_code}")
            evidence = one(url, "SELECT id FROM plans_evidence WHERE assignment_id = %s ORDER BY id DESC LIMIT 1",
                           [assignment])
            started = time.perf_counter()
            got = principal.get(f"{base_b}/plans/evidence/{evidence}/download/", timeout=60)
            download = time.perf_counter() - started
            if got.status_code != 200 or got.content != PDF:
                raise AssertionError(f"B answered {got.status_code} with {len(got.content)} bytes")
            return (f"evidence {evidence} ({len(PDF)} bytes) uploaded on A in {upload * 1000:.0f} ms, "
                    f"the same bytes from B in {download * 1000:.0f} ms")

        def report_by_worker():
            leader = servers.browser()
            servers.login(leader, base_a, "demo-leader")
            report = one(url, """
                SELECT r.id FROM reports_report r JOIN orgs_orgunit u ON u.id = r.unit_id
                WHERE r.status IN ('draft', 'ready') AND u.code = 'PGDDT-Q12' ORDER BY r.id LIMIT 1""")
            if report is None:  # the demo's office report is finalised: start another through the page
                return report_new(leader)
            return generate(leader, report)

        def report_new(leader):
            page = leader.get(f"{base_a}/reports/new/", timeout=60)
            plan = one(url, "SELECT id FROM plans_plan WHERE status = 'issued' ORDER BY id LIMIT 1")
            period = one(url, "SELECT id FROM plans_reportingperiod WHERE plan_id = %s ORDER BY id DESC LIMIT 1",
                         [plan])
            office = one(url, "SELECT id FROM orgs_orgunit WHERE code = 'PGDDT-Q12'")
            answer = leader.post(
                f"{base_a}/reports/new/",
                data={"csrfmiddlewaretoken": servers.csrf_token(page.text), "plan": plan, "period": period,
                      "unit": office},
                headers={"Referer": servers.referer(base_a, "/reports/new/")}, allow_redirects=False, timeout=60)
            if answer.status_code != 302:
                raise AssertionError(f"creating a report on A answered {answer.status_code}")
            report = int(answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
            return generate(leader, report)

        def generate(leader, report):
            path = f"/reports/{report}/"
            versions = one(url, "SELECT count(*) FROM reports_reportversion WHERE report_id = %s", [report])
            page = leader.get(f"{base_a}{path}", timeout=60)
            started = time.perf_counter()
            answer = leader.post(f"{base_a}{path}generate/",
                                 data={"csrfmiddlewaretoken": servers.csrf_token(page.text)},
                                 headers={"Referer": servers.referer(base_a, path)}, allow_redirects=False,
                                 timeout=60)
            if answer.status_code != 302:
                raise AssertionError(f"generate on A answered {answer.status_code}")
            deadline = time.monotonic() + 300
            status = "generating"
            while time.monotonic() < deadline:
                poll = leader.get(f"{base_b}{path}progress/", timeout=60)  # the page's own poll, on B
                if poll.status_code != 200:
                    raise AssertionError(f"progress on B answered {poll.status_code}")
                status = one(url, "SELECT status FROM reports_report WHERE id = %s", [report])
                if status != "generating":
                    break
                time.sleep(0.5)
            took = time.perf_counter() - started
            task = one(url, """SELECT status || ' by ' || (worker_ids->>0) FROM django_tasks_database_dbtaskresult
                               WHERE task_path LIKE %s ORDER BY enqueued_at DESC LIMIT 1""",
                       ["%generate_report"])
            version = one(url, "SELECT id FROM reports_reportversion WHERE report_id = %s ORDER BY number DESC "
                               "LIMIT 1", [report])
            now = one(url, "SELECT count(*) FROM reports_reportversion WHERE report_id = %s", [report])
            if status != "ready" or now != versions + 1:
                error = one(url, "SELECT last_error FROM reports_report WHERE id = %s", [report])
                raise AssertionError(f"report {report} is {status} ({error}); task {task}\n{worker.tail()}")
            docx = leader.get(f"{base_b}/reports/versions/{version}/docx/", timeout=60)
            if docx.status_code != 200 or not docx.content.startswith(b"PK"):
                raise AssertionError(f"the .docx from B: {docx.status_code}")
            return (f"report {report} enqueued on A, written by the worker (task {task}) in {took:.1f} s, "
                    f"its .docx ({len(docx.content):,} bytes) served by B")

        def charts_cached_on_a_read_on_b():
            leader = servers.browser()
            servers.login(leader, base_a, "demo-leader")
            plan = one(url, "SELECT id FROM plans_plan WHERE status = 'issued' ORDER BY id LIMIT 1")
            path = f"/dashboard/office/{plan}/?bench={time.time()}"
            for key in cache.scan_iter("*chart:*"):
                cache.delete(key)
            started = time.perf_counter()
            if leader.get(f"{base_a}{path}", timeout=120).status_code != 200:
                raise AssertionError("the office dashboard on A failed")
            on_a = time.perf_counter() - started
            drawn = len(list(cache.scan_iter("*chart:*")))
            before = cache.info("stats")
            started = time.perf_counter()
            if leader.get(f"{base_b}{path}", timeout=120).status_code != 200:
                raise AssertionError("the office dashboard on B failed")
            on_b = time.perf_counter() - started
            after = cache.info("stats")
            hits = after["keyspace_hits"] - before["keyspace_hits"]
            misses = after["keyspace_misses"] - before["keyspace_misses"]
            if not drawn or misses or hits < drawn or len(list(cache.scan_iter("*chart:*"))) != drawn:
                raise AssertionError(f"{drawn} charts cached by A; on B {hits} hits, {misses} misses")
            return (f"A drew the office dashboard's {drawn} charts into Redis ({on_a:.2f} s); B read them all "
                    f"({hits} hits with the session, 0 misses; {on_b:.2f} s)")

        def logout_a():
            key = state["session"]
            page = principal.get(f"{base_b}/plans/assignments/", timeout=60)  # B reads (and caches) it first
            answer = principal.post(f"{base_a}/accounts/logout/",
                                    data={"csrfmiddlewaretoken": servers.csrf_token(page.text)},
                                    headers={"Referer": servers.referer(base_a, "/plans/assignments/")},
                                    allow_redirects=False, timeout=60)
            if answer.status_code != 302:
                raise AssertionError(f"logout on A answered {answer.status_code}")
            in_cache = cache.keys(f"*{SESSION_PREFIX}{key}")
            stale = servers.browser()
            stale.cookies.set("sessionid", key, domain="127.0.0.1")
            page = stale.get(f"{base_b}/plans/assignments/", allow_redirects=False, timeout=60)
            if in_cache or page.status_code != 302 or "/accounts/login/" not in page.headers.get("Location", ""):
                raise AssertionError(f"after logout on A: Redis keys {in_cache}, B answered {page.status_code}")
            return "the old cookie sends B to the login page; Redis no longer holds the session"

        print("checks:")
        checks.run("login on A, session shared", login_a)
        if "session" in state:
            checks.run("the same cookie on B", session_on_b)
            checks.run("upload on A, download on B", upload_a_download_b)
        checks.run("a task enqueued on A, run by the worker, file served by B", report_by_worker)
        checks.run("charts cached by A, read by B", charts_cached_on_a_read_on_b)
        if "session" in state:
            checks.run("logout on A ends the session on B", logout_a)
        for proc in (a, b, worker):
            if proc.proc.poll() is not None:
                checks.failed += 1
                print(f"  FAIL  {proc.name} exited:\n{proc.tail()}")
        print("all checks passed" if not checks.failed else f"{checks.failed} check(s) failed")
        return 1 if checks.failed else 0
    finally:
        for proc in reversed(procs):
            proc.stop()


if __name__ == "__main__":
    sys.exit(main())
