"""Reads of the training app. Every function that returns records for a person scopes them to that person."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Staff, StaffGroup, Student, User
from sangtao.core import clock
from sangtao.core.events import events_for
from sangtao.core.memo import request_memo
from sangtao.core.text import folded_search
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans.models import Assignment, PlanStatus, Task

from . import permissions as tperms
from .models import (
    ACTIVE_NOMINATION,
    ALL_GROUPS,
    COVERAGE_TOPICS,
    Attendance,
    Certificate,
    Course,
    CourseStatus,
    Nomination,
    NominationStatus,
    Session,
    TargetGroup,
    Topic,
    expected_groups,
)

# What happened, as the course's timeline tells it (English needs the past tense, hence the context).
ACTION_LABELS = {
    "create": pgettext_lazy("timeline", "Tạo khóa"),
    "open": pgettext_lazy("timeline", "Mở đăng ký"),
    "close": pgettext_lazy("timeline", "Đóng đăng ký"),
    "start": pgettext_lazy("timeline", "Bắt đầu học"),
    "complete": pgettext_lazy("timeline", "Kết thúc, tính kết quả"),
    "cancel": pgettext_lazy("timeline", "Hủy khóa"),
}


def _labelled_events(course: Course) -> list:
    events = list(events_for(course))
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        ev.to_label = (
            CourseStatus(ev.to_status).label if ev.to_status in CourseStatus.values else ev.to_status
        )
    return events


# ── Courses ────────────────────────────────────────────────────────────────────────────────────────


def courses_for_user(
    user: User,
    *,
    q: str = "",
    topic: str = "",
    status: str = "",
    organiser: int | None = None,
    kind: str = "",
):
    """Courses the user runs (drafts too) and, once published, those meant for the user's part of the tree."""
    if not user.is_authenticated:
        return Course.objects.none()
    visible = tperms.managed_q(user) | (tperms.audience_q(user) & ~Q(status=CourseStatus.DRAFT))
    qs = Course.objects.filter(pk__in=Course.objects.filter(visible).values("pk"))
    if q:
        qs = qs.filter(folded_search("title", q))
    if topic:
        # A JSON list of choice values; the quoted value cannot match inside another one.
        qs = qs.filter(topics__icontains=f'"{topic}"')
    if status:
        qs = qs.filter(status=status)
    if organiser:
        qs = qs.filter(organiser_id=organiser)
    if kind:
        qs = qs.filter(kind=kind)
    # One subquery per figure rather than a join grouped over sessions × nominations: the database works
    # them out for the rows of the page only (after ORDER BY … LIMIT), and the paginator's count()
    # leaves them out.
    sessions = Session.objects.filter(course=OuterRef("pk")).order_by()
    nominations = Nomination.objects.filter(course=OuterRef("pk")).order_by()
    return (
        qs.select_related("organiser")
        .annotate(
            first_session=Subquery(sessions.values("course").annotate(m=Min("date")).values("m")[:1]),
            n_sessions=_count_of(sessions),
            n_nominated=_count_of(nominations.filter(status__in=ACTIVE_NOMINATION)),
            n_approved=_count_of(nominations.filter(status=NominationStatus.APPROVED)),
        )
        .order_by("-registration_opens", "-id")
    )


def _count_of(related) -> Coalesce:
    """The number of rows of `related` (filtered on OuterRef) as a scalar subquery; 0 when none."""
    counted = related.values("course").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def get_course_for_user(user: User, pk: int) -> Course:
    if not user.is_authenticated:
        raise Http404
    visible = tperms.managed_q(user) | (tperms.audience_q(user) & ~Q(status=CourseStatus.DRAFT))
    course = Course.objects.filter(visible, pk=pk).select_related("organiser", "audience").first()
    if course is None:
        raise Http404
    return course


def organiser_choices(user: User):
    """Organisers that appear in the user's list, for the filter."""
    ids = courses_for_user(user).order_by().values("organiser_id")
    return OrgUnit.objects.filter(pk__in=ids).order_by("path")


