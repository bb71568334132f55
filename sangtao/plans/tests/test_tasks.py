import datetime

from django.utils import timezone

from sangtao.plans.tasks import send_deadline_reminders


def test_the_reminder_task_runs_in_the_worker_backend(world, pw):
    pw.a.due = timezone.localdate() + datetime.timedelta(days=3)
    pw.a.save()
    result = send_deadline_reminders.enqueue(reschedule=False)
    assert result.return_value == 2
