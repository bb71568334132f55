"""Reads of the accounts app. Each takes the user and returns only what that user may see."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from sangtao.core.events import events_for
from sangtao.core.models import StatusEvent
from sangtao.core.text import folded_search
from sangtao.orgs.models import OrgUnit, UnitKind

from .models import Notification, Role, RoleAssignment, User
from .permissions import USER_READERS, can_list_users, can_read_audit, scope_q, scope_units


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def get_notification_for_user(user: User, pk: int) -> Notification:
    return get_object_or_404(notifications_for(user), pk=pk)


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def get_user_for_admin(actor: User, pk: int) -> User:
    """A user whose home unit lies within the units the actor administers; 404 otherwise."""
    users = User.objects.select_related("unit")
    if not actor.is_superuser:
        users = users.filter(scope_q(actor, "unit", Role.ADMIN))
    return get_object_or_404(users, pk=pk)


def audit_content_types() -> QuerySet[ContentType]:
    """The kinds of record the audit log follows, for the filter (one query, whatever the cache holds)."""
    q = Q(pk__in=[])
    for model in auditlog.get_models():
        q |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return ContentType.objects.filter(q).order_by("app_label", "model")


def audit_entries(user: User, filters: dict | None = None) -> QuerySet[LogEntry]:
    """Audit log rows, newest first, narrowed by the filter form's cleaned data.

    Filters: `q` (text in the record's name or the actor's name), `content_type`,
    `action` (a LogEntry.Action value), `date_from` and `date_to` (dates, inclusive).
    """
    if not can_read_audit(user):
        return LogEntry.objects.none()
    filters = filters or {}
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if q := (filters.get("q") or "").strip():
        entries = entries.filter(
            Q(object_repr__icontains=q) | Q(actor__username__icontains=q) | Q(actor__full_name__icontains=q)
        )
    if content_type := filters.get("content_type"):
        entries = entries.filter(content_type=content_type)
    if (action := filters.get("action")) not in (None, ""):
        entries = entries.filter(action=int(action))
    if date_from := filters.get("date_from"):
        entries = entries.filter(timestamp__date__gte=date_from)
    if date_to := filters.get("date_to"):
        entries = entries.filter(timestamp__date__lte=date_to)
    return entries


# Users and their role assignments


def _assignments() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.select_related("unit", "team").order_by("unit__path", "role", "pk")


def users_for(
    user: User, *, q: str = "", unit: OrgUnit | None = None, role: str = "", active: bool | None = None
) -> QuerySet[User]:
    """People whose home unit or any role's unit lies within the units the user administers or leads.

    `q` matches name, username and e-mail without diacritics; `unit` keeps people placed at or below it
    (home unit or a role); `role` keeps holders of that role within `unit`, or within the user's scope.
    Role assignments come prefetched, so a page of any length costs the same number of queries.
    """
    if not can_list_users(user):
        return User.objects.none()
    users = User.objects.all()
    if not user.is_superuser:
        in_scope = scope_q(user, "unit", *USER_READERS)
        holders = RoleAssignment.objects.filter(in_scope).values("user_id")
        users = users.filter(in_scope | Q(pk__in=holders))
    if q:
        users = users.filter(folded_search("name", q))
    if unit is not None:
        placed = RoleAssignment.objects.filter(unit__path__startswith=unit.path).values("user_id")
        users = users.filter(Q(unit__path__startswith=unit.path) | Q(pk__in=placed))
    if role:
        held = RoleAssignment.objects.filter(role=role)
        if unit is not None:
            held = held.filter(unit__path__startswith=unit.path)
        elif not user.is_superuser:
            held = held.filter(scope_q(user, "unit", *USER_READERS))
        users = users.filter(pk__in=held.values("user_id"))
    if active is not None:
        users = users.filter(is_active=active)
    return (
        users.select_related("unit")
        .prefetch_related(Prefetch("role_assignments", queryset=_assignments(), to_attr="assignments"))
        .order_by("name_folded", "pk")
    )


def get_account_for_user(user: User, pk) -> User:
    """One person from `users_for(user)`; 404 for anyone else (they do not exist for this user)."""
    try:
        return users_for(user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_role_assignment_for_user(user: User, account: User, pk) -> RoleAssignment:
    return get_object_or_404(_assignments().filter(user=account), pk=pk)


def user_reader_units(user: User) -> QuerySet[OrgUnit]:
    """Units offered by the users page's unit filter: those the user administers or leads."""
    units = OrgUnit.objects.all() if user.is_superuser else scope_units(user, *USER_READERS)
    return units.order_by("path")


def user_admin_units(user: User) -> QuerySet[OrgUnit]:
    """Open units where the user may place people and grant roles: those they administer."""
    units = OrgUnit.objects.all() if user.is_superuser else scope_units(user, Role.ADMIN)
    return units.active().order_by("path")


def user_admin_teams(user: User) -> QuerySet[OrgUnit]:
    return user_admin_units(user).filter(kind=UnitKind.TEAM)


def user_events(account: User, limit: int = 50) -> QuerySet[StatusEvent]:
    """What happened to the account (creation, roles granted and revoked, deactivation), newest first."""
    return events_for(account).order_by("-at", "-id")[:limit]
