"""Throughput of one server (issue 8 §3): gunicorn with 4 workers under a mixed load of the ten most used
pages and API calls, against a minimal Django view on the same server measured in the same run.

    .venv/bin/python bench/throughput.py [--users 16] [--seconds 60] [--fresh] [--no-redis]

A bench database with the demo data (`sangtao_bench_throughput`, created, migrated and loaded when
missing), gunicorn with the production settings (and a private Redis as the cache unless --no-redis),
and locust headless on loopback (bench/locustfile.py): office users (leader, specialist) and school users
(principal and coordinator of school A), logged in, asking without pause. Prints requests/s, errors,
p50/p95 per page and in all, and the ratio to the reference (/healthz: one SELECT 1 through the same
middleware). The target (≥ 200 requests/s, 0 errors, p95 ≤ 500 ms) is printed beside the figures, never
asserted: the figures depend on the machine and what else runs on it. Exit 1 only when a request failed.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servers  # noqa: E402

LOCUST = str(servers.ROOT / ".venv" / "bin" / "locust")


def targets(url: str) -> dict:
    """The pages' ids in the demo data: the issued plan, its first task and computed indicator, school A."""
    with psycopg.connect(url) as conn:
        def one(sql, params=()):
            row = conn.execute(sql, params).fetchone()
            if row is None:
                raise SystemExit(f"the bench database lacks: {sql}")
            return row[0]

        plan = one("SELECT id FROM plans_plan WHERE status = 'issued' ORDER BY id LIMIT 1")
        task = one("SELECT t.id FROM plans_task t WHERE t.plan_id = %s AND EXISTS "
                   "(SELECT 1 FROM plans_assignment a WHERE a.task_id = t.id) ORDER BY t.id LIMIT 1", [plan])
        indicator = one("SELECT id FROM plans_indicator WHERE plan_id = %s ORDER BY id LIMIT 1", [plan])
        school, assignment = conn.execute(
            """SELECT a.unit_id, a.id FROM plans_assignment a
               JOIN accounts_roleassignment r ON r.unit_id = a.unit_id AND r.role = 'principal'
               JOIN accounts_user u ON u.id = r.user_id
               WHERE u.username = 'demo-principal-a' ORDER BY a.id LIMIT 1""").fetchone()
    return {
        "office_dashboard": f"/dashboard/office/{plan}/",
        "plan": f"/plans/{plan}/",
        "task": f"/plans/tasks/{task}/",
        "indicator_values": f"/api/v1/indicators/{indicator}/values/",
        "school_dashboard": f"/dashboard/school/{school}/",
        "assignment": f"/plans/assignments/{assignment}/",
    }


