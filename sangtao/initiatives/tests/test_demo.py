"""The demo's initiatives: two campaigns, about thirty applications in every state, councils, a decision."""

import time

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings

from sangtao.accounts.models import User
from sangtao.core.models import StatusEvent
from sangtao.initiatives import selectors, services
from sangtao.initiatives.demo import load_initiatives_demo
from sangtao.initiatives.models import (
    Campaign,
    CampaignStatus,
    Initiative,
    InitiativeStatus,
    Review,
    ReviewStatus,
    Score,
)
from sangtao.initiatives.rubric import aggregate
from sangtao.initiatives.similarity import similar_initiatives
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import Indicator, IndicatorValue, Plan
from sangtao.plans.selectors import implementing_units

S = InitiativeStatus


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the plan's demo and this app's once for the module, rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        started = time.monotonic()
        lines = load_initiatives_demo(story_day=STORY_DAY)
        seconds = time.monotonic() - started
        on_commit = list(connection.run_on_commit)
        yield {"lines": lines, "seconds": seconds, "on_commit": on_commit}
        transaction.set_rollback(True)


@pytest.fixture
def current(demo, db):
    return Campaign.objects.get(school_year__name="2023-2024", unit__code="PGDDT-Q12")


def test_it_prints_a_summary_and_sends_no_mail(demo):
    assert demo["lines"][0].startswith("Sáng kiến: 2 đợt xét, 39 sáng kiến")
    assert demo["on_commit"] == []
    print(f"initiatives demo loaded in {demo['seconds']:.1f} s")


def test_the_current_campaign_has_about_thirty_initiatives_in_every_state(current):
    states = set(current.initiatives.values_list("status", flat=True))
    assert 28 <= current.initiatives.count() <= 35
    assert states == set(S.values)
    assert current.status == CampaignStatus.OPEN


def test_the_campaign_serves_the_plans_tasks(current):
    assert sorted(current.tasks.values_list("number", flat=True)) == ["I.5", "II.3.1", "III.1.3"]


def test_school_a_has_a_council_with_its_principal_as_chair_and_its_coordinator(current):
    council = current.councils.get(unit__code="THCS-NAT")
    assert set(council.members.values_list("user__username", "role")) == {
        ("demo-principal-a", "chair"),
        ("demo-coordinator-a", "secretary"),
    }


def test_every_closed_review_is_reproducible_from_its_stored_scores(demo, db):
    closed = list(Review.objects.filter(status=ReviewStatus.CLOSED))
    assert len(closed) > 20
    for review in closed:
        values = Score.objects.filter(initiative=review.initiative, council=review.council).values_list(
            "values", flat=True
        )
        assert aggregate(review.criteria, list(values)).total == review.result, review


def test_no_member_scored_their_own_or_their_schools_initiative_at_the_office(demo, db):
    for score in Score.objects.select_related("member__user", "council", "initiative__unit"):
        initiative = score.initiative
        authors = list(initiative.authors.select_related("staff"))
        assert services.exclusion_reason(score.member.user, score.council, initiative, authors) == "", score


def test_the_office_decision_lists_every_initiative_it_recognised(current):
    decision = current.decisions.get()
    assert decision.number == "25/QĐ-GDĐT"
    assert set(decision.initiatives.all()) == set(current.initiatives.filter(status=S.RECOGNISED_OFFICE))


def test_the_library_has_last_years_initiatives_and_finds_without_diacritics(demo, db):
    years = set(selectors.library().values_list("campaign__school_year__name", flat=True))
    assert years == {"2022-2023", "2023-2024"}
    titles = list(selectors.library(q="sang kien so hoa").values_list("title", flat=True))
    assert any(t.startswith("Sáng kiến số hóa hồ sơ chuyên môn") for t in titles)


def test_the_council_is_warned_that_an_application_resembles_last_years(current):
    initiative = current.initiatives.get(title__startswith="Số hóa sổ theo dõi chuyên cần")
    matches = similar_initiatives(initiative)
    assert matches and matches[0].same_unit and matches[0].initiative.campaign.school_year.name == "2022-2023"


def test_demo_teacher_a_can_submit_her_draft_on_the_story_day(current):
    teacher = User.objects.get(username="demo-teacher-a")
    draft = current.initiatives.get(status=S.DRAFT, authors__user=teacher)
    with override_settings(SANGTAO_TODAY=STORY_DAY):
        assert current.is_accepting
        services.initiative_submit(actor=teacher, initiative=draft)
    assert Initiative.objects.get(pk=draft.pk).status == S.SUBMITTED


def test_ct05_is_computed_from_the_submitted_initiatives(current):
    plan = Plan.objects.get(number="454/KH-GDĐT")
    indicator = Indicator.objects.get(plan=plan, code="CT05")
    assert (indicator.source, indicator.source_key) == ("computed", "initiatives.submitted")
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    result = indicator_results([indicator], implementing_units(plan))[0]
    submitted = current.initiatives.exclude(status__in=[S.DRAFT, S.WITHDRAWN]).count()
    assert result.overall.actual == submitted


def test_nothing_happens_after_the_story_day(demo, db):
    assert not StatusEvent.objects.filter(at__date__gt=STORY_DAY).exists()
    assert not Initiative.objects.filter(submitted_at__date__gt=STORY_DAY).exists()


def test_it_loads_once(demo, db):
    assert load_initiatives_demo(story_day=STORY_DAY) == ["Sáng kiến: dữ liệu mẫu đã có, không nạp lại."]
