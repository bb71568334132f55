"""Pages of the accounts app: sign-in, profile, passwords, the second factor, notifications, audit log,
and the users and role assignments that administrators manage."""

from base64 import b32encode
from functools import wraps
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangtao.core import xlsx
from sangtao.core.exceptions import ApplicationError

from . import selectors, services, student_data
from .demo import DEMO_ACCOUNTS
from .forms import (
    ACTION_LABELS,
    AuditFilterForm,
    LoginForm,
    OTPTokenForm,
    PasswordChangeForm,
    RoleGrantForm,
    TemporaryPasswordForm,
    UserCreateForm,
    UserDeactivateForm,
    UserFilterForm,
    UserForm,
)
from .permissions import (
    can_create_users,
    can_list_users,
    can_manage_user,
    can_read_audit,
    can_reset_password,
    is_admin,
)

NOTIFICATIONS_PER_PAGE = 20
AUDIT_PER_PAGE = 50
USERS_PER_PAGE = 50


def _next_url(request, default: str) -> str:
    """The ?next= target when it stays on this site, else `default` (no open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.SANGTAO_DEMO:
            context["demo_accounts"] = DEMO_ACCOUNTS
            context["demo_password"] = settings.SANGTAO_DEMO_PASSWORD
        return context


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {"roles": request.user.roles, "has_device": selectors.has_confirmed_device(request.user)},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        user = services.user_change_password(
            user=self.request.user, password=form.cleaned_data["new_password1"]
        )
        # Keep this session signed in; every other session of the user ends with the old password.
        update_session_auth_hash(self.request, user)
        return redirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def otp(request):
    """The second factor: asked of administrators by AdminSecondFactorMiddleware, with ?next=."""
    user = request.user
    next_url = _next_url(request, settings.LOGIN_REDIRECT_URL)
    if user.is_verified():
        return redirect(next_url)
    if not selectors.has_confirmed_device(user):
        return redirect(_with_next("accounts:otp_setup", next_url))
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.otp_verify(user=user, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            form.add_error("token", exc.message)
        else:
            django_otp.login(request, device)
            return redirect(next_url)
    return render(request, "accounts/otp.html", {"form": form, "next": next_url})


def _qr_svg(data: str) -> str:
    # Drawn here, not by a third-party site: the secret must never leave the server.
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 — our own generated SVG


@login_required
def otp_setup(request):
    user = request.user
    next_url = _next_url(request, "accounts:profile")
    if selectors.has_confirmed_device(user) and not user.is_verified():
        # Someone holding only the password must not replace the authenticator already in use.
        return redirect(_with_next("accounts:otp", _with_next("accounts:otp_setup", next_url)))
    device = services.otp_device_start(user=user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_device_confirm(user=user, device=device, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            form.add_error("token", exc.message)
        else:
            django_otp.login(request, device)
            messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản của bạn."))
            return redirect(next_url)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": _qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@login_required
def notifications(request):
    page = Paginator(selectors.notifications_for(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = selectors.get_notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification)
    if (
        request.POST.get("open")
        and notification.url
        and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    ):
        return redirect(notification.url)
    return redirect(_next_url(request, "accounts:notifications"))


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect(_next_url(request, "accounts:notifications"))


def _change_rows(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) for display; field names become their Vietnamese labels."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for field, change in (entry.changes_dict or {}).items():
        try:
            label = str(getattr(model._meta.get_field(field), "verbose_name", field)) if model else field
        except FieldDoesNotExist:
            label = field
        if isinstance(change, list | tuple) and len(change) == 2:
            before, after = change
        else:  # many-to-many changes are logged as a description of the operation
            before, after = "", change
        rows.append((label, _shorten(before), _shorten(after)))
    return rows


def _changes_text(entry) -> str:
    return "; ".join(
        f"{label}: {before} → {after}" if before else f"{label}: {after}"
        for label, before, after in _change_rows(entry)
    )


AUDIT_COLUMNS = [
    xlsx.Column(gettext_lazy("Thời điểm"), "timestamp", width=20),
    xlsx.Column(
        gettext_lazy("Người thực hiện"),
        "actor",
        getter=lambda e: e.actor.get_full_name() if e.actor else "",
        width=28,
    ),
    xlsx.Column(
        gettext_lazy("Thao tác"),
        "action",
        getter=lambda e: ACTION_LABELS.get(e.action, e.get_action_display()),
        width=14,
    ),
    xlsx.Column(
        gettext_lazy("Loại dữ liệu"),
        "content_type",
        getter=lambda e: (
            str(e.content_type.model_class()._meta.verbose_name)
            if e.content_type_id and e.content_type.model_class()
            else ""
        ),
        width=24,
    ),
    xlsx.Column(gettext_lazy("Bản ghi"), "object_repr", width=40),
    xlsx.Column(gettext_lazy("Thay đổi"), "changes", getter=_changes_text, width=80),
]


def _shorten(value, limit: int = 120) -> str:
    text = "" if value in (None, "None") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@login_required
def audit(request):
    if not can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if request.GET.get("format") == "xlsx":
        entries = selectors.audit_entries(request.user, filters).iterator(chunk_size=500)
        return xlsx.xlsx_response(
            xlsx.export_rows(AUDIT_COLUMNS, entries, title=_("Nhật ký")), "nhat-ky.xlsx"
        )
    page = Paginator(selectors.audit_entries(request.user, filters), AUDIT_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "entry": entry,
            "action": ACTION_LABELS.get(entry.action, entry.get_action_display()),
            "changes": _change_rows(entry),
            "access": student_data.access_label(entry) if entry.action == LogEntry.Action.ACCESS else "",
        }
        for entry in page
    ]
    return render(request, "accounts/audit.html", {"form": form, "page": page, "rows": rows})


def _second_factor(view):
    """The login policy lets /accounts/ through before the second factor, for the sign-in pages themselves.

    Managing accounts is not one of those pages: an administrator must have passed the second factor.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_admin(request.user) and not request.user.is_verified():
            return redirect(_with_next("accounts:otp", request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@_second_factor
def user_password_reset(request, pk: int):
    if not is_admin(request.user):
        raise PermissionDenied
    target = selectors.get_user_for_admin(request.user, pk)
    if not can_reset_password(request.user, target):
        raise PermissionDenied
    form = TemporaryPasswordForm(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_temporary_password(
                actor=request.user, user=target, password=form.cleaned_data["new_password1"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã đặt mật khẩu tạm thời cho %(name)s. Người này phải đổi mật khẩu ở lần đăng nhập tới.")
                % {"name": target.get_full_name()},
            )
            return redirect("accounts:user_password_reset", pk=target.pk)
    return render(request, "accounts/user_password_reset.html", {"form": form, "target": target})


# Users and their role assignments

EVENT_LABELS = {
    "create": gettext_lazy("Tạo tài khoản"),
    "update": gettext_lazy("Sửa thông tin"),
    "activate": gettext_lazy("Kích hoạt lại"),
    "deactivate": gettext_lazy("Vô hiệu hóa"),
    "role_grant": gettext_lazy("Giao vai trò"),
    "role_revoke": gettext_lazy("Gỡ vai trò"),
    "password_reset": gettext_lazy("Đặt lại mật khẩu"),
}


def _roles_text(user) -> str:
    return "; ".join(
        f"{ra.get_role_display()} — {ra.unit}" + (f" ({ra.team})" if ra.team_id else "")
        for ra in user.assignments
    )


USER_COLUMNS = [
    xlsx.Column(gettext_lazy("Tên đăng nhập"), "username", width=20),
    xlsx.Column(gettext_lazy("Họ và tên"), "full_name", width=28),
    xlsx.Column(gettext_lazy("Thư điện tử"), "email", width=28),
    xlsx.Column(gettext_lazy("Điện thoại"), "phone", width=14),
    xlsx.Column(gettext_lazy("Đơn vị công tác"), "unit.name", width=36),
    xlsx.Column(gettext_lazy("Vai trò"), "assignments", getter=_roles_text, width=50),
    xlsx.Column(gettext_lazy("Đang hoạt động"), "is_active", width=14),
    xlsx.Column(gettext_lazy("Phải đổi mật khẩu"), "must_change_password", width=16),
    xlsx.Column(
        gettext_lazy("Đăng nhập lần cuối"),
        "last_login",
        formatter=lambda value: timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "",
        width=18,
    ),
]


def _put_error_on_form(form, exc) -> None:
    """A service's refusal goes on the form, so that what was typed stays on the page."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
    else:
        form.add_error(None, exc.message)


def _user_filter_form(request) -> UserFilterForm:
    return UserFilterForm(request.GET or None, units=selectors.user_reader_units(request.user))


@login_required
@_second_factor
@require_GET
def user_list(request):
    if not can_list_users(request.user):
        raise PermissionDenied
    form = _user_filter_form(request)
    users = selectors.users_for(request.user, **form.filters())
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/users/list.html",
        {"form": form, "page": page, "can_create": can_create_users(request.user)},
    )


@login_required
@_second_factor
@require_GET
def user_export(request):
    if not can_list_users(request.user):
        raise PermissionDenied
    users = selectors.users_for(request.user, **_user_filter_form(request).filters())
    fileobj = xlsx.export_rows(USER_COLUMNS, users.iterator(chunk_size=500), title=_("Người dùng"))
    return xlsx.xlsx_response(fileobj, "nguoi-dung.xlsx")


@login_required
@_second_factor
@require_http_methods(["GET", "POST"])
def user_create(request):
    if not can_create_users(request.user):
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, units=selectors.user_admin_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                actor=request.user, password=form.cleaned_data["password1"], **form.service_kwargs()
            )
        except (ValidationError, ApplicationError) as exc:
            _put_error_on_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Đã tạo tài khoản %(name)s. Hãy báo mật khẩu tạm thời cho người dùng qua kênh an toàn, "
                    "rồi giao vai trò bên dưới."
                )
                % {"name": user.get_full_name()},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/users/form.html", {"form": form})


def _render_user(request, target, *, user_form=None, role_form=None):
    """The account page: details and roles for every reader, the forms for those who may manage it."""
    actor = request.user
    can_manage = can_manage_user(actor, target)
    if can_manage:
        units = selectors.user_admin_units(actor)
        if user_form is None:
            user_form = UserForm(initial=UserForm.initial_for(target), units=units)
        if role_form is None:
            role_form = RoleGrantForm(units=units, teams=selectors.user_admin_teams(actor))
    audit_url = ""
    if can_read_audit(actor):
        audit_url = f"{reverse('accounts:audit')}?{urlencode({'q': str(target)})}"
    events = [
        (event, EVENT_LABELS.get(event.action, event.action)) for event in selectors.user_events(target)
    ]
    return render(
        request,
        "accounts/users/detail.html",
        {
            "target": target,
            "assignments": target.assignments,
            "can_manage": can_manage,
            "can_reset": can_reset_password(actor, target),
            "is_self": actor.pk == target.pk,
            "audit_url": audit_url,
            "user_form": user_form if can_manage else None,
            "role_form": role_form if can_manage else None,
            "events": events,
        },
    )


@login_required
@_second_factor
@require_http_methods(["GET", "POST"])
def user_detail(request, pk: int):
    if not can_list_users(request.user):
        raise PermissionDenied
    target = selectors.get_account_for_user(request.user, pk)
    if request.method != "POST":
        return _render_user(request, target)
    if not can_manage_user(request.user, target):
        raise PermissionDenied
    form = UserForm(request.POST, units=selectors.user_admin_units(request.user))
    if form.is_valid():
        try:
            services.user_update(actor=request.user, user=target, **form.service_kwargs())
        except (ValidationError, ApplicationError) as exc:
            _put_error_on_form(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("accounts:user_detail", pk=target.pk)
    return _render_user(request, target, user_form=form)


def _managed_user(request, pk: int):
    """The account an administrator is about to change: 403 for non-admins, 404 outside their units."""
    if not is_admin(request.user):
        raise PermissionDenied
    target = selectors.get_account_for_user(request.user, pk)
    if not can_manage_user(request.user, target):
        raise PermissionDenied
    return target


@login_required
@_second_factor
@require_POST
def user_role_add(request, pk: int):
    target = _managed_user(request, pk)
    form = RoleGrantForm(
        request.POST,
        units=selectors.user_admin_units(request.user),
        teams=selectors.user_admin_teams(request.user),
    )
    if form.is_valid():
        try:
            assignment = services.role_grant(actor=request.user, user=target, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _put_error_on_form(form, exc)
        else:
            messages.success(
                request,
                _("Đã giao vai trò “%(role)s” tại %(unit)s; người dùng đã được thông báo.")
                % {"role": assignment.get_role_display(), "unit": assignment.unit},
            )
            return redirect("accounts:user_detail", pk=target.pk)
    return _render_user(request, target, role_form=form)


@login_required
@_second_factor
@require_POST
def user_role_remove(request, pk: int, role_pk: int):
    target = _managed_user(request, pk)
    assignment = selectors.get_role_assignment_for_user(request.user, target, role_pk)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã gỡ vai trò “%(role)s” tại %(unit)s.")
            % {"role": assignment.get_role_display(), "unit": assignment.unit},
        )
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@_second_factor
@require_POST
def user_deactivate(request, pk: int):
    target = _managed_user(request, pk)
    form = UserDeactivateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.user_deactivate(actor=request.user, user=target, reason=reason)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã vô hiệu hóa tài khoản %(name)s; tài khoản không đăng nhập được nữa.")
            % {"name": target.get_full_name()},
        )
    return redirect("accounts:user_detail", pk=target.pk)
