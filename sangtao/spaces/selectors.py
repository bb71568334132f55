"""Reads of the spaces app: each takes the user and keeps to the user's units (STYLE 3)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.core.events import events_for
from sangtao.core.text import folded_search
from sangtao.orgs.models import SchoolLevel
from sangtao.plans.models import EDITABLE_STATUSES, Assignment, Evidence, EvidenceKind, Indicator, PlanStatus

from .models import ModelArea, ReviewStatus, Space, SpaceKind, SpacePhoto, TechModel


def _filtered(qs, *, level="", unit_id=None, status="", featured=None, q=""):
    if level:
        qs = qs.filter(unit__level=level)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status:
        qs = qs.filter(status=status)
    if featured is not None:
        qs = qs.filter(is_featured=featured)
    if q:
        qs = qs.filter(folded_search("name", q))
    return qs


def spaces_for_user(user, *, kind: str = "", **filters):
    qs = Space.objects.filter(perms.scope_q(user)).select_related("unit")
    if kind:
        qs = qs.filter(kind=kind)
    qs = _filtered(qs, **filters)
    return qs.annotate(photo_count=Count("photos")).order_by("unit__path", "name", "id")


def models_for_user(user, *, area: str = "", **filters):
    qs = TechModel.objects.filter(perms.scope_q(user)).select_related("unit")
    if area:
        qs = qs.filter(area=area)
    return _filtered(qs, **filters).order_by("unit__path", "name", "id")


def get_space_for_user(user, pk: int) -> Space:
    space = (
        Space.objects.filter(perms.scope_q(user))
        .select_related("unit")
        .prefetch_related(Prefetch("photos", queryset=SpacePhoto.objects.order_by("id")))
        .filter(pk=pk)
        .first()
    )
    if space is None:
        raise Http404
    return space


def get_model_for_user(user, pk: int) -> TechModel:
    model = TechModel.objects.filter(perms.scope_q(user)).select_related("unit").filter(pk=pk).first()
    if model is None:
        raise Http404
    return model


def get_photo_for_user(user, pk: int) -> SpacePhoto:
    photo = SpacePhoto.objects.filter(perms.scope_q(user, "space__unit")).filter(pk=pk).first()
    if photo is None:
        raise Http404
    return photo


def _grouped(qs, field: str, choices) -> list[tuple[str, int]]:
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in choices]


def space_counts(user) -> dict:
    """Across the user's schools: spaces by kind and level, schools with an accepted one, pending (four queries)."""
    qs = Space.objects.filter(perms.scope_q(user))
    by_kind = _grouped(qs, "kind", SpaceKind.choices)
    return {
        "total": sum(n for _l, n in by_kind),
        "by_kind": by_kind,
        "by_level": [(label, n) for label, n in _grouped(qs, "unit__level", SchoolLevel.choices) if n],
        "schools": qs.filter(status=ReviewStatus.ACCEPTED).values("unit_id").distinct().count(),
        "pending": qs.filter(status=ReviewStatus.PENDING).count(),
    }


def model_counts(user) -> dict:
    qs = TechModel.objects.filter(perms.scope_q(user))
    by_area = _grouped(qs, "area", ModelArea.choices)
    return {
        "total": sum(n for _l, n in by_area),
        "by_area": by_area,
        "by_level": [(label, n) for label, n in _grouped(qs, "unit__level", SchoolLevel.choices) if n],
        "pending": qs.filter(status=ReviewStatus.PENDING).count(),
    }


def timeline(target) -> list:
    actions = {
        "create": _("Ghi nhận"),
        "update": _("Cập nhật"),
        "accept": _("Phòng ghi nhận"),
        "needs_work": _("Phòng yêu cầu bổ sung"),
        "feature": _("Giới thiệu công khai"),
        "unfeature": _("Thôi giới thiệu công khai"),
    }
    labels = dict(ReviewStatus.choices) | {"featured": _("Công khai"), "hidden": _("Không công khai")}
    events = list(events_for(target))
    for ev in events:
        ev.action_label = actions.get(ev.action, ev.action)
        ev.from_label = labels.get(ev.from_status, ev.from_status)
        ev.to_label = labels.get(ev.to_status, ev.to_status)
    return events


# ── Public ──────────────────────────────────────────────────────────────────────────────────────────


def featured_spaces():
    return (
        Space.objects.filter(is_featured=True, status=ReviewStatus.ACCEPTED)
        .select_related("unit")
        .prefetch_related(Prefetch("photos", queryset=SpacePhoto.objects.order_by("id")))
        .order_by("-featured_at", "id")
    )


def featured_models():
    return (
        TechModel.objects.filter(is_featured=True, status=ReviewStatus.ACCEPTED)
        .select_related("unit")
        .order_by("-featured_at", "id")
    )


def get_public_photo(pk: int) -> SpacePhoto:
    photo = SpacePhoto.objects.filter(
        pk=pk, space__is_featured=True, space__status=ReviewStatus.ACCEPTED
    ).first()
    if photo is None:
        raise Http404
    return photo


# ── The plan: a space or a model as evidence of the school's assignment ─────────────────────────────

# The indicator that measures each kind of record (seed II.3): the tasks it serves are the tasks measured by it.
SPACE_REF, MODEL_REF = "spaces.creativespace", "spaces.techmodel"
SERVED_BY = {Space: "spaces.schools_with_space", TechModel: "spaces.models_applied"}


def record_ref(record) -> str:
    """The evidence reference of a space or a model ("spaces.creativespace:<pk>" / "spaces.techmodel:<pk>")."""
    return f"{SPACE_REF if isinstance(record, Space) else MODEL_REF}:{record.pk}"


def serves_task(record, task) -> bool:
    """True when the task (or its parent) is measured by the indicator that counts this kind of record."""
    return Indicator.objects.filter(
        Q(task_id=task.pk) | Q(task_id=task.parent_id or 0), source_key=SERVED_BY[type(record)]
    ).exists()


def attachable_assignments(user, record) -> list[Assignment]:
    """The assignments of the record's school that the record may still be attached to as evidence: for a
    task (or a sub-task of a task) measured by the indicator counting the record, in an issued plan, open
    to evidence and not holding the record yet — when the user enters the school's data (two queries)."""
    if record.status == ReviewStatus.NEEDS_WORK or not perms.can_edit_for_unit(user, record.unit):
        return []
    ref = record_ref(record)
    return list(
        Assignment.objects.filter(
            Q(task__indicators__source_key=SERVED_BY[type(record)])
            | Q(task__parent__indicators__source_key=SERVED_BY[type(record)]),
            unit_id=record.unit_id,
            task__plan__status=PlanStatus.ISSUED,
            status__in=EDITABLE_STATUSES,
        )
        .exclude(
            Exists(
                Evidence.objects.filter(assignment=OuterRef("pk"), kind=EvidenceKind.RECORD, record_ref=ref)
            )
        )
        .select_related("task")
        .distinct()
        .order_by("task__plan_id", "task__order", "id")
    )


def attached_assignments(record) -> list[Assignment]:
    """The assignments that show the record as evidence."""
    return list(
        Assignment.objects.filter(evidence__kind=EvidenceKind.RECORD, evidence__record_ref=record_ref(record))
        .select_related("task")
        .distinct()
        .order_by("task__plan_id", "task__order", "id")
    )
