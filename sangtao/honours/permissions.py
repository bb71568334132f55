"""Who may do what with commendations and proposals (built on accounts.permissions)."""

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.orgs.models import OrgUnit

# Proposals discuss people before a decision: the office, observers above, and the school's head and
# coordinator read them; teachers and partners do not.
PROPOSAL_READERS = (Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.OBSERVER, Role.PRINCIPAL, Role.COORDINATOR)
OFFICE_ROLES = (Role.ADMIN, Role.LEADER, Role.SPECIALIST)


def can_decide(user: User, unit: OrgUnit) -> bool:
    """Record a commendation for `unit`, approve or return its proposals: the office above it
    (Bộ phận Thi đua – Khen thưởng works under the office's leaders)."""
    return perms.can_review(user, unit)


def can_propose(user: User, unit: OrgUnit) -> bool:
    """Write a proposal: the school's head and coordinator."""
    return perms.can_edit_for_unit(user, unit)


def can_submit(user: User, unit: OrgUnit) -> bool:
    return perms.can_submit_for_unit(user, unit)


def can_read_proposals(user: User, unit: OrgUnit) -> bool:
    return perms.holds(user, unit, *PROPOSAL_READERS)


def can_see_student_names(user: User, unit: OrgUnit) -> bool:
    return perms.can_see_students(user, unit)


def is_decider(user: User) -> bool:
    return perms.can_manage_plans(user)
