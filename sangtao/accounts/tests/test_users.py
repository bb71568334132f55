"""The users pages and services: administrators manage accounts and roles within their units."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from sangtao.accounts import services
from sangtao.accounts.models import Notification, Role, RoleAssignment, User
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.orgs.models import UnitKind
from sangtao.testing.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
NEW_PASSWORD = "Cay-phuong-vi-2024"


def _urls(world) -> dict[str, tuple[str, str]]:
    """Every page of the feature as (method, url), aimed at teacher_a of school A."""
    teacher = world.teacher_a
    assignment = teacher.role_assignments.get()
    return {
        "list": ("get", reverse("accounts:users")),
        "export": ("get", reverse("accounts:user_export")),
        "create_form": ("get", reverse("accounts:user_create")),
        "create": ("post", reverse("accounts:user_create")),
        "detail": ("get", reverse("accounts:user_detail", args=[teacher.pk])),
        "edit": ("post", reverse("accounts:user_detail", args=[teacher.pk])),
        "role_add": ("post", reverse("accounts:user_role_add", args=[teacher.pk])),
        "role_remove": ("post", reverse("accounts:user_role_remove", args=[teacher.pk, assignment.pk])),
        "deactivate": ("post", reverse("accounts:user_deactivate", args=[teacher.pk])),
    }


def _request(client, world, name):
    method, url = _urls(world)[name]
    return getattr(client, method)(url)


def _verified_client(user) -> Client:
    """A signed-in client past the second factor, for administrators other than the `admin` persona."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _school_admin(world) -> User:
    """An administrator of school A only."""
    user = UserFactory(username="admin_a", unit=world.school_a)
    RoleAssignmentFactory(user=user, role=Role.ADMIN, unit=world.school_a)
    return user


def _other_authority():
    """An education office outside the world's tree (another ward's office)."""
    office = OrgUnitFactory(kind=UnitKind.AUTHORITY, name="Phòng GD&ĐT Quận Gò Vấp", code="PGD-GV", level="")
    school = OrgUnitFactory(name="Trường THCS Gò Vấp", code="THCS-GV", parent=office)
    return office, school


def _create_data(world, **overrides) -> dict:
    data = {
        "username": "nguyen.an",
        "full_name": "Nguyễn Văn An",
        "email": "an.nguyen@example.edu.vn",
        "phone": "0909 123 456",
        "unit": world.school_a.pk,
        "is_active": "on",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def _edit_data(user, **overrides) -> dict:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "unit": user.unit_id,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def _actions(user) -> list[str]:
    return list(events_for(user).values_list("action", flat=True))


# Who may open what


@pytest.mark.parametrize("name", ["list", "export", "create_form", "detail"])
def test_it_lets_the_admin_open_every_users_page(client_for, world, name):
    response = _request(client_for("admin"), world, name)

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["list", "export", "detail"])
def test_it_lets_the_leader_read(client_for, world, name):
    response = _request(client_for("leader"), world, name)

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["create_form", "create", "edit", "role_add", "role_remove", "deactivate"])
def test_it_forbids_the_leader_every_change(client_for, world, name):
    response = _request(client_for("leader"), world, name)

    assert response.status_code == 403
    assert RoleAssignment.objects.filter(user=world.teacher_a).count() == 1
    assert User.objects.get(pk=world.teacher_a.pk).is_active


