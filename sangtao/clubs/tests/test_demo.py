"""The clubs of the demo: about 40% of the schools, some active and some not, and CT01 computed from them."""

import datetime

import pytest
from django.db import transaction

from sangtao.clubs.demo import load_clubs_demo
from sangtao.clubs.models import ActivityRule, Club, ClubActivity, ClubActivityFile, ClubMember, ClubStatus
from sangtao.clubs.selectors import club_activity_status, school_club_status
from sangtao.core.events import events_for
from sangtao.core.uploads import validate_upload
from sangtao.orgs import demo_data
from sangtao.orgs.models import OrgUnit
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import Indicator, IndicatorValue
from sangtao.plans.selectors import implementing_units


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        started = datetime.datetime.now()
        lines = load_clubs_demo(story_day=STORY_DAY)
        seconds = (datetime.datetime.now() - started).total_seconds()
        yield {"lines": lines, "seconds": seconds}
        transaction.set_rollback(True)


@pytest.fixture
def schools(demo, db):
    office = OrgUnit.objects.get(code=demo_data.OFFICE["code"])
    return list(office.children.filter(kind__in=["school", "affiliated"]))


def test_about_forty_percent_of_the_schools_have_a_club(schools):
    with_clubs = {c.unit_id for c in Club.objects.all()}
    assert len(schools) == 70 and len(with_clubs) == 28


def test_some_clubs_are_active_and_each_shortfall_appears(schools):
    states = list(club_activity_status(Club.objects.all(), STORY_DAY).values())
    reasons = " ".join(r for s in states for r in s.reasons)
    assert 12 <= sum(s.active for s in states) < len(states)
    for words in ("thiếu hoạt động tháng", "thành viên, cần 5", "tạm dừng"):
        assert words in reasons, words


def test_school_a_has_no_club_and_school_b_misses_march(schools):
    rows = {r.unit.code: r for r in school_club_status(schools, STORY_DAY)}
    assert rows[demo_data.SCHOOL_A].reasons == ["chưa có câu lạc bộ"]
    assert rows[demo_data.SCHOOL_B].reasons == ["Câu lạc bộ STEM: thiếu hoạt động tháng 3/2024"]


def test_members_come_from_the_school_registries(schools):
    mismatched = [
        m
        for m in ClubMember.objects.select_related("club", "staff", "student")
        if m.person.unit_id != m.club.unit_id
    ]
    assert mismatched == [] and ClubMember.objects.count() > 150


def test_activities_run_from_september_to_the_story_day(schools):
    dates = list(ClubActivity.objects.values_list("date", flat=True))
    assert min(dates) >= datetime.date(2023, 9, 1) and max(dates) <= STORY_DAY and len(dates) > 200


def test_photos_are_real_pictures(schools):
    photo = ClubActivityFile.objects.first()
    assert ClubActivityFile.objects.count() > 50 and validate_upload(photo.file.open("rb")) == "png"


def test_every_club_has_its_registration_event_and_paused_ones_their_reason(schools):
    paused = Club.objects.filter(status=ClubStatus.PAUSED).first()
    assert [e.action for e in events_for(paused)] == ["register", "status"] and paused.status_reason
    assert events_for(paused)[0].at.date() == paused.decision_date


def test_ct01_is_computed_from_the_clubs(schools, settings):
    settings.SANGTAO_TODAY = STORY_DAY
    indicator = Indicator.objects.get(plan__number="454/KH-GDĐT", code="CT01")
    units = implementing_units(indicator.plan)
    result = indicator_results([indicator], units)[0]
    active = sum(r.active for r in school_club_status(schools, STORY_DAY))
    assert (
        indicator.source,
        indicator.source_key,
        IndicatorValue.objects.filter(indicator=indicator).exists(),
    ) == ("computed", "clubs.active_schools", False)
    assert (result.overall.met, result.overall.reported) == (active, len(units))


def test_the_office_rule_is_the_default_one(schools):
    rule = ActivityRule.objects.get(unit__code=demo_data.OFFICE["code"])
    assert (rule.min_members, rule.months_required) == (5, 2)


def test_it_loads_fast_and_says_what_it_made(demo, db):
    assert demo["seconds"] < 5
    assert demo["lines"][0].startswith("Câu lạc bộ:") and "CT01" in demo["lines"][-1]


def test_it_does_not_load_twice(demo, db):
    assert load_clubs_demo(story_day=STORY_DAY) == []
