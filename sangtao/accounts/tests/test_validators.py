import pytest
from django.core.exceptions import ValidationError

from sangtao.accounts.validators import MinimumLengthValidator


def test_it_refuses_a_short_password_in_vietnamese():
    with pytest.raises(ValidationError) as caught:
        MinimumLengthValidator(min_length=12).validate("Ngan-12345")

    assert caught.value.messages == ["Mật khẩu quá ngắn: cần ít nhất 12 ký tự."]
    assert caught.value.error_list[0].code == "password_too_short"


def test_it_accepts_a_password_of_the_minimum_length():
    assert MinimumLengthValidator(min_length=12).validate("Du-muoi-hai!") is None


def test_it_explains_the_rule_in_vietnamese():
    assert MinimumLengthValidator(min_length=12).get_help_text() == "Mật khẩu phải có ít nhất 12 ký tự."
