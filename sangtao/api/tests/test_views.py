"""The API's own endpoints: the token (with the login lock-out), the current user, the documentation."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django_otp.oath import totp
from rest_framework.authtoken.models import Token

from sangtao.testing.factories import PASSWORD, TOTPDeviceFactory

TOKEN_URL = "/api/v1/auth/token/"


def ask_token(client, username, password=PASSWORD, **extra):
    return client.post(
        TOKEN_URL, {"username": username, "password": password, **extra}, content_type="application/json"
    )


def code_for(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


# ── Token ──────────────────────────────────────────────────────────────────────────────────────────


def test_it_gives_a_token_that_authenticates(client_for, world):
    client = client_for("anonymous")
    response = ask_token(client, "principal_a")
    token = response.json()["token"]
    assert response.status_code == 200 and token == Token.objects.get(user=world.principal_a).key
    me = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200 and me.json()["username"] == "principal_a"


def test_it_gives_the_same_token_twice(client_for, world):
    client = client_for("anonymous")
    assert ask_token(client, "principal_a").json() == ask_token(client, "principal_a").json()


def test_it_rejects_a_wrong_password_in_vietnamese(client_for, world):
    response = ask_token(client_for("anonymous"), "principal_a", "sai-mat-khau")
    assert response.status_code == 400 and response.json() == {
        "detail": "Tên đăng nhập hoặc mật khẩu không đúng."
    }


def test_it_rejects_a_missing_password_in_vietnamese(client_for, world):
    response = client_for("anonymous").post(
        TOKEN_URL, {"username": "principal_a"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"] == "password: Trường này là bắt buộc."


def test_it_locks_out_after_five_failures_like_the_login_page(client_for, world):
    client = client_for("anonymous")
    for _ in range(5):
        ask_token(client, "principal_a", "sai-mat-khau")
    response = ask_token(client, "principal_a")
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Tài khoản tạm bị khóa")
    assert not Token.objects.filter(user=world.principal_a).exists()


def test_it_rejects_an_invalid_token_in_vietnamese(client_for, world):
    response = client_for("anonymous").get(reverse("api:me"), HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert response.status_code == 401
    assert response.json() == {"detail": "Token hoặc thông tin đăng nhập không hợp lệ."}


def test_an_administrator_needs_the_second_factor_for_a_token(client_for, world):
    TOTPDeviceFactory(user=world.admin)
    response = ask_token(client_for("anonymous"), "admin")
    assert response.status_code == 403 and "otp_token" in response.json()["detail"]
    assert not Token.objects.filter(user=world.admin).exists()


def test_an_administrator_gets_a_token_with_a_valid_code(client_for, world):
    device = TOTPDeviceFactory(user=world.admin)
    assert ask_token(client_for("anonymous"), "admin", otp_token=code_for(device)).status_code == 200


def test_an_administrator_with_a_wrong_code_gets_no_token(client_for, world):
    device = TOTPDeviceFactory(user=world.admin)
    wrong = f"{(int(code_for(device)) + 500000) % 1000000:06d}"
    response = ask_token(client_for("anonymous"), "admin", otp_token=wrong)
    assert response.status_code == 400 and not Token.objects.filter(user=world.admin).exists()


def test_a_temporary_password_must_be_changed_before_a_token(client_for, world):
    world.teacher_a.must_change_password = True
    world.teacher_a.save()
    response = ask_token(client_for("anonymous"), "teacher_a")
    assert response.status_code == 403 and "mật khẩu tạm thời" in response.json()["detail"]


# ── Me ─────────────────────────────────────────────────────────────────────────────────────────────


def test_me_gives_the_user_the_unit_and_the_roles(client_for, world):
    body = client_for("specialist").get(reverse("api:me")).json()
    assert body["username"] == "specialist" and body["unit"]["id"] == world.team_pt.pk and body["is_office"]
    assert body["roles"] == [
        {
            "role": "specialist",
            "role_label": "Chuyên viên",
            "unit": {
                "id": world.office.pk,
                "code": "PGD",
                "name": world.office.name,
                "short_name": "Phòng GD&ĐT",
                "kind": "authority",
                "level": "",
            },
            "team": {
                "id": world.team_pt.pk,
                "code": "TPT",
                "name": "Tổ Phổ thông",
                "short_name": "",
                "kind": "team",
                "level": "",
            },
        }
    ]


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("principal_b", "principal"),
        ("observer", "observer"),
        ("partner", "partner"),
        ("teacher_a", "teacher"),
    ],
)
def test_me_answers_every_persona(client_for, persona, role):
    body = client_for(persona).get(reverse("api:me")).json()
    assert [r["role"] for r in body["roles"]] == [role] and body["is_office"] is False


def test_me_needs_a_login(client_for, world):
    assert client_for("anonymous").get(reverse("api:me")).status_code == 401


# ── Documentation ──────────────────────────────────────────────────────────────────────────────────


def test_anonymous_reads_the_docs_with_scripts_allowed_by_the_csp_nonce(client_for, world):
    response = client_for("anonymous").get(reverse("api:docs"))
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
    assert response.status_code == 200 and len(inline) == 2
    assert all(f'nonce="{nonce}"' in attrs for _tag, attrs in inline)


def test_the_docs_use_our_own_static_files_not_a_cdn(client_for, world):
    html = client_for("anonymous").get(reverse("api:docs")).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) == 4 and all(a.startswith("/static/drf_spectacular_sidecar/") for a in assets)
    assert all(finders.find(a.removeprefix("/static/")) for a in assets)


def test_anonymous_reads_the_openapi_json(client_for, world):
    response = client_for("anonymous").get(reverse("api:schema"))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.oai.openapi+json"
    )
    assert (
        response.json()["openapi"].startswith("3.")
        and "/api/v1/assignments/{id}/submit/" in response.json()["paths"]
    )
