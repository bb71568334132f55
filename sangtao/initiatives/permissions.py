"""Who may do what with campaigns, councils and initiatives (on top of accounts.permissions)."""

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import SCHOOL_ROLES, Role, User
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit

from .models import Campaign, Council, CouncilLevel, Initiative, MemberRole

# Roles of people who may propose an initiative for their school: a teacher or any staff user.
AUTHOR_ROLES = tuple(SCHOOL_ROLES)


def can_manage_campaign_of(user: User, unit: OrgUnit) -> bool:
    """Launch and run a campaign of `unit`: the office's staff for the office, the head for a school."""
    if not user.is_authenticated:
        return False
    if unit.kind in IMPLEMENTING_KINDS:
        return perms.holds(user, unit, Role.PRINCIPAL) or perms.can_review(user, unit)
    return perms.holds(user, unit, Role.ADMIN, Role.LEADER, Role.SPECIALIST)


def can_manage_campaign(user: User, campaign: Campaign) -> bool:
    return can_manage_campaign_of(user, campaign.unit)


def campaign_units(user: User) -> list[OrgUnit]:
    """The units for which the user may launch a campaign (the office, or their school)."""
    units = perms.role_units(user, Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.PRINCIPAL)
    return sorted({u.pk: u for u in units if can_manage_campaign_of(user, u)}.values(), key=lambda u: u.path)


def can_manage_council(user: User, council: Council) -> bool:
    """A school's council is formed by its head (or the campaign's organisers); the office's by the office."""
    if council.level == CouncilLevel.SCHOOL and perms.holds(user, council.unit, Role.PRINCIPAL):
        return True
    return can_manage_campaign(user, council.campaign)


def can_form_council_for(user: User, campaign: Campaign, unit: OrgUnit) -> bool:
    if can_manage_campaign(user, campaign):
        return True
    return campaign.is_office and unit.kind in IMPLEMENTING_KINDS and perms.holds(user, unit, Role.PRINCIPAL)


def author_unit(user: User) -> OrgUnit | None:
    """The school for which the user may write an initiative: their home unit if they hold a school role
    there, else the first unit of a school role."""
    if not user.is_authenticated:
        return None
    units = perms.role_units(user, *AUTHOR_ROLES)
    if user.unit is not None and any(perms.covers(u, user.unit) for u in units):
        return user.unit
    return units[0] if units else None


def is_author(user: User, initiative: Initiative, authors=None) -> bool:
    if not user.is_authenticated:
        return False
    authors = authors if authors is not None else initiative.authors.select_related("staff")
    return any(a.user_id == user.pk or (a.staff is not None and a.staff.user_id == user.pk) for a in authors)


def seat(user: User, council: Council, members=None):
    """The user's seat on the council, or None."""
    if not user.is_authenticated:
        return None
    members = members if members is not None else council.members.all()
    return next((m for m in members if m.user_id == user.pk), None)


def can_start_review(user: User, council: Council, members=None) -> bool:
    member = seat(user, council, members)
    if member is not None and member.role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        return True
    return can_manage_council(user, council)


def can_forward(user: User, initiative: Initiative) -> bool:
    """The head of the school proposes its recognised initiatives to the office."""
    return perms.holds(user, initiative.unit, Role.PRINCIPAL)


def can_issue_decision(user: User, unit: OrgUnit) -> bool:
    """The head of the issuing unit signs: a school's principal, the office's leaders."""
    if unit.kind in IMPLEMENTING_KINDS:
        return perms.holds(user, unit, Role.PRINCIPAL)
    return perms.holds(user, unit, Role.ADMIN, Role.LEADER)


def member_units(user: User) -> set[int]:
    """The units a council member belongs to, for the office council's conflict rule."""
    # role_assignments.all() rather than user.roles: a page lists many members and prefetches these.
    units = {ra.unit_id for ra in user.role_assignments.all() if ra.role in SCHOOL_ROLES}
    if user.unit_id:
        units.add(user.unit_id)
    return units
