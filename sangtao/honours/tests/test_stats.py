from sangtao.honours.models import CommendationStatus, RecipientKind
from sangtao.honours.stats import _both, _collectives, _individuals, _records_serving
from sangtao.honours.tests.factories import CommendationFactory, ProposalFactory
from sangtao.testing.factories import IndicatorFactory, PlanFactory, StaffFactory, TaskFactory


class _Indicator:
    def __init__(self, plan_id):
        self.plan_id = plan_id


def test_it_counts_people_and_collectives_of_the_plans_year_once_each(world, django_assert_max_num_queries):
    plan = PlanFactory(year=2024)
    teacher = StaffFactory(unit=world.school_a)
    CommendationFactory(unit=world.school_a, staff=teacher, title="ldtt")
    CommendationFactory(unit=world.school_a, staff=teacher, title="giay_khen_phong")  # the same person again
    CommendationFactory(unit=world.school_a)
    CommendationFactory(unit=world.school_a, kind=RecipientKind.COLLECTIVE, staff=None, title="tt_ldtt")
    CommendationFactory(
        unit=world.school_a,
        kind=RecipientKind.COLLECTIVE,
        staff=None,
        title="tt_ldtt",
        collective_name="Tổ Toán",
    )
    CommendationFactory(unit=world.school_a, status=CommendationStatus.REVOKED)
    CommendationFactory(unit=world.school_b, year=2023)
    units = [world.school_a.pk, world.school_b.pk]
    with django_assert_max_num_queries(2):
        assert _individuals(_Indicator(plan.pk), units) == {world.school_a.pk: 2, world.school_b.pk: 0}
    assert _collectives(_Indicator(plan.pk), units) == {world.school_a.pk: 2, world.school_b.pk: 0}
    assert _both(_Indicator(plan.pk), units) == {world.school_a.pk: 4, world.school_b.pk: 0}


def test_it_lists_the_years_records_on_the_task_it_measures(world):
    plan = PlanFactory(year=2024)
    task, other = TaskFactory(plan=plan, number="II.3.3"), TaskFactory(plan=plan, number="II.1")
    IndicatorFactory(plan=plan, task=task, source="computed", source_key="honours.honoured")
    c = CommendationFactory(unit=world.school_a)
    CommendationFactory(unit=world.school_a, year=2023)
    ProposalFactory(unit=world.school_b, title="Đề nghị của trường B")
    records = _records_serving(world.specialist, task)
    assert [r.title for r in records] == [
        f"{c.staff.full_name} — Lao động tiên tiến",
        "Đề nghị của trường B (2023-2024)",
    ]
    assert [r.title for r in _records_serving(world.principal_b, task)] == [
        "Đề nghị của trường B (2023-2024)"
    ]
    assert _records_serving(world.specialist, other) == []
