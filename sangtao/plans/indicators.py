"""Indicators: collect the sources each app declares in its stats.py and compute actual against target.

A source returns a value per implementing unit (one query, whatever the number of units); this module
aggregates those values over any part of the tree and by school level. A unit without a value is "no
data", never zero (BRIEF: an indicator without data says so).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from sangtao.orgs.models import OrgUnit, SchoolLevel

from .models import Indicator, IndicatorSource, IndicatorValue, Measure

# A source whose per-unit values are rates (a % saved, a score) aggregates as their mean, not their sum.
AVERAGE = "average"


@dataclass(frozen=True)
class StatSource:
    """What an app contributes: `compute(indicator, unit_ids)` → {unit_id: value} (None: no data)."""

    key: str
    name: str
    measure: str  # Measure.SHARE_OF_UNITS (value 1/0 per unit), Measure.COUNT, or AVERAGE
    compute: Callable[[Indicator, list[int]], dict[int, Decimal | int | None]]
    description: str = ""


@cache
def stat_sources() -> dict[str, StatSource]:
    """Every app's `stats.INDICATORS`, read once: Django's own way of finding per-app modules (like admin.py)."""
    found: dict[str, StatSource] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("sangtao.") and module_has_submodule(config.module, "stats"):
            for source in getattr(import_module(f"{config.name}.stats"), "INDICATORS", []):
                found[source.key] = source
    return found


def source_choices():
    return [("", "—")] + [(key, str(src.name)) for key, src in sorted(stat_sources().items())]


@dataclass
class Aggregate:
    actual: Decimal | None  # percent for shares, a total for counts
    met: int = 0  # units meeting (shares) or reporting (counts)
    reported: int = 0
    expected: int = 0

    @property
    def has_data(self):
        return self.actual is not None


@dataclass
class IndicatorResult:
    indicator: Indicator
    overall: Aggregate
    by_level: dict[str, Aggregate] = field(default_factory=dict)
    # Per managing unit (a ward office, a former district…): the roll-up one level up the tree.
    by_parent: dict[int, Aggregate] = field(default_factory=dict)
    by_unit: dict[int, Decimal | None] = field(default_factory=dict)
    missing_source: bool = False

    @property
    def percent_of_target(self) -> Decimal | None:
        target = self.indicator.target
        if self.overall.actual is None or not target:
            return None
        return (self.overall.actual / target * 100).quantize(Decimal("0.1"))

    @property
    def on_track(self) -> bool | None:
        if self.overall.actual is None or self.indicator.target is None:
            return None
        if self.indicator.direction == "down":
            return self.overall.actual <= self.indicator.target
        return self.overall.actual >= self.indicator.target

    @property
    def no_data_reason(self) -> str:
        if self.missing_source:
            return str(_("Nguồn tính toán “%(k)s” chưa có trong hệ thống.") % {"k": self.indicator.source_key})
        if self.overall.actual is None:
            return str(_("Chưa có số liệu."))
        return ""


def aggregate(measure: str, values: dict[int, Decimal | None], unit_ids: Iterable[int]) -> Aggregate:
    unit_ids = list(unit_ids)
    reported = [values[u] for u in unit_ids if values.get(u) is not None]
    if not unit_ids or not reported:
        return Aggregate(actual=None, expected=len(unit_ids))
    if measure == Measure.SHARE_OF_UNITS:
        met = sum(1 for v in reported if v and v >= 1)
        # Share of all expected units: a unit that has not reported has not (yet) met the target.
        actual = (Decimal(met) * 100 / Decimal(len(unit_ids))).quantize(Decimal("0.1"))
        return Aggregate(actual=actual, met=met, reported=len(reported), expected=len(unit_ids))
    total = sum((Decimal(v) for v in reported), Decimal(0))
    if measure == AVERAGE:
        actual = (total / len(reported)).quantize(Decimal("0.1"))
        return Aggregate(actual=actual, met=len(reported), reported=len(reported), expected=len(unit_ids))
    return Aggregate(actual=total, met=len(reported), reported=len(reported), expected=len(unit_ids))


def indicator_results(
    indicators: list[Indicator], units: list[OrgUnit], computed: dict[int, dict] | None = None
) -> list[IndicatorResult]:
    """Compute every indicator over `units` (the implementing units in scope). Queries: 1 + one per source.

    `computed` ({indicator id: {unit id: value}}, e.g. a snapshot's rows) stands in for the sources of the
    computed indicators it covers; manual values are always read as they are now."""
    manual_ids = [i.pk for i in indicators if i.source == IndicatorSource.MANUAL]
    unit_ids = [u.pk for u in units]
    manual: dict[int, dict[int, Decimal]] = {}
    if manual_ids and unit_ids:
        for ind_id, unit_id, value in IndicatorValue.objects.filter(
            indicator_id__in=manual_ids, unit_id__in=unit_ids
        ).values_list("indicator_id", "unit_id", "value"):
            manual.setdefault(ind_id, {})[unit_id] = value
    results = []
    sources = stat_sources()
    for ind in indicators:
        scoped = [u for u in units if not ind.levels or u.level in ind.levels]
        ids = [u.pk for u in scoped]
        missing = False
        if ind.source == IndicatorSource.MANUAL:
            values = manual.get(ind.pk, {})
            measure = ind.measure
        elif ind.source_key in sources:
            source = sources[ind.source_key]
            if computed is not None and ind.pk in computed:
                values = computed[ind.pk]
            else:
                values = source.compute(ind, ids) if ids else {}
            measure = source.measure
        else:
            values, measure, missing = {}, ind.measure, True
        by_level = {}
        for level in SchoolLevel.values:
            level_ids = [u.pk for u in scoped if u.level == level]
            if level_ids:
                by_level[level] = aggregate(measure, values, level_ids)
        parents: dict[int, list[int]] = {}
        for u in scoped:
            parents.setdefault(u.parent_id, []).append(u.pk)
        by_parent = {pid: aggregate(measure, values, pids) for pid, pids in parents.items()} if len(parents) > 1 else {}
        results.append(IndicatorResult(indicator=ind, overall=aggregate(measure, values, ids), by_level=by_level,
                                       by_parent=by_parent, by_unit={u: values.get(u) for u in ids},
                                       missing_source=missing))
    return results
