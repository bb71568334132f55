"""Writes of the training app: courses, quotas, nominations, attendance, completion, certificates.

Every function takes keyword-only arguments, checks permission, runs in a transaction and records an
event for every status change (STYLE examples 2 and 5). Messages are Vietnamese and say what to do.
"""

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sangtao.accounts.models import Role, Staff, Student, User
from sangtao.accounts.services import notify
from sangtao.core import clock, xlsx
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.locking import version_claim
from sangtao.core.text import fold
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit, UnitKind
from sangtao.plans import services as plan_services
from sangtao.plans.models import Assignment

from . import permissions as tperms
from .models import (
    ACTIVE_NOMINATION,
    Attendance,
    Certificate,
    Completion,
    Course,
    CourseMaterial,
    CourseStatus,
    Nomination,
    NominationStatus,
    Quota,
    Session,
    TargetGroup,
)

AUDIENCE_KINDS = (UnitKind.AUTHORITY, UnitKind.OBSERVER)
COURSE_FIELDS = (
    "title",
    "kind",
    "topics",
    "description",
    "audience",
    "mode",
    "venue",
    "credit_hours",
    "target_groups",
    "levels",
    "capacity",
    "registration_opens",
    "registration_closes",
    "completion_min_percent",
    "signer_name",
    "signer_title",
    "place",
)
# A course can still be changed (sessions, quotas, details) until it ends or is cancelled.
LIVE = (CourseStatus.DRAFT, CourseStatus.OPEN, CourseStatus.CLOSED, CourseStatus.IN_PROGRESS)
# Base32 without the letters and digits that people confuse when they type a code from paper (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDeniedError(message)


def _full_clean(obj):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


def _url(course: Course) -> str:
    return reverse("training:course", args=[course.pk])


def _school_people(school_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__unit_id__in=list(school_ids),
            role_assignments__role__in=[Role.PRINCIPAL, Role.COORDINATOR],
        ).distinct()
    )


def _manage(actor: User, course: Course):
    _require(
        tperms.can_manage_course(actor, course),
        _("Chỉ đơn vị tổ chức khóa “%(c)s” mới thực hiện được thao tác này.") % {"c": course.title[:80]},
    )


def _lock(course: Course) -> Course:
    """Re-read the course under a lock: two schools may take the last places at once."""
    return Course.objects.select_for_update().select_related("organiser", "audience").get(pk=course.pk)


def _set_status(actor: User, course: Course, new: str, action: str, reason: str = "") -> Course:
    old = course.status
    course.status = new
    course.save(update_fields=["status", "cancel_reason", "updated_at"])
    event_record(target=course, actor=actor, action=action, from_status=old, to_status=new, reason=reason)
    return course


# ── Courses ────────────────────────────────────────────────────────────────────────────────────────


def _check_audience(audience: OrgUnit | None):
    if audience is None or audience.kind not in AUDIENCE_KINDS:
        raise ApplicationError(
            _("Hãy chọn cơ quan có các trường được cử người tham gia (phòng, sở hoặc quận).")
        )


def default_audience(organiser: OrgUnit) -> OrgUnit:
    """A partner agency trains the district's schools: its parent (the district); an authority its own."""
    if organiser.kind == UnitKind.PARTNER and organiser.parent_id:
        return organiser.parent
    return organiser


