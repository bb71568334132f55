import pytest

from sangtao.accounts import permissions, registries
from sangtao.accounts.models import Staff, Student
from sangtao.core.exceptions import PermissionDeniedError
from sangtao.orgs.models import SchoolLevel
from sangtao.testing.factories import OrgUnitFactory, StaffFactory, StudentFactory
from sangtao.testing.xlsx import read_sheet, xlsx_upload

STAFF_HEADER = ["Mã đơn vị", "Mã cán bộ", "Họ và tên", "Nhóm", "Môn / chuyên môn", "Chức vụ", "Thư điện tử"]
STUDENT_HEADER = ["Mã trường", "Họ và tên", "Khối", "Lớp"]


# ---------------------------------------------------------------- permissions


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("leader", True),
        ("specialist", True),
        ("principal_a", True),
        ("coordinator_a", True),
        ("teacher_a", False),
        ("principal_b", False),
        ("partner", False),
        ("observer", False),
    ],
)
def test_who_may_see_school_as_students(world, persona, allowed):
    assert permissions.can_see_students(world.persona(persona), world.school_a) is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("admin", True), ("leader", True), ("specialist", False), ("principal_a", False), ("observer", False)],
)
def test_who_may_manage_units(world, persona, allowed):
    assert permissions.can_manage_units(world.persona(persona), world.school_a) is allowed


# ---------------------------------------------------------------- selectors


def test_staff_for_user_keeps_to_the_unit_and_the_users_scope(world):
    StaffFactory(unit=world.school_a, full_name="An")
    StaffFactory(unit=world.school_b, full_name="Bình")

    names = [s.full_name for s in registries.staff_for_user(world.principal_b, world.office)]

    assert names == ["Bình"]


def test_staff_for_user_filters_by_group_and_folded_name(world):
    StaffFactory(unit=world.school_a, full_name="Đỗ Thị Hạnh", group="GV")
    StaffFactory(unit=world.school_a, full_name="Đỗ Văn Hùng", group="NV")

    found = registries.staff_for_user(world.leader, world.school_a, q="do", group="NV")

    assert [s.full_name for s in found] == ["Đỗ Văn Hùng"]


def test_students_for_user_is_empty_for_a_teacher_and_an_observer(world):
    StudentFactory(unit=world.school_a)

    assert list(registries.students_for_user(world.teacher_a, world.school_a)) == []
    assert list(registries.students_for_user(world.observer, world.school_a)) == []


def test_students_for_user_filters_by_grade_and_class(world):
    StudentFactory(unit=world.school_a, full_name="An", grade=6, class_name="6A1")
    StudentFactory(unit=world.school_a, full_name="Bình", grade=7, class_name="7A1")

    found = registries.students_for_user(world.coordinator_a, world.school_a, grade=7, class_name="7a1")

    assert [s.full_name for s in found] == ["Bình"]


# ---------------------------------------------------------------- staff import


def test_it_imports_staff_and_updates_them_by_code(world):
    StaffFactory(unit=world.school_a, code="GV1", full_name="Tên cũ")
    upload = xlsx_upload(
        STAFF_HEADER,
        [
            ["THCS-A", "GV1", "Trần Thị Bình", "GV", "Toán", "Tổ trưởng", "binh@example.edu.vn"],
            ["THCS-A", "NV1", "Lý Văn Tư", "Nhân viên", "", "Kế toán", ""],
        ],
    )

    result = registries.staff_import(actor=world.principal_a, root=world.school_a, file=upload)

    assert (result.created, result.updated, result.errors) == (1, 1, [])
    assert Staff.objects.get(code="GV1").full_name == "Trần Thị Bình"
    assert Staff.objects.get(code="NV1").group == "NV"


def test_a_staff_file_with_three_bad_rows_reports_all_three_and_writes_nothing(world):
    upload = xlsx_upload(
        STAFF_HEADER,
        [
            ["THCS-A", "GV1", "Trần Thị Bình", "GV", "", "", ""],
            ["THCS-A", "GV2", "Lê Văn C", "HS", "", "", ""],
            ["KHONG-CO", "GV3", "Phan Thị D", "GV", "", "", ""],
            ["THCS-A", "GV1", "Trùng Mã", "GV", "", "", "sai-thu"],
        ],
    )

    result = registries.staff_import(actor=world.coordinator_a, root=world.school_a, file=upload)

    assert [(e.row_number, e.column) for e in result.errors] == [
        (3, "Nhóm"),
        (4, "Mã đơn vị"),
        (5, "Mã cán bộ"),
        (5, "Thư điện tử"),
    ]
    assert not Staff.objects.exists()


def test_it_reports_staff_rows_for_a_school_outside_the_importers_scope(world):
    upload = xlsx_upload(STAFF_HEADER, [["TH-B", "GV1", "Trần Thị Bình", "GV", "", "", ""]])

    result = registries.staff_import(actor=world.principal_a, root=world.school_a, file=upload)

    assert result.errors[0].message == "Đơn vị mã “TH-B” không thuộc phạm vi của bạn."


