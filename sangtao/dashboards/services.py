"""Writes of the dashboards: the monthly indicator snapshots behind the trend lines.

Computing a year of monthly figures on every page view would mean twelve passes over every app's
records; instead each month's per-unit values are stored once. A past month is computed as of its last day
(`sangtao.core.clock.as_of`: sources that count dated records stop there); the running month is rewritten
by the daily job, so that the value a month keeps is that of its last day as the data stood then.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from sangtao.core import clock
from sangtao.core.exceptions import PermissionDeniedError
from sangtao.core.memo import memo_scope
from sangtao.plans.activity import last_activity
from sangtao.plans.models import Plan, PlanStatus
from sangtao.plans.selectors import implementing_units, indicator_figures

from .models import IndicatorSnapshot, UnitActivity
from .selectors import (
    LEVELS,
    Filters,
    can_refresh_snapshots,
    default_period,
    level_figures,
    month_end,
    months_between,
    office_dashboard,
    plan_periods,
    school_year,
    semester_start,
)


@transaction.atomic
def snapshot_take(*, plan: Plan, month: datetime.date, today: datetime.date | None = None) -> int:
    """Store every implementing unit's value of every indicator of `plan` for `month`, as of the month's
    last day (or `today` while the month runs). Replaces what the month held. Returns the rows written."""
    month = month.replace(day=1)
    today = today or clock.today()
    as_of = min(month_end(month), today)
    # Every implementing unit (no user): the snapshot serves every reader, each page narrows it to its scope.
    results = indicator_figures(None, plan, as_of=as_of)
    now = clock.now()  # the demo's clock tells its story's moment; elsewhere the real one
    rows = [
        IndicatorSnapshot(
            indicator=result.indicator,
            unit_id=unit_id,
            month=month,
            value=value,
            as_of=as_of,
            computed_at=now,
        )
        for result in results
        for unit_id, value in result.by_unit.items()
    ]
    for row in rows:
        row.full_clean(exclude=["indicator", "unit"], validate_unique=False, validate_constraints=False)
    IndicatorSnapshot.objects.filter(indicator__plan=plan, month=month).delete()
    IndicatorSnapshot.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def snapshots_backfill(
    *,
    plan: Plan,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    force: bool = False,
    today: datetime.date | None = None,
) -> list[datetime.date]:
    """Fill the months from `start` to `end` (default: the plan's school year up to today) that have no
    snapshot yet, each as of its last day; with `force`, recompute them all. The running month is always
    recomputed. Returns the months written."""
    today = today or clock.today()
    year_start, year_end = school_year(plan)
    start = (start or year_start).replace(day=1)
    end = min(end or year_end, year_end, today)
    if end < start:
        return []
    present = set(
        IndicatorSnapshot.objects.filter(indicator__plan=plan).values_list("month", flat=True).distinct()
    )
    running = today.replace(day=1)
    written = []
    for month in months_between(start, end):
        if force or month == running or month not in present:
            snapshot_take(plan=plan, month=month, today=today)
            written.append(month)
    return written


def snapshots_daily(*, today: datetime.date | None = None) -> int:
    """The daily job's work: for every issued plan, the running month and any month missing. Returns the
    number of months written."""
    today = today or clock.today()
    written = 0
    for plan in Plan.objects.filter(status=PlanStatus.ISSUED).order_by("pk"):
        written += len(snapshots_backfill(plan=plan, today=today))
    return written


def snapshots_refresh(*, actor, plan: Plan) -> list[datetime.date]:
    """The office asks for the trend to be brought up to date now rather than tomorrow morning."""
    if not can_refresh_snapshots(actor, plan):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng mới cập nhật được số liệu xu hướng."))
    return snapshots_backfill(plan=plan)


@transaction.atomic
def activity_take(*, plan: Plan, today: datetime.date | None = None) -> int:
    """Store every implementing unit's latest activity of the running semester (None: nothing recorded),
    replacing what was stored for that semester. Returns the rows written."""
    today = today or clock.today()
    since = semester_start(plan, plan_periods(plan), today)
    with clock.as_of(today):
        units = implementing_units(plan, None)
        latest = last_activity([u.pk for u in units], since, today)
    now = clock.now()
    rows = [
        UnitActivity(unit_id=u.pk, since=since, last=latest.get(u.pk), as_of=today, computed_at=now) for u in units
    ]
    UnitActivity.objects.filter(since=since, unit_id__in=[u.pk for u in units]).delete()
    UnitActivity.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def figures_refresh(*, today: datetime.date | None = None) -> int:
    """The frequent job's cycle (SANGTAO_FIGURES_FROM_SNAPSHOT): recompute the running month's snapshot and
    the activity summary of every issued plan, which the dashboards then read instead of computing them.
    Returns the rows written."""
    today = today or clock.today()
    written = 0
    for plan in Plan.objects.filter(status=PlanStatus.ISSUED).order_by("pk"):
        written += snapshot_take(plan=plan, month=today, today=today)
        written += activity_take(plan=plan, today=today)
        dashboards_warm(plan=plan)
    return written


def dashboards_warm(*, plan: Plan) -> None:
    """Build the office dashboard of the whole plan (the default period, every level and each one) into
    the shared cache right after a refresh, so that no office viewer waits for its computation."""
    with memo_scope():
        period = default_period(plan_periods(plan))
        for level in ["", *LEVELS]:
            office_dashboard(None, plan, Filters(period=period, level=level))
        for level in LEVELS:  # the benchmark each school of the level compares itself with
            level_figures(plan, level, Filters(period=period))
