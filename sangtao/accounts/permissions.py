"""Who may see and do what. A role applies to its unit and everything below it (BRIEF §2).

Every selector scopes its queryset with `scope_q`; every action asks one of the `can_*` helpers.
"""

from django.db.models import Q

from sangtao.orgs.models import OrgUnit, UnitKind

from .models import OFFICE_ROLES, Role, User


def covers(scope: OrgUnit, unit: OrgUnit) -> bool:
    return bool(scope.path) and unit.path.startswith(scope.path)


def role_units(user: User, *roles) -> list[OrgUnit]:
    if not user.is_authenticated:
        return []
    return [ra.unit for ra in user.roles if not roles or ra.role in roles]


def holds(user: User, unit: OrgUnit, *roles) -> bool:
    """The user holds one of `roles` on `unit` or on a unit above it."""
    return any(covers(scope, unit) for scope in role_units(user, *roles))


def scope_q(user: User, field: str = "unit", *roles) -> Q:
    """A filter keeping rows whose `field` (an OrgUnit FK) lies within the user's units."""
    units = role_units(user, *roles)
    if not units:
        return Q(pk__in=[])
    q = Q()
    for unit in units:
        q |= Q(**{f"{field}__path__startswith": unit.path})
    return q


def scope_units(user: User, *roles):
    return OrgUnit.objects.within(role_units(user, *roles))


def is_office(user: User) -> bool:
    return user.is_authenticated and user.has_role(*OFFICE_ROLES)


def is_admin(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN))


def can_read_unit(user: User, unit: OrgUnit) -> bool:
    return holds(user, unit)


def can_review(user: User, unit: OrgUnit) -> bool:
    """Office staff approve or return what a unit below them submits."""
    return holds(user, unit, Role.ADMIN, Role.LEADER, Role.SPECIALIST)


def can_edit_for_unit(user: User, unit: OrgUnit) -> bool:
    """The school's coordinator and head enter the school's data."""
    return holds(user, unit, Role.PRINCIPAL, Role.COORDINATOR)


def can_submit_for_unit(user: User, unit: OrgUnit) -> bool:
    """Only the unit head submits: the plan makes the head accountable (seed III.2)."""
    return holds(user, unit, Role.PRINCIPAL)


def can_manage_plans(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN, Role.LEADER, Role.SPECIALIST)


def can_read_audit(user: User) -> bool:
    """The audit trail spans every app, so only administrators of the top authority read it.

    Scoping log rows to a unit would need every logged object to know its unit; until then an
    administrator of a lower authority (a ward's office under a city department) does not see it.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Asked by the view and again by the selector: remember the answer for this request's user object.
    if not hasattr(user, "_can_read_audit"):
        user._can_read_audit = any(
            unit.kind == UnitKind.AUTHORITY and not unit.ancestors().filter(kind=UnitKind.AUTHORITY).exists()
            for unit in role_units(user, Role.ADMIN)
        )
    return user._can_read_audit


def can_reset_password(actor: User, user: User) -> bool:
    """An administrator resets the password of someone whose unit and every role lie within their units.

    Checking the roles as well as the home unit keeps a school's administrator from taking over an
    office account that merely sits in the school's subtree.
    """
    if not actor.is_authenticated or actor.pk == user.pk:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser or not is_admin(actor):
        return False
    units = [ra.unit for ra in user.roles]
    if user.unit is not None:
        units.append(user.unit)
    return bool(units) and all(holds(actor, unit, Role.ADMIN) for unit in units)


# Organisation units and the people registries (orgs pages).

UNIT_MANAGERS = (Role.ADMIN, Role.LEADER)
# A minor's record is seen by the office and by the school's own head and coordinator, nobody else.
STUDENT_READERS = (Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.PRINCIPAL, Role.COORDINATOR)
REGISTRY_EDITORS = (Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.PRINCIPAL, Role.COORDINATOR)


def can_manage_units(user: User, unit: OrgUnit) -> bool:
    """Create units under `unit`, move or close it: administrators and the office's leaders."""
    return user.is_authenticated and (user.is_superuser or holds(user, unit, *UNIT_MANAGERS))


def can_edit_unit(user: User, unit: OrgUnit) -> bool:
    """Correct a unit's details (name, ward, head, contact, headcounts): the office's staff."""
    return user.is_authenticated and (user.is_superuser or can_review(user, unit))


def can_see_staff(user: User, unit: OrgUnit) -> bool:
    return can_read_unit(user, unit)


def can_see_students(user: User, unit: OrgUnit) -> bool:
    return holds(user, unit, *STUDENT_READERS)


def can_edit_registry(user: User, unit: OrgUnit) -> bool:
    """Import staff and students: the office, and the school's head and coordinator for their school."""
    return holds(user, unit, *REGISTRY_EDITORS)


# Users and their role assignments (accounts user pages).

# Leaders read the list of people in their units; only administrators change accounts and roles.
USER_READERS = (Role.ADMIN, Role.LEADER)


def can_list_users(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(*USER_READERS))


def can_create_users(user: User) -> bool:
    return is_admin(user)


def user_units(user: User) -> list[OrgUnit]:
    """The home unit and every role's unit: the places where the account carries weight."""
    units = [ra.unit for ra in user.roles]
    if user.unit is not None:
        units.append(user.unit)
    return units


def can_manage_user(actor: User, user: User) -> bool:
    """Edit, deactivate, grant and revoke roles: an administrator over the user's home unit and every role.

    As for a password reset, the roles count as well as the home unit, so that a school's administrator
    cannot take over an office account that merely sits in the school's subtree. Unlike a reset, an
    administrator may manage their own account; the services stop them locking themselves out.
    """
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser or not is_admin(actor):
        return False
    units = user_units(user)
    return bool(units) and all(holds(actor, unit, Role.ADMIN) for unit in units)


def can_grant_on(actor: User, unit: OrgUnit) -> bool:
    """Grant or revoke any role, ADMIN included, on `unit`: only an administrator over that unit.

    Because ADMIN is granted by the same rule, nobody can hand out more than they hold.
    """
    return actor.is_authenticated and (actor.is_superuser or holds(actor, unit, Role.ADMIN))