def test_the_office_imports_staff_for_several_schools(world):
    upload = xlsx_upload(
        STAFF_HEADER,
        [
            ["THCS-A", "GV1", "Trần Thị Bình", "GV", "", "", ""],
            ["TH-B", "GV1", "Lê Thị Cúc", "GV", "", "", ""],
        ],
    )

    result = registries.staff_import(actor=world.specialist, root=world.office, file=upload)

    assert result.created == 2


def test_it_refuses_a_teacher_importing_staff(world):
    with pytest.raises(PermissionDeniedError):
        registries.staff_import(
            actor=world.teacher_a, root=world.school_a, file=xlsx_upload(STAFF_HEADER, [])
        )


# ---------------------------------------------------------------- student import


def test_it_imports_students_and_updates_the_grade_of_one_already_listed(world):
    StudentFactory(unit=world.school_a, full_name="Phạm Gia Huy", grade=6, class_name="6A1")
    upload = xlsx_upload(
        STUDENT_HEADER, [["THCS-A", "Pham Gia Huy", 7, "6a1"], ["THCS-A", "Võ Anh Thư", 9, "9A3"]]
    )

    result = registries.students_import(actor=world.coordinator_a, root=world.school_a, file=upload)

    assert (result.created, result.updated, result.errors) == (1, 1, [])
    assert Student.objects.get(full_name="Phạm Gia Huy").grade == 7


def test_a_large_student_import_writes_in_batches_and_is_audited_once(world, monkeypatch):
    from auditlog.models import LogEntry

    monkeypatch.setattr(registries, "BATCH", 3)
    rows = [["THCS-A", f"Học Sinh {i}", 6 + i % 4, "6A1"] for i in range(7)]
    seen = []

    result = registries.students_import(
        actor=world.coordinator_a, root=world.school_a, file=xlsx_upload(STUDENT_HEADER, rows), progress=seen.append
    )

    assert (result.created, result.errors) == (7, [])
    assert seen == [3, 6, 7]
    assert Student.objects.get(full_name="Học Sinh 4").name_folded == "hoc sinh 4"
    entry = LogEntry.objects.get(additional_data__access="student_import")
    assert entry.actor == world.coordinator_a and "7 học sinh mới" in entry.additional_data["detail"]


def test_a_student_file_with_three_bad_rows_reports_all_three_and_writes_nothing(world):
    upload = xlsx_upload(
        STUDENT_HEADER,
        [
            ["THCS-A", "Võ Anh Thư", 9, "9A3"],
            ["THCS-A", "Lê Minh", 3, "3A1"],
            ["TH-B", "Ngô Lan", 2, "2A1"],
            ["THCS-A", "", 8, "8A1"],
        ],
    )

    result = registries.students_import(actor=world.principal_a, root=world.school_a, file=upload)

    assert [(e.row_number, e.column) for e in result.errors] == [
        (3, "Khối"),
        (4, "Mã trường"),
        (5, "Họ và tên"),
    ]
    assert "Khối 3 không có ở Trung học cơ sở." in result.errors[0].message
    assert not Student.objects.exists()


def test_a_multi_level_school_accepts_any_grade(world):
    multi = OrgUnitFactory(code="MULTI", level=SchoolLevel.MULTI, parent=world.office)
    upload = xlsx_upload(STUDENT_HEADER, [["MULTI", "Võ Anh Thư", 3, "3A"], ["MULTI", "Lê Minh", 11, "11A"]])

    result = registries.students_import(actor=world.leader, root=multi, file=upload)

    assert result.created == 2


def test_it_reports_the_same_student_twice_in_a_file(world):
    upload = xlsx_upload(
        STUDENT_HEADER, [["THCS-A", "Võ Anh Thư", 9, "9A3"], ["THCS-A", "Vo Anh Thu", 9, "9A3"]]
    )

    result = registries.students_import(actor=world.principal_a, root=world.school_a, file=upload)

    assert [(e.row_number, e.message) for e in result.errors] == [(3, "Trùng với dòng 2.")]


def test_it_refuses_an_observer_importing_students(world):
    with pytest.raises(PermissionDeniedError):
        registries.students_import(
            actor=world.observer, root=world.school_a, file=xlsx_upload(STUDENT_HEADER, [])
        )


# ---------------------------------------------------------------- sheets


def test_the_student_template_asks_for_nothing_but_name_grade_and_class(world):
    rows = read_sheet(registries.students_template().read())

    assert rows[0] == ("Mã trường", "Họ và tên", "Khối", "Lớp")


def test_the_staff_template_reads_back_as_a_valid_file(world):
    from sangtao.core import xlsx

    result = xlsx.read_rows(registries.staff_template(), registries.STAFF_COLUMNS)

    assert result.errors == []
    assert result.rows[0].values["group"] == "GV"
