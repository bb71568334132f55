import datetime

from sangtao.spaces.models import ReviewStatus
from sangtao.spaces.stats import _models_applied, _records_serving, _schools_with_space
from sangtao.spaces.tests.factories import SpaceFactory, TechModelFactory
from sangtao.testing.factories import IndicatorFactory, PlanFactory, TaskFactory


class _Indicator:
    def __init__(self, plan_id):
        self.plan_id = plan_id


def test_only_accepted_records_count(world, django_assert_max_num_queries):
    plan = PlanFactory(year=2024)
    SpaceFactory(unit=world.school_a, status=ReviewStatus.ACCEPTED)
    SpaceFactory(unit=world.school_b, status=ReviewStatus.PENDING)
    TechModelFactory(unit=world.school_a, status=ReviewStatus.ACCEPTED)
    TechModelFactory(unit=world.school_a, status=ReviewStatus.ACCEPTED)
    TechModelFactory(unit=world.school_a, status=ReviewStatus.ACCEPTED, since=datetime.date(2024, 10, 1))
    TechModelFactory(unit=world.school_b, status=ReviewStatus.NEEDS_WORK)
    units = [world.school_a.pk, world.school_b.pk]
    with django_assert_max_num_queries(2):
        assert _schools_with_space(_Indicator(plan.pk), units) == {world.school_a.pk: 1, world.school_b.pk: 0}
    assert _models_applied(_Indicator(plan.pk), units) == {world.school_a.pk: 2, world.school_b.pk: 0}


def test_the_section_measured_by_spaces_lists_spaces_and_models(world):
    plan = PlanFactory(year=2024)
    section = TaskFactory(plan=plan, number="3")
    applied = TaskFactory(plan=plan, number="II.3.1", parent=section)
    IndicatorFactory(plan=plan, task=section, source="computed", source_key="spaces.schools_with_space")
    IndicatorFactory(plan=plan, task=applied, source="computed", source_key="spaces.models_applied")
    space, model = SpaceFactory(unit=world.school_a), TechModelFactory(unit=world.school_b)
    assert [r.title for r in _records_serving(world.specialist, section)] == [space.name, model.name]
    assert [r.title for r in _records_serving(world.specialist, applied)] == [model.name]
    assert [r.title for r in _records_serving(world.principal_a, section)] == [space.name]
