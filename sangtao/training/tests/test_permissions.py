"""Who organises courses: the office for its tree, a partner agency for its own courses."""

from sangtao.testing.factories import CourseFactory, OrgUnitFactory
from sangtao.training import permissions as tperms


def test_the_office_staff_organise_for_the_office_only(world):
    assert tperms.organiser_units(world.specialist) == [world.office]
    assert tperms.can_organise(world.leader, world.office) and not tperms.can_organise(
        world.leader, world.partner_unit
    )


def test_the_partner_organises_for_its_agency_only(world):
    assert tperms.organiser_units(world.partner) == [world.partner_unit]
    assert not tperms.can_organise(world.partner, world.office)


def test_schools_and_observers_organise_nothing(world):
    for persona in ("principal_a", "coordinator_a", "teacher_a", "observer"):
        assert tperms.organiser_units(world.persona(persona)) == [], persona


def test_a_school_cannot_be_an_organiser(world):
    assert not tperms.can_organise(world.leader, world.school_a)


def test_managed_courses_match_can_manage(world):
    office = CourseFactory(organiser=world.office)
    partner = CourseFactory(organiser=world.partner_unit, audience=world.ubnd)
    other = CourseFactory(organiser=OrgUnitFactory(kind="authority", level=""))
    for persona in ("specialist", "partner", "principal_a", "observer"):
        user = world.persona(persona)
        managed = set(type(office).objects.filter(tperms.managed_q(user)))
        assert managed == {c for c in (office, partner, other) if tperms.can_manage_course(user, c)}, persona


def test_only_the_schools_head_and_coordinator_nominate(world):
    assert [
        p
        for p in ("principal_a", "coordinator_a", "teacher_a", "principal_b", "specialist")
        if tperms.can_nominate_for(world.persona(p), world.school_a)
    ] == ["principal_a", "coordinator_a"]
