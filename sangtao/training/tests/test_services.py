"""The training writes: who may do what, the rules of a nomination, attendance, completion, certificates."""

import datetime

import pytest

from sangtao.accounts.models import Notification
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.plans.models import Evidence
from sangtao.testing.factories import (
    AssignmentFactory,
    CourseFactory,
    NominationFactory,
    PlanFactory,
    SessionFactory,
    StaffFactory,
    TaskFactory,
)
from sangtao.training import services
from sangtao.training.models import Attendance, Certificate, CourseStatus, NominationStatus

TODAY = datetime.date.today()


def _nominate(world, tw, staff=None, course=None, **kwargs):
    return services.nominate(
        actor=world.principal_a,
        course=course or tw.course,
        school=world.school_a,
        staff=staff or tw.teacher_1,
        **kwargs,
    )


# ── Courses ────────────────────────────────────────────────────────────────────────────────────────


def _fields(**extra):
    return {
        "title": "Tập huấn STEM",
        "kind": "workshop",
        "topics": ["stem"],
        "target_groups": ["GV"],
        "capacity": 30,
        "registration_opens": TODAY,
        "registration_closes": TODAY + datetime.timedelta(days=7),
        **extra,
    }


def test_the_specialist_creates_a_draft_course_of_the_office(world):
    course = services.course_create(actor=world.specialist, organiser=world.office, **_fields())
    assert (course.status, course.audience, course.signer_name) == (
        CourseStatus.DRAFT,
        world.office,
        world.office.head_name,
    )
    assert [e.action for e in events_for(course)] == ["create"]


def test_a_partner_course_is_meant_for_the_districts_schools(world):
    course = services.course_create(actor=world.partner, organiser=world.partner_unit, **_fields())
    assert course.audience == world.ubnd


@pytest.mark.parametrize("persona", ["principal_a", "teacher_a", "observer", "partner"])
def test_it_rejects_a_course_of_the_office_by_anyone_but_its_staff(world, persona):
    with pytest.raises(PermissionDeniedError):
        services.course_create(actor=world.persona(persona), organiser=world.office, **_fields())


def test_it_rejects_a_window_that_closes_before_it_opens(world):
    with pytest.raises(ApplicationError, match="Hạn đăng ký phải sau"):
        services.course_create(
            actor=world.specialist,
            organiser=world.office,
            **_fields(registration_closes=TODAY - datetime.timedelta(days=1)),
        )


def test_it_will_not_open_a_course_without_sessions(world):
    course = services.course_create(actor=world.specialist, organiser=world.office, **_fields())
    with pytest.raises(ApplicationError, match="ít nhất một buổi"):
        services.course_open(actor=world.specialist, course=course)


def test_opening_tells_the_schools_that_have_a_quota(world):
    course = services.course_create(actor=world.specialist, organiser=world.office, **_fields())
    services.session_add(
        actor=world.specialist,
        course=course,
        date=TODAY,
        start_time=datetime.time(8),
        end_time=datetime.time(11),
    )
    services.quota_set(actor=world.specialist, course=course, school=world.school_a, places=2)
    services.course_open(actor=world.specialist, course=course)
    assert Notification.objects.filter(user=world.principal_a, title__startswith="Mở đăng ký").exists()
    assert not Notification.objects.filter(user=world.principal_b).exists()
    assert [e.to_status for e in events_for(course)] == ["draft", "open"]


def test_cancelling_needs_a_reason_and_tells_the_nominees(world, tw):
    _nominate(world, tw)
    with pytest.raises(ApplicationError, match="lý do hủy"):
        services.course_cancel(actor=world.specialist, course=tw.course, reason=" ")
    services.course_cancel(actor=world.specialist, course=tw.course, reason="Trùng lịch thi")
    tw.course.refresh_from_db()
    assert tw.course.status == CourseStatus.CANCELLED
    assert Notification.objects.filter(user=world.teacher_a, title__startswith="Hủy khóa").exists()


# ── Partner scope ──────────────────────────────────────────────────────────────────────────────────