@pytest.mark.parametrize(
    "persona", ["specialist", "principal_a", "coordinator_a", "teacher_a", "partner", "observer"]
)
@pytest.mark.parametrize(
    "name",
    ["list", "export", "create_form", "create", "detail", "edit", "role_add", "role_remove", "deactivate"],
)
def test_it_forbids_the_users_pages_to_everyone_else(client_for, world, persona, name):
    response = _request(client_for(persona), world, name)

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name",
    ["list", "export", "create_form", "create", "detail", "edit", "role_add", "role_remove", "deactivate"],
)
def test_it_sends_anonymous_visitors_to_login(client_for, world, name):
    response = _request(client_for("anonymous"), world, name)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_it_asks_an_admin_for_the_second_factor_first(world):
    client = Client()
    client.force_login(world.admin)

    response = client.get(reverse("accounts:users"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp"))


def test_it_answers_404_for_a_user_outside_the_admins_units(client_for, world):
    response = client_for("admin").get(reverse("accounts:user_detail", args=[world.partner.pk]))

    assert response.status_code == 404


def test_it_shows_the_leader_no_forms(client_for, world):
    response = client_for("leader").get(reverse("accounts:user_detail", args=[world.teacher_a.pk]))

    assertContains(response, world.teacher_a.username)
    assertNotContains(response, reverse("accounts:user_role_add", args=[world.teacher_a.pk]))
    assertNotContains(response, reverse("accounts:user_deactivate", args=[world.teacher_a.pk]))


def test_it_links_the_users_page_in_the_menu_for_admins(client_for):
    response = client_for("admin").get(reverse("accounts:profile"))

    assertContains(response, f'href="{reverse("accounts:users")}"')


def test_it_hides_the_menu_link_from_teachers(client_for):
    response = client_for("teacher_a").get(reverse("accounts:profile"))

    assertNotContains(response, f'href="{reverse("accounts:users")}"')


# The list


def test_it_lists_the_people_of_the_admins_units_only(client_for, world):
    response = client_for("admin").get(reverse("accounts:users"))

    listed = {user.username for user in response.context["page"]}
    assert {"admin", "leader", "specialist", "principal_a", "teacher_a", "principal_b"} <= listed
    assert {"partner", "observer"}.isdisjoint(listed)


def test_it_lists_someone_from_elsewhere_who_holds_a_role_here(client_for, world):
    judge = UserFactory(username="giam_khao", unit=world.partner_unit)
    RoleAssignmentFactory(user=judge, role=Role.JUDGE, unit=world.school_b)

    response = client_for("leader").get(reverse("accounts:users"))

    assert judge in list(response.context["page"])


def test_it_finds_a_name_typed_without_diacritics(client_for, world):
    UserFactory(username="tuyet", full_name="Trần Thị Ánh Tuyết", unit=world.school_a)

    response = client_for("admin").get(reverse("accounts:users"), {"q": "anh tuyet"})

    assert [user.username for user in response.context["page"]] == ["tuyet"]


def test_it_finds_a_user_by_e_mail(client_for, world):
    UserFactory(username="hoa", email="hoa.le@truong-a.edu.vn", unit=world.school_a)

    response = client_for("admin").get(reverse("accounts:users"), {"q": "hoa.le@truong"})

    assert [user.username for user in response.context["page"]] == ["hoa"]


def test_it_filters_by_unit(client_for, world):
    response = client_for("admin").get(reverse("accounts:users"), {"unit": world.school_b.pk})

    assert [user.username for user in response.context["page"]] == ["principal_b"]


def test_it_filters_by_role(client_for, world):
    response = client_for("admin").get(reverse("accounts:users"), {"role": Role.PRINCIPAL})

    assert {user.username for user in response.context["page"]} == {"principal_a", "principal_b"}


def test_it_filters_inactive_accounts(client_for, world):
    UserFactory(username="da_nghi", unit=world.school_a, is_active=False)

    response = client_for("admin").get(reverse("accounts:users"), {"active": "0"})

    assert [user.username for user in response.context["page"]] == ["da_nghi"]


def test_it_refuses_a_unit_filter_outside_the_scope(client_for, world):
    response = client_for("admin").get(reverse("accounts:users"), {"unit": world.partner_unit.pk})

    assertContains(response, "không có trong danh sách")
    assert "partner" not in {user.username for user in response.context["page"]}


@pytest.mark.parametrize("rows", [2, 20])
def test_it_lists_users_in_a_constant_number_of_queries(client_for, world, rows, django_assert_num_queries):
    for user in UserFactory.create_batch(rows, unit=world.school_b):
        RoleAssignmentFactory(user=user, role=Role.TEACHER, unit=world.school_b)
    client = client_for("admin")

    with django_assert_num_queries(12):
        response = client.get(reverse("accounts:users"))

    assert len(response.context["page"]) >= rows


def test_it_exports_the_list_to_excel(client_for, world):
    response = client_for("admin").get(reverse("accounts:user_export"), {"unit": world.school_a.pk})

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Tên đăng nhập", "Họ và tên")
    by_username = {row[0]: row for row in rows[1:]}
    assert set(by_username) == {"principal_a", "coordinator_a", "teacher_a"}
    assert "Giáo viên — Trường THCS Nguyễn Ảnh Thủ" in by_username["teacher_a"][5]
    assert response["Content-Disposition"].startswith('attachment; filename="nguoi-dung.xlsx"')


# Creating and editing accounts


def test_it_creates_a_user_with_a_temporary_password(client_for, world):
    response = client_for("admin").post(reverse("accounts:user_create"), _create_data(world))

    user = User.objects.get(username="nguyen.an")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.unit == world.school_a
    assert user.check_password(NEW_PASSWORD)
    assert user.must_change_password is True
    assert _actions(user) == ["create"]


def test_it_keeps_what_was_typed_when_the_password_is_weak(client_for, world):
    data = _create_data(world, password1="123456789012", password2="123456789012")

    response = client_for("admin").post(reverse("accounts:user_create"), data)

    assert response.status_code == 200
    assertContains(response, "hoàn toàn là số")
    assertContains(response, 'value="nguyen.an"')
    assertContains(response, 'value="Nguyễn Văn An"')
    assertContains(response, 'value="an.nguyen@example.edu.vn"')
    assert not User.objects.filter(username="nguyen.an").exists()


def test_it_refuses_a_password_that_resembles_the_name(client_for, world):
    data = _create_data(world, username="phuongvi2024", password1="phuongvi2024", password2="phuongvi2024")

    response = client_for("admin").post(reverse("accounts:user_create"), data)

    assertContains(response, "quá giống")
    assert not User.objects.filter(username="phuongvi2024").exists()


def test_it_refuses_a_username_that_differs_only_in_case(client_for, world):
    response = client_for("admin").post(
        reverse("accounts:user_create"), _create_data(world, username="Teacher_A")
    )

    assertContains(response, "đã có người dùng")
    assertContains(response, 'value="Teacher_A"')
    assert not User.objects.filter(username="Teacher_A").exists()


def test_it_refuses_a_home_unit_outside_the_admins_units(client_for, world):
    _office, school = _other_authority()

    response = client_for("admin").post(reverse("accounts:user_create"), _create_data(world, unit=school.pk))

    assertContains(response, "không có trong danh sách")
    assert not User.objects.filter(username="nguyen.an").exists()


def test_it_edits_a_user(client_for, world):
    teacher = world.teacher_a
    data = _edit_data(teacher, full_name="Lê Thị Hồng", unit=world.school_b.pk)

    response = client_for("admin").post(reverse("accounts:user_detail", args=[teacher.pk]), data)

    teacher.refresh_from_db()
    assert response.status_code == 302
    assert teacher.full_name == "Lê Thị Hồng"
    assert teacher.unit == world.school_b
    assert teacher.name_folded.startswith("le thi hong")
    assert _actions(teacher) == ["update"]


def test_it_keeps_what_was_typed_when_an_edit_is_wrong(client_for, world):
    teacher = world.teacher_a
    data = _edit_data(teacher, full_name="Lê Thị Hồng", email="khong-phai-dia-chi")

    response = client_for("admin").post(reverse("accounts:user_detail", args=[teacher.pk]), data)

    assert response.status_code == 200
    assertContains(response, 'value="Lê Thị Hồng"')
    assertContains(response, 'value="khong-phai-dia-chi"')
    teacher.refresh_from_db()
    assert teacher.full_name != "Lê Thị Hồng"


def test_it_deactivates_through_the_active_flag(client_for, world):
    teacher = world.teacher_a
    data = _edit_data(teacher)
    del data["is_active"]

    client_for("admin").post(reverse("accounts:user_detail", args=[teacher.pk]), data)

    teacher.refresh_from_db()
    assert teacher.is_active is False
    assert _actions(teacher) == ["deactivate"]


def test_it_deactivates_instead_of_deleting(client_for, world):
    teacher = world.teacher_a

    response = client_for("admin").post(
        reverse("accounts:user_deactivate", args=[teacher.pk]), {"reason": "Chuyển công tác"}
    )

    teacher.refresh_from_db()
    assert response.status_code == 302
    assert teacher.is_active is False
    event = events_for(teacher).get()
    assert (event.action, event.from_status, event.to_status, event.reason) == (
        "deactivate",
        "active",
        "inactive",
        "Chuyển công tác",
    )


def test_a_deactivated_user_cannot_sign_in(client_for, world):
    client_for("admin").post(reverse("accounts:user_deactivate", args=[world.teacher_a.pk]))

    response = Client().post(LOGIN, {"username": "teacher_a", "password": "Mat-khau-dai-12345"})

    assert response.status_code == 200
    assertContains(response, "không đúng")


def test_it_refuses_to_let_an_admin_deactivate_themselves(client_for, world):
    client = client_for("admin")

    response = client.post(reverse("accounts:user_deactivate", args=[world.admin.pk]), follow=True)

    assertContains(response, "không thể tự vô hiệu hóa")
    assert User.objects.get(pk=world.admin.pk).is_active


def test_it_links_the_password_reset_and_the_audit_log(client_for, world):
    response = client_for("admin").get(reverse("accounts:user_detail", args=[world.teacher_a.pk]))

    assertContains(response, reverse("accounts:user_password_reset", args=[world.teacher_a.pk]))
    assertContains(response, f"{reverse('accounts:audit')}?q=")


# Roles


def test_it_grants_a_role_and_tells_the_user(client_for, world):
    teacher = world.teacher_a
    data = {"role-role": Role.COORDINATOR, "role-unit": world.school_b.pk}

    response = client_for("admin").post(reverse("accounts:user_role_add", args=[teacher.pk]), data)

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=teacher, role=Role.COORDINATOR, unit=world.school_b).exists()
    event = events_for(teacher).get()
    assert event.action == "role_grant"
    assert "Cán bộ phụ trách" in event.reason
    assert world.school_b.name in event.reason
    assert Notification.objects.filter(user=teacher, title__contains="Cán bộ phụ trách").exists()


def test_it_grants_a_specialist_role_with_a_team(client_for, world):
    teacher = world.teacher_a
    data = {"role-role": Role.SPECIALIST, "role-unit": world.office.pk, "role-team": world.team_mn.pk}

    client_for("admin").post(reverse("accounts:user_role_add", args=[teacher.pk]), data)

    assignment = RoleAssignment.objects.get(user=teacher, role=Role.SPECIALIST)
    assert assignment.team == world.team_mn


def test_it_asks_a_specialist_for_a_team_and_keeps_the_choice(client_for, world):
    data = {"role-role": Role.SPECIALIST, "role-unit": world.office.pk}

    response = client_for("admin").post(reverse("accounts:user_role_add", args=[world.teacher_a.pk]), data)

    assert response.status_code == 200
    assertContains(response, "Chuyên viên phải thuộc một tổ / bộ phận")
    assertContains(response, f'<option value="{Role.SPECIALIST}" selected>')
    assert not RoleAssignment.objects.filter(user=world.teacher_a, role=Role.SPECIALIST).exists()


def test_it_refuses_a_duplicate_role(client_for, world):
    data = {"role-role": Role.TEACHER, "role-unit": world.school_a.pk}

    response = client_for("admin").post(reverse("accounts:user_role_add", args=[world.teacher_a.pk]), data)

    assertContains(response, "đã có vai trò")
    assert RoleAssignment.objects.filter(user=world.teacher_a).count() == 1


def test_it_refuses_a_role_on_a_unit_outside_the_admins_scope(client_for, world):
    _office, school = _other_authority()
    data = {"role-role": Role.PRINCIPAL, "role-unit": school.pk}

    response = client_for("admin").post(reverse("accounts:user_role_add", args=[world.teacher_a.pk]), data)

    assert response.status_code == 200
    assertContains(response, "không có trong danh sách")
    assert not RoleAssignment.objects.filter(unit=school).exists()


def test_the_service_refuses_a_role_on_another_authority(world):
    office, school = _other_authority()

    with pytest.raises(PermissionDeniedError, match="ngoài phạm vi"):
        services.role_grant(actor=world.admin, user=world.teacher_a, role=Role.PRINCIPAL, unit=school)

    assert not RoleAssignment.objects.filter(unit__in=[office, school]).exists()


def test_the_admin_cannot_make_anyone_admin_above_their_unit(world):
    with pytest.raises(PermissionDeniedError, match="quản trị"):
        services.role_grant(actor=world.admin, user=world.leader, role=Role.ADMIN, unit=world.ubnd)

    assert not RoleAssignment.objects.filter(unit=world.ubnd, role=Role.ADMIN).exists()


def test_a_school_admin_cannot_grant_an_office_role(world):
    school_admin = _school_admin(world)

    with pytest.raises(PermissionDeniedError):
        services.role_grant(actor=school_admin, user=world.teacher_a, role=Role.ADMIN, unit=world.office)

    assert not RoleAssignment.objects.filter(user=world.teacher_a, role=Role.ADMIN).exists()


def test_a_school_admin_cannot_take_over_an_office_account_in_the_school(world):
    # A teacher of school A who also works for the office: the school's admin sees them but cannot change them.
    RoleAssignmentFactory(user=world.teacher_a, role=Role.SPECIALIST, unit=world.office, team=world.team_pt)
    client = _verified_client(_school_admin(world))

    page = client.get(reverse("accounts:user_detail", args=[world.teacher_a.pk]))
    edit = client.post(
        reverse("accounts:user_detail", args=[world.teacher_a.pk]),
        _edit_data(world.teacher_a, email="ke-gian@example.com"),
    )

    assert page.status_code == 200
    assert edit.status_code == 403
    assert User.objects.get(pk=world.teacher_a.pk).email != "ke-gian@example.com"


def test_a_school_admin_cannot_see_the_office_admin(world):
    client = _verified_client(_school_admin(world))

    response = client.get(reverse("accounts:user_detail", args=[world.admin.pk]))

    assert response.status_code == 404


def test_a_school_admin_can_grant_a_role_in_the_school(world):
    school_admin = _school_admin(world)
    newcomer = UserFactory(unit=world.school_a)

    assignment = services.role_grant(
        actor=school_admin, user=newcomer, role=Role.COORDINATOR, unit=world.school_a
    )

    assert assignment.unit == world.school_a


def test_the_service_refuses_a_grant_to_a_deactivated_account(world):
    services.user_deactivate(actor=world.admin, user=world.teacher_a)

    with pytest.raises(ConflictError):
        services.role_grant(
            actor=world.admin, user=world.teacher_a, role=Role.COORDINATOR, unit=world.school_a
        )


def test_the_service_refuses_changes_by_a_leader(world):
    with pytest.raises(PermissionDeniedError):
        services.role_grant(
            actor=world.leader, user=world.teacher_a, role=Role.COORDINATOR, unit=world.school_a
        )
    with pytest.raises(PermissionDeniedError):
        services.user_update(actor=world.leader, user=world.teacher_a, full_name="Ai đó")
    with pytest.raises(PermissionDeniedError):
        services.user_deactivate(actor=world.leader, user=world.teacher_a)


def test_the_service_refuses_a_home_unit_outside_the_scope(world):
    _office, school = _other_authority()

    with pytest.raises(PermissionDeniedError):
        services.user_update(actor=world.admin, user=world.teacher_a, unit=school)

    assert User.objects.get(pk=world.teacher_a.pk).unit == world.school_a


def test_it_revokes_a_role(client_for, world):
    teacher = world.teacher_a
    assignment = teacher.role_assignments.get()

    response = client_for("admin").post(
        reverse("accounts:user_role_remove", args=[teacher.pk, assignment.pk])
    )

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = events_for(teacher).get()
    assert event.action == "role_revoke"
    assert "Giáo viên" in event.reason
    assert world.school_a.name in event.reason


def test_it_answers_404_for_a_role_of_someone_else(client_for, world):
    other = world.principal_b.role_assignments.get()

    response = client_for("admin").post(
        reverse("accounts:user_role_remove", args=[world.teacher_a.pk, other.pk])
    )

    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()


def test_an_admin_cannot_remove_their_own_last_admin_role(client_for, world):
    assignment = world.admin.role_assignments.get()

    response = client_for("admin").post(
        reverse("accounts:user_role_remove", args=[world.admin.pk, assignment.pk]), follow=True
    )

    assertContains(response, "vai trò quản trị cuối cùng")
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_admin_may_remove_one_of_two_admin_roles(world):
    office_role = world.admin.role_assignments.get()
    RoleAssignmentFactory(user=world.admin, role=Role.ADMIN, unit=world.school_a)

    services.role_revoke(actor=world.admin, assignment=office_role)

    assert list(world.admin.role_assignments.values_list("unit", flat=True)) == [world.school_a.pk]


def test_an_admin_may_remove_another_admins_role(world):
    other_admin = UserFactory(unit=world.office)
    assignment = RoleAssignmentFactory(user=other_admin, role=Role.ADMIN, unit=world.office)

    services.role_revoke(actor=world.admin, assignment=assignment)

    assert not other_admin.role_assignments.exists()


def test_the_service_checks_the_temporary_password(world):
    with pytest.raises(ApplicationError):
        services.user_create(
            actor=world.admin, username="moi", full_name="Người Mới", unit=world.school_a, password="12345"
        )

    assert not User.objects.filter(username="moi").exists()


def test_it_folds_the_names_of_accounts_created_in_bulk(client_for, world):
    User.objects.bulk_create([User(username="dang_my", full_name="Đặng Thị Mỹ", unit=world.school_a)])

    response = client_for("admin").get(reverse("accounts:users"), {"q": "dang thi my"})

    assert [user.username for user in response.context["page"]] == ["dang_my"]
