"""Writing and reading the status-event log."""

from django.contrib.contenttypes.models import ContentType

from .models import StatusEvent


def event_record(*, target, actor, action: str, from_status: str = "", to_status: str = "", reason: str = ""):
    return StatusEvent.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=from_status or "",
        to_status=to_status or "",
        reason=reason or "",
    )


def events_for(target):
    return StatusEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")