def test_the_partner_manages_its_own_course(world, tw):
    n = services.nominate(
        actor=world.principal_a, course=tw.partner_course, school=world.school_a, staff=tw.teacher_1
    )
    assert services.nomination_approve(actor=world.partner, nomination=n).status == NominationStatus.APPROVED


def test_the_partner_cannot_touch_the_offices_course(world, tw):
    n = _nominate(world, tw)
    with pytest.raises(PermissionDeniedError):
        services.nomination_approve(actor=world.partner, nomination=n)
    with pytest.raises(PermissionDeniedError):
        services.course_close(actor=world.partner, course=tw.course)


def test_the_office_cannot_run_the_partners_course(world, tw):
    n = services.nominate(
        actor=world.principal_a, course=tw.partner_course, school=world.school_a, staff=tw.teacher_1
    )
    with pytest.raises(PermissionDeniedError):
        services.nomination_approve(actor=world.specialist, nomination=n)


# ── Quotas ─────────────────────────────────────────────────────────────────────────────────────────


def test_quotas_never_add_up_to_more_than_the_capacity(world, tw):
    tw.course.capacity = 5
    tw.course.save()
    services.quota_set(actor=world.specialist, course=tw.course, school=world.school_a, places=3)
    with pytest.raises(ApplicationError, match="vượt quá số chỗ"):
        services.quota_set(actor=world.specialist, course=tw.course, school=world.school_b, places=3)


def test_a_quota_cannot_drop_below_the_people_already_sent(world, tw):
    services.quota_set(actor=world.specialist, course=tw.course, school=world.school_a, places=2)
    _nominate(world, tw, staff=tw.teacher_1)
    _nominate(world, tw, staff=tw.teacher_2)
    with pytest.raises(ApplicationError, match="đã cử 2 người"):
        services.quota_set(actor=world.specialist, course=tw.course, school=world.school_a, places=1)


def test_it_rejects_a_quota_for_a_school_of_another_level(world, tw):
    tw.course.levels = ["MN"]
    tw.course.save()
    with pytest.raises(ApplicationError, match="dành cho cấp MN"):
        services.quota_set(actor=world.specialist, course=tw.course, school=world.school_a, places=2)


# ── Nominations ────────────────────────────────────────────────────────────────────────────────────


def test_the_principal_nominates_a_teacher(world, tw):
    n = _nominate(world, tw)
    assert (n.status, n.school, n.nominated_by) == (
        NominationStatus.NOMINATED,
        world.school_a,
        world.principal_a,
    )
    assert [e.action for e in events_for(n)] == ["nominate"]


def test_the_coordinator_may_nominate_too(world, tw):
    assert services.nominate(
        actor=world.coordinator_a, course=tw.course, school=world.school_a, staff=tw.teacher_2
    ).pk


@pytest.mark.parametrize("persona", ["teacher_a", "principal_b", "specialist", "partner"])
def test_it_rejects_a_nomination_by_anyone_but_the_schools_head_or_coordinator(world, tw, persona):
    with pytest.raises(PermissionDeniedError, match="hiệu trưởng hoặc cán bộ phụ trách"):
        services.nominate(
            actor=world.persona(persona), course=tw.course, school=world.school_a, staff=tw.teacher_1
        )


def test_it_rejects_a_nomination_beyond_the_quota(world, tw):
    services.quota_set(actor=world.specialist, course=tw.course, school=world.school_a, places=1)
    _nominate(world, tw, staff=tw.teacher_1)
    with pytest.raises(ApplicationError, match=r"đã cử đủ chỉ tiêu \(1/1 người\)"):
        _nominate(world, tw, staff=tw.teacher_2)


def test_it_rejects_a_school_without_a_quota_when_the_course_has_quotas(world, tw):
    services.quota_set(actor=world.specialist, course=tw.course, school=world.school_b, places=2)
    with pytest.raises(ApplicationError, match="chưa được giao chỉ tiêu"):
        _nominate(world, tw)


def test_it_rejects_a_nomination_before_the_window_opens(world, tw):
    tw.course.registration_opens = TODAY + datetime.timedelta(days=2)
    tw.course.registration_closes = TODAY + datetime.timedelta(days=9)
    tw.course.save()
    with pytest.raises(ConflictError, match="chưa mở đăng ký"):
        _nominate(world, tw)


