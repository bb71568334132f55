import datetime

import pytest
from django.core.exceptions import ValidationError

from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.models import StatusEvent
from sangtao.orgs import services
from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitHistory, UnitKind, UnitYearStats
from sangtao.testing.factories import OrgUnitFactory, SchoolYearFactory
from sangtao.testing.xlsx import xlsx_upload

CLOSED_ON = datetime.date(2025, 7, 1)


def school_kwargs(**overrides):
    data = {
        "kind": UnitKind.SCHOOL,
        "code": "TH-NEW",
        "name": "Trường Tiểu học Mới",
        "level": SchoolLevel.TH,
        "ownership": "public",
    }
    return data | overrides


# ---------------------------------------------------------------- create / update


def test_a_leader_creates_a_school_under_the_office(world):
    unit = services.unit_create(actor=world.leader, parent=world.office, **school_kwargs(ward_code="26791"))

    assert unit.path == f"{world.office.path}{unit.pk}/"
    assert unit.ward_name == "Phường Đông Hưng Thuận"
    assert unit.province_code == "79"


def test_it_refuses_a_specialist_creating_a_unit(world):
    with pytest.raises(PermissionDeniedError):
        services.unit_create(actor=world.specialist, parent=world.office, **school_kwargs())


def test_it_refuses_a_unit_under_a_school(world):
    with pytest.raises(ApplicationError):
        services.unit_create(actor=world.leader, parent=world.school_a, **school_kwargs())


def test_it_refuses_a_ward_that_does_not_exist(world):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=world.leader, parent=world.office, **school_kwargs(ward_code="99999"))

    assert "ward_code" in exc.value.message_dict


def test_it_refuses_a_ward_of_another_province(world):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=world.leader, parent=world.office, **school_kwargs(province_code="79", ward_code="00004")
        )

    assert "không thuộc" in exc.value.message_dict["ward_code"][0]


def test_it_refuses_a_school_without_a_level(world):
    with pytest.raises(ValidationError):
        services.unit_create(actor=world.leader, parent=world.office, **school_kwargs(level=""))


def test_it_refuses_a_duplicate_code(world):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=world.leader, parent=world.office, **school_kwargs(code="THCS-A"))

    assert "code" in exc.value.message_dict


def test_a_team_keeps_no_level_or_ownership(world):
    team = services.unit_create(
        actor=world.admin,
        parent=world.office,
        kind=UnitKind.TEAM,
        code="TTD",
        name="Bộ phận Thi đua – Khen thưởng",
        level="THCS",
        ownership="public",
    )

    assert (team.level, team.ownership) == ("", "")


def test_a_specialist_corrects_a_schools_details(world):
    unit = services.unit_update(
        actor=world.specialist, unit=world.school_a, head_name="Phạm Thị Hoa", ward_code="26785"
    )

    assert unit.head_name == "Phạm Thị Hoa"
    assert unit.ward_name == "Phường Trung Mỹ Tây"


def test_it_refuses_a_principal_editing_their_own_school(world):
    with pytest.raises(PermissionDeniedError):
        services.unit_update(actor=world.principal_a, unit=world.school_a, name="Trường khác")


def test_renaming_a_unit_keeps_its_old_name_in_the_history(world):
    services.unit_update(actor=world.leader, unit=world.school_a, name="Trường THCS Mới")

    history = UnitHistory.objects.get(unit=world.school_a)
    assert history.change == UnitHistory.Change.RENAMED
    assert "Nguyễn Ảnh Thủ" in history.note
    assert history.actor == world.leader


def test_unit_update_refuses_fields_it_does_not_own(world):
    with pytest.raises(TypeError):
        services.unit_update(actor=world.leader, unit=world.school_a, parent=world.ubnd)


# ---------------------------------------------------------------- move


def test_unit_move_updates_the_paths_of_every_descendant(world):
    ward_office = OrgUnitFactory(kind=UnitKind.AUTHORITY, code="PHUONG", level="", parent=world.office)
    sub = OrgUnitFactory(kind=UnitKind.TEAM, code="SUB", level="", parent=ward_office)
    leaf = OrgUnitFactory(code="LEAF", parent=sub)

    services.unit_move(actor=world.leader, unit=sub, new_parent=world.team_pt)

    sub.refresh_from_db()
    leaf.refresh_from_db()
    assert sub.parent == world.team_pt
    assert sub.path == f"{world.team_pt.path}{sub.pk}/"
    assert leaf.path == f"{world.team_pt.path}{sub.pk}/{leaf.pk}/"
    assert list(OrgUnit.objects.filter(path__startswith=ward_office.path)) == [ward_office]


