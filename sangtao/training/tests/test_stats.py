"""The two indicators that training feeds into the plan: target groups covered, schools that sent people."""

import datetime

import pytest

from sangtao.core.memo import memo_scope
from sangtao.plans.indicators import indicator_results, stat_sources
from sangtao.testing.factories import (
    AttendanceFactory,
    CourseFactory,
    IndicatorFactory,
    NominationFactory,
    OrgUnitFactory,
    PlanFactory,
    SessionFactory,
    StaffFactory,
    StudentFactory,
)

KEYS = ("training.target_groups_covered", "training.schools_sent_people")
IN_YEAR = datetime.date(2023, 11, 15)  # plan 2024 = school year 2023-2024


@pytest.fixture
def plan(world):
    return PlanFactory(issuing_unit=world.office, year=2024)


def _indicator(plan, key):
    return IndicatorFactory(plan=plan, source="computed", source_key=key, target=100)


def _course(world, topics=("innovation",), day=IN_YEAR):
    course = CourseFactory(
        organiser=world.office, topics=list(topics), target_groups=["CBQL", "GV", "NV", "HS"]
    )
    SessionFactory(course=course, date=day)
    return course


def _attends(course, school, group, *, present=True, status="approved"):
    pupil = group == "HS"
    nomination = NominationFactory(
        course=course,
        school=school,
        status=status,
        staff=None if pupil else StaffFactory(unit=school, group=group),
        student=StudentFactory(unit=school) if pupil else None,
    )
    AttendanceFactory(session=course.sessions.get(), nomination=nomination, present=present)


def _values(plan, key, units):
    return stat_sources()[key].compute(_indicator(plan, key), [u.pk for u in units])


def test_both_sources_are_declared():
    assert set(KEYS) <= set(stat_sources())


def test_a_primary_school_counts_when_all_four_groups_took_part(world, plan):
    course = _course(world)
    for group in ("CBQL", "GV", "NV", "HS"):
        _attends(course, world.school_b, group)
    for group in ("CBQL", "GV", "NV"):
        _attends(course, world.school_a, group)
    assert _values(plan, KEYS[0], [world.school_a, world.school_b]) == {
        world.school_a.pk: 0,
        world.school_b.pk: 1,
    }


def test_a_preschool_counts_with_its_staff_alone(world, plan):
    preschool = OrgUnitFactory(parent=world.office, level="MN")
    course = _course(world, topics=("energy_saving",))
    for group in ("CBQL", "GV", "NV"):
        _attends(course, preschool, group)
    assert _values(plan, KEYS[0], [preschool]) == {preschool.pk: 1}


def test_only_innovation_startup_stem_and_energy_training_counts_for_coverage(world, plan):
    course = _course(world, topics=("digital", "st_policy"))
    for group in ("CBQL", "GV", "NV", "HS"):
        _attends(course, world.school_b, group)
    assert _values(plan, KEYS[0], [world.school_b]) == {world.school_b.pk: 0}
    assert _values(plan, KEYS[1], [world.school_b]) == {world.school_b.pk: 1}


def test_groups_may_come_from_different_courses(world, plan):
    first, second = _course(world, topics=("stem",)), _course(world, topics=("renewable",))
    _attends(first, world.school_b, "CBQL")
    _attends(first, world.school_b, "GV")
    _attends(second, world.school_b, "NV")
    _attends(second, world.school_b, "HS")
    assert _values(plan, KEYS[0], [world.school_b]) == {world.school_b.pk: 1}


def test_a_school_sent_people_when_an_approved_nominee_attended(world, plan):
    course = _course(world)
    _attends(course, world.school_a, "GV")
    _attends(course, world.school_b, "GV", present=False)
    assert _values(plan, KEYS[1], [world.school_a, world.school_b]) == {
        world.school_a.pk: 1,
        world.school_b.pk: 0,
    }


def test_a_nomination_not_approved_does_not_count(world, plan):
    _attends(_course(world), world.school_a, "GV", status="nominated")
    assert _values(plan, KEYS[1], [world.school_a]) == {world.school_a.pk: 0}


@pytest.mark.parametrize("day", [datetime.date(2023, 8, 31), datetime.date(2024, 9, 1)])
def test_training_outside_the_plans_school_year_does_not_count(world, plan, day):
    _attends(_course(world, day=day), world.school_a, "GV")
    assert _values(plan, KEYS[1], [world.school_a]) == {world.school_a.pk: 0}


@pytest.mark.parametrize("day", [datetime.date(2023, 9, 1), datetime.date(2024, 8, 31)])
def test_the_school_year_runs_from_september_to_august(world, plan, day):
    _attends(_course(world, day=day), world.school_a, "GV")
    assert _values(plan, KEYS[1], [world.school_a]) == {world.school_a.pk: 1}


def test_a_cancelled_course_does_not_count(world, plan):
    course = _course(world)
    _attends(course, world.school_a, "GV")
    course.status = "cancelled"
    course.save()
    assert _values(plan, KEYS[1], [world.school_a]) == {world.school_a.pk: 0}


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("n", [2, 20])
def test_each_source_takes_two_queries_whatever_the_number_of_schools(
    world, plan, key, n, django_assert_num_queries
):
    course = _course(world)
    schools = [OrgUnitFactory(parent=world.office, level="TH") for _ in range(n)]
    for school in schools:
        _attends(course, school, "GV")
    indicator = _indicator(plan, key)
    _plan = indicator.plan  # the indicator's plan is at hand wherever the dashboards compute it
    # The year's courses with their topics, then one grouped row per school and target group.
    with django_assert_num_queries(2):
        values = stat_sources()[key].compute(indicator, [s.pk for s in schools])
    assert len(values) == n


def test_both_sources_share_one_computation_in_a_request(world, plan, django_assert_num_queries):
    course = _course(world)
    _attends(course, world.school_a, "GV")
    ids = [world.school_a.pk, world.school_b.pk]
    covered, sent = _indicator(plan, KEYS[0]), _indicator(plan, KEYS[1])
    _plans = covered.plan, sent.plan
    with memo_scope(), django_assert_num_queries(2):
        stat_sources()[KEYS[0]].compute(covered, ids)
        values = stat_sources()[KEYS[1]].compute(sent, ids)
    assert values == {world.school_a.pk: 1, world.school_b.pk: 0}


def test_the_plan_dashboard_shows_the_share(world, plan):
    course = _course(world)
    _attends(course, world.school_a, "GV")
    result = indicator_results([_indicator(plan, KEYS[1])], [world.school_a, world.school_b])[0]
    assert (result.overall.actual, result.overall.met, result.overall.expected) == (50, 1, 2)
