"""The demo's green-school programmes, readings and CT09 computed from them."""

import time

import pytest
from django.db import transaction
from django.utils import translation

from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import Indicator
from sangtao.plans.selectors import implementing_units
from sangtao.programmes.demo import load_programmes_demo
from sangtao.programmes.models import Assessment, Enrolment, MeterReading, Programme
from sangtao.programmes.selectors import STAGE_LABELS, decorate, enrolments_of


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        started = time.monotonic()
        with translation.override("vi"):
            lines = load_programmes_demo(story_day=STORY_DAY)
        yield {"lines": lines, "seconds": time.monotonic() - started}
        transaction.set_rollback(True)


def test_fifteen_schools_at_every_stage(demo, db):
    from sangtao.accounts.models import User

    programme = Programme.objects.get(name="Trường học xanh 2024")
    stages = {
        e.stage for e in decorate(list(enrolments_of(programme, User.objects.get(username="demo-leader"))))
    }
    assert Enrolment.objects.filter(programme=programme).count() == 15
    assert stages == {
        "requested",
        "enrolled",
        "draft",
        "submitted",
        "partner_review",
        "returned",
        "recognised",
    }
    assert programme.partner_unit.code == "PTNMT-Q12"
    print(f"programmes demo loaded in {demo['seconds']:.1f} s", STAGE_LABELS["draft"])


def test_one_recognition_expired_and_the_school_is_renewing(demo, db):
    expired = Assessment.objects.get(status="expired")
    renewal = Assessment.objects.get(enrolment__unit=expired.enrolment.unit, enrolment__programme__year=2024)
    assert (renewal.status, renewal.is_renewal) == ("draft", True)


def test_two_years_of_readings_with_flagged_months(demo, db):
    assert MeterReading.objects.count() == 70 * 24
    assert MeterReading.objects.filter(flagged=True, flag_checked_by__isnull=True).count() == 2


def test_ct09_counts_the_enrolled_schools(demo, db):
    indicator = Indicator.objects.get(code="CT09")
    assert indicator.source_key == "programmes.enrolled"
    result = indicator_results([indicator], implementing_units(indicator.plan))[0]
    assert (
        result.overall.actual
        == Enrolment.objects.filter(programme__year=2024, status="enrolled").count()
        == 13
    )
