"""Reads of the plan loop. Every function that returns records for a person scopes them to that person."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import OFFICE_ROLES, Role, User
from sangtao.core import clock
from sangtao.core.events import events_for
from sangtao.core.memo import request_memo
from sangtao.core.text import folded_search
from sangtao.orgs.models import OrgUnit

from .indicators import indicator_results
from .models import (
    EDITABLE_STATUSES,
    Assignment,
    AssignmentStatus,
    PeriodReport,
    Plan,
    PlanStatus,
    ReportingPeriod,
    Task,
)

# ── Plans ──────────────────────────────────────────────────────────────────────────────────────────


def plans_for_user(user: User, *, q: str = "", status: str = ""):
    """Office staff see the plans of their units, drafts included; everyone else the issued plans that
    concern their units (as issuer, implementer, partner or recipient)."""
    if not user.is_authenticated:
        return Plan.objects.none()
    office = perms.scope_q(user, "issuing_unit", *OFFICE_ROLES)
    concerned = (
        perms.scope_q(user, "issuing_unit")
        | perms.scope_q(user, "tasks__assignments__unit")
        | perms.scope_q(user, "tasks__partner_units")
        | perms.scope_q(user, "recipients__unit")
    )
    ids = Plan.objects.filter(office | (concerned & ~Q(status=PlanStatus.DRAFT))).values("pk")
    qs = Plan.objects.filter(pk__in=ids).select_related("issuing_unit")
    if q:
        qs = qs.filter(folded_search("title", q))
    if status:
        qs = qs.filter(status=status)
    return qs


def get_plan_for_user(user: User, pk: int) -> Plan:
    plan = plans_for_user(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def can_manage_plan(user: User, plan: Plan) -> bool:
    return perms.can_review(user, plan.issuing_unit)


@dataclass
class TaskNode:
    task: Task
    children: list["TaskNode"]
    counts: Counter

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in workflow order; a Counter cannot be looped over in a template
        (c.items looks up "items")."""
        return [(s.value, s.label, self.counts[s.value]) for s in AssignmentStatus if self.counts[s.value]]


def plan_tree(plan: Plan, *, user: User | None = None) -> list[TaskNode]:
    """Sections and tasks as a tree with assignment counts by status (two queries)."""
    tasks = list(plan.tasks.select_related("lead_unit").prefetch_related("partner_units"))
    counts: dict[int, Counter] = defaultdict(Counter)
    assignments = Assignment.objects.filter(task__plan=plan)
    if user is not None and not perms.can_review(user, plan.issuing_unit):
        assignments = assignments.filter(perms.scope_q(user, "unit"))
    for task_id, status, n in assignments.values_list("task_id", "status").annotate(n=Count("id")):
        counts[task_id][status] += n
    nodes = {t.pk: TaskNode(task=t, children=[], counts=counts[t.pk]) for t in tasks}
    roots = []
    for t in tasks:
        (nodes[t.parent_id].children if t.parent_id in nodes else roots).append(nodes[t.pk])

    def roll_up(node: TaskNode) -> Counter:
        for child in node.children:
            node.counts.update(roll_up(child))
        return node.counts

    for root in roots:
        roll_up(root)
    return roots


def get_task_for_user(user: User, pk: int) -> Task:
    task = Task.objects.select_related("plan__issuing_unit", "lead_unit", "parent").filter(pk=pk).first()
    if task is None:
        raise Http404
    get_plan_for_user(user, task.plan_id)
    return task


def task_assignments_for_user(user: User, task: Task):
    qs = task.assignments.select_related("unit").annotate(n_evidence=Count("evidence")).order_by("unit__path")
    if perms.can_review(user, task.plan.issuing_unit) or perms.holds(user, task.plan.issuing_unit, Role.OBSERVER):
        return qs
    if user.has_role(Role.PARTNER) and task.partner_units.filter(
        pk__in=[u.pk for u in perms.role_units(user, Role.PARTNER)]
    ).exists():
        return qs
    return qs.filter(perms.scope_q(user, "unit"))


# ── Assignments ────────────────────────────────────────────────────────────────────────────────────


