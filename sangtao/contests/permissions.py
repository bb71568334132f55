"""Who may do what in a contest. Built on accounts.permissions (a role covers its unit and everything below)."""

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.orgs.models import OrgUnit, UnitKind

from .models import Contest, Entry, Judge

# Roles that read a school's own entries (a judge's or a partner's role at the school does not).
SCHOOL_READER_ROLES = (
    Role.ADMIN,
    Role.LEADER,
    Role.SPECIALIST,
    Role.OBSERVER,
    Role.PRINCIPAL,
    Role.COORDINATOR,
    Role.TEACHER,
)


def reads_school(user: User, school: OrgUnit) -> bool:
    return perms.holds(user, school, *SCHOOL_READER_ROLES)


def _partner_of(user: User, contest: Contest) -> bool:
    units = perms.role_units(user, Role.PARTNER)
    if not units:
        return False
    # `partners` is usually prefetched by the selector; all() then costs no query.
    return any(perms.covers(scope, p) for p in contest.partners.all() for scope in units)


def can_create_contest(user: User, organiser: OrgUnit) -> bool:
    """The office's staff for the office; a school's head or coordinator for the school's own contest."""
    if not user.is_authenticated:
        return False
    if organiser.kind in (UnitKind.SCHOOL, UnitKind.AFFILIATED):
        return perms.can_edit_for_unit(user, organiser) or perms.can_review(user, organiser)
    return perms.can_review(user, organiser)


def can_manage_contest(user: User, contest: Contest) -> bool:
    """Run the contest: rounds, rubric, judges, assignment, results. Organiser's staff and partners."""
    if not user.is_authenticated:
        return False
    return can_create_contest(user, contest.organiser) or _partner_of(user, contest)


def can_oversee_contest(user: User, contest: Contest) -> bool:
    """Read every entry and every score of the contest (managers, and observers above the organiser)."""
    if not user.is_authenticated:
        return False
    return can_manage_contest(user, contest) or perms.holds(
        user, contest.organiser, Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.OBSERVER
    )


def can_enter_for_school(user: User, school: OrgUnit) -> bool:
    """Register, edit, submit and withdraw a school's entries: its head and its coordinator."""
    return perms.can_edit_for_unit(user, school)


def can_see_full_names(user: User, entry: Entry, contest: Contest) -> bool:
    """A minor's full name: the office running the contest and the school's own head and coordinator.

    Judges, partners' readers, observers and teachers see initials (data minimisation, Luật 91/2025/QH15).
    """
    return can_manage_contest(user, contest) or perms.can_see_students(user, entry.school)


def can_record_consent(user: User, school: OrgUnit) -> bool:
    return perms.can_edit_for_unit(user, school)


def is_judge(user: User, judge: Judge) -> bool:
    return user.is_authenticated and judge.user_id == user.pk
