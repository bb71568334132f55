import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from sangtao.accounts.forms import AuditFilterForm, LoginForm, OTPTokenForm, TemporaryPasswordForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("123456789012", "Mật khẩu này hoàn toàn là số."),
        ("Mat-khau-10", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."),
        ("password1234", "Mật khẩu này quá phổ biến."),
    ],
)
def test_it_refuses_weak_passwords_in_vietnamese(world, password, message):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, world.teacher_a)

    assert message in caught.value.messages


def test_it_accepts_a_long_uncommon_password(world):
    assert validate_password("Hoa-sua-thom-2024", world.teacher_a) is None


def test_it_refuses_a_password_like_the_user_name(world):
    form = TemporaryPasswordForm(
        world.teacher_a, {"new_password1": "teacher_a_12", "new_password2": "teacher_a_12"}
    )

    assert not form.is_valid()
    assert "Mật khẩu quá giống với" in str(form.errors)


def test_it_explains_a_failed_login_in_vietnamese(world):
    request = RequestFactory().post("/accounts/login/")
    form = LoginForm(request, {"username": "teacher_a", "password": "sai-mat-khau-123"})

    assert not form.is_valid()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in form.non_field_errors()[0]


@pytest.mark.parametrize(
    ("token", "message"), [("12ab56", "chỉ gồm chữ số"), ("123", "gồm 6 chữ số"), ("", "Hãy nhập")]
)
def test_it_refuses_a_malformed_code(token, message):
    form = OTPTokenForm({"token": token})

    assert not form.is_valid()
    assert message in form.errors["token"][0]


def test_it_accepts_a_code_typed_with_a_space():
    form = OTPTokenForm({"token": "123 456"})

    assert form.is_valid()
    assert form.cleaned_data["token"] == "123456"


def test_it_reads_audit_filter_dates_as_day_month_year(world):
    form = AuditFilterForm({"date_from": "05/03/2024", "date_to": "10/03/2024"})

    assert form.is_valid()
    assert (form.cleaned_data["date_from"].day, form.cleaned_data["date_from"].month) == (5, 3)


def test_it_refuses_an_audit_period_that_ends_before_it_starts(world):
    form = AuditFilterForm({"date_from": "10/03/2024", "date_to": "05/03/2024"})

    assert not form.is_valid()
    assert "Ngày kết thúc phải sau" in form.errors["date_to"][0]
