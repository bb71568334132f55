"""Indicators that the contests app computes (see sangtao/plans/indicators.py). One query each.

"The plan's school year" is the school year that ends in the plan's year: the seed plan of 2024 runs from
November 2023 to May 2024, i.e. school year 2023-2024. The subquery keeps it to one query per source.
"""

from collections import defaultdict

from django.db.models import Count, Q, Subquery
from django.utils.translation import gettext_lazy as _

from sangtao.plans.activity import last_dates
from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure, Plan

from .models import ACTIVE_ENTRY_STATUSES, Contest, Entry, EntryStatus, RoundStatus


def _plan_year(indicator):
    return Subquery(Plan.objects.filter(pk=indicator.plan_id).values("year")[:1])


def _held(indicator, unit_ids):
    """Per unit: contests of the plan's school year with a published round that it organised or took part in."""
    rows = (
        Contest.objects.filter(school_year__end__year=_plan_year(indicator))
        .filter(rounds__status=RoundStatus.PUBLISHED)
        .filter(Q(organiser_id__in=unit_ids) | Q(rounds__entries__school_id__in=unit_ids))
        .values_list("pk", "organiser_id", "rounds__entries__school_id", "rounds__entries__status")
        .distinct()
    )
    wanted = set(unit_ids)
    contests: dict[int, set[int]] = defaultdict(set)
    for contest_id, organiser_id, school_id, status in rows:
        if organiser_id in wanted:
            contests[organiser_id].add(contest_id)
        # A draft or a withdrawn entry is not taking part.
        if school_id in wanted and status in ACTIVE_ENTRY_STATUSES:
            contests[school_id].add(contest_id)
    values = dict.fromkeys(unit_ids, 0)
    values.update({unit_id: len(ids) for unit_id, ids in contests.items()})
    return values


# An entry that the organiser accepted (or that went on to the next round) counts; a draft, a submission
# still waiting for the organiser's check, or a withdrawn entry does not.
COUNTED = (EntryStatus.ELIGIBLE, EntryStatus.ADVANCED)


def _schools_participating(indicator, unit_ids):
    """1 for a school with at least one accepted entry in a contest of the plan's school year, else 0."""
    taking_part = set(
        Entry.objects.filter(
            school_id__in=unit_ids,
            status__in=COUNTED,
            round__contest__school_year__end__year=_plan_year(indicator),
        )
        .values_list("school_id", flat=True)
        .distinct()
    )
    return {unit_id: int(unit_id in taking_part) for unit_id in unit_ids}


def _entries(indicator, unit_ids):
    """Entries registered per school (a project that advances is counted once, in its first round)."""
    values = dict.fromkeys(unit_ids, 0)
    values.update(
        Entry.objects.filter(
            school_id__in=unit_ids,
            advanced_from__isnull=True,
            status__in=ACTIVE_ENTRY_STATUSES,
            round__contest__school_year__end__year=_plan_year(indicator),
        )
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )
    return values


INDICATORS = [
    StatSource(
        key="contests.held",
        name=_("Hội thi sáng tạo đã tổ chức, đã tham gia"),
        measure=Measure.COUNT,
        compute=_held,
        description=_(
            "Số hội thi trong năm học có vòng thi đã công bố kết quả mà đơn vị tổ chức hoặc có bài dự thi."
        ),
    ),
    StatSource(
        key="contests.schools_participating",
        name=_("Đơn vị tham gia hội thi sáng tạo"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_schools_participating,
        description=_("Tỷ lệ đơn vị có ít nhất một bài dự thi hợp lệ trong năm học."),
    ),
    StatSource(
        key="contests.entries",
        name=_("Số bài dự thi hội thi sáng tạo"),
        measure=Measure.COUNT,
        compute=_entries,
        description=_("Số bài dự thi các trường đã nộp trong năm học (bài vào vòng sau chỉ tính một lần)."),
    ),
]


def _contests_serving(user, task):
    """Contests organised for this task, as far as the user may see them."""
    from django.urls import reverse

    from sangtao.plans.records import TaskRecord

    from .selectors import contests_for_task

    return [
        TaskRecord(
            group=_("Hội thi"),
            title=contest.name,
            url=reverse("contests:detail", args=[contest.pk]),
            unit=contest.organiser.display_short,
            status=contest.get_status_display(),
        )
        for contest in contests_for_task(user, task)[:50]
    ]


TASK_RECORDS = [_contests_serving]


def _entries_submitted(unit_ids, start, end):
    return last_dates(Entry.objects.all(), "school_id", "submitted_at", unit_ids, start, end)


ACTIVITY = [_entries_submitted]
