"""Indicators that the plans app itself can compute (STYLE example 6)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangtao.core import clock

from .activity import last_dates
from .indicators import StatSource
from .models import Assignment, AssignmentStatus, Evidence, Measure, PeriodReport, SchoolActivity


def _task_completed(indicator, unit_ids):
    """1 when the unit's assignment for the indicator's task (or every task of the plan) is approved."""
    qs = Assignment.objects.filter(unit_id__in=unit_ids, task__plan_id=indicator.plan_id)
    if indicator.task_id:
        qs = qs.filter(Q(task_id=indicator.task_id) | Q(task__parent_id=indicator.task_id))
    done = {}
    for unit_id, status in qs.values_list("unit_id", "status"):
        done.setdefault(unit_id, True)
        done[unit_id] = done[unit_id] and status == AssignmentStatus.APPROVED
    return {unit_id: (1 if ok else 0) for unit_id, ok in done.items()}


def _reports_on_time(indicator, unit_ids):
    """1 when the unit submitted on time its report for the latest period already due (the next one
    before any is due): a year-end report nobody owes yet must not pull the rate to zero."""
    periods = indicator.plan.periods.order_by("due")
    period = periods.filter(due__lt=clock.today()).last() or periods.first()
    if period is None:
        return {}
    values = dict.fromkeys(unit_ids, 0)
    for unit_id, first, due in PeriodReport.objects.filter(period=period, unit_id__in=unit_ids).values_list(
        "unit_id", "first_submitted_at", "period__due"
    ):
        values[unit_id] = 1 if first and timezone.localdate(first) <= due else 0
    return values


def _evidence_count(indicator, unit_ids):
    qs = Assignment.objects.filter(unit_id__in=unit_ids, task__plan_id=indicator.plan_id)
    if indicator.task_id:
        qs = qs.filter(task_id=indicator.task_id)
    return dict(qs.values("unit_id").annotate(n=Count("evidence")).values_list("unit_id", "n"))


INDICATORS = [
    StatSource(
        key="plans.task_completed",
        name=_("Đơn vị hoàn thành nhiệm vụ (được duyệt)"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_task_completed,
        description=_("Tỷ lệ đơn vị có báo cáo nhiệm vụ đã được Phòng duyệt."),
    ),
    StatSource(
        key="plans.reports_on_time",
        name=_("Đơn vị nộp báo cáo kỳ đúng hạn"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_reports_on_time,
        description=_("Tỷ lệ đơn vị nộp báo cáo kỳ gần nhất trước hạn."),
    ),
    StatSource(
        key="plans.evidence_count",
        name=_("Số minh chứng đã nộp"),
        measure=Measure.COUNT,
        compute=_evidence_count,
    ),
]


def _evidence_added(unit_ids, start, end):
    return last_dates(Evidence.objects.all(), "assignment__unit_id", "created_at", unit_ids, start, end)


def _assignments_submitted(unit_ids, start, end):
    return last_dates(Assignment.objects.all(), "unit_id", "submitted_at", unit_ids, start, end)


def _activities_done(unit_ids, start, end):
    return last_dates(SchoolActivity.objects.all(), "assignment__unit_id", "done_on", unit_ids, start, end)


def _period_reports_submitted(unit_ids, start, end):
    return last_dates(PeriodReport.objects.all(), "unit_id", "submitted_at", unit_ids, start, end)


# When each unit last recorded something here (see sangtao/plans/activity.py).
ACTIVITY = [_evidence_added, _assignments_submitted, _activities_done, _period_reports_submitted]
