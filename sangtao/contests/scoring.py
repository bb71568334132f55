"""The arithmetic of judging, kept apart from the database so that it can be read and tested as it is.

- A judge's total for an entry is Σ points × weight over the round's criteria.
- An entry's score is the mean of its judges' totals, or, when the organiser chooses it, the mean of the
  judges' z-scores rescaled to points: each judge's totals are standardised by that judge's own mean and
  standard deviation (a harsh and a lenient judge then count alike), and the mean z is put back on the
  scale of all the round's totals (grand mean + z × grand standard deviation).
- Entries are ranked per category (1, 2, 2, 4: equal scores share a rank and are flagged as a tie);
  awards are handed out by quota in rank order, and a tie across a quota boundary is flagged for the
  organiser, who decides and records why.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean, pstdev

from .models import AWARD_ORDER, Aggregation

TWO = Decimal("0.01")


def q2(value) -> Decimal:
    return Decimal(str(value)).quantize(TWO, rounding=ROUND_HALF_UP)


def weighted_total(points: dict, criteria: Iterable) -> Decimal:
    """Σ points × weight; `points` is keyed by the criterion id (as a string, the way JSON keeps it)."""
    total = Decimal(0)
    for criterion in criteria:
        value = points.get(str(criterion.pk))
        if value is not None:
            total += Decimal(int(value)) * Decimal(criterion.weight)
    return q2(total)


def max_total(criteria: Iterable) -> Decimal:
    return q2(sum((Decimal(c.max_points) * Decimal(c.weight) for c in criteria), Decimal(0)))


def aggregate(totals: list[tuple[int, int, Decimal]], method: str) -> dict[int, Decimal]:
    """`totals` holds (entry id, judge id, total) of every submitted scoresheet; returns entry id → score."""
    if not totals:
        return {}
    by_entry: dict[int, list[float]] = defaultdict(list)
    if method != Aggregation.ZSCORE:
        for entry_id, _judge_id, total in totals:
            by_entry[entry_id].append(float(total))
        return {entry_id: q2(fmean(values)) for entry_id, values in by_entry.items()}
    by_judge: dict[int, list[float]] = defaultdict(list)
    for _entry_id, judge_id, total in totals:
        by_judge[judge_id].append(float(total))
    # A judge who scored one entry, or gave everyone the same total, tells nothing about their
    # scale: their z is 0 (the entry sits at the round's mean for that judge).
    stats = {j: (fmean(v), pstdev(v)) for j, v in by_judge.items()}
    everything = [float(t) for _e, _j, t in totals]
    grand_mean, grand_sd = fmean(everything), pstdev(everything)
    for entry_id, judge_id, total in totals:
        mean, sd = stats[judge_id]
        by_entry[entry_id].append((float(total) - mean) / sd if sd else 0.0)
    return {entry_id: q2(grand_mean + grand_sd * fmean(zs)) for entry_id, zs in by_entry.items()}


@dataclass
class Ranked:
    entry_id: int
    category_id: int
    score: Decimal
    rank: int = 0
    tie: bool = False  # shares its score with another entry of the category
    award: str = ""  # what the quota gives it
    boundary_tie: bool = False  # tied with an entry that the quota treats differently


@dataclass
class Ranking:
    by_category: dict[int, list[Ranked]] = field(default_factory=dict)

    @property
    def rows(self) -> list[Ranked]:
        return [r for rows in self.by_category.values() for r in rows]

    @property
    def ties(self) -> list[Ranked]:
        return [r for r in self.rows if r.tie]

    @property
    def boundary_ties(self) -> list[Ranked]:
        return [r for r in self.rows if r.boundary_tie]


def rank(scores: dict[int, Decimal], category_of: dict[int, int]) -> Ranking:
    """Competition ranking per category: highest score first; equal scores share the rank."""
    ranking = Ranking()
    grouped: dict[int, list[Ranked]] = defaultdict(list)
    for entry_id, score in scores.items():
        grouped[category_of[entry_id]].append(
            Ranked(entry_id=entry_id, category_id=category_of[entry_id], score=score)
        )
    for category_id, rows in grouped.items():
        # The entry id only makes the order stable; it decides nothing (ties are flagged).
        rows.sort(key=lambda r: (-r.score, r.entry_id))
        for i, row in enumerate(rows):
            if i and row.score == rows[i - 1].score:
                row.rank = rows[i - 1].rank
                row.tie = rows[i - 1].tie = True
            else:
                row.rank = i + 1
        ranking.by_category[category_id] = rows
    return ranking


def allocate(ranking: Ranking, quotas: dict[str, int]) -> Ranking:
    """Give each category's ranked entries the awards of `quotas` (award → count per category), in order."""
    slots = [award for award in AWARD_ORDER for _ in range(quotas.get(award, 0))]
    for rows in ranking.by_category.values():
        for i, row in enumerate(rows):
            row.award = str(slots[i]) if i < len(slots) else ""
        for i, row in enumerate(rows[1:], start=1):
            before = rows[i - 1]
            if row.score == before.score and row.award != before.award:
                row.boundary_tie = before.boundary_tie = True
    return ranking
