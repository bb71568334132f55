"""Writes of the plan loop: issue a plan, record progress and evidence, submit, approve, return.

Every function takes keyword-only arguments, checks permission, runs in a transaction and records an
event for every status change (STYLE examples 2 and 5).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.accounts.services import notify
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.locking import version_claim
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit

from .models import (
    EDITABLE_STATUSES,
    Assignment,
    AssignmentStatus,
    Evidence,
    EvidenceKind,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    PeriodReport,
    PeriodReportStatus,
    Plan,
    PlanBasis,
    PlanRecipient,
    PlanStatus,
    ReportingPeriod,
    SchoolActivity,
    Task,
)


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDeniedError(message)


def _school_people(unit: OrgUnit, *roles) -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__unit=unit,
                                    role_assignments__role__in=roles).distinct())


def _reviewers(assignment: Assignment) -> list[User]:
    """Specialists of the task's lead team, or every office specialist above the unit when there is none."""
    task = assignment.task
    above = [int(p) for p in assignment.unit.path.strip("/").split("/") if p]
    people = User.objects.filter(is_active=True, role_assignments__role=Role.SPECIALIST,
                                 role_assignments__unit_id__in=above)
    if task.lead_unit_id:
        led = people.filter(role_assignments__team_id=task.lead_unit_id)
        if led.exists():
            people = led
    return list(people.distinct())


# ── Plans ──────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def plan_create(*, actor: User, issuing_unit: OrgUnit, number: str, title: str, year: int, **fields) -> Plan:
    _require(perms.can_review(actor, issuing_unit), _("Bạn không có quyền lập kế hoạch cho đơn vị này."))
    plan = Plan(issuing_unit=issuing_unit, number=number, title=title, year=year, **fields)
    plan.full_clean()
    plan.save()
    event_record(target=plan, actor=actor, action="create", to_status=plan.status)
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: Plan, **fields) -> Plan:
    _require(perms.can_review(actor, plan.issuing_unit), _("Bạn không có quyền sửa kế hoạch này."))
    if plan.status == PlanStatus.CLOSED:
        raise ConflictError(_("Kế hoạch đã kết thúc, không sửa được."))
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


def implementing_units_for(task: Task) -> list[OrgUnit]:
    """The task's explicit units plus those its rule selects, below the issuing unit, still open."""
    root = task.plan.issuing_unit
    units = {u.pk: u for u in task.implementing_units.filter(closed_on__isnull=True)}
    rule = task.implementing_rule or {}
    if rule:
        qs = OrgUnit.objects.active().filter(path__startswith=root.path)
        qs = qs.filter(kind__in=rule.get("kinds") or IMPLEMENTING_KINDS)
        if rule.get("levels"):
            qs = qs.filter(level__in=rule["levels"])
        if rule.get("ownership"):
            qs = qs.filter(ownership__in=rule["ownership"])
        units.update({u.pk: u for u in qs})
    return sorted(units.values(), key=lambda u: u.path)


@transaction.atomic
def task_sync_assignments(*, task: Task, actor: User | None = None, notify_units: bool = True) -> list[Assignment]:
    """Give every implementing unit of the task an assignment; returns the new ones."""
    if task.kind != "task":
        return []
    existing = set(task.assignments.values_list("unit_id", flat=True))
    new = [Assignment(task=task, unit=u, due=task.end) for u in implementing_units_for(task) if u.pk not in existing]
    Assignment.objects.bulk_create(new)
    created = list(task.assignments.filter(unit_id__in=[a.unit_id for a in new]).select_related("unit"))
    for assignment in created:
        event_record(target=assignment, actor=actor, action="assign", to_status=assignment.status)
        if notify_units:
            notify(
                users=_school_people(assignment.unit, Role.PRINCIPAL, Role.COORDINATOR),
                title=_("Nhiệm vụ mới: %(task)s") % {"task": task.title[:150]},
                body=_("Kế hoạch %(plan)s giao cho đơn vị nhiệm vụ “%(task)s”, hạn %(due)s.")
                % {"plan": task.plan.number, "task": task.title,
                   "due": task.end.strftime("%d/%m/%Y") if task.end else _("chưa đặt")},
                url=reverse("plans:assignment", args=[assignment.pk]),
                dedupe_key=f"assign:{assignment.pk}",
            )
    return created


