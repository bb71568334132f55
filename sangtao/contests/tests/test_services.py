"""Contests, rounds and registration: who may do what, and the eligibility rules checked on submit."""

import datetime

import pytest

from sangtao.contests import services
from sangtao.contests.models import (
    RUBRIC_TEMPLATE,
    AwardKind,
    ContestStatus,
    EntryStatus,
    RoundStatus,
    StudentConsent,
)
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.orgs.models import SchoolLevel
from sangtao.testing.factories import OrgUnitFactory, SchoolYearFactory, StaffFactory, StudentFactory

from .conftest import register


def test_a_new_round_starts_from_the_100_point_integer_rubric(cw):
    criteria = list(cw.round1.criteria.all())
    assert [c.max_points for c in criteria] == [points for _label, points in RUBRIC_TEMPLATE]
    assert sum(c.max_points for c in criteria) == 100
    assert {q.award: q.count for q in cw.round1.quotas.all()}[AwardKind.NHAT] == 1


def test_the_organiser_edits_the_rubric_until_a_judge_has_scored(world, cw):
    services.criteria_set(
        actor=world.specialist,
        round=cw.round1,
        rows=[
            {"label": "Ý tưởng", "max_points": 40, "weight": 1},
            {"label": "Sản phẩm", "max_points": 60, "weight": 1},
        ],
    )
    assert [c.label for c in cw.round1.criteria.all()] == ["Ý tưởng", "Sản phẩm"]


def test_a_school_cannot_create_a_contest_for_the_office(world):
    with pytest.raises(PermissionDeniedError):
        services.contest_create(
            actor=world.principal_a,
            organiser=world.office,
            name="x",
            school_year=SchoolYearFactory(),
            registration_opens=datetime.date(2024, 1, 1),
            registration_closes=datetime.date(2024, 2, 1),
        )


def test_a_school_may_run_its_own_contest(world):
    contest = services.contest_create(
        actor=world.principal_a,
        organiser=world.school_a,
        name="Ngày hội STEM",
        school_year=SchoolYearFactory(),
        registration_opens=datetime.date(2024, 1, 1),
        registration_closes=datetime.date(2024, 2, 1),
        categories=["STEM"],
    )
    assert contest.status == ContestStatus.DRAFT and [e.action for e in events_for(contest)] == ["create"]


def test_it_rejects_a_registration_window_that_ends_before_it_starts(world):
    with pytest.raises(ApplicationError, match="Hạn nộp hồ sơ"):
        services.contest_create(
            actor=world.specialist,
            organiser=world.office,
            name="x",
            school_year=SchoolYearFactory(),
            registration_opens=datetime.date(2024, 2, 1),
            registration_closes=datetime.date(2024, 1, 1),
        )


def test_opening_needs_a_round_and_a_category(world):
    contest = services.contest_create(
        actor=world.specialist,
        organiser=world.office,
        name="x",
        school_year=SchoolYearFactory(),
        registration_opens=datetime.date(2024, 1, 1),
        registration_closes=datetime.date(2024, 2, 1),
    )
    with pytest.raises(ApplicationError, match="lĩnh vực"):
        services.contest_open(actor=world.specialist, contest=contest)


def test_a_school_registers_and_submits_a_team(world, cw):
    entry = register(world, cw, members=[cw.a8, cw.a9])
    assert entry.status == EntryStatus.SUBMITTED and entry.round == cw.round1 and entry.submitted_at
    assert sorted(m.grade for m in entry.members.all()) == [8, 9]
    assert [e.action for e in events_for(entry)] == ["create", "submit"]


def test_a_teacher_cannot_register_for_the_school(world, cw):
    with pytest.raises(PermissionDeniedError):
        services.entry_save(
            actor=world.teacher_a,
            contest=cw.contest,
            school=world.school_a,
            category=cw.science,
            title="x",
            members=[cw.a8],
            mentors=[cw.mentor_a],
        )


