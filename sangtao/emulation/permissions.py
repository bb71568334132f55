"""Who may do what with a scheme (the rules in one place; sangtao.accounts.permissions underneath).

The office that issued the plan (administrator, leader, specialist) sets the scheme up, computes it and
scores by hand; only its leader finalises and unlocks. The office and the observers above it read the
whole table; a school reads its own row and breakdown, and every row once the office publishes the table.
"""

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role

from .models import Scheme, SchemeStatus

OFFICE = (Role.ADMIN, Role.LEADER, Role.SPECIALIST)
READERS_OF_ALL = (*OFFICE, Role.OBSERVER)


def can_create_schemes(user) -> bool:
    return perms.can_manage_plans(user)


def can_manage(user, scheme: Scheme) -> bool:
    return perms.holds(user, scheme.plan.issuing_unit, *OFFICE)


def can_lock(user, scheme: Scheme) -> bool:
    """Finalise and unlock: the office's leader (seed plan III.1: the office decides the emulation results)."""
    return perms.holds(user, scheme.plan.issuing_unit, Role.LEADER)


def reads_all(user, scheme: Scheme) -> bool:
    """The whole table with every school's breakdown."""
    if perms.holds(user, scheme.plan.issuing_unit, *READERS_OF_ALL):
        return scheme.status != SchemeStatus.DRAFT or can_manage(user, scheme)
    return scheme.published and scheme.status != SchemeStatus.DRAFT


def reads_history(user, scheme: Scheme) -> bool:
    """The timeline (who computed, scored, finalised, unlocked and why) stays with the office and observers."""
    return perms.holds(user, scheme.plan.issuing_unit, *READERS_OF_ALL) and reads_all(user, scheme)


def can_read_row(user, scheme: Scheme, unit) -> bool:
    return reads_all(user, scheme) or (scheme.status != SchemeStatus.DRAFT and perms.holds(user, unit))