def test_unit_move_records_the_history(world):
    services.unit_move(
        actor=world.leader, unit=world.school_b, new_parent=world.team_pt, note="QĐ 12/QĐ-UBND"
    )

    history = UnitHistory.objects.get(unit=world.school_b)
    assert (history.change, history.old_parent, history.new_parent) == ("moved", world.office, world.team_pt)
    assert history.note == "QĐ 12/QĐ-UBND"


def test_it_refuses_moving_a_unit_into_its_own_subtree(world):
    with pytest.raises(ApplicationError):
        services.unit_move(actor=world.leader, unit=world.office, new_parent=world.team_pt)


def test_it_refuses_moving_a_unit_outside_the_movers_scope(world):
    with pytest.raises(PermissionDeniedError):
        services.unit_move(actor=world.leader, unit=world.school_a, new_parent=world.partner_unit)


def test_it_refuses_a_specialist_moving_a_unit(world):
    with pytest.raises(PermissionDeniedError):
        services.unit_move(actor=world.specialist, unit=world.school_a, new_parent=world.team_pt)


def test_it_refuses_moving_a_unit_where_it_already_is(world):
    with pytest.raises(ConflictError):
        services.unit_move(actor=world.leader, unit=world.school_a, new_parent=world.office)


# ---------------------------------------------------------------- close / reopen


def test_a_leader_closes_a_school_and_it_is_recorded(world):
    services.unit_close(actor=world.leader, unit=world.school_b, closed_on=CLOSED_ON, note="Sáp nhập")

    world.school_b.refresh_from_db()
    assert world.school_b.closed_on == CLOSED_ON
    assert UnitHistory.objects.get(unit=world.school_b).change == "closed"
    event = StatusEvent.objects.get(object_id=world.school_b.pk, action="unit_close")
    assert (event.from_status, event.to_status, event.reason) == ("active", "closed", "Sáp nhập")


def test_it_refuses_closing_a_unit_with_open_children(world):
    with pytest.raises(ConflictError):
        services.unit_close(actor=world.admin, unit=world.office, closed_on=CLOSED_ON, note="")


def test_it_refuses_closing_twice(world):
    services.unit_close(actor=world.leader, unit=world.school_b, closed_on=CLOSED_ON, note="")

    with pytest.raises(ConflictError):
        services.unit_close(actor=world.leader, unit=world.school_b, closed_on=CLOSED_ON, note="")


def test_it_refuses_a_principal_closing_their_school(world):
    with pytest.raises(PermissionDeniedError):
        services.unit_close(actor=world.principal_a, unit=world.school_a, closed_on=CLOSED_ON, note="")


def test_a_closed_unit_reopens(world):
    services.unit_close(actor=world.leader, unit=world.school_b, closed_on=CLOSED_ON, note="")

    services.unit_reopen(actor=world.leader, unit=world.school_b, note="Nhầm")

    world.school_b.refresh_from_db()
    assert world.school_b.closed_on is None
    assert StatusEvent.objects.filter(object_id=world.school_b.pk, action="unit_reopen").exists()


def test_it_refuses_reopening_an_open_unit(world):
    with pytest.raises(ConflictError):
        services.unit_reopen(actor=world.leader, unit=world.school_b)


def test_unit_stats_set_writes_one_row_per_year(world):
    year = SchoolYearFactory()
    services.unit_stats_set(
        actor=world.specialist, unit=world.school_a, year=year, students=1, managers=2, teachers=3, staff=4
    )

    services.unit_stats_set(
        actor=world.specialist, unit=world.school_a, year=year, students=10, managers=2, teachers=3, staff=4
    )

    assert UnitYearStats.objects.get(unit=world.school_a).students == 10


# ---------------------------------------------------------------- schools import

HEADER = [
    "Mã trường",
    "Tên trường",
    "Tên viết tắt",
    "Cấp học",
    "Loại hình",
    "Mã phường/xã",
    "Địa chỉ",
    "Thủ trưởng",
    "Điện thoại",
    "Thư điện tử",
    "Số học sinh",
    "Số CBQL",
    "Số giáo viên",
    "Số nhân viên",
]


