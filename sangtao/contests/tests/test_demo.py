"""The contests demo: one contest with two rounds, 40 entries, 8 judges, scores, awards, consent, CT04."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import F

from sangtao.accounts.models import Role, User
from sangtao.contests import selectors
from sangtao.contests.demo import JUDGES, NAME, load_contests_demo
from sangtao.contests.models import (
    Award,
    AwardCertificate,
    Contest,
    EntryStatus,
    JudgeAssignment,
    RoundStatus,
    Score,
    StudentConsent,
)
from sangtao.core.events import events_for
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue, Plan
from sangtao.plans.selectors import implementing_units


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        lines = load_contests_demo(story_day=STORY_DAY)
        yield lines
        transaction.set_rollback(True)


@pytest.fixture
def contest(demo, db):
    return Contest.objects.get(name=NAME)


def test_it_prints_a_summary_and_loads_once(demo, contest):
    assert len(demo) == 3 and "40 bài dự thi" in demo[0]
    assert load_contests_demo(story_day=STORY_DAY) == []


def test_the_contest_is_run_by_doan_doi_with_quan_doan_for_the_plan(contest):
    assert contest.organiser_team.name == "Bộ phận Đoàn – Đội"
    assert [p.code for p in contest.partners.all()] == ["QD-Q12"]
    assert sorted(t.number for t in contest.tasks.all()) == ["I.1", "III.1.4"]
    assert contest.registration_closes.isoformat() == "2023-12-15"


def test_the_first_round_has_40_entries_from_many_schools_judged_and_published(contest):
    round1, round2 = contest.rounds.order_by("order")
    active = round1.entries.exclude(status=EntryStatus.WITHDRAWN)
    assert active.count() == 40 and active.values("school").distinct().count() >= 20
    assert round1.status == RoundStatus.PUBLISHED and round1.published_at.date().isoformat() == "2024-01-26"
    assert not Score.objects.filter(assignment__entry__round=round1, submitted_at__isnull=True).exists()
    assert JudgeAssignment.objects.filter(entry__round=round1).count() == 80
    assert round2.status == RoundStatus.JUDGING and round2.entries.count() == 16
    assert 0 < selectors.scoring_progress(round2)["scored"] < selectors.scoring_progress(round2)["total"]


def test_no_judge_ever_scores_their_own_schools_entry(contest):
    assert not JudgeAssignment.objects.filter(
        entry__round__contest=contest, judge__unit=F("entry__school")
    ).exists()


def test_eight_judges_from_different_units_hold_the_judge_role(contest):
    judges = User.objects.filter(role_assignments__role=Role.JUDGE, contest_judgings__round__contest=contest)
    assert judges.distinct().count() == len(JUDGES) == 8
    assert len({u.unit_id for u in judges.distinct()}) == 8


def test_the_assignment_check_is_clean_in_both_rounds(contest):
    for round_ in contest.rounds.all():
        assert [p for p in selectors.assignment_problems(round_) if p.severity == "error"] == []


def test_awards_certificates_and_the_organisers_recorded_adjustment(contest):
    round1 = contest.rounds.get(order=1)
    awards = Award.objects.filter(entry__round=round1)
    assert (
        awards.count() >= 24 and AwardCertificate.objects.filter(award__in=awards).count() == awards.count()
    )
    manual = awards.get(is_manual=True)
    assert manual.reason and manual.decided_by.username == "cv-bp-dd"


def test_some_families_consented_and_the_public_page_shows_initials_for_the_others(contest):
    round1 = contest.rounds.get(order=1)
    rows = selectors.public_results(round1)
    names = [n for r in rows for n in r["names"]]
    assert StudentConsent.objects.filter(publish_name=True).exists()
    assert any(n.endswith(".") for n in names) and any(not n.endswith(".") for n in names)


def test_events_are_on_the_storys_days(contest):
    assert [e.at.date().isoformat()[:7] for e in events_for(contest)] == ["2023-10", "2023-10"]


def test_ct04_is_computed_from_the_contests(contest):
    plan = Plan.objects.get(number="454/KH-GDĐT")
    indicator = Indicator.objects.get(plan=plan, code="CT04")
    assert indicator.source == IndicatorSource.COMPUTED
    assert indicator.source_key == "contests.schools_participating" and indicator.measure == "share"
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    (result,) = indicator_results([indicator], implementing_units(plan))
    assert (
        result.overall.met == 25
        and result.overall.expected == 38
        and result.overall.actual == Decimal("65.8")
    )
