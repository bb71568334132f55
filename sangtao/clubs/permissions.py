"""Who may see and change clubs. Built on accounts.permissions (a role covers its unit and everything below).

- read: any role on the school or above it (the school's people, the office, observers); partner agencies
  read the innovation and startup clubs of the schools under the body they work for (Phòng Kinh tế
  co-operates on clubs in the seed plan, task I.1);
- write (register, update, status, members, activities): the school's principal and coordinator;
- log activities: also a teacher of the school who advises the club;
- the rule of "active": read by everyone, changed by the authority's leaders and administrators.
"""

from django.db.models import Q

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.orgs.models import OrgUnit

from .models import Club, ClubType

PARTNER_TYPES = (ClubType.INNOVATION, ClubType.STARTUP)
RULE_EDITORS = (Role.ADMIN, Role.LEADER)


def partner_paths(user: User) -> list[str]:
    """The paths of the bodies that the user's partner agencies belong to ("/1/" for UBND Quận 12)."""
    paths = []
    for unit in perms.role_units(user, Role.PARTNER):
        parts = [p for p in unit.path.strip("/").split("/") if p]
        if len(parts) > 1:
            paths.append("/" + "/".join(parts[:-1]) + "/")
    return paths


def club_scope_q(user: User, prefix: str = "") -> Q:
    """Rows (clubs, or rows under a club with `prefix` "club__") that the user may read."""
    q = perms.scope_q(user, f"{prefix}unit")
    for path in partner_paths(user):
        q |= Q(**{f"{prefix}unit__path__startswith": path, f"{prefix}club_type__in": PARTNER_TYPES})
    return q


def can_read_club(user: User, club: Club) -> bool:
    if perms.holds(user, club.unit):
        return True
    return club.club_type in PARTNER_TYPES and any(club.unit.path.startswith(p) for p in partner_paths(user))


def can_manage_clubs(user: User, unit: OrgUnit) -> bool:
    """Register and change the clubs of `unit`: its principal and coordinator."""
    return perms.can_edit_for_unit(user, unit)


def is_adviser(user: User, club: Club) -> bool:
    return (
        user.is_authenticated
        and perms.holds(user, club.unit, Role.TEACHER)
        and club.advisers.filter(user_id=user.pk).exists()
    )


def can_log_activity(user: User, club: Club) -> bool:
    return can_manage_clubs(user, club.unit) or is_adviser(user, club)


def can_see_student_names(user: User, unit: OrgUnit) -> bool:
    """A minor's name: the office and the school's own head and coordinator (accounts.permissions)."""
    return perms.can_see_students(user, unit)


def can_edit_rule(user: User, authority: OrgUnit) -> bool:
    return user.is_authenticated and (user.is_superuser or perms.holds(user, authority, *RULE_EDITORS))
