"""Password rules with Vietnamese messages.

Django 6.1's Vietnamese catalogue still carries the old wording of the minimum-length message, so the
stock validator answers in English on a Vietnamese page; this one says it in Vietnamese (the source
language) and leaves English to our own .po like every other string.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
