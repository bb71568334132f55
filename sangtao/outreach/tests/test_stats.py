import datetime

from django.test.utils import override_settings

from sangtao.outreach.stats import _documents_acknowledged
from sangtao.testing.factories import AcknowledgementFactory, DistributionFactory


class _Indicator:
    def __init__(self, plan_id):
        self.plan_id = plan_id


def test_it_counts_a_school_only_when_every_distribution_of_the_year_is_acknowledged(
    world, django_assert_max_num_queries
):
    from sangtao.testing.factories import PlanFactory

    plan = PlanFactory(year=2024)
    d1 = DistributionFactory(sender_unit=world.office, due_on=datetime.date(2023, 10, 15))
    d2 = DistributionFactory(sender_unit=world.office, due_on=datetime.date(2024, 3, 1))
    old = DistributionFactory(sender_unit=world.office, due_on=datetime.date(2023, 5, 1))
    now = datetime.datetime(2023, 10, 2, tzinfo=datetime.UTC)
    AcknowledgementFactory(distribution=d1, unit=world.school_a, received_at=now)
    AcknowledgementFactory(distribution=d2, unit=world.school_a, received_at=now)
    AcknowledgementFactory(distribution=old, unit=world.school_a)
    AcknowledgementFactory(distribution=d1, unit=world.school_b, received_at=now)
    AcknowledgementFactory(distribution=d2, unit=world.school_b)
    with django_assert_max_num_queries(2), override_settings(SANGTAO_TODAY=datetime.date(2024, 6, 1)):
        values = _documents_acknowledged(_Indicator(plan.pk), [world.school_a.pk, world.school_b.pk])
    assert values == {world.school_a.pk: 1, world.school_b.pk: 0}


def test_it_ignores_distributions_not_yet_due(world):
    from sangtao.testing.factories import PlanFactory

    plan = PlanFactory(year=2024)
    AcknowledgementFactory(
        distribution=DistributionFactory(sender_unit=world.office, due_on=datetime.date(2024, 4, 1)),
        unit=world.school_a,
    )
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):
        assert _documents_acknowledged(_Indicator(plan.pk), [world.school_a.pk]) == {}


def test_it_lists_the_documents_and_events_serving_a_task(world, client_for):
    from sangtao.outreach.models import Event
    from sangtao.outreach.stats import _records_serving
    from sangtao.testing.factories import DocumentFactory, TaskFactory

    task = TaskFactory()
    doc = DocumentFactory(summary="Cẩm nang cho nhiệm vụ")
    doc.tasks.add(task)
    event = Event.objects.create(title="Ngày hội", kind="city", starts_on=datetime.date(2024, 1, 5))
    event.tasks.add(task)
    DocumentFactory(summary="Không liên quan")
    records = _records_serving(world.specialist, task)
    assert [r.title for r in records] == [f"{doc.number} Cẩm nang cho nhiệm vụ", "Ngày hội"]
    # A school sees only the documents sent to it.
    assert [r.title for r in _records_serving(world.principal_b, task)] == ["Ngày hội"]
