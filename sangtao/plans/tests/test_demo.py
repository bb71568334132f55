"""The demo data: Quận 12 in 2024 and the plan 454/KH-GDĐT half-way through the school year."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import RequestFactory

from sangtao.accounts.models import Notification, Role, RoleAssignment, Staff, Student, User
from sangtao.core.events import events_for
from sangtao.core.uploads import validate_upload
from sangtao.orgs import demo_data
from sangtao.orgs.models import OrgUnit, SchoolYear, UnitKind, UnitYearStats
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import stat_sources
from sangtao.plans.models import (
    Assignment,
    AssignmentStatus,
    Evidence,
    EvidenceKind,
    Indicator,
    PeriodReport,
    PeriodReportStatus,
    Plan,
    PlanStatus,
    Task,
    TaskKind,
)

PASSWORD = "Demo-mat-khau-454"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load once for the module, inside a transaction that is rolled back when the module ends.

    Each test's own transaction nests inside it (a savepoint), so tests cannot disturb each other.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo(password=PASSWORD)
        # What would run at commit: an e-mail per notification if the loader let any through.
        summary["on_commit"] = list(connection.run_on_commit)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def plan(demo, db):
    return Plan.objects.get(number="454/KH-GDĐT")


def _unit(code):
    return OrgUnit.objects.get(code=code)


def _logs_in(username):
    # The lock-out backend (axes) wants the request, as the login page gives it.
    return (
        authenticate(RequestFactory().post("/accounts/login/"), username=username, password=PASSWORD)
        is not None
    )


def _assignment(school, number):
    return Assignment.objects.select_related("task__lead_unit").get(unit__code=school, task__number=number)


# ── Units ──────────────────────────────────────────────────────────────────────────────────────────


def test_it_builds_seventy_schools_by_level_and_ownership(demo, db):
    schools = OrgUnit.objects.filter(kind=UnitKind.SCHOOL, is_demo=True)
    assert schools.filter(level="MN").count() == 30
    assert schools.filter(level="MN", ownership="non_public").count() == 8
    assert schools.filter(level="TH").count() == 22
    assert schools.filter(level="TH", ownership="non_public").count() == 2
    assert schools.filter(level="THCS").count() == 16
    assert schools.filter(level="THCS", ownership="non_public").count() == 1
    assert list(OrgUnit.objects.filter(kind=UnitKind.AFFILIATED).values_list("level", flat=True)) == [
        "DVTN",
        "DVTN",
    ]


def test_it_places_every_school_under_the_office_in_a_2024_ward(demo, db):
    office = _unit("PGDDT-Q12")
    units = OrgUnit.objects.schools()
    assert units.count() == 70
    assert units.filter(parent=office, province_code="79", ward_code="").count() == 70
    assert set(units.values_list("ward_name", flat=True)) <= {
        "An Phú Đông",
        "Đông Hưng Thuận",
        "Hiệp Thành",
        "Tân Chánh Hiệp",
        "Tân Hưng Thuận",
        "Tân Thới Hiệp",
        "Tân Thới Nhất",
        "Thạnh Lộc",
        "Thạnh Xuân",
        "Thới An",
        "Trung Mỹ Tây",
    }
    assert units.exclude(head_name="").exclude(address="").exclude(phone="").count() == 70


def test_it_names_school_a_and_school_b(demo, db):
    school_a, school_b = _unit("THCS-NAT"), _unit("TH-LVT")
    assert (school_a.name, school_a.level) == ("Trường THCS Nguyễn Ảnh Thủ", "THCS")
    assert (school_b.name, school_b.level) == ("Trường Tiểu học Lê Văn Thọ", "TH")


def test_it_builds_the_office_its_five_teams_and_the_partner_agencies(demo, db):
    root, office = _unit("UBND-Q12"), _unit("PGDDT-Q12")
    assert (root.kind, root.parent) == (UnitKind.OBSERVER, None)
    assert (office.kind, office.parent, office.short_name) == (
        UnitKind.AUTHORITY,
        root,
        "Phòng GD&ĐT Quận 12",
    )
    assert sorted(office.children.filter(kind=UnitKind.TEAM).values_list("name", flat=True)) == sorted(
        [
            "Tổ Mầm non",
            "Tổ Phổ thông",
            "Tổ Hành chính tổng hợp",
            "Bộ phận Thi đua – Khen thưởng",
            "Bộ phận Đoàn – Đội",
        ]
    )
    assert set(root.children.filter(kind=UnitKind.PARTNER).values_list("code", flat=True)) == {
        "PKT-Q12",
        "PTNMT-Q12",
        "QD-Q12",
    }
    assert not OrgUnit.objects.filter(is_demo=False).exists()


def test_it_records_headcounts_for_2023_2024(demo, db):
    year = SchoolYear.objects.get(is_current=True)
    assert year.name == "2023-2024"
    assert SchoolYear.objects.filter(name="2024-2025", is_current=False).exists()
    assert UnitYearStats.objects.filter(year=year, students__gt=0, teachers__gt=0).count() == 70
    thcs = UnitYearStats.objects.get(unit__code="THCS-NAT")
    preschool = UnitYearStats.objects.get(unit__code="MN-HOAMAI")
    assert thcs.students > preschool.students


# ── People ─────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("username", "role", "scope"),
    [
        ("demo-admin", Role.ADMIN, "PGDDT-Q12"),
        ("demo-leader", Role.LEADER, "PGDDT-Q12"),
        ("demo-specialist", Role.SPECIALIST, "PGDDT-Q12"),
        ("demo-principal-a", Role.PRINCIPAL, "THCS-NAT"),
        ("demo-coordinator-a", Role.COORDINATOR, "THCS-NAT"),
        ("demo-principal-b", Role.PRINCIPAL, "TH-LVT"),
        ("demo-teacher-a", Role.TEACHER, "THCS-NAT"),
        ("demo-partner", Role.PARTNER, "PKT-Q12"),
        ("demo-observer", Role.OBSERVER, "UBND-Q12"),
    ],
)
def test_the_readme_accounts_hold_their_role_and_log_in(demo, db, username, role, scope):
    user = User.objects.get(username=username)
    assert [(ra.role, ra.unit.code) for ra in user.role_assignments.select_related("unit")] == [(role, scope)]
    assert user.full_name and user.email.endswith(".example") and user.is_demo and not user.is_superuser
    assert _logs_in(username)


def test_the_specialist_works_in_tổ_phổ_thông_and_the_admin_may_open_the_django_admin(demo, db):
    specialist = User.objects.get(username="demo-specialist")
    assert specialist.unit.code == "TO-PT"
    assert specialist.role_assignments.get().team.code == "TO-PT"
    assert User.objects.get(username="demo-admin").is_staff


def test_every_school_has_a_head_and_a_coordinator_who_log_in(demo, db):
    for role in (Role.PRINCIPAL, Role.COORDINATOR):
        covered = RoleAssignment.objects.filter(role=role, unit__kind__in=["school", "affiliated"])
        assert covered.values("unit").distinct().count() == 70
    head = User.objects.get(username="ht-mn-hoamai")
    assert head.full_name == _unit("MN-HOAMAI").head_name
    assert _logs_in("pt-thcs-pbc")


def test_it_fills_the_registries_of_schools_a_and_b(demo, db):
    assert Staff.objects.filter(unit__code="THCS-NAT").count() >= 5
    assert Staff.objects.get(user__username="demo-teacher-a").unit.code == "THCS-NAT"
    assert Student.objects.filter(unit__code="TH-LVT", grade__lte=5).count() >= 5
    assert Student.objects.filter(unit__code="THCS-NAT", grade__gte=6).count() >= 5


# ── The plan ───────────────────────────────────────────────────────────────────────────────────────


def test_it_loads_the_plan_as_issued_with_its_basis_and_recipients(plan):
    assert (plan.status, plan.issued_on, plan.place, plan.year) == (
        PlanStatus.ISSUED,
        datetime.date(2023, 10, 30),
        "Quận 12",
        2024,
    )
    assert plan.issuing_unit.code == "PGDDT-Q12"
    assert (plan.signer_name, plan.signer_title) == ("Khuê Mạnh Hùng", "TRƯỞNG PHÒNG")
    assert plan.bases.get().text.startswith("Căn cứ Kế hoạch số 6735/KH-UBND-KT")
    recipients = [
        (r.label, r.purpose, r.unit.code if r.unit else "") for r in plan.recipients.select_related("unit")
    ]
    assert recipients == [
        ("UBND Q.12", "report", "UBND-Q12"),
        ("Phòng Kinh tế", "cooperate", "PKT-Q12"),
        ("Phòng Tài nguyên môi trường", "cooperate", "PTNMT-Q12"),
        ("Các trường MN, TH, THCS và ĐVTN", "implement", ""),
        ("Lưu: VT, PT (P)", "archive", ""),
    ]


# Paragraphs and bullets of the document, counted by hand: I has 5 paragraphs; II.1 has 2; II.2 has an
# introduction with 3 bullets and 1 more paragraph; II.3 has 3; III.1 has one per team (4); III.2 has 2.
PARAGRAPHS = {"I": 5, "II.1": 2, "II.2": 5, "II.3": 3, "III.1": 4, "III.2": 2}


def _under(task):
    """Tasks anywhere below a section."""
    found = []
    for child in task.children.all():
        found += ([child] if child.kind == TaskKind.TASK else []) + _under(child)
    return found


def test_every_paragraph_of_sections_i_to_iii_is_a_task(plan):
    sections = {
        t.number if t.parent is None else f"{t.parent.number}.{t.number}": t
        for t in plan.tasks.filter(kind=TaskKind.SECTION).select_related("parent")
    }
    assert set(sections) == {"I", "II", "II.1", "II.2", "II.3", "III", "III.1", "III.2"}
    counts = {key: len(_under(sections[key])) for key in PARAGRAPHS}
    assert counts == PARAGRAPHS
    assert plan.tasks.filter(kind=TaskKind.TASK).count() == sum(PARAGRAPHS.values())


def test_every_task_has_a_lead_team_a_description_and_dates(plan):
    tasks = plan.tasks.filter(kind=TaskKind.TASK).select_related("lead_unit")
    assert {t.lead_unit.kind for t in tasks} == {UnitKind.TEAM}
    assert all(t.description and t.expected_output and t.start == datetime.date(2023, 11, 1) for t in tasks)
    assert {t.end for t in tasks} >= {datetime.date(2024, 1, 15), datetime.date(2024, 5, 31)}
    assert "đảm bảo 50% trường học có câu lạc bộ hoạt động" in tasks.get(number="III.1.1").description


def test_the_tasks_name_partners_and_implementing_units_from_the_text(plan):
    clubs, stem, green = (plan.tasks.get(number=n) for n in ("I.1", "I.4", "III.2.1"))
    assert "PKT-Q12" in clubs.partner_units.values_list("code", flat=True)
    assert list(green.partner_units.values_list("code", flat=True)) == ["PTNMT-Q12"]
    assert plan.tasks.get(number="II.2.2").partner_units.get().code == "QD-Q12"
    assert stem.implementing_rule == {"kinds": ["school", "affiliated"], "levels": ["TH", "THCS"]}
    assert stem.assignments.count() == 38  # 22 TH + 16 THCS
    assert clubs.assignments.count() == 70


def test_it_defines_the_ten_indicators_of_the_brief_and_two_computed_ones(plan):
    indicators = {i.code: i for i in plan.indicators.select_related("task")}
    assert sorted(indicators) == [f"CT{n:02d}" for n in range(1, 13)]
    assert (indicators["CT01"].measure, indicators["CT01"].target, indicators["CT01"].task.number) == (
        "share",
        50,
        "I.1",
    )
    assert {c for c, i in indicators.items() if i.target == 100} == {
        "CT02",
        "CT03",
        "CT07",
        "CT08",
        "CT11",
        "CT12",
    }
    assert {c for c, i in indicators.items() if i.target is None} == {"CT04", "CT05", "CT06", "CT09", "CT10"}
    assert {i.measure for c, i in indicators.items() if i.target is None} == {"count"}
    assert {c for c, i in indicators.items() if i.source == "manual"} == {f"CT{n:02d}" for n in range(1, 11)}
    assert {indicators["CT11"].source_key, indicators["CT12"].source_key} <= set(stat_sources())


def test_some_schools_entered_manual_values(plan):
    club = Indicator.objects.get(plan=plan, code="CT01")
    assert 30 <= club.values.count() <= 40
    assert set(club.values.values_list("value", flat=True)) == {0, 1}
    assert not Indicator.objects.get(plan=plan, code="CT10").values.exists()


def test_it_defines_the_two_reporting_periods(plan):
    periods = list(plan.periods.values_list("name", "start", "end", "due"))
    assert periods == [
        (
            "Sơ kết học kỳ I năm học 2023-2024",
            datetime.date(2023, 11, 1),
            datetime.date(2024, 1, 10),
            datetime.date(2024, 1, 15),
        ),
        (
            "Tổng kết năm học 2023-2024",
            datetime.date(2023, 11, 1),
            datetime.date(2024, 5, 25),
            datetime.date(2024, 5, 31),
        ),
    ]


# ── Half a year of work ────────────────────────────────────────────────────────────────────────────


def test_assignments_are_in_every_status(demo, db):
    statuses = set(Assignment.objects.values_list("status", flat=True))
    assert statuses == set(AssignmentStatus.values)
    assert demo["assignments"][AssignmentStatus.NOT_STARTED.label] < Assignment.objects.count() / 2


def test_school_a_has_an_editable_in_progress_assignment_of_tổ_phổ_thông_without_evidence(demo, db):
    assignment = _assignment("THCS-NAT", demo_data.SCHOOL_A_IN_PROGRESS_TASK)
    assert assignment.status == AssignmentStatus.IN_PROGRESS and assignment.is_editable
    assert assignment.task.lead_unit.code == "TO-PT"
    assert assignment.report_text and not assignment.evidence.exists()
    others = Assignment.objects.filter(unit__code="THCS-NAT", status=AssignmentStatus.IN_PROGRESS)
    assert list(others) == [assignment]


def test_school_a_has_a_returned_and_an_approved_assignment_and_school_b_a_submitted_one(demo, db):
    returned = _assignment("THCS-NAT", "II.1.1")
    approved = _assignment("THCS-NAT", "I.2")
    submitted = _assignment("TH-LVT", "I.4")
    assert (returned.status, approved.status, submitted.status) == ("returned", "approved", "submitted")
    assert returned.return_reason in demo_data.RETURN_REASONS and returned.evidence.exists()
    assert approved.reviewed_by.username == "cv-to-hcth"  # the lead team's specialist


def test_status_changes_are_events_by_the_right_people_on_their_story_days(demo, db):
    approved = _assignment("THCS-NAT", "I.2")
    events = list(events_for(approved))
    actions = [e.action for e in events]
    assert actions[0] == "assign" and actions[1] == "start" and actions[-2:] == ["submit", "approve"]
    people = {e.action: e.actor.username for e in events}
    assert (people["start"], people["submit"], people["approve"]) == (
        "demo-coordinator-a",
        "demo-principal-a",
        "cv-to-hcth",
    )
    assert all(e.at.date() <= STORY_DAY for e in events)
    assert approved.submitted_at == events[-2].at and approved.reviewed_at == events[-1].at


def test_schools_are_told_in_the_app_and_no_mail_is_queued(demo, db):
    assert Notification.objects.filter(
        user__username="demo-principal-a", title__startswith="Bị trả lại"
    ).exists()
    assert Notification.objects.filter(created_at__date__gt=STORY_DAY).count() == 0
    assert demo["on_commit"] == []


def test_evidence_files_pass_the_upload_check(demo, db):
    files = Evidence.objects.filter(kind=EvidenceKind.FILE)
    assert files.count() > 20 and Evidence.objects.filter(kind=EvidenceKind.LINK).exists()
    assert {validate_upload(e.file) for e in files[:10]} <= {"pdf", "png"}


def test_about_sixty_percent_of_units_reported_for_semester_one_some_late(plan):
    period = plan.periods.get(kind="semester1")
    reports = PeriodReport.objects.filter(period=period).select_related("period")
    submitted = [r for r in reports if r.first_submitted_at]
    assert 38 <= len(submitted) <= 46
    assert {r.on_time for r in submitted} == {True, False}
    assert {r.status for r in reports} == set(PeriodReportStatus.values)
    assert reports.get(unit__code="THCS-NAT").on_time


# ── Loading ────────────────────────────────────────────────────────────────────────────────────────


def test_loading_twice_does_nothing_the_second_time(demo, db):
    before = (OrgUnit.objects.count(), User.objects.count(), Task.objects.count(), Assignment.objects.count())
    assert load_demo(password=PASSWORD) is None
    assert (
        OrgUnit.objects.count(),
        User.objects.count(),
        Task.objects.count(),
        Assignment.objects.count(),
    ) == before


def test_the_command_leaves_a_database_with_units_alone(demo, db):
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "không nạp" in out.getvalue()
    assert Plan.objects.count() == 1


def test_the_command_refuses_when_demo_mode_is_off(demo, db, settings):
    settings.SANGTAO_DEMO = False
    with pytest.raises(CommandError, match="SANGTAO_DEMO"):
        call_command("load_demo")
    with pytest.raises(CommandError, match="SANGTAO_DEMO"):
        call_command("demo_accounts")


def test_demo_accounts_prints_the_table_with_the_password(demo, db, settings):
    settings.SANGTAO_DEMO_PASSWORD = PASSWORD
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    assert "demo-principal-a" in text and "Thủ trưởng đơn vị" in text and PASSWORD in text
    assert "ht-mn-hoamai" not in text
    out = io.StringIO()
    call_command("demo_accounts", "--all", stdout=out)
    assert "ht-mn-hoamai" in out.getvalue()
