"""Reads of the honours app: each takes the user and keeps to the user's units (STYLE 3)."""

from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import User
from sangtao.core.events import events_for
from sangtao.core.text import folded_search

from . import permissions as hperms
from . import refs as hrefs
from .models import (
    Commendation,
    CommendationStatus,
    HonourLevel,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RecipientKind,
)

# Highest level first on the honour roll and in the decision annex.
LEVEL_ORDER = Case(
    *[When(level_code=level, then=Value(i)) for i, level in enumerate(reversed(HonourLevel.values))],
    output_field=IntegerField(),
)


def _commendation_qs():
    return Commendation.objects.select_related("unit", "staff", "student__contest_consent")


def commendations_for_user(
    user: User,
    *,
    year: int | None = None,
    level: str = "",
    kind: str = "",
    title: str = "",
    status: str = "",
    unit_id: int | None = None,
    q: str = "",
):
    """Commendations of the units in the user's scope (a school sees its own; the office everything below it)."""
    qs = _commendation_qs().filter(perms.scope_q(user))
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level_code=level)
    if kind:
        qs = qs.filter(kind=kind)
    if title:
        qs = qs.filter(title=title)
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if q:
        qs = qs.filter(folded_search("name", q))
    return qs.order_by("-decision_date", "decision_number", "unit__path", "id")


def get_commendation_for_user(user: User, pk: int) -> Commendation:
    commendation = commendations_for_user(user).filter(pk=pk).first()
    if commendation is None:
        raise Http404
    return commendation


def annex_rows(user: User, *, year: int):
    """A year's commendations in force as a decision's annex lists them: by level, title, unit, name."""
    return (
        commendations_for_user(user, year=year, status=CommendationStatus.IN_FORCE)
        .annotate(level_rank=LEVEL_ORDER)
        .order_by("level_rank", "title", "kind", "unit__path", "collective_name", "staff__full_name", "id")
    )


def years_for_user(user: User) -> list[int]:
    years = set(
        Commendation.objects.filter(perms.scope_q(user)).order_by().values_list("year", flat=True).distinct()
    )
    years |= set(
        Proposal.objects.filter(perms.scope_q(user, "unit", *hperms.PROPOSAL_READERS))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def year_summary(user: User, *, year: int) -> dict:
    """Counts for the year's page: commendations in force by kind and by level (one query)."""
    rows = (
        commendations_for_user(user, year=year, status=CommendationStatus.IN_FORCE)
        .order_by()
        .values("kind", "level_code")
        .annotate(n=Count("pk"))
    )
    by_kind = dict.fromkeys(RecipientKind.values, 0)
    by_level = dict.fromkeys(HonourLevel.values, 0)
    for row in rows:
        by_kind[row["kind"]] += row["n"]
        by_level[row["level_code"]] += row["n"]
    return {
        "individuals": by_kind[RecipientKind.INDIVIDUAL],
        "collectives": by_kind[RecipientKind.COLLECTIVE],
        "by_level": [(HonourLevel(k).label, v) for k, v in by_level.items() if v],
    }


def name_for(user, row) -> str:
    """A student's full name for those who read the school's student registry; initials for anyone else."""
    from sangtao.contests.selectors import initials

    if row.student_id and not hperms.can_see_student_names(user, row.unit):
        return initials(row.student.full_name)
    return row.recipient_label()


def label_rows(user, rows, *, with_evidence: bool = True) -> list:
    rows = list(rows)
    for row in rows:
        row.display_name = name_for(user, row)
    if with_evidence:
        hrefs.attach(rows, public=False)
    return rows


def timeline(target) -> list:
    actions = {
        "create": _("Tạo"),
        "import": _("Nhập từ tệp Excel"),
        "revoke": _("Thu hồi"),
        "submit": _("Gửi Phòng"),
        "approve": _("Duyệt, khen thưởng"),
        "return": _("Trả lại"),
    }
    labels = dict(ProposalStatus.choices) | dict(CommendationStatus.choices)
    events = list(events_for(target))
    for ev in events:
        ev.action_label = actions.get(ev.action, ev.action)
        ev.from_label = labels.get(ev.from_status, ev.from_status)
        ev.to_label = labels.get(ev.to_status, ev.to_status)
    return events


# ── Proposals ───────────────────────────────────────────────────────────────────────────────────────


def proposals_for_user(user: User, *, year: int | None = None, status: str = "", unit_id: int | None = None):
    qs = Proposal.objects.filter(perms.scope_q(user, "unit", *hperms.PROPOSAL_READERS)).select_related("unit")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    # An aggregate drops Meta.ordering: order explicitly, so that pages never repeat or skip rows.
    return qs.annotate(item_count=Count("items")).order_by("-year", "status", "-submitted_at", "-id")


def get_proposal_for_user(user: User, pk: int) -> Proposal:
    proposal = Proposal.objects.filter(perms.scope_q(user, "unit", *hperms.PROPOSAL_READERS)).filter(pk=pk)
    proposal = proposal.select_related("unit").first()
    if proposal is None:
        raise Http404
    return proposal


def proposal_items(user: User, proposal: Proposal) -> list[ProposalItem]:
    items = proposal.items.select_related("unit", "staff", "student", "commendation").order_by("kind", "id")
    return label_rows(user, items)


def proposal_counts(user: User, *, year: int) -> dict:
    rows = (
        Proposal.objects.filter(perms.scope_q(user, "unit", *hperms.PROPOSAL_READERS), year=year)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(ProposalStatus.values, 0)
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


# ── The public honour roll ──────────────────────────────────────────────────────────────────────────


def public_years() -> list[int]:
    return list(
        Commendation.objects.filter(status=CommendationStatus.IN_FORCE)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def public_roll(*, year: int, kind: str = ""):
    """What the public sees of a year: commendations in force, highest level first."""
    qs = _commendation_qs().filter(year=year, status=CommendationStatus.IN_FORCE)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(level_rank=LEVEL_ORDER).order_by(
        "level_rank", "title", "unit__path", "collective_name", "staff__full_name", "id"
    )


def public_rows(rows) -> list:
    """Names as the public may see them: a student's only with recorded consent, otherwise initials."""
    from sangtao.contests.selectors import initials, may_publish_name

    rows = list(rows)
    for row in rows:
        if row.student_id:
            consent = getattr(row.student, "contest_consent", None)
            full = may_publish_name(row.student, consent)
            row.public_name = row.student.full_name if full else initials(row.student.full_name)
        else:
            row.public_name = row.recipient_label()
    hrefs.attach(rows, public=True)
    return rows


def public_counts(*, year: int) -> dict:
    rows = (
        Commendation.objects.filter(year=year, status=CommendationStatus.IN_FORCE)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    counts = {r["kind"]: r["n"] for r in rows}
    return {
        "individuals": counts.get(RecipientKind.INDIVIDUAL, 0),
        "collectives": counts.get(RecipientKind.COLLECTIVE, 0),
    }
