"""Writes of the accounts app: notifications, passwords set by an administrator, the second factor,
and the accounts and role assignments that administrators manage."""

from collections.abc import Iterable
from functools import partial

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.orgs.models import OrgUnit, UnitKind

from .models import Notification, Role, RoleAssignment, User
from .permissions import can_create_users, can_grant_on, can_manage_user, can_reset_password, covers
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
    # A reset usually means the old credentials may be known to someone else: the API token goes too.
    Token.objects.filter(user=user).delete()
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


# Accounts and role assignments managed by administrators


def _clean_account(user: User) -> None:
    user.username = (user.username or "").strip()
    user.full_name = " ".join((user.full_name or "").split())
    user.email = (user.email or "").strip().lower()
    user.phone = (user.phone or "").strip()
    # "An.Nguyen" and "an.nguyen" would be two accounts that people cannot tell apart when signing in.
    if User.objects.filter(username__iexact=user.username).exclude(pk=user.pk).exists():
        raise ValidationError(
            {"username": _("Tên đăng nhập “%(u)s” đã có người dùng.") % {"u": user.username}}
        )
    user.full_clean(exclude=["password", "name_folded", "last_login"])


def _check_home_unit(actor: User, unit: OrgUnit | None) -> None:
    if unit is None:
        raise ValidationError({"unit": _("Hãy chọn đơn vị công tác.")})
    if not can_grant_on(actor, unit):
        raise PermissionDeniedError(
            _("Bạn chỉ có thể đặt người dùng vào đơn vị do mình quản trị; “%(u)s” nằm ngoài phạm vi đó.")
            % {"u": unit}
        )
    if unit.closed_on:
        raise ConflictError(_("Đơn vị “%(u)s” đã giải thể / sáp nhập.") % {"u": unit})


def _check_not_self(actor: User, user: User) -> None:
    if actor.pk == user.pk:
        raise ApplicationError(
            _("Bạn không thể tự vô hiệu hóa tài khoản của mình; hãy nhờ một quản trị hệ thống khác.")
        )


def _forget_roles(user: User) -> None:
    # User.roles is cached per object; the next permission check must see the change.
    user.__dict__.pop("roles", None)


