"""Reads scoped to the person: which contests and entries each persona sees, names of minors, timelines."""

import pytest
from django.http import Http404

from sangtao.contests import judging, selectors, services
from sangtao.testing.factories import AssignmentFactory, ContestFactory, PlanFactory, TaskFactory

from .conftest import register

VISIBLE = [
    "admin",
    "leader",
    "specialist",
    "principal_a",
    "coordinator_a",
    "teacher_a",
    "principal_b",
    "partner",
    "observer",
]


@pytest.mark.parametrize("persona", VISIBLE)
def test_an_open_contest_of_the_office_is_seen_by_everyone_below_and_above(world, cw, persona):
    assert list(selectors.contests_for_user(world.persona(persona))) == [cw.contest]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("specialist", 1), ("leader", 1), ("principal_a", 0), ("observer", 0), ("partner", 0)],
)
def test_a_draft_is_seen_only_by_those_who_may_run_it(world, persona, expected):
    ContestFactory(organiser=world.office, status="draft")
    assert selectors.contests_for_user(world.persona(persona)).count() == expected


def test_a_schools_own_contest_is_not_seen_by_another_school(world):
    own = ContestFactory(organiser=world.school_a)
    assert own in selectors.contests_for_user(world.teacher_a)
    assert own not in selectors.contests_for_user(world.principal_b)
    assert own in selectors.contests_for_user(world.leader)


def test_a_judge_sees_the_contest_they_judge(world, cw):
    judging.judge_add(actor=world.specialist, round=cw.round1, user=cw.judge_c)
    assert list(selectors.contests_for_user(cw.judge_c)) == [cw.contest]


def test_entries_of_a_round_are_scoped_to_the_school(world, cw):
    a = register(world, cw)
    b = register(world, cw, school=world.school_b)
    assert set(selectors.entries_for_user(world.specialist, cw.round1)) == {a, b}
    assert list(selectors.entries_for_user(world.principal_b, cw.round1)) == [b]
    assert list(selectors.entries_visible(world.teacher_a)) == [a]
    assert set(selectors.entries_visible(world.observer)) == {a, b}
    assert list(selectors.entries_visible(cw.judge_a)) == []


def test_a_judge_of_the_school_does_not_read_its_entries_through_their_role(world, cw):
    entry = register(world, cw)
    with pytest.raises(Http404):
        selectors.get_entry_for_user(cw.judge_a, entry.pk)


def test_initials_keep_vietnamese_letters():
    assert selectors.initials("Đặng Quốc Bảo") == "Đ.Q.B." and selectors.initials("") == ""


def test_a_judges_queue_skips_rounds_still_being_prepared(world, cw):
    judge = judging.judge_add(actor=world.specialist, round=cw.round1, user=cw.judge_c)
    judging.judge_add(actor=world.specialist, round=cw.round1, user=cw.judge_o)
    register(world, cw)
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    assert list(selectors.judge_queue(cw.judge_c)) == []
    judging.round_start_judging(actor=world.specialist, round=cw.round1)
    assert [a.judge for a in selectors.judge_queue(cw.judge_c)] == [judge]


def test_the_task_page_finds_the_contests_of_the_task(world, cw):
    task = TaskFactory(plan=PlanFactory(issuing_unit=world.office))
    cw.contest.tasks.add(task)
    AssignmentFactory(task=task, unit=world.school_a)
    assert selectors.contests_for_task(world.principal_a, task) == [cw.contest]


def test_the_timeline_labels_actions_and_statuses(world, cw):
    entry = register(world, cw)
    services.entry_accept(actor=world.specialist, entry=entry)
    labels = [(e.action_label, e.from_label, e.to_label) for e in selectors.timeline(entry)]
    assert [str(x) for x in labels[-1]] == ["Xác nhận hợp lệ", "Đã nộp", "Hợp lệ"]
