"""Who runs, oversees and enters for a contest."""

import pytest

from sangtao.contests import permissions as cperms
from sangtao.testing.factories import ContestFactory

RUN = {
    "admin": True,
    "leader": True,
    "specialist": True,
    "partner": True,
    "observer": False,
    "principal_a": False,
    "coordinator_a": False,
    "teacher_a": False,
    "principal_b": False,
}


@pytest.mark.parametrize(("persona", "expected"), RUN.items())
def test_the_office_and_the_partner_agency_run_the_contest(world, cw, persona, expected):
    assert cperms.can_manage_contest(world.persona(persona), cw.contest) is expected


@pytest.mark.parametrize(
    ("persona", "expected"), [("observer", True), ("principal_a", False), ("partner", True)]
)
def test_observers_oversee_without_running(world, cw, persona, expected):
    assert cperms.can_oversee_contest(world.persona(persona), cw.contest) is expected


def test_a_school_runs_its_own_contest_and_not_anothers(world):
    own = ContestFactory(organiser=world.school_a)
    assert cperms.can_manage_contest(world.coordinator_a, own)
    assert not cperms.can_manage_contest(world.principal_b, own)
    assert not cperms.can_manage_contest(world.teacher_a, own)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("principal_a", True),
        ("coordinator_a", True),
        ("teacher_a", False),
        ("principal_b", False),
        ("specialist", False),
    ],
)
def test_a_schools_head_and_coordinator_enter_for_it(world, persona, expected):
    assert cperms.can_enter_for_school(world.persona(persona), world.school_a) is expected


def test_a_judges_role_at_a_school_does_not_read_its_entries(world, cw):
    assert not cperms.reads_school(cw.judge_a, world.school_a)
    assert cperms.reads_school(world.teacher_a, world.school_a)