@transaction.atomic
def plan_issue(*, actor: User, plan: Plan) -> Plan:
    _require(perms.holds(actor, plan.issuing_unit, Role.ADMIN, Role.LEADER),
             _("Chỉ lãnh đạo đơn vị mới ban hành kế hoạch."))
    if plan.status != PlanStatus.DRAFT:
        raise ConflictError(_("Chỉ ban hành được kế hoạch đang ở trạng thái dự thảo."))
    if not plan.tasks.filter(kind="task").exists():
        raise ApplicationError(_("Kế hoạch chưa có nhiệm vụ nào."))
    old = plan.status
    plan.status = PlanStatus.ISSUED
    plan.issued_on = plan.issued_on or clock.today()
    plan.save(update_fields=["status", "issued_on", "updated_at"])
    for task in plan.tasks.filter(kind="task"):
        task_sync_assignments(task=task, actor=actor)
    event_record(target=plan, actor=actor, action="issue", from_status=old, to_status=plan.status)
    return plan


@transaction.atomic
def plan_close(*, actor: User, plan: Plan, reason: str = "") -> Plan:
    _require(perms.holds(actor, plan.issuing_unit, Role.ADMIN, Role.LEADER),
             _("Chỉ lãnh đạo đơn vị mới kết thúc kế hoạch."))
    if plan.status != PlanStatus.ISSUED:
        raise ConflictError(_("Chỉ kết thúc được kế hoạch đã ban hành."))
    plan.status = PlanStatus.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    event_record(target=plan, actor=actor, action="close", from_status=PlanStatus.ISSUED,
                 to_status=plan.status, reason=reason)
    return plan


def _shift(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def plan_clone(*, actor: User, plan: Plan, year: int, number: str = "") -> Plan:
    """Next year's draft: same structure, units, indicators and periods, dates moved by the year gap."""
    _require(perms.can_review(actor, plan.issuing_unit), _("Bạn không có quyền sao chép kế hoạch này."))
    gap = year - plan.year
    title = plan.title.replace(str(plan.year), str(year))
    clone = Plan.objects.create(
        number=number or _("(dự thảo) /KH-%(y)s") % {"y": year}, issued_on=None, place=plan.place,
        issuing_unit=plan.issuing_unit, title=title, year=year, status=PlanStatus.DRAFT,
        preamble=plan.preamble.replace(str(plan.year), str(year)), closing=plan.closing.replace(str(plan.year), str(year)),
        signer_name=plan.signer_name, signer_title=plan.signer_title, cloned_from=plan,
    )
    PlanBasis.objects.bulk_create(PlanBasis(plan=clone, text=b.text, order=b.order) for b in plan.bases.all())
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=clone, unit_id=r.unit_id, label=r.label, purpose=r.purpose, order=r.order)
        for r in plan.recipients.all()
    )
    mapping: dict[int, Task] = {}
    # Parents first, so that every child finds its new parent in the mapping.
    pending = list(plan.tasks.prefetch_related("partner_units", "implementing_units"))
    while pending:
        rest = []
        for task in pending:
            if task.parent_id and task.parent_id not in mapping:
                rest.append(task)
                continue
            copy = Task.objects.create(
                plan=clone, parent=mapping.get(task.parent_id), kind=task.kind, number=task.number, title=task.title,
                description=task.description, lead_unit_id=task.lead_unit_id,
                implementing_rule=task.implementing_rule, start=_shift(task.start, gap), end=_shift(task.end, gap),
                expected_output=task.expected_output, order=task.order,
            )
            copy.partner_units.set(task.partner_units.all())
            copy.implementing_units.set(task.implementing_units.all())
            mapping[task.pk] = copy
        if len(rest) == len(pending):  # a cycle cannot exist, but never loop forever
            break
        pending = rest
    for ind in plan.indicators.all():
        Indicator.objects.create(
            plan=clone, task=mapping.get(ind.task_id), code=ind.code, name=ind.name,
            unit_of_measure=ind.unit_of_measure, measure=ind.measure, baseline=None, target=ind.target,
            direction=ind.direction, source=ind.source, source_key=ind.source_key, levels=ind.levels, order=ind.order,
        )
    for period in plan.periods.all():
        ReportingPeriod.objects.create(plan=clone, name=period.name.replace(str(plan.year), str(year)),
                                       kind=period.kind, start=_shift(period.start, gap),
                                       end=_shift(period.end, gap), due=_shift(period.due, gap))
    event_record(target=clone, actor=actor, action="clone", to_status=clone.status,
                 reason=_("Sao chép từ kế hoạch %(n)s") % {"n": plan.number})
    return clone


# ── Assignments ────────────────────────────────────────────────────────────────────────────────────


def _locked(assignment: Assignment) -> Assignment:
    """Re-read the row under a lock: two people may act on the same assignment at once."""
    return Assignment.objects.select_for_update().select_related("unit", "task__plan").get(pk=assignment.pk)


