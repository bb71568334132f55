"""Reads of the clubs app. Every function that returns records for a person scopes them to that person.

The heart of the app is `club_activity_status`: whether each club is active by the office's rule, and
why not, computed for any number of clubs with a fixed number of queries (the rules, then the clubs
annotated with their member count and one EXISTS per teaching month).
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, Staff, Student, User
from sangtao.core import clock
from sangtao.core.events import events_for
from sangtao.core.memo import request_memo
from sangtao.core.text import folded_search
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, UnitKind
from sangtao.plans.models import Assignment, EvidenceKind, Indicator, PlanStatus

from . import permissions as club_perms
from .models import (
    DEFAULT_MIN_MEMBERS,
    DEFAULT_MONTHS_REQUIRED,
    ActivityRule,
    Club,
    ClubActivity,
    ClubActivityFile,
    ClubMember,
    ClubStatus,
)

# The teaching months of a Vietnamese school year: September to May.
TEACHING_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)


# ── The rule ───────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Rule:
    min_members: int = DEFAULT_MIN_MEMBERS
    months_required: int = DEFAULT_MONTHS_REQUIRED
    authority: OrgUnit | None = None  # None: nobody has set a rule, the defaults apply

    @property
    def is_default(self) -> bool:
        return self.authority is None

    def text(self) -> str:
        return _(
            "Câu lạc bộ được tính là hoạt động khi có ít nhất %(m)d thành viên và có ít nhất một hoạt động "
            "được ghi nhận trong mỗi tháng của %(n)d tháng học gần nhất (các tháng học: tháng 9 đến tháng 5; "
            "trong tháng 6, 7, 8 xét các tháng cuối năm học). Trường được tính khi có ít nhất một câu lạc bộ "
            "hoạt động."
        ) % {"m": self.min_members, "n": self.months_required}


def all_rules() -> list[ActivityRule]:
    return list(ActivityRule.objects.select_related("unit", "updated_by"))


def rule_for_unit(unit: OrgUnit, rules: list[ActivityRule]) -> Rule:
    """The rule of the nearest authority above `unit` (or of `unit` itself) that has set one."""
    best = None
    for rule in rules:
        if unit.path.startswith(rule.unit.path) and (
            best is None or len(rule.unit.path) > len(best.unit.path)
        ):
            best = rule
    if best is None:
        return Rule()
    return Rule(min_members=best.min_members, months_required=best.months_required, authority=best.unit)


def teaching_months(today: datetime.date, n: int) -> list[datetime.date]:
    """The first days of the last `n` teaching months up to and including today's month, oldest first.

    From June to August the school year is over: the last teaching months are then April and May.
    """
    months = []
    year, month = today.year, today.month
    while len(months) < n:
        if month in TEACHING_MONTHS:
            months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_label(day: datetime.date) -> str:
    return _("tháng %(m)d/%(y)d") % {"m": day.month, "y": day.year}


# ── Active or not, and why ─────────────────────────────────────────────────────────────────────────


@dataclass
class ClubState:
    club: Club
    rule: Rule
    members: int
    months: list[tuple[datetime.date, bool]]  # the months the rule looks at, oldest first, and if covered

    @property
    def status_ok(self) -> bool:
        return self.club.status == ClubStatus.ACTIVE

    @property
    def members_ok(self) -> bool:
        return self.members >= self.rule.min_members

    @property
    def missing_months(self) -> list[datetime.date]:
        return [m for m, ok in self.months if not ok]

    @property
    def active(self) -> bool:
        return self.status_ok and self.members_ok and not self.missing_months

    @property
    def reasons(self) -> list[str]:
        """What the club lacks, in Vietnamese ("thiếu hoạt động tháng 3/2024"); empty when active."""
        reasons = []
        if self.club.status == ClubStatus.PAUSED:
            reasons.append(_("câu lạc bộ đang tạm dừng"))
        elif self.club.status == ClubStatus.CLOSED:
            reasons.append(_("câu lạc bộ đã giải thể"))
        if not self.members_ok:
            reasons.append(
                _("mới có %(n)d thành viên, cần %(min)d") % {"n": self.members, "min": self.rule.min_members}
            )
        for month in self.missing_months:
            reasons.append(_("thiếu hoạt động %(month)s") % {"month": month_label(month)})
        return reasons

    @property
    def explanation(self) -> str:
        if self.active:
            return _("%(n)d thành viên; có hoạt động %(months)s") % {
                "n": self.members,
                "months": ", ".join(month_label(m) for m, _ok in self.months),
            }
        return "; ".join(self.reasons)


def _club_ids(clubs) -> Q:
    if isinstance(clubs, QuerySet):
        return Q(pk__in=clubs.order_by().values("pk"))
    return Q(pk__in=[c if isinstance(c, int) else c.pk for c in clubs])


def _state_annotations(today: datetime.date, rules: list[ActivityRule]) -> tuple[dict, list[datetime.date]]:
    """The annotations a club's state needs: its current member count, one EXISTS per teaching month the
    strictest rule looks at, and its own rule's thresholds (the nearest authority above its school that
    set one: the most specific path first)."""
    longest = max([r.months_required for r in rules] + [DEFAULT_MONTHS_REQUIRED])
    months = teaching_months(today, longest)
    current = ClubMember.objects.filter(club=OuterRef("pk"), joined_on__lte=today).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=today)
    )
    count = current.order_by().values("club").annotate(n=Count("pk")).values("n")
    annotations = {"n_members": Coalesce(Subquery(count, output_field=IntegerField()), Value(0))}
    for i, month in enumerate(months):
        annotations[f"month_{i}"] = Exists(
            ClubActivity.objects.filter(
                club=OuterRef("pk"), date__gte=month, date__lt=_next_month(month), date__lte=today
            )
        )
    specific_first = sorted(rules, key=lambda r: len(r.unit.path), reverse=True)
    for name, attr, default in (
        ("rule_min_members", "min_members", DEFAULT_MIN_MEMBERS),
        ("rule_months", "months_required", DEFAULT_MONTHS_REQUIRED),
    ):
        whens = [
            When(unit__path__startswith=r.unit.path, then=Value(getattr(r, attr))) for r in specific_first
        ]
        annotations[name] = (
            Case(*whens, default=Value(default), output_field=IntegerField()) if whens else Value(default)
        )
    return annotations, months


def _active_q(months: list[datetime.date]) -> Q:
    """Active by its rule, as a condition on the annotations of `_state_annotations` (the same rule as
    `ClubState.active`): open, enough members, an activity in each month its rule looks at."""
    q = Q(status=ClubStatus.ACTIVE, n_members__gte=F("rule_min_members"))
    for i in range(len(months)):
        # Month i (oldest first) is looked at when the rule needs at least len(months) - i months.
        q &= Q(**{f"month_{i}": True}) | Q(rule_months__lt=len(months) - i)
    return q


def with_state(clubs: QuerySet[Club], today: datetime.date | None = None, *, rules=None) -> QuerySet[Club]:
    """`clubs` annotated with what decides their state, and `is_active`: filter, count or order by it in
    the database (the list page counts and filters every club in scope this way, then explains only
    the rows it shows)."""
    today = today or clock.today()
    rules = all_rules() if rules is None else rules
    annotations, months = _state_annotations(today, rules)
    return clubs.annotate(**annotations).annotate(
        is_active=Case(
            When(_active_q(months), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def club_activity_status(
    clubs, today: datetime.date | None = None, *, rules: list[ActivityRule] | None = None
) -> dict[int, ClubState]:
    """For each club (a queryset, or clubs or ids): active by its school's rule or not, and why.

    Two queries whatever the number of clubs: the rules, and the clubs with their current member
    count and one EXISTS per teaching month the strictest rule looks at. The dict keeps the clubs in
    the order of the school tree, then by name.
    """
    today = today or clock.today()
    rules = all_rules() if rules is None else rules
    annotations, months = _state_annotations(today, rules)
    rows = (
        Club.objects.filter(_club_ids(clubs))
        .select_related("unit")
        .annotate(**annotations)
        .order_by("unit__path", "name", "pk")
    )
    states = {}
    for club in rows:
        rule = rule_for_unit(club.unit, rules)
        looked_at = list(enumerate(months))[-rule.months_required :]
        states[club.pk] = ClubState(
            club=club,
            rule=rule,
            members=club.n_members,
            months=[(month, bool(getattr(club, f"month_{i}"))) for i, month in looked_at],
        )
    return states


@dataclass
class SchoolState:
    unit: OrgUnit
    rule: Rule
    clubs: list[ClubState] = field(default_factory=list)

    @property
    def open_clubs(self) -> list[ClubState]:
        return [c for c in self.clubs if c.club.status != ClubStatus.CLOSED]

    @property
    def active_clubs(self) -> list[ClubState]:
        return [c for c in self.clubs if c.active]

    @property
    def active(self) -> bool:
        return bool(self.active_clubs)

    @property
    def reasons(self) -> list[str]:
        """Why the school does not count yet ("chưa có câu lạc bộ", or each club's gaps)."""
        if self.active:
            return []
        if not self.open_clubs:
            return [_("chưa có câu lạc bộ")]
        return [f"{c.club.name}: {'; '.join(c.reasons)}" for c in self.open_clubs]

    @property
    def explanation(self) -> str:
        if self.active:
            return _("Có %(n)d câu lạc bộ hoạt động: %(names)s") % {
                "n": len(self.active_clubs),
                "names": ", ".join(c.club.name for c in self.active_clubs),
            }
        return " · ".join(self.reasons)


def school_club_status(units: list[OrgUnit], today: datetime.date | None = None) -> list[SchoolState]:
    """One row per school with its clubs' states: two queries whatever the number of schools."""
    rules = all_rules()
    by_unit = {u.pk: SchoolState(unit=u, rule=rule_for_unit(u, rules)) for u in units}
    states = club_activity_status(Club.objects.filter(unit_id__in=list(by_unit)), today, rules=rules)
    for state in states.values():
        by_unit[state.club.unit_id].clubs.append(state)
    return list(by_unit.values())


def active_school_values(unit_ids: list[int], today: datetime.date | None = None) -> dict[int, int]:
    """1 for a school with at least one active club, 0 for every other school in `unit_ids`.

    Decided in the database (two queries: the rules, then the distinct schools with an active club),
    memoised for the request."""
    today = today or clock.today()

    def compute():
        clubs = Club.objects.filter(unit_id__in=unit_ids, status=ClubStatus.ACTIVE)
        active = set(
            with_state(clubs, today)
            .filter(is_active=True)
            .order_by()
            .values_list("unit_id", flat=True)
            .distinct()
        )
        return {uid: (1 if uid in active else 0) for uid in unit_ids}

    return request_memo(("clubs.active_school_values", today, tuple(sorted(unit_ids))), compute)


# ── Clubs a person may see ─────────────────────────────────────────────────────────────────────────


def clubs_for_user(
    user: User,
    *,
    q: str = "",
    club_type: str = "",
    level: str = "",
    unit_id: int | None = None,
    status: str = "",
) -> QuerySet[Club]:
    if not user.is_authenticated:
        return Club.objects.none()
    qs = Club.objects.filter(club_perms.club_scope_q(user)).select_related("unit")
    if q:
        qs = qs.filter(folded_search("name", q) | folded_search("unit__name", q))
    if club_type:
        qs = qs.filter(club_type=club_type)
    if level:
        qs = qs.filter(unit__level=level)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("unit__path", "name", "pk")


def club_rows(
    user: User, *, active: str = "", today: datetime.date | None = None, **filters
) -> list[ClubState]:
    """The clubs of the list page with their computed state; `active` "yes"/"no" filters on it. Every
    club in scope (the .xlsx export); the page itself uses `club_page`."""
    return list(
        club_activity_status(club_list_queryset(user, active=active, today=today, **filters), today).values()
    )


def club_list_queryset(
    user: User, *, active: str = "", today: datetime.date | None = None, **filters
) -> QuerySet[Club]:
    """The clubs of the list in its order, with `is_active` decided in the database."""
    qs = with_state(clubs_for_user(user, **filters), today)
    if active in ("yes", "no"):
        qs = qs.filter(is_active=active == "yes")
    return qs


@dataclass
class ClubPage:
    page: Page  # of ClubState, the shown rows only
    total: int
    active: int


def club_page(
    user: User,
    *,
    page: str | int | None = None,
    per_page: int,
    active: str = "",
    today: datetime.date | None = None,
    **filters,
) -> ClubPage:
    """One page of the list: the clubs counted (all and active) in one grouped query, the page's rows
    fetched with LIMIT, and only those rows explained (members, months missing). The cost grows with
    the clubs in scope only inside PostgreSQL's one counting query, never in Python."""
    today = today or clock.today()
    rules = all_rules()
    qs = with_state(clubs_for_user(user, **filters), today, rules=rules)
    if active in ("yes", "no"):
        qs = qs.filter(is_active=active == "yes")
    counts = qs.order_by().aggregate(total=Count("pk"), active=Count("pk", filter=Q(is_active=True)))
    paginator = Paginator(qs.values_list("pk", flat=True), per_page)
    paginator.count = counts["total"]  # known already: no second count
    shown = paginator.get_page(page)
    states = club_activity_status(list(shown.object_list), today, rules=rules)
    shown.object_list = list(states.values())
    return ClubPage(page=shown, total=counts["total"], active=counts["active"])


def get_club_for_user(user: User, pk) -> Club:
    club = clubs_for_user(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if club is None:
        raise Http404
    return club


def schools_for_user(user: User) -> QuerySet[OrgUnit]:
    """The open schools and affiliated units whose club status the user may read."""
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    q = Q()
    for unit in perms.role_units(user):
        q |= Q(path__startswith=unit.path)
    for path in club_perms.partner_paths(user):
        q |= Q(path__startswith=path)
    if not q:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(q, kind__in=IMPLEMENTING_KINDS).active().order_by("path")


def school_rows(
    user: User, *, level: str = "", q: str = "", today: datetime.date | None = None
) -> list[SchoolState]:
    units = schools_for_user(user)
    if level:
        units = units.filter(level=level)
    if q:
        units = units.filter(folded_search("name", q))
    return school_club_status(list(units), today)


def school_summary(rows: list[SchoolState]) -> dict:
    """The indicator over the rows: overall and by school level (share of schools with an active club)."""

    def share(part):
        return {
            "schools": len(part),
            "active": sum(1 for r in part if r.active),
            "share": (sum(1 for r in part if r.active) / len(part)) if part else None,
        }

    levels = {}
    for row in rows:
        levels.setdefault(row.unit.get_level_display(), []).append(row)
    return {
        "overall": share(rows),
        "by_level": [(label, share(part)) for label, part in levels.items()],
        "clubs": sum(len(r.open_clubs) for r in rows),
    }


def creatable_units(user: User) -> list[OrgUnit]:
    """The schools where the user may register a club (their principal's or coordinator's schools)."""
    units = perms.role_units(user, Role.PRINCIPAL, Role.COORDINATOR)
    return [u for u in units if u.kind in IMPLEMENTING_KINDS and u.closed_on is None]


# ── One club ───────────────────────────────────────────────────────────────────────────────────────


def club_members(club: Club, *, today: datetime.date | None = None) -> dict:
    today = today or clock.today()
    members = list(club.members.select_related("staff", "student").order_by("left_on", "role", "id"))
    current = [m for m in members if m.joined_on <= today and (m.left_on is None or m.left_on > today)]
    return {
        "current": current,
        "former": [m for m in members if m not in current],
        "students": sum(1 for m in current if m.is_student),
    }


def club_activities(club: Club):
    images = ClubActivityFile.objects.order_by("id")
    return (
        club.activities.select_related("created_by")
        .prefetch_related(Prefetch("files", queryset=images), "members")
        .order_by("-date", "-id")
    )


CLUB_ACTIONS = {
    "register": pgettext_lazy("timeline", "Đăng ký câu lạc bộ"),
    "status": pgettext_lazy("timeline", "Đổi trạng thái"),
}


def club_events(club: Club) -> list:
    events = list(events_for(club))
    labels = dict(ClubStatus.choices)
    for ev in events:
        ev.action_label = CLUB_ACTIONS.get(ev.action, ev.action)
        ev.from_label = labels.get(ev.from_status, ev.from_status)
        ev.to_label = labels.get(ev.to_status, ev.to_status)
    return events


@dataclass
class PlanLink:
    indicator: Indicator
    assignment: Assignment | None
    attached: bool  # the club is already evidence of the school's assignment


def club_record_ref(club: Club) -> str:
    return f"clubs.club:{club.pk}"


def club_plan_links(club: Club) -> list[PlanLink]:
    """The plan tasks the club serves: tasks of issued plans measured by a clubs indicator, with the
    school's assignment for each (two queries)."""
    indicators = list(
        Indicator.objects.filter(
            source_key__startswith="clubs.",
            task__isnull=False,
            plan__status=PlanStatus.ISSUED,
            task__assignments__unit=club.unit,
        )
        .select_related("task", "plan")
        .distinct()
        .order_by("plan_id", "order")
    )
    if not indicators:
        return []
    assignments = {
        a.task_id: a
        for a in Assignment.objects.filter(unit=club.unit, task__in=[i.task_id for i in indicators]).annotate(
            n_linked=Count(
                "evidence",
                filter=Q(evidence__kind=EvidenceKind.RECORD, evidence__record_ref=club_record_ref(club)),
            )
        )
    }
    seen, links = set(), []
    for ind in indicators:
        if ind.task_id in seen:
            continue
        seen.add(ind.task_id)
        a = assignments.get(ind.task_id)
        links.append(PlanLink(indicator=ind, assignment=a, attached=bool(a and a.n_linked)))
    return links


def people_choices(club_unit: OrgUnit, *, with_students: bool, exclude: list[ClubMember] = ()) -> dict:
    """The school's staff (still working there) and, for those allowed to see them, its students."""
    taken_staff = {m.staff_id for m in exclude if m.staff_id}
    taken_students = {m.student_id for m in exclude if m.student_id}
    staff = [
        s
        for s in Staff.objects.filter(unit=club_unit, left_on__isnull=True).order_by("full_name")
        if s.pk not in taken_staff
    ]
    students = []
    if with_students:
        students = [
            s
            for s in Student.objects.filter(unit=club_unit).order_by("grade", "class_name", "full_name")
            if s.pk not in taken_students
        ]
    return {"staff": staff, "students": students}


# ── The rule page ──────────────────────────────────────────────────────────────────────────────────


def rule_authorities(user: User) -> list[OrgUnit]:
    """The authorities whose rule concerns the user: those in their scope, above their units, and (for
    a partner agency) under the body it belongs to."""
    if not user.is_authenticated:
        return []
    q = Q()
    above: set[int] = set()
    for unit in perms.role_units(user):
        q |= Q(path__startswith=unit.path)
        above.update(int(p) for p in unit.path.strip("/").split("/") if p)
    for path in club_perms.partner_paths(user):
        q |= Q(path__startswith=path)
    q |= Q(pk__in=above)
    return list(OrgUnit.objects.filter(q, kind=UnitKind.AUTHORITY).order_by("path"))


def rules_for_user(user: User) -> list[dict]:
    rules = all_rules()
    rows = []
    for authority in rule_authorities(user):
        rule = rule_for_unit(authority, rules)
        stored = next((r for r in rules if r.unit_id == authority.pk), None)
        rows.append(
            {
                "authority": authority,
                "rule": rule,
                "stored": stored,
                "can_edit": club_perms.can_edit_rule(user, authority),
            }
        )
    return rows
