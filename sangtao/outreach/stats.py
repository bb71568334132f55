"""Indicators that the outreach app computes (see sangtao/plans/indicators.py)."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sangtao.core import clock
from sangtao.plans.activity import last_dates
from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure, Plan

from .models import Acknowledgement, BannerReport, DocumentStatus, Event, EventResponse

BUILTIN_KEYS = ["vn_science_day", "vn_innovation_day"]


def _school_year(indicator):
    year = Plan.objects.filter(pk=indicator.plan_id).values_list("year", flat=True).first()
    return datetime.date(year - 1, 9, 1), datetime.date(year, 8, 31)


def _documents_acknowledged(indicator, unit_ids):
    """1 when the school acknowledged every distribution due in the plan's school year that was sent to it
    (those already due: a document sent yesterday must not pull the rate to zero; a withdrawn document
    no longer asks for anything)."""
    start, end = _school_year(indicator)
    end = min(end, clock.today())
    rows = (
        Acknowledgement.objects.filter(
            unit_id__in=unit_ids,
            distribution__due_on__range=(start, end),
            distribution__document__status=DocumentStatus.ACTIVE,
        )
        .values("unit_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(received_at__isnull=False)))
    )
    return {r["unit_id"]: 1 if r["total"] == r["done"] else 0 for r in rows}


def _responded_national_days(indicator, unit_ids):
    """1 when the unit responded to both national days (1/10 and 18/5) of the plan's school year; before
    18/5 has come, to the one already held (no data before 1/10)."""
    start, end = _school_year(indicator)
    end = min(end, clock.today())
    days = Event.objects.filter(builtin_key__in=BUILTIN_KEYS, starts_on__range=(start, end))
    held = days.count()
    if not held:
        return {}
    rows = (
        EventResponse.objects.filter(unit_id__in=unit_ids, event__in=days)
        .values("unit_id")
        .annotate(n=Count("event_id", distinct=True))
    )
    values = dict.fromkeys(unit_ids, 0)
    values.update({r["unit_id"]: 1 if r["n"] >= held else 0 for r in rows})
    return values


INDICATORS = [
    StatSource(
        key="outreach.documents_acknowledged",
        name=_("Trường xác nhận đủ văn bản được gửi"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_documents_acknowledged,
        description=_("Tỷ lệ trường đã xác nhận mọi văn bản có hạn xác nhận trong năm học."),
    ),
    StatSource(
        key="outreach.responded_national_days",
        name=_("Đơn vị hưởng ứng Ngày Đổi mới sáng tạo và Ngày Khoa học và Công nghệ"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_responded_national_days,
        description=_("Tỷ lệ đơn vị báo cáo hưởng ứng cả hai ngày 01/10 và 18/5 trong năm học."),
    ),
]


def _records_serving(user, task):
    """Documents sent and events held for this plan task (or one of its sub-tasks), as far as the user sees them."""
    from django.urls import reverse

    from sangtao.plans.records import TaskRecord

    from .selectors import banner_campaigns_for_user, documents_for_user, events_for_user

    q = Q(tasks=task) | Q(tasks__parent=task)
    docs = documents_for_user(user).filter(q).distinct()[:50]
    events = events_for_user(user).filter(q).distinct()[:50]
    banners = banner_campaigns_for_user(user).filter(Q(tasks=task) | Q(tasks__parent=task))[:50]
    return (
        [
            TaskRecord(
                group=_("Văn bản, cẩm nang"),
                title=f"{d.number} {d.summary}".strip(),
                url=reverse("outreach:document", args=[d.pk]),
                status=d.get_kind_display(),
                date=d.issued_on,
            )
            for d in docs
        ]
        + [
            TaskRecord(
                group=_("Sự kiện"),
                title=e.title,
                url=reverse("outreach:event", args=[e.pk]),
                status=e.get_kind_display(),
                date=e.starts_on,
            )
            for e in events
        ]
        + [
            TaskRecord(
                group=_("Treo băng rôn"),
                title=b.theme,
                url=reverse("outreach:banner", args=[b.pk]),
                status=f"{b.reported}/{b.asked}",
                date=b.starts_on,
            )
            for b in banners
        ]
    )


TASK_RECORDS = [_records_serving]


def _acknowledged(unit_ids, start, end):
    return last_dates(Acknowledgement.objects.all(), "unit_id", "received_at", unit_ids, start, end)


def _responded(unit_ids, start, end):
    return last_dates(EventResponse.objects.all(), "unit_id", "at", unit_ids, start, end)


def _banners_hung(unit_ids, start, end):
    return last_dates(BannerReport.objects.all(), "unit_id", "hung_on", unit_ids, start, end)


ACTIVITY = [_acknowledged, _responded, _banners_hung]


def _ack_links(user, pks):
    """An acknowledgement links to its document's page, when the user sees the document."""
    from django.urls import reverse

    from .selectors import documents_for_user

    rows = Acknowledgement.objects.filter(
        pk__in=pks, distribution__document__in=documents_for_user(user).order_by().values("pk")
    ).values_list("pk", "distribution__document_id")
    return {pk: reverse("outreach:document", args=[doc]) for pk, doc in rows}


def _response_links(user, pks):
    """A response to an event links to the event's page, when the user sees the event."""
    from django.urls import reverse

    from .selectors import events_for_user

    rows = EventResponse.objects.filter(
        pk__in=pks, event__in=events_for_user(user).order_by().values("pk")
    ).values_list("pk", "event_id")
    return {pk: reverse("outreach:event", args=[event]) for pk, event in rows}


def _banner_links(user, pks):
    """A banner report links to its campaign's page, when the user sees the campaign."""
    from django.urls import reverse

    from .selectors import banner_campaigns_for_user

    campaigns = banner_campaigns_for_user(user).order_by().values("pk")
    rows = BannerReport.objects.filter(pk__in=pks, campaign__in=campaigns).values_list("pk", "campaign_id")
    return {pk: reverse("outreach:banner", args=[campaign]) for pk, campaign in rows}


# Evidence records linked from the assignment page (sangtao/plans/records.py).
RECORD_LINKS = {
    "outreach.acknowledgement": _ack_links,
    "outreach.eventresponse": _response_links,
    "outreach.bannerreport": _banner_links,
}
