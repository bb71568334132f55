import datetime

import pytest
from django.urls import reverse

from sangtao.accounts.models import Staff, Student
from sangtao.orgs.models import OrgUnit, UnitHistory
from sangtao.testing.factories import OrgUnitFactory, SchoolYearFactory, StaffFactory, StudentFactory
from sangtao.testing.personas import PERSONAS
from sangtao.testing.xlsx import PNG_BYTES, read_sheet, response_bytes, xlsx_upload

OFFICE = {"admin", "leader", "specialist"}
MANAGERS = {"admin", "leader"}
SCHOOL_A = {"principal_a", "coordinator_a", "teacher_a"}
OUTSIDE_A = {"principal_b", "partner"}


def expected(ok=(), forbidden=(), missing=()):
    """Status per persona: 200 for `ok`, 403 for `forbidden`, 404 for `missing`, login for anonymous."""
    table = {"anonymous": 302}
    table.update({p: 200 for p in ok})
    table.update({p: 403 for p in forbidden})
    table.update({p: 404 for p in missing})
    assert set(table) == set(PERSONAS), set(PERSONAS) - set(table)
    # In the personas' own order: pytest-xdist workers must collect the same list whatever the hash seed.
    return {p: table[p] for p in PERSONAS}


EVERYONE = set(PERSONAS) - {"anonymous"}
READ_A = expected(ok=OFFICE | SCHOOL_A | {"observer"}, missing=OUTSIDE_A)
EDIT_A = expected(ok=OFFICE, forbidden=SCHOOL_A | {"observer"}, missing=OUTSIDE_A)
MANAGE_A = expected(ok=MANAGERS, forbidden={"specialist", "observer"} | SCHOOL_A, missing=OUTSIDE_A)
MANAGE_ANYWHERE = expected(ok=MANAGERS, forbidden=EVERYONE - MANAGERS)
REGISTRY_EDIT_A = expected(
    ok=OFFICE | {"principal_a", "coordinator_a"}, forbidden={"teacher_a", "observer"}, missing=OUTSIDE_A
)
STUDENTS_A = REGISTRY_EDIT_A

MATRIX = {
    "orgs:list": (None, expected(ok=EVERYONE)),
    "orgs:export": (None, expected(ok=EVERYONE)),
    "orgs:tree": (None, expected(ok=EVERYONE)),
    "orgs:ward_options": (None, expected(ok=EVERYONE)),
    "orgs:create": (None, MANAGE_ANYWHERE),
    "orgs:import": (None, MANAGE_ANYWHERE),
    "orgs:import_template": (None, MANAGE_ANYWHERE),
    "orgs:detail": ("school_a", READ_A),
    "orgs:edit": ("school_a", EDIT_A),
    "orgs:move": ("school_a", MANAGE_A),
    "orgs:close": ("school_a", MANAGE_A),
    "orgs:reopen": ("school_a", MANAGE_A),
    "orgs:staff": ("school_a", READ_A),
    "orgs:staff_export": ("school_a", READ_A),
    "orgs:staff_import": ("school_a", REGISTRY_EDIT_A),
    "orgs:staff_template": ("school_a", REGISTRY_EDIT_A),
    "orgs:students": ("school_a", STUDENTS_A),
    "orgs:student_export": ("school_a", STUDENTS_A),
    "orgs:student_import": ("school_a", STUDENTS_A),
    "orgs:student_template": ("school_a", STUDENTS_A),
}
CASES = [
    (name, persona, status) for name, (_unit, table) in MATRIX.items() for persona, status in table.items()
]


@pytest.mark.parametrize(("url_name", "persona", "status"), CASES)
def test_permission_matrix(world, client_for, url_name, persona, status):
    unit_attr = MATRIX[url_name][0]
    args = [getattr(world, unit_attr).pk] if unit_attr else []

    response = client_for(persona).get(reverse(url_name, args=args))

    assert response.status_code == status


@pytest.mark.parametrize("url_name", ["orgs:detail", "orgs:staff", "orgs:students", "orgs:edit"])
def test_the_partner_and_principal_b_get_404_for_school_a_as_for_a_unit_that_does_not_exist(
    world, client_for, url_name
):
    response = client_for("principal_b").get(reverse(url_name, args=[world.school_a.pk]))
    missing = client_for("principal_b").get(reverse(url_name, args=[999999]))

    assert (response.status_code, missing.status_code) == (404, 404)


@pytest.mark.parametrize("url_name", ["orgs:move", "orgs:close", "orgs:edit"])
def test_it_refuses_posts_from_a_principal(world, client_for, url_name):
    response = client_for("principal_a").post(reverse(url_name, args=[world.school_a.pk]), {"name": "X"})

    assert response.status_code == 403


