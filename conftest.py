import pytest
from django.test import Client

from sangtao.testing.personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(world):
    """client_for("principal_a") → a logged-in test client; "anonymous" → a plain one.

    The admin persona has passed its second factor, as an administrator must.
    """

    def make(name: str) -> Client:
        client = Client()
        user = world.persona(name)
        if user is not None:
            client.force_login(user)
            if name == "admin":
                from django_otp.plugins.otp_totp.models import TOTPDevice

                device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
                session = client.session
                session["otp_device_id"] = device.persistent_id
                session.save()
        return client

    return make
