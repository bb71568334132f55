"""Reads of the accounts app. Each takes the user and returns only what that user may see."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Notification, Role, User
from .permissions import can_read_audit, scope_q


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
