"""Background work of the accounts app, run by the django-tasks-db worker (`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils.translation import gettext as _

from .models import Notification


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
