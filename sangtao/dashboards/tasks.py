"""Background work of the dashboards, run by the task worker (django-tasks-db's db_worker)."""

from django.conf import settings
from django.tasks import task

from sangtao.core.jobs import schedule_daily, schedule_soon

from . import services


@task()
def take_indicator_snapshots(reschedule: bool = True) -> int:
    """Store this month's indicator values (and any month missing) for every issued plan; then wait for
    tomorrow morning."""
    written = services.snapshots_daily()
    if reschedule:
        schedule_daily(take_indicator_snapshots)
    return written


@task()
def refresh_running_figures(reschedule: bool = True) -> int:
    """With SANGTAO_FIGURES_FROM_SNAPSHOT on (city scale): recompute the running month's figures and the
    schools' latest activity that the dashboards read, then come back in SANGTAO_FIGURES_REFRESH_MINUTES."""
    if not settings.SANGTAO_FIGURES_FROM_SNAPSHOT:
        return 0
    written = services.figures_refresh()
    if reschedule:
        schedule_soon(refresh_running_figures, minutes=settings.SANGTAO_FIGURES_REFRESH_MINUTES)
    return written


DAILY_JOBS = [take_indicator_snapshots]
FREQUENT_JOBS = [refresh_running_figures]
