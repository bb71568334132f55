from sangtao.core import xlsx
from sangtao.orgs import selectors, sheets
from sangtao.orgs.models import UnitYearStats
from sangtao.testing.factories import SchoolYearFactory
from sangtao.testing.xlsx import read_sheet


def test_the_school_template_reads_back_without_errors():
    result = xlsx.read_rows(sheets.school_template(), sheets.SCHOOL_COLUMNS)

    assert result.errors == []
    assert result.rows[0].values["ownership"] == "public"


def test_the_export_round_trips_through_the_import_columns(world):
    year = SchoolYearFactory()
    UnitYearStats.objects.create(unit=world.school_a, year=year, students=1450, teachers=60)
    units = selectors.with_current_stats(selectors.units_for_user(world.leader, level="THCS"), year)

    result = xlsx.read_rows(sheets.units_export(units), sheets.SCHOOL_COLUMNS)

    assert result.errors == []
    row = result.rows[0].values
    assert (row["code"], row["level"], row["ownership"], row["students"], row["teachers"]) == (
        "THCS-A",
        "THCS",
        "public",
        1450,
        60,
    )


def test_the_export_names_the_parent_and_the_kind(world):
    units = selectors.with_current_stats(selectors.units_for_user(world.leader, kind="team"), None)

    rows = read_sheet(sheets.units_export(units).read())

    header = rows[0]
    assert rows[1][header.index("Loại đơn vị")] == "Tổ, bộ phận"
    assert rows[1][header.index("Đơn vị cấp trên")] == "Phòng Giáo dục và Đào tạo Quận 12"
