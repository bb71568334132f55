"""Reads of the dashboards: the office's view of a plan, a level's schools, one school, reporting rates.

Every indicator number comes from `plans.selectors.indicator_figures` (the one source shared with the
reports and the API); this module only arranges it: by level, per school, against the expected pace, and
month by month from the snapshots (`models.IndicatorSnapshot`). Each function makes a fixed number of
queries, whatever the number of schools and records (asserted in the tests).
"""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role
from sangtao.core import clock
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.outreach.models import Acknowledgement
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.activity import last_activity
from sangtao.plans.indicators import IndicatorResult, aggregate, stat_sources
from sangtao.plans.models import (
    Assignment,
    AssignmentStatus,
    Direction,
    Indicator,
    IndicatorSource,
    Measure,
    PeriodKind,
    PeriodReport,
    PeriodReportStatus,
    Plan,
    PlanStatus,
    ReportingPeriod,
    Task,
)
from sangtao.plans.selectors import Scope, implementing_units, indicator_figures

from .models import IndicatorSnapshot, UnitActivity

# The levels a district office manages; a filter by level offers these.
LEVELS = [SchoolLevel.MN, SchoolLevel.TH, SchoolLevel.THCS]
ATTENTION_LIMIT = 10


# ── Time: the plan's school year, its span, months ─────────────────────────────────────────────────


def school_year(plan: Plan) -> tuple[datetime.date, datetime.date]:
    """The school year that ends in the plan's year (plan 2024 → 01/09/2023–31/08/2024), as the apps' stats
    count it."""
    return datetime.date(plan.year - 1, 9, 1), datetime.date(plan.year, 8, 31)


def plan_span(plan: Plan, periods: list[ReportingPeriod]) -> tuple[datetime.date, datetime.date]:
    """From the plan's issue (or its first period, or the school year's start) to the end of its last
    reporting period (or the school year's end): the stretch over which a target is expected to be met."""
    year_start, year_end = school_year(plan)
    starts = [d for d in [plan.issued_on, *(p.start for p in periods)] if d]
    start = min(starts) if starts else year_start
    end = max((p.end for p in periods), default=year_end)
    return start, max(end, start)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of the months from `start`'s to `end`'s, both included."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def trend_months(plan: Plan, as_of: datetime.date) -> list[datetime.date]:
    """September of the plan's school year up to the month of `as_of` (never past August)."""
    start, end = school_year(plan)
    return months_between(start, min(as_of, end)) if as_of >= start else []


def semester_start(plan: Plan, periods: list[ReportingPeriod], day: datetime.date) -> datetime.date:
    """The start of the semester `day` falls in: the day after the semester-I report period ends, once it has
    ended; before that the school year's start."""
    year_start, _end = school_year(plan)
    first = [p.end for p in periods if p.kind == PeriodKind.SEMESTER_1 and p.end < day]
    return max(first) + datetime.timedelta(days=1) if first else year_start


# ── Filters ────────────────────────────────────────────────────────────────────────────────────────


@dataclass
class Filters:
    """What the office chose: a reporting period (figures as at its end) and a school level."""

    period: ReportingPeriod | None = None
    level: str = ""

    @property
    def as_of(self) -> datetime.date:
        """The period's end, or today; never a day still to come (nothing is known about it)."""
        today = clock.today()
        return min(self.period.end, today) if self.period is not None else today

    @property
    def is_today(self) -> bool:
        return self.as_of == clock.today()

    @property
    def level_label(self) -> str:
        return str(SchoolLevel(self.level).label) if self.level else ""


def plan_periods(plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("due", "pk"))


def can_see_office_dashboard(user, plan: Plan) -> bool:
    """The office's staff and the observers (UBND) above the issuing unit; observers read only."""
    return perms.is_office(user) or perms.holds(user, plan.issuing_unit, Role.OBSERVER)


def can_refresh_snapshots(user, plan: Plan) -> bool:
    return perms.can_review(user, plan.issuing_unit)


# ── Indicators: pace and trend ─────────────────────────────────────────────────────────────────────


def measure_of(indicator: Indicator) -> str:
    """How values aggregate: the declaring source's measure for a computed indicator, else its own."""
    if indicator.source == IndicatorSource.COMPUTED:
        source = stat_sources().get(indicator.source_key)
        if source is not None:
            return source.measure
    return indicator.measure


