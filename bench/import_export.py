"""A 100,000-row import and a 1,000,000-row export on PostgreSQL (issue 8 §2).

    .venv/bin/python bench/import_export.py [--server postgres://postgres@127.0.0.1:5432]
                                            [--import-rows 100000] [--export-rows 1000000]

1. Import: a pupils' .xlsx of `--import-rows` rows over 100 schools goes through the product's own import
   (`accounts.registries.students_import`: every cell validated, all or nothing, bulk writes in one
   transaction). Target ≤ 60 s. Reference in the same run: openpyxl merely reading the same file
   (read-only mode), the floor any .xlsx import pays; the ratio says what validation and writing add.
2. Export: the table is grown to `--export-rows` pupils (SQL, generate_series), then the office's
   "export the pupils" page (`orgs:student_export`, streamed: a queryset iterator written by openpyxl's
   write-only sheet into a spooled temporary file) is requested through Django's test client in a child
   process whose peak resident memory (ru_maxrss) is read at its end. Target ≤ 300 MB. Reference: the same
   child's peak after loading Django and answering one small page, so the difference is what the export adds.

The database (sangtao_bench_io_<pid>) is created, migrated and dropped by the script. Prints figures for a
person to read; it asserts nothing (tests pin the behaviour, this measures the speed).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")

SETUP = """
import django; django.setup()
import openpyxl
from sangtao.accounts.models import Role, RoleAssignment, User
from sangtao.accounts.registries import STUDENT_COLUMNS
from sangtao.orgs.models import OrgUnit
office = OrgUnit.objects.create(kind="authority", code="PGD-IO", name="Phòng GD&ĐT đo tải")
levels = [("TH", range(1, 6)), ("THCS", range(6, 10))]
for i in range(100):
    level = levels[i % 2][0]
    OrgUnit.objects.create(kind="school", level=level, code=f"S{{i:03d}}", name=f"Trường {{level}} số {{i}}",
                           parent=office)
actor = User.objects.create_user(username="io-admin", password="Mat-khau-dai-12345", full_name="Người đo")
RoleAssignment.objects.create(user=actor, role=Role.LEADER, unit=office)  # an admin would need TOTP
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Học sinh")
ws.append([str(c.header) for c in STUDENT_COLUMNS])
for n in range({rows}):
    i = n % 100
    grades = levels[i % 2][1]
    grade = grades[n // 100 % len(grades)]
    ws.append([f"S{{i:03d}}", f"Nguyễn Thị Học Sinh {{n}}", grade, f"{{grade}}A{{n // 1000 % 9 + 1}}"])
wb.save({path!r})
"""

READ_ONLY = """
import time, openpyxl
t = time.perf_counter()
wb = openpyxl.load_workbook({path!r}, read_only=True, data_only=True)
n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
print("read", n, time.perf_counter() - t, flush=True)
"""

IMPORT = """
import django; django.setup()
import time
from sangtao.accounts.models import User
from sangtao.accounts.registries import students_import
from sangtao.orgs.models import OrgUnit
import cProfile, pstats, sys
profile = cProfile.Profile() if {profile} else None
t = time.perf_counter()
if profile:
    profile.enable()
with open({path!r}, "rb") as f:
    result = students_import(actor=User.objects.get(username="io-admin"),
                             root=OrgUnit.objects.get(code="PGD-IO"), file=f)
elapsed = time.perf_counter() - t
if profile:
    profile.disable()
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
print("import", result.created, len(result.errors), elapsed, flush=True)
"""

# One child per measure: ru_maxrss is the process's peak since it started.
EXPORT = """
import django; django.setup()
import resource, time
from django.test import Client
from django.urls import reverse
from sangtao.accounts.models import User
from sangtao.orgs.models import OrgUnit
client = Client()
client.force_login(User.objects.get(username="io-admin"))
office = OrgUnit.objects.get(code="PGD-IO")
assert client.get(reverse("healthz")).status_code == 200
if {export}:
    t = time.perf_counter()
    response = client.get(reverse("orgs:student_export", args=[office.pk]))
    size = sum(len(chunk) for chunk in response.streaming_content)
    print("export", response.status_code, size, time.perf_counter() - t, flush=True)
print("rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def run(code: str, env) -> list[str]:
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"A step failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true", help="print the import's profile (cProfile) and stop")
    args = parser.parse_args()
    name = f"sangtao_bench_io_{os.getpid()}"
    url = f"{args.server}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false"}
    sheet = f"/tmp/{name}.xlsx"
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        run(SETUP.format(rows=args.import_rows, path=sheet), env)
        size_mb = Path(sheet).stat().st_size / 1e6
        print(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; database {name}")

        out = run(READ_ONLY.format(path=sheet), env)
        read_s = float(out[out.index("read") + 2])
        if args.profile:
            subprocess.run([PYTHON, "-c", IMPORT.format(path=sheet, profile=True)], env=env, cwd=ROOT, check=True)
            return 0
        out = run(IMPORT.format(path=sheet, profile=False), env)
        created, errors, import_s = int(out[1]), int(out[2]), float(out[3])
        print(
            f"Import of {args.import_rows:,} rows ({size_mb:.1f} MB .xlsx): {created:,} created, {errors} errors, "
            f"{import_s:.1f} s (target ≤ 60 s); reading the file alone {read_s:.1f} s; "
            f"ratio {import_s / read_s:.2f}×"
        )

        with psycopg.connect(url, autocommit=True) as conn:
            more = args.export_rows - created
            if more > 0:
                conn.execute(
                    """INSERT INTO accounts_student (unit_id, full_name, name_folded, grade, class_name,
                       created_at, updated_at)
                       SELECT (SELECT id FROM orgs_orgunit WHERE code = 'S001'),
                              'Trần Văn Xuất ' || g, 'tran van xuat ' || g, 6 + g %% 4, (6 + g %% 4) || 'B1', now(), now()
                       FROM generate_series(1, %s) g""",
                    [more],
                )
            total = conn.execute("SELECT count(*) FROM accounts_student").fetchone()[0]
        out = run(EXPORT.format(export=False), env)
        base_mb = int(out[out.index("rss") + 1]) / 1024
        out = run(EXPORT.format(export=True), env)
        status, nbytes, export_s = int(out[1]), int(out[2]), float(out[3])
        peak_mb = int(out[out.index("rss") + 1]) / 1024
        print(
            f"Export of {total:,} rows (HTTP {status}, {nbytes / 1e6:.1f} MB .xlsx) in {export_s:.1f} s: "
            f"peak memory {peak_mb:.0f} MB (target ≤ 300 MB); the same process without the export "
            f"{base_mb:.0f} MB; the export adds {peak_mb - base_mb:.0f} MB"
        )
        return 0
    finally:
        with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        Path(sheet).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
