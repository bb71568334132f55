"""Reads of the initiatives app. Every function that returns records for a person scopes them to that person.

Who sees an initiative: its authors (drafts included); once submitted, the head and coordinator of its
school, the office's staff and observers above it, and the members of the councils that review it.
Scores stay hidden from a member until they have scored, and from everyone else until the result.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.core.events import events_for
from sangtao.core.text import fold
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit

from . import permissions as iperms
from .models import (
    RECOGNISED,
    ApplicationRecord,
    Campaign,
    CampaignStatus,
    Council,
    CouncilLevel,
    CouncilMember,
    Decision,
    Initiative,
    InitiativeAuthor,
    InitiativeStatus,
    LibraryLevel,
    MemberRole,
    Review,
    ReviewStatus,
    Score,
)
from .rubric import aggregate
from .services import decision_candidates, eligible_members, exclusion_reason, quorum

S = InitiativeStatus
NOBODY = Q(pk__in=[])
OFFICE_READERS = (Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.OBSERVER)


def _authors_prefetch():
    return Prefetch(
        "authors", queryset=InitiativeAuthor.objects.select_related("staff").order_by("order", "id")
    )


# ── Campaigns ──────────────────────────────────────────────────────────────────────────────────────


def _own_units(user: User) -> list[OrgUnit]:
    units = [ra.unit for ra in user.roles]
    if user.unit is not None:
        units.append(user.unit)
    return units


def campaigns_for_user(user: User, *, q: str = "", status: str = "", year: int | None = None):
    """Campaigns of the units in the user's scope, of the units above them (an office's campaign reaches
    its schools), and those whose councils the user sits on. Drafts only for those who run them."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    above = {int(p) for unit in _own_units(user) for p in unit.path.strip("/").split("/") if p}
    seen = perms.scope_q(user, "unit") | Q(unit_id__in=above) | Q(councils__members__user=user)
    managers = perms.scope_q(user, "unit", Role.ADMIN, Role.LEADER, Role.SPECIALIST) | (
        perms.scope_q(user, "unit", Role.PRINCIPAL) & Q(unit__kind__in=IMPLEMENTING_KINDS)
    )
    ids = Campaign.objects.filter((seen & ~Q(status=CampaignStatus.DRAFT)) | managers).values("pk")
    qs = Campaign.objects.filter(pk__in=ids).select_related("unit", "school_year")
    if q:
        for word in fold(q).split():
            qs = qs.filter(title_folded__contains=word)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(school_year_id=year)
    return qs.annotate(
        n_initiatives=Count("initiatives", filter=~Q(initiatives__status__in=[S.DRAFT, S.WITHDRAWN]))
    ).order_by("-opens_on", "-id")


