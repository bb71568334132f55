"""Who may see and do what. A role applies to its unit and everything below it (BRIEF §2).

Every selector scopes its queryset with `scope_q`; every action asks one of the `can_*` helpers.
"""

from django.db.models import Q

from sangtao.orgs.models import OrgUnit

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
