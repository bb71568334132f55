"""A contest on top of the persona world: the office runs it with Bộ phận Đoàn – Đội and a partner agency.

office ── school A (THCS)  students 8A, 9A, 6A · mentor Hồ Văn Tài · judge_a works here
      ├── school B (TH)    students 5B, 4B, 1B · mentor Vũ Hoàng Nam
      └── school C (THCS)  judge_c works here
judge_o works for the office's Bộ phận Đoàn – Đội
"""

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from sangtao.accounts.models import Role, Staff, Student, User
from sangtao.contests import services
from sangtao.contests.models import Category, Contest, Round
from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitKind
from sangtao.testing.factories import (
    OrgUnitFactory,
    RoleAssignmentFactory,
    SchoolYearFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
)


@dataclass
class ContestWorld:
    contest: Contest
    round1: Round
    round2: Round
    science: Category
    tech: Category
    team_dd: OrgUnit
    school_c: OrgUnit
    a8: Student
    a9: Student
    a6: Student
    b5: Student
    b4: Student
    b1: Student
    mentor_a: Staff
    mentor_b: Staff
    judge_a: User  # works at school A
    judge_c: User  # works at school C
    judge_o: User  # works at the office


def judge_user(username, unit):
    user = UserFactory(username=username, unit=unit)
    RoleAssignmentFactory(user=user, role=Role.JUDGE, unit=unit)
    return user


@pytest.fixture
def cw(world):
    team_dd = OrgUnitFactory(
        kind=UnitKind.TEAM, name="Bộ phận Đoàn – Đội", code="BP-DD", level="", parent=world.office
    )
    school_c = OrgUnitFactory(
        name="Trường THCS Nguyễn Hiền", code="THCS-C", level=SchoolLevel.THCS, parent=world.office
    )
    today = datetime.date.today()
    contest = services.contest_create(
        actor=world.specialist,
        organiser=world.office,
        organiser_team=team_dd,
        name="Hội thi Sáng tạo thanh thiếu niên nhi đồng Quận 12",
        school_year=SchoolYearFactory(),
        eligible_levels=[SchoolLevel.TH, SchoolLevel.THCS],
        min_grade=3,
        max_grade=9,
        max_team_size=3,
        entry_limit_per_school=2,
        registration_opens=today - datetime.timedelta(days=5),
        registration_closes=today + datetime.timedelta(days=20),
        categories=["Khoa học tự nhiên", "Kỹ thuật – công nghệ"],
        partners=[world.partner_unit],
    )
    round1 = services.round_create(
        actor=world.specialist, contest=contest, name="Vòng sơ khảo", level="school"
    )
    round2 = services.round_create(
        actor=world.specialist, contest=contest, name="Vòng chung khảo", level="office", judges_per_entry=1
    )
    services.contest_open(actor=world.specialist, contest=contest)
    science, tech = contest.categories.order_by("order")
    return ContestWorld(
        contest=contest,
        round1=round1,
        round2=round2,
        science=science,
        tech=tech,
        team_dd=team_dd,
        school_c=school_c,
        a8=StudentFactory(unit=world.school_a, full_name="Huỳnh Đức Anh", grade=8, class_name="8A2"),
        a9=StudentFactory(unit=world.school_a, full_name="Bùi Khánh Linh", grade=9, class_name="9A1"),
        a6=StudentFactory(unit=world.school_a, full_name="Trần Bảo Ngọc", grade=6, class_name="6A3"),
        b5=StudentFactory(unit=world.school_b, full_name="Tô Hoàng Long", grade=5, class_name="5A3"),
        b4=StudentFactory(unit=world.school_b, full_name="Mai Anh Thư", grade=4, class_name="4A2"),
        b1=StudentFactory(unit=world.school_b, full_name="Lý Ngọc Diệp", grade=1, class_name="1A1"),
        mentor_a=StaffFactory(unit=world.school_a, full_name="Hồ Văn Tài", subject="Công nghệ"),
        mentor_b=StaffFactory(unit=world.school_b, full_name="Vũ Hoàng Nam", subject="Khoa học"),
        judge_a=judge_user("judge_a", world.school_a),
        judge_c=judge_user("judge_c", school_c),
        judge_o=judge_user("judge_o", team_dd),
    )


@pytest.fixture
def client_as():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def register(
    world,
    cw,
    *,
    school=None,
    members=None,
    mentors=None,
    category=None,
    title="Máy lọc nước mini",
    submit=True,
):
    """A school's entry in round 1, submitted by its principal (school A by default)."""
    school = school or world.school_a
    principal = world.principal_a if school == world.school_a else world.principal_b
    members = members if members is not None else ([cw.a8] if school == world.school_a else [cw.b5])
    mentors = (
        mentors if mentors is not None else ([cw.mentor_a] if school == world.school_a else [cw.mentor_b])
    )
    entry = services.entry_save(
        actor=principal,
        contest=cw.contest,
        school=school,
        category=category or cw.science,
        title=title,
        members=members,
        mentors=mentors,
    )
    if submit:
        entry = services.entry_submit(actor=principal, entry=entry)
    return entry
