"""The clubs models hold their invariants: folded names, one person per membership, rules on authorities."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sangtao.clubs.models import ActivityRule, ClubMember
from sangtao.testing.factories import ClubFactory


def test_a_club_name_is_searchable_without_diacritics(world):
    assert ClubFactory(unit=world.school_a, name="CLB Đổi mới sáng tạo").name_folded == "clb doi moi sang tao"


def test_a_membership_names_exactly_one_person(cw):
    member = ClubMember(club=cw.club, joined_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        member.clean()


def test_a_member_cannot_leave_before_joining(cw):
    member = cw.club.members.first()
    member.left_on = datetime.date(2023, 1, 1)
    with pytest.raises(ValidationError):
        member.clean()


def test_a_rule_belongs_to_an_authority(world):
    with pytest.raises(ValidationError):
        ActivityRule(unit=world.school_a).full_clean()
    ActivityRule(unit=world.office).full_clean()
