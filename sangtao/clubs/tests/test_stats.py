"""The clubs app's indicators, as the plan's dashboard computes them."""

import datetime
from decimal import Decimal

import pytest

from sangtao.clubs.models import ClubStatus
from sangtao.plans.indicators import indicator_results, stat_sources
from sangtao.testing.factories import (
    ClubActivityFactory,
    ClubFactory,
    ClubMemberFactory,
    IndicatorFactory,
    OrgUnitFactory,
    PlanFactory,
)


@pytest.fixture
def indicators(world):
    plan = PlanFactory(issuing_unit=world.office)
    active = IndicatorFactory(
        plan=plan, code="CT01", source="computed", source_key="clubs.active_schools", target=50
    )
    count = IndicatorFactory(
        plan=plan,
        code="CT90",
        source="computed",
        source_key="clubs.clubs_registered",
        measure="count",
        unit_of_measure="câu lạc bộ",
        target=None,
    )
    return active, count


def test_the_app_declares_both_sources():
    sources = stat_sources()
    assert (sources["clubs.active_schools"].measure, sources["clubs.clubs_registered"].measure) == (
        "share",
        "count",
    )


def test_no_club_anywhere_is_zero_percent_not_no_data(world, today, indicators):
    result = indicator_results([indicators[0]], [world.school_a, world.school_b])[0]
    assert (result.overall.actual, result.overall.reported, result.by_unit) == (
        Decimal("0.0"),
        2,
        {world.school_a.pk: 0, world.school_b.pk: 0},
    )


def test_one_active_school_of_two_is_fifty_percent(cw, world, today, indicators):
    result = indicator_results([indicators[0]], [world.school_a, world.school_b])[0]
    assert (result.overall.actual, result.overall.met, result.by_level["THCS"].actual) == (
        Decimal("50.0"),
        1,
        Decimal("100.0"),
    )


def test_a_school_whose_club_is_paused_does_not_count(cw, world, today, indicators):
    cw.club.status = ClubStatus.PAUSED
    cw.club.save()
    assert indicator_results([indicators[0]], [world.school_a])[0].by_unit == {world.school_a.pk: 0}


def test_registered_clubs_are_counted_without_the_closed_ones(cw, world, today, indicators):
    ClubFactory(unit=world.school_b)
    ClubFactory(unit=world.school_b, status=ClubStatus.CLOSED)
    result = indicator_results([indicators[1]], [world.school_a, world.school_b])[0]
    assert (result.overall.actual, result.by_unit) == (
        Decimal(2),
        {world.school_a.pk: 1, world.school_b.pk: 1},
    )


@pytest.mark.parametrize("n", [2, 20])
def test_each_source_takes_a_fixed_number_of_queries(world, today, indicators, n, django_assert_num_queries):
    schools = [OrgUnitFactory(parent=world.office) for _ in range(n)]
    for school in schools:
        club = ClubFactory(unit=school)
        ClubMemberFactory(club=club)
        ClubActivityFactory(club=club, date=datetime.date(2024, 3, 1))
    active, count = indicators
    with django_assert_num_queries(2):
        active_values = stat_sources()["clubs.active_schools"].compute(active, [s.pk for s in schools])
    with django_assert_num_queries(1):
        counts = stat_sources()["clubs.clubs_registered"].compute(count, [s.pk for s in schools])
    assert (set(active_values.values()), set(counts.values())) == ({0}, {1})
