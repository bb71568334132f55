"""Reads of the contests app. Every function that returns records for a person scopes them to that person."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, Staff, StaffGroup, Student, User
from sangtao.core.events import events_for
from sangtao.core.text import folded_search
from sangtao.orgs.models import OrgUnit

from . import permissions as cperms
from . import scoring
from .models import (
    ACTIVE_ENTRY_STATUSES,
    AWARD_ORDER,
    Award,
    AwardCertificate,
    AwardKind,
    Contest,
    ContestStatus,
    Entry,
    EntryMember,
    EntryMentor,
    EntryStatus,
    JudgeAssignment,
    Round,
    RoundStatus,
    Score,
    StudentConsent,
)

# ── Contests ───────────────────────────────────────────────────────────────────────────────────────


def _ancestor_ids(user: User) -> set[int]:
    """Every unit at or above the user's units: a school's people see the contests of the office above."""
    ids: set[int] = set()
    for unit in perms.role_units(user):
        ids.update(int(p) for p in unit.path.strip("/").split("/") if p)
    return ids


def contests_for_user(user: User, *, q: str = "", status: str = "", year_id: int | None = None):
    """Contests organised at or above the user's units, or within them, or co-organised by their agency, or
    in which they judge. Drafts only for those who may run them."""
    if not user.is_authenticated:
        return Contest.objects.none()
    managers = (
        perms.scope_q(user, "organiser", Role.ADMIN, Role.LEADER, Role.SPECIALIST)
        | perms.scope_q(user, "organiser", Role.PRINCIPAL, Role.COORDINATOR)
        | Q(partners__in=perms.role_units(user, Role.PARTNER))
    )
    readers = (
        perms.scope_q(user, "organiser")
        | Q(organiser_id__in=_ancestor_ids(user))
        | Q(rounds__judges__user=user)
    )
    ids = Contest.objects.filter(managers | (readers & ~Q(status=ContestStatus.DRAFT))).values("pk")
    qs = Contest.objects.filter(pk__in=ids).select_related("organiser", "organiser_team", "school_year")
    if q:
        qs = qs.filter(folded_search("name", q))
    if status:
        qs = qs.filter(status=status)
    if year_id:
        qs = qs.filter(school_year_id=year_id)
    return qs.annotate(n_rounds=Count("rounds", distinct=True)).order_by("-registration_opens", "-id")


def get_contest_for_user(user: User, pk: int) -> Contest:
    contest = (
        contests_for_user(user)
        .filter(pk=pk)
        .prefetch_related("partners", "categories", "tasks__plan")
        .first()
    )
    if contest is None:
        raise Http404
    return contest


def rounds_of(contest: Contest):
    return contest.rounds.annotate(
        n_entries=Count("entries", filter=Q(entries__status__in=ACTIVE_ENTRY_STATUSES), distinct=True),
        n_judges=Count("judges", distinct=True),
    ).order_by("order")


def get_round_for_user(user: User, pk: int) -> Round:
    round_ = Round.objects.filter(pk=pk).only("pk", "contest_id").first()
    if round_ is None:
        raise Http404
    contest = get_contest_for_user(user, round_.contest_id)
    round_ = Round.objects.get(pk=pk)
    round_.contest = contest
    return round_


def first_round(contest: Contest) -> Round | None:
    return contest.rounds.order_by("order").first()


def next_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(contest_id=round_.contest_id, order__gt=round_.order).order_by("order").first()
    )


def contests_for_task(user: User, task) -> list[Contest]:
    """The contests that carry out a plan task, as the user may see them (the task page lists them)."""
    return list(contests_for_user(user).filter(tasks=task).order_by("-registration_opens"))


# ── Entries ────────────────────────────────────────────────────────────────────────────────────────


def _entry_qs():
    return Entry.objects.select_related("school", "category", "round__contest__organiser").prefetch_related(
        "round__contest__partners",
        Prefetch("members", queryset=EntryMember.objects.select_related("student__contest_consent")),
        Prefetch("mentors", queryset=EntryMentor.objects.select_related("staff")),
    )


def entries_for_user(
    user: User, round_: Round, *, q: str = "", status: str = "", category_id=None, school_id=None
):
    """Every entry of the round for those who oversee the contest; a school's own entries for its people."""
    qs = _entry_qs().filter(round=round_)
    if not cperms.can_oversee_contest(user, round_.contest):
        qs = qs.filter(perms.scope_q(user, "school", *cperms.SCHOOL_READER_ROLES))
    if q:
        qs = qs.filter(folded_search("title", q) | folded_search("school__name", q))
    if status:
        qs = qs.filter(status=status)
    if category_id:
        qs = qs.filter(category_id=category_id)
    if school_id:
        qs = qs.filter(school_id=school_id)
    return qs.annotate(n_judges=Count("assignments", distinct=True)).order_by(
        "category__order", "school__name", "id"
    )


