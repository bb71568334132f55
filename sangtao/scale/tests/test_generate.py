import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from sangtao.accounts.models import RoleAssignment, Staff, Student, User
from sangtao.clubs.models import Club, ClubActivity
from sangtao.communication.models import Article
from sangtao.contests.models import Entry, Score
from sangtao.core.text import fold
from sangtao.initiatives.models import Initiative
from sangtao.orgs.models import OrgUnit, UnitKind
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.models import Assignment, Indicator, Plan, Task
from sangtao.scale.generator import SCALES, Context, generators
from sangtao.training.models import Attendance, Course

TINY = SCALES["tiny"]


@pytest.fixture
def tiny(db):
    call_command("generate_data", scale="tiny", no_migrate=True, stdout=open("/dev/null", "w"))


def test_it_creates_the_counts_the_scale_asks_for(tiny):
    assert OrgUnit.objects.schools().count() == TINY.schools
    assert OrgUnit.objects.filter(kind=UnitKind.AUTHORITY).count() == 1 + TINY.wards
    assert Student.objects.count() == TINY.students
    assert Staff.objects.count() == TINY.staff
    assert Club.objects.count() == TINY.clubs
    assert ClubActivity.objects.count() == TINY.activities
    assert Course.objects.count() == TINY.courses
    assert Initiative.objects.count() == TINY.initiatives
    assert Entry.objects.count() == TINY.entries
    assert Article.objects.count() == TINY.articles
    assert Attendance.objects.count() >= TINY.attendance * 0.8
    assert Score.objects.count() >= TINY.entries * 4


def test_every_materialised_path_follows_the_parents(tiny):
    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    for pk, parent_id, path in OrgUnit.objects.values_list("pk", "parent_id", "path"):
        assert path == (paths[parent_id] if parent_id else "/") + f"{pk}/"


def test_folded_search_columns_match_what_save_would_write(tiny):
    for unit in OrgUnit.objects.all():
        assert unit.name_folded == fold(f"{unit.name} {unit.short_name} {unit.code}")
    for student in Student.objects.all()[:200]:
        assert student.name_folded == fold(student.full_name)
    for user in User.objects.all():
        assert user.name_folded == fold(f"{user.full_name} {user.username} {user.email}")
    for article in Article.objects.all()[:50]:
        assert article.text_folded == fold(f"{article.title} {article.summary} {article.tags}")


def test_every_school_has_its_assignments_and_its_people(tiny):
    plan = Plan.objects.get()
    assert plan.status == "issued"
    tasks = [t for t in Task.objects.filter(plan=plan, kind="task") if t.implementing_rule]
    for school in OrgUnit.objects.schools():
        expected = {t.pk for t in tasks if school.level in t.implementing_rule["levels"]}
        assert expected
        assert set(Assignment.objects.filter(unit=school).values_list("task_id", flat=True)) == expected
        roles = set(RoleAssignment.objects.filter(unit=school).values_list("role", flat=True))
        assert roles == {"principal", "coordinator"}


def test_the_generated_data_feeds_the_dashboards(tiny):
    plan = Plan.objects.get()
    leader = User.objects.get(username="scale-leader")
    assert Indicator.objects.filter(plan=plan, source="computed", source_key="clubs.active_schools").exists()
    results = plan_selectors.office_dashboard(leader, plan)["indicators"]
    assert [r for r in results if r.overall.has_data and not r.missing_source]
    client = Client()
    client.force_login(leader)
    assert client.get(reverse("dashboards:office", args=[plan.pk])).status_code == 200
    school = OrgUnit.objects.schools().first()
    principal = User.objects.get(role_assignments__role="principal", role_assignments__unit=school)
    client.force_login(principal)
    assert client.get(reverse("dashboards:school", args=[school.pk])).status_code == 200


def test_new_rows_after_generation_get_fresh_keys(tiny):
    office = OrgUnit.objects.get(code="SGDDT-TPHCM")
    unit = OrgUnit.objects.create(
        parent=office, kind=UnitKind.SCHOOL, code="NEW-1", name="Trường mới", level="TH"
    )
    assert unit.pk > max(OrgUnit.objects.exclude(pk=unit.pk).values_list("pk", flat=True))


def test_it_refuses_a_database_that_already_has_units(tiny):
    with pytest.raises(CommandError):
        call_command("generate_data", scale="tiny", no_migrate=True, stdout=open("/dev/null", "w"))


def test_each_app_contributes_its_generator_in_dependency_order():
    labels = [label for label, _fn in generators()]
    assert labels[:3] == ["orgs", "accounts", "plans"]
    assert {"clubs", "training", "initiatives", "contests", "communication", "outreach"} <= set(labels)


def test_apportion_splits_a_total_exactly():
    shares = Context.apportion(100, [1, 2, 3.5, 0])
    assert sum(shares) == 100
    assert shares[3] == 0
    assert shares[2] > shares[1] > shares[0]