def run_locust(host: str, classes: list[str], *, users: int, seconds: int, env: dict, out: Path) -> list[dict]:
    subprocess.run(
        [LOCUST, "-f", str(Path(__file__).with_name("locustfile.py")), "--headless", "--host", host,
         "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "10",
         "--csv", str(out), "--only-summary", "--loglevel", "WARNING", *classes],
        cwd=servers.ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    with open(f"{out}_stats.csv", newline="") as f:
        return list(csv.DictReader(f))


def figures(row: dict) -> dict:
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sangtao_bench_throughput")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the bench database")
    parser.add_argument("--users", type=int, default=16, help="simulated people asking without pause")
    parser.add_argument("--seconds", type=int, default=60, help="length of each of the two runs")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-redis", action="store_true", help="local-memory cache, database sessions")
    parser.add_argument(
        "--precomputed",
        action="store_true",
        help="SANGTAO_FIGURES_FROM_SNAPSHOT=1: dashboards read the figures a refresh computed just before the runs",
    )
    args = parser.parse_args()

    t0 = time.perf_counter()
    url, load_seconds = servers.prepare_database(args.database, fresh=args.fresh)
    print(f"database {args.database} ready in {time.perf_counter() - t0:.1f} s"
          f"{f' (demo data loaded in {load_seconds:.1f} s)' if load_seconds else ' (kept)'}")
    pages = targets(url)
    log_dir = Path(tempfile.mkdtemp(prefix="sangtao-throughput-"))
    procs = []
    try:
        extra = {"MEDIA_ROOT": str(servers.media_root(args.database))}
        if not args.no_redis:
            redis_proc, redis_url = servers.start_redis(log_dir)
            procs.append(redis_proc)
            extra["REDIS_URL"] = redis_url
        if args.precomputed:
            extra["SANGTAO_FIGURES_FROM_SNAPSHOT"] = "1"
        env = servers.production_env(url, **extra)
        if args.precomputed:  # what the worker's frequent job does every few minutes
            servers.manage(
                "shell", "-c", "from sangtao.dashboards.services import figures_refresh; figures_refresh()", env=env
            )
        server, base = servers.start_gunicorn("server", env, log_dir, workers=args.workers)
        procs.append(server)
        print(f"gunicorn {args.workers} workers at {base} (production settings, "
              f"{'Redis cache, cached_db sessions' if not args.no_redis else 'local memory, db sessions'}"
              f"{', precomputed figures' if args.precomputed else ''}); "
              f"locust {args.users} users, {args.seconds} s per run; load average {os.getloadavg()[0]:.1f}")
        # Warm every worker: templates compiled, connections open.
        warm = servers.browser()
        servers.login(warm, base, "demo-leader")
        school = servers.browser()
        servers.login(school, base, "demo-principal-a")
        for _ in range(args.workers * 2):
            for key in ("office_dashboard", "plan", "task", "indicator_values"):
                warm.get(base + pages[key], timeout=60)
            for key in ("school_dashboard", "assignment"):
                school.get(base + pages[key], timeout=60)
        locust_env = {**os.environ, "BENCH_TARGETS": json.dumps(pages)}
        reference = run_locust(base, ["PingUser"], users=args.users, seconds=args.seconds, env=locust_env,
                               out=log_dir / "reference")
        print(f"reference done, load average {os.getloadavg()[0]:.1f}")
        mixed = run_locust(base, ["OfficeUser", "SchoolUser"], users=args.users, seconds=args.seconds,
                           env=locust_env, out=log_dir / "mixed")
        print(f"mixed done, load average {os.getloadavg()[0]:.1f}")
    finally:
        for proc in reversed(procs):
            proc.stop()

    ref = figures(next(r for r in reference if r["Name"] == "Aggregated"))
    total = figures(next(r for r in mixed if r["Name"] == "Aggregated"))
    print()
    print(f"{'request':<24}{'count':>8}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for row in sorted((r for r in mixed if r["Name"] != "Aggregated"), key=lambda r: -int(r["Request Count"])):
        f = figures(row)
        print(f"{row['Name']:<24}{f['requests']:>8}{f['errors']:>8}{f['rps']:>9.1f}{f['p50']:>9.0f}{f['p95']:>9.0f}")
    for label, f in (("mixed, all", total), ("/healthz (reference)", ref)):
        print(f"{label:<24}{f['requests']:>8}{f['errors']:>8}{f['rps']:>9.1f}{f['p50']:>9.0f}{f['p95']:>9.0f}")
    print()
    print(f"mixed: {total['rps']:.1f} requests/s, {total['errors']} errors, p50 {total['p50']:.0f} ms, "
          f"p95 {total['p95']:.0f} ms (target ≥ 200 requests/s, 0 errors, p95 ≤ 500 ms)")
    print(f"reference /healthz: {ref['rps']:.1f} requests/s, p95 {ref['p95']:.0f} ms")
    print(f"ratio mixed / reference: throughput {total['rps'] / max(ref['rps'], 0.001):.2f}, "
          f"p95 {total['p95'] / max(ref['p95'], 0.001):.1f}×")
    failures = Path(f"{log_dir / 'mixed'}_failures.csv")
    if total["errors"] and failures.exists():
        print(failures.read_text()[:2000])
    print(f"logs and locust CSV files in {log_dir}")
    return 1 if total["errors"] or ref["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