def school_entries(user: User, contest: Contest):
    """The entries of the schools the user works for, in every round of the contest."""
    if not user.is_authenticated:
        return Entry.objects.none()
    return (
        _entry_qs()
        .filter(round__contest=contest)
        .filter(perms.scope_q(user, "school", Role.PRINCIPAL, Role.COORDINATOR, Role.TEACHER))
        .order_by("round__order", "school__name", "id")
    )


def get_entry_for_user(user: User, pk: int) -> Entry:
    """An entry that the user oversees, that belongs to their school, or that they were assigned to judge."""
    entry = _entry_qs().filter(pk=pk).first()
    if entry is None or not user.is_authenticated:
        raise Http404
    contest = entry.round.contest
    contest = get_contest_for_user(user, contest.pk)
    entry.round.contest = contest
    if cperms.can_oversee_contest(user, contest) or cperms.reads_school(user, entry.school):
        return entry
    if JudgeAssignment.objects.filter(entry=entry, judge__user=user).exists():
        return entry
    raise Http404


def registrable_schools(user: User, contest: Contest) -> list[OrgUnit]:
    """Schools the user enters data for that may take part (below the organiser, of an eligible level)."""
    units = [u for u in perms.role_units(user, Role.PRINCIPAL, Role.COORDINATOR) if u.is_school]
    return [
        u
        for u in units
        if perms.covers(contest.organiser, u)
        and (not contest.eligible_levels or u.level in contest.eligible_levels)
    ]


def eligible_students(school: OrgUnit, contest: Contest, *, q: str = "", limit: int = 30):
    qs = Student.objects.filter(unit=school, grade__gte=contest.min_grade, grade__lte=contest.max_grade)
    if q:
        qs = qs.filter(folded_search("name", q))
    return qs.order_by("grade", "class_name", "full_name")[:limit]


def school_mentors(school: OrgUnit):
    return Staff.objects.filter(
        unit=school, left_on__isnull=True, group__in=[StaffGroup.GV, StaffGroup.CBQL]
    ).order_by("full_name")


# ── Names of minors ────────────────────────────────────────────────────────────────────────────────


def initials(full_name: str) -> str:
    """“Nguyễn Minh Khôi” → “N.M.K.”: what the public sees without consent."""
    return "".join(f"{word[0].upper()}." for word in full_name.split() if word)


def may_publish_name(student: Student, consent: StudentConsent | None, grade: int | None = None) -> bool:
    """Law 91/2025/QH15: a child's name needs the parent's consent and, from age 7, the child's own.

    The registry keeps no birth dates (data minimisation), so age comes from the grade: a pupil starts
    grade 1 in the year they turn 6, so from grade 2 a pupil is treated as 7 or older.
    """
    if consent is None or not consent.publish_name:
        return False
    grade = student.grade if grade is None else grade
    return consent.child_agreed or grade < 2


def public_name(member: EntryMember) -> str:
    student = member.student
    consent = getattr(student, "contest_consent", None)
    if may_publish_name(student, consent, member.grade):
        return student.full_name
    return initials(student.full_name)