def expected_at(indicator: Indicator, span: tuple[datetime.date, datetime.date], day: datetime.date):
    """The value a target would have reached by `day` on a straight line from the plan's start (at the
    baseline, 0 when none) to its end (at the target). None without a target."""
    if indicator.target is None:
        return None
    start, end = span
    total = (end - start).days
    elapsed = min(max((day - start).days, 0), total)
    fraction = Decimal(elapsed) / Decimal(total) if total else Decimal(1)
    baseline = indicator.baseline if indicator.baseline is not None else Decimal(0)
    if indicator.direction == Direction.DOWN and indicator.baseline is None:
        return None  # "lower is better" without a starting point has no line to follow
    return (baseline + (indicator.target - baseline) * fraction).quantize(Decimal("0.1"))


@dataclass
class IndicatorRow:
    result: IndicatorResult
    measure: str
    expected: Decimal | None = None
    trend: list[Decimal | None] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator:
        return self.result.indicator

    @property
    def is_share(self) -> bool:
        return self.measure == Measure.SHARE_OF_UNITS

    @property
    def below_pace(self) -> bool:
        actual = self.result.overall.actual
        if self.expected is None or actual is None:
            return False
        if self.indicator.direction == Direction.DOWN:
            return actual > self.expected
        return actual < self.expected

    @property
    def no_data(self) -> bool:
        return not self.result.overall.has_data

    def level_value(self, level: str):
        agg = self.result.by_level.get(level)
        return agg.actual if agg is not None else None


@dataclass
class SnapshotSet:
    """Per-unit snapshot values of a plan's indicators, by month."""

    values: dict[tuple[int, datetime.date], dict[int, Decimal | None]]
    computed_at: datetime.datetime | None

    def months_for(self, indicator_id: int) -> set[datetime.date]:
        return {m for (i, m) in self.values if i == indicator_id}


def snapshots_for(plan: Plan, months: list[datetime.date]) -> SnapshotSet:
    """Every stored value of the plan's indicators for `months` (one query)."""
    values: dict[tuple[int, datetime.date], dict[int, Decimal | None]] = defaultdict(dict)
    latest = None
    if months:
        rows = IndicatorSnapshot.objects.filter(indicator__plan=plan, month__in=months).values_list(
            "indicator_id", "unit_id", "month", "value", "computed_at"
        )
        for indicator_id, unit_id, month, value, computed_at in rows:
            values[(indicator_id, month)][unit_id] = value
            latest = computed_at if latest is None or computed_at > latest else latest
    return SnapshotSet(values=dict(values), computed_at=latest)


# ── The running month, precomputed (city scale) ───────────────────────────────────────────────────────


@dataclass
class Running:
    """The running month's figures as the frequent job last computed them (values per indicator and unit,
    the latest activity per unit), or nothing when they are to be computed live."""

    values: dict[int, dict[int, Decimal | None]] | None = None
    activity: dict[int, datetime.date | None] | None = None
    computed_at: datetime.datetime | None = None

    def latest_activity(self, unit_ids: list[int], since: datetime.date, as_of: datetime.date) -> dict:
        """{unit id: latest record date since `since`}: the stored summary, or searched live."""
        if self.activity is None:
            return last_activity(unit_ids, since, as_of)
        return {u: day for u, day in self.activity.items() if day is not None}


def max_age() -> datetime.timedelta:
    # Two cycles: a refresh that is running late still counts, a stopped worker soon shows as live figures.
    return datetime.timedelta(minutes=2 * settings.SANGTAO_FIGURES_REFRESH_MINUTES)


def running_figures(plan: Plan, as_of: datetime.date, since: datetime.date) -> Running:
    """With SANGTAO_FIGURES_FROM_SNAPSHOT on and the figures asked for today, the running month's snapshot
    and activity summary when the frequent job wrote them recently (two queries); otherwise nothing, and
    the caller computes live. Stored values are those of every implementing unit: each page narrows them."""
    if not settings.SANGTAO_FIGURES_FROM_SNAPSHOT or as_of != clock.today():
        return Running()
    fresh_since = clock.now() - max_age()
    values: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    oldest = None
    rows = IndicatorSnapshot.objects.filter(
        indicator__plan=plan, month=as_of.replace(day=1), as_of=as_of, computed_at__gte=fresh_since
    ).values_list("indicator_id", "unit_id", "value", "computed_at")
    for indicator_id, unit_id, value, computed_at in rows:
        values[indicator_id][unit_id] = value
        oldest = computed_at if oldest is None or computed_at < oldest else oldest
    if not values:
        return Running()
    activity = None
    summary = list(
        UnitActivity.objects.filter(since=since, as_of=as_of, computed_at__gte=fresh_since).values_list(
            "unit_id", "last", "computed_at"
        )
    )
    if summary:
        activity = {unit_id: last for unit_id, last, _at in summary}
        oldest = min(oldest, *(at for _u, _l, at in summary))
    return Running(values=dict(values), activity=activity, computed_at=oldest)


