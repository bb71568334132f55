"""Reads of the outreach app: each takes the user and keeps to the user's units (STYLE 3)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.core.events import events_for
from sangtao.core.text import folded_search
from sangtao.orgs.models import OrgUnit
from sangtao.plans.models import EDITABLE_STATUSES, Assignment, Evidence, EvidenceKind, PlanStatus

from .models import (
    Acknowledgement,
    BannerCampaign,
    BannerReport,
    BannerStatus,
    CalendarToken,
    Distribution,
    Document,
    DocumentStatus,
    Event,
    EventResponse,
    EventStatus,
)
from .permissions import OFFICE_ROLES, SCHOOL_ROLES
from .services import record_ref


def documents_for_user(user, *, q: str = "", kind: str = "", year: str = "", status: str = ""):
    """The office sees every document; anyone else sees those distributed to a unit in their scope."""
    qs = Document.objects.all()
    if not perms.is_office(user):
        qs = qs.filter(
            Exists(Acknowledgement.objects.filter(perms.scope_q(user), distribution__document=OuterRef("pk")))
        )
    if q:
        qs = qs.filter(folded_search("summary", q))
    if kind:
        qs = qs.filter(kind=kind)
    if year.isdigit():
        qs = qs.filter(issued_on__year=int(year))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-issued_on", "-id")


def get_document_for_user(user, pk) -> Document:
    doc = documents_for_user(user).filter(pk=pk).first()
    if doc is None:
        raise Http404
    return doc


def document_export_rows(user, **filters):
    """The library as the user sees it, with how many of the user's schools were sent each document and
    how many acknowledged it."""
    acks = perms.scope_q(user, "distributions__acknowledgements__unit")
    return (
        documents_for_user(user, **filters)
        .select_related("owner_unit")
        .annotate(
            sent=Count("distributions__acknowledgements", filter=acks),
            done=Count(
                "distributions__acknowledgements",
                filter=acks & Q(distributions__acknowledgements__received_at__isnull=False),
            ),
        )
        .order_by("-issued_on", "-id")
    )


def distributions_for_office(user, document=None):
    qs = Distribution.objects.filter(perms.scope_q(user, "sender_unit", *OFFICE_ROLES))
    if document is not None:
        qs = qs.filter(document=document)
    # An aggregate drops Meta.ordering (GROUP BY): order explicitly, so that pages never repeat or skip rows.
    return (
        qs.select_related("document", "sender_unit")
        .annotate(
            total=Count("acknowledgements"),
            done=Count("acknowledgements", filter=Q(acknowledgements__received_at__isnull=False)),
        )
        .order_by("-sent_at", "-id")
    )


def acknowledgements_of(distribution):
    return distribution.acknowledgements.select_related("unit", "by").order_by("received_at", "unit__path")


def inbox_for_user(user):
    """Acknowledgements of the schools the user heads or coordinates, the pending ones first."""
    qs = Acknowledgement.objects.filter(perms.scope_q(user, "unit", *SCHOOL_ROLES))
    return qs.select_related("distribution__document", "unit").order_by(
        "received_at", "distribution__due_on", "id"
    )


def _ancestor_ids(units) -> set[int]:
    return {int(p) for u in units for p in u.path.strip("/").split("/") if p}


def _audience_q(units) -> Q:
    """Events meant for the given units: general ones and those of a unit at or above them; a user who
    only works in schools sees the level-targeted events of their schools' levels only."""
    q = Q(unit__isnull=True) | Q(unit_id__in=_ancestor_ids(units))
    if units and all(u.is_school for u in units):
        q &= Q(level="") | Q(level__in={u.level for u in units})
    return q


def events_for_user(user, *, month: datetime.date | None = None):
    """Events meant for the user's units, and events of units in the user's scope."""
    qs = Event.objects.filter(_audience_q(perms.role_units(user)) | perms.scope_q(user))
    if month is not None:
        qs = qs.filter(starts_on__year=month.year, starts_on__month=month.month)
    return qs.select_related("unit").order_by("starts_on", "id")


