import datetime

import pytest

from sangtao.communication.stats import INDICATORS, TASK_RECORDS
from sangtao.testing.factories import ArticleFactory, IndicatorFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _at(y, m):
    return datetime.datetime(y, m, 10, 8, 0, tzinfo=datetime.UTC)


def test_it_counts_articles_published_in_the_plans_school_year(world, django_assert_num_queries):
    indicator = IndicatorFactory(plan__year=2024)
    for when, status in [
        ((2023, 9), "published"),
        ((2024, 5), "unpublished"),
        ((2023, 8), "published"),
        ((2024, 9), "published"),
        ((2024, 1), "draft"),
    ]:
        ArticleFactory(unit=world.school_a, status=status, publish_at=_at(*when))
    ids = [world.school_a.pk, world.school_b.pk]
    with django_assert_num_queries(1):
        values = INDICATORS[0].compute(indicator, ids)
    assert values == {world.school_a.pk: 2, world.school_b.pk: 0}


def test_a_task_lists_its_articles(world):
    task = TaskFactory()
    ArticleFactory(unit=world.school_a, task=task, title="Tin của nhiệm vụ")
    ArticleFactory(unit=world.school_b, task=task, title="Tin trường B")
    records = TASK_RECORDS[0](world.coordinator_a, task)
    assert [r.title for r in records] == ["Tin của nhiệm vụ"]