@transaction.atomic
def course_create(*, actor: User, organiser: OrgUnit, tasks: Iterable = (), **fields) -> Course:
    _require(
        tperms.can_organise(actor, organiser),
        _("Bạn không có quyền tổ chức khóa bồi dưỡng cho đơn vị “%(u)s”.") % {"u": organiser.name},
    )
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise ApplicationError(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if not fields.get("audience"):
        fields["audience"] = default_audience(organiser)
    _check_audience(fields["audience"])
    course = Course(organiser=organiser, created_by=actor, status=CourseStatus.DRAFT, **fields)
    if not course.signer_name:
        course.signer_name = organiser.head_name
    _full_clean(course)
    course.save()
    course.tasks.set(list(tasks))
    event_record(target=course, actor=actor, action="create", to_status=course.status)
    return course


@transaction.atomic
def course_update(
    *, actor: User, course: Course, tasks: Iterable | None = None, version: int | None = None, **fields
) -> Course:
    version_claim(course, version)  # refuses an edit started before someone else's save
    course = _lock(course)
    _manage(actor, course)
    if course.status not in LIVE:
        raise ConflictError(_("Khóa đã kết thúc hoặc đã hủy, không sửa được."))
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise ApplicationError(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "audience" in fields:
        _check_audience(fields["audience"])
    for name, value in fields.items():
        setattr(course, name, value)
    _full_clean(course)
    course.save()
    if tasks is not None:
        course.tasks.set(list(tasks))
    return course


@transaction.atomic
def course_open(*, actor: User, course: Course) -> Course:
    """Open (or reopen) registration; the schools that have a quota are told."""
    course = _lock(course)
    _manage(actor, course)
    if course.status not in (CourseStatus.DRAFT, CourseStatus.CLOSED):
        raise ConflictError(_("Chỉ mở đăng ký được khóa đang là dự thảo hoặc đã hết hạn đăng ký."))
    if not course.sessions.exists():
        raise ApplicationError(_("Hãy thêm ít nhất một buổi học trước khi mở đăng ký."))
    _set_status(actor, course, CourseStatus.OPEN, "open")
    schools = list(course.quotas.filter(places__gt=0).values_list("school_id", flat=True))
    notify(
        users=_school_people(schools),
        title=_("Mở đăng ký: %(c)s") % {"c": course.title[:150]},
        body=_("Đơn vị được giao chỉ tiêu cử người tham gia; hạn đăng ký %(d)s.")
        % {"d": course.registration_closes.strftime("%d/%m/%Y")},
        url=_url(course),
        dedupe_key=f"course-open:{course.pk}",
    )
    return course


@transaction.atomic
def course_close(*, actor: User, course: Course) -> Course:
    """Stop taking nominations (the organiser may still approve or decline those waiting)."""
    course = _lock(course)
    _manage(actor, course)
    if course.status != CourseStatus.OPEN:
        raise ConflictError(_("Chỉ đóng đăng ký được khóa đang nhận đăng ký."))
    return _set_status(actor, course, CourseStatus.CLOSED, "close")


@transaction.atomic
def course_cancel(*, actor: User, course: Course, reason: str) -> Course:
    course = _lock(course)
    _manage(actor, course)
    if course.status not in LIVE:
        raise ConflictError(_("Khóa đã kết thúc hoặc đã hủy."))
    if not (reason or "").strip():
        raise ApplicationError(_("Hãy ghi lý do hủy khóa để các trường biết."))
    course.cancel_reason = reason.strip()
    _set_status(actor, course, CourseStatus.CANCELLED, "cancel", reason=course.cancel_reason)
    active = list(course.nominations.filter(status__in=ACTIVE_NOMINATION).select_related("staff__user"))
    users = _school_people({n.school_id for n in active}) + [
        n.staff.user for n in active if n.staff_id and n.staff.user
    ]
    notify(
        users=users,
        title=_("Hủy khóa: %(c)s") % {"c": course.title[:150]},
        body=course.cancel_reason,
        url=_url(course),
    )
    return course


def _start_if_needed(actor: User, course: Course):
    if course.status in (CourseStatus.OPEN, CourseStatus.CLOSED):
        _set_status(actor, course, CourseStatus.IN_PROGRESS, "start")


@transaction.atomic
def session_add(*, actor: User, course: Course, **fields) -> Session:
    course = _lock(course)
    _manage(actor, course)
    if course.status not in LIVE:
        raise ConflictError(_("Khóa đã kết thúc hoặc đã hủy, không thêm buổi được."))
    session = Session(course=course, **fields)
    _full_clean(session)
    session.save()
    return session


@transaction.atomic
def session_remove(*, actor: User, session: Session) -> None:
    course = _lock(session.course)
    _manage(actor, course)
    if session.attendances.exists():
        raise ConflictError(_("Buổi học đã được điểm danh, không xóa được."))
    session.delete()


@transaction.atomic
def material_add(*, actor: User, course: Course, title: str, file) -> CourseMaterial:
    _manage(actor, course)
    try:
        validate_upload(file)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc
    material = CourseMaterial(course=course, title=title.strip() or file.name, file=file, uploaded_by=actor)
    _full_clean(material)
    material.save()
    return material


@transaction.atomic
def material_remove(*, actor: User, material: CourseMaterial) -> None:
    _manage(actor, material.course)
    material.file.delete(save=False)
    material.delete()


# ── Quotas ─────────────────────────────────────────────────────────────────────────────────────────


def _check_school_fits(course: Course, school: OrgUnit):
    if not school.is_school or not school.path.startswith(course.audience.path):
        raise ApplicationError(_("“%(s)s” không thuộc các trường mà khóa này dành cho.") % {"s": school.name})
    if course.levels and school.level not in course.levels:
        raise ApplicationError(
            _("Khóa này dành cho cấp %(l)s; “%(s)s” là trường cấp %(x)s.")
            % {"l": ", ".join(course.levels), "s": school.name, "x": school.level or "?"}
        )


@transaction.atomic
def quota_set(*, actor: User, course: Course, school: OrgUnit, places: int) -> Quota | None:
    """Give a school `places` places (0 removes its quota). Quotas never add up to more than the capacity."""
    course = _lock(course)
    _manage(actor, course)
    if course.status not in LIVE:
        raise ConflictError(_("Khóa đã kết thúc hoặc đã hủy."))
    places = int(places)
    if places < 0:
        raise ApplicationError(_("Số chỗ không được âm."))
    _check_school_fits(course, school)
    taken = course.nominations.filter(school=school, status__in=ACTIVE_NOMINATION).count()
    if places < taken:
        raise ApplicationError(
            _("“%(s)s” đã cử %(n)d người; chỉ tiêu không thể ít hơn.") % {"s": school.name, "n": taken}
        )
    others = sum(course.quotas.exclude(school=school).values_list("places", flat=True))
    if others + places > course.capacity:
        raise ApplicationError(
            _("Tổng chỉ tiêu (%(t)d) vượt quá số chỗ của khóa (%(c)d).")
            % {"t": others + places, "c": course.capacity}
        )
    if places == 0:
        course.quotas.filter(school=school).delete()
        return None
    quota, _created = Quota.objects.update_or_create(
        course=course, school=school, defaults={"places": places}
    )
    if course.status == CourseStatus.OPEN:
        notify(
            users=_school_people([school.pk]),
            title=_("Chỉ tiêu cử người: %(c)s") % {"c": course.title[:150]},
            body=_("Đơn vị được cử %(n)d người; hạn đăng ký %(d)s.")
            % {"n": places, "d": course.registration_closes.strftime("%d/%m/%Y")},
            url=_url(course),
        )
    return quota


# ── Nominations ────────────────────────────────────────────────────────────────────────────────────


def _check_window(course: Course):
    today = clock.today()
    if course.status != CourseStatus.OPEN:
        raise ConflictError(
            _("Khóa “%(c)s” không nhận đăng ký (trạng thái: %(s)s).")
            % {"c": course.title[:80], "s": course.get_status_display()}
        )
    if today < course.registration_opens:
        raise ConflictError(
            _("Khóa chưa mở đăng ký: đăng ký từ ngày %(d)s.")
            % {"d": course.registration_opens.strftime("%d/%m/%Y")}
        )
    if today > course.registration_closes:
        raise ConflictError(
            _("Đã hết hạn đăng ký (hạn %(d)s).") % {"d": course.registration_closes.strftime("%d/%m/%Y")}
        )


def _check_person(course: Course, school: OrgUnit, staff: Staff | None, student: Student | None):
    if (staff is None) == (student is None):
        raise ApplicationError(_("Hãy chọn một cán bộ, giáo viên, nhân viên hoặc một học sinh."))
    person = staff or student
    if person.unit_id != school.pk:
        raise ApplicationError(_("“%(p)s” không thuộc danh sách của trường.") % {"p": person.full_name})
    group = staff.group if staff else TargetGroup.HS
    if group not in course.target_groups:
        raise ApplicationError(
            _("Khóa này dành cho %(g)s; “%(p)s” thuộc nhóm %(x)s.")
            % {"g": ", ".join(course.group_labels), "p": person.full_name, "x": TargetGroup(group).label}
        )
    if staff is not None and staff.left_on:
        raise ApplicationError(_("“%(p)s” đã nghỉ hoặc chuyển công tác.") % {"p": staff.full_name})
    same = Q(staff=staff) if staff else Q(student=student)
    if course.nominations.filter(same, status__in=ACTIVE_NOMINATION).exists():
        raise ConflictError(_("“%(p)s” đã được cử vào khóa này.") % {"p": person.full_name})


def _check_quota(course: Course, school: OrgUnit):
    quotas = dict(course.quotas.values_list("school_id", "places"))
    if not quotas:
        return
    places = quotas.get(school.pk, 0)
    if places == 0:
        raise ApplicationError(_("Trường chưa được giao chỉ tiêu cử người cho khóa này."))
    taken = course.nominations.filter(school=school, status__in=ACTIVE_NOMINATION).count()
    if taken >= places:
        raise ApplicationError(_("Trường đã cử đủ chỉ tiêu (%(n)d/%(p)d người).") % {"n": taken, "p": places})


@transaction.atomic
def nominate(
    *,
    actor: User,
    course: Course,
    school: OrgUnit,
    staff: Staff | None = None,
    student: Student | None = None,
    note: str = "",
) -> Nomination:
    course = _lock(course)
    _require(
        tperms.can_nominate_for(actor, school),
        _("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường mới cử người đi bồi dưỡng."),
    )
    _check_window(course)
    _check_school_fits(course, school)
    _check_person(course, school, staff, student)
    _check_quota(course, school)
    nomination = Nomination(
        course=course, school=school, staff=staff, student=student, note=note, nominated_by=actor
    )
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:  # the same person sent twice at the same moment
        raise ConflictError(_("Người này đã được cử vào khóa này.")) from exc
    event_record(target=nomination, actor=actor, action="nominate", to_status=nomination.status)
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor: User, nomination: Nomination, reason: str = "") -> Nomination:
    course = _lock(nomination.course)
    _require(
        tperms.can_nominate_for(actor, nomination.school), _("Chỉ trường đã cử mới rút được người được cử.")
    )
    if nomination.status not in ACTIVE_NOMINATION:
        raise ConflictError(_("Chỉ rút được người đang chờ duyệt hoặc đã được duyệt."))
    if course.status not in (CourseStatus.OPEN, CourseStatus.CLOSED):
        raise ConflictError(_("Khóa đã bắt đầu hoặc đã kết thúc, không rút được nữa."))
    old = nomination.status
    nomination.status = NominationStatus.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    event_record(
        target=nomination,
        actor=actor,
        action="withdraw",
        from_status=old,
        to_status=nomination.status,
        reason=reason,
    )
    return nomination


def _tell_nominee(nomination: Nomination, title: str, body: str = ""):
    users = _school_people([nomination.school_id])
    if nomination.staff_id and nomination.staff.user_id:
        users.append(nomination.staff.user)
    notify(users=users, title=title, body=body, url=_url(nomination.course))


@transaction.atomic
def nomination_approve(*, actor: User, nomination: Nomination) -> Nomination:
    course = _lock(nomination.course)
    _manage(actor, course)
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("staff__user", "student")
        .get(pk=nomination.pk)
    )
    if nomination.status != NominationStatus.NOMINATED:
        raise ConflictError(_("Chỉ duyệt được người đang chờ duyệt."))
    if course.status not in (CourseStatus.OPEN, CourseStatus.CLOSED, CourseStatus.IN_PROGRESS):
        raise ConflictError(
            _("Khóa không còn nhận người (trạng thái: %(s)s).") % {"s": course.get_status_display()}
        )
    approved = course.nominations.filter(status=NominationStatus.APPROVED).count()
    if approved >= course.capacity:
        raise ConflictError(_("Khóa đã đủ %(n)d chỗ.") % {"n": course.capacity})
    nomination.status = NominationStatus.APPROVED
    nomination.decided_by = actor
    nomination.decided_at = clock.now()
    nomination.decline_reason = ""
    nomination.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
    event_record(
        target=nomination,
        actor=actor,
        action="approve",
        from_status=NominationStatus.NOMINATED,
        to_status=nomination.status,
    )
    _tell_nominee(
        nomination,
        _("Được duyệt tham gia: %(c)s") % {"c": course.title[:150]},
        _("%(p)s được duyệt tham gia khóa.") % {"p": nomination.person_name},
    )
    return nomination


