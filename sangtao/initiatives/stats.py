"""Indicators that the initiatives app computes (see sangtao/plans/indicators.py), and the campaigns that
serve a plan task (TASK_RECORDS, see sangtao/plans/records.py).

Both indicators count per school the initiatives of the plan's school year: the school year that ends in
the plan's year (the 2024 plan 454/KH-GDĐT runs through the school year 2023-2024). One query each.
"""

from django.db.models import Count, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sangtao.plans.activity import last_dates
from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure, Plan

from .models import RECOGNISED, SUBMITTED_STATES, Initiative


def _count(indicator, unit_ids, statuses) -> dict[int, int]:
    plan_year = Subquery(Plan.objects.filter(pk=indicator.plan_id).values("year")[:1])
    rows = (
        Initiative.objects.filter(
            unit_id__in=unit_ids, status__in=statuses, campaign__school_year__end__year=plan_year
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    # The system holds every application: a school without one has none, not "no data".
    values = dict.fromkeys(unit_ids, 0)
    values.update(rows)
    return values


def _submitted(indicator, unit_ids):
    return _count(indicator, unit_ids, SUBMITTED_STATES)


def _recognised(indicator, unit_ids):
    return _count(indicator, unit_ids, RECOGNISED)


INDICATORS = [
    StatSource(
        key="initiatives.submitted",
        name=_("Sáng kiến đã nộp (năm học của kế hoạch)"),
        measure=Measure.COUNT,
        compute=_submitted,
        description=_("Số sáng kiến mỗi trường đã nộp trong năm học của kế hoạch (không tính hồ sơ đã rút)."),
    ),
    StatSource(
        key="initiatives.recognised",
        name=_("Sáng kiến được công nhận cấp trường hoặc cấp Phòng"),
        measure=Measure.COUNT,
        compute=_recognised,
        description=_(
            "Số sáng kiến của mỗi trường được công nhận cấp trường hoặc cấp Phòng trong năm học của kế hoạch."
        ),
    ),
]


def _campaigns_serving(user, task):
    """The campaigns that serve the task, as the user may see them (a campaign lists the task it serves)."""
    from sangtao.plans.records import TaskRecord

    from .selectors import campaigns_for_task

    return [
        TaskRecord(
            group=_("Phong trào, đợt xét sáng kiến"),
            title=campaign.title,
            url=reverse("initiatives:campaign", args=[campaign.pk]),
            unit=campaign.unit.display_short,
            status=campaign.get_status_display(),
            date=campaign.opens_on,
        )
        for campaign in campaigns_for_task(user, task)[:50]
    ]


TASK_RECORDS = [_campaigns_serving]


def _initiatives_submitted(unit_ids, start, end):
    return last_dates(Initiative.objects.all(), "unit_id", "submitted_at", unit_ids, start, end)


ACTIVITY = [_initiatives_submitted]
