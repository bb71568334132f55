"""Background work of the plans app, run by the task worker (django-tasks-db's db_worker)."""

from django.tasks import task

from sangtao.core.jobs import schedule_daily

from . import services


@task()
def send_deadline_reminders(reschedule: bool = True) -> int:
    """Tell each unit, three days ahead, what it still owes; then wait for tomorrow morning."""
    sent = services.deadline_reminders_send()
    if reschedule:
        schedule_daily(send_deadline_reminders)
    return sent


DAILY_JOBS = [send_deadline_reminders]