def test_it_rejects_a_nomination_after_the_window_closes(world, tw):
    tw.course.registration_opens = TODAY - datetime.timedelta(days=9)
    tw.course.registration_closes = TODAY - datetime.timedelta(days=1)
    tw.course.save()
    with pytest.raises(ConflictError, match="Đã hết hạn đăng ký"):
        _nominate(world, tw)


def test_it_rejects_a_nomination_to_a_course_not_open(world, tw):
    services.course_close(actor=world.specialist, course=tw.course)
    with pytest.raises(ConflictError, match="không nhận đăng ký"):
        _nominate(world, tw)


def test_it_rejects_a_person_outside_the_target_groups(world, tw):
    with pytest.raises(ApplicationError, match="dành cho .*Học sinh"):
        services.nominate(
            actor=world.principal_a, course=tw.partner_course, school=world.school_a, staff=tw.manager_a
        )


def test_it_rejects_a_pupil_for_a_course_of_staff(world, tw):
    with pytest.raises(ApplicationError, match="thuộc nhóm Học sinh"):
        services.nominate(
            actor=world.principal_a, course=tw.course, school=world.school_a, student=tw.pupil_a
        )


def test_it_accepts_a_pupil_when_the_course_takes_pupils(world, tw):
    n = services.nominate(
        actor=world.principal_a, course=tw.partner_course, school=world.school_a, student=tw.pupil_a
    )
    assert n.is_student and n.group == "HS"


def test_it_rejects_a_duplicate_nomination(world, tw):
    _nominate(world, tw)
    with pytest.raises(ConflictError, match="đã được cử vào khóa này"):
        _nominate(world, tw)


def test_a_withdrawn_person_may_be_nominated_again(world, tw):
    first = _nominate(world, tw)
    services.nomination_withdraw(actor=world.principal_a, nomination=first)
    assert _nominate(world, tw).pk != first.pk


def test_it_rejects_someone_of_another_school(world, tw):
    with pytest.raises(ApplicationError, match="không thuộc danh sách của trường"):
        _nominate(world, tw, staff=tw.teacher_b)


def test_it_rejects_someone_who_has_left(world, tw):
    gone = StaffFactory(unit=world.school_a, group="GV", left_on=TODAY)
    with pytest.raises(ApplicationError, match="đã nghỉ"):
        _nominate(world, tw, staff=gone)


def test_it_rejects_a_school_outside_the_courses_audience(world, tw):
    other = CourseFactory(organiser=world.partner_unit, audience=world.partner_unit, target_groups=["GV"])
    with pytest.raises(ApplicationError, match="không thuộc các trường"):
        _nominate(world, tw, course=other)


# ── Decisions ──────────────────────────────────────────────────────────────────────────────────────


def test_approving_tells_the_school_and_the_nominee(world, tw):
    n = services.nomination_approve(actor=world.specialist, nomination=_nominate(world, tw))
    assert (n.status, n.decided_by) == (NominationStatus.APPROVED, world.specialist)
    for user in (world.principal_a, world.coordinator_a, world.teacher_a):
        assert Notification.objects.filter(user=user, title__startswith="Được duyệt").exists()


def test_declining_needs_a_reason_and_keeps_it(world, tw):
    n = _nominate(world, tw)
    with pytest.raises(ApplicationError, match="lý do không duyệt"):
        services.nomination_decline(actor=world.specialist, nomination=n, reason="")
    n = services.nomination_decline(actor=world.specialist, nomination=n, reason="Không đúng đối tượng")
    assert (n.status, n.decline_reason) == (NominationStatus.DECLINED, "Không đúng đối tượng")
    assert Notification.objects.filter(user=world.teacher_a, body__contains="Không đúng đối tượng").exists()
    assert [e.to_status for e in events_for(n)] == ["nominated", "declined"]


def test_approvals_stop_at_the_capacity(world, tw):
    tw.course.capacity = 1
    tw.course.save()
    services.nomination_approve(actor=world.specialist, nomination=_nominate(world, tw, staff=tw.teacher_1))
    with pytest.raises(ConflictError, match="đã đủ 1 chỗ"):
        services.nomination_approve(
            actor=world.specialist, nomination=_nominate(world, tw, staff=tw.teacher_2)
        )