def assignments_for_user(user: User, *, status: str = "", plan_id: int | None = None, unit_id: int | None = None,
                         overdue: bool = False, q: str = ""):
    """Assignments of units in the user's scope, and of tasks a partner co-operates on."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    scope = perms.scope_q(user, "unit")
    partner_units = perms.role_units(user, Role.PARTNER)
    if partner_units:
        scope |= Q(task__partner_units__in=partner_units)
    qs = Assignment.objects.filter(scope).exclude(task__plan__status=PlanStatus.DRAFT)
    if partner_units:
        qs = qs.distinct()
    qs = qs.select_related("unit", "task__plan", "task__parent")
    if status:
        qs = qs.filter(status=status)
    if plan_id:
        qs = qs.filter(task__plan_id=plan_id)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if overdue:
        qs = qs.filter(due__lt=clock.today()).exclude(status=AssignmentStatus.APPROVED)
    if q:
        qs = qs.filter(Q(task__title__icontains=q) | folded_search("unit__name", q))
    return qs.order_by("due", "task__order", "unit__path")


def get_assignment_for_user(user: User, pk: int) -> Assignment:
    assignment = assignments_for_user(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


# What happened, as the timeline tells it (English needs the past tense, hence the context).
ACTION_LABELS = {
    "assign": pgettext_lazy("timeline", "Giao nhiệm vụ"), "start": pgettext_lazy("timeline", "Bắt đầu thực hiện"),
    "submit": pgettext_lazy("timeline", "Nộp báo cáo"), "approve": pgettext_lazy("timeline", "Duyệt"),
    "return": pgettext_lazy("timeline", "Trả lại"),
}


def _label(value: str) -> str:
    return str(AssignmentStatus(value).label) if value in AssignmentStatus.values else value


def assignment_detail(assignment: Assignment) -> dict:
    events = list(events_for(assignment))
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        ev.from_label, ev.to_label = _label(ev.from_status), _label(ev.to_status)
    return {
        "evidence": list(assignment.evidence.select_related("added_by")),
        "activities": list(assignment.activities.all()),
        "events": events,
    }


def assignment_abilities(user: User, assignment: Assignment) -> dict:
    editable = assignment.is_editable and assignment.task.plan.status == PlanStatus.ISSUED
    return {
        "can_edit": editable and perms.can_edit_for_unit(user, assignment.unit),
        "can_submit": editable and perms.can_submit_for_unit(user, assignment.unit),
        "can_review": assignment.status == AssignmentStatus.SUBMITTED and perms.can_review(user, assignment.unit),
        "can_reopen": assignment.status == AssignmentStatus.APPROVED and perms.can_review(user, assignment.unit),
    }


def school_overview(user: User, unit: OrgUnit) -> dict:
    """The school's own implementation plan: what is assigned, due, returned."""
    qs = assignments_for_user(user, unit_id=unit.pk).filter(task__plan__status=PlanStatus.ISSUED)
    rows = list(qs)
    today = clock.today()
    soon = today + datetime.timedelta(days=14)
    return {
        "unit": unit,
        "assignments": rows,
        "returned": [a for a in rows if a.status == AssignmentStatus.RETURNED],
        "due_soon": [a for a in rows if a.status in EDITABLE_STATUSES and a.due and today <= a.due <= soon],
        "overdue": [a for a in rows if a.is_overdue and a.status in EDITABLE_STATUSES],
        "counts": Counter(a.status for a in rows),
    }


# ── Dashboard and reporting completeness ───────────────────────────────────────────────────────────


def implementing_units(plan: Plan, user: User | None = None) -> list[OrgUnit]:
    """The units with an assignment of the plan that the user sees (all of them for the office, observers
    and `user=None`), in tree order. Read once per request: a dashboard asks often."""
    restricted = (
        user is not None
        and not perms.can_review(user, plan.issuing_unit)
        and not perms.holds(user, plan.issuing_unit, Role.OBSERVER)
    )

    def compute():
        qs = OrgUnit.objects.filter(pk__in=Assignment.objects.filter(task__plan=plan).values("unit_id"))
        if restricted:  # a school or a ward: its few units, not the city's thousands
            qs = qs.filter(pk__in=perms.scope_units(user).values("pk"))
        return list(qs.order_by("path"))

    key = ("plans.implementing_units", plan.pk, user.pk if restricted else None)
    units = request_memo(key, compute)
    return list(units)  # callers may narrow their copy