def _check_editable(actor: User, assignment: Assignment):
    _require(perms.can_edit_for_unit(actor, assignment.unit),
             _("Chỉ thủ trưởng hoặc cán bộ phụ trách của đơn vị mới cập nhật được nhiệm vụ này."))
    if assignment.status not in EDITABLE_STATUSES:
        raise ConflictError(
            _("Nhiệm vụ đang ở trạng thái “%(s)s” nên không sửa được.") % {"s": assignment.get_status_display()}
        )
    if assignment.task.plan.status != PlanStatus.ISSUED:
        raise ConflictError(_("Kế hoạch không còn hiệu lực, không cập nhật được."))


def _start(actor: User, assignment: Assignment):
    if assignment.status == AssignmentStatus.NOT_STARTED:
        assignment.status = AssignmentStatus.IN_PROGRESS
        assignment.save(update_fields=["status", "updated_at"])
        event_record(target=assignment, actor=actor, action="start", from_status=AssignmentStatus.NOT_STARTED,
                     to_status=AssignmentStatus.IN_PROGRESS)


@transaction.atomic
def assignment_update(
    *, actor: User, assignment: Assignment, progress: int, report_text: str, version: int | None = None
) -> Assignment:
    version_claim(assignment, version)  # before the lock: two people may save the same report at once
    assignment = _locked(assignment)
    _check_editable(actor, assignment)
    if not 0 <= int(progress) <= 100:
        raise ApplicationError(_("Tiến độ phải từ 0 đến 100%."))
    assignment.progress = int(progress)
    assignment.report_text = report_text
    assignment.save(update_fields=["progress", "report_text", "updated_at"])
    _start(actor, assignment)
    return assignment


@transaction.atomic
def evidence_add(*, actor: User, assignment: Assignment, kind: str, title: str, file=None, url: str = "",
                 record_ref: str = "") -> Evidence:
    assignment = _locked(assignment)
    _check_editable(actor, assignment)
    if kind == EvidenceKind.FILE:
        if file is None:
            raise ApplicationError(_("Hãy chọn tệp minh chứng."))
        try:
            validate_upload(file)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages)) from exc
    evidence = Evidence(assignment=assignment, kind=kind, title=title.strip() or getattr(file, "name", "") or url,
                        file=file if kind == EvidenceKind.FILE else None, url=url, record_ref=record_ref,
                        added_by=actor)
    try:
        evidence.full_clean()
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    evidence.save()
    _start(actor, assignment)
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    _check_editable(actor, _locked(evidence.assignment))
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def activity_save(*, actor: User, assignment: Assignment, activity: SchoolActivity | None = None,
                  **fields) -> SchoolActivity:
    assignment = _locked(assignment)
    _check_editable(actor, assignment)
    activity = activity or SchoolActivity(assignment=assignment)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    _start(actor, assignment)
    return activity


@transaction.atomic
def activity_remove(*, actor: User, activity: SchoolActivity) -> None:
    _check_editable(actor, _locked(activity.assignment))
    activity.delete()


@transaction.atomic
def assignment_submit(*, actor: User, assignment: Assignment) -> Assignment:
    assignment = _locked(assignment)
    _require(perms.can_submit_for_unit(actor, assignment.unit),
             _("Chỉ thủ trưởng đơn vị mới nộp báo cáo nhiệm vụ."))
    if assignment.status not in EDITABLE_STATUSES:
        raise ConflictError(_("Nhiệm vụ đã được nộp hoặc đã duyệt."))
    if assignment.task.plan.status != PlanStatus.ISSUED:
        raise ConflictError(_("Kế hoạch không còn hiệu lực."))
    if not assignment.report_text.strip() and not assignment.evidence.exists():
        raise ApplicationError(_("Hãy nhập báo cáo kết quả hoặc đính kèm minh chứng trước khi nộp."))
    old = assignment.status
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.submitted_at = clock.now()
    assignment.save(update_fields=["status", "submitted_at", "updated_at"])
    event_record(target=assignment, actor=actor, action="submit", from_status=old, to_status=assignment.status)
    notify(users=_reviewers(assignment),
           title=_("%(unit)s đã nộp: %(task)s") % {"unit": assignment.unit.display_short,
                                                    "task": assignment.task.title[:150]},
           url=reverse("plans:assignment", args=[assignment.pk]))
    return assignment


