"""The writes of the clubs app: who may do what, the rules they keep, and the events they leave."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sangtao.clubs import services
from sangtao.clubs.models import ActivityRule, ClubMember, ClubStatus
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.plans.models import EvidenceKind
from sangtao.testing.factories import (
    AssignmentFactory,
    ClubFactory,
    IndicatorFactory,
    PlanFactory,
    StaffFactory,
    StudentFactory,
    TaskFactory,
)

D = datetime.date
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def register(world, cw, actor=None, **extra):
    fields = {
        "name": "CLB Khởi nghiệp",
        "club_type": "startup",
        "decision_number": "12/QĐ-THCS",
        "decision_date": D(2024, 3, 1),
        "advisers": [cw.adviser],
        "members": cw.students[:5],
    } | extra
    return services.club_register(actor=actor or world.coordinator_a, unit=world.school_a, **fields)


# ── Register, update, status ───────────────────────────────────────────────────────────────────────


def test_the_coordinator_registers_a_club_with_its_first_members(world, cw):
    club = register(world, cw)
    assert (club.unit, club.status, club.members.count(), list(club.advisers.all())) == (
        world.school_a,
        ClubStatus.ACTIVE,
        5,
        [cw.adviser],
    )
    assert set(club.members.values_list("joined_on", flat=True)) == {D(2024, 3, 1)}
    assert [(e.action, e.to_status) for e in events_for(club)] == [("register", "active")]


@pytest.mark.parametrize(
    "persona", ["teacher_a", "principal_b", "leader", "specialist", "observer", "partner"]
)
def test_it_rejects_a_registration_by_anyone_but_the_school_head_and_coordinator(world, cw, persona):
    with pytest.raises(PermissionDeniedError):
        register(world, cw, actor=world.persona(persona))


def test_it_rejects_members_of_another_school(world, cw):
    with pytest.raises(ApplicationError, match="không thuộc trường"):
        register(world, cw, members=[StudentFactory(unit=world.school_b)])


def test_it_rejects_an_adviser_of_another_school(world, cw):
    with pytest.raises(ApplicationError, match="Giáo viên phụ trách"):
        register(world, cw, advisers=[StaffFactory(unit=world.school_b)])


def test_it_rejects_a_decision_dated_in_the_future(world, cw):
    with pytest.raises(ApplicationError, match="không được sau hôm nay"):
        register(world, cw, decision_date=D(2024, 3, 16))


def test_it_rejects_a_decision_file_that_is_not_what_it_says(world, cw):
    fake = SimpleUploadedFile("qd.pdf", b"this is not a pdf", content_type="application/pdf")
    with pytest.raises(ApplicationError, match="không đúng với đuôi"):
        register(world, cw, decision_file=fake)


def test_it_rejects_an_empty_name(world, cw):
    with pytest.raises(ApplicationError):
        register(world, cw, name="  ")


def test_the_principal_updates_the_club(world, cw):
    services.club_update(actor=world.principal_a, club=cw.club, name="CLB Robotics và AI", advisers=[])
    cw.club.refresh_from_db()
    assert (cw.club.name, cw.club.name_folded, cw.club.advisers.count()) == (
        "CLB Robotics và AI",
        "clb robotics va ai",
        0,
    )


def test_the_adviser_cannot_update_the_club(world, cw):
    with pytest.raises(PermissionDeniedError):
        services.club_update(actor=world.teacher_a, club=cw.club, name="Đổi tên")


def test_pausing_needs_a_reason_and_writes_an_event(world, cw):
    with pytest.raises(ApplicationError, match="lý do"):
        services.club_set_status(
            actor=world.coordinator_a, club=cw.club, status=ClubStatus.PAUSED, reason=" "
        )
    services.club_set_status(
        actor=world.coordinator_a,
        club=cw.club,
        status=ClubStatus.PAUSED,
        reason="Giáo viên phụ trách nghỉ sinh",
    )
    services.club_set_status(actor=world.coordinator_a, club=cw.club, status=ClubStatus.ACTIVE)
    cw.club.refresh_from_db()
    assert (cw.club.status, cw.club.status_reason) == (ClubStatus.ACTIVE, "")
    assert [(e.from_status, e.to_status, e.reason) for e in events_for(cw.club) if e.action == "status"] == [
        ("active", "paused", "Giáo viên phụ trách nghỉ sinh"),
        ("paused", "active", ""),
    ]


def test_a_closed_club_cannot_be_changed(world, cw):
    services.club_set_status(
        actor=world.principal_a, club=cw.club, status=ClubStatus.CLOSED, reason="Sáp nhập"
    )
    with pytest.raises(ConflictError):
        services.club_set_status(actor=world.principal_a, club=cw.club, status=ClubStatus.ACTIVE)
    with pytest.raises(ConflictError):
        services.activity_log(
            actor=world.principal_a, club=cw.club, date=D(2024, 3, 10), title="x", kind="meeting"
        )


def test_the_same_status_twice_is_refused(world, cw):
    with pytest.raises(ConflictError):
        services.club_set_status(actor=world.principal_a, club=cw.club, status=ClubStatus.ACTIVE)


# ── Members ────────────────────────────────────────────────────────────────────────────────────────


def test_it_adds_staff_and_students(world, cw):
    added = services.member_add(
        actor=world.coordinator_a,
        club=cw.club,
        people=[cw.students[5], cw.staff[0]],
        role="member",
        joined_on=D(2024, 3, 10),
    )
    assert [(m.student_id is not None, m.staff_id is not None) for m in added] == [
        (True, False),
        (False, True),
    ]


def test_it_refuses_someone_who_is_already_a_member(world, cw):
    with pytest.raises(ConflictError, match="đã là thành viên"):
        services.member_add(actor=world.coordinator_a, club=cw.club, people=[cw.students[0]])


def test_a_member_who_left_may_join_again(world, cw):
    member = cw.club.members.get(student=cw.students[0])
    services.member_leave(actor=world.coordinator_a, member=member, left_on=D(2024, 3, 1))
    services.member_add(actor=world.coordinator_a, club=cw.club, people=[cw.students[0]])
    assert cw.club.members.filter(student=cw.students[0]).count() == 2


def test_leaving_sets_the_day_and_cannot_happen_twice(world, cw):
    member = cw.club.members.first()
    services.member_leave(actor=world.principal_a, member=member)
    member.refresh_from_db()
    assert member.left_on == D(2024, 3, 15)
    with pytest.raises(ConflictError):
        services.member_leave(actor=world.principal_a, member=member)


def test_leaving_before_joining_is_refused(world, cw):
    with pytest.raises(ApplicationError, match="sau ngày tham gia"):
        services.member_leave(actor=world.principal_a, member=cw.club.members.first(), left_on=D(2023, 9, 1))


def test_the_teacher_cannot_change_members(world, cw):
    with pytest.raises(PermissionDeniedError):
        services.member_add(actor=world.teacher_a, club=cw.club, people=[cw.students[6]])


def test_a_member_is_a_student_or_a_staff_member_never_both(world, cw):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ClubMember.objects.create(
            club=cw.club, student=cw.students[6], staff=cw.staff[0], joined_on=D(2024, 1, 1)
        )


# ── Activities ─────────────────────────────────────────────────────────────────────────────────────


def test_the_adviser_logs_an_activity_with_a_photo(world, cw):
    members = list(cw.club.members.all()[:3])
    activity = services.activity_log(
        actor=world.teacher_a,
        club=cw.club,
        date=D(2024, 3, 14),
        title="Thi thử",
        kind="competition",
        participants=None,
        members=members,
        photos=[png()],
    )
    assert (activity.participants, activity.members.count(), activity.files.get().is_image) == (3, 3, True)


def test_a_teacher_who_does_not_advise_the_club_cannot_log(world, cw):
    cw.club.advisers.clear()
    with pytest.raises(PermissionDeniedError):
        services.activity_log(
            actor=world.teacher_a, club=cw.club, date=D(2024, 3, 14), title="x", kind="meeting"
        )


@pytest.mark.parametrize("persona", ["principal_b", "leader", "observer", "partner"])
def test_nobody_outside_the_school_logs_activities(world, cw, persona):
    with pytest.raises(PermissionDeniedError):
        services.activity_log(
            actor=world.persona(persona), club=cw.club, date=D(2024, 3, 14), title="x", kind="meeting"
        )


def test_it_rejects_an_activity_in_the_future(world, cw):
    with pytest.raises(ApplicationError, match="không được sau hôm nay"):
        services.activity_log(
            actor=world.coordinator_a, club=cw.club, date=D(2024, 3, 16), title="x", kind="meeting"
        )


def test_it_rejects_a_photo_that_is_not_a_picture(world, cw):
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    with pytest.raises(ApplicationError, match="không đúng với đuôi"):
        services.activity_log(
            actor=world.coordinator_a,
            club=cw.club,
            date=D(2024, 3, 14),
            title="x",
            kind="meeting",
            photos=[fake],
        )
    assert cw.club.activities.count() == 2


def test_it_rejects_a_pdf_sent_as_a_photo(world, cw):
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    with pytest.raises(ApplicationError, match="Không nhận tệp .pdf"):
        services.activity_log(
            actor=world.coordinator_a,
            club=cw.club,
            date=D(2024, 3, 14),
            title="x",
            kind="meeting",
            photos=[pdf],
        )


def test_fewer_participants_than_named_members_is_refused(world, cw):
    with pytest.raises(ApplicationError, match="ít hơn"):
        services.activity_log(
            actor=world.coordinator_a,
            club=cw.club,
            date=D(2024, 3, 14),
            title="x",
            kind="meeting",
            participants=1,
            members=list(cw.club.members.all()[:2]),
        )


def test_members_of_another_club_are_refused(world, cw):
    other = ClubFactory(unit=world.school_a)
    services.member_add(actor=world.coordinator_a, club=other, people=[cw.students[6]])
    with pytest.raises(ApplicationError, match="thành viên của câu lạc bộ này"):
        services.activity_log(
            actor=world.coordinator_a,
            club=cw.club,
            date=D(2024, 3, 14),
            title="x",
            kind="meeting",
            members=list(other.members.all()),
        )


def test_removing_an_activity_removes_its_files(world, cw):
    activity = services.activity_log(
        actor=world.coordinator_a,
        club=cw.club,
        date=D(2024, 3, 14),
        title="x",
        kind="meeting",
        files=[png("bien-ban.png")],
    )
    stored = activity.files.get().file
    services.activity_remove(actor=world.teacher_a, activity=activity)
    assert not cw.club.activities.filter(pk=activity.pk).exists() and not stored.storage.exists(stored.name)


# ── The plan and the rule ──────────────────────────────────────────────────────────────────────────


def test_the_club_is_attached_to_the_school_assignment_once(world, cw):
    plan = PlanFactory(issuing_unit=world.office)
    task = TaskFactory(plan=plan)
    IndicatorFactory(plan=plan, task=task, source="computed", source_key="clubs.active_schools")
    assignment = AssignmentFactory(task=task, unit=world.school_a)
    evidence = services.club_attach_to_assignment(
        actor=world.coordinator_a, club=cw.club, assignment=assignment
    )
    assert (evidence.kind, evidence.record_ref) == (EvidenceKind.RECORD, f"clubs.club:{cw.club.pk}")
    with pytest.raises(ConflictError):
        services.club_attach_to_assignment(actor=world.coordinator_a, club=cw.club, assignment=assignment)
    with pytest.raises(ApplicationError):
        services.club_attach_to_assignment(
            actor=world.coordinator_a,
            club=cw.club,
            assignment=AssignmentFactory(task=task, unit=world.school_b),
        )


@pytest.mark.parametrize("persona", ["leader", "admin"])
def test_office_leaders_set_the_rule(world, persona):
    rule = services.rule_set(
        actor=world.persona(persona), authority=world.office, min_members=6, months_required=3
    )
    assert (rule.min_members, rule.months_required) == (6, 3)
    assert "mặc định" in events_for(rule).get().reason
    services.rule_set(actor=world.leader, authority=world.office, min_members=7, months_required=3)
    assert ActivityRule.objects.get(unit=world.office).min_members == 7


@pytest.mark.parametrize("persona", ["specialist", "principal_a", "observer", "partner"])
def test_others_cannot_set_the_rule(world, persona):
    with pytest.raises(PermissionDeniedError):
        services.rule_set(
            actor=world.persona(persona), authority=world.office, min_members=6, months_required=3
        )


@pytest.mark.parametrize(("members", "months"), [(0, 2), (5, 0), (5, 10)])
def test_it_rejects_a_rule_out_of_range(world, members, months):
    with pytest.raises(ApplicationError):
        services.rule_set(
            actor=world.leader, authority=world.office, min_members=members, months_required=months
        )


def test_a_rule_is_set_on_an_authority_only(world):
    with pytest.raises(PermissionDeniedError):
        services.rule_set(actor=world.leader, authority=world.school_a, min_members=5, months_required=2)
