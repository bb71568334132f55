"""Writes of the accounts app: notifications, passwords set by an administrator, the second factor."""

from collections.abc import Iterable
from functools import partial

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, PermissionDeniedError

from .models import Notification, User
from .permissions import can_reset_password
from .tasks import send_notification_email

OTP_DEVICE_NAME = "Ứng dụng xác thực"


def notify(
    *, users: Iterable[User], title: str, body: str = "", url: str = "", dedupe_key: str = ""
) -> list[Notification]:
    """Tell each user something in the app and, when they have an address, by e-mail.

    A non-empty `dedupe_key` makes the call idempotent per user: a reminder job can run every day
    without telling the same person the same thing twice.
    """
    recipients = {user.pk: user for user in users if user.is_active}
    with transaction.atomic():
        if dedupe_key and recipients:
            already = Notification.objects.filter(user_id__in=recipients, dedupe_key=dedupe_key)
            for user_id in already.values_list("user_id", flat=True):
                recipients.pop(user_id, None)
        created = [
            Notification.objects.create(user=user, title=title, body=body, url=url, dedupe_key=dedupe_key)
            for user in recipients.values()
        ]
        for notification in created:
            if notification.user.email:
                # After commit: the worker must find the row, and a rolled-back change must not be mailed.
                transaction.on_commit(partial(send_notification_email.enqueue, notification.pk))
    return created


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def user_set_temporary_password(*, actor: User, user: User, password: str) -> User:
    """An administrator gives a user a temporary password; the user must replace it at the next login.

    Also lifts a lock-out: the usual reason for the reset is a user who locked themselves out.
    """
    if not can_reset_password(actor, user):
        raise PermissionDeniedError(_("Bạn không có quyền đặt lại mật khẩu cho người dùng này."))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    # The password itself is kept out of the audit log, so record that it happened and by whom.
    event_record(target=user, actor=actor, action="password_reset")
    axes_reset(username=user.username)
    return user


@transaction.atomic
def user_change_password(*, user: User, password: str) -> User:
    """The user's own change (the form has checked the old password and the validators)."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    return user


@transaction.atomic
def otp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up; the same one on every visit until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=OTP_DEVICE_NAME, confirmed=False)
    return device


def _refuse_if_throttled(device: TOTPDevice) -> None:
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise ApplicationError(_("Bạn đã nhập sai mã nhiều lần. Hãy đợi một lát rồi nhập mã mới."))


def otp_verify(*, user: User, token: str) -> TOTPDevice:
    """Check a code from the user's authenticator; the view then marks the session as verified."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    if device is None:
        raise ApplicationError(_("Bạn chưa thiết lập ứng dụng xác thực."))
    _refuse_if_throttled(device)
    verified = otp_verify_token(user, device.persistent_id, token)
    if verified is None:
        raise ApplicationError(
            _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng.")
        )
    return verified


def otp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a new authenticator with a code it shows; it then replaces any earlier one."""
    if device.user_id != user.pk or device.confirmed:
        raise ApplicationError(_("Thiết bị xác thực này không còn chờ xác nhận. Hãy tải lại trang."))
    _refuse_if_throttled(device)
    # Outside the transaction on purpose: a wrong code must leave its throttling count behind.
    if not device.verify_token(token):
        raise ApplicationError(
            _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng.")
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device