def school_row(
    code="MN-HOA-MAI",
    name="Trường Mầm non Hoa Mai",
    level="MN",
    ownership="Ngoài công lập",
    ward="26791",
    students=320,
):
    return [
        code,
        name,
        "",
        level,
        ownership,
        ward,
        "12 Lê Văn Khương",
        "Ngô Thị Lan",
        "028 1234 5678",
        "hoamai@example.edu.vn",
        students,
        2,
        18,
        6,
    ]


def test_it_imports_new_schools_and_their_headcounts(world):
    year = SchoolYearFactory()
    upload = xlsx_upload(
        HEADER, [school_row(), school_row(code="DVTN-1", name="Trung tâm GDNN", level="DVTN")]
    )

    result = services.schools_import(actor=world.leader, parent=world.office, file=upload)

    assert (result.created, result.updated, result.errors) == (2, 0, [])
    school = OrgUnit.objects.get(code="MN-HOA-MAI")
    assert (school.parent, school.ownership, school.ward_name) == (
        world.office,
        "non_public",
        "Phường Đông Hưng Thuận",
    )
    assert OrgUnit.objects.get(code="DVTN-1").kind == UnitKind.AFFILIATED
    assert UnitYearStats.objects.get(unit=school, year=year).students == 320


def test_it_updates_a_school_by_code(world):
    SchoolYearFactory()
    upload = xlsx_upload(
        HEADER,
        [
            school_row(
                code="THCS-A",
                name="Trường THCS Nguyễn Ảnh Thủ",
                level="THCS",
                ownership="Công lập",
                students=1500,
            )
        ],
    )

    result = services.schools_import(actor=world.leader, parent=world.office, file=upload)

    assert (result.created, result.updated) == (0, 1)
    world.school_a.refresh_from_db()
    assert world.school_a.head_name == "Ngô Thị Lan"
    assert world.school_a.year_stats.get().students == 1500


def test_a_file_with_three_bad_rows_reports_all_three_and_writes_nothing(world):
    SchoolYearFactory()
    upload = xlsx_upload(
        HEADER,
        [
            school_row(code="OK-1"),
            school_row(code="BAD-1", level="DH"),
            school_row(code="BAD-2", ward="12345"),
            school_row(code="BAD-3", ownership="Tư thục", students=-5),
        ],
    )

    result = services.schools_import(actor=world.leader, parent=world.office, file=upload)

    assert [(e.row_number, e.column) for e in result.errors] == [
        (3, "Cấp học"),
        (4, "Mã phường/xã"),
        (5, "Loại hình"),
        (5, "Số học sinh"),
    ]
    assert (result.created, result.updated) == (0, 0)
    assert not OrgUnit.objects.filter(code__in=["OK-1", "BAD-1", "BAD-2", "BAD-3"]).exists()


def test_it_reports_a_school_outside_the_importers_scope(world):
    other = OrgUnitFactory(code="OTHER", parent=world.partner_unit)
    upload = xlsx_upload(HEADER, [school_row(code=other.code)])

    result = services.schools_import(actor=world.leader, parent=world.office, file=upload)

    assert result.errors[0].row_number == 2
    assert "không thuộc phạm vi" in result.errors[0].message


def test_it_reports_a_code_used_by_a_unit_that_is_not_a_school(world):
    upload = xlsx_upload(HEADER, [school_row(code="TPT")])

    result = services.schools_import(actor=world.leader, parent=world.office, file=upload)

    assert "không phải trường học" in result.errors[0].message


def test_it_reports_duplicate_codes_in_the_file(world):
    SchoolYearFactory()
    upload = xlsx_upload(HEADER, [school_row(code="X1"), school_row(code="X1")])

    result = services.schools_import(actor=world.leader, parent=world.office, file=upload)

    assert [(e.row_number, e.message) for e in result.errors] == [(3, "Trùng với dòng 2.")]


def test_it_reports_headcounts_when_there_is_no_current_year(world):
    upload = xlsx_upload(HEADER, [school_row()])

    result = services.schools_import(actor=world.leader, parent=world.office, file=upload)

    assert "Chưa có năm học hiện tại" in result.errors[0].message


def test_it_refuses_an_importer_without_the_right_to_create_units(world):
    with pytest.raises(PermissionDeniedError):
        services.schools_import(actor=world.specialist, parent=world.office, file=xlsx_upload(HEADER, []))