def test_it_rejects_a_student_outside_the_grades(world, cw):
    entry = register(world, cw, members=[cw.a8], submit=False)
    cw.contest.min_grade = 7
    cw.contest.save()
    entry.members.all().delete()
    services.entry_save(
        actor=world.principal_a,
        contest=cw.contest,
        school=world.school_a,
        category=cw.science,
        title="x",
        members=[cw.a6],
        mentors=[cw.mentor_a],
        entry=entry,
    )
    with pytest.raises(ApplicationError, match=r"Trần Bảo Ngọc \(khối 6\) không thuộc các khối được dự thi"):
        services.entry_submit(actor=world.principal_a, entry=entry)


def test_it_rejects_a_school_of_a_level_that_may_not_take_part(world, cw):
    cw.contest.eligible_levels = [SchoolLevel.THCS]
    cw.contest.save()
    entry = register(world, cw, school=world.school_b, submit=False)
    with pytest.raises(ApplicationError, match="Hội thi dành cho cấp học: Trung học cơ sở"):
        services.entry_submit(actor=world.principal_b, entry=entry)


def test_a_student_takes_part_in_one_entry_per_contest(world, cw):
    register(world, cw, members=[cw.a8], title="Bài thứ nhất")
    entry = register(world, cw, members=[cw.a8, cw.a9], title="Bài thứ hai", submit=False)
    with pytest.raises(ApplicationError, match="Huỳnh Đức Anh đã có tên trong bài dự thi “Bài thứ nhất”"):
        services.entry_submit(actor=world.principal_a, entry=entry)


def test_a_withdrawn_entry_frees_its_students(world, cw):
    first = register(world, cw, members=[cw.a8], title="Bài thứ nhất")
    services.entry_withdraw(actor=world.principal_a, entry=first)
    assert register(world, cw, members=[cw.a8], title="Bài mới").status == EntryStatus.SUBMITTED


def test_it_enforces_the_schools_entry_limit(world, cw):
    register(world, cw, members=[cw.a8], title="Một")
    register(world, cw, members=[cw.a9], title="Hai")
    third = register(
        world, cw, members=[StudentFactory(unit=world.school_a, grade=7)], title="Ba", submit=False
    )
    with pytest.raises(ApplicationError, match="đã nộp đủ 2 bài dự thi"):
        services.entry_submit(actor=world.principal_a, entry=third)


def test_it_rejects_a_submission_after_the_deadline(world, cw):
    entry = register(world, cw, submit=False)
    cw.contest.registration_closes = datetime.date.today() - datetime.timedelta(days=1)
    cw.contest.registration_opens = cw.contest.registration_closes - datetime.timedelta(days=30)
    cw.contest.save()
    with pytest.raises(ApplicationError, match="Đã hết hạn nộp hồ sơ"):
        services.entry_submit(actor=world.principal_a, entry=entry)


def test_it_rejects_a_submission_before_the_window_opens(world, cw):
    entry = register(world, cw, submit=False)
    cw.contest.registration_opens = datetime.date.today() + datetime.timedelta(days=2)
    cw.contest.save()
    with pytest.raises(ApplicationError, match="Chưa đến thời gian nhận hồ sơ"):
        services.entry_submit(actor=world.principal_a, entry=entry)


def test_a_team_needs_a_mentor_and_students_of_its_own_school(world, cw):
    entry = register(world, cw, members=[cw.b5], mentors=[], submit=False)
    with pytest.raises(ApplicationError) as info:
        services.entry_submit(actor=world.principal_a, entry=entry)
    problems = info.value.extra["problems"]
    assert any("giáo viên hướng dẫn" in p for p in problems)
    assert any("Tô Hoàng Long không thuộc Trường THCS Nguyễn Ảnh Thủ" in p for p in problems)


def test_a_team_is_no_larger_than_the_contest_allows(world, cw):
    cw.contest.max_team_size = 1
    cw.contest.save()
    entry = register(world, cw, members=[cw.a8, cw.a9], submit=False)
    with pytest.raises(ApplicationError, match="tối đa 1 học sinh"):
        services.entry_submit(actor=world.principal_a, entry=entry)


