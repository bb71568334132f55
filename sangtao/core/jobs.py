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


# ── A worker that died mid-task ────────────────────────────────────────────────────────────────────
#
# django-tasks-db's worker claims a task by setting it RUNNING in a committed transaction, then runs
# it; only the worker itself ever sets SUCCESSFUL or FAILED. A worker killed by SIGKILL, the OOM killer
# or a power cut leaves the row RUNNING for ever: the task is lost without anyone knowing. The
# `fail_lost_tasks` job (accounts/tasks.py, every FREQUENT_MINUTES) marks such rows FAILED with the
# reason and tells the administrators, who re-run the work from its page (imports and reports are
# all-or-nothing, so a second run starts from a clean state).

FREQUENT_MINUTES = 15
LOST_AFTER = datetime.timedelta(minutes=30)  # longer than any task of ours runs (SANGTAO_TASK_LOST_AFTER)


class WorkerLost(Exception):
    """The worker running the task stopped before it finished (recorded as the task's exception)."""


def lost_after() -> datetime.timedelta:
    from django.conf import settings

    return getattr(settings, "SANGTAO_TASK_LOST_AFTER", LOST_AFTER)


def fail_lost_tasks(now: datetime.datetime | None = None) -> list:
    """Mark FAILED every task RUNNING since longer than `lost_after()`; return those rows."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: nothing of ours to look into
        return []
    from django.db import transaction
    from django.tasks import TaskResultStatus

    now = now or timezone.now()
    lost = []
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - lost_after()
        )
        for result in stale:
            result.status = TaskResultStatus.FAILED
            result.finished_at = now
            result.return_value = None
            result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
            workers = ", ".join(result.worker_ids) or "?"
            result.traceback = (
                f"WorkerLost: the worker ({workers}) stopped while running this task "
                f"(started {result.started_at:%Y-%m-%d %H:%M:%S %Z}); marked failed at {now:%Y-%m-%d %H:%M:%S %Z}."
            )
            result.save(
                update_fields=["status", "finished_at", "return_value", "exception_class_path", "traceback"]
            )
            lost.append(result)
    return lost


def schedule_soon(job, *, minutes: int = FREQUENT_MINUTES, force: bool = False) -> bool:
    """Enqueue the job's next run in `minutes` unless one is already waiting (a frequent job's cycle)."""
    if not default_task_backend.supports_defer:
        return False
    if not force and _already_waiting(job):
        return False
    job.using(run_after=timezone.now() + datetime.timedelta(minutes=minutes)).enqueue()
    return True


@cache
def frequent_jobs() -> list:
    jobs = []
    for config in apps.get_app_configs():
        if config.name.startswith("sangtao.") and module_has_submodule(config.module, "tasks"):
            jobs += getattr(import_module(f"{config.name}.tasks"), "FREQUENT_JOBS", [])
    return jobs
