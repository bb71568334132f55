"""The demo's documents, acknowledgements and national days, and the plan's CT07/CT08 computed from them."""

import time

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from sangtao.outreach.demo import load_outreach_demo
from sangtao.outreach.models import Acknowledgement, Distribution, Event, EventResponse
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import Indicator, IndicatorValue
from sangtao.plans.selectors import implementing_units


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        started = time.monotonic()
        with translation.override("vi"):
            lines = load_outreach_demo(story_day=STORY_DAY)
        seconds = time.monotonic() - started
        on_commit = list(connection.run_on_commit)
        yield {"lines": lines, "seconds": seconds, "on_commit": on_commit}
        transaction.set_rollback(True)


def test_it_prints_a_summary_and_sends_no_mail(demo):
    assert demo["lines"][0].startswith("Văn bản & sự kiện: 10 văn bản")
    assert demo["on_commit"] == []
    print(f"outreach demo loaded in {demo['seconds']:.1f} s")


def test_ten_documents_are_partly_acknowledged(demo, db):
    assert Distribution.objects.count() == 10
    acks = Acknowledgement.objects.all()
    done = acks.filter(received_at__isnull=False).count()
    assert 0.4 * acks.count() < done < 0.95 * acks.count()


def test_the_national_days_have_responses_from_some_schools(demo, db):
    assert Event.objects.filter(kind="national_day").count() == 4
    assert Event.objects.filter(status="cancelled").exclude(cancel_reason="").count() == 1
    assert Event.objects.filter(level="THCS", owner_unit__isnull=False).count() == 1
    assert EventResponse.objects.filter(event__starts_on__year=2023, event__starts_on__month=10).exists()
    assert not EventResponse.objects.filter(event__starts_on__gt=STORY_DAY).exists()


def test_ct07_and_ct08_are_computed_by_this_app(demo, db):
    indicators = Indicator.objects.filter(plan__number="454/KH-GDĐT", code__in=["CT07", "CT08"]).order_by(
        "code"
    )
    assert [(i.source, i.source_key) for i in indicators] == [
        ("computed", "outreach.documents_acknowledged"),
        ("computed", "outreach.responded_national_days"),
    ]
    assert not IndicatorValue.objects.filter(indicator__in=indicators).exists()
    with override_settings(SANGTAO_TODAY=STORY_DAY):  # the demo site runs as of the story's day
        results = indicator_results(list(indicators), implementing_units(indicators[0].plan))
    # Some schools missed a document or a national day, most did not: both rates lie strictly between 0 and 100.
    assert [0 < r.overall.actual < 100 for r in results] == [True, True], [r.overall.actual for r in results]


def test_nothing_happens_after_the_story_day(demo, db):
    assert not Acknowledgement.objects.filter(received_at__date__gt=STORY_DAY).exists()


def test_it_loads_once(demo, db):
    with translation.override("vi"):
        lines = load_outreach_demo(story_day=STORY_DAY)
    assert lines == ["Văn bản & sự kiện: dữ liệu mẫu đã có, không nạp lại."]


def test_two_banner_campaigns_have_some_reports(demo, db):
    from sangtao.outreach.models import BannerCampaign, BannerReport

    assert BannerCampaign.objects.count() == 2
    assert 0 < BannerReport.objects.count() < 2 * BannerCampaign.objects.first().units.count()
