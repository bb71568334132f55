import pytest
from django.test import Client
from django.urls import reverse

from sangtao.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

# A page behind the login policy that nobody builds: a 404 proves the middleware let the request through.
ELSEWHERE = "/khong-co-trang-nay/"


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_it_sends_an_unverified_admin_to_the_otp_page(world):
    response = _signed_in(world.admin).get(ELSEWHERE)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:otp')}?next=%2Fkhong-co-trang-nay%2F"


def test_it_sends_an_unverified_superuser_to_the_otp_page(world):
    response = _signed_in(UserFactory(is_superuser=True)).get(ELSEWHERE)

    assert response.url.startswith(reverse("accounts:otp"))


def test_it_keeps_the_query_string_in_next(world):
    response = _signed_in(world.admin).get(ELSEWHERE, {"a": "1", "b": "2"})

    assert response.url == f"{reverse('accounts:otp')}?next=%2Fkhong-co-trang-nay%2F%3Fa%3D1%26b%3D2"


def test_it_lets_an_unverified_admin_reach_the_second_factor_pages(world):
    assert _signed_in(world.admin).get(reverse("accounts:otp_setup")).status_code == 200


@pytest.mark.parametrize(
    "persona", ["leader", "specialist", "principal_a", "teacher_a", "partner", "observer"]
)
def test_it_lets_a_non_admin_through_without_a_second_factor(client_for, persona):
    assert client_for(persona).get(ELSEWHERE).status_code == 404


def test_it_lets_a_verified_admin_through(client_for):
    assert client_for("admin").get(ELSEWHERE).status_code == 404


def test_it_sends_a_user_with_a_temporary_password_to_change_it(world):
    world.teacher_a.must_change_password = True
    world.teacher_a.save()

    response = _signed_in(world.teacher_a).get(ELSEWHERE)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:password_change')}?next=%2Fkhong-co-trang-nay%2F"


def test_it_keeps_other_account_pages_closed_while_the_password_is_temporary(world):
    world.teacher_a.must_change_password = True
    world.teacher_a.save()

    response = _signed_in(world.teacher_a).get(reverse("accounts:notifications"))

    assert response.url.startswith(reverse("accounts:password_change"))


def test_it_lets_a_user_with_a_temporary_password_reach_the_change_form_and_log_out(world):
    world.teacher_a.must_change_password = True
    world.teacher_a.save()
    client = _signed_in(world.teacher_a)

    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_it_asks_an_admin_with_a_temporary_password_for_the_second_factor_first(world):
    world.admin.must_change_password = True
    world.admin.save()

    response = _signed_in(world.admin).get(ELSEWHERE)

    assert response.url.startswith(reverse("accounts:otp"))


def test_it_leaves_anonymous_visitors_alone(world):
    assert Client().get(ELSEWHERE).status_code == 404


def test_an_unverified_admin_cannot_reach_other_account_pages(world):
    from django.test import Client

    client = Client()
    client.force_login(world.admin)
    for path in ("/accounts/users/", "/accounts/audit/", "/accounts/profile/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/"), path
