import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from sangtao.testing.personas import build_world


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Every test starts in the default language: a request that switched to English (LocaleMiddleware
    activates it for the thread) must not leak into the next test run by the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
