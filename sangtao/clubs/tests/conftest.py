import datetime
from dataclasses import dataclass

import pytest

from sangtao.accounts.models import Staff, Student
from sangtao.clubs.models import Club
from sangtao.testing.factories import (
    ClubActivityFactory,
    ClubFactory,
    ClubMemberFactory,
    StaffFactory,
    StudentFactory,
)

# The clubs tests reason as of 15/03/2024: the last two teaching months are February and March 2024.
TODAY = datetime.date(2024, 3, 15)


@dataclass
class ClubWorld:
    club: Club  # school A's club: five student members, activities in February and March → active
    adviser: Staff  # teacher_a's staff record, adviser of the club
    students: list[Student]  # school A's students (the first five are members)
    staff: list[Staff]  # school A's other staff


@pytest.fixture
def today(settings):
    settings.SANGTAO_TODAY = TODAY
    return TODAY


@pytest.fixture
def cw(world, today):
    adviser = StaffFactory(unit=world.school_a, full_name="Hồ Văn Tài", user=world.teacher_a)
    staff = [StaffFactory(unit=world.school_a, full_name=f"Giáo viên {i}") for i in range(2)]
    students = [
        StudentFactory(unit=world.school_a, full_name=f"Học sinh {i}", class_name="8A2") for i in range(7)
    ]
    club = ClubFactory(unit=world.school_a, name="CLB Robotics Nguyễn Ảnh Thủ", club_type="robotics")
    club.advisers.add(adviser)
    for student in students[:5]:
        ClubMemberFactory(club=club, student=student)
    ClubActivityFactory(club=club, date=datetime.date(2024, 2, 20), title="Lắp ráp robot")
    ClubActivityFactory(club=club, date=datetime.date(2024, 3, 7), title="Lập trình cảm biến")
    return ClubWorld(club=club, adviser=adviser, students=students, staff=staff)