@transaction.atomic
def nomination_decline(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
    course = _lock(nomination.course)
    _manage(actor, course)
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("staff__user", "student")
        .get(pk=nomination.pk)
    )
    if not (reason or "").strip():
        raise ApplicationError(_("Hãy ghi lý do không duyệt để trường biết."))
    if nomination.status not in ACTIVE_NOMINATION:
        raise ConflictError(_("Chỉ từ chối được người đang chờ duyệt hoặc đã được duyệt."))
    if nomination.attendances.filter(present=True).exists():
        raise ConflictError(_("Người này đã có mặt ở buổi học, không từ chối được nữa."))
    old = nomination.status
    nomination.status = NominationStatus.DECLINED
    nomination.decline_reason = reason.strip()
    nomination.decided_by = actor
    nomination.decided_at = clock.now()
    nomination.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
    event_record(
        target=nomination,
        actor=actor,
        action="decline",
        from_status=old,
        to_status=nomination.status,
        reason=nomination.decline_reason,
    )
    _tell_nominee(
        nomination,
        _("Không được duyệt: %(c)s") % {"c": course.title[:150]},
        _("%(p)s: %(r)s") % {"p": nomination.person_name, "r": nomination.decline_reason},
    )
    return nomination


# ── Attendance ─────────────────────────────────────────────────────────────────────────────────────


