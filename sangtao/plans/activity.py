"""When did a unit last record something, in any module? ("schools with no activity this semester")

Beside its INDICATORS and TASK_RECORDS, an app's stats.py may declare `ACTIVITY`: functions
`(unit_ids, start, end) -> {unit_id: last date}` giving, for the units that recorded something of that app
between `start` and `end` (inclusive), the date of the latest record. One query each, whatever the number
of units; the dashboards collect them here, the same way indicators and task records are collected.
Records count by the date they happened (an activity's date, a submission, an acknowledgement), so that
the question can be asked as of a past day (`sangtao.core.clock.as_of`).
"""

import datetime
from collections.abc import Callable, Iterable
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db.models import DateField, DateTimeField, Max, QuerySet
from django.utils import timezone
from django.utils.module_loading import module_has_submodule


@cache
def activity_sources() -> list[Callable]:
    sources = []
    for config in apps.get_app_configs():
        if config.name.startswith("sangtao.") and module_has_submodule(config.module, "stats"):
            sources += getattr(import_module(f"{config.name}.stats"), "ACTIVITY", [])
    return sources


def last_dates(
    qs: QuerySet,
    unit_field: str,
    date_field: str,
    unit_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
) -> dict[int, datetime.date]:
    """The latest `date_field` per `unit_field` in [start, end]: the one query an ACTIVITY function makes."""
    field = qs.model._meta.get_field(date_field)
    if isinstance(field, DateTimeField):
        window = {f"{date_field}__date__range": (start, end)}
    elif isinstance(field, DateField):
        window = {f"{date_field}__range": (start, end)}
    else:  # pragma: no cover - a wrong declaration is a programming error
        raise TypeError(f"{date_field} is not a date")
    rows = (
        qs.filter(**{f"{unit_field}__in": list(unit_ids)}, **window)
        .order_by()
        .values(unit_field)
        .annotate(last=Max(date_field))
        .values_list(unit_field, "last")
    )
    found = {}
    for unit_id, last in rows:
        found[unit_id] = timezone.localdate(last) if isinstance(last, datetime.datetime) else last
    return found


def last_activity(unit_ids: list[int], start: datetime.date, end: datetime.date) -> dict[int, datetime.date]:
    """{unit_id: latest record date in [start, end]} over every app; units with nothing are absent."""
    latest: dict[int, datetime.date] = {}
    if not unit_ids:
        return latest
    for source in activity_sources():
        for unit_id, day in source(unit_ids, start, end).items():
            if day is not None and (unit_id not in latest or day > latest[unit_id]):
                latest[unit_id] = day
    return latest
