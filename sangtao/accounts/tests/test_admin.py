import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sangtao.testing.factories import NotificationFactory, StaffFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(world):
    user = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.mark.parametrize("model", ["user", "staff", "student", "notification"])
def test_it_lists_the_accounts_models_in_the_admin(superuser_client, world, model):
    StaffFactory(unit=world.school_a)
    StudentFactory(unit=world.school_a)
    NotificationFactory(user=world.teacher_a)

    assert superuser_client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


def test_it_edits_a_user_with_the_role_assignments_inline(superuser_client, world):
    response = superuser_client.get(reverse("admin:accounts_user_change", args=[world.specialist.pk]))

    assert response.status_code == 200
    assert "role_assignments-0-role" in response.content.decode()
