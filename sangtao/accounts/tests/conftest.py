import pytest
from django_otp.oath import totp


@pytest.fixture
def totp_code():
    """The code an authenticator app would show right now for `device`."""

    def code(device, *, steps_ahead: int = 0) -> str:
        value = totp(
            device.bin_key, device.step, device.t0 - steps_ahead * device.step, device.digits, device.drift
        )
        return f"{value:0{device.digits}d}"

    return code
