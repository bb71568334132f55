"""A worker killed mid-task leaves its task RUNNING for ever; the check marks it failed and tells the admins."""

import datetime

import pytest
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sangtao.accounts.models import Notification
from sangtao.accounts.tasks import check_lost_tasks
from sangtao.core.jobs import frequent_jobs


@pytest.fixture
def db_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    task_backends._settings = None  # re-read TASKS
    yield
    task_backends._settings = None


def _claimed(minutes_ago: int) -> DBTaskResult:
    """A task as the worker leaves it after claiming it: RUNNING, started, with the worker's id."""
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        args_kwargs={"args": [], "kwargs": {}},
        task_path="sangtao.plans.tasks.send_deadline_reminders",
        worker_ids=["worker-1"],
        backend_name="default",
        run_after=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_a_task_whose_worker_died_is_marked_failed_and_the_admins_are_told(world, db_backend):
    lost, running = _claimed(minutes_ago=45), _claimed(minutes_ago=5)
    assert check_lost_tasks.call(reschedule=False) == 1
    lost.refresh_from_db()
    running.refresh_from_db()
    assert (lost.status, lost.exception_class_path) == ("FAILED", "sangtao.core.jobs.WorkerLost")
    assert "worker-1" in lost.traceback and lost.finished_at is not None
    assert running.status == "RUNNING"  # still within its time: a live worker may be on it
    told = Notification.objects.filter(title__startswith="Việc nền bị gián đoạn")
    assert set(told.values_list("user__username", flat=True)) == {world.admin.username}
    assert "send_deadline_reminders" in told.get().body


def test_a_second_check_finds_nothing_new_and_tells_nobody_again(world, db_backend):
    _claimed(minutes_ago=45)
    check_lost_tasks.call(reschedule=False)
    assert check_lost_tasks.call(reschedule=False) == 0
    assert Notification.objects.filter(title__startswith="Việc nền bị gián đoạn").count() == 1


def test_the_check_runs_every_quarter_of_an_hour(db, db_backend):
    assert check_lost_tasks in frequent_jobs()
    check_lost_tasks.call(reschedule=True)
    waiting = DBTaskResult.objects.get(status="READY", task_path=check_lost_tasks.module_path)
    assert 14 <= (waiting.run_after - timezone.now()).total_seconds() / 60 <= 15
