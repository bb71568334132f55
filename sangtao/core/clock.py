"""The date the app reasons with ("what is overdue?", "was it on time?").

Normally today. The demo tells the story of the 2024 seed plan as of mid-March 2024
(SANGTAO_TODAY in the local settings), so that "overdue" and "late" mean what they would have meant
then, instead of everything being two years late. Production never sets it.

`as_of(date)` moves the clock for a block of code (an indicator computed "as at the end of semester I",
a monthly trend): indicator sources that count dated records stop at `today()`, so they read as of that day.
"""

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.utils import timezone

_as_of: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("sangtao_as_of", default=None)


def _fixed() -> datetime.date | None:
    return _as_of.get() or getattr(settings, "SANGTAO_TODAY", None)


def today() -> datetime.date:
    fixed = _fixed()
    return fixed if fixed else timezone.localdate()


def now() -> datetime.datetime:
    """The current moment, on `today()`'s date (the time of day stays real)."""
    real = timezone.localtime()
    fixed = _fixed()
    return real.replace(year=fixed.year, month=fixed.month, day=fixed.day) if fixed else real


@contextlib.contextmanager
def as_of(day: datetime.date):
    """Reason as of `day` inside the block (nested blocks restore the outer day on exit)."""
    token = _as_of.set(day)
    try:
        yield day
    finally:
        _as_of.reset(token)