def indicator_rows(
    results: list[IndicatorResult],
    *,
    span,
    as_of: datetime.date,
    months: list[datetime.date],
    snapshots: SnapshotSet,
) -> list[IndicatorRow]:
    """Each indicator with its expected pace and its monthly trend over the units the figures cover.

    The months before `as_of`'s come from the snapshots, re-aggregated over exactly the units of the live
    figure (the same level, the same schools); the last point is the live figure itself.
    """
    rows = []
    for result in results:
        measure = measure_of(result.indicator)
        unit_ids = list(result.by_unit)
        trend = []
        for month in months[:-1]:
            stored = snapshots.values.get((result.indicator.pk, month))
            trend.append(aggregate(measure, stored, unit_ids).actual if stored is not None else None)
        if months:
            trend.append(result.overall.actual)
        rows.append(
            IndicatorRow(
                result=result,
                measure=measure,
                expected=expected_at(result.indicator, span, as_of),
                trend=trend,
            )
        )
    return rows


def month_label(month: datetime.date) -> str:
    return f"{month.month:02d}/{month.year}"


# ── Assignments by section and status, overdue ─────────────────────────────────────────────────────


def assignment_summary(plan: Plan, unit_ids: list[int], as_of: datetime.date) -> dict:
    """Assignments of `unit_ids` by status and by section of the plan, and those overdue at `as_of` (4 queries)."""
    base = Assignment.objects.filter(task__plan=plan)
    if set(unit_ids) != {u.pk for u in implementing_units(plan)}:
        base = base.filter(unit_id__in=unit_ids)  # a part of the plan's units (thousands of ids are slow)
    tasks = list(
        Task.objects.filter(plan=plan)
        .only("pk", "parent_id", "number", "title", "kind", "order")
        .order_by("order", "pk")
    )
    parent = {t.pk: t.parent_id for t in tasks}

    def root(task_id):
        while parent.get(task_id):
            task_id = parent[task_id]
        return task_id

    by_root: dict[int, Counter] = defaultdict(Counter)
    status_counts: Counter = Counter()
    for task_id, status, n in base.order_by().values_list("task_id", "status").annotate(n=Count("id")):
        by_root[root(task_id)][status] += n
        status_counts[status] += n
    sections = []
    for task in tasks:
        if task.parent_id is None:
            counts = by_root[task.pk]
            total = sum(counts.values())
            approved = counts[AssignmentStatus.APPROVED]
            sections.append(
                {
                    "task": task,
                    "total": total,
                    "approved": approved,
                    "share": (approved / total) if total else None,
                }
            )
    overdue = base.filter(due__lt=as_of).exclude(status=AssignmentStatus.APPROVED)
    return {
        "status_counts": [(s, status_counts.get(s.value, 0)) for s in AssignmentStatus],
        "total_assignments": sum(status_counts.values()),
        "sections": sections,
        "overdue_count": overdue.count(),
        "overdue": list(
            overdue.select_related("unit", "task").order_by("due", "unit__path")[:ATTENTION_LIMIT]
        ),
        "waiting_count": status_counts.get(AssignmentStatus.SUBMITTED, 0),
    }


# ── Reporting completeness and timeliness (DHIS2's reporting rates) ────────────────────────────────


@dataclass
class Rate:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return self.submitted / self.expected if self.expected else None

    @property
    def timely_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None

    def add(self, state: str) -> None:
        self.expected += 1
        if state in (UnitReport.ON_TIME, UnitReport.LATE):
            self.submitted += 1
        if state == UnitReport.ON_TIME:
            self.on_time += 1


