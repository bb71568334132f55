"""The rule of an active club, month by month, and who sees which clubs."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from sangtao.clubs import selectors
from sangtao.clubs.models import ClubStatus
from sangtao.testing.factories import (
    ActivityRuleFactory,
    ClubActivityFactory,
    ClubFactory,
    ClubMemberFactory,
    OrgUnitFactory,
    StaffFactory,
)

D = datetime.date


def state_of(club, today):
    return selectors.club_activity_status([club], today)[club.pk]


# ── Teaching months ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2024, 3, 15), [D(2024, 2, 1), D(2024, 3, 1)]),
        (D(2024, 3, 1), [D(2024, 2, 1), D(2024, 3, 1)]),
        (D(2024, 1, 31), [D(2023, 12, 1), D(2024, 1, 1)]),
        (D(2024, 5, 31), [D(2024, 4, 1), D(2024, 5, 1)]),
        (D(2024, 6, 1), [D(2024, 4, 1), D(2024, 5, 1)]),
        (D(2024, 7, 20), [D(2024, 4, 1), D(2024, 5, 1)]),
        (D(2024, 8, 31), [D(2024, 4, 1), D(2024, 5, 1)]),
        (D(2024, 9, 10), [D(2024, 5, 1), D(2024, 9, 1)]),
    ],
)
def test_it_takes_the_last_two_teaching_months(today, expected):
    assert selectors.teaching_months(today, 2) == expected


def test_it_skips_the_summer_when_counting_back_several_months():
    assert selectors.teaching_months(D(2024, 10, 3), 4) == [
        D(2024, 4, 1),
        D(2024, 5, 1),
        D(2024, 9, 1),
        D(2024, 10, 1),
    ]


# ── One club ───────────────────────────────────────────────────────────────────────────────────────


def test_a_club_with_five_members_and_activity_in_both_months_is_active(cw, today):
    state = state_of(cw.club, today)
    assert (state.active, state.members, state.reasons) == (True, 5, [])


def test_it_says_which_month_is_missing(cw, today):
    cw.club.activities.filter(date__month=3).delete()
    state = state_of(cw.club, today)
    assert (state.active, state.reasons) == (False, ["thiếu hoạt động tháng 3/2024"])


def test_it_says_how_many_members_are_missing(cw, today):
    cw.club.members.filter(student__in=cw.students[3:5]).delete()
    assert state_of(cw.club, today).reasons == ["mới có 3 thành viên, cần 5"]


def test_it_lists_every_gap_at_once(world, today):
    club = ClubFactory(unit=world.school_a)
    ClubMemberFactory(club=club)
    assert state_of(club, today).reasons == [
        "mới có 1 thành viên, cần 5",
        "thiếu hoạt động tháng 2/2024",
        "thiếu hoạt động tháng 3/2024",
    ]


def test_an_activity_on_the_last_day_of_a_month_counts_for_that_month(cw):
    cw.club.activities.all().delete()
    ClubActivityFactory(club=cw.club, date=D(2024, 2, 29))
    ClubActivityFactory(club=cw.club, date=D(2024, 3, 1))
    assert state_of(cw.club, D(2024, 3, 1)).active is True
    assert state_of(cw.club, D(2024, 4, 1)).reasons == ["thiếu hoạt động tháng 4/2024"]


def test_an_activity_of_january_does_not_cover_february(cw, today):
    cw.club.activities.filter(date__month=2).update(date=D(2024, 1, 31))
    assert state_of(cw.club, today).reasons == ["thiếu hoạt động tháng 2/2024"]


def test_on_the_first_of_the_month_the_new_month_is_still_missing(cw):
    assert state_of(cw.club, D(2024, 4, 1)).reasons == ["thiếu hoạt động tháng 4/2024"]


def test_an_activity_after_today_does_not_count(cw):
    assert state_of(cw.club, D(2024, 3, 6)).reasons == ["thiếu hoạt động tháng 3/2024"]


def test_in_summer_april_and_may_decide(cw):
    cw.club.activities.all().delete()
    ClubActivityFactory(club=cw.club, date=D(2024, 4, 10))
    ClubActivityFactory(club=cw.club, date=D(2024, 5, 22))
    for day in (D(2024, 6, 1), D(2024, 7, 15), D(2024, 8, 31)):
        assert state_of(cw.club, day).active is True, day
    assert state_of(cw.club, D(2024, 9, 30)).reasons == ["thiếu hoạt động tháng 9/2024"]


def test_an_activity_in_summer_does_not_replace_may(cw):
    cw.club.activities.all().delete()
    ClubActivityFactory(club=cw.club, date=D(2024, 4, 10))
    ClubActivityFactory(club=cw.club, date=D(2024, 6, 5))
    assert state_of(cw.club, D(2024, 7, 1)).reasons == ["thiếu hoạt động tháng 5/2024"]


def test_a_member_who_left_no_longer_counts(cw, today):
    member = cw.club.members.first()
    member.left_on = D(2024, 3, 1)
    member.save()
    assert state_of(cw.club, today).reasons == ["mới có 4 thành viên, cần 5"]
    assert state_of(cw.club, D(2024, 2, 29)).members == 5


def test_a_member_leaving_today_is_gone_today(cw, today):
    cw.club.members.filter(pk=cw.club.members.first().pk).update(left_on=today)
    assert state_of(cw.club, today).members == 4


def test_a_member_who_joins_later_does_not_count_yet(cw, today):
    cw.club.members.filter(pk=cw.club.members.first().pk).update(joined_on=D(2024, 3, 16))
    assert state_of(cw.club, today).members == 4


@pytest.mark.parametrize(
    ("status", "reason"),
    [(ClubStatus.PAUSED, "câu lạc bộ đang tạm dừng"), (ClubStatus.CLOSED, "câu lạc bộ đã giải thể")],
)
def test_a_paused_or_closed_club_is_not_active(cw, today, status, reason):
    cw.club.status = status
    cw.club.save()
    assert state_of(cw.club, today).reasons == [reason]


def test_the_authority_rule_sets_the_numbers(cw, world, today):
    ActivityRuleFactory(unit=world.office, min_members=6, months_required=3)
    state = state_of(cw.club, today)
    assert state.reasons == ["mới có 5 thành viên, cần 6", "thiếu hoạt động tháng 1/2024"]
    assert [m for m, _ok in state.months] == [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]


def test_the_nearest_authority_rule_wins(cw, world, today):
    ActivityRuleFactory(unit=world.office, min_members=3, months_required=1)
    ward = OrgUnitFactory(kind="authority", level="", parent=world.office)
    school = OrgUnitFactory(parent=ward)
    ActivityRuleFactory(unit=ward, min_members=9, months_required=1)
    other = ClubFactory(unit=school)
    ClubMemberFactory(club=other)
    ClubActivityFactory(club=other, date=D(2024, 3, 1))
    states = selectors.club_activity_status([cw.club, other], today)
    assert (states[cw.club.pk].rule.min_members, states[other.pk].rule.min_members) == (3, 9)
    assert states[other.pk].reasons == ["mới có 1 thành viên, cần 9"]


@pytest.mark.parametrize("n", [2, 20])
def test_it_takes_two_queries_whatever_the_number_of_clubs(world, today, n, django_assert_num_queries):
    ActivityRuleFactory(unit=world.office)
    clubs = [ClubFactory(unit=world.school_a) for _ in range(n)]
    for club in clubs:
        ClubMemberFactory(club=club)
        ClubActivityFactory(club=club)
    with django_assert_num_queries(2):
        states = selectors.club_activity_status(clubs, today)
    assert len(states) == n


def _varied_clubs(world):
    """Clubs that pass or fail each part of the rule, under two authorities with different rules."""
    ActivityRuleFactory(unit=world.office, min_members=2, months_required=3)
    ward = OrgUnitFactory(kind="authority", level="", parent=world.office)
    ActivityRuleFactory(unit=ward, min_members=1, months_required=1)
    clubs = []
    for unit in (world.school_a, OrgUnitFactory(parent=ward)):
        for members, months, status in [
            (2, (1, 2, 3), ClubStatus.ACTIVE),
            (1, (1, 2, 3), ClubStatus.ACTIVE),
            (2, (2, 3), ClubStatus.ACTIVE),
            (2, (3,), ClubStatus.ACTIVE),
            (2, (1, 2), ClubStatus.ACTIVE),
            (3, (1, 2, 3), ClubStatus.PAUSED),
        ]:
            club = ClubFactory(unit=unit, status=status)
            for _ in range(members):
                ClubMemberFactory(club=club)
            ClubMemberFactory(club=club, left_on=D(2024, 1, 1))  # a former member never counts
            for month in months:
                ClubActivityFactory(club=club, date=D(2024, month, 10))
            clubs.append(club)
    return clubs


def test_the_database_decides_the_state_as_the_explanation_does(world, today):
    clubs = _varied_clubs(world)
    explained = {pk: s.active for pk, s in selectors.club_activity_status(clubs, today).items()}
    decided = dict(
        selectors.with_state(
            ClubFactory._meta.model.objects.filter(pk__in=[c.pk for c in clubs]), today
        ).values_list("pk", "is_active")
    )
    assert decided == explained
    assert sorted(explained.values()) == [False] * 7 + [True] * 5


def test_active_school_values_agree_with_the_explained_state(world, today):
    clubs = _varied_clubs(world)
    units = {c.unit_id for c in clubs} | {world.school_b.pk}
    active = {s.club.unit_id for s in selectors.club_activity_status(clubs, today).values() if s.active}
    assert selectors.active_school_values(sorted(units), today) == {u: int(u in active) for u in units}


def test_a_page_of_clubs_explains_only_its_rows_and_counts_them_all(world, today):
    clubs = _varied_clubs(world)
    first = selectors.club_page(world.leader, per_page=5, today=today)
    last = selectors.club_page(world.leader, page=3, per_page=5, today=today)
    shown = (
        [s.club.pk for s in first.page]
        + [s.club.pk for s in selectors.club_page(world.leader, page=2, per_page=5, today=today).page]
        + [s.club.pk for s in last.page]
    )
    assert (first.total, first.active, len(last.page.object_list)) == (12, 5, 2)
    assert shown == list(selectors.club_activity_status(clubs, today))
    only_active = selectors.club_page(world.leader, per_page=5, active="yes", today=today)
    assert (only_active.total, only_active.active) == (5, 5)
    assert all(s.active for s in only_active.page)


# ── Schools ────────────────────────────────────────────────────────────────────────────────────────


def test_a_school_counts_when_one_of_its_clubs_is_active(cw, world, today):
    ClubFactory(unit=world.school_a, name="CLB mới")
    rows = {r.unit.pk: r for r in selectors.school_club_status([world.school_a, world.school_b], today)}
    assert (rows[world.school_a.pk].active, len(rows[world.school_a.pk].clubs)) == (True, 2)
    assert (rows[world.school_b.pk].active, rows[world.school_b.pk].reasons) == (
        False,
        ["chưa có câu lạc bộ"],
    )


def test_a_school_without_an_active_club_says_what_each_club_lacks(cw, world, today):
    cw.club.activities.filter(date__month=2).delete()
    row = selectors.school_club_status([world.school_a], today)[0]
    assert row.reasons == ["CLB Robotics Nguyễn Ảnh Thủ: thiếu hoạt động tháng 2/2024"]


def test_active_school_values_give_every_school_a_value(cw, world, today):
    assert selectors.active_school_values([world.school_a.pk, world.school_b.pk], today) == {
        world.school_a.pk: 1,
        world.school_b.pk: 0,
    }


def test_the_summary_counts_by_level(cw, world, today):
    summary = selectors.school_summary(selectors.school_club_status([world.school_a, world.school_b], today))
    assert summary["overall"] == {"schools": 2, "active": 1, "share": 0.5}
    assert dict(summary["by_level"])["Trung học cơ sở"]["share"] == 1


# ── Scope ──────────────────────────────────────────────────────────────────────────────────────────


SEES_SCHOOL_A_CLUB = {
    "admin": True,
    "leader": True,
    "specialist": True,
    "principal_a": True,
    "coordinator_a": True,
    "teacher_a": True,
    "principal_b": False,
    "partner": False,
    "observer": True,
}


@pytest.mark.parametrize(("persona", "sees"), SEES_SCHOOL_A_CLUB.items())
def test_clubs_are_scoped_to_the_user(cw, world, persona, sees):
    assert list(selectors.clubs_for_user(world.persona(persona))) == ([cw.club] if sees else [])


def test_a_partner_reads_the_innovation_and_startup_clubs(cw, world):
    innovation = ClubFactory(unit=world.school_b, club_type="innovation")
    startup = ClubFactory(unit=world.school_a, club_type="startup")
    assert set(selectors.clubs_for_user(world.partner)) == {innovation, startup}


def test_another_school_gets_a_404(cw, world):
    with pytest.raises(Http404):
        selectors.get_club_for_user(world.principal_b, cw.club.pk)


def test_the_rule_page_concerns_the_authority_above_the_school(world):
    assert [a.pk for a in selectors.rule_authorities(world.principal_a)] == [world.office.pk]
    assert [a.pk for a in selectors.rule_authorities(world.partner)] == [world.office.pk]
    assert [a.pk for a in selectors.rule_authorities(world.leader)] == [world.office.pk]


def test_people_choices_hide_students_from_those_who_may_not_see_them(cw, world):
    StaffFactory(unit=world.school_a, full_name="Đã nghỉ", left_on=D(2023, 12, 1))
    hidden = selectors.people_choices(world.school_a, with_students=False)
    shown = selectors.people_choices(world.school_a, with_students=True, exclude=list(cw.club.members.all()))
    assert (len(hidden["staff"]), hidden["students"]) == (3, [])
    assert [s.full_name for s in shown["students"]] == ["Học sinh 5", "Học sinh 6"]


def test_the_clubs_list_takes_the_same_queries_for_2_and_20_clubs(world, today):
    def run():
        with CaptureQueriesContext(connection) as ctx:
            selectors.club_rows(world.leader, active="yes")
        return len(ctx.captured_queries)

    ClubFactory.create_batch(2, unit=world.school_a)
    run()  # the user's roles are read once, then remembered
    few = run()
    ClubFactory.create_batch(18, unit=world.school_b)
    assert run() == few
