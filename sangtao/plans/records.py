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


# ── Evidence records ("app_label.model:pk") linked to the record itself ──────────────────────────────
#
# Each feature app may also declare in its stats.py a `RECORD_LINKS` dict {"app_label.model": function}:
# `(user, pks) -> {pk: url}` for the records among `pks` that the user may see (one query). The assignment
# page links an evidence record to its page through them; a record the viewer may not see stays plain text.


@cache
def record_link_sources() -> dict[str, Callable]:
    sources: dict[str, Callable] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("sangtao.") and module_has_submodule(config.module, "stats"):
            sources.update(getattr(import_module(f"{config.name}.stats"), "RECORD_LINKS", {}))
    return sources


def record_links(user, refs) -> dict[str, str]:
    """{ref: url} for the evidence references whose record the user may see (one query per kind present)."""
    wanted: dict[str, set[int]] = {}
    for ref in refs:
        kind, _sep, pk = ref.partition(":")
        if pk.isdigit():
            wanted.setdefault(kind, set()).add(int(pk))
    links: dict[str, str] = {}
    sources = record_link_sources()
    for kind, pks in wanted.items():
        if kind in sources:
            links.update({f"{kind}:{pk}": url for pk, url in sources[kind](user, pks).items()})
    return links