def _check_markable(course: Course, session: Session):
    if course.status not in (
        CourseStatus.OPEN,
        CourseStatus.CLOSED,
        CourseStatus.IN_PROGRESS,
        CourseStatus.COMPLETED,
    ):
        raise ConflictError(_("Khóa chưa mở hoặc đã hủy, không điểm danh được."))
    if session.date > clock.today():
        raise ConflictError(
            _("Buổi học ngày %(d)s chưa diễn ra, chưa điểm danh được.")
            % {"d": session.date.strftime("%d/%m/%Y")}
        )


def _write_marks(actor: User, session: Session, marks: dict[int, bool]):
    """Upsert one row per (session, nomination): one query to read, at most two to write."""
    now = clock.now()
    existing = {
        a.nomination_id: a for a in Attendance.objects.filter(session=session, nomination_id__in=marks)
    }
    new, changed = [], []
    for nomination_id, present in marks.items():
        row = existing.get(nomination_id)
        if row is None:
            new.append(
                Attendance(
                    session=session,
                    nomination_id=nomination_id,
                    present=present,
                    marked_by=actor,
                    marked_at=now,
                )
            )
        elif row.present != present:
            row.present, row.marked_by, row.marked_at = present, actor, now
            changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["present", "marked_by", "marked_at"])


