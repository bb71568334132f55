"""The indicators: enrolled, recognised, energy saving and the green score, one value per school."""

import datetime
from decimal import Decimal

import pytest

from sangtao.orgs.models import SchoolYear, UnitYearStats
from sangtao.plans.indicators import aggregate, stat_sources
from sangtao.plans.records import records_for_task
from sangtao.programmes import services
from sangtao.programmes.models import MeterReading
from sangtao.testing.factories import IndicatorFactory, PlanFactory, TaskFactory

from .factories import enrolled, filled, office_scores, open_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(world):
    return IndicatorFactory(plan=PlanFactory(year=2024, issuing_unit=world.office))


def _recognise(world, programme, factor=Decimal(1)):
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    services.review_save(
        actor=world.specialist, assessment=assessment, scores=office_scores(assessment, factor=factor)
    )
    return services.assessment_decide(actor=world.specialist, assessment=assessment)


def test_it_counts_enrolled_and_recognised_schools_of_the_plans_year(
    world, indicator, django_assert_max_num_queries
):
    programme = open_programme(world, partner=False)
    _recognise(world, programme)
    enrolled(world, programme, world.school_b)
    enrolled(world, open_programme(world, partner=False, year=2023), world.school_b)
    ids = [world.school_a.pk, world.school_b.pk]
    sources = stat_sources()
    with django_assert_max_num_queries(2):
        assert sources["programmes.enrolled"].compute(indicator, ids) == {
            world.school_a.pk: 1,
            world.school_b.pk: 1,
        }
    assert sources["programmes.recognised"].compute(indicator, ids) == {world.school_a.pk: 1}


def test_the_green_score_is_the_reviewed_percent_or_nothing(world, indicator):
    programme = open_programme(world, partner=False)
    _recognise(world, programme, factor=Decimal("0.8"))
    enrolled(world, programme, world.school_b)
    values = stat_sources()["programmes.green_score"].compute(
        indicator, [world.school_a.pk, world.school_b.pk]
    )
    assert values == {world.school_a.pk: Decimal("80.0")}


def test_energy_saving_is_averaged_over_schools(world, indicator):
    year = SchoolYear.objects.create(
        name="2023-2024", start=datetime.date(2023, 9, 1), end=datetime.date(2024, 8, 31)
    )
    for unit, prev, cur in ((world.school_a, 1000, 900), (world.school_b, 1000, 800)):
        UnitYearStats.objects.create(unit=unit, year=year, students=100)
        MeterReading.objects.create(unit=unit, month=datetime.date(2022, 10, 1), electricity_kwh=prev)
        MeterReading.objects.create(unit=unit, month=datetime.date(2023, 10, 1), electricity_kwh=cur)
    source = stat_sources()["programmes.energy_saving"]
    values = source.compute(indicator, [world.school_a.pk, world.school_b.pk])
    assert values == {world.school_a.pk: Decimal("10.0"), world.school_b.pk: Decimal("20.0")}
    assert aggregate(source.measure, values, values).actual == Decimal("15.0")


def test_the_task_page_lists_enrolments(world):
    task = TaskFactory(plan=PlanFactory(year=2024, issuing_unit=world.office), number="III.2.1")
    programme = open_programme(world, partner=False)
    programme.task = task
    programme.save()
    enrolled(world, programme)
    groups = dict(records_for_task(world.specialist, task))
    assert [r.unit for r in groups["Trường tham gia mô hình"]] == [world.school_a.display_short]
    assert "Trường tham gia mô hình" not in dict(records_for_task(world.principal_b, task))
