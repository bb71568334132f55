"""Reads of the outreach app: each takes the user and keeps to the user's units (STYLE 3)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from sangtao.accounts import permissions as perms
from sangtao.core.text import folded_search

from .models import Acknowledgement, Distribution, Document, Event
from .services import OFFICE_ROLES


def documents_for_user(user, *, q: str = "", kind: str = "", year: str = ""):
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
    return qs.order_by("-issued_on", "-id")


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
    qs = Acknowledgement.objects.filter(perms.scope_q(user, "unit", "principal", "coordinator"))
    return qs.select_related("distribution__document", "unit").order_by("received_at", "distribution__due_on")


def _ancestor_ids(units) -> set[int]:
    return {int(p) for u in units for p in u.path.strip("/").split("/") if p}


def events_for_user(user, *, month: datetime.date | None = None):
    """Public events, events of a unit above the user's units, and events of units in the user's scope."""
    units = perms.role_units(user)
    qs = Event.objects.filter(
        Q(unit__isnull=True) | Q(unit_id__in=_ancestor_ids(units)) | perms.scope_q(user)
    )
    if month is not None:
        qs = qs.filter(starts_on__year=month.year, starts_on__month=month.month)
    return qs.select_related("unit").order_by("starts_on", "id")


def events_for_unit(unit):
    """What a unit's calendar shows: public events and events of the unit or the units above it."""
    return Event.objects.filter(Q(unit__isnull=True) | Q(unit_id__in=_ancestor_ids([unit]))).order_by(
        "starts_on", "id"
    )


def responses_of(event, user):
    """Office staff see every response in their scope; a school sees its own."""
    return event.responses.filter(perms.scope_q(user)).select_related("unit", "by")


def banner_campaigns_for_user(user):
    """The office sees the campaigns it launched; a school those it was asked to join."""
    from .models import BannerCampaign

    office = Q(perms.scope_q(user, "sender_unit", *OFFICE_ROLES))
    ids = BannerCampaign.units.through.objects.filter(perms.scope_q(user, "orgunit")).values(
        "bannercampaign_id"
    )
    return (
        BannerCampaign.objects.filter(office | Q(pk__in=ids))
        .annotate(asked=Count("units", distinct=True), reported=Count("reports__unit", distinct=True))
        .order_by("-starts_on", "-id")
    )


def banner_coverage(campaign, user):
    """[(unit, [reports])] for the units of the campaign that the user sees."""
    units = list(campaign.units.order_by("path"))
    units = [
        u for u in units if perms.holds(user, u) or perms.holds(user, campaign.sender_unit, *OFFICE_ROLES)
    ]
    reports = {}
    for r in campaign.reports.filter(unit__in=units).select_related("unit"):
        reports.setdefault(r.unit_id, []).append(r)
    return [(u, reports.get(u.pk, [])) for u in units]