@transaction.atomic
def attendance_mark(*, actor: User, session: Session, present_ids: Iterable[int]) -> int:
    """The check-off list of one session: every approved nominee is present (ticked) or absent."""
    course = _lock(session.course)
    _manage(actor, course)
    _check_markable(course, session)
    approved = set(course.nominations.filter(status=NominationStatus.APPROVED).values_list("pk", flat=True))
    present = {int(i) for i in present_ids}
    stray = present - approved
    if stray:
        raise ApplicationError(
            _("Có người trong danh sách điểm danh không thuộc danh sách được duyệt của khóa.")
        )
    _write_marks(actor, session, {pk: pk in present for pk in approved})
    _start_if_needed(actor, course)
    return len(present)


PRESENT_WORDS = {"x", "1", "co", "co mat", "v", "yes", "present", "✓", "✔"}
ABSENT_WORDS = {"0", "vang", "khong", "no", "absent", "-"}


def presence(raw):
    if raw is None:
        return False
    word = fold(xlsx.as_text(raw))
    if word in PRESENT_WORDS:
        return True
    if word in ABSENT_WORDS or word == "":
        return False
    raise xlsx.CellError(
        _("“%(v)s” không hợp lệ: ghi x (có mặt) hoặc để trống (vắng).") % {"v": xlsx.as_text(raw)}
    )


presence.accepts_none = True