def test_only_the_nominating_school_withdraws(world, tw):
    n = _nominate(world, tw)
    with pytest.raises(PermissionDeniedError):
        services.nomination_withdraw(actor=world.principal_b, nomination=n)
    assert (
        services.nomination_withdraw(actor=world.coordinator_a, nomination=n).status
        == NominationStatus.WITHDRAWN
    )


# ── Attendance, completion, certificates ───────────────────────────────────────────────────────────


def _approved(world, tw, *staff):
    return [
        services.nomination_approve(actor=world.specialist, nomination=_nominate(world, tw, staff=s))
        for s in staff
    ]


def test_the_checkoff_marks_everyone_present_or_absent_and_starts_the_course(world, tw):
    n1, n2 = _approved(world, tw, tw.teacher_1, tw.teacher_2)
    services.attendance_mark(actor=world.specialist, session=tw.session, present_ids=[n1.pk])
    marks = dict(Attendance.objects.values_list("nomination_id", "present"))
    tw.course.refresh_from_db()
    assert marks == {n1.pk: True, n2.pk: False} and tw.course.status == CourseStatus.IN_PROGRESS
    services.attendance_mark(actor=world.specialist, session=tw.session, present_ids=[n2.pk])
    assert dict(Attendance.objects.values_list("nomination_id", "present")) == {n1.pk: False, n2.pk: True}


def test_it_rejects_attendance_for_a_session_not_yet_held(world, tw):
    later = SessionFactory(course=tw.course, date=TODAY + datetime.timedelta(days=3))
    with pytest.raises(ConflictError, match="chưa diễn ra"):
        services.attendance_mark(actor=world.specialist, session=later, present_ids=[])


def test_it_rejects_attendance_of_someone_not_approved(world, tw):
    n = _nominate(world, tw)
    with pytest.raises(ApplicationError, match="không thuộc danh sách được duyệt"):
        services.attendance_mark(actor=world.specialist, session=tw.session, present_ids=[n.pk])


def test_the_school_cannot_mark_attendance(world, tw):
    with pytest.raises(PermissionDeniedError):
        services.attendance_mark(actor=world.principal_a, session=tw.session, present_ids=[])


def test_completion_follows_the_share_of_sessions_attended(world, tw):
    second = SessionFactory(course=tw.course, date=TODAY - datetime.timedelta(days=1))
    tw.course.completion_min_percent = 50
    tw.course.save()
    n1, n2, n3 = _approved(world, tw, tw.teacher_1, tw.teacher_2, tw.manager_a)
    services.attendance_mark(actor=world.specialist, session=tw.session, present_ids=[n1.pk, n2.pk])
    services.attendance_mark(actor=world.specialist, session=second, present_ids=[n1.pk])
    rows = {
        c.nomination_id: (c.completed, c.sessions_attended)
        for c in services.completions_compute(actor=world.specialist, course=tw.course)
    }
    assert rows == {n1.pk: (True, 2), n2.pk: (True, 1), n3.pk: (False, 0)}
    tw.course.refresh_from_db()
    assert tw.course.status == CourseStatus.COMPLETED


def test_the_default_rule_is_eighty_percent(world, tw):
    for i in range(4):
        SessionFactory(course=tw.course, date=TODAY - datetime.timedelta(days=i + 1))
    (n,) = _approved(world, tw, tw.teacher_1)
    for session in list(tw.course.sessions.all())[:4]:
        services.attendance_mark(actor=world.specialist, session=session, present_ids=[n.pk])
    (completion,) = services.completions_compute(actor=world.specialist, course=tw.course)
    assert (completion.sessions_attended, completion.sessions_total, completion.completed) == (4, 5, True)


def test_it_waits_for_the_last_session_before_computing(world, tw):
    SessionFactory(course=tw.course, date=TODAY + datetime.timedelta(days=7))
    with pytest.raises(ConflictError, match="còn buổi học chưa diễn ra"):
        services.completions_compute(actor=world.specialist, course=tw.course)


