"""Who may change what in the outreach app, on top of `sangtao.accounts.permissions`."""

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User

OFFICE_ROLES = (Role.ADMIN, Role.LEADER, Role.SPECIALIST)
SCHOOL_ROLES = (Role.PRINCIPAL, Role.COORDINATOR)


def _owner(record):
    """The office unit that keeps a document, an event or a banner campaign (None for old rows)."""
    return getattr(record, "owner_unit", None) or getattr(record, "sender_unit", None)


def can_manage(user: User, record) -> bool:
    """The author (while still office staff) and the staff of the office that keeps the record edit,
    withdraw or cancel, and delete it; a record without a keeper (built before keepers were recorded,
    or a built-in national day) belongs to any office staff."""
    if not perms.can_manage_plans(user):
        return False
    if getattr(record, "created_by_id", None) == user.pk:
        return True
    owner = _owner(record)
    return owner is None or perms.holds(user, owner, *OFFICE_ROLES)


def can_report_for(user: User, unit) -> bool:
    """A school's head or coordinator reports (acknowledgements, responses, banners) for the school."""
    return perms.holds(user, unit, *SCHOOL_ROLES)
