"""Background work of the outreach app (run by the task worker, like sangtao/plans/tasks.py)."""

from django.tasks import task

from . import services


@task()
def send_acknowledgement_reminders() -> int:
    return services.remind_unacknowledged()