def _completed_course(world, tw):
    n1, n2 = _approved(world, tw, tw.teacher_1, tw.teacher_2)
    services.attendance_mark(actor=world.specialist, session=tw.session, present_ids=[n1.pk])
    services.completions_compute(actor=world.specialist, course=tw.course)
    return n1, n2


def test_certificates_go_to_completers_only_and_issuing_twice_makes_nothing_new(world, tw):
    n1, _n2 = _completed_course(world, tw)
    made = services.certificate_issue(actor=world.specialist, course=tw.course)
    assert [c.nomination_id for c in made] == [n1.pk]
    certificate = made[0]
    assert (certificate.holder_name, certificate.issuer, certificate.signer_name) == (
        "Nguyễn Thị Ánh Tuyết",
        world.office,
        "Khuê Mạnh Hùng",
    )
    assert len(certificate.code) == 10 and certificate.code.isalnum() and certificate.code.isupper()
    assert services.certificate_issue(actor=world.specialist, course=tw.course) == []
    assert Certificate.objects.count() == 1
    assert Notification.objects.filter(user=world.teacher_a, body__contains=certificate.code).exists()


def test_it_issues_no_certificate_before_completion(world, tw):
    with pytest.raises(ConflictError, match="đã kết thúc"):
        services.certificate_issue(actor=world.specialist, course=tw.course)


def test_codes_differ(world, tw):
    assert len({services.new_code() for _ in range(200)}) == 200


def test_revoking_needs_a_reason_and_happens_once(world, tw):
    _completed_course(world, tw)
    (certificate,) = services.certificate_issue(actor=world.specialist, course=tw.course)
    with pytest.raises(ApplicationError, match="lý do thu hồi"):
        services.certificate_revoke(actor=world.specialist, certificate=certificate, reason="")
    revoked = services.certificate_revoke(actor=world.specialist, certificate=certificate, reason="Cấp nhầm")
    assert revoked.is_revoked and revoked.revoke_reason == "Cấp nhầm"
    with pytest.raises(ConflictError):
        services.certificate_revoke(actor=world.specialist, certificate=revoked, reason="Lần nữa")
    assert [e.to_status for e in events_for(revoked)] == ["valid", "revoked"]


def test_the_school_cannot_revoke(world, tw):
    _completed_course(world, tw)
    (certificate,) = services.certificate_issue(actor=world.specialist, course=tw.course)
    with pytest.raises(PermissionDeniedError):
        services.certificate_revoke(actor=world.principal_a, certificate=certificate, reason="x")


def test_results_are_saved_for_the_courses_nominees(world, tw):
    n1, n2 = _completed_course(world, tw)
    services.completion_results_save(
        actor=world.specialist, course=tw.course, results={n1.pk: " Đạt ", n2.pk: ""}
    )
    n1.completion.refresh_from_db()
    assert n1.completion.result == "Đạt"


# ── The plan ───────────────────────────────────────────────────────────────────────────────────────


def test_a_school_attaches_the_course_as_evidence_of_its_assignment(world, tw):
    task = TaskFactory(plan=PlanFactory(issuing_unit=world.office))
    assignment = AssignmentFactory(task=task, unit=world.school_a)
    tw.course.tasks.add(task)
    _approved(world, tw, tw.teacher_1)
    evidence = services.course_evidence_attach(
        actor=world.coordinator_a, course=tw.course, assignment=assignment
    )
    assert (evidence.kind, evidence.record_ref) == ("record", f"training.course:{tw.course.pk}")
    with pytest.raises(ConflictError):
        services.course_evidence_attach(actor=world.coordinator_a, course=tw.course, assignment=assignment)
    assert Evidence.objects.count() == 1


def test_it_rejects_evidence_for_a_task_the_course_does_not_serve(world, tw):
    assignment = AssignmentFactory(
        task=TaskFactory(plan=PlanFactory(issuing_unit=world.office)), unit=world.school_a
    )
    with pytest.raises(ApplicationError, match="không phục vụ"):
        services.course_evidence_attach(actor=world.coordinator_a, course=tw.course, assignment=assignment)


def test_factories_make_a_consistent_nomination(world):
    n = NominationFactory(school=world.school_a)
    assert n.staff.unit == world.school_a