def get_campaign_for_user(user: User, pk: int) -> Campaign:
    campaign = campaigns_for_user(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def councils_for_user(user: User, campaign: Campaign) -> list[Council]:
    """The office's council, and the schools' councils within the user's scope or where the user sits."""
    qs = campaign.councils.select_related("unit").annotate(n_members=Count("members"))
    if not iperms.can_manage_campaign(user, campaign):
        qs = qs.filter(
            Q(level=CouncilLevel.OFFICE) | perms.scope_q(user, "unit") | Q(members__user=user)
        ).distinct()
    return list(qs.order_by("level", "unit__path"))  # the office's council first


def get_council_for_user(user: User, pk: int) -> Council:
    council = Council.objects.select_related("campaign__unit", "unit").filter(pk=pk).first()
    if council is None:
        raise Http404
    campaign = get_campaign_for_user(user, council.campaign_id)
    if council.pk not in {c.pk for c in councils_for_user(user, campaign)}:
        raise Http404
    return council


def council_members(council: Council) -> list[CouncilMember]:
    return list(council.members.select_related("user__unit").order_by("role", "id"))


def member_candidates(council: Council):
    """People who may sit on the council: of the school for a school's, of the office's tree for the office's."""
    scope = council.unit if council.level == CouncilLevel.SCHOOL else council.campaign.unit
    return (
        User.objects.filter(is_active=True)
        .filter(Q(unit__path__startswith=scope.path) | Q(role_assignments__unit__path__startswith=scope.path))
        .exclude(initiative_seats__council=council)
        .distinct()
        .select_related("unit")
        .order_by("unit__path", "full_name")
    )


def campaign_status_counts(user: User, campaign: Campaign) -> list[tuple[str, str, int]]:
    counts = Counter(
        dict(
            initiatives_for_user(user, campaign_id=campaign.pk)
            .order_by()
            .values_list("status")
            .annotate(n=Count("id"))
        )
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in S]


# ── Initiatives ────────────────────────────────────────────────────────────────────────────────────


def _visible_q(user: User) -> Q:
    if not user.is_authenticated:
        return NOBODY
    own = Q(authors__user=user) | Q(authors__staff__user=user)
    office_council_campaigns = Council.objects.filter(level=CouncilLevel.OFFICE, members__user=user).values(
        "campaign_id"
    )
    others = (
        perms.scope_q(user, "unit", Role.PRINCIPAL, Role.COORDINATOR)
        | perms.scope_q(user, "unit", *OFFICE_READERS)
        | Q(reviews__council__members__user=user)
        | Q(campaign_id__in=office_council_campaigns, status__in=[S.FORWARDED, S.RECOGNISED_OFFICE])
    )
    return own | (~Q(status=S.DRAFT) & others)


def initiatives_for_user(
    user: User,
    *,
    campaign_id: int | None = None,
    status: str = "",
    field: str = "",
    unit_id: int | None = None,
    q: str = "",
    mine: bool = False,
):
    if not user.is_authenticated:
        return Initiative.objects.none()
    where = (Q(authors__user=user) | Q(authors__staff__user=user)) if mine else _visible_q(user)
    ids = Initiative.objects.filter(where).values("pk")
    qs = Initiative.objects.filter(pk__in=ids).select_related("unit", "campaign__school_year")
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if status:
        qs = qs.filter(status=status)
    if field:
        qs = qs.filter(field=field)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if q:
        qs = qs.filter(folded_text_search(q))
    # Drafts (not submitted yet) first, on SQLite and PostgreSQL alike.
    return qs.prefetch_related(_authors_prefetch()).order_by(F("submitted_at").desc(nulls_first=True), "-id")


def get_initiative_for_user(user: User, pk: int) -> Initiative:
    initiative = initiatives_for_user(user).select_related("campaign__unit").filter(pk=pk).first()
    if initiative is None:
        raise Http404
    return initiative


def folded_text_search(query: str) -> Q:
    """Every word of the query, typed with or without diacritics, in the title or the content."""
    q = Q()
    for word in fold(query).split():
        q &= Q(title_folded__contains=word) | Q(text_folded__contains=word)
    return q


# What happened, as the timeline tells it (English needs the past tense, hence the context).
ACTION_LABELS = {
    "create": pgettext_lazy("timeline", "Tạo bản nháp"),
    "submit": pgettext_lazy("timeline", "Nộp hồ sơ"),
    "withdraw": pgettext_lazy("timeline", "Rút hồ sơ"),
    "review_start": pgettext_lazy("timeline", "Đưa ra hội đồng"),
    "review_close": pgettext_lazy("timeline", "Hội đồng kết luận"),
    "forward": pgettext_lazy("timeline", "Đề nghị xét cấp Phòng"),
    "decision": pgettext_lazy("timeline", "Ra quyết định công nhận"),
}


def _status_label(value: str) -> str:
    return str(S(value).label) if value in S.values else value


def timeline(initiative: Initiative) -> list:
    events = list(events_for(initiative))
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        ev.from_label, ev.to_label = _status_label(ev.from_status), _status_label(ev.to_status)
        if ev.from_status == ev.to_status:
            ev.from_label = ""
    return events


@dataclass
class ReviewSummary:
    review: Review
    means: list[tuple[str, object]] = field(default_factory=list)  # (criterion label, mean mark)


def initiative_detail(user: User, initiative: Initiative) -> dict:
    authors = list(initiative.authors.all())
    reviews = list(initiative.reviews.select_related("council").order_by("started_at"))
    closed = [r for r in reviews if r.status == ReviewStatus.CLOSED]
    summaries = []
    if closed:
        by_review = {}
        for s in Score.objects.filter(initiative=initiative).values("council_id", "values"):
            by_review.setdefault(s["council_id"], []).append(s["values"])
        for r in closed:
            result = aggregate(r.criteria, by_review.get(r.council_id, []))
            summaries.append(
                ReviewSummary(review=r, means=[(c["label"], result.means.get(c["key"])) for c in r.criteria])
            )
    return {
        "authors": authors,
        "attachments": list(initiative.attachments.all()),
        "reviews": reviews,
        "results": summaries,
        "applications": list(initiative.applications.select_related("unit")),
        "decisions": list(initiative.decisions.all()),
        "events": timeline(initiative),
        **initiative_abilities(user, initiative, authors=authors, reviews=reviews),
    }


def initiative_abilities(user: User, initiative: Initiative, *, authors=None, reviews=None) -> dict:
    authors = authors if authors is not None else list(initiative.authors.all())
    reviews = reviews if reviews is not None else list(initiative.reviews.all())
    author = iperms.is_author(user, initiative, authors)
    can_start = False
    if initiative.status in (S.SUBMITTED, S.FORWARDED):
        level = CouncilLevel.SCHOOL if initiative.status == S.SUBMITTED else CouncilLevel.OFFICE
        unit_id = initiative.unit_id if level == CouncilLevel.SCHOOL else initiative.campaign.unit_id
        council = Council.objects.filter(
            campaign_id=initiative.campaign_id, level=level, unit_id=unit_id
        ).first()
        can_start = (
            council is not None
            and not any(r.council_id == council.pk for r in reviews)
            and iperms.can_start_review(user, council)
        )
    return {
        "is_author": author,
        "can_edit": author and initiative.is_editable,
        "can_submit": author and initiative.is_editable,
        "can_withdraw": author and initiative.status == S.SUBMITTED,
        "can_start_review": can_start,
        "can_forward": (
            initiative.status == S.RECOGNISED_SCHOOL
            and initiative.campaign.is_office
            and not any(r.level == CouncilLevel.OFFICE for r in reviews)
            and iperms.can_forward(user, initiative)
        ),
        # Links to the review pages the user may open (its council's members and those who run it).
        "open_reviews": [
            r
            for r in reviews
            if r.status == ReviewStatus.OPEN
            and (iperms.seat(user, r.council) is not None or iperms.can_manage_council(user, r.council))
        ],
    }


# ── Councils at work ───────────────────────────────────────────────────────────────────────────────


def queue_for_user(user: User, *, state: str = "open") -> list[dict]:
    """The reviews of the councils the user sits on, with what the user still has to do."""
    if not user.is_authenticated:
        return []
    mine = Score.objects.filter(
        member__user=user, initiative=OuterRef("initiative"), council=OuterRef("council")
    )
    qs = (
        Review.objects.filter(council__members__user=user)
        .select_related("initiative__unit", "initiative__campaign", "council__unit")
        .prefetch_related(
            Prefetch("initiative__authors", queryset=InitiativeAuthor.objects.select_related("staff")),
            Prefetch("council__members", queryset=CouncilMember.objects.filter(user=user)),
        )
        .annotate(scored=Exists(mine))
        .order_by("status", "-started_at", "-id")
    )
    if state in ReviewStatus.values:
        qs = qs.filter(status=state)
    units = iperms.member_units(user)  # one query, for every row's conflict check
    rows = []
    for review in qs:
        seat = review.council.members.all()[0]
        authors = list(review.initiative.authors.all())
        excluded = exclusion_reason(user, review.council, review.initiative, authors, units=units)
        if excluded:
            todo = _("Không chấm (xung đột lợi ích)")
        elif review.scored:
            todo = _("Đã chấm")
        elif review.status == ReviewStatus.OPEN:
            todo = _("Cần chấm")
        else:
            todo = _("Không chấm")
        rows.append(
            {
                "review": review,
                "initiative": review.initiative,
                "seat": seat,
                "scored": review.scored,
                "excluded": excluded,
                "todo": todo,
            }
        )
    return rows


def get_review_for_user(user: User, pk: int) -> Review:
    """A review for its council's members and for those who run the council; 404 for anyone else."""
    review = (
        Review.objects.select_related(
            "initiative__unit",
            "initiative__campaign__unit",
            "initiative__campaign__school_year",
            "council__campaign__unit",
            "council__unit",
        )
        .filter(pk=pk)
        .first()
    )
    if review is None or not user.is_authenticated:
        raise Http404
    if review.council.members.filter(user=user).exists() or iperms.can_manage_council(user, review.council):
        return review
    raise Http404


@dataclass
class MemberRow:
    member: CouncilMember
    excluded: str
    score: Score | None


def review_panel(user: User, review: Review) -> dict:
    """What the review page shows to `user`: members and their progress, and the scores only when the user
    has scored (or, after the result, to the council and those who run it)."""
    council, initiative = review.council, review.initiative
    members = list(council.members.select_related("user__unit").prefetch_related("user__role_assignments"))
    authors = list(initiative.authors.select_related("staff").order_by("order", "id"))
    scores = {s.member_id: s for s in Score.objects.filter(initiative=initiative, council=council)}
    rows = [
        MemberRow(
            member=m, excluded=exclusion_reason(m.user, council, initiative, authors), score=scores.get(m.pk)
        )
        for m in members
    ]
    seat = iperms.seat(user, council, members)
    my_row = next((r for r in rows if seat is not None and r.member.pk == seat.pk), None)
    is_open = review.status == ReviewStatus.OPEN
    if is_open:
        can_see = my_row is not None and my_row.score is not None
    else:
        can_see = seat is not None or iperms.can_manage_council(user, council)
    eligible = [r for r in rows if not r.excluded]
    preview = aggregate(review.criteria, [s.values for s in scores.values()]) if can_see else None
    return {
        "review": review,
        "council": council,
        "initiative": initiative,
        "authors": authors,
        "rows": rows,
        "seat": seat,
        "my_row": my_row,
        "can_score": is_open and my_row is not None and not my_row.excluded and my_row.score is None,
        "can_see_scores": can_see,
        "aggregate": preview,
        "scored_count": len(scores),
        "eligible_count": len(eligible),
        "quorum": quorum(len(eligible)),
        "can_close": is_open and seat is not None and seat.role == MemberRole.CHAIR,
        "criteria": review.criteria,
    }


def eligible_for(review: Review) -> list[CouncilMember]:
    return eligible_members(review.council, review.initiative)


# ── Decisions ──────────────────────────────────────────────────────────────────────────────────────


def decisions_for_user(user: User, campaign: Campaign):
    qs = campaign.decisions.select_related("unit").annotate(n=Count("initiatives"))
    if not iperms.can_manage_campaign(user, campaign):
        qs = qs.filter(Q(level=CouncilLevel.OFFICE) | perms.scope_q(user, "unit"))
    return qs


def get_decision_for_user(user: User, pk: int) -> Decision:
    decision = (
        Decision.objects.select_related("campaign__unit", "campaign__school_year", "unit__parent")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    campaign = get_campaign_for_user(user, decision.campaign_id)
    if not decisions_for_user(user, campaign).filter(pk=pk).exists():
        raise Http404
    return decision


def decision_initiatives(decision: Decision) -> list[Initiative]:
    return list(
        decision.initiatives.select_related("unit")
        .prefetch_related(_authors_prefetch())
        .order_by("unit__path", "title")
    )


def decision_units_for(user: User, campaign: Campaign) -> list[OrgUnit]:
    """The units for which the user may issue a decision in this campaign."""
    units = [campaign.unit] if iperms.can_issue_decision(user, campaign.unit) else []
    if campaign.is_office:
        units += [
            u
            for u in perms.role_units(user, Role.PRINCIPAL)
            if u.kind in IMPLEMENTING_KINDS and perms.covers(campaign.unit, u)
        ]
    return units


def candidates_for(campaign: Campaign, unit: OrgUnit):
    _level, qs = decision_candidates(campaign, unit)
    return qs.select_related("unit").prefetch_related(_authors_prefetch()).order_by("unit__path", "title")


# ── The public library ─────────────────────────────────────────────────────────────────────────────


def library(*, q: str = "", field: str = "", level: str = "", year: int | None = None):
    """Recognised initiatives, for anyone: searchable without diacritics, filterable by field, level, year."""
    qs = Initiative.objects.filter(status__in=RECOGNISED).select_related("unit", "campaign__school_year")
    if q:
        qs = qs.filter(folded_text_search(q))
    if field:
        qs = qs.filter(field=field)
    if level == LibraryLevel.OFFICE:
        qs = qs.filter(status=S.RECOGNISED_OFFICE)
    elif level == LibraryLevel.SCHOOL:
        qs = qs.filter(status__in=[S.RECOGNISED_SCHOOL, S.FORWARDED])
    if year:
        qs = qs.filter(campaign__school_year_id=year)
    return qs.prefetch_related(_authors_prefetch()).order_by(
        "-campaign__school_year__start", "-recognised_on", "title", "id"
    )


def get_library_initiative(pk: int) -> Initiative:
    initiative = (
        Initiative.objects.filter(status__in=RECOGNISED, pk=pk)
        .select_related("unit", "campaign__school_year")
        .prefetch_related(_authors_prefetch())
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


def library_applications(initiative: Initiative) -> list[ApplicationRecord]:
    return list(initiative.applications.select_related("unit"))


def library_years():
    from sangtao.orgs.models import SchoolYear

    ids = Initiative.objects.filter(status__in=RECOGNISED).values("campaign__school_year_id")
    return SchoolYear.objects.filter(pk__in=ids).order_by("-start")


def application_units_for(user: User) -> list[OrgUnit]:
    """Schools for which the user may record that they applied an initiative."""
    return [
        u for u in perms.role_units(user, Role.PRINCIPAL, Role.COORDINATOR) if u.kind in IMPLEMENTING_KINDS
    ]


# ── The plan ───────────────────────────────────────────────────────────────────────────────────────


def campaigns_for_task(user: User, task):
    """The campaigns that serve a plan task, as the task page lists them (scoped to the user)."""
    return campaigns_for_user(user).filter(tasks=task)
