"""An export holds one row at a time: ten times the rows do not grow the memory that writing them takes,
and the finished file is held in memory only up to the spool's ceiling (then it goes to disk).
bench/export_memory.py prints the same figures for a person to read."""

import datetime
import tempfile
import tracemalloc

from sangtao.core.xlsx import Column, export_rows

COLUMNS = [Column("Mã", "code"), Column("Tên", "name"), Column("Ngày", "day"), Column("Số", "number")]


def _rows(n):
    for i in range(n):
        yield {
            "code": f"HS-{i:06d}",
            "name": f"Câu lạc bộ số {i}",
            "day": datetime.date(2024, 3, 15),
            "number": i,
        }


def _peak(n, out=None) -> int:
    tracemalloc.start()
    try:
        export_rows(COLUMNS, _rows(n), out=out).close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ten_times_the_rows_take_about_the_same_memory():
    _peak(100, tempfile.TemporaryFile())  # imports and openpyxl's first-use caches are not the export
    small = _peak(2_000, tempfile.TemporaryFile())
    large = _peak(20_000, tempfile.TemporaryFile())
    assert large < small * 1.5


def test_the_spooled_file_stays_under_its_ceiling():
    _peak(100)
    large = _peak(20_000)
    # The views' default: the file in memory up to 8 MiB; 20,000 rows are far below, all of it counted.
    assert large < 8 * 1024 * 1024
