"""Background work of the plans app, run by the task worker (django-tasks-db's db_worker).

django.tasks has no cron: the daily reminder re-enqueues itself for the next morning, and
`manage.py schedule_jobs` (run by `make run` and at deploy) makes sure one is waiting.
"""

import datetime

from django.tasks import default_task_backend, task
from django.utils import timezone

from . import services

REMINDER_HOUR = 7  # local time: before the school day starts


def next_morning(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


@task()
def send_deadline_reminders(reschedule: bool = True) -> int:
    sent = services.deadline_reminders_send()
    if reschedule:
        schedule_deadline_reminders()
    return sent


def schedule_deadline_reminders(*, force: bool = False) -> bool:
    """Enqueue the next daily run unless one is already waiting. Returns True when it enqueued one."""
    if not default_task_backend.supports_defer:
        return False
    if not force and _already_waiting():
        return False
    send_deadline_reminders.using(run_after=next_morning()).enqueue()
    return True


def _already_waiting() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: it has no queue we can look into
        return False
    return DBTaskResult.objects.filter(task_path=send_deadline_reminders.module_path, status="READY").exists()
