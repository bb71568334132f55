"""The contests' indicators: contests held, schools taking part, entries. One query each."""

import pytest

from sangtao.contests import stats
from sangtao.contests.models import EntryStatus, RoundStatus
from sangtao.plans.indicators import stat_sources
from sangtao.testing.factories import (
    ContestFactory,
    ContestRoundFactory,
    EntryFactory,
    IndicatorFactory,
    OrgUnitFactory,
    PlanFactory,
    SchoolYearFactory,
)


@pytest.fixture
def setup(world):
    """Plan 2024 ↔ school year 2023-2024. A: two entries (one accepted); B: a draft; C: accepted, last year."""
    plan = PlanFactory(issuing_unit=world.office, year=2024)
    indicator = IndicatorFactory(plan=plan, source="computed", source_key="contests.entries")
    year = SchoolYearFactory()
    contest = ContestFactory(organiser=world.office, school_year=year)
    round1 = ContestRoundFactory(contest=contest, order=1, status=RoundStatus.PUBLISHED)
    round2 = ContestRoundFactory(contest=contest, order=2)
    school_c = OrgUnitFactory(parent=world.office)
    first = EntryFactory(round=round1, school=world.school_a, status=EntryStatus.ADVANCED)
    EntryFactory(
        round=round2,
        school=world.school_a,
        status=EntryStatus.SUBMITTED,
        advanced_from=first,
        category=first.category,
    )
    EntryFactory(round=round1, school=world.school_a, status=EntryStatus.ELIGIBLE)
    EntryFactory(round=round1, school=world.school_b, status=EntryStatus.DRAFT)
    old = ContestFactory(
        organiser=world.office,
        school_year=SchoolYearFactory(name="2022-2023", start="2022-09-05", end="2023-05-31"),
    )
    EntryFactory(
        round=ContestRoundFactory(contest=old, status=RoundStatus.PUBLISHED),
        school=school_c,
        status=EntryStatus.ELIGIBLE,
    )
    return indicator, [world.school_a.pk, world.school_b.pk, school_c.pk, world.office.pk]


def test_the_app_declares_its_three_indicators():
    assert {"contests.held", "contests.schools_participating", "contests.entries"} <= set(stat_sources())


def test_schools_participating_is_one_per_school_with_an_accepted_entry(setup, django_assert_num_queries):
    indicator, (a, b, c, office) = setup
    with django_assert_num_queries(1):
        values = stats._schools_participating(indicator, [a, b, c, office])
    assert values == {a: 1, b: 0, c: 0, office: 0}


def test_entries_counts_registrations_once_and_not_drafts(setup, django_assert_num_queries):
    indicator, (a, b, c, office) = setup
    with django_assert_num_queries(1):
        values = stats._entries(indicator, [a, b, c, office])
    assert values == {a: 2, b: 0, c: 0, office: 0}


def test_held_counts_contests_with_a_published_round_by_organiser_or_participant(
    setup, django_assert_num_queries
):
    indicator, (a, b, c, office) = setup
    with django_assert_num_queries(1):
        values = stats._held(indicator, [a, b, c, office])
    assert values == {a: 1, b: 0, c: 0, office: 1}


def test_a_contest_without_a_published_round_is_not_held_yet(world, setup):
    indicator, (a, _b, _c, office) = setup
    from sangtao.contests.models import Round

    Round.objects.update(status=RoundStatus.REVIEW)
    assert stats._held(indicator, [a, office]) == {a: 0, office: 0}
