"""The warning that a new application resembles an earlier one (novelty within the unit is a legal condition).

Texts are compared by their folded form (no diacritics, lower case), kept by Initiative.save(): titles
by the Jaccard similarity of their words, contents by the Jaccard similarity of their two-word shingles,
common words of every application ("một số biện pháp nâng cao hiệu quả…") left out. The score is
0.4 × title + 0.6 × content, from 0 to 1; the campaign's threshold decides what is worth a warning.
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Initiative, InitiativeAuthor, InitiativeStatus

TITLE_WEIGHT = 0.4
TEXT_WEIGHT = 0.6
# Folded syllables so common in applications that sharing them says nothing about the idea.
STOPWORDS = frozenset(
    """
    va cua cho trong cac nhung mot so de voi tai la o the nay do khi duoc co khong da se dang thi ma nen
    bien phap giai nang cao hieu qua sang kien kinh nghiem viec tu theo ve tren duoi qua nhu rat cung con
    nham giup hon moi tung nhieu it vao ra lam can phai day hoc sinh giao vien truong lop nam
    """.split()
)
WORD = re.compile(r"[a-z0-9]+")


def words(folded: str) -> list[str]:
    return [w for w in WORD.findall(folded or "") if w not in STOPWORDS and len(w) > 1]


def shingles(folded: str, size: int = 2) -> set[tuple[str, ...]]:
    tokens = words(folded)
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class Match:
    initiative: Initiative
    score: float
    title_score: float
    text_score: float
    same_unit: bool = False

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similarity(title_a: str, text_a: str, title_b: str, text_b: str) -> tuple[float, float, float]:
    t = jaccard(set(words(title_a)), set(words(title_b)))
    x = jaccard(shingles(text_a), shingles(text_b))
    return TITLE_WEIGHT * t + TEXT_WEIGHT * x, t, x


def similar_initiatives(
    initiative: Initiative, *, threshold: float | None = None, limit: int = 5
) -> list[Match]:
    """Earlier applications (of any unit, any year) that resemble `initiative`, most similar first.

    Two queries: the folded texts of the candidates, then the few matches with what the page shows.
    """
    if threshold is None:
        threshold = float(initiative.campaign.similarity_threshold)
    before = initiative.submitted_at or initiative.created_at
    rows = (
        Initiative.objects.exclude(pk=initiative.pk)
        .exclude(status__in=[InitiativeStatus.DRAFT, InitiativeStatus.WITHDRAWN])
        .filter(submitted_at__lt=before)
        .values_list("pk", "title_folded", "text_folded")
    )
    title_words = set(words(initiative.title_folded))
    text_shingles = shingles(initiative.text_folded)
    scored = []
    for pk, title, text in rows.iterator(chunk_size=500):
        t = jaccard(title_words, set(words(title)))
        x = jaccard(text_shingles, shingles(text))
        score = TITLE_WEIGHT * t + TEXT_WEIGHT * x
        if score >= threshold:
            scored.append((score, t, x, pk))
    scored.sort(key=lambda row: (-row[0], row[3]))
    top = scored[:limit]
    if not top:
        return []
    found = (
        Initiative.objects.select_related("unit", "campaign__school_year")
        .prefetch_related(Prefetch("authors", queryset=InitiativeAuthor.objects.order_by("order", "id")))
        .in_bulk([pk for *_rest, pk in top])
    )
    matches = []
    for score, t, x, pk in top:
        matches.append(
            Match(
                initiative=found[pk],
                score=round(score, 3),
                title_score=round(t, 3),
                text_score=round(x, 3),
                same_unit=found[pk].unit_id == initiative.unit_id,
            )
        )
    return matches
