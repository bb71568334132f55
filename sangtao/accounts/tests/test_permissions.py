import pytest

from sangtao.accounts.models import Role
from sangtao.accounts.permissions import can_read_audit, can_reset_password
from sangtao.orgs.models import UnitKind
from sangtao.testing.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_lets_the_top_authoritys_admin_read_the_audit_log(world):
    assert can_read_audit(world.admin) is True


@pytest.mark.parametrize(
    "persona", ["leader", "specialist", "principal_a", "teacher_a", "partner", "observer"]
)
def test_it_keeps_the_audit_log_from_non_admins(world, persona):
    assert can_read_audit(world.persona(persona)) is False


def test_it_keeps_the_audit_log_from_the_admin_of_a_lower_authority(world):
    ward_office = OrgUnitFactory(kind=UnitKind.AUTHORITY, level="", parent=world.office)
    ward_admin = RoleAssignmentFactory(role=Role.ADMIN, unit=ward_office).user

    assert can_read_audit(ward_admin) is False


def test_it_keeps_the_audit_log_from_a_school_admin(world):
    school_admin = RoleAssignmentFactory(role=Role.ADMIN, unit=world.school_a).user

    assert can_read_audit(school_admin) is False


def test_it_lets_a_superuser_read_the_audit_log(world):
    assert can_read_audit(UserFactory(is_superuser=True)) is True


@pytest.mark.parametrize(
    "persona", ["leader", "specialist", "principal_a", "coordinator_a", "teacher_a", "principal_b"]
)
def test_it_lets_the_admin_reset_passwords_within_the_office(world, persona):
    assert can_reset_password(world.admin, world.persona(persona)) is True


@pytest.mark.parametrize("persona", ["partner", "observer"])
def test_it_refuses_the_admin_a_reset_outside_the_office(world, persona):
    assert can_reset_password(world.admin, world.persona(persona)) is False


def test_it_refuses_a_school_admin_a_reset_of_an_office_account_homed_in_the_school(world):
    school_admin = RoleAssignmentFactory(role=Role.ADMIN, unit=world.school_a).user
    office_user = UserFactory(unit=world.school_a)
    RoleAssignmentFactory(user=office_user, role=Role.SPECIALIST, unit=world.office)

    assert can_reset_password(school_admin, office_user) is False
    assert can_reset_password(school_admin, world.teacher_a) is True


def test_it_refuses_a_reset_of_ones_own_password(world):
    assert can_reset_password(world.admin, world.admin) is False


def test_it_refuses_a_reset_of_a_superuser_by_an_admin(world):
    assert can_reset_password(world.admin, UserFactory(is_superuser=True, unit=world.school_a)) is False


def test_it_refuses_a_reset_of_a_user_with_no_unit(world):
    assert can_reset_password(world.admin, UserFactory(unit=None)) is False


@pytest.mark.parametrize("persona", ["leader", "principal_a", "teacher_a"])
def test_it_refuses_resets_to_non_admins(world, persona):
    assert can_reset_password(world.persona(persona), world.coordinator_a) is False