def nominating_schools(user: User, course: Course) -> list[OrgUnit]:
    """The schools for which the user may send people to this course."""
    units = perms.role_units(user, "principal", "coordinator")
    return [
        u
        for u in units
        if u.is_school
        and u.path.startswith(course.audience.path)
        and (not course.levels or u.level in course.levels)
    ]


def course_abilities(user: User, course: Course) -> dict:
    manage = tperms.can_manage_course(user, course)
    live = course.status in (
        CourseStatus.DRAFT,
        CourseStatus.OPEN,
        CourseStatus.CLOSED,
        CourseStatus.IN_PROGRESS,
    )
    today = clock.today()
    window = (
        course.status == CourseStatus.OPEN
        and course.registration_opens <= today <= course.registration_closes
    )
    return {
        "can_manage": manage,
        "can_edit": manage and live,
        "can_open": manage and course.status in (CourseStatus.DRAFT, CourseStatus.CLOSED),
        "can_close": manage and course.status == CourseStatus.OPEN,
        "can_cancel": manage and live,
        "can_mark": manage
        and course.status
        in (CourseStatus.OPEN, CourseStatus.CLOSED, CourseStatus.IN_PROGRESS, CourseStatus.COMPLETED),
        "can_nominate": window and bool(nominating_schools(user, course)),
        "registration_open": window,
    }


def course_detail(user: User, course: Course) -> dict:
    sessions = list(
        course.sessions.annotate(n_present=Count("attendances", filter=Q(attendances__present=True)))
    )
    quotas = list(course.quotas.select_related("school"))
    taken = dict(
        course.nominations.filter(status__in=ACTIVE_NOMINATION)
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )
    manage = tperms.can_manage_course(user, course)
    if not manage:
        quotas = [q for q in quotas if tperms.can_see_school_training(user, q.school)]
    for quota in quotas:
        quota.taken = taken.get(quota.school_id, 0)
    plans_visible = Task.objects.filter(courses=course).exclude(plan__status=PlanStatus.DRAFT)
    return {
        "sessions": sessions,
        "materials": list(course.materials.all()),
        "quotas": quotas,
        "quota_total": sum(q.places for q in quotas),
        "tasks": list(plans_visible.select_related("plan")),
        "nominations": list(nominations_for_user(user, course)),
        "events": _labelled_events(course),
    }


# ── Nominations ────────────────────────────────────────────────────────────────────────────────────


def nominations_for_user(user: User, course: Course):
    """The organiser sees everyone; a school its own people; a person their own nominations. A pupil's
    name is seen only by those who may see the school's pupils."""
    qs = course.nominations.select_related(
        "school", "staff", "student", "completion", "certificate", "decided_by"
    ).annotate(n_present=Count("attendances", filter=Q(attendances__present=True)))
    if not tperms.can_manage_course(user, course):
        staff_q = Q(staff__isnull=False) & (
            perms.scope_q(user, "school", *tperms.NOMINATION_READERS) | Q(staff__user=user)
        )
        student_q = Q(student__isnull=False) & perms.scope_q(user, "school", *perms.STUDENT_READERS)
        qs = qs.filter(staff_q | student_q)
    return qs.order_by("school__path", "status", "id")