@dataclass
class UnitReport:
    """One unit's report for one period, as the reporting-rate table shows it."""

    MISSING, PENDING, ON_TIME, LATE = "missing", "pending", "on_time", "late"
    LABELS = {
        MISSING: _("Chưa nộp (quá hạn)"),
        PENDING: _("Chưa nộp"),
        ON_TIME: _("Nộp đúng hạn"),
        LATE: _("Nộp muộn"),
    }

    period: ReportingPeriod
    unit: OrgUnit
    state: str
    status: str = ""  # the report's own status, when there is one
    first_submitted_at: datetime.datetime | None = None
    report_id: int | None = None

    @property
    def state_label(self) -> str:
        return str(self.LABELS[self.state])

    @property
    def status_label(self) -> str:
        return str(PeriodReportStatus(self.status).label) if self.status else ""


@dataclass
class PeriodRates:
    period: ReportingPeriod
    total: Rate
    by_level: list[tuple[str, str, Rate]]
    units: list[UnitReport]
    is_past_due: bool

    @property
    def missing(self) -> list[UnitReport]:
        return [u for u in self.units if u.state == UnitReport.MISSING]

    @property
    def late(self) -> list[UnitReport]:
        return [u for u in self.units if u.state == UnitReport.LATE]


def reporting_rates(
    plan: Plan, units: list[OrgUnit], periods: list[ReportingPeriod], *, today: datetime.date | None = None
) -> list[PeriodRates]:
    """Expected, submitted and on-time period reports, in total, by level and by unit (one query).

    Every implementing unit is expected to report each period; a report counts as submitted from its first
    submission (a report returned for correction was still sent), on time when that was by the due date.
    """
    today = today or clock.today()
    reports = {
        (period_id, unit_id): (pk, status, first)
        for pk, period_id, unit_id, status, first in PeriodReport.objects.filter(
            period__plan=plan, unit_id__in=[u.pk for u in units]
        ).values_list("pk", "period_id", "unit_id", "status", "first_submitted_at")
    }
    out = []
    for period in periods:
        total, levels, rows = Rate(), defaultdict(Rate), []
        past_due = today > period.due
        for unit in units:
            pk, status, first = reports.get((period.pk, unit.pk), (None, "", None))
            if first is not None:
                state = UnitReport.ON_TIME if timezone.localdate(first) <= period.due else UnitReport.LATE
            else:
                state = UnitReport.MISSING if past_due else UnitReport.PENDING
            total.add(state)
            levels[unit.level or ""].add(state)
            rows.append(
                UnitReport(
                    period=period,
                    unit=unit,
                    state=state,
                    status=status,
                    first_submitted_at=first,
                    report_id=pk,
                )
            )
        by_level = [
            (lv, str(SchoolLevel(lv).label) if lv in SchoolLevel.values else str(_("Khác")), rate)
            for lv, rate in sorted(levels.items(), key=lambda kv: _level_order(kv[0]))
        ]
        out.append(
            PeriodRates(period=period, total=total, by_level=by_level, units=rows, is_past_due=past_due)
        )
    return out


def _level_order(level: str) -> int:
    order = [*SchoolLevel.values, ""]
    return order.index(level) if level in order else len(order)


def default_period(
    periods: list[ReportingPeriod], today: datetime.date | None = None
) -> ReportingPeriod | None:
    """The latest period already due (its rates are final), else the next one."""
    today = today or clock.today()
    due = [p for p in periods if p.due < today]
    return due[-1] if due else (periods[0] if periods else None)


# ── The office dashboard ───────────────────────────────────────────────────────────────────────────


def office_dashboard(user, plan: Plan, filters: Filters) -> dict:
    """Everything the office's page (and the API's summary) shows for a plan, as of `filters.as_of`, over
    the implementing units the user sees, narrowed to `filters.level`.

    With precomputed figures on (SANGTAO_FIGURES_FROM_SNAPSHOT) and today's figures asked for, the whole
    result is kept in the cache until the next refresh of the snapshot: every viewer who sees the same units
    gets it without recomputing, and the page's "computed at" tells its age."""
    return _shared(_precomputed_key("office", user, plan, filters), lambda: _office_dashboard(user, plan, filters))


def level_figures(plan: Plan, level: str, filters: Filters) -> list[IndicatorResult]:
    """Every school of `level`'s figures (the benchmark a school compares itself with). With precomputed
    figures on, built from the latest refresh and shared by every school of the level until the next."""
    key = _precomputed_key(f"level-{level}", None, plan, filters)

    def compute():
        computed = None
        if key is not None:  # a fresh refresh exists: its per-unit values stand in for the sources
            since = semester_start(plan, plan_periods(plan), filters.as_of)
            computed = running_figures(plan, filters.as_of, since).values
        return indicator_figures(None, plan, as_of=filters.as_of, scope=Scope(level=level), computed=computed)

    return _shared(key, compute)