@transaction.atomic
def attendance_import(*, actor: User, course: Course, file) -> xlsx.ImportResult:
    """The course's attendance sheet (one row per nominee, one column per session), all or nothing."""
    from .sheets import attendance_columns  # the sheet knows the course's sessions

    course = _lock(course)
    _manage(actor, course)
    sessions = list(course.sessions.all())
    columns = attendance_columns(sessions)
    read = xlsx.read_rows(file, columns)
    result = xlsx.ImportResult(errors=list(read.errors))
    if any(e.row_number <= 1 for e in read.errors):
        return result
    code_header = str(columns[0].header)
    result.errors += xlsx.duplicate_errors(read.rows, lambda r: r.get("code"), code_header)
    approved = {n.pk: n for n in course.nominations.filter(status=NominationStatus.APPROVED)}
    today = clock.today()
    marks: dict[int, dict[int, bool]] = {s.pk: {} for s in sessions}
    for row in read.rows:
        code = row.get("code")
        if code is None:
            continue
        if code not in approved:
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    code_header,
                    _("Mã %(c)s không phải người được duyệt của khóa này.") % {"c": code},
                )
            )
            continue
        for session in sessions:
            value = row.get(f"s{session.pk}")
            if value and session.date > today:
                result.errors.append(
                    xlsx.RowError(
                        row.row_number,
                        str(next(c.header for c in columns if c.attr == f"s{session.pk}")),
                        _("Buổi học ngày %(d)s chưa diễn ra.") % {"d": session.date.strftime("%d/%m/%Y")},
                    )
                )
            elif session.date <= today:
                marks[session.pk][code] = bool(value)
    result.errors.sort(key=lambda e: (e.row_number, e.column))
    if result.errors:
        return result
    if course.status not in (
        CourseStatus.OPEN,
        CourseStatus.CLOSED,
        CourseStatus.IN_PROGRESS,
        CourseStatus.COMPLETED,
    ):
        raise ConflictError(_("Khóa chưa mở hoặc đã hủy, không điểm danh được."))
    for session in sessions:
        if marks[session.pk]:
            _write_marks(actor, session, marks[session.pk])
            result.updated += len(marks[session.pk])
    _start_if_needed(actor, course)
    return result


# ── Completion and certificates ────────────────────────────────────────────────────────────────────


@transaction.atomic
def completions_compute(*, actor: User, course: Course) -> list[Completion]:
    """Apply the course's rule (attended ≥ N% of the sessions) to every approved nominee; once every
    session has taken place the course is completed. Safe to run again after a correction."""
    course = _lock(course)
    _manage(actor, course)
    if course.status not in (
        CourseStatus.CLOSED,
        CourseStatus.IN_PROGRESS,
        CourseStatus.COMPLETED,
        CourseStatus.OPEN,
    ):
        raise ConflictError(_("Khóa chưa diễn ra hoặc đã hủy."))
    sessions = list(course.sessions.all())
    if not sessions:
        raise ApplicationError(_("Khóa chưa có buổi học nào."))
    if any(s.date > clock.today() for s in sessions):
        raise ConflictError(_("Khóa còn buổi học chưa diễn ra; hãy tính kết quả sau buổi cuối."))
    total = len(sessions)
    nominations = list(
        course.nominations.filter(status=NominationStatus.APPROVED)
        .annotate(attended=Count("attendances", filter=Q(attendances__present=True)))
        .select_related("completion")
    )
    now = clock.now()
    done = []
    for nomination in nominations:
        completed = nomination.attended * 100 >= course.completion_min_percent * total
        completion = getattr(nomination, "completion", None)
        before = completion.completed if completion else None
        completion = completion or Completion(nomination=nomination)
        completion.completed = completed
        completion.sessions_attended = nomination.attended
        completion.sessions_total = total
        completion.computed_at = now
        completion.save()
        if before != completed:
            event_record(
                target=completion,
                actor=actor,
                action="compute",
                from_status="" if before is None else ("completed" if before else "not_completed"),
                to_status="completed" if completed else "not_completed",
            )
        done.append(completion)
    if course.status != CourseStatus.COMPLETED:
        _start_if_needed(actor, course)
        _set_status(actor, course, CourseStatus.COMPLETED, "complete")
    return done