@dataclass
class Scope:
    """Whose figures: every implementing unit the user sees, narrowed to a school level and/or a unit subtree."""

    level: str = ""
    unit: OrgUnit | None = None

    def narrow(self, units: list[OrgUnit]) -> list[OrgUnit]:
        if self.level:
            units = [u for u in units if u.level == self.level]
        if self.unit is not None:
            units = [u for u in units if u.path.startswith(self.unit.path)]
        return units


def indicator_figures(
    user: User,
    plan: Plan,
    *,
    as_of: datetime.date | None = None,
    scope: Scope | None = None,
    computed: dict[int, dict] | None = None,
):
    """The one source of indicator figures for the dashboards, the reports and the API: every indicator of
    the plan over the implementing units in the user's reach (narrowed by `scope`), computed as of `as_of`
    (a period's end; default today). Same arguments, same numbers, wherever they are shown. `computed`:
    per-unit values already worked out (the dashboards' running-month snapshot at city scale)."""
    units = (scope or Scope()).narrow(implementing_units(plan, user))
    indicators = list(plan.indicators.select_related("task").order_by("order", "code"))
    if as_of is None:
        return indicator_results(indicators, units, computed)
    with clock.as_of(as_of):
        return indicator_results(indicators, units, computed)


def period_completeness(plan: Plan, units: list[OrgUnit]) -> list[dict]:
    """Expected, submitted and on-time reports per period, in the manner of DHIS2's reporting rates."""
    periods = list(plan.periods.all())
    unit_ids = [u.pk for u in units]
    by_period: dict[int, dict[int, tuple]] = defaultdict(dict)
    for period_id, unit_id, status, first in PeriodReport.objects.filter(
        period__plan=plan, unit_id__in=unit_ids
    ).values_list("period_id", "unit_id", "status", "first_submitted_at"):
        by_period[period_id][unit_id] = (status, first)
    today = clock.today()
    rows = []
    for period in periods:
        reports = by_period[period.pk]
        submitted = [u for u, (_s, first) in reports.items() if first]
        on_time = [u for u, (_s, first) in reports.items() if first and timezone.localdate(first) <= period.due]
        late_units = [u for u in units if u.pk not in submitted] if today > period.due else []
        rows.append({
            "period": period, "expected": len(units), "submitted": len(submitted), "on_time": len(on_time),
            "rate": (len(submitted) / len(units)) if units else None,
            "timely_rate": (len(on_time) / len(units)) if units else None,
            "late_units": late_units, "is_past_due": today > period.due,
        })
    return rows


def section_progress(tree: list[TaskNode]) -> list[dict]:
    rows = []
    for node in tree:
        total = sum(node.counts.values())
        approved = node.counts.get(AssignmentStatus.APPROVED, 0)
        rows.append({"node": node, "total": total, "approved": approved,
                     "share": (approved / total) if total else None})
    return rows


def office_dashboard(user: User, plan: Plan) -> dict:
    tree = plan_tree(plan, user=user)
    units = implementing_units(plan, user)
    assignments = assignments_for_user(user, plan_id=plan.pk)
    status_counts = Counter(dict(assignments.order_by().values_list("status").annotate(n=Count("id"))))
    today = clock.today()
    overdue = list(
        assignments.filter(due__lt=today).exclude(status=AssignmentStatus.APPROVED).order_by("due", "unit__path")[:20]
    )
    overdue_count = assignments.filter(due__lt=today).exclude(status=AssignmentStatus.APPROVED).count()
    waiting = list(assignments.filter(status=AssignmentStatus.SUBMITTED).order_by("submitted_at")[:20])
    indicators = list(plan.indicators.select_related("task"))
    return {
        "plan": plan,
        "sections": section_progress(tree),
        "status_counts": [(s, status_counts.get(s.value, 0)) for s in AssignmentStatus],
        "total_assignments": sum(status_counts.values()),
        "overdue": overdue,
        "overdue_count": overdue_count,
        "waiting": waiting,
        "periods": period_completeness(plan, units),
        "indicators": indicator_results(indicators, units),
        "unit_count": len(units),
    }


def current_plan_for_user(user: User) -> Plan | None:
    return plans_for_user(user).exclude(status=PlanStatus.DRAFT).order_by("-year", "-issued_on").first() or \
        plans_for_user(user).first()


def periods_for_user(user: User, plan: Plan):
    return ReportingPeriod.objects.filter(plan=plan)