@transaction.atomic
def assignment_approve(*, actor: User, assignment: Assignment, comment: str = "") -> Assignment:
    assignment = _locked(assignment)
    _require(perms.can_review(actor, assignment.unit), _("Bạn không có quyền duyệt nhiệm vụ của đơn vị này."))
    if assignment.status != AssignmentStatus.SUBMITTED:
        raise ConflictError(_("Chỉ duyệt được nhiệm vụ đang chờ duyệt."))
    assignment.status = AssignmentStatus.APPROVED
    assignment.reviewed_at = clock.now()
    assignment.reviewed_by = actor
    assignment.return_reason = ""
    if assignment.progress < 100:
        assignment.progress = 100
    assignment.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_reason", "progress", "updated_at"])
    event_record(target=assignment, actor=actor, action="approve", from_status=AssignmentStatus.SUBMITTED,
                 to_status=assignment.status, reason=comment)
    notify(users=_school_people(assignment.unit, Role.PRINCIPAL, Role.COORDINATOR),
           title=_("Đã duyệt: %(task)s") % {"task": assignment.task.title[:150]}, body=comment,
           url=reverse("plans:assignment", args=[assignment.pk]))
    return assignment


@transaction.atomic
def assignment_return(*, actor: User, assignment: Assignment, reason: str) -> Assignment:
    assignment = _locked(assignment)
    _require(perms.can_review(actor, assignment.unit), _("Bạn không có quyền trả lại nhiệm vụ của đơn vị này."))
    if not reason or not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."))
    if assignment.status not in (AssignmentStatus.SUBMITTED, AssignmentStatus.APPROVED):
        raise ConflictError(_("Chỉ trả lại được nhiệm vụ đã nộp hoặc đã duyệt."))
    old = assignment.status
    assignment.status = AssignmentStatus.RETURNED
    assignment.return_reason = reason.strip()
    assignment.reviewed_at = clock.now()
    assignment.reviewed_by = actor
    assignment.save(update_fields=["status", "return_reason", "reviewed_at", "reviewed_by", "updated_at"])
    event_record(target=assignment, actor=actor, action="return", from_status=old, to_status=assignment.status,
                 reason=assignment.return_reason)
    notify(users=_school_people(assignment.unit, Role.PRINCIPAL, Role.COORDINATOR),
           title=_("Bị trả lại: %(task)s") % {"task": assignment.task.title[:150]}, body=assignment.return_reason,
           url=reverse("plans:assignment", args=[assignment.pk]))
    return assignment


# ── Indicators ─────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def indicator_value_set(*, actor: User, indicator: Indicator, unit: OrgUnit, value, note: str = "") -> IndicatorValue:
    _require(perms.can_edit_for_unit(actor, unit) or perms.can_review(actor, unit),
             _("Bạn không có quyền nhập số liệu cho đơn vị này."))
    if indicator.source != IndicatorSource.MANUAL:
        raise ConflictError(_("Chỉ tiêu này được tính tự động từ dữ liệu hệ thống, không nhập tay."))
    try:
        value = Decimal(str(value).replace(",", "."))
    except Exception as exc:
        raise ApplicationError(_("Giá trị phải là số.")) from exc
    if value < 0:
        raise ApplicationError(_("Giá trị không được âm."))
    if indicator.measure == "share" and value not in (0, 1):
        raise ApplicationError(_("Chỉ tiêu tỷ lệ: nhập 1 nếu đơn vị đạt, 0 nếu chưa đạt."))
    obj, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, unit=unit, defaults={"value": value, "note": note, "entered_by": actor}
    )
    return obj


# ── Reporting periods ──────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def period_report_save(*, actor: User, period: ReportingPeriod, unit: OrgUnit, summary: str) -> PeriodReport:
    _require(perms.can_edit_for_unit(actor, unit), _("Bạn không có quyền soạn báo cáo của đơn vị này."))
    report, _c = PeriodReport.objects.get_or_create(period=period, unit=unit)
    if report.status not in (PeriodReportStatus.DRAFT, PeriodReportStatus.RETURNED):
        raise ConflictError(_("Báo cáo đã nộp, không sửa được."))
    report.summary = summary
    report.save(update_fields=["summary", "updated_at"])
    return report


@transaction.atomic
def period_report_submit(*, actor: User, period: ReportingPeriod, unit: OrgUnit) -> PeriodReport:
    _require(perms.can_submit_for_unit(actor, unit), _("Chỉ thủ trưởng đơn vị mới nộp báo cáo kỳ."))
    report, _c = PeriodReport.objects.select_for_update().get_or_create(period=period, unit=unit)
    if report.status not in (PeriodReportStatus.DRAFT, PeriodReportStatus.RETURNED):
        raise ConflictError(_("Báo cáo đã được nộp."))
    if not report.summary.strip():
        raise ApplicationError(_("Hãy nhập tóm tắt kết quả trước khi nộp."))
    old = report.status
    now = clock.now()
    report.status = PeriodReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.save(update_fields=["status", "submitted_at", "first_submitted_at", "updated_at"])
    event_record(target=report, actor=actor, action="submit", from_status=old, to_status=report.status)
    return report


