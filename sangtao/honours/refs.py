"""Evidence references ("app_label.model:pk") turned into labels and links, a fixed number of queries.

Only the kinds that exist today get a label: a recognised initiative and a contest award. Any other
reference (an emulation score, a record of a module still to come) is shown as it was typed.
Public pages link only to public records: the initiatives library and published contest results.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

INITIATIVE = "initiatives.initiative"
AWARD = "contests.award"


@dataclass(frozen=True)
class RefView:
    ref: str
    label: str
    url: str = ""


def _split(ref: str) -> tuple[str, int] | None:
    kind, _sep, pk = ref.partition(":")
    return (kind, int(pk)) if pk.isdigit() else None


def resolve(refs, *, public: bool) -> dict[str, RefView]:
    """{ref: RefView} for every ref given (one query per known kind present)."""
    from sangtao.contests.models import Award, RoundStatus
    from sangtao.initiatives.models import RECOGNISED, Initiative

    wanted: dict[str, set[int]] = {}
    for ref in set(refs):
        parsed = _split(ref)
        if parsed:
            wanted.setdefault(parsed[0], set()).add(parsed[1])
    found: dict[str, RefView] = {}
    if wanted.get(INITIATIVE):
        for ini in Initiative.objects.filter(pk__in=wanted[INITIATIVE]).only("pk", "title", "status"):
            ref = f"{INITIATIVE}:{ini.pk}"
            label = _("Sáng kiến: %(t)s") % {"t": ini.title}
            if public:
                url = reverse("initiatives:library_detail", args=[ini.pk]) if ini.status in RECOGNISED else ""
            else:
                url = reverse("initiatives:detail", args=[ini.pk])
            found[ref] = RefView(ref, label, url)
    if wanted.get(AWARD):
        awards = Award.objects.filter(pk__in=wanted[AWARD]).select_related("entry__round__contest")
        for award in awards:
            ref = f"{AWARD}:{award.pk}"
            round_ = award.entry.round
            label = _("%(a)s — %(c)s") % {"a": award.get_award_display(), "c": round_.contest.name}
            if public:
                url = (
                    reverse("contests:public_results", args=[round_.pk])
                    if round_.status == RoundStatus.PUBLISHED
                    else ""
                )
            else:
                url = reverse("contests:entry", args=[award.entry_id])
            found[ref] = RefView(ref, label, url)
    return {ref: found.get(ref, RefView(ref, ref)) for ref in refs}


def attach(rows, *, public: bool) -> None:
    """Set `evidence` ([RefView]) on each row that has `evidence_refs` (one resolve for all the rows)."""
    rows = list(rows)
    views = resolve([r for row in rows for r in row.evidence_refs], public=public)
    for row in rows:
        # A record that the public may not see is not linked, and a bare ref means nothing to the public.
        row.evidence = [views[r] for r in row.evidence_refs if not public or views[r].url]


def known_record_exists(ref: str) -> bool:
    """False for a reference of a known kind whose record does not exist (a typo); True otherwise."""
    from sangtao.contests.models import Award
    from sangtao.initiatives.models import Initiative

    parsed = _split(ref)
    if parsed is None:
        return False
    kind, pk = parsed
    if kind == INITIATIVE:
        return Initiative.objects.filter(pk=pk).exists()
    if kind == AWARD:
        return Award.objects.filter(pk=pk).exists()
    return True


def candidates_for_unit(unit) -> list[tuple[str, str]]:
    """Records of a school that may back a proposal: its recognised initiatives and its contest awards."""
    from sangtao.contests.models import Award
    from sangtao.initiatives.models import RECOGNISED, Initiative

    choices = [
        (f"{INITIATIVE}:{pk}", _("Sáng kiến: %(t)s") % {"t": title})
        for pk, title in Initiative.objects.filter(unit=unit, status__in=RECOGNISED)
        .order_by("-recognised_on", "-id")
        .values_list("pk", "title")[:100]
    ]
    for award in (
        Award.objects.filter(entry__school=unit)
        .select_related("entry__round__contest")
        .order_by("-entry__round__contest__id", "rank", "id")[:100]
    ):
        choices.append(
            (
                f"{AWARD}:{award.pk}",
                _("%(a)s — %(c)s: %(t)s")
                % {
                    "a": award.get_award_display(),
                    "c": award.entry.round.contest.name,
                    "t": award.entry.title,
                },
            )
        )
    return choices
