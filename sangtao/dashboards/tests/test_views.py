import pytest
from django.urls import reverse

from sangtao.plans import services
from sangtao.testing.factories import AssignmentFactory, IndicatorFactory, OrgUnitFactory, TaskFactory


@pytest.mark.parametrize(("persona", "target"), [
    ("leader", "/dashboard/office/"), ("specialist", "/dashboard/office/"), ("observer", "/dashboard/office/"),
    ("principal_a", "/dashboard/school/"), ("teacher_a", "/dashboard/school/"), ("partner", "/dashboard/partner/"),
    ("anonymous", "/news/"),
])
def test_home_sends_each_person_to_their_page(client_for, pw, persona, target):
    response = client_for(persona).get("/")
    assert response.status_code == 302 and target in response["Location"]


@pytest.mark.parametrize(("persona", "expected"), [("leader", 200), ("specialist", 200), ("observer", 200),
                                                    ("principal_a", 403), ("partner", 403), ("principal_b", 403)])
def test_office_dashboard_is_for_the_office_and_observers(client_for, pw, persona, expected):
    assert client_for(persona).get(reverse("dashboards:office", args=[pw.plan.pk])).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("principal_a", 200), ("teacher_a", 200), ("leader", 200),
                                                    ("principal_b", 404), ("partner", 404)])
def test_school_dashboard_is_scoped(client_for, world, pw, persona, expected):
    assert client_for(persona).get(reverse("dashboards:school", args=[world.school_a.pk])).status_code == expected


def test_the_office_dashboard_shows_an_approval(client_for, world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=100, report_text="Xong")
    services.assignment_submit(actor=world.principal_a, assignment=pw.a)
    services.assignment_approve(actor=world.specialist, assignment=pw.a)
    body = client_for("leader").get(reverse("dashboards:office", args=[pw.plan.pk])).content.decode()
    assert "1/2" in body  # one of the two assignments of the section approved


def test_an_indicator_without_data_says_so(client_for, pw):
    body = client_for("leader").get(reverse("dashboards:office", args=[pw.plan.pk])).content.decode()
    assert "Chưa có số liệu" in body


def test_the_school_dashboard_lists_what_was_returned(client_for, world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=50, report_text="Một nửa")
    services.assignment_submit(actor=world.principal_a, assignment=pw.a)
    services.assignment_return(actor=world.specialist, assignment=pw.a, reason="Cần ảnh hoạt động")
    body = client_for("principal_a").get(reverse("dashboards:school", args=[world.school_a.pk])).content.decode()
    assert "Cần ảnh hoạt động" in body


@pytest.mark.parametrize(("persona", "name"), [("leader", "office"), ("principal_a", "school")])
def test_dashboard_queries_are_the_same_with_10_and_200_schools(client_for, world, pw, django_assert_max_num_queries,
                                                               persona, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    IndicatorFactory(plan=pw.plan, code="CT11", source="computed", source_key="plans.task_completed")
    IndicatorFactory(plan=pw.plan, code="CT12", source="computed", source_key="plans.reports_on_time")
    args = [pw.plan.pk] if name == "office" else [world.school_a.pk]
    client = client_for(persona)
    for _ in range(8):
        AssignmentFactory(task=pw.task, unit=OrgUnitFactory(parent=world.office))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(f"dashboards:{name}", args=args))
    for i in range(190):
        AssignmentFactory(task=pw.task, unit=OrgUnitFactory(parent=world.office, level="TH" if i % 2 else "MN"))
    TaskFactory(plan=pw.plan, parent=pw.section)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(f"dashboards:{name}", args=args))
