"""Does an .xlsx export keep the server's memory flat as the list grows? (issue 7 §2)

    .venv/bin/python bench/export_memory.py                 # synthetic rows, no database needed
    DATABASE_URL=postgres://…/sangtao_bench .venv/bin/python bench/export_memory.py --database

Writes the same sheet for 2,000 and for 20,000 rows through `sangtao.core.xlsx.export_rows` and prints the
peak Python memory (tracemalloc) of each and their ratio. A streamed export holds one row at a time (and
openpyxl's write-only worksheet spills to a temporary file), so the peak barely moves with ten times the
rows; an export that built the sheet in memory would grow about ten times. With --database the rows are a
real list's queryset read with `.iterator()` (the users' export of a data set made by `generate_data`).
Prints figures for a person to read; no assertion (sangtao/core/tests/test_xlsx_streaming.py pins it).
"""

import argparse
import datetime
import os
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from sangtao.core.xlsx import Column, export_rows  # noqa: E402

COLUMNS = [
    Column("Mã", "code"),
    Column("Tên", "name", width=40),
    Column("Ngày", "day"),
    Column("Số", "number"),
]


def synthetic(n: int):
    start = datetime.date(2023, 9, 5)
    for i in range(n):
        yield {
            "code": f"HS-{i:06d}",
            "name": f"Câu lạc bộ đổi mới sáng tạo số {i} — Trường THCS Nguyễn Ảnh Thủ",
            "day": start + datetime.timedelta(days=i % 250),
            "number": i * 7,
        }


def from_database(n: int):
    from sangtao.accounts.models import User
    from sangtao.accounts.views import USER_COLUMNS

    return USER_COLUMNS, User.objects.order_by("pk")[:n].iterator(chunk_size=500)


def peak(n: int, database: bool, *, on_disk: bool = False) -> tuple[int, int]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    if database:
        columns, rows = from_database(n)
    else:
        columns, rows = COLUMNS, synthetic(n)
    # By default the finished file is spooled in memory up to 8 MiB (then to disk): that part grows with
    # the file, up to its ceiling; on_disk leaves only what writing the rows costs.
    out = export_rows(columns, rows, title="Đo bộ nhớ", out=tempfile.TemporaryFile() if on_disk else None)
    size = out.seek(0, 2)
    out.close()
    _current, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="store_true", help="export real rows (a generated data set)")
    parser.add_argument("--sizes", default="2000,20000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    peak(200, args.database)  # warm up: imports and openpyxl's caches are not the export's memory
    for on_disk in (False, True):
        label = "file written to disk" if on_disk else "file spooled in memory up to 8 MiB (as the views do)"
        print(label)
        results = []
        for n in sizes:
            top, size = peak(n, args.database, on_disk=on_disk)
            results.append(top)
            print(f"  {n:>8} rows: peak {top / 1024:8.0f} KiB, file {size / 1024:8.0f} KiB")
        ratio = results[-1] / results[0]
        print(f"  peak ratio {sizes[-1]} / {sizes[0]} rows: {ratio:.2f}× (rows ×{sizes[-1] // sizes[0]})")


if __name__ == "__main__":
    main()
