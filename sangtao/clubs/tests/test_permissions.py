"""Who may read, run and log a club, and change the rule (clubs/permissions.py)."""

import pytest

from sangtao.clubs import permissions as club_perms
from sangtao.testing.factories import ClubFactory

# persona → (reads school A's robotics club, manages school A's clubs, logs its activities, edits the rule)
ABILITIES = {
    "admin": (True, False, False, True),
    "leader": (True, False, False, True),
    "specialist": (True, False, False, False),
    "principal_a": (True, True, True, False),
    "coordinator_a": (True, True, True, False),
    "teacher_a": (True, False, True, False),
    "principal_b": (False, False, False, False),
    "partner": (False, False, False, False),
    "observer": (True, False, False, False),
}


@pytest.mark.parametrize(("persona", "expected"), ABILITIES.items())
def test_each_persona_may_do_what_the_issue_says(cw, world, persona, expected):
    user = world.persona(persona)
    assert (
        club_perms.can_read_club(user, cw.club),
        club_perms.can_manage_clubs(user, world.school_a),
        club_perms.can_log_activity(user, cw.club),
        club_perms.can_edit_rule(user, world.office),
    ) == expected


def test_a_teacher_who_is_not_an_adviser_only_reads(cw, world):
    cw.club.advisers.clear()
    assert (
        club_perms.can_read_club(world.teacher_a, cw.club),
        club_perms.can_log_activity(world.teacher_a, cw.club),
    ) == (True, False)


@pytest.mark.parametrize(
    ("club_type", "reads"),
    [("innovation", True), ("startup", True), ("stem", False), ("robotics", False), ("other", False)],
)
def test_the_partner_agency_reads_innovation_and_startup_clubs(world, club_type, reads):
    assert (
        club_perms.can_read_club(world.partner, ClubFactory(unit=world.school_b, club_type=club_type))
        is reads
    )


def test_the_partner_path_is_the_body_it_belongs_to(world):
    assert club_perms.partner_paths(world.partner) == [world.ubnd.path]
    assert club_perms.partner_paths(world.leader) == []


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("leader", True),
        ("coordinator_a", True),
        ("teacher_a", False),
        ("observer", False),
        ("principal_b", False),
    ],
)
def test_student_names_follow_the_registry_rule(world, persona, sees):
    assert club_perms.can_see_student_names(world.persona(persona), world.school_a) is sees
