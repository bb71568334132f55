"""The training spreadsheets: the attendance sheet's columns and cells, the exports."""

import datetime

import pytest

from sangtao.core.xlsx import CellError
from sangtao.testing.xlsx import read_sheet
from sangtao.training import selectors, sheets
from sangtao.training.services import presence


@pytest.mark.parametrize("cell", ["x", "X", "1", 1, "có", "Có mặt", "✓"])
def test_a_tick_means_present(cell):
    assert presence(cell) is True


@pytest.mark.parametrize("cell", [None, "", "0", 0, "vắng", "Không", "-"])
def test_blank_or_absent_means_absent(cell):
    assert presence(cell) is False


def test_anything_else_is_a_clear_error():
    with pytest.raises(CellError, match="ghi x"):
        presence("có lẽ")


def test_the_sheet_has_one_column_per_session_named_by_its_date(tw):
    columns = sheets.attendance_columns(list(tw.course.sessions.all()))
    assert [str(c.header) for c in columns] == [
        "Mã",
        "Họ và tên",
        "Trường",
        f"Buổi 1 ({datetime.date.today():%d/%m/%Y})",
    ]


def test_the_course_export_reads_like_the_list(world, tw):
    rows = read_sheet(sheets.courses_export(selectors.courses_for_user(world.specialist)).read())
    assert rows[0][:3] == ("Mã khóa", "Tên khóa", "Loại")
    assert {r[1] for r in rows[1:]} == {tw.course.title, tw.partner_course.title}


def test_the_coverage_export_says_which_group_has_not_taken_part(world, tw):
    matrix = selectors.coverage_matrix(world.leader, year=selectors.current_plan_year())
    rows = read_sheet(sheets.coverage_export(matrix).read())
    assert rows[0] == (
        "Mã trường",
        "Trường",
        "Cấp học",
        "Cán bộ quản lý",
        "Giáo viên",
        "Nhân viên",
        "Học sinh",
        "Đủ các nhóm",
    )
    assert rows[1][3:] == ("chưa tham gia", "chưa tham gia", "chưa tham gia", "chưa tham gia", "Không")