def member_names(user: User, entry: Entry, contest: Contest | None = None) -> list[str]:
    """Full names for those who may read the student registry of the school; initials for everyone else.

    Pass the contest already read (with its partners) when naming many entries: one check, no query each.
    """
    full = user.is_authenticated and cperms.can_see_full_names(user, entry, contest or entry.round.contest)
    return [
        (
            f"{m.student.full_name} ({_('lớp')} {m.class_name or m.grade})"
            if full
            else initials(m.student.full_name)
        )
        for m in entry.members.all()
    ]


# ── Judges and the assignment check ────────────────────────────────────────────────────────────────


def judges_of(round_: Round):
    return (
        round_.judges.select_related("user", "unit")
        .prefetch_related("expertise")
        .annotate(
            load=Count("assignments", distinct=True),
            scored=Count(
                "assignments", filter=Q(assignments__score__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("user__full_name", "id")
    )


@dataclass
class Problem:
    kind: str  # short, stable: "missing", "conflict", "overload", "expertise", "mentor", "no_rubric", …
    message: str
    severity: str = "error"  # "error" stops the judging from starting; "warning" does not


def assignment_problems(round_: Round) -> list[Problem]:
    """Everything wrong with the round's assignment, in one list (four queries whatever the size)."""
    problems: list[Problem] = []
    k = round_.judges_per_entry
    entries = list(
        Entry.objects.filter(round=round_, status__in=ACTIVE_ENTRY_STATUSES)
        .select_related("school", "category")
        .prefetch_related("mentors__staff")
        .order_by("id")
    )
    judges = list(round_.judges.select_related("user", "unit").prefetch_related("expertise"))
    assignments = list(
        JudgeAssignment.objects.filter(entry__round=round_).values_list("entry_id", "judge_id")
    )
    if not round_.criteria.exists():
        problems.append(Problem("no_rubric", _("Vòng thi chưa có tiêu chí chấm.")))
    if not judges:
        problems.append(Problem("no_judges", _("Vòng thi chưa có giám khảo.")))
    judges_by_id = {j.pk: j for j in judges}
    by_entry: dict[int, list[int]] = defaultdict(list)
    for entry_id, judge_id in assignments:
        by_entry[entry_id].append(judge_id)
    active_ids = {e.pk for e in entries}
    load = Counter(judge_id for entry_id, judge_id in assignments if entry_id in active_ids)
    for entry in entries:
        mine = by_entry.get(entry.pk, [])
        label = f"“{entry.title}” ({entry.school.display_short})"
        if len(mine) < k:
            problems.append(
                Problem(
                    "missing",
                    _("Bài %(e)s mới có %(n)d/%(k)d giám khảo.") % {"e": label, "n": len(mine), "k": k},
                )
            )
        elif len(mine) > k:
            problems.append(
                Problem(
                    "extra",
                    _("Bài %(e)s có %(n)d giám khảo, nhiều hơn %(k)d.")
                    % {"e": label, "n": len(mine), "k": k},
                    "warning",
                )
            )
        mentor_users = {m.staff.user_id for m in entry.mentors.all() if m.staff.user_id}
        for judge_id in mine:
            judge = judges_by_id[judge_id]
            if judge.unit_id == entry.school_id:
                problems.append(
                    Problem(
                        "conflict",
                        _("Giám khảo %(j)s cùng đơn vị với bài %(e)s.") % {"j": judge.user, "e": label},
                    )
                )
            if judge.user_id in mentor_users:
                problems.append(
                    Problem(
                        "mentor",
                        _("Giám khảo %(j)s là giáo viên hướng dẫn của bài %(e)s.")
                        % {"j": judge.user, "e": label},
                    )
                )
            expertise = {c.pk for c in judge.expertise.all()}
            if expertise and entry.category_id not in expertise:
                problems.append(
                    Problem(
                        "expertise",
                        _("Giám khảo %(j)s không có chuyên môn lĩnh vực “%(c)s” của bài %(e)s.")
                        % {"j": judge.user, "c": entry.category, "e": label},
                        "warning",
                    )
                )
    if judges and assignments:
        average = sum(load.values()) / len(judges)
        for judge in judges:
            if load[judge.pk] > average + 1:
                problems.append(
                    Problem(
                        "overload",
                        _("Giám khảo %(j)s chấm %(n)d bài, trên mức trung bình (%(avg).1f) hơn 1 bài.")
                        % {"j": judge.user, "n": load[judge.pk], "avg": average},
                    )
                )
    return problems


def judge_user_choices(round_: Round):
    """People who may be added to the pool: active accounts holding the judge role, not yet in the pool."""
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.JUDGE)
        .exclude(pk__in=round_.judges.values("user_id"))
        .select_related("unit")
        .distinct()
        .order_by("full_name")
    )


# ── Scoring ────────────────────────────────────────────────────────────────────────────────────────


def judge_queue(user: User, *, round_id: int | None = None):
    """The judge's own assignments, in rounds being judged or already judged."""
    if not user.is_authenticated:
        return JudgeAssignment.objects.none()
    qs = (
        JudgeAssignment.objects.filter(judge__user=user)
        .exclude(entry__round__status=RoundStatus.SETUP)
        .select_related("entry__school", "entry__category", "entry__round__contest", "score")
        .order_by("entry__round__contest_id", "entry__round__order", "entry__category__order", "entry_id")
    )
    if round_id:
        qs = qs.filter(entry__round_id=round_id)
    return qs


def get_assignment_for_judge(user: User, pk: int) -> JudgeAssignment:
    """The judge's own assignment and nobody else's (404: the others' existence is not revealed)."""
    assignment = judge_queue(user).select_related("judge__unit").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def score_of(assignment: JudgeAssignment) -> Score | None:
    try:
        return assignment.score
    except Score.DoesNotExist:
        return None


def scoring_progress(round_: Round) -> dict:
    rows = JudgeAssignment.objects.filter(entry__round=round_).aggregate(
        total=Count("id"), scored=Count("id", filter=Q(score__submitted_at__isnull=False))
    )
    return {
        "total": rows["total"],
        "scored": rows["scored"],
        "share": (rows["scored"] / rows["total"]) if rows["total"] else None,
    }


# ── Results ────────────────────────────────────────────────────────────────────────────────────────


@dataclass
class ResultRow:
    entry: Entry
    score: Decimal | None
    totals: list[Decimal]
    expected: int
    rank: int | None = None
    tie: bool = False
    boundary_tie: bool = False
    suggested: str = ""  # what the quota would give
    award: Award | None = None

    @property
    def complete(self) -> bool:
        return len(self.totals) >= self.expected

    @property
    def suggested_label(self) -> str:
        return str(AwardKind(self.suggested).label) if self.suggested else ""


@dataclass
class RoundResults:
    round: Round
    by_category: list[tuple] = field(default_factory=list)  # (category, [ResultRow])
    max_total: Decimal = Decimal(0)
    quota: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[ResultRow]:
        return [r for _c, rows in self.by_category for r in rows]

    @property
    def ties(self) -> list[ResultRow]:
        return [r for r in self.rows if r.tie]


def round_results(round_: Round) -> RoundResults:
    """Scores, ranking per category, ties and the quota's proposal, from the stored scoresheets (5 queries)."""
    criteria = list(round_.criteria.all())
    entries = list(
        _entry_qs()
        .filter(round=round_, status__in=ACTIVE_ENTRY_STATUSES)
        .select_related("award")
        .annotate(n_assigned=Count("assignments", distinct=True))
    )
    totals = list(
        Score.objects.filter(assignment__entry__round=round_, submitted_at__isnull=False).values_list(
            "assignment__entry_id", "assignment__judge_id", "total"
        )
    )
    scores = scoring.aggregate(totals, round_.aggregation)
    category_of = {e.pk: e.category_id for e in entries}
    ranking = scoring.rank({k: v for k, v in scores.items() if k in category_of}, category_of)
    quota = {q.award: q.count for q in round_.quotas.all()}
    scoring.allocate(ranking, quota)
    ranked = {r.entry_id: r for r in ranking.rows}
    judge_totals: dict[int, list[Decimal]] = defaultdict(list)
    for entry_id, _judge_id, total in totals:
        judge_totals[entry_id].append(total)
    rows_by_cat: dict[int, list[ResultRow]] = defaultdict(list)
    categories = {}
    for entry in entries:
        categories[entry.category_id] = entry.category
        r = ranked.get(entry.pk)
        row = ResultRow(
            entry=entry,
            score=scores.get(entry.pk),
            totals=judge_totals.get(entry.pk, []),
            expected=max(entry.n_assigned, 1),
            rank=r.rank if r else None,
            tie=bool(r and r.tie),
            boundary_tie=bool(r and r.boundary_tie),
            suggested=r.award if r else "",
            award=getattr(entry, "award", None),
        )
        rows_by_cat[entry.category_id].append(row)
    result = RoundResults(round=round_, max_total=scoring.max_total(criteria), quota=quota)
    for category_id, rows in sorted(rows_by_cat.items(), key=lambda kv: (categories[kv[0]].order, kv[0])):
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.pk))
        result.by_category.append((categories[category_id], rows))
        given = Counter(r.award.award for r in rows if r.award)
        for award in AWARD_ORDER:
            if given[award] > quota.get(award, 0):
                result.warnings.append(
                    _("Lĩnh vực “%(c)s”: %(n)d %(a)s, vượt cơ cấu giải (%(q)d).")
                    % {
                        "c": categories[category_id],
                        "n": given[award],
                        "a": AwardKind(award).label,
                        "q": quota.get(award, 0),
                    }
                )
    return result


