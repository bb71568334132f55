"""The demo's year of commendations and proposals, and the plan's CT10 computed from them."""

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from sangtao.honours.demo import load_honours_demo
from sangtao.honours.models import Commendation, Proposal, ProposalStatus, RecipientKind
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import Indicator
from sangtao.plans.selectors import implementing_units


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        with translation.override("vi"):
            lines = load_honours_demo(story_day=STORY_DAY)
        yield {"lines": lines, "on_commit": list(connection.run_on_commit)}
        transaction.set_rollback(True)


def test_it_prints_a_summary_and_sends_no_mail(demo):
    assert demo["lines"][0].startswith("Khen thưởng: ")
    assert demo["on_commit"] == []


def test_a_year_of_commendations_across_schools(demo, db):
    year = Commendation.objects.filter(year=2024)
    assert 30 <= year.filter(kind=RecipientKind.INDIVIDUAL).count() <= 50
    assert 6 <= year.filter(kind=RecipientKind.COLLECTIVE).count() <= 14
    assert year.values("unit").distinct().count() >= 10
    assert Commendation.objects.filter(year=2023).exists()
    assert not Commendation.objects.filter(decision_date__gt=STORY_DAY).exists()


def test_some_proposals_wait_and_one_was_returned(demo, db):
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses == {
        ProposalStatus.APPROVED,
        ProposalStatus.SUBMITTED,
        ProposalStatus.RETURNED,
        ProposalStatus.DRAFT,
    }


def test_ct10_is_computed_by_this_app(demo, db):
    indicator = Indicator.objects.get(plan__number="454/KH-GDĐT", code="CT10")
    assert (indicator.source, indicator.source_key) == ("computed", "honours.honoured")
    with override_settings(SANGTAO_TODAY=STORY_DAY):
        [result] = indicator_results([indicator], implementing_units(indicator.plan))
    assert result.overall.actual >= 40
