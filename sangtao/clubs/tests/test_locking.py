"""Two people edit the same club: the second save is refused, keeps what was typed, overwrites nothing."""

from django.urls import reverse

from sangtao.testing.forms import STALE, edit_twice


def test_the_second_of_two_edits_of_a_club_is_refused_and_keeps_what_was_typed(client_for, cw):
    page = edit_twice(
        client_for("principal_a"),
        client_for("coordinator_a"),
        reverse("clubs:edit", args=[cw.club.pk]),
        first_changes={"name": "CLB Robotics (hiệu trưởng sửa)"},
        second_changes={"name": "CLB Robotics (phụ trách sửa)"},
    )
    assert STALE in page.content.decode()
    assert "CLB Robotics (phụ trách sửa)" in page.content.decode()
    cw.club.refresh_from_db()
    assert (cw.club.name, cw.club.version) == ("CLB Robotics (hiệu trưởng sửa)", 1)
