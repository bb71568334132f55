import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from sangtao.accounts.models import Notification
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.plans import services
from sangtao.plans.models import AssignmentStatus, EvidenceKind, PlanStatus, TaskKind
from sangtao.testing.factories import OrgUnitFactory, PlanFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _submit_ready(world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=60, report_text="Đã thành lập CLB.")
    return services.assignment_submit(actor=world.principal_a, assignment=pw.a)


def test_it_runs_the_whole_loop_and_records_every_step(world, pw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_add(actor=world.coordinator_a, assignment=pw.a, kind=EvidenceKind.FILE, title="Biên bản",
                              file=_pdf())
        _submit_ready(world, pw)
        services.assignment_return(actor=world.specialist, assignment=pw.a, reason="Thiếu quyết định thành lập")
        services.assignment_update(actor=world.principal_a, assignment=pw.a, progress=90, report_text="Bổ sung QĐ.")
        services.assignment_submit(actor=world.principal_a, assignment=pw.a)
        services.assignment_approve(actor=world.specialist, assignment=pw.a)
    pw.a.refresh_from_db()
    actions = [e.action for e in events_for(pw.a)]
    assert (pw.a.status, pw.a.progress, actions) == (
        AssignmentStatus.APPROVED, 100, ["start", "submit", "return", "submit", "approve"])


def test_it_notifies_the_school_of_a_return_with_the_reason(world, pw, django_capture_on_commit_callbacks):
    _submit_ready(world, pw)
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_return(actor=world.specialist, assignment=pw.a, reason="Thiếu minh chứng")
    notice = Notification.objects.get(user=world.principal_a, title__startswith="Bị trả lại")
    assert notice.body == "Thiếu minh chứng" and any("Bị trả lại" in m.subject for m in mail.outbox)


def test_it_notifies_the_lead_team_specialist_of_a_submission(world, pw):
    _submit_ready(world, pw)
    assert Notification.objects.filter(user=world.specialist, url__endswith=f"/assignments/{pw.a.pk}/").exists()


def test_it_locks_an_approved_assignment(world, pw):
    _submit_ready(world, pw)
    services.assignment_approve(actor=world.specialist, assignment=pw.a)
    with pytest.raises(ConflictError):
        services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=10, report_text="x")


def test_return_unlocks_an_approved_assignment(world, pw):
    _submit_ready(world, pw)
    services.assignment_approve(actor=world.specialist, assignment=pw.a)
    services.assignment_return(actor=world.leader, assignment=pw.a, reason="Số liệu chưa khớp")
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=95, report_text="Đã sửa")
    pw.a.refresh_from_db()
    assert pw.a.status == AssignmentStatus.RETURNED and pw.a.progress == 95


def test_it_requires_a_reason_to_return(world, pw):
    _submit_ready(world, pw)
    with pytest.raises(ApplicationError, match="lý do"):
        services.assignment_return(actor=world.specialist, assignment=pw.a, reason="  ")


def test_only_the_head_submits(world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=60, report_text="Xong")
    with pytest.raises(PermissionDeniedError):
        services.assignment_submit(actor=world.coordinator_a, assignment=pw.a)


def test_it_refuses_an_empty_submission(world, pw):
    with pytest.raises(ApplicationError, match="minh chứng"):
        services.assignment_submit(actor=world.principal_a, assignment=pw.a)


def test_school_b_cannot_touch_school_a(world, pw):
    with pytest.raises(PermissionDeniedError):
        services.assignment_update(actor=world.principal_b, assignment=pw.a, progress=10, report_text="x")


def test_a_school_cannot_approve_itself(world, pw):
    _submit_ready(world, pw)
    with pytest.raises(PermissionDeniedError):
        services.assignment_approve(actor=world.principal_a, assignment=pw.a)


def test_observer_and_partner_cannot_approve(world, pw):
    _submit_ready(world, pw)
    with pytest.raises(PermissionDeniedError):
        services.assignment_approve(actor=world.observer, assignment=pw.a)
    with pytest.raises(PermissionDeniedError):
        services.assignment_approve(actor=world.partner, assignment=pw.a)