@transaction.atomic
def period_report_review(*, actor: User, report: PeriodReport, approve: bool, reason: str = "") -> PeriodReport:
    _require(perms.can_review(actor, report.unit), _("Bạn không có quyền duyệt báo cáo của đơn vị này."))
    if report.status != PeriodReportStatus.SUBMITTED:
        raise ConflictError(_("Chỉ duyệt hoặc trả lại được báo cáo đã nộp."))
    if not approve and not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do trả lại."))
    old = report.status
    report.status = PeriodReportStatus.APPROVED if approve else PeriodReportStatus.RETURNED
    report.return_reason = "" if approve else reason.strip()
    report.save(update_fields=["status", "return_reason", "updated_at"])
    event_record(target=report, actor=actor, action="approve" if approve else "return", from_status=old,
                 to_status=report.status, reason=reason)
    notify(users=_school_people(report.unit, Role.PRINCIPAL, Role.COORDINATOR),
           title=(_("Báo cáo %(p)s đã được duyệt") if approve else _("Báo cáo %(p)s bị trả lại"))
           % {"p": report.period.name}, body=reason, url=reverse("plans:period", args=[report.period_id]))
    return report


# ── Reminders (run daily by the worker, see tasks.py) ──────────────────────────────────────────────


def deadline_reminders_send(*, today: datetime.date | None = None, days_ahead: int = 3) -> int:
    """Tell each unit, three days ahead, what it still owes. Returns the number of notices created."""
    today = today or clock.today()
    target = today + datetime.timedelta(days=days_ahead)
    sent = 0
    due = (Assignment.objects.filter(due=target, status__in=EDITABLE_STATUSES, task__plan__status=PlanStatus.ISSUED)
           .select_related("unit", "task"))
    for assignment in due:
        sent += len(notify(
            users=_school_people(assignment.unit, Role.PRINCIPAL, Role.COORDINATOR),
            title=_("Còn %(d)d ngày: %(task)s") % {"d": days_ahead, "task": assignment.task.title[:150]},
            body=_("Hạn nộp %(due)s.") % {"due": target.strftime("%d/%m/%Y")},
            url=reverse("plans:assignment", args=[assignment.pk]),
            dedupe_key=f"due:{assignment.pk}:{target.isoformat()}",
        ) or [])
    for period in ReportingPeriod.objects.filter(due=target, plan__status=PlanStatus.ISSUED):
        done = set(period.reports.filter(first_submitted_at__isnull=False).values_list("unit_id", flat=True))
        units = OrgUnit.objects.filter(assignments__task__plan=period.plan).exclude(pk__in=done).distinct()
        for unit in units:
            sent += len(notify(
                users=_school_people(unit, Role.PRINCIPAL, Role.COORDINATOR),
                title=_("Còn %(d)d ngày đến hạn báo cáo %(p)s") % {"d": days_ahead, "p": period.name},
                url=reverse("plans:period", args=[period.pk]),
                dedupe_key=f"period:{period.pk}:{unit.pk}",
            ) or [])
    return sent



# ── Tasks and indicators written by a service (the importer creates a whole plan through these) ────


@transaction.atomic
def task_create(*, actor: User, plan: Plan, title: str, kind: str = "task", parent: Task | None = None,
                partners=(), implementing=(), **fields) -> Task:
    _require(perms.can_review(actor, plan.issuing_unit), _("Bạn không có quyền sửa kế hoạch này."))
    if plan.status == PlanStatus.CLOSED:
        raise ConflictError(_("Kế hoạch đã kết thúc, không sửa được."))
    task = Task(plan=plan, parent=parent, kind=kind, title=title, **fields)
    task.full_clean()
    task.save()
    if partners:
        task.partner_units.set(partners)
    if implementing:
        task.implementing_units.set(implementing)
    if plan.status == PlanStatus.ISSUED:
        task_sync_assignments(task=task, actor=actor)
    return task


@transaction.atomic
def indicator_create(*, actor: User, plan: Plan, code: str, name: str, **fields) -> Indicator:
    _require(perms.can_review(actor, plan.issuing_unit), _("Bạn không có quyền sửa kế hoạch này."))
    indicator = Indicator(plan=plan, code=code, name=name, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator
