"""Background work of the accounts app, run by the django-tasks-db worker (`manage.py db_worker`)."""

import hashlib

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import task
from django.utils.translation import gettext as _

from sangtao.core.jobs import fail_lost_tasks, schedule_soon

from .models import Notification, Role, User


def _absolute(url: str) -> str:
    if url.startswith("/"):
        return settings.SANGTAO_SITE_URL.rstrip("/") + url
    return url


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail. Takes the id, not the text, so that the mail says what the row says."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    # The row or the address may have gone between the enqueue and the run: nothing to send then.
    if notification is None or not notification.user.email or not notification.user.is_active:
        return False
    parts = [notification.body] if notification.body else []
    if notification.url:
        parts.append(_("Xem chi tiết: %(url)s") % {"url": _absolute(notification.url)})
    parts.append(_("Thư này được gửi tự động từ hệ thống Sáng Tạo, vui lòng không trả lời."))
    send_mail(
        subject=_("[Sáng Tạo] %(title)s") % {"title": " ".join(notification.title.split())},
        message="\n\n".join(parts),
        from_email=None,
        recipient_list=[notification.user.email],
    )
    return True


@task()
def check_lost_tasks(reschedule: bool = True) -> int:
    """Mark failed the tasks whose worker died while running them and tell the administrators, so that
    no work is lost without anyone knowing (see sangtao/core/jobs.py); then wait for the next cycle."""
    from .services import notify

    lost = fail_lost_tasks()
    if lost:
        admins = User.objects.filter(
            Q(is_superuser=True) | Q(role_assignments__role=Role.ADMIN), is_active=True
        ).distinct()
        names = ", ".join(sorted({r.task_path.rsplit(".", 1)[-1] for r in lost}))
        notify(
            users=admins,
            title=_("Việc nền bị gián đoạn: %(n)d việc đã được đánh dấu thất bại") % {"n": len(lost)},
            body=_(
                "Bộ xử lý nền đã dừng đột ngột khi đang chạy: %(names)s. Không có dữ liệu dở dang được lưu; "
                "hãy kiểm tra bộ xử lý nền và chạy lại các việc này."
            )
            % {"names": names},
            url="/admin/django_tasks_db/dbtaskresult/?status__exact=FAILED",
            dedupe_key="lost-tasks:"
            + hashlib.sha256(",".join(sorted(str(r.pk) for r in lost)).encode()).hexdigest()[:64],
        )
    if reschedule:
        schedule_soon(check_lost_tasks)
    return len(lost)


FREQUENT_JOBS = [check_lost_tasks]
