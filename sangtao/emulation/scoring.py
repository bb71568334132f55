"""Reading the indicators a scheme's criteria name, and turning values into points and ranks.

A criterion names a source key that another app declares (`sangtao.plans.indicators.stat_sources()`). A
StatSource computes per unit for an Indicator, from which it reads the plan (its year, its periods) and,
for some sources, the task. The scheme evaluates the source through the plan's own Indicator with that
key when there is one, so that the table agrees with the plan's dashboard; otherwise through an unsaved
Indicator of the scheme's plan. A key that is not (or no longer) declared yields no values, and the
criterion says so instead of failing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sangtao.orgs.models import OrgUnit
from sangtao.plans.indicators import StatSource, stat_sources
from sangtao.plans.models import Indicator, IndicatorSource, Plan

from .models import Scheme, SchoolScore


def scheme_units(scheme: Scheme) -> list[OrgUnit]:
    """The khối: open schools and affiliated units of the scheme's levels under the plan's issuing unit."""
    return list(
        OrgUnit.objects.active()
        .schools()
        .within([scheme.plan.issuing_unit])
        .filter(level__in=scheme.levels)
        .order_by("name", "pk")
    )


def plan_indicators_by_key(plan: Plan, keys) -> dict[str, Indicator]:
    """The plan's computed indicator for each key: one without a task first (it measures the whole plan)."""
    found: dict[str, Indicator] = {}
    rows = (
        Indicator.objects.filter(plan=plan, source=IndicatorSource.COMPUTED, source_key__in=list(keys))
        .select_related("task")
        .order_by("task_id", "order", "pk")
    )
    for indicator in rows:
        current = found.get(indicator.source_key)
        if current is None or (current.task_id is not None and indicator.task_id is None):
            found[indicator.source_key] = indicator
    return found


@dataclass
class SourceValues:
    key: str
    source: StatSource | None  # None: the key is not declared (any more)
    indicator: Indicator | None  # the plan's indicator, when the plan has one
    values: dict[int, Decimal | None] = field(default_factory=dict)

    @property
    def missing(self) -> bool:
        return self.source is None


def evaluate_sources(plan: Plan, keys, unit_ids: list[int]) -> dict[str, SourceValues]:
    """Each key's value per unit (queries: 1, plus each source's own, typically one or two)."""
    keys = sorted(set(keys))
    sources = stat_sources()
    indicators = plan_indicators_by_key(plan, keys) if keys else {}
    result = {}
    for key in keys:
        source = sources.get(key)
        indicator = indicators.get(key)
        if source is None:
            result[key] = SourceValues(key=key, source=None, indicator=indicator)
            continue
        probe = indicator or Indicator(
            plan=plan, source=IndicatorSource.COMPUTED, source_key=key, measure=source.measure, levels=[]
        )
        raw = source.compute(probe, unit_ids) if unit_ids else {}
        values = {uid: (None if raw.get(uid) is None else Decimal(str(raw[uid]))) for uid in unit_ids}
        result[key] = SourceValues(key=key, source=source, indicator=indicator, values=values)
    return result


def rank_rows(rows: list[SchoolScore]) -> None:
    """Standard competition ranking on the total ("1, 2, 2, 4"): equal totals share a rank."""
    ordered = sorted(rows, key=lambda r: -r.total)
    previous, rank = None, 0
    for position, row in enumerate(ordered, start=1):
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
