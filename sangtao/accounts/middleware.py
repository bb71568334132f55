"""Login policy applied to every request of a signed-in user.

System administrators must use a second factor (TOTP) before they reach any page but the set-up, and
a user given a temporary password by an administrator must replace it before doing anything else.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .models import Role

ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/", "/jsi18n/")
# Before the second factor an administrator reaches only what it takes to pass it (or to leave).
SECOND_FACTOR_URL_NAMES = ("accounts:login", "accounts:logout", "accounts:otp", "accounts:otp_setup")
# While the password is temporary only these stay open (plus the second factor, which comes first).
PASSWORD_CHANGE_URL_NAMES = (
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:logout",
    "accounts:otp",
    "accounts:otp_setup",
)
PASSWORD_CHANGE_PREFIXES = ("/static/", "/healthz", "/i18n/")


def _redirect_with_next(url_name, request):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


class AdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if (
            (user.is_superuser or user.has_role(Role.ADMIN))
            and not user.is_verified()
            and not request.path.startswith(ALLOWED_PREFIXES)
            and request.path not in {reverse(name) for name in SECOND_FACTOR_URL_NAMES}
        ):
            return _redirect_with_next("accounts:otp", request)
        if (
            user.must_change_password
            and not request.path.startswith(PASSWORD_CHANGE_PREFIXES)
            and request.path not in {reverse(name) for name in PASSWORD_CHANGE_URL_NAMES}
        ):
            return _redirect_with_next("accounts:password_change", request)
        return self.get_response(request)
