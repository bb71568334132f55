"""Who may read, write, generate and finalise a report (on top of accounts.permissions).

- Office staff (administrator, leader, specialist) write and generate the reports of any unit in their
  scope: the office's own, a level's, a school's. Only a leader (or an administrator) finalises them: the
  leader signs what goes to the People's Committee.
- A school's principal writes, generates and finalises the report of their own school, nothing else.
- The school's coordinator reads its school's reports; the observer (UBND) reads and downloads every report
  below it and never writes.
"""

from django.db.models import Q

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.orgs.models import OrgUnit

from .models import Report

OFFICE_WRITERS = (Role.ADMIN, Role.LEADER, Role.SPECIALIST)
SIGNERS = (Role.ADMIN, Role.LEADER)
READERS = (*OFFICE_WRITERS, Role.OBSERVER, Role.PRINCIPAL, Role.COORDINATOR)


def readable_q(user: User) -> Q:
    return perms.scope_q(user, "unit", *READERS)


def can_read(user: User, report: Report) -> bool:
    return perms.holds(user, report.unit, *READERS)


def can_create_for(user: User, unit: OrgUnit) -> bool:
    if perms.holds(user, unit, *OFFICE_WRITERS):
        return True
    return unit.is_school and perms.holds(user, unit, Role.PRINCIPAL)


def office_units(user: User) -> list[OrgUnit]:
    return perms.role_units(user, *OFFICE_WRITERS)


def principal_units(user: User) -> list[OrgUnit]:
    return perms.role_units(user, Role.PRINCIPAL)


def can_create_any(user: User) -> bool:
    return bool(office_units(user) or principal_units(user))


def can_edit(user: User, report: Report) -> bool:
    """Edit the text and generate a version."""
    return can_create_for(user, report.unit)


def can_finalise(user: User, report: Report) -> bool:
    if perms.holds(user, report.unit, *SIGNERS):
        return True
    return report.unit.is_school and perms.holds(user, report.unit, Role.PRINCIPAL)
