"""System administrators must use a second factor (TOTP) before they reach any page but the set-up."""

from django.shortcuts import redirect
from django.urls import reverse

from .models import Role

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class AdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.is_superuser or user.has_role(Role.ADMIN))
            and not user.is_verified()
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return self.get_response(request)
