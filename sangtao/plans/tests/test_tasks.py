import datetime

from django.utils import timezone

from sangtao.plans.tasks import next_morning, schedule_deadline_reminders, send_deadline_reminders


def test_next_morning_is_seven_oclock_in_vietnam():
    now = timezone.make_aware(datetime.datetime(2024, 5, 20, 9, 30))
    run = timezone.localtime(next_morning(now))
    assert (run.day, run.hour) == (21, 7)


def test_the_reminder_task_runs_in_the_worker_backend(world, pw):
    pw.a.due = timezone.localdate() + datetime.timedelta(days=3)
    pw.a.save()
    result = send_deadline_reminders.enqueue(reschedule=False)
    assert result.return_value == 2


def test_the_immediate_backend_cannot_defer_so_nothing_is_scheduled(db):
    assert schedule_deadline_reminders() is False


def test_the_database_worker_gets_one_waiting_daily_run(db, settings):
    from django.tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    task_backends._settings = None  # re-read TASKS
    try:
        first, second = schedule_deadline_reminders(), schedule_deadline_reminders()
        waiting = DBTaskResult.objects.get(task_path=send_deadline_reminders.module_path)
        assert (first, second, timezone.localtime(waiting.run_after).hour) == (True, False, 7)
    finally:
        task_backends._settings = None