def round_awards(round_: Round):
    return (
        Award.objects.filter(entry__round=round_)
        .select_related("entry__school", "entry__category", "certificate")
        .prefetch_related(
            Prefetch(
                "entry__members", queryset=EntryMember.objects.select_related("student__contest_consent")
            )
        )
        .order_by("entry__category__order", "entry__category_id", "rank", "entry_id")
    )


def public_results(round_: Round) -> list[dict]:
    """The published awards as the public sees them: initials unless consent to publish is recorded."""
    rows = []
    for award in round_awards(round_):
        rows.append(
            {
                "award": award,
                "entry": award.entry,
                "category": award.entry.category,
                "names": [public_name(m) for m in award.entry.members.all()],
            }
        )
    rows.sort(
        key=lambda r: (r["category"].order, r["category"].pk, r["award"].award_order, r["award"].rank or 0)
    )
    return rows


def get_published_round(pk: int) -> Round:
    round_ = (
        Round.objects.select_related("contest__organiser", "contest__organiser_team")
        .filter(pk=pk, status=RoundStatus.PUBLISHED)
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


def published_rounds(contest_id: int | None = None):
    qs = Round.objects.filter(status=RoundStatus.PUBLISHED).select_related("contest__organiser")
    if contest_id:
        qs = qs.filter(contest_id=contest_id)
    return qs.order_by("-published_at")


def get_certificate(code: str) -> AwardCertificate:
    certificate = (
        AwardCertificate.objects.select_related(
            "award__entry__round__contest__organiser",
            "award__entry__round__contest__organiser_team",
            "award__entry__school",
        )
        .prefetch_related(
            Prefetch(
                "award__entry__members",
                queryset=EntryMember.objects.select_related("student__contest_consent"),
            )
        )
        .filter(code=code.strip().upper(), award__entry__round__status=RoundStatus.PUBLISHED)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def get_award_for_user(user: User, pk: int) -> Award:
    award = Award.objects.select_related("entry").filter(pk=pk).first()
    if award is None:
        raise Http404
    entry = get_entry_for_user(user, award.entry_id)
    if not (cperms.can_oversee_contest(user, entry.round.contest) or cperms.reads_school(user, entry.school)):
        raise Http404  # a judge reads the entry, not its certificate
    award.entry = entry
    return award


# ── Consent ────────────────────────────────────────────────────────────────────────────────────────


def get_student_for_consent(user: User, pk: int) -> Student:
    student = Student.objects.select_related("unit").filter(pk=pk).first()
    if student is None or not perms.can_see_students(user, student.unit):
        raise Http404
    return student


def consent_of(student: Student) -> StudentConsent | None:
    return StudentConsent.objects.filter(student=student).first()


def judge_count_target(round_: Round, n_entries: int, n_judges: int) -> int:
    """How many entries each judge should get when the work is spread evenly."""
    return math.ceil(n_entries * round_.judges_per_entry / n_judges) if n_judges else 0


# ── Timelines ──────────────────────────────────────────────────────────────────────────────────────

# What happened, as a timeline tells it (English needs the past tense, hence the context).
ACTION_LABELS = {
    "create": pgettext_lazy("timeline", "Tạo"),
    "open": pgettext_lazy("timeline", "Phát động"),
    "finish": pgettext_lazy("timeline", "Kết thúc"),
    "submit": pgettext_lazy("timeline", "Nộp hồ sơ"),
    "withdraw": pgettext_lazy("timeline", "Rút bài"),
    "accept": pgettext_lazy("timeline", "Xác nhận hợp lệ"),
    "return": pgettext_lazy("timeline", "Trả lại"),
    "advance": pgettext_lazy("timeline", "Vào vòng sau"),
    "award": pgettext_lazy("timeline", "Điều chỉnh giải"),
    "auto_assign": pgettext_lazy("timeline", "Phân công tự động"),
    "start_judging": pgettext_lazy("timeline", "Bắt đầu chấm"),
    "close_scoring": pgettext_lazy("timeline", "Khóa điểm"),
    "reopen_scoring": pgettext_lazy("timeline", "Mở lại việc chấm"),
    "allocate": pgettext_lazy("timeline", "Xếp giải theo cơ cấu"),
    "publish": pgettext_lazy("timeline", "Công bố kết quả"),
}
STATUS_LABELS = {
    **dict(ContestStatus.choices),
    **dict(RoundStatus.choices),
    **dict(EntryStatus.choices),
    **dict(AwardKind.choices),
}


def timeline(target) -> list:
    events = list(events_for(target))
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        # An action that keeps the status (an assignment run, an award decision) shows no transition.
        same = ev.from_status == ev.to_status
        ev.from_label = "" if same else STATUS_LABELS.get(ev.from_status, ev.from_status)
        ev.to_label = "" if same else STATUS_LABELS.get(ev.to_status, ev.to_status)
    return events


def entries_visible(user: User, *, round_id=None, contest_id=None, status: str = ""):
    """Across contests (the API's list): every entry of a contest the user oversees, and the entries of
    the user's own schools. Judges read their entries through their assignments instead."""
    if not user.is_authenticated:
        return Entry.objects.none()
    overseen = (
        perms.scope_q(
            user, "round__contest__organiser", Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.OBSERVER
        )
        | (
            perms.scope_q(user, "round__contest__organiser", Role.PRINCIPAL, Role.COORDINATOR)
            & Q(round__contest__organiser__kind__in=["school", "affiliated"])
        )
        | Q(round__contest__partners__in=perms.role_units(user, Role.PARTNER))
    )
    ids = Entry.objects.filter(overseen | perms.scope_q(user, "school", *cperms.SCHOOL_READER_ROLES)).values(
        "pk"
    )
    qs = _entry_qs().filter(pk__in=ids)
    if round_id:
        qs = qs.filter(round_id=round_id)
    if contest_id:
        qs = qs.filter(round__contest_id=contest_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("round__contest_id", "round__order", "category__order", "id")