def nominations_visible(user: User, *, course_id: int | None = None, status: str = ""):
    """Every nomination the user may read, across courses (the API's list): the rule of
    nominations_for_user applied to all the user's courses at once."""
    if not user.is_authenticated:
        return Nomination.objects.none()
    courses = courses_for_user(user).order_by().values("pk")
    managed = Course.objects.filter(tperms.managed_q(user)).values("pk")
    staff_q = Q(staff__isnull=False) & (
        perms.scope_q(user, "school", *tperms.NOMINATION_READERS) | Q(staff__user=user)
    )
    student_q = Q(student__isnull=False) & perms.scope_q(user, "school", *perms.STUDENT_READERS)
    qs = Nomination.objects.filter(
        Q(course_id__in=managed) | (Q(course_id__in=courses) & (staff_q | student_q))
    )
    if course_id:
        qs = qs.filter(course_id=course_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("course", "school", "staff", "student", "completion", "certificate").order_by(
        "course_id", "school__path", "id"
    )


def get_nomination_for_user(user: User, pk: int) -> Nomination:
    nomination = (
        Nomination.objects.select_related("course__organiser", "course__audience", "school")
        .filter(pk=pk)
        .first()
    )
    if nomination is None:
        raise Http404
    course = get_course_for_user(user, nomination.course_id)
    if not nominations_for_user(user, course).filter(pk=pk).exists():
        raise Http404
    return nomination


def nominee_choices(user: User, course: Course, school: OrgUnit, *, q: str = "") -> dict:
    """Staff and pupils of the school that the course takes and who are not already sent."""
    taken = course.nominations.filter(status__in=ACTIVE_NOMINATION)
    staff_groups = [g for g in course.target_groups if g in StaffGroup.values]
    staff = Staff.objects.filter(unit=school, group__in=staff_groups, left_on__isnull=True).exclude(
        pk__in=taken.filter(staff__isnull=False).values("staff_id")
    )
    students = Student.objects.none()
    if TargetGroup.HS in course.target_groups and perms.can_see_students(user, school):
        students = Student.objects.filter(unit=school).exclude(
            pk__in=taken.filter(student__isnull=False).values("student_id")
        )
    if q:
        staff = staff.filter(folded_search("name", q))
        students = students.filter(folded_search("name", q))
    return {
        "staff": list(staff.order_by("group", "full_name")[:200]),
        "students": list(students.order_by("grade", "class_name", "full_name")[:200]),
    }


# ── Attendance ─────────────────────────────────────────────────────────────────────────────────────


def get_session_for_user(user: User, pk: int) -> Session:
    session = Session.objects.select_related("course").filter(pk=pk).first()
    if session is None:
        raise Http404
    get_course_for_user(user, session.course_id)
    return session


def checkoff_list(session: Session) -> list[Nomination]:
    """The approved nominees of the session's course, each with `present` as marked so far (2 queries)."""
    nominations = list(
        session.course.nominations.filter(status=NominationStatus.APPROVED)
        .select_related("school", "staff", "student")
        .order_by("school__path", "id")
    )
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list("nomination_id", flat=True)
    )
    for n in nominations:
        n.present = n.pk in present
    return nominations


def attendance_marks(course: Course) -> dict[tuple[int, int], bool]:
    return {
        (s, n): p
        for s, n, p in Attendance.objects.filter(session__course=course).values_list(
            "session_id", "nomination_id", "present"
        )
    }


