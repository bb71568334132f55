"""The indicators: initiatives submitted and recognised per school in the plan's school year, one query each."""

import datetime

import pytest

from sangtao.initiatives.models import InitiativeStatus
from sangtao.plans.indicators import indicator_results, stat_sources
from sangtao.plans.models import IndicatorSource
from sangtao.testing.factories import (
    CampaignFactory,
    IndicatorFactory,
    InitiativeFactory,
    PlanFactory,
    SchoolYearFactory,
)

S = InitiativeStatus


@pytest.fixture
def counted(world):
    this_year = SchoolYearFactory()  # 2023-2024, ends in 2024
    last_year = SchoolYearFactory(
        name="2022-2023", start=datetime.date(2022, 9, 5), end=datetime.date(2023, 5, 31), is_current=False
    )
    campaign = CampaignFactory(unit=world.office, school_year=this_year)
    old = CampaignFactory(unit=world.office, school_year=last_year)
    for status in (
        S.SUBMITTED,
        S.IN_REVIEW,
        S.RECOGNISED_SCHOOL,
        S.RECOGNISED_OFFICE,
        S.NOT_RECOGNISED,
        S.DRAFT,
        S.WITHDRAWN,
    ):
        InitiativeFactory(campaign=campaign, unit=world.school_a, status=status)
    InitiativeFactory(campaign=campaign, unit=world.school_b, status=S.FORWARDED)
    InitiativeFactory(campaign=old, unit=world.school_a, status=S.RECOGNISED_OFFICE)
    plan = PlanFactory(issuing_unit=world.office, year=2024)
    return plan


def _indicator(plan, key):
    return IndicatorFactory(
        plan=plan, source=IndicatorSource.COMPUTED, source_key=key, measure="count", target=None
    )


def test_both_sources_are_declared():
    assert {"initiatives.submitted", "initiatives.recognised"} <= set(stat_sources())


def test_submitted_counts_every_application_of_the_year_but_drafts_and_withdrawn(
    world, counted, django_assert_num_queries
):
    indicator = _indicator(counted, "initiatives.submitted")
    with django_assert_num_queries(1):
        values = stat_sources()["initiatives.submitted"].compute(
            indicator, [world.school_a.pk, world.school_b.pk]
        )
    assert values == {world.school_a.pk: 5, world.school_b.pk: 1}


def test_recognised_counts_school_and_office_recognition(world, counted, django_assert_num_queries):
    indicator = _indicator(counted, "initiatives.recognised")
    with django_assert_num_queries(1):
        values = stat_sources()["initiatives.recognised"].compute(
            indicator, [world.school_a.pk, world.school_b.pk]
        )
    assert values == {world.school_a.pk: 2, world.school_b.pk: 1}


def test_a_school_without_initiatives_counts_zero_and_the_total_rolls_up(world, counted):
    indicator = _indicator(counted, "initiatives.submitted")
    result = indicator_results([indicator], [world.school_a, world.school_b])[0]
    assert result.overall.actual == 6 and result.by_unit == {world.school_a.pk: 5, world.school_b.pk: 1}