@transaction.atomic
def completion_results_save(*, actor: User, course: Course, results: dict[int, str]) -> int:
    """The organiser's result or score for each nominee (free text, e.g. "Đạt", "8,5")."""
    _manage(actor, course)
    rows = list(Completion.objects.filter(nomination__course=course, nomination_id__in=list(results)))
    for row in rows:
        row.result = (results[row.nomination_id] or "").strip()[:255]
    Completion.objects.bulk_update(rows, ["result"])
    return len(rows)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def certificate_issue(*, actor: User, course: Course) -> list[Certificate]:
    """A certificate for every completer who has none yet (running it twice issues nothing new)."""
    course = _lock(course)
    _manage(actor, course)
    if course.status != CourseStatus.COMPLETED:
        raise ConflictError(_("Chỉ cấp giấy chứng nhận khi khóa đã kết thúc và đã tính kết quả."))
    completers = list(
        course.nominations.filter(
            status=NominationStatus.APPROVED, completion__completed=True, certificate__isnull=True
        ).select_related("staff__user", "student")
    )
    today = clock.today()
    made = []
    for nomination in completers:
        certificate = Certificate(
            nomination=nomination,
            code=new_code(),
            holder_name=nomination.person_name,
            issued_on=today,
            issuer=course.organiser,
            signer_name=course.signer_name or course.organiser.head_name,
            signer_title=course.signer_title,
            issued_by=actor,
        )
        while Certificate.objects.filter(code=certificate.code).exists():  # 31^10 codes: practically never
            certificate.code = new_code()
        certificate.save()
        event_record(target=certificate, actor=actor, action="issue", to_status="valid")
        made.append(certificate)
    for certificate in made:
        nomination = certificate.nomination
        if nomination.staff_id and nomination.staff.user_id:
            notify(
                users=[nomination.staff.user],
                title=_("Giấy chứng nhận: %(c)s") % {"c": course.title[:150]},
                body=_("Mã giấy chứng nhận: %(code)s") % {"code": certificate.code},
                url=reverse("training:mine"),
            )
    if made:
        notify(
            users=_school_people({c.nomination.school_id for c in made}),
            title=_("Đã cấp giấy chứng nhận: %(c)s") % {"c": course.title[:150]},
            url=_url(course),
        )
    return made


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("nomination__course__organiser")
        .get(pk=certificate.pk)
    )
    _manage(actor, certificate.nomination.course)
    if certificate.is_revoked:
        raise ConflictError(_("Giấy chứng nhận đã bị thu hồi."))
    if not (reason or "").strip():
        raise ApplicationError(_("Hãy ghi lý do thu hồi."))
    certificate.revoked_at = clock.now()
    certificate.revoke_reason = reason.strip()
    certificate.revoked_by = actor
    certificate.save(update_fields=["revoked_at", "revoke_reason", "revoked_by", "updated_at"])
    event_record(
        target=certificate,
        actor=actor,
        action="revoke",
        from_status="valid",
        to_status="revoked",
        reason=certificate.revoke_reason,
    )
    return certificate


# ── The plan: a course as evidence of a school's assignment ───────────────────────────────────────


@transaction.atomic
def course_evidence_attach(*, actor: User, course: Course, assignment: Assignment):
    """The school attaches the course (with its people) as evidence of its assignment of a task the
    course serves: the task page then leads to the course, and the course page shows the task."""
    if not course.tasks.filter(pk=assignment.task_id).exists():
        raise ApplicationError(_("Khóa này không phục vụ nhiệm vụ đã chọn."))
    if not course.nominations.filter(school=assignment.unit, status=NominationStatus.APPROVED).exists():
        raise ApplicationError(_("Trường chưa có người được duyệt tham gia khóa này."))
    ref = f"training.course:{course.pk}"
    if assignment.evidence.filter(record_ref=ref).exists():
        raise ConflictError(_("Khóa này đã là minh chứng của nhiệm vụ."))
    return plan_services.evidence_add(
        actor=actor,
        assignment=assignment,
        kind="record",
        title=_("Khóa bồi dưỡng: %(c)s") % {"c": course.title[:200]},
        record_ref=ref,
    )
