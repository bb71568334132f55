"""A school shows its creative space or S&T application model as evidence of its assignment of the plan task
that the record serves (the task measured by the spaces indicator that counts it, seed II.3)."""

import datetime

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.plans.models import EvidenceKind
from sangtao.spaces import selectors, services
from sangtao.spaces.models import ReviewStatus
from sangtao.spaces.tests.factories import SpaceFactory, TechModelFactory
from sangtao.testing.factories import AssignmentFactory, IndicatorFactory, PlanFactory, TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):
        yield


@pytest.fixture
def plan(world):
    plan = PlanFactory(issuing_unit=world.office)
    section = TaskFactory(plan=plan, kind="section", title="Xây dựng mô hình không gian sáng tạo")
    task = TaskFactory(plan=plan, parent=section, title="Mỗi trường có một không gian sáng tạo")
    models_task = TaskFactory(plan=plan, title="Ứng dụng khoa học và công nghệ trong quản lý")
    other = TaskFactory(plan=plan, title="Nhiệm vụ khác")
    # The space indicator measures the section: its sub-task is served too.
    IndicatorFactory(plan=plan, task=section, source_key="spaces.schools_with_space")
    IndicatorFactory(plan=plan, task=models_task, source_key="spaces.models_applied")
    return {
        "task": task,
        "a": AssignmentFactory(task=task, unit=world.school_a),
        "a_models": AssignmentFactory(task=models_task, unit=world.school_a),
        "a_other": AssignmentFactory(task=other, unit=world.school_a),
        "b": AssignmentFactory(task=task, unit=world.school_b),
    }


@pytest.fixture
def space(world):
    return SpaceFactory(unit=world.school_a, name="Phòng STEM Robotics")


@pytest.fixture
def model(world):
    return TechModelFactory(unit=world.school_a, name="Sổ điểm điện tử")


def test_the_references_name_the_record_kind(space, model):
    assert selectors.record_ref(space) == f"spaces.creativespace:{space.pk}"
    assert selectors.record_ref(model) == f"spaces.techmodel:{model.pk}"


def test_only_the_served_tasks_of_the_own_school_are_offered(world, plan, space, model):
    assert selectors.attachable_assignments(world.coordinator_a, space) == [plan["a"]]
    assert selectors.attachable_assignments(world.principal_a, model) == [plan["a_models"]]
    for user in (world.teacher_a, world.principal_b, world.specialist, world.observer):
        assert selectors.attachable_assignments(user, space) == []


@pytest.mark.parametrize(
    ("name", "label", "key"), [("space", "creativespace", "a"), ("model", "techmodel", "a_models")]
)
def test_a_record_is_attached_once_with_its_reference(world, plan, space, model, name, label, key):
    record = {"space": space, "model": model}[name]
    evidence = services.record_attach_to_assignment(
        actor=world.coordinator_a, record=record, assignment=plan[key]
    )
    assert evidence.kind == EvidenceKind.RECORD and evidence.record_ref == f"spaces.{label}:{record.pk}"
    assert record.name in evidence.title
    with pytest.raises(ConflictError):
        services.record_attach_to_assignment(actor=world.coordinator_a, record=record, assignment=plan[key])
    assert selectors.attachable_assignments(world.coordinator_a, record) == []
    assert selectors.attached_assignments(record) == [plan[key]]


def test_the_service_refuses_what_the_page_does_not_offer(world, plan, space, model):
    with pytest.raises(PermissionDeniedError):
        services.record_attach_to_assignment(actor=world.teacher_a, record=space, assignment=plan["a"])
    with pytest.raises(PermissionDeniedError):
        services.record_attach_to_assignment(actor=world.principal_b, record=space, assignment=plan["b"])
    with pytest.raises(ApplicationError, match="không phải của trường"):
        services.record_attach_to_assignment(actor=world.principal_a, record=space, assignment=plan["b"])
    with pytest.raises(ApplicationError, match="không phục vụ"):
        services.record_attach_to_assignment(
            actor=world.principal_a, record=space, assignment=plan["a_other"]
        )
    with pytest.raises(ApplicationError, match="không phục vụ"):
        services.record_attach_to_assignment(actor=world.principal_a, record=model, assignment=plan["a"])
    space.status = ReviewStatus.NEEDS_WORK
    space.save()
    with pytest.raises(ApplicationError, match="cần bổ sung"):
        services.record_attach_to_assignment(actor=world.principal_a, record=space, assignment=plan["a"])
    assert selectors.attachable_assignments(world.principal_a, space) == []


@pytest.mark.parametrize(
    ("what", "name", "key", "url"),
    [("space", "space", "a", "spaces:space"), ("model", "model", "a_models", "spaces:model")],
)
def test_the_record_page_attaches_and_the_assignment_page_shows_it(
    client_for, world, plan, space, model, what, name, key, url
):
    record = {"space": space, "model": model}[name]
    client = client_for("coordinator_a")
    page = client.get(reverse(url, args=[record.pk])).content.decode()
    assert f'id="attach-{what}-{record.pk}"' in page and plan[key].task.title in page
    response = client.post(reverse("spaces:attach", args=[what, record.pk]), {"assignment": plan[key].pk})
    assert response.status_code == 302
    assert plan[key].evidence.get().record_ref == selectors.record_ref(record)
    page = client.get(reverse(url, args=[record.pk])).content.decode()
    assert f'id="attach-{what}-{record.pk}"' not in page
    assert reverse("plans:assignment", args=[plan[key].pk]) in page
    shown = client.get(reverse("plans:assignment", args=[plan[key].pk])).content.decode()
    assert record.name in shown and reverse(url, args=[record.pk]) in shown


def test_nobody_else_attaches_through_the_page(client_for, world, plan, space):
    url = reverse("spaces:attach", args=["space", space.pk])
    for persona, status in (("teacher_a", 404), ("specialist", 404), ("principal_b", 404)):
        assert client_for(persona).post(url, {"assignment": plan["a"].pk}).status_code == status
    assert client_for("principal_a").post(url, {"assignment": plan["a_other"].pk}).status_code == 404
    assert client_for("principal_a").get(url).status_code == 405
    assert not plan["a"].evidence.exists()
