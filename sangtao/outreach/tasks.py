"""Background work of the outreach app (run by the task worker, like sangtao/plans/tasks.py)."""

from django.tasks import task

from sangtao.core.jobs import schedule_daily

from . import services


@task()
def send_acknowledgement_reminders(reschedule: bool = True) -> int:
    """Remind the schools that have not acknowledged a document due soon or past; then wait for tomorrow."""
    sent = services.remind_unacknowledged()
    if reschedule:
        schedule_daily(send_acknowledgement_reminders)
    return sent


DAILY_JOBS = [send_acknowledgement_reminders]
