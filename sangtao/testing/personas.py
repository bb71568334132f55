"""The people every test talks about (STYLE example 8, after healthchecks' alice, bob and charlie).

    UBND Quận 12 (observer body)
    ├── Phòng GD&ĐT (authority) ── teams: Tổ Phổ thông, Tổ Mầm non
    │   ├── school A (THCS)   principal_a, coordinator_a, teacher_a
    │   └── school B (TH)     principal_b
    └── Phòng Kinh tế (partner)
"""

from dataclasses import dataclass

from sangtao.accounts.models import Role, User
from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitKind

from .factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory


@dataclass
class World:
    ubnd: OrgUnit
    office: OrgUnit
    team_pt: OrgUnit
    team_mn: OrgUnit
    partner_unit: OrgUnit
    school_a: OrgUnit
    school_b: OrgUnit
    admin: User
    leader: User
    specialist: User
    principal_a: User
    coordinator_a: User
    teacher_a: User
    principal_b: User
    partner: User
    observer: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = ["admin", "leader", "specialist", "principal_a", "coordinator_a", "teacher_a", "principal_b",
            "partner", "observer", "anonymous"]


def _person(username, role, unit, *, home=None, team=None):
    user = UserFactory(username=username, unit=home or unit)
    RoleAssignmentFactory(user=user, role=role, unit=unit, team=team)
    return user


def build_world() -> World:
    ubnd = OrgUnitFactory(kind=UnitKind.OBSERVER, name="UBND Quận 12", code="UBND", level="")
    office = OrgUnitFactory(kind=UnitKind.AUTHORITY, name="Phòng Giáo dục và Đào tạo Quận 12", code="PGD",
                            short_name="Phòng GD&ĐT", level="", parent=ubnd)
    team_pt = OrgUnitFactory(kind=UnitKind.TEAM, name="Tổ Phổ thông", code="TPT", level="", parent=office)
    team_mn = OrgUnitFactory(kind=UnitKind.TEAM, name="Tổ Mầm non", code="TMN", level="", parent=office)
    partner_unit = OrgUnitFactory(kind=UnitKind.PARTNER, name="Phòng Kinh tế", code="PKT", level="", parent=ubnd)
    school_a = OrgUnitFactory(name="Trường THCS Nguyễn Ảnh Thủ", code="THCS-A", level=SchoolLevel.THCS, parent=office)
    school_b = OrgUnitFactory(name="Trường Tiểu học Lê Văn Thọ", code="TH-B", level=SchoolLevel.TH, parent=office)
    return World(
        ubnd=ubnd, office=office, team_pt=team_pt, team_mn=team_mn, partner_unit=partner_unit,
        school_a=school_a, school_b=school_b,
        admin=_person("admin", Role.ADMIN, office),
        leader=_person("leader", Role.LEADER, office),
        specialist=_person("specialist", Role.SPECIALIST, office, home=team_pt, team=team_pt),
        principal_a=_person("principal_a", Role.PRINCIPAL, school_a),
        coordinator_a=_person("coordinator_a", Role.COORDINATOR, school_a),
        teacher_a=_person("teacher_a", Role.TEACHER, school_a),
        principal_b=_person("principal_b", Role.PRINCIPAL, school_b),
        partner=_person("partner", Role.PARTNER, partner_unit),
        observer=_person("observer", Role.OBSERVER, ubnd),
    )


def refresh_world(world: World) -> World:
    for name in ("ubnd", "office", "team_pt", "team_mn", "partner_unit", "school_a", "school_b"):
        getattr(world, name).refresh_from_db()
    return world
