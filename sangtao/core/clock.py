"""The date the app reasons with ("what is overdue?", "was it on time?").

Normally today. The demo tells the story of the 2024 seed plan as of mid-March 2024
(SANGTAO_TODAY in the local settings), so that "overdue" and "late" mean what they would have meant
then, instead of everything being two years late. Production never sets it.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def today() -> datetime.date:
    fixed = getattr(settings, "SANGTAO_TODAY", None)
    return fixed if fixed else timezone.localdate()


def now() -> datetime.datetime:
    """The current moment, on `today()`'s date (the time of day stays real)."""
    real = timezone.localtime()
    fixed = getattr(settings, "SANGTAO_TODAY", None)
    return real.replace(year=fixed.year, month=fixed.month, day=fixed.day) if fixed else real
