"""Import killed half-way drill (issue 8 §3): an .xlsx import of 10,000 pupils runs in a subprocess
against a fresh PostgreSQL database; when it has saved half of the rows (inside its transaction) the
process is killed with SIGKILL. The drill checks that no row of the import remains and that nothing is
left locked, then runs the same import again to the end. Prints each step's time.

    .venv/bin/python bench/drill_import_kill.py [--server postgres://postgres@127.0.0.1:5432] [--rows 10000]

The database (sangtao_drill_import_<pid>) is created, migrated and dropped by the drill. Exit status 1
when a partial row survives or the second run does not import every row.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")

# Runs in the child processes, with DJANGO_SETTINGS_MODULE and DATABASE_URL set.
SETUP = """
import django; django.setup()
import openpyxl
from sangtao.accounts.models import Role, RoleAssignment, User
from sangtao.accounts.registries import STUDENT_COLUMNS
from sangtao.orgs.models import OrgUnit
office = OrgUnit.objects.create(kind="authority", code="PGD-DRILL", name="Phòng GD&ĐT diễn tập")
school = OrgUnit.objects.create(kind="school", level="THCS", code="THCS-DRILL", name="Trường THCS Diễn Tập",
                                parent=office)
actor = User.objects.create_user(username="drill-admin", password="Mat-khau-dai-12345", full_name="Người diễn tập")
RoleAssignment.objects.create(user=actor, role=Role.ADMIN, unit=office)
wb = openpyxl.Workbook()
ws = wb.active
ws.append([str(c.header) for c in STUDENT_COLUMNS])
for i in range({rows}):
    ws.append(["THCS-DRILL", f"Nguyễn Văn Diễn Tập {{i}}", 6 + i % 4, f"{{6 + i % 4}}A{{i % 9 + 1}}"])
wb.save({path!r})
"""
IMPORT = """
import django; django.setup()
import sys
from sangtao.accounts.models import User
from sangtao.accounts.registries import students_import
from sangtao.orgs.models import OrgUnit
def progress(saved):
    print(saved, flush=True)  # progress for the drill: rows saved inside the open transaction
with open({path!r}, "rb") as f:
    result = students_import(actor=User.objects.get(username="drill-admin"),
                             root=OrgUnit.objects.get(code="PGD-DRILL"), file=f, progress=progress)
print("done", result.created, len(result.errors), flush=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    name = f"sangtao_drill_import_{os.getpid()}"
    url = f"{args.server}/{name}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
    }
    sheet = f"/tmp/{name}.xlsx"
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        started = time.perf_counter()
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [PYTHON, "-c", SETUP.format(rows=args.rows, path=sheet)], env=env, cwd=ROOT, check=True
        )
        print(
            f"Fresh database {name} migrated, {args.rows:,}-row .xlsx written: {time.perf_counter() - started:.1f} s"
        )

        # 1. Start the import, kill it with SIGKILL once half the rows are saved in its transaction.
        started = time.perf_counter()
        child = subprocess.Popen(
            [PYTHON, "-c", IMPORT.format(path=sheet)], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        saved = 0
        for line in child.stdout:
            if line.strip().isdigit():
                saved = int(line)
                if saved >= args.rows // 2:
                    child.send_signal(signal.SIGKILL)
                    break
        child.wait()
        print(
            f"Import killed (SIGKILL, exit {child.returncode}) after {saved:,} rows saved, "
            f"{time.perf_counter() - started:.1f} s after its start"
        )

        # 2. PostgreSQL notices the lost client and rolls its transaction back: wait for that backend.
        with psycopg.connect(url, autocommit=True) as conn:
            waited = time.perf_counter()
            while conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
            ).fetchone()[0]:
                time.sleep(0.1)
            left = conn.execute("SELECT count(*) FROM accounts_student").fetchone()[0]
            locks = conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE a.datname = %s AND a.pid <> pg_backend_pid()",
                [name],
            ).fetchone()[0]
        print(
            f"After the kill: {left} pupils in the table, {locks} locks held "
            f"(backend gone after {time.perf_counter() - waited:.1f} s)"
        )

        # 3. Run it again: it must import every row, as on a first run.
        started = time.perf_counter()
        out = subprocess.run(
            [PYTHON, "-c", IMPORT.format(path=sheet)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        with psycopg.connect(url) as conn:
            total = conn.execute("SELECT count(*) FROM accounts_student").fetchone()[0]
        created = int(out[out.index("done") + 1])
        print(
            f"Second run: {created:,} created, {total:,} pupils in the table, {time.perf_counter() - started:.1f} s"
        )
        ok = left == 0 and locks == 0 and created == total == args.rows
        print(
            "All-or-nothing: no partial row survived the kill, and the rerun imported every row."
            if ok
            else "FAILED: see the figures above."
        )
        return 0 if ok else 1
    finally:
        with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        Path(sheet).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
