"""Login and session (ASVS V2/V3) and the security headers of every page (V14.4)."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from sangtao.testing.factories import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def errors(response):
    return response.context["form"].non_field_errors() if response.context else response.content


def test_account_locks_after_five_failures(world, client):
    for _ in range(5):
        assert attempt(client, "teacher_a", "sai-mat-khau").wsgi_request.user.is_anonymous
    response = attempt(client, "teacher_a", PASSWORD)
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert "Mat-khau" not in response.content.decode()


def test_unknown_user_and_wrong_password_get_the_same_message(world, client):
    unknown = attempt(client, "khong-ai-ca", "sai-mat-khau")
    wrong = attempt(client, "teacher_a", "sai-mat-khau")
    assert unknown.status_code == wrong.status_code == 200
    assert list(errors(unknown)) == list(errors(wrong))
    assert "khong-ai-ca" not in str(errors(unknown))


def test_session_key_rotates_at_login(world, client):
    client.get(LOGIN)
    session = client.session
    session["seen"] = True
    session.save()
    before = session.session_key
    response = attempt(client, "teacher_a", PASSWORD)
    assert response.status_code == 302
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_invalidates_the_old_session(world, client):
    attempt(client, "teacher_a", PASSWORD)
    old = client.cookies["sessionid"].value
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=old).exists()
    client.cookies["sessionid"] = old  # an attacker replaying the stolen cookie
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_idle_session_expires(world, client, settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    attempt(client, "teacher_a", PASSWORD)
    client.get(reverse("home"))
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.expire_date <= timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)
    # 31 minutes without a request: the session is gone.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("path", [LOGIN, "/accounts/profile/", "/news/"])
def test_security_headers(world, client_for, path):
    client = client_for("anonymous" if path == LOGIN else "teacher_a")
    first, second = client.get(path), client.get(path)
    csp = first["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert re.search(r"'nonce-([^']+)'", second["Content-Security-Policy"]).group(1) != nonce
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert first["X-Frame-Options"] == "DENY"
    assert first["X-Content-Type-Options"] == "nosniff"
    assert first["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")
    # Every script and style tag of the page carries the nonce (no inline code runs without it).
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", first.content.decode()):
        assert f'nonce="{nonce}"' in tag or "src=" in tag, tag


def test_hsts_with_production_settings(world, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(LOGIN, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_check_deploy_is_clean_with_production_settings():
    root = Path(__file__).resolve().parents[2]
    # A clean production environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this worker's
    # environment (Playwright's sync API), which a real deployment never has.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = inherited | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "kiem-tra-" + "x" * 60,
        "ALLOWED_HOSTS": "sangtao.example.edu.vn",
        "DATABASE_URL": "sqlite:///:memory:",
        "EMAIL_HOST": "smtp.example.edu.vn",
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=root, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    with open(root / "config/settings/production.py", encoding="utf-8") as settings_file:
        production = settings_file.read()
    for setting in (
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
    ):
        assert setting in production
