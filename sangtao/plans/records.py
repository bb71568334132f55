"""The walk from a plan task to the records that prove it (the plan is the spine).

Each feature app may declare, beside its INDICATORS, a `TASK_RECORDS` list in its stats.py: functions
`(user, task) -> list[TaskRecord]` returning the records of that app that serve the task and that the
user may see. The task page collects them here, the same way indicators are collected.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class TaskRecord:
    group: str  # what kind of record, e.g. "Câu lạc bộ", "Khóa bồi dưỡng"
    title: str
    url: str
    unit: str = ""  # the school or organiser it belongs to
    status: str = ""  # a short status label
    date: object = None


@cache
def task_record_sources() -> list[Callable]:
    sources = []
    for config in apps.get_app_configs():
        if config.name.startswith("sangtao.") and module_has_submodule(config.module, "stats"):
            sources += getattr(import_module(f"{config.name}.stats"), "TASK_RECORDS", [])
    return sources


def records_for_task(user, task, *, limit: int = 50) -> list[tuple[str, list[TaskRecord]]]:
    """[(group, records)] for the task page, each group capped at `limit` (one query per source)."""
    grouped: dict[str, list[TaskRecord]] = {}
    for source in task_record_sources():
        for record in source(user, task)[:limit]:
            grouped.setdefault(str(record.group), []).append(record)
    return list(grouped.items())