# ---------------------------------------------------------------- list


def test_the_list_shows_the_columns_and_only_the_users_units(world, client_for):
    world.school_b.head_name = "Võ Thị Mai"
    world.school_b.save()

    response = client_for("principal_b").get(reverse("orgs:list"))

    body = response.content.decode()
    assert "Trường Tiểu học Lê Văn Thọ" in body
    assert "Võ Thị Mai" in body
    assert "Nguyễn Ảnh Thủ" not in body


def test_the_list_search_ignores_diacritics(world, client_for):
    response = client_for("leader").get(reverse("orgs:list"), {"q": "truong thcs nguyen anh thu"})

    assert [u.code for u in response.context["page"]] == ["THCS-A"]


def test_the_list_paginates_by_50(world, client_for):
    OrgUnitFactory.create_batch(55, parent=world.office)

    response = client_for("leader").get(reverse("orgs:list"), {"page": 2})

    assert len(response.context["page"].object_list) == 10


@pytest.mark.parametrize("extra", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20_units(
    world, client_for, django_assert_num_queries, extra
):
    OrgUnitFactory.create_batch(extra, parent=world.office)
    client = client_for("leader")

    with django_assert_num_queries(10):
        client.get(reverse("orgs:list"))


def test_the_export_opens_with_openpyxl_and_has_the_header_row(world, client_for):
    SchoolYearFactory()

    response = client_for("leader").get(reverse("orgs:export"), {"level": "THCS"})

    rows = read_sheet(response_bytes(response))
    assert response["Content-Disposition"].startswith("attachment")
    assert rows[0][:4] == ("Mã trường", "Tên trường", "Tên viết tắt", "Cấp học")
    assert [r[0] for r in rows[1:]] == ["THCS-A"]


@pytest.mark.parametrize("extra", [2, 20])
def test_the_export_costs_the_same_queries_for_2_and_20_units(
    world, client_for, django_assert_num_queries, extra
):
    SchoolYearFactory()
    OrgUnitFactory.create_batch(extra, parent=world.office)
    client = client_for("leader")

    with django_assert_num_queries(9):
        response_bytes(client.get(reverse("orgs:export")))


def test_the_export_of_principal_b_leaves_out_school_a(world, client_for):
    response = client_for("principal_b").get(reverse("orgs:export"))

    assert [r[0] for r in read_sheet(response_bytes(response))[1:]] == ["TH-B"]


# ---------------------------------------------------------------- detail, tree


def test_the_detail_shows_headcounts_children_and_history(world, client_for):
    from sangtao.orgs.models import UnitYearStats

    UnitYearStats.objects.create(unit=world.school_a, year=SchoolYearFactory(), students=1234)
    UnitHistory.objects.create(unit=world.school_a, change="renamed", note="Tên cũ: Trường THCS Cũ")

    body = client_for("principal_a").get(reverse("orgs:detail", args=[world.school_a.pk])).content.decode()

    assert "2023-2024" in body
    assert "1.234" in body
    assert "Tên cũ: Trường THCS Cũ" in body
    assert reverse("orgs:staff", args=[world.school_a.pk]) in body
    assert reverse("orgs:students", args=[world.school_a.pk]) in body


def test_the_detail_hides_the_students_link_from_a_teacher(world, client_for):
    body = client_for("teacher_a").get(reverse("orgs:detail", args=[world.school_a.pk])).content.decode()

    assert reverse("orgs:students", args=[world.school_a.pk]) not in body


def test_the_detail_does_not_link_to_units_above_the_scope(world, client_for):
    body = client_for("principal_a").get(reverse("orgs:detail", args=[world.school_a.pk])).content.decode()

    assert reverse("orgs:detail", args=[world.office.pk]) not in body


def test_the_tree_shows_the_observers_whole_tree(world, client_for):
    response = client_for("observer").get(reverse("orgs:tree"))

    body = response.content.decode()
    assert "Phòng Kinh tế" in body
    assert "Trường THCS Nguyễn Ảnh Thủ" in body


def test_the_tree_of_principal_b_has_only_school_b(world, client_for):
    body = client_for("principal_b").get(reverse("orgs:tree")).content.decode()

    assert "Lê Văn Thọ" in body
    assert "Nguyễn Ảnh Thủ" not in body


# ---------------------------------------------------------------- forms


def test_a_leader_creates_a_school_with_a_ward(world, client_for):
    response = client_for("leader").post(
        reverse("orgs:create"),
        {
            "parent": world.office.pk,
            "kind": "school",
            "code": "TH-MOI",
            "name": "Trường Tiểu học Mới",
            "level": "TH",
            "ownership": "public",
            "province_code": "79",
            "ward_code": "26791",
            "sort_order": 0,
        },
    )

    unit = OrgUnit.objects.get(code="TH-MOI")
    assert response.status_code == 302
    assert unit.ward_name == "Phường Đông Hưng Thuận"


def test_the_create_form_keeps_what_was_typed_when_the_ward_is_wrong(world, client_for):
    response = client_for("leader").post(
        reverse("orgs:create"),
        {
            "parent": world.office.pk,
            "kind": "school",
            "code": "TH-MOI",
            "name": "Trường Tiểu học Mới",
            "level": "TH",
            "ownership": "public",
            "province_code": "79",
            "ward_code": "00004",
            "sort_order": 0,
        },
    )

    assert response.status_code == 200
    assert "Trường Tiểu học Mới" in response.content.decode()
    assert response.context["form"].errors["ward_code"]
    assert not OrgUnit.objects.filter(code="TH-MOI").exists()


def test_the_edit_form_offers_the_wards_of_the_units_province(world, client_for):
    world.school_a.province_code = "79"
    world.school_a.save()

    form = client_for("specialist").get(reverse("orgs:edit", args=[world.school_a.pk])).context["form"]

    choices = dict(form.fields["ward_code"].choices)
    assert choices["26791"] == "Phường Đông Hưng Thuận"
    assert len(choices) == 169


def test_the_ward_options_follow_the_province(world, client_for):
    body = client_for("leader").get(reverse("orgs:ward_options"), {"province_code": "79"}).content.decode()

    assert 'value="26791"' in body
    assert "Phường Ba Đình" not in body


def test_a_specialist_edits_a_school(world, client_for):
    response = client_for("specialist").post(
        reverse("orgs:edit", args=[world.school_a.pk]),
        {
            "code": "THCS-A",
            "name": "Trường THCS Nguyễn Ảnh Thủ",
            "level": "THCS",
            "ownership": "public",
            "province_code": "79",
            "ward_code": "26785",
            "head_name": "Lâm Văn Tùng",
            "sort_order": 0,
        },
    )

    world.school_a.refresh_from_db()
    assert response.status_code == 302
    assert (world.school_a.head_name, world.school_a.ward_name) == ("Lâm Văn Tùng", "Phường Trung Mỹ Tây")


def test_a_leader_moves_a_unit(world, client_for):
    response = client_for("leader").post(
        reverse("orgs:move", args=[world.school_b.pk]), {"new_parent": world.team_pt.pk, "note": ""}
    )

    world.school_b.refresh_from_db()
    assert response.status_code == 302
    assert world.school_b.path == f"{world.team_pt.path}{world.school_b.pk}/"


def test_the_move_form_does_not_offer_the_units_own_subtree(world, client_for):
    form = client_for("leader").get(reverse("orgs:move", args=[world.office.pk])).context["form"]

    assert world.team_pt not in form.fields["new_parent"].queryset


def test_a_leader_closes_a_school_on_a_vietnamese_date(world, client_for):
    response = client_for("leader").post(
        reverse("orgs:close", args=[world.school_b.pk]),
        {"closed_on": "01/07/2025", "note": "Sáp nhập vào trường khác"},
    )

    world.school_b.refresh_from_db()
    assert response.status_code == 302
    assert world.school_b.closed_on == datetime.date(2025, 7, 1)


def test_closing_a_unit_with_open_children_is_explained_on_the_form(world, client_for):
    response = client_for("admin").post(
        reverse("orgs:close", args=[world.office.pk]),
        {"closed_on": "01/07/2025", "note": "Giải thể cấp huyện"},
    )

    assert response.status_code == 200
    assert "đơn vị cấp dưới đang hoạt động" in response.content.decode()
    assert "Giải thể cấp huyện" in response.content.decode()


def test_a_leader_reopens_a_closed_school(world, client_for):
    world.school_b.closed_on = datetime.date(2025, 7, 1)
    world.school_b.save()

    client_for("leader").post(reverse("orgs:reopen", args=[world.school_b.pk]), {"note": ""})

    world.school_b.refresh_from_db()
    assert world.school_b.closed_on is None


# ---------------------------------------------------------------- schools import

HEADER = ["Mã trường", "Tên trường", "Cấp học", "Loại hình", "Mã phường/xã", "Số học sinh"]


def good_row(code):
    return [code, f"Trường Mầm non {code}", "MN", "Công lập", "26791", 250]


def test_the_schools_template_has_a_header_an_example_and_notes(world, client_for):
    content = response_bytes(client_for("leader").get(reverse("orgs:import_template")))

    rows = read_sheet(content)
    assert rows[0][0] == "Mã trường"
    assert rows[1][0] == "THCS-NAT"
    assert ("Mã trường", "Có") == read_sheet(content, 1)[1][:2]


def test_a_good_file_creates_schools_and_reports_counts(world, client_for):
    SchoolYearFactory()
    upload = xlsx_upload(HEADER, [good_row("MN-1"), good_row("MN-2")])

    response = client_for("leader").post(
        reverse("orgs:import"), {"parent": world.office.pk, "file": upload}, follow=True
    )

    assert OrgUnit.objects.filter(code__in=["MN-1", "MN-2"], parent=world.office).count() == 2
    assert "2 trường mới, 0 trường cập nhật" in response.content.decode()


def test_a_file_with_three_bad_rows_lists_them_all_and_writes_nothing(world, client_for):
    SchoolYearFactory()
    upload = xlsx_upload(
        HEADER,
        [
            good_row("MN-1"),
            ["MN-2", "", "MN", "Công lập", "26791", 10],
            ["MN-3", "Trường Mầm non 3", "MN", "Công lập", "26791", "nhiều"],
            ["MN-4", "Trường Mầm non 4", "ĐH", "Công lập", "26791", 10],
        ],
    )

    response = client_for("leader").post(reverse("orgs:import"), {"parent": world.office.pk, "file": upload})

    body = response.content.decode()
    errors = response.context["result"].errors
    assert [(e.row_number, e.column) for e in errors] == [
        (3, "Tên trường"),
        (4, "Số học sinh"),
        (5, "Cấp học"),
    ]
    assert "Bắt buộc nhập." in body
    assert "“nhiều” không phải là số nguyên." in body
    assert not OrgUnit.objects.filter(code__startswith="MN-").exists()


def test_a_renamed_png_is_rejected_by_its_content(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("truong.xlsx", PNG_BYTES, content_type="application/vnd.ms-excel")

    response = client_for("leader").post(reverse("orgs:import"), {"parent": world.office.pk, "file": upload})

    assert response.status_code == 200
    assert "không đúng với đuôi .xlsx" in response.context["form"].errors["file"][0]


def test_a_file_over_the_size_limit_is_rejected(world, client_for, settings):
    settings.SANGTAO_MAX_UPLOAD_BYTES = 1024
    upload = xlsx_upload(HEADER, [good_row(f"MN-{i}") for i in range(50)])

    response = client_for("leader").post(reverse("orgs:import"), {"parent": world.office.pk, "file": upload})

    assert "quá lớn" in response.context["form"].errors["file"][0]
    assert not OrgUnit.objects.filter(code__startswith="MN-").exists()


def test_a_file_that_is_not_xlsx_by_name_is_rejected(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("truong.csv", b"ma,ten\n1,2\n")

    response = client_for("leader").post(reverse("orgs:import"), {"parent": world.office.pk, "file": upload})

    assert "Không nhận tệp .csv" in response.context["form"].errors["file"][0]


def test_the_import_cannot_put_schools_under_a_unit_outside_the_scope(world, client_for):
    upload = xlsx_upload(HEADER, [good_row("MN-1")])

    response = client_for("leader").post(reverse("orgs:import"), {"parent": world.ubnd.pk, "file": upload})

    assert "parent" in response.context["form"].errors
    assert not OrgUnit.objects.filter(code="MN-1").exists()


# ---------------------------------------------------------------- staff and students

STAFF_HEADER = ["Mã đơn vị", "Mã cán bộ", "Họ và tên", "Nhóm"]
STUDENT_HEADER = ["Mã trường", "Họ và tên", "Khối", "Lớp"]


def test_the_staff_list_of_principal_b_never_shows_school_a(world, client_for):
    StaffFactory(unit=world.school_a, full_name="Người Trường A")
    StaffFactory(unit=world.school_b, full_name="Người Trường B")

    body = client_for("principal_b").get(reverse("orgs:staff", args=[world.school_b.pk])).content.decode()

    assert "Người Trường B" in body
    assert "Người Trường A" not in body


def test_the_office_staff_list_covers_the_schools_below(world, client_for):
    StaffFactory(unit=world.school_a, full_name="Người Trường A")
    StaffFactory(unit=world.school_b, full_name="Người Trường B")

    response = client_for("specialist").get(reverse("orgs:staff", args=[world.office.pk]))

    assert sorted(s.full_name for s in response.context["page"]) == ["Người Trường A", "Người Trường B"]


def test_the_staff_search_ignores_diacritics(world, client_for):
    StaffFactory(unit=world.school_a, full_name="Đặng Thị Ngọc Ánh")
    StaffFactory(unit=world.school_a, full_name="Lê Văn Bình")

    response = client_for("principal_a").get(
        reverse("orgs:staff", args=[world.school_a.pk]), {"q": "dang thi ngoc"}
    )

    assert [s.full_name for s in response.context["page"]] == ["Đặng Thị Ngọc Ánh"]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_staff_list_costs_the_same_queries_for_2_and_20(
    world, client_for, django_assert_num_queries, rows
):
    StaffFactory.create_batch(rows, unit=world.school_a)
    client = client_for("principal_a")

    with django_assert_num_queries(10):
        client.get(reverse("orgs:staff", args=[world.school_a.pk]))


@pytest.mark.parametrize("rows", [2, 20])
def test_the_student_list_costs_the_same_queries_for_2_and_20(
    world, client_for, django_assert_num_queries, rows
):
    StudentFactory.create_batch(rows, unit=world.school_a)
    client = client_for("coordinator_a")

    # 10 for the page, 1 for the access-log row (who read the student list).
    with django_assert_num_queries(11):
        client.get(reverse("orgs:students", args=[world.school_a.pk]))


def test_the_student_search_ignores_diacritics(world, client_for):
    StudentFactory(unit=world.school_a, full_name="Nguyễn Hoàng Phúc")
    StudentFactory(unit=world.school_a, full_name="Trần Minh Khôi")

    response = client_for("principal_a").get(
        reverse("orgs:students", args=[world.school_a.pk]), {"q": "hoang phuc"}
    )

    assert [s.full_name for s in response.context["page"]] == ["Nguyễn Hoàng Phúc"]


def test_the_student_export_has_only_name_grade_and_class(world, client_for):
    StudentFactory(unit=world.school_a, full_name="Nguyễn Hoàng Phúc", grade=7, class_name="7A2")

    content = response_bytes(
        client_for("principal_a").get(reverse("orgs:student_export", args=[world.school_a.pk]))
    )

    assert read_sheet(content) == [
        ("Mã trường", "Họ và tên", "Khối", "Lớp"),
        ("THCS-A", "Nguyễn Hoàng Phúc", 7, "7A2"),
    ]


def test_the_staff_export_opens_and_has_the_header_row(world, client_for):
    StaffFactory(unit=world.school_a, code="GV9", full_name="Lê Văn Bình")

    content = response_bytes(
        client_for("coordinator_a").get(reverse("orgs:staff_export", args=[world.school_a.pk]))
    )

    rows = read_sheet(content)
    assert rows[0][:4] == ("Mã đơn vị", "Mã cán bộ", "Họ và tên", "Nhóm")
    assert rows[1][:3] == ("THCS-A", "GV9", "Lê Văn Bình")


def test_a_coordinator_imports_staff(world, client_for):
    upload = xlsx_upload(
        STAFF_HEADER, [["THCS-A", "GV1", "Trần Thị Bình", "GV"], ["THCS-A", "NV1", "Lý Văn Tư", "NV"]]
    )

    response = client_for("coordinator_a").post(
        reverse("orgs:staff_import", args=[world.school_a.pk]), {"file": upload}, follow=True
    )

    assert Staff.objects.filter(unit=world.school_a).count() == 2
    assert "2 người mới, 0 người cập nhật" in response.content.decode()


def test_principal_b_cannot_import_staff_into_school_a(world, client_for):
    upload = xlsx_upload(
        STAFF_HEADER, [["TH-B", "GV1", "Trần Thị Bình", "GV"], ["THCS-A", "GV2", "Lê An", "GV"]]
    )

    response = client_for("principal_b").post(
        reverse("orgs:staff_import", args=[world.school_b.pk]), {"file": upload}
    )

    errors = response.context["result"].errors
    assert [(e.row_number, e.column) for e in errors] == [(3, "Mã đơn vị")]
    assert not Staff.objects.exists()


def test_a_principal_imports_students(world, client_for):
    upload = xlsx_upload(STUDENT_HEADER, [["THCS-A", "Phạm Gia Huy", 6, "6A1"]])

    client_for("principal_a").post(reverse("orgs:student_import", args=[world.school_a.pk]), {"file": upload})

    assert Student.objects.get().class_name == "6A1"


def test_a_renamed_png_is_rejected_on_the_student_import(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("hoc-sinh.xlsx", PNG_BYTES)

    response = client_for("principal_a").post(
        reverse("orgs:student_import", args=[world.school_a.pk]), {"file": upload}
    )

    assert response.context["form"].errors["file"]
    assert not Student.objects.exists()
