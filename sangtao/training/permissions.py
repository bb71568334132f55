"""Who runs a course and who sends people to it (built on accounts.permissions).

The organiser side of a course is the office staff of the organiser's tree or, for a course that a
partner agency organises, that agency's people — and nobody else: Phòng Kinh tế runs its own courses and
cannot touch the office's, and the office cannot approve nominations to Phòng Kinh tế's courses.
"""

from django.db.models import Q

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import OFFICE_ROLES, Role, User
from sangtao.orgs.models import OrgUnit, UnitKind

from .models import Course

ORGANISER_KINDS = (UnitKind.AUTHORITY, UnitKind.PARTNER)
# Staff nominations are read by the office, the school's head and coordinator, and observers above.
NOMINATION_READERS = (
    Role.ADMIN,
    Role.LEADER,
    Role.SPECIALIST,
    Role.PRINCIPAL,
    Role.COORDINATOR,
    Role.OBSERVER,
)


def can_organise(user: User, unit: OrgUnit) -> bool:
    """May create and run courses in the name of `unit`."""
    if not user.is_authenticated or unit.kind not in ORGANISER_KINDS:
        return False
    if unit.kind == UnitKind.PARTNER:
        return perms.holds(user, unit, Role.PARTNER, *OFFICE_ROLES)
    return perms.holds(user, unit, *OFFICE_ROLES)


def organiser_units(user: User) -> list[OrgUnit]:
    """The units a user may organise courses for: their authorities and partner agencies."""
    if not user.is_authenticated:
        return []
    units = {
        u.pk: u for u in perms.role_units(user, *OFFICE_ROLES, Role.PARTNER) if u.kind in ORGANISER_KINDS
    }
    return sorted(units.values(), key=lambda u: u.path)


def can_manage_course(user: User, course: Course) -> bool:
    return can_organise(user, course.organiser)


def managed_q(user: User) -> Q:
    """Courses whose organiser the user runs (same rule as can_organise, as a filter)."""
    office = perms.scope_q(user, "organiser", *OFFICE_ROLES) & Q(organiser__kind=UnitKind.AUTHORITY)
    partner = perms.scope_q(user, "organiser", Role.PARTNER, *OFFICE_ROLES) & Q(
        organiser__kind=UnitKind.PARTNER
    )
    return office | partner


def audience_q(user: User) -> Q:
    """Courses meant for the user's part of the tree: the audience unit lies above one of the user's units
    (a school, its teacher) or within one of them (the office, an observer)."""
    units = perms.role_units(user)
    if not units:
        return Q(pk__in=[])
    above: set[int] = set()
    q = Q()
    for unit in units:
        above.update(int(p) for p in unit.path.strip("/").split("/") if p)
        q |= Q(audience__path__startswith=unit.path)
    return q | Q(audience_id__in=above)


def can_nominate_for(user: User, school: OrgUnit) -> bool:
    """The school's head and coordinator send its people (seed II.1)."""
    return school.is_school and perms.can_edit_for_unit(user, school)


def can_see_school_training(user: User, school: OrgUnit) -> bool:
    return perms.holds(user, school, *NOMINATION_READERS)
