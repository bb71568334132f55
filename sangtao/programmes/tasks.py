"""Background work of the programmes app (run by the task worker, like sangtao/outreach/tasks.py)."""

from django.tasks import task

from sangtao.core.jobs import schedule_daily

from . import services


@task()
def expire_recognitions(reschedule: bool = True) -> int:
    """Mark recognitions past their validity as expired (the school may then renew); then wait for tomorrow."""
    expired = services.recognitions_expire()
    if reschedule:
        schedule_daily(expire_recognitions)
    return expired


DAILY_JOBS = [expire_recognitions]