def test_it_rejects_a_file_whose_content_is_not_its_extension(world, pw):
    fake = SimpleUploadedFile("anh.png", PDF, content_type="image/png")
    with pytest.raises(ApplicationError, match="không đúng"):
        services.evidence_add(actor=world.coordinator_a, assignment=pw.a, kind=EvidenceKind.FILE, title="", file=fake)


def test_it_rejects_a_file_over_the_limit(world, pw, settings):
    settings.SANGTAO_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ApplicationError, match="quá lớn"):
        services.evidence_add(actor=world.coordinator_a, assignment=pw.a, kind=EvidenceKind.FILE, title="", file=_pdf())


def test_it_adds_link_evidence_and_starts_the_assignment(world, pw):
    services.evidence_add(actor=world.coordinator_a, assignment=pw.a, kind=EvidenceKind.LINK, title="Bài viết",
                          url="https://thcs-nat.edu.vn/clb")
    pw.a.refresh_from_db()
    assert pw.a.status == AssignmentStatus.IN_PROGRESS and pw.a.evidence.count() == 1


def test_issuing_a_plan_assigns_units_by_rule(world):
    plan = PlanFactory(issuing_unit=world.office, status=PlanStatus.DRAFT)
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION)
    task = TaskFactory(plan=plan, parent=section, implementing_rule={"kinds": ["school"], "levels": ["THCS"]})
    OrgUnitFactory(parent=world.office, level="THCS", closed_on=datetime.date(2023, 1, 1))  # closed: skipped
    services.plan_issue(actor=world.leader, plan=plan)
    assert list(task.assignments.values_list("unit__code", flat=True)) == [world.school_a.code]


def test_only_leaders_issue(world):
    plan = PlanFactory(issuing_unit=world.office, status=PlanStatus.DRAFT)
    TaskFactory(plan=plan)
    with pytest.raises(PermissionDeniedError):
        services.plan_issue(actor=world.specialist, plan=plan)


def test_issuing_an_empty_plan_is_refused(world):
    plan = PlanFactory(issuing_unit=world.office, status=PlanStatus.DRAFT)
    with pytest.raises(ApplicationError, match="chưa có nhiệm vụ"):
        services.plan_issue(actor=world.leader, plan=plan)


def test_clone_moves_the_plan_a_year_on(world, pw):
    clone = services.plan_clone(actor=world.specialist, plan=pw.plan, year=2025)
    task = clone.tasks.get(number="1")
    assert (clone.status, clone.tasks.count(), task.parent.title, task.end.year, clone.indicators.count(),
            clone.periods.get().due.year, list(task.partner_units.all())) == (
        PlanStatus.DRAFT, 2, "NỘI DUNG", pw.task.end.year + 1, 1, 2025, [world.partner_unit])


def test_manual_indicator_values_are_checked(world, pw):
    indicator = pw.plan.indicators.get()
    with pytest.raises(ApplicationError, match="1 nếu"):
        services.indicator_value_set(actor=world.coordinator_a, indicator=indicator, unit=world.school_a, value=3)
    with pytest.raises(PermissionDeniedError):
        services.indicator_value_set(actor=world.principal_b, indicator=indicator, unit=world.school_a, value=1)


def test_period_report_on_time_and_review(world, pw):
    services.period_report_save(actor=world.coordinator_a, period=pw.period, unit=world.school_a, summary="Tốt")
    report = services.period_report_submit(actor=world.principal_a, period=pw.period, unit=world.school_a)
    services.period_report_review(actor=world.specialist, report=report, approve=False, reason="Bổ sung số liệu")
    report.refresh_from_db()
    assert report.status == "returned" and report.first_submitted_at is not None


def test_reminders_go_out_three_days_ahead_once(world, pw):
    today = datetime.date(2024, 5, 28)
    pw.a.due = datetime.date(2024, 5, 31)
    pw.a.save()
    first = services.deadline_reminders_send(today=today)
    second = services.deadline_reminders_send(today=today)
    assert (first, second) == (2, 0)  # principal and coordinator of school A, once