def _shared(key: str | None, compute):
    """`compute()` once per refresh for everyone (kept in the cache under `key`), or every time without a key."""
    if key is None:
        return compute()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, int(max_age().total_seconds()))
    return found


def _precomputed_key(page: str, user, plan: Plan, filters: Filters) -> str | None:
    """The cache key of a dashboard built on the latest refresh, or None when it is computed live."""
    if not settings.SANGTAO_FIGURES_FROM_SNAPSHOT or not filters.is_today:
        return None
    month = filters.as_of.replace(day=1)
    refreshed = IndicatorSnapshot.objects.filter(indicator__plan=plan, month=month).aggregate(
        at=Max("computed_at")
    )["at"]
    if refreshed is None or refreshed < clock.now() - max_age():
        return None
    sees_all = user is None or perms.can_review(user, plan.issuing_unit) or perms.holds(
        user, plan.issuing_unit, Role.OBSERVER
    )
    viewer = "all" if sees_all else f"user{user.pk}"
    period = filters.period.pk if filters.period else ""
    return (
        f"dashboards:{page}:{plan.pk}:{period}:{filters.level}:{viewer}:{get_language()}:"
        f"{refreshed.timestamp()}:{filters.as_of.isoformat()}"
    )


def _office_dashboard(user, plan: Plan, filters: Filters) -> dict:
    as_of = filters.as_of
    periods = plan_periods(plan)
    with clock.as_of(as_of):
        units = Scope(level=filters.level).narrow(implementing_units(plan, user))
        unit_ids = [u.pk for u in units]
        since = semester_start(plan, periods, as_of)
        running = running_figures(plan, as_of, since)
        results = indicator_figures(
            user, plan, as_of=as_of, scope=Scope(level=filters.level), computed=running.values
        )
        months = trend_months(plan, as_of)
        snapshots = snapshots_for(plan, months[:-1])
        rows = indicator_rows(
            results, span=plan_span(plan, periods), as_of=as_of, months=months, snapshots=snapshots
        )
        summary = assignment_summary(plan, unit_ids, as_of)
        rates = reporting_rates(plan, units, periods, today=as_of)
        active = running.latest_activity(unit_ids, since, as_of)
    levels = [
        (lv, SchoolLevel(lv).label, sum(1 for u in units if u.level == lv))
        for lv in SchoolLevel.values
        if any(u.level == lv for u in units)
    ]
    inactive = [u for u in units if u.pk not in active]
    late_reports = [(r.period, r.missing, r.late) for r in rates if r.is_past_due and (r.missing or r.late)]
    return {
        "plan": plan,
        "filters": filters,
        "as_of": as_of,
        "periods": periods,
        "units": units,
        "unit_count": len(units),
        "levels": levels,
        "indicators": rows,
        "months": months,
        "snapshots_at": snapshots.computed_at,
        "figures_at": running.computed_at,
        "refresh_minutes": settings.SANGTAO_FIGURES_REFRESH_MINUTES,
        "snapshot_gaps": _snapshot_gaps(rows, months, snapshots),
        "rates": rates,
        **summary,
        "attention": {
            "overdue_count": summary["overdue_count"],
            "overdue": summary["overdue"],
            "late_reports": late_reports,
            "late_report_count": sum(len(missing) for _p, missing, _l in late_reports),
            "inactive": inactive,
            "inactive_since": since,
            "below_pace": [r for r in rows if r.below_pace],
            "no_data": [r for r in rows if r.no_data],
        },
    }


def _snapshot_gaps(rows: list[IndicatorRow], months: list[datetime.date], snapshots: SnapshotSet) -> list:
    """Past months of the trend that have no snapshot yet (the back-fill command fills them)."""
    if not rows:
        return []
    present = set.union(*(snapshots.months_for(r.indicator.pk) for r in rows))
    return [m for m in months[:-1] if m not in present]