def completion_rows(course: Course) -> list[Nomination]:
    return list(
        course.nominations.filter(status=NominationStatus.APPROVED)
        .select_related("school", "staff", "student", "completion", "certificate")
        .annotate(n_present=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("school__path", "id")
    )


# ── Certificates ───────────────────────────────────────────────────────────────────────────────────


def can_download_certificate(user: User, certificate: Certificate) -> bool:
    """The holder, the holder's school (the pupils' readers for a pupil) and the organiser."""
    nomination = certificate.nomination
    if not user.is_authenticated:
        return False
    if nomination.staff_id and nomination.staff.user_id == user.pk:
        return True
    if tperms.can_manage_course(user, nomination.course):
        return True
    readers = perms.STUDENT_READERS if nomination.student_id else tperms.NOMINATION_READERS
    return perms.holds(user, nomination.school, *readers)


def get_certificate_for_user(user: User, pk: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related(
            "issuer",
            "nomination__course__organiser",
            "nomination__school",
            "nomination__staff",
            "nomination__student",
        )
        .filter(pk=pk)
        .first()
    )
    if certificate is None or not can_download_certificate(user, certificate):
        raise Http404
    return certificate


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def certificate_by_code(code: str) -> Certificate | None:
    """The public verification: one certificate by its exact code, never a list."""
    code = normalise_code(code)
    if not code:
        return None
    return Certificate.objects.select_related("issuer", "nomination__course").filter(code=code).first()


def course_dates(course: Course) -> tuple[datetime.date | None, datetime.date | None]:
    days = list(course.sessions.values_list("date", flat=True))
    return (min(days), max(days)) if days else (None, None)


# ── People ─────────────────────────────────────────────────────────────────────────────────────────


def my_training(user: User) -> list[Nomination]:
    """A teacher's own courses and certificates, through the staff record linked to the account."""
    if not user.is_authenticated:
        return []
    return list(
        Nomination.objects.filter(staff__user=user)
        .exclude(course__status=CourseStatus.DRAFT)
        .select_related("course__organiser", "school", "completion", "certificate")
        .annotate(first_session=Min("course__sessions__date"))
        .order_by("-first_session", "-id")
    )


def get_staff_for_user(user: User, pk: int) -> Staff:
    staff = Staff.objects.select_related("unit", "user").filter(pk=pk).first()
    if staff is None or not (staff.user_id == user.pk or tperms.can_see_school_training(user, staff.unit)):
        raise Http404
    return staff


def staff_history(staff: Staff) -> list[Nomination]:
    return list(
        staff.nominations.exclude(course__status=CourseStatus.DRAFT)
        .select_related("course__organiser", "completion", "certificate")
        .annotate(first_session=Min("course__sessions__date"))
        .order_by("-first_session", "-id")
    )


# ── The plan ───────────────────────────────────────────────────────────────────────────────────────


def attachable_assignments(user: User, course: Course) -> list[Assignment]:
    """The user's schools' assignments of the tasks this course serves, still open to evidence."""
    schools = [u.pk for u in perms.role_units(user, "principal", "coordinator") if u.is_school]
    if not schools:
        return []
    return list(
        Assignment.objects.filter(
            task__courses=course,
            unit_id__in=schools,
            task__plan__status=PlanStatus.ISSUED,
            status__in=["not_started", "in_progress", "returned"],
        )
        .select_related("task", "unit")
        .exclude(evidence__record_ref=f"training.course:{course.pk}")
    )


def courses_for_task(user: User, task: Task):
    return courses_for_user(user).filter(tasks=task)


# ── Coverage ───────────────────────────────────────────────────────────────────────────────────────


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The plan's year 2024 is school year 2023-2024: September 2023 to August 2024."""
    return datetime.date(year - 1, 9, 1), datetime.date(year, 8, 31)


def current_plan_year() -> int:
    today = clock.today()
    return today.year + 1 if today.month >= 9 else today.year


def courses_in_year(year: int, among=None):
    """Courses (not cancelled) whose first session falls in the plan's school year; `among` (ids or a
    subquery of ids) narrows them before their sessions are aggregated."""
    start, end = school_year_bounds(year)
    courses = Course.objects.all() if among is None else Course.objects.filter(pk__in=among)
    return (
        courses.exclude(status=CourseStatus.CANCELLED)
        .annotate(first=Min("sessions__date"))
        .filter(first__gte=start, first__lte=end)
        .values("pk")
    )


def participation(school_ids: list[int], year: int):
    """(school id, level, staff group or None for a pupil, course topics) for every approved nominee who
    attended at least one session or completed, in courses of the year: one query."""
    present = Attendance.objects.filter(nomination=OuterRef("pk"), present=True)
    return (
        Nomination.objects.filter(
            school_id__in=school_ids, status=NominationStatus.APPROVED, course_id__in=courses_in_year(year)
        )
        .filter(Q(completion__completed=True) | Exists(present))
        .values_list("school_id", "school__level", "staff__group", "course__topics")
    )


@dataclass
class SchoolParticipation:
    level: str
    groups: set[str] = field(default_factory=set)  # target groups with someone who took part
    covered: set[str] = field(default_factory=set)  # … in a course on a coverage topic


def participation_by_school(school_ids: list[int], year: int) -> dict[int, SchoolParticipation]:
    """Per school that took part in courses of the year: its level, the target groups that took part, and
    those that took part in a course on a coverage topic (COVERAGE_TOPICS). Grouped in the database: two
    queries (the year's courses with their topics, then one row per school and group), so the cost
    does not grow with the number of nominees; memoised for the request (both training indicators use it).
    """
    key = ("training.participation_by_school", year, clock.today(), tuple(sorted(school_ids)))
    return request_memo(key, lambda: _participation_by_school(school_ids, year))


def _participation_by_school(school_ids: list[int], year: int) -> dict[int, SchoolParticipation]:
    if not school_ids:
        return {}
    # The year's courses these schools nominated to (a school's few, a city's thousands) with their topics.
    nominated = Nomination.objects.filter(school_id__in=school_ids).values("course_id")
    year_courses = courses_in_year(year, among=nominated)
    courses = dict(Course.objects.filter(pk__in=year_courses).values_list("pk", "topics"))
    if not courses:
        return {}
    coverage = [pk for pk, topics in courses.items() if set(topics or []) & set(COVERAGE_TOPICS)]
    present = Attendance.objects.filter(nomination=OuterRef("pk"), present=True)
    rows = (
        # The year's courses as a subquery: a city's 5,000 ids as parameters cost psycopg 0.4 s to bind.
        Nomination.objects.filter(
            school_id__in=school_ids, status=NominationStatus.APPROVED, course_id__in=year_courses
        )
        .filter(Q(completion__completed=True) | Exists(present))
        .order_by()
        .values("school_id", "school__level", "staff__group")
        .annotate(n_covered=Count("pk", filter=Q(course_id__in=coverage)))
        .values_list("school_id", "school__level", "staff__group", "n_covered")
    )
    found: dict[int, SchoolParticipation] = {}
    for school_id, level, group, n_covered in rows:
        school = found.setdefault(school_id, SchoolParticipation(level=level))
        school.groups.add(group or TargetGroup.HS)
        if n_covered:
            school.covered.add(group or TargetGroup.HS)
    return found


@dataclass
class CoverageCell:
    group: str
    expected: bool
    topics: set[str] = field(default_factory=set)

    @property
    def covered(self) -> bool:
        return bool(self.topics)

    @property
    def topic_labels(self) -> list[str]:
        return [str(t.label) for t in Topic if t.value in self.topics]

    @property
    def missing(self) -> bool:
        return self.expected and not self.topics


@dataclass
class CoverageRow:
    school: OrgUnit
    cells: list[CoverageCell]

    @property
    def covered(self) -> bool:
        return all(c.covered for c in self.cells if c.expected)

    @property
    def took_part(self) -> bool:
        return any(c.covered for c in self.cells)


@dataclass
class Coverage:
    year: int
    topics: tuple[str, ...]
    rows: list[CoverageRow]

    @property
    def by_level(self) -> list[dict]:
        out = []
        for level in SchoolLevel.values:
            rows = [r for r in self.rows if r.school.level == level]
            if rows:
                out.append(
                    {
                        "level": level,
                        "label": SchoolLevel(level).label,
                        "schools": len(rows),
                        "covered": sum(r.covered for r in rows),
                        "took_part": sum(r.took_part for r in rows),
                    }
                )
        return out

    @property
    def covered(self) -> int:
        return sum(r.covered for r in self.rows)

    @property
    def took_part(self) -> int:
        return sum(r.took_part for r in self.rows)


def coverage_schools(user: User, *, level: str = "") -> list[OrgUnit]:
    units = perms.role_units(user)
    if not units:
        return []
    qs = OrgUnit.objects.active().schools().within(units)
    if level:
        qs = qs.filter(level=level)
    return list(qs.order_by("level", "path"))


def coverage_matrix(
    user: User, *, year: int, topics: tuple[str, ...] = COVERAGE_TOPICS, level: str = ""
) -> Coverage:
    """Target group × school (by level): the topics each group took part in. Two queries, whatever the
    number of schools."""
    schools = coverage_schools(user, level=level)
    seen: dict[tuple[int, str], set[str]] = {}
    for school_id, _level, group, course_topics in participation([s.pk for s in schools], year):
        wanted = {t for t in course_topics or [] if t in topics}
        if wanted:
            seen.setdefault((school_id, group or TargetGroup.HS), set()).update(wanted)
    rows = []
    for school in schools:
        expected = expected_groups(school.level)
        rows.append(
            CoverageRow(
                school=school,
                cells=[
                    CoverageCell(group=g, expected=g in expected, topics=seen.get((school.pk, g), set()))
                    for g in ALL_GROUPS
                ],
            )
        )
    return Coverage(year=year, topics=tuple(topics), rows=rows)
