import datetime

import pytest
from django.core.management import call_command

from sangtao.communication.models import Article, ArticleStatus
from sangtao.plans.models import Indicator

pytestmark = pytest.mark.django_db


def test_the_demo_has_articles_in_every_status_dated_in_the_school_year():
    call_command("load_demo", verbosity=0)
    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == set(ArticleStatus.values)
    assert Article.objects.count() == 60
    assert Article.objects.filter(task__title__startswith="Cung cấp tin").exists()
    indicator = Indicator.objects.get(plan__number="454/KH-GDĐT", code="CT06")
    assert (indicator.source, indicator.source_key, indicator.values.count()) == (
        "computed",
        "communication.articles_published",
        0,
    )
    dates = [
        d.date() for d in Article.objects.filter(status="published").values_list("publish_at", flat=True)
    ]
    assert min(dates) >= datetime.date(2023, 9, 1)
