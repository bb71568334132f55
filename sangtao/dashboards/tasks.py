"""Background work of the dashboards, run by the task worker (django-tasks-db's db_worker)."""

from django.tasks import task

from sangtao.core.jobs import schedule_daily

from . import services


@task()
def take_indicator_snapshots(reschedule: bool = True) -> int:
    """Store this month's indicator values (and any month missing) for every issued plan; then wait for
    tomorrow morning."""
    written = services.snapshots_daily()
    if reschedule:
        schedule_daily(take_indicator_snapshots)
    return written


DAILY_JOBS = [take_indicator_snapshots]