def level_dashboard(user, plan: Plan, filters: Filters) -> dict:
    """The schools of one level with their value on each indicator, the level's figures above them."""
    as_of = filters.as_of
    periods = plan_periods(plan)
    with clock.as_of(as_of):
        units = Scope(level=filters.level).narrow(implementing_units(plan, user))
        unit_ids = [u.pk for u in units]
        since = semester_start(plan, periods, as_of)
        running = running_figures(plan, as_of, since)
        results = indicator_figures(
            user, plan, as_of=as_of, scope=Scope(level=filters.level), computed=running.values
        )
        rows = indicator_rows(
            results,
            span=plan_span(plan, periods),
            as_of=as_of,
            months=[],
            snapshots=SnapshotSet(values={}, computed_at=None),
        )
        assigned = dict(
            Assignment.objects.filter(task__plan=plan, unit_id__in=unit_ids)
            .order_by()
            .values("unit_id")
            .annotate(n=Count("id"))
            .values_list("unit_id", "n")
        )
        approved = dict(
            Assignment.objects.filter(task__plan=plan, unit_id__in=unit_ids, status=AssignmentStatus.APPROVED)
            .order_by()
            .values("unit_id")
            .annotate(n=Count("id"))
            .values_list("unit_id", "n")
        )
        active = running.latest_activity(unit_ids, since, as_of)
    schools = [
        {
            "unit": unit,
            "values": [(row, row.result.by_unit.get(unit.pk), unit.pk in row.result.by_unit) for row in rows],
            "assigned": assigned.get(unit.pk, 0),
            "approved": approved.get(unit.pk, 0),
            "last_activity": active.get(unit.pk),
        }
        for unit in units
    ]
    return {
        "plan": plan,
        "filters": filters,
        "as_of": as_of,
        "periods": periods,
        "indicators": rows,
        "schools": schools,
        "unit_count": len(units),
        "figures_at": running.computed_at,
        "refresh_minutes": settings.SANGTAO_FIGURES_REFRESH_MINUTES,
    }


# ── The school dashboard ───────────────────────────────────────────────────────────────────────────


@dataclass
class Standing:
    """A school's value on an indicator beside its level's: for a share, met or not against the share of the
    level's schools that met it; for a count, its number against the level's average per school."""

    row: IndicatorRow
    applies: bool
    value: Decimal | None
    level_value: Decimal | None
    rank: int | None = None
    ranked: int = 0

    @property
    def met(self) -> bool | None:
        if self.value is None or not self.row.is_share:
            return None
        return self.value >= 1

    @property
    def above_average(self) -> bool | None:
        if self.value is None or self.level_value is None or self.row.is_share:
            return None
        if self.row.indicator.direction == Direction.DOWN:
            return self.value <= self.level_value
        return self.value >= self.level_value


def _level_average(row: IndicatorRow, benchmark: IndicatorResult | None) -> Decimal | None:
    if benchmark is None or benchmark.overall.actual is None:
        return None
    if row.is_share:
        return benchmark.overall.actual  # % of the level's schools meeting it
    expected = benchmark.overall.expected
    return (benchmark.overall.actual / expected).quantize(Decimal("0.1")) if expected else None


def _rank(value, values: list, direction: str) -> int | None:
    if value is None:
        return None
    better = [
        v for v in values if v is not None and (v < value if direction == Direction.DOWN else v > value)
    ]
    return len(better) + 1


