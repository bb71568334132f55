import datetime
from dataclasses import dataclass

import pytest

from sangtao.accounts.models import Staff, Student
from sangtao.testing.factories import CourseFactory, SessionFactory, StaffFactory, StudentFactory
from sangtao.training.models import Course, Session

TODAY = datetime.date.today()


@dataclass
class TrainingWorld:
    course: Course  # the office's open course for staff (CBQL, GV, NV) of every level, one session today
    session: Session
    partner_course: Course  # Phòng Kinh tế's open startup course for teachers and pupils
    teacher_1: Staff  # school A's teachers; teacher_1 is teacher_a's own record
    teacher_2: Staff
    manager_a: Staff
    clerk_a: Staff
    pupil_a: Student
    teacher_b: Staff


@pytest.fixture
def tw(world):
    course = CourseFactory(
        title="Bồi dưỡng đổi mới sáng tạo cho giáo viên", organiser=world.office, audience=world.office
    )
    session = SessionFactory(course=course, date=TODAY)
    partner_course = CourseFactory(
        title="Khởi nghiệp trong trường học",
        organiser=world.partner_unit,
        audience=world.ubnd,
        topics=["startup"],
        target_groups=["GV", "HS"],
        signer_name="Trần Văn Kinh",
        signer_title="Trưởng phòng Kinh tế",
    )
    SessionFactory(course=partner_course, date=TODAY)
    return TrainingWorld(
        course=course,
        session=session,
        partner_course=partner_course,
        teacher_1=StaffFactory(
            unit=world.school_a, full_name="Nguyễn Thị Ánh Tuyết", group="GV", user=world.teacher_a
        ),
        teacher_2=StaffFactory(unit=world.school_a, full_name="Trần Văn Đức", group="GV"),
        manager_a=StaffFactory(unit=world.school_a, full_name="Lê Hoàng Quân", group="CBQL"),
        clerk_a=StaffFactory(unit=world.school_a, full_name="Phạm Thị Nga", group="NV"),
        pupil_a=StudentFactory(unit=world.school_a, full_name="Huỳnh Gia Bảo", grade=8, class_name="8A2"),
        teacher_b=StaffFactory(unit=world.school_b, full_name="Võ Thị Bích", group="GV"),
    )


@dataclass
class Finished:
    course: Course  # the office's finished course: teacher_1 completed (certificate), teacher_2 did not
    nomination: object
    certificate: object


@pytest.fixture
def done(world, tw):
    from sangtao.training import services

    course = CourseFactory(
        title="Tập huấn tiết kiệm năng lượng trong trường học",
        organiser=world.office,
        audience=world.office,
        topics=["energy_saving"],
        credit_hours=4,
    )
    session = SessionFactory(course=course, date=TODAY - datetime.timedelta(days=1))
    n1 = services.nominate(actor=world.principal_a, course=course, school=world.school_a, staff=tw.teacher_1)
    n2 = services.nominate(actor=world.principal_a, course=course, school=world.school_a, staff=tw.teacher_2)
    for n in (n1, n2):
        services.nomination_approve(actor=world.specialist, nomination=n)
    services.attendance_mark(actor=world.specialist, session=session, present_ids=[n1.pk])
    services.completions_compute(actor=world.specialist, course=course)
    (certificate,) = services.certificate_issue(actor=world.specialist, course=course)
    return Finished(course=course, nomination=n1, certificate=certificate)
