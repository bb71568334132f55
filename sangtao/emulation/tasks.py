"""Background work of the emulation app (run by the task worker, like sangtao/plans/tasks.py)."""

from django.tasks import task

from sangtao.core.jobs import schedule_daily

from . import services


@task()
def recompute_emulation_schemes(reschedule: bool = True) -> int:
    """Recompute every scheme being scored from the data the schools entered yesterday; then wait for tomorrow.

    A finalised scheme is left as it is: it changes only after the leader unlocks it.
    """
    done = services.recompute_open_schemes()
    if reschedule:
        schedule_daily(recompute_emulation_schemes)
    return done


DAILY_JOBS = [recompute_emulation_schemes]