def school_dashboard(user, unit: OrgUnit, plan: Plan | None, filters: Filters) -> dict:
    """The school's standing on each indicator of `plan` against its level's average, and what it still has
    to do. The level's figures are aggregates over every school of the level: a school sees where it stands
    without seeing the other schools' rows."""
    overview = plan_selectors.school_overview(user, unit)
    context = {
        **overview,
        "plan": plan,
        "filters": filters,
        "as_of": filters.as_of,
        "standings": [],
        "implements": False,
        "periods_to_report": [],
        "manual_missing": [],
    }
    context["acknowledgements"] = list(
        Acknowledgement.objects.filter(unit=unit, received_at__isnull=True)
        .select_related("distribution__document")
        .order_by("distribution__due_on", "pk")[:ATTENTION_LIMIT]
    )
    if plan is None:
        return context
    as_of = filters.as_of
    periods = plan_periods(plan)
    with clock.as_of(as_of):
        mine = indicator_figures(user, plan, as_of=as_of, scope=Scope(unit=unit))
        level = level_figures(plan, unit.level, filters) if unit.level else []
        rows = indicator_rows(
            mine,
            span=plan_span(plan, periods),
            as_of=as_of,
            months=[],
            snapshots=SnapshotSet(values={}, computed_at=None),
        )
        reports = {r.period_id: r for r in PeriodReport.objects.filter(period__plan=plan, unit=unit)}
    benchmark = {r.indicator.pk: r for r in level}
    standings = []
    for row in rows:
        bench = benchmark.get(row.indicator.pk)
        applies = unit.pk in row.result.by_unit
        value = row.result.by_unit.get(unit.pk)
        rank = ranked = None
        if bench is not None and not row.is_share:
            peers = list(bench.by_unit.values())
            rank, ranked = (
                _rank(value, peers, row.indicator.direction),
                sum(1 for v in peers if v is not None),
            )
        standings.append(
            Standing(
                row=row,
                applies=applies,
                value=value,
                level_value=_level_average(row, bench),
                rank=rank,
                ranked=ranked or 0,
            )
        )
    implements = any(s.applies for s in standings) or bool(implementing_ids(plan, [unit.pk]))
    today = clock.today()
    to_report = []
    for period in periods:
        report = reports.get(period.pk)
        if period.start > today or (
            report is not None
            and report.status in (PeriodReportStatus.SUBMITTED, PeriodReportStatus.APPROVED)
        ):
            continue
        to_report.append({"period": period, "report": report, "overdue": period.due < today})
    context.update(
        {
            "standings": standings,
            "implements": implements,
            "periods_to_report": to_report if implements else [],
            "manual_missing": [
                s
                for s in standings
                if s.applies and s.value is None and s.row.indicator.source == IndicatorSource.MANUAL
            ],
        }
    )
    return context


def implementing_ids(plan: Plan, unit_ids: list[int]) -> set[int]:
    return set(
        Assignment.objects.filter(task__plan=plan, unit_id__in=unit_ids).values_list("unit_id", flat=True)
    )


def school_plan(user, plan_id: int | None) -> Plan | None:
    """The plan the school page shows: the one asked for (404 outside the user's plans), else the current."""
    if plan_id:
        return plan_selectors.get_plan_for_user(user, plan_id)
    return plan_selectors.current_plan_for_user(user)


def school_plans(user):
    return plan_selectors.plans_for_user(user).exclude(status=PlanStatus.DRAFT).order_by("-year", "-pk")[:10]


def snapshot_status(plan: Plan) -> dict:
    """How fresh the stored trend is: the latest month and moment computed (one query)."""
    found = IndicatorSnapshot.objects.filter(indicator__plan=plan).aggregate(
        month=Max("month"), at=Max("computed_at")
    )
    return {"month": found["month"], "computed_at": found["at"]}


# ── Reporting rates page ───────────────────────────────────────────────────────────────────────────


def reporting_page(user, plan: Plan, filters: Filters) -> dict:
    """Reporting completeness and timeliness of every period (the units the user sees, of `filters.level`),
    with the chosen period's rates by level and by unit (two queries besides the units')."""
    periods = plan_periods(plan)
    units = Scope(level=filters.level).narrow(implementing_units(plan, user))
    rates = reporting_rates(plan, units, periods)
    chosen = filters.period or default_period(periods)
    selected = next((r for r in rates if chosen is not None and r.period.pk == chosen.pk), None)
    return {
        "plan": plan,
        "filters": filters,
        "periods": periods,
        "rates": rates,
        "selected": selected,
        "unit_count": len(units),
    }


def reporting_export_rows(user, plan: Plan, filters: Filters) -> list[UnitReport]:
    """One row per unit and period: the chosen period's, or every period's when none is chosen."""
    periods = plan_periods(plan)
    if filters.period is not None:
        periods = [p for p in periods if p.pk == filters.period.pk]
    units = Scope(level=filters.level).narrow(implementing_units(plan, user))
    return [row for rates in reporting_rates(plan, units, periods) for row in rates.units]


def indicator_values(user, plan: Plan, filters: Filters, scope: Scope) -> tuple[list[IndicatorRow], dict]:
    """Every indicator over `scope` as of `filters.as_of`, with each unit's value: the API's indicator values.
    Returns the rows and the units by id."""
    as_of = filters.as_of
    periods = plan_periods(plan)
    with clock.as_of(as_of):
        units = {u.pk: u for u in scope.narrow(implementing_units(plan, user))}
        results = indicator_figures(user, plan, as_of=as_of, scope=scope)
    rows = indicator_rows(
        results,
        span=plan_span(plan, periods),
        as_of=as_of,
        months=[],
        snapshots=SnapshotSet(values={}, computed_at=None),
    )
    return rows, units
