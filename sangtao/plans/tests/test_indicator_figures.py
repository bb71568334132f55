"""indicator_figures: the one source of the numbers that the dashboards, reports and API show."""

import datetime
from decimal import Decimal

import pytest

from sangtao.plans.indicators import stat_sources
from sangtao.plans.models import IndicatorSource, IndicatorValue, Measure
from sangtao.plans.selectors import Scope, indicator_figures
from sangtao.testing.factories import AssignmentFactory, IndicatorFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_scope_narrows_by_level_and_unit(world):
    plan = PlanFactory(issuing_unit=world.office, status="issued")
    task = TaskFactory(plan=plan)
    for school in (world.school_a, world.school_b):
        AssignmentFactory(task=task, unit=school)
    indicator = IndicatorFactory(plan=plan, task=task, source=IndicatorSource.MANUAL, measure=Measure.COUNT)
    IndicatorValue.objects.create(indicator=indicator, unit=world.school_a, value=Decimal(3))
    IndicatorValue.objects.create(indicator=indicator, unit=world.school_b, value=Decimal(4))

    everything = indicator_figures(world.leader, plan)
    assert everything[0].overall.actual == Decimal(7)
    thcs = indicator_figures(world.leader, plan, scope=Scope(level=world.school_a.level))
    assert thcs[0].overall.actual == Decimal(3)
    one = indicator_figures(world.leader, plan, scope=Scope(unit=world.school_b))
    assert one[0].overall.actual == Decimal(4)
    # A principal only ever sees their own school, whatever scope they ask for.
    assert indicator_figures(world.principal_a, plan)[0].overall.actual == Decimal(3)


def test_as_of_reads_dated_sources_at_that_day(world, settings):
    assert "outreach.responded_national_days" in stat_sources()
    plan = PlanFactory(issuing_unit=world.office, status="issued", year=2024)
    task = TaskFactory(plan=plan)
    AssignmentFactory(task=task, unit=world.school_a)
    IndicatorFactory(
        plan=plan,
        task=task,
        source=IndicatorSource.COMPUTED,
        source_key="outreach.responded_national_days",
        measure=Measure.SHARE_OF_UNITS,
    )
    from sangtao.outreach.services import national_days_ensure

    national_days_ensure(year=2023)
    # Before 1/10/2023 no national day has been held: no data, never 0.
    before = indicator_figures(world.leader, plan, as_of=datetime.date(2023, 9, 20))
    assert before[0].overall.actual is None
    after = indicator_figures(world.leader, plan, as_of=datetime.date(2023, 10, 20))
    assert after[0].overall.actual == Decimal(0)