def test_a_submitted_entry_is_locked(world, cw):
    entry = register(world, cw)
    with pytest.raises(ConflictError):
        services.entry_save(
            actor=world.principal_a,
            contest=cw.contest,
            school=world.school_a,
            category=cw.science,
            title="Sửa",
            members=[cw.a8],
            mentors=[cw.mentor_a],
            entry=entry,
        )


def test_a_school_outside_the_organiser_cannot_take_part(world, cw):
    elsewhere = OrgUnitFactory(level=SchoolLevel.THCS)
    with pytest.raises(PermissionDeniedError):
        services.entry_save(
            actor=world.principal_a,
            contest=cw.contest,
            school=elsewhere,
            category=cw.science,
            title="x",
            members=[],
            mentors=[],
        )


def test_the_organiser_returns_an_entry_with_a_reason(world, cw):
    entry = register(world, cw)
    with pytest.raises(ApplicationError, match="lý do"):
        services.entry_return(actor=world.specialist, entry=entry, reason=" ")
    entry = services.entry_return(actor=world.specialist, entry=entry, reason="Thiếu tóm tắt.")
    assert entry.status == EntryStatus.DRAFT and entry.return_reason == "Thiếu tóm tắt."
    assert world.principal_a.notifications.filter(title__contains="bị trả lại").exists()


def test_the_organiser_accepts_an_entry(world, cw):
    entry = services.entry_accept(actor=world.specialist, entry=register(world, cw))
    assert entry.status == EntryStatus.ELIGIBLE


def test_a_school_cannot_accept_its_own_entry(world, cw):
    with pytest.raises(PermissionDeniedError):
        services.entry_accept(actor=world.principal_a, entry=register(world, cw))


def test_registration_closes_when_the_first_round_is_judged(world, cw):
    cw.round1.status = RoundStatus.JUDGING
    cw.round1.save()
    with pytest.raises(ConflictError, match="không nhận thêm hồ sơ"):
        register(world, cw)


def test_a_mentor_from_another_school_is_refused(world, cw):
    entry = register(
        world, cw, mentors=[StaffFactory(unit=world.school_b, full_name="Người Ngoài")], submit=False
    )
    with pytest.raises(ApplicationError, match="Giáo viên Người Ngoài không thuộc"):
        services.entry_submit(actor=world.principal_a, entry=entry)


def test_consent_is_recorded_by_the_school_with_the_guardians_name(world, cw):
    with pytest.raises(ApplicationError, match="cha mẹ"):
        services.consent_record(
            actor=world.coordinator_a, student=cw.a8, publish_name=True, child_agreed=True
        )
    consent = services.consent_record(
        actor=world.coordinator_a,
        student=cw.a8,
        publish_name=True,
        child_agreed=True,
        guardian_name="Huỳnh Văn Tâm",
    )
    assert StudentConsent.objects.get(student=cw.a8) == consent and consent.recorded_by == world.coordinator_a


def test_another_school_cannot_record_consent(world, cw):
    with pytest.raises(PermissionDeniedError):
        services.consent_record(
            actor=world.principal_b, student=cw.a8, publish_name=False, child_agreed=False
        )


def test_an_entry_becomes_evidence_of_the_schools_assignment(world, cw):
    from sangtao.testing.factories import AssignmentFactory, PlanFactory, TaskFactory

    plan = PlanFactory(issuing_unit=world.office)
    task = TaskFactory(plan=plan, title="Tổ chức hội thi sáng tạo")
    cw.contest.tasks.add(task)
    assignment = AssignmentFactory(task=task, unit=world.school_a)
    entry = register(world, cw)
    services.entry_attach_to_assignment(actor=world.coordinator_a, entry=entry, assignment=assignment)
    assert assignment.evidence.get().record_ref == f"contests.entry:{entry.pk}"
    with pytest.raises(ConflictError):
        services.entry_attach_to_assignment(actor=world.coordinator_a, entry=entry, assignment=assignment)
