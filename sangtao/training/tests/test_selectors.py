"""Reads: which courses a person sees, and the coverage matrix in a fixed number of queries."""

import datetime

import pytest

from sangtao.testing.factories import (
    AttendanceFactory,
    CourseFactory,
    NominationFactory,
    OrgUnitFactory,
    SessionFactory,
    StaffFactory,
    StudentFactory,
)
from sangtao.training import selectors
from sangtao.training.models import COVERAGE_TOPICS

TODAY = datetime.date.today()
YEAR = selectors.current_plan_year()


# ── Courses in scope ───────────────────────────────────────────────────────────────────────────────

SEES = {
    # persona → (office course, partner course)
    "specialist": (True, True),
    "principal_a": (True, True),
    "teacher_a": (True, True),
    "observer": (True, True),
    "partner": (False, True),
    "principal_b": (True, True),
}


@pytest.mark.parametrize(("persona", "expected"), SEES.items())
def test_courses_are_shown_to_their_audience(world, tw, persona, expected):
    seen = set(selectors.courses_for_user(world.persona(persona)))
    assert (tw.course in seen, tw.partner_course in seen) == expected


def test_a_course_for_another_districts_schools_is_not_shown(world, tw):
    elsewhere = OrgUnitFactory(kind="authority", level="", name="Phòng GD&ĐT Quận 7")
    course = CourseFactory(organiser=elsewhere)
    assert course not in set(selectors.courses_for_user(world.principal_a))


def test_the_city_course_for_the_office_reaches_its_schools_but_not_the_partner(world):
    city = OrgUnitFactory(kind="authority", level="", name="Sở Giáo dục và Đào tạo TP. Hồ Chí Minh")
    course = CourseFactory(organiser=city, audience=world.office)
    assert course in set(selectors.courses_for_user(world.principal_b))
    assert course not in set(selectors.courses_for_user(world.partner))


def test_the_list_counts_the_approved(world, tw):
    NominationFactory(course=tw.course, school=world.school_a, status="approved")
    NominationFactory(course=tw.course, school=world.school_a, status="declined")
    row = selectors.courses_for_user(world.specialist).get(pk=tw.course.pk)
    assert (row.n_approved, row.n_nominated, row.n_sessions, row.first_session) == (1, 1, 1, TODAY)


def test_nominee_choices_leave_out_those_already_sent_and_other_groups(world, tw):
    NominationFactory(course=tw.course, school=world.school_a, staff=tw.teacher_2)
    choices = selectors.nominee_choices(world.principal_a, tw.course, world.school_a)
    names = {s.full_name for s in choices["staff"]}
    assert names == {"Nguyễn Thị Ánh Tuyết", "Lê Hoàng Quân", "Phạm Thị Nga"} and choices["students"] == []


def test_pupils_are_offered_only_to_who_may_see_them(world, tw):
    assert selectors.nominee_choices(world.principal_a, tw.partner_course, world.school_a)["students"] == [
        tw.pupil_a
    ]
    assert selectors.nominee_choices(world.teacher_a, tw.partner_course, world.school_a)["students"] == []


def test_a_pupils_nomination_is_hidden_from_the_teacher_and_the_observer(world, tw):
    NominationFactory(course=tw.partner_course, school=world.school_a, staff=None, student=tw.pupil_a)
    for persona, expected in [("principal_a", 1), ("teacher_a", 0), ("observer", 0), ("partner", 1)]:
        assert (
            selectors.nominations_for_user(world.persona(persona), tw.partner_course).count() == expected
        ), persona


# ── Coverage ───────────────────────────────────────────────────────────────────────────────────────


def _took_part(course, school, *, group="GV", pupil=False, session=None):
    staff = None if pupil else StaffFactory(unit=school, group=group)
    student = StudentFactory(unit=school) if pupil else None
    nomination = NominationFactory(
        course=course, school=school, staff=staff, student=student, status="approved"
    )
    AttendanceFactory(session=session or course.sessions.first(), nomination=nomination)
    return nomination


def test_the_matrix_shows_the_topics_of_each_group_of_each_school(world, tw):
    _took_part(tw.course, world.school_a, group="GV")
    _took_part(tw.partner_course, world.school_a, pupil=True)
    matrix = selectors.coverage_matrix(world.leader, year=YEAR, topics=tuple(COVERAGE_TOPICS))
    row = next(r for r in matrix.rows if r.school == world.school_a)
    assert {c.group: sorted(c.topics) for c in row.cells} == {
        "CBQL": [],
        "GV": ["innovation"],
        "NV": [],
        "HS": ["startup"],
    }
    assert [c.group for c in row.cells if c.missing] == ["CBQL", "NV"] and not row.covered and row.took_part


def test_a_preschool_needs_no_pupils(world, tw):
    preschool = OrgUnitFactory(parent=world.office, level="MN")
    for group in ("CBQL", "GV", "NV"):
        _took_part(tw.course, preschool, group=group)
    row = next(r for r in selectors.coverage_matrix(world.leader, year=YEAR).rows if r.school == preschool)
    assert row.covered and not next(c for c in row.cells if c.group == "HS").expected


def test_a_nominee_who_never_came_does_not_count(world, tw):
    nomination = _took_part(tw.course, world.school_a)
    nomination.attendances.update(present=False)
    row = next(
        r for r in selectors.coverage_matrix(world.leader, year=YEAR).rows if r.school == world.school_a
    )
    assert not row.took_part


def test_a_course_of_another_school_year_does_not_count(world):
    old = CourseFactory(organiser=world.office)
    SessionFactory(course=old, date=datetime.date(YEAR - 2, 10, 1))
    _took_part(old, world.school_a)
    row = next(
        r for r in selectors.coverage_matrix(world.leader, year=YEAR).rows if r.school == world.school_a
    )
    assert not row.took_part


def test_a_school_sees_only_itself(world, tw):
    assert [r.school for r in selectors.coverage_matrix(world.principal_a, year=YEAR).rows] == [
        world.school_a
    ]
    assert selectors.coverage_matrix(world.partner, year=YEAR).rows == []


def _schools(world, tw, n):
    for i in range(n):
        school = OrgUnitFactory(parent=world.office, level="TH" if i % 2 else "MN")
        _took_part(tw.course, school, group="GV")


@pytest.mark.parametrize("n", [2, 20])
def test_the_matrix_takes_two_queries_whatever_the_number_of_schools(world, tw, n, django_assert_num_queries):
    _schools(world, tw, n)
    leader = world.leader
    _roles = leader.roles  # the user's roles are read once per request, before any page code runs
    with django_assert_num_queries(2):
        matrix = selectors.coverage_matrix(leader, year=YEAR)
    assert len(matrix.rows) == n + 2 and matrix.took_part == n


def test_school_year_bounds_follow_the_plan_year():
    assert selectors.school_year_bounds(2024) == (datetime.date(2023, 9, 1), datetime.date(2024, 8, 31))


def test_codes_are_normalised_for_lookup():
    assert selectors.normalise_code(" ab-cd 12 ") == "ABCD12"
