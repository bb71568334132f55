"""Daily background jobs without a cron: a job re-enqueues itself for the next morning.

django.tasks has no scheduler. Each app lists its daily tasks as `DAILY_JOBS` in its tasks.py (found
the way Django finds admin.py); `manage.py schedule_jobs` (run by `make run` and at each deploy)
makes sure one run of each is waiting in the queue, and every run schedules the next one.
"""

import datetime
from functools import cache
from importlib import import_module

from django.apps import apps
from django.tasks import default_task_backend
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

MORNING_HOUR = 7  # local time: before the school day starts


def next_morning(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=MORNING_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


@cache
def daily_jobs() -> list:
    jobs = []
    for config in apps.get_app_configs():
        if config.name.startswith("sangtao.") and module_has_submodule(config.module, "tasks"):
            jobs += getattr(import_module(f"{config.name}.tasks"), "DAILY_JOBS", [])
    return jobs


def schedule_daily(job, *, force: bool = False) -> bool:
    """Enqueue the job's next morning run unless one is already waiting. True when it enqueued one."""
    if not default_task_backend.supports_defer:
        return False
    if not force and _already_waiting(job):
        return False
    job.using(run_after=next_morning()).enqueue()
    return True


def _already_waiting(job) -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: it has no queue we can look into
        return False
    return DBTaskResult.objects.filter(task_path=job.module_path, status="READY").exists()
