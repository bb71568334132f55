import datetime

from django.core.management import call_command
from django.utils import timezone

from sangtao.core.jobs import daily_jobs, frequent_jobs, next_morning, schedule_daily


def test_next_morning_is_seven_oclock_in_vietnam():
    now = timezone.make_aware(datetime.datetime(2024, 5, 20, 9, 30))
    run = timezone.localtime(next_morning(now))
    assert (run.day, run.hour) == (21, 7)


def test_every_app_daily_job_is_found():
    assert {job.name for job in daily_jobs()} >= {"send_deadline_reminders", "send_acknowledgement_reminders"}


def test_the_immediate_backend_cannot_defer_so_nothing_is_scheduled(db):
    assert [schedule_daily(job) for job in daily_jobs()] == [False] * len(daily_jobs())


def test_the_database_worker_gets_one_waiting_run_of_each_daily_job(db, settings):
    from django.tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    task_backends._settings = None  # re-read TASKS
    try:
        call_command("schedule_jobs")
        call_command("schedule_jobs")  # a second call finds them waiting
        frequent = [job.module_path for job in frequent_jobs()]
        waiting = DBTaskResult.objects.filter(status="READY").exclude(task_path__in=frequent)
        hours = {timezone.localtime(w.run_after).hour for w in waiting}
        assert (waiting.count(), hours) == (len(daily_jobs()), {7})
        # The frequent ones (the check for tasks lost with their worker) wait once each, due now.
        assert DBTaskResult.objects.filter(status="READY", task_path__in=frequent).count() == len(frequent)
    finally:
        task_backends._settings = None
