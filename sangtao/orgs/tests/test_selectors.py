import datetime

import pytest
from django.http import Http404

from sangtao.orgs import selectors
from sangtao.orgs.models import Ownership, SchoolLevel, UnitKind
from sangtao.testing.factories import OrgUnitFactory, SchoolYearFactory


def test_it_scopes_units_to_the_users_roles(world):
    codes = set(selectors.units_for_user(world.principal_a).values_list("code", flat=True))

    assert codes == {"THCS-A"}


def test_office_roles_see_everything_below_the_office(world):
    codes = set(selectors.units_for_user(world.specialist).values_list("code", flat=True))

    assert codes == {"PGD", "TPT", "TMN", "THCS-A", "TH-B"}


def test_the_observer_sees_the_whole_tree_below_ubnd(world):
    codes = set(selectors.units_for_user(world.observer).values_list("code", flat=True))

    assert codes == {"UBND", "PGD", "TPT", "TMN", "PKT", "THCS-A", "TH-B"}


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert list(selectors.units_for_user(AnonymousUser())) == []


def test_search_ignores_diacritics(world):
    found = selectors.units_for_user(world.leader, q="truong thcs nguyen anh thu")

    assert [u.code for u in found] == ["THCS-A"]


def test_search_with_diacritics_and_capitals_finds_the_same(world):
    found = selectors.units_for_user(world.leader, q="NGUYỄN Ảnh")

    assert [u.code for u in found] == ["THCS-A"]


def test_it_filters_by_kind_level_and_ownership(world):
    OrgUnitFactory(parent=world.office, code="MN-NCL", level=SchoolLevel.MN, ownership=Ownership.NON_PUBLIC)

    assert [u.code for u in selectors.units_for_user(world.leader, kind=UnitKind.TEAM)] == ["TPT", "TMN"]
    assert [u.code for u in selectors.units_for_user(world.leader, level=SchoolLevel.TH)] == ["TH-B"]
    assert [u.code for u in selectors.units_for_user(world.leader, ownership=Ownership.NON_PUBLIC)] == [
        "MN-NCL"
    ]


def test_closed_units_are_hidden_unless_asked_for(world):
    OrgUnitFactory(parent=world.office, code="CLOSED", closed_on=datetime.date(2024, 1, 1))

    assert "CLOSED" not in [u.code for u in selectors.units_for_user(world.leader)]
    assert "CLOSED" in [u.code for u in selectors.units_for_user(world.leader, include_closed=True)]


def test_get_unit_for_user_answers_404_outside_the_scope(world):
    with pytest.raises(Http404):
        selectors.get_unit_for_user(world.principal_b, world.school_a.pk)


def test_get_unit_for_user_answers_404_for_garbage(world):
    with pytest.raises(Http404):
        selectors.get_unit_for_user(world.leader, "abc")


def test_get_unit_for_user_returns_a_closed_unit_in_scope(world):
    closed = OrgUnitFactory(parent=world.office, closed_on=datetime.date(2024, 1, 1))

    assert selectors.get_unit_for_user(world.leader, closed.pk) == closed


def test_unit_tree_nests_children_under_their_parents(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree = selectors.unit_tree(world.ubnd)

    assert tree.unit == world.ubnd
    assert [n.unit.code for n in tree.children] == ["PGD", "PKT"]
    office = tree.children[0]
    assert [n.unit.code for n in office.children] == ["TMN", "TPT", "THCS-A", "TH-B"]


def test_unit_tree_can_leave_out_closed_units(world):
    OrgUnitFactory(parent=world.office, code="CLOSED", closed_on=datetime.date(2024, 1, 1))

    tree = selectors.unit_tree(world.office, include_closed=False)

    assert "CLOSED" not in [n.unit.code for n in tree.children]


def test_scope_roots_drop_units_already_covered(world):
    from sangtao.testing.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=world.leader, role="observer", unit=world.school_a)
    world.leader.__dict__.pop("roles", None)

    assert selectors.scope_roots(world.leader) == [world.office]


def test_parent_choices_are_the_open_non_school_units_a_manager_holds(world):
    codes = [u.code for u in selectors.parent_choices_for_user(world.leader)]

    assert codes == ["PGD", "TPT", "TMN"]
    assert list(selectors.parent_choices_for_user(world.specialist)) == []
    assert list(selectors.parent_choices_for_user(world.principal_a)) == []


def test_with_current_stats_attaches_this_years_headcounts(world):
    from sangtao.orgs.models import UnitYearStats

    year = SchoolYearFactory()
    UnitYearStats.objects.create(unit=world.school_a, year=year, students=900)

    units = selectors.with_current_stats(selectors.units_for_user(world.leader, level="THCS"), year)

    assert units[0].current_stats[0].students == 900
