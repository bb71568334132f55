"""Strings of Django itself that its Vietnamese catalogue lacks (Django 6.1).

Naming them here puts them into our own catalogue (locale/vi), which takes precedence over Django's,
so that a Vietnamese page never shows an English word. Never imported: makemessages reads it.
"""

from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO_VI = [
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
]