def _role_text(assignment: RoleAssignment) -> str:
    text = f"{assignment.get_role_display()} — {assignment.unit}"
    if assignment.team_id:
        text += f" ({assignment.team})"
    return text


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    unit: OrgUnit | None,
    password: str,
    email: str = "",
    phone: str = "",
    is_active: bool = True,
) -> User:
    """A new account in a unit the actor administers, with a temporary password to change at first login."""
    if not can_create_users(actor):
        raise PermissionDeniedError(_("Bạn không có quyền tạo người dùng."))
    _check_home_unit(actor, unit)
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        unit=unit,
        is_active=is_active,
        must_change_password=True,
    )
    _clean_account(user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    event_record(
        target=user,
        actor=actor,
        action="create",
        to_status="active" if is_active else "inactive",
        reason=str(unit),
    )
    return user


# What an administrator may change on the account page (never is_superuser, is_staff or the password).
EDITABLE_USER_FIELDS = ("username", "full_name", "email", "phone", "unit", "is_active")


@transaction.atomic
def user_update(*, actor: User, user: User, **changes) -> User:
    unknown = set(changes) - set(EDITABLE_USER_FIELDS)
    if unknown:
        raise TypeError(f"user_update() cannot change {sorted(unknown)}")
    if not can_manage_user(actor, user):
        raise PermissionDeniedError(_("Bạn không có quyền sửa tài khoản này."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if "unit" in changes and changes["unit"] != user.unit:
        _check_home_unit(actor, changes["unit"])
    was_active = user.is_active
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    if "is_active" in changed and not changes["is_active"]:
        _check_not_self(actor, user)
    for name, value in changes.items():
        setattr(user, name, value)
    _clean_account(user)
    user.save()
    details = [name for name in changed if name != "is_active"]
    if details:
        labels = [str(User._meta.get_field(name).verbose_name) for name in details]
        event_record(target=user, actor=actor, action="update", reason=", ".join(labels))
    if user.is_active != was_active:
        event_record(
            target=user,
            actor=actor,
            action="activate" if user.is_active else "deactivate",
            from_status="active" if was_active else "inactive",
            to_status="active" if user.is_active else "inactive",
        )
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User, reason: str = "") -> User:
    """Accounts are never deleted (their records and the audit trail point at them); they stop signing in."""
    if not can_manage_user(actor, user):
        raise PermissionDeniedError(_("Bạn không có quyền vô hiệu hóa tài khoản này."))
    _check_not_self(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ConflictError(_("Tài khoản này đã bị vô hiệu hóa."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    event_record(
        target=user,
        actor=actor,
        action="deactivate",
        from_status="active",
        to_status="inactive",
        reason=reason,
    )
    return user


@transaction.atomic
def role_grant(
    *, actor: User, user: User, role: str, unit: OrgUnit, team: OrgUnit | None = None
) -> RoleAssignment:
    """Give `user` a role over `unit` and everything below it; a specialist also names their team."""
    if not can_manage_user(actor, user):
        raise PermissionDeniedError(_("Bạn không có quyền phân quyền cho người dùng này."))
    if role not in Role.values:
        raise ApplicationError(_("Vai trò không hợp lệ."))
    if not can_grant_on(actor, unit):
        if role == Role.ADMIN:
            raise PermissionDeniedError(
                _("Chỉ quản trị hệ thống của “%(u)s” mới giao được vai trò quản trị tại đơn vị này.")
                % {"u": unit}
            )
        raise PermissionDeniedError(
            _("Bạn không thể phân quyền tại “%(u)s”: đơn vị này nằm ngoài phạm vi bạn quản trị.")
            % {"u": unit}
        )
    if unit.closed_on:
        raise ConflictError(_("Đơn vị “%(u)s” đã giải thể / sáp nhập.") % {"u": unit})
    if role == Role.SPECIALIST:
        if team is None:
            raise ValidationError({"team": _("Chuyên viên phải thuộc một tổ / bộ phận.")})
        if team.kind != UnitKind.TEAM or not covers(unit, team):
            raise ValidationError({"team": _("Hãy chọn một tổ / bộ phận thuộc “%(u)s”.") % {"u": unit}})
    elif team is not None:
        raise ValidationError({"team": _("Chỉ vai trò chuyên viên mới gắn với tổ / bộ phận.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ConflictError(_("Tài khoản đang bị vô hiệu hóa; hãy kích hoạt lại trước khi phân quyền."))
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ConflictError(
            _("%(user)s đã có vai trò “%(role)s” tại “%(unit)s”.")
            % {"user": user, "role": Role(role).label, "unit": unit}
        )
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit, team=team)
    _forget_roles(user)
    event_record(target=user, actor=actor, action="role_grant", reason=_role_text(assignment))
    notify(
        users=[user],
        title=_("Bạn được giao vai trò “%(role)s” tại %(unit)s")
        % {"role": assignment.get_role_display(), "unit": unit},
        body=_("Người giao: %(actor)s.") % {"actor": actor.get_full_name()},
        url=reverse("accounts:profile"),
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    user = assignment.user
    if not can_manage_user(actor, user) or not can_grant_on(actor, assignment.unit):
        raise PermissionDeniedError(_("Bạn không có quyền gỡ vai trò này."))
    if assignment.role == Role.ADMIN and user.pk == actor.pk:
        # Locked: two removals of the same person's admin roles at once must not each see the other left.
        admin_roles = list(RoleAssignment.objects.select_for_update().filter(user=user, role=Role.ADMIN))
        if len(admin_roles) <= 1:
            raise ApplicationError(
                _(
                    "Bạn không thể gỡ vai trò quản trị cuối cùng của chính mình: bạn sẽ mất quyền quản trị. "
                    "Hãy nhờ một quản trị hệ thống khác."
                )
            )
    text = _role_text(assignment)
    assignment.delete()
    _forget_roles(user)
    event_record(target=user, actor=actor, action="role_revoke", reason=text)