def get_event_for_user(user, pk) -> Event:
    event = events_for_user(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def event_export_rows(user, *, month: datetime.date | None = None):
    """The calendar as the user sees it, with how many units in the user's scope responded."""
    return (
        events_for_user(user, month=month)
        .annotate(n_responses=Count("responses", filter=perms.scope_q(user, "responses__unit")))
        .order_by("starts_on", "id")
    )


def events_for_unit(unit):
    """What a unit's calendar shows: general events and events of the unit or the units above it (for
    a school: for every level or for its own)."""
    return Event.objects.filter(_audience_q([unit])).select_related("unit").order_by("starts_on", "id")


def responses_of(event, user):
    """Office staff see every response in their scope; a school sees its own."""
    return event.responses.filter(perms.scope_q(user)).select_related("unit", "by").order_by("unit__path")


def event_audience(event, user):
    """The open schools the event is meant for, as far as the user sees them."""
    qs = perms.scope_units(user).active().schools()
    if event.unit_id:
        qs = qs.within([event.unit])
    if event.level:
        qs = qs.filter(level=event.level)
    return qs.order_by("path")


def event_response_rows(event, user) -> list[tuple]:
    """[(unit, response or None)]: every school the event is meant for (and any other unit that
    responded), as far as the user sees them — who responded and who has not. Two queries."""
    responses = {r.unit_id: r for r in responses_of(event, user)}
    units = list(event_audience(event, user))
    seen = {u.pk for u in units}
    units += [r.unit for r in responses.values() if r.unit_id not in seen]
    units.sort(key=lambda u: u.path)
    return [(u, responses.get(u.pk)) for u in units]


def banner_campaigns_for_user(user):
    """The office sees the campaigns it launched; a school those it was asked to join."""
    office = Q(perms.scope_q(user, "sender_unit", *OFFICE_ROLES))
    ids = BannerCampaign.units.through.objects.filter(perms.scope_q(user, "orgunit")).values(
        "bannercampaign_id"
    )
    return (
        BannerCampaign.objects.filter(office | Q(pk__in=ids))
        .annotate(asked=Count("units", distinct=True), reported=Count("reports__unit", distinct=True))
        .order_by("-starts_on", "-id")
    )


def get_campaign_for_user(user, pk) -> BannerCampaign:
    campaign = banner_campaigns_for_user(user).select_related("sender_unit").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def _sees_all_units(user, campaign) -> bool:
    return perms.holds(user, campaign.sender_unit, *OFFICE_ROLES)


def banner_coverage(campaign, user):
    """[(unit, [reports])] for the units of the campaign that the user sees."""
    units = list(campaign.units.order_by("path"))
    if not _sees_all_units(user, campaign):
        units = [u for u in units if perms.holds(user, u)]
    reports = {}
    for r in (
        campaign.reports.filter(unit__in=units).select_related("unit", "by").order_by("unit__path", "id")
    ):
        reports.setdefault(r.unit_id, []).append(r)
    return [(u, reports.get(u.pk, [])) for u in units]


def banner_reports_for_user(user):
    """Banner reports of the user's units, and every report of the campaigns the user's office launched."""
    return (
        BannerReport.objects.filter(
            perms.scope_q(user) | perms.scope_q(user, "campaign__sender_unit", *OFFICE_ROLES)
        )
        .select_related("campaign", "unit", "by")
        .order_by("-hung_on", "-id")
    )


@dataclass(frozen=True)
class CoverageRow:
    campaign: BannerCampaign
    unit: OrgUnit
    report: BannerReport | None


def banner_coverage_rows(user, campaigns) -> list[CoverageRow]:
    """One row per campaign and asked school the user sees (several when a school reported more than
    once): the coverage of every campaign in one sheet. Three queries whatever the number of campaigns."""
    campaigns = list(campaigns.select_related("sender_unit"))
    office = {c.pk for c in campaigns if _sees_all_units(user, c)}
    links = (
        BannerCampaign.units.through.objects.filter(bannercampaign_id__in=[c.pk for c in campaigns])
        .select_related("orgunit")
        .order_by("orgunit__path")
    )
    units_of: dict[int, list[OrgUnit]] = {}
    for link in links:
        if link.bannercampaign_id in office or perms.holds(user, link.orgunit):
            units_of.setdefault(link.bannercampaign_id, []).append(link.orgunit)
    reports: dict[tuple, list[BannerReport]] = {}
    for r in (
        BannerReport.objects.filter(campaign__in=campaigns).select_related("by").order_by("hung_on", "id")
    ):
        reports.setdefault((r.campaign_id, r.unit_id), []).append(r)
    rows = []
    for c in campaigns:
        for unit in units_of.get(c.pk, []):
            for report in reports.get((c.pk, unit.pk)) or [None]:
                rows.append(CoverageRow(campaign=c, unit=unit, report=report))
    return rows


# ── Calendar subscriptions ──────────────────────────────────────────────────────────────────────────


def calendar_subscriptions(user) -> list[tuple]:
    """[(unit, token or None)] for each unit on which the user holds a role."""
    units = {u.pk: u for u in perms.role_units(user)}
    tokens = {t.unit_id: t for t in CalendarToken.objects.filter(user=user, unit_id__in=units)}
    return [(u, tokens.get(pk)) for pk, u in sorted(units.items(), key=lambda kv: kv[1].path)]


def calendar_token_owner(token: str) -> CalendarToken:
    """The subscription a feed address belongs to, while it is valid: the token exists (not revoked or
    regenerated), its person is active and still holds a role on the unit. Otherwise 404."""
    sub = CalendarToken.objects.select_related("user", "unit").filter(token=token).first()
    if sub is None or not sub.user.is_active or sub.unit not in perms.role_units(sub.user):
        raise Http404
    return sub


# ── The plan: outreach records as evidence ─────────────────────────────────────────────────────────


def _served_tasks(records) -> dict[int, set[int]]:
    """{record pk: ids of the plan tasks its document, event or campaign serves} in one query."""
    records = list(records)
    if not records:
        return {}
    first = records[0]
    if isinstance(first, Acknowledgement):
        through, key = Document.tasks.through, "document_id"
        owner = {r.pk: r.distribution.document_id for r in records}
    elif isinstance(first, EventResponse):
        through, key = Event.tasks.through, "event_id"
        owner = {r.pk: r.event_id for r in records}
    else:
        through, key = BannerCampaign.tasks.through, "bannercampaign_id"
        owner = {r.pk: r.campaign_id for r in records}
    tasks: dict[int, set[int]] = {}
    for row in through.objects.filter(**{f"{key}__in": set(owner.values())}).values(key, "task_id"):
        tasks.setdefault(row[key], set()).add(row["task_id"])
    return {pk: tasks.get(o, set()) for pk, o in owner.items()}


def attach_options(user, records) -> dict[int, list[Assignment]]:
    """{record pk: the assignments it may still be attached to as evidence}, for records of one kind
    (acknowledgements, event responses or banner reports): the assignments of the record's school for a
    task its document, event or campaign serves (or a sub-task of it), in an issued plan, still open to
    evidence and not holding the record yet — when the user may report for the school. Three queries
    whatever the number of records."""
    records = [
        r
        for r in records
        if perms.holds(user, r.unit, *SCHOOL_ROLES)
        and not (isinstance(r, Acknowledgement) and r.received_at is None)
    ]
    served = _served_tasks(records)
    task_ids = set().union(*served.values()) if served else set()
    if not task_ids:
        return {}
    assignments = list(
        Assignment.objects.filter(
            Q(task_id__in=task_ids) | Q(task__parent_id__in=task_ids),
            unit_id__in={r.unit_id for r in records},
            task__plan__status=PlanStatus.ISSUED,
            status__in=EDITABLE_STATUSES,
        )
        .select_related("task", "unit")
        .order_by("task__plan_id", "task__order", "id")
    )
    refs = {record_ref(r): r.pk for r in records}
    held = set(
        Evidence.objects.filter(
            assignment__in=assignments, kind=EvidenceKind.RECORD, record_ref__in=refs
        ).values_list("assignment_id", "record_ref")
    )
    options: dict[int, list[Assignment]] = {}
    for r in records:
        ref = record_ref(r)
        for a in assignments:
            serves = a.task_id in served[r.pk] or a.task.parent_id in served[r.pk]
            if a.unit_id == r.unit_id and serves and (a.pk, ref) not in held:
                options.setdefault(r.pk, []).append(a)
    return options


def attachable_assignments(user, record) -> list[Assignment]:
    return attach_options(user, [record]).get(record.pk, [])


# ── History ─────────────────────────────────────────────────────────────────────────────────────────

# What happened, as a record's history tells it (English needs the past tense, hence the context).
ACTION_LABELS = {
    "create": pgettext_lazy("timeline", "Tạo"),
    "update": pgettext_lazy("timeline", "Sửa"),
    "withdraw": pgettext_lazy("timeline", "Thu hồi"),
    "cancel": pgettext_lazy("timeline", "Hủy"),
    "send": pgettext_lazy("timeline", "Gửi đến trường"),
}


def history(record) -> list:
    """The record's events, with labels for what happened and the status it reached."""
    statuses = {
        Document: DocumentStatus,
        Event: EventStatus,
        BannerCampaign: BannerStatus,
    }[type(record)]
    events = list(events_for(record).order_by("at", "id"))
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        ev.to_label = statuses(ev.to_status).label if ev.to_status in statuses.values else ""
    return events
