"""The plan's task page lists the contests that carry out the task (the plan is the spine)."""

from django.urls import reverse

from sangtao.testing.factories import AssignmentFactory, PlanFactory, TaskFactory


def test_the_task_page_links_to_the_contest(client_for, world, cw):
    task = TaskFactory(plan=PlanFactory(issuing_unit=world.office), title="Tổ chức hội thi sáng tạo")
    AssignmentFactory(task=task, unit=world.school_a)
    cw.contest.tasks.add(task)
    body = client_for("principal_a").get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "Hồ sơ thực hiện nhiệm vụ" in body and reverse("contests:detail", args=[cw.contest.pk]) in body
    body = client_for("principal_a").get(reverse("contests:detail", args=[cw.contest.pk])).content.decode()
    assert reverse("plans:task", args=[task.pk]) in body
