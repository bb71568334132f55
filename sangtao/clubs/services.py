"""Writes of the clubs app: register and change clubs, members, the activity log, and the office's rule.

Every function takes keyword-only arguments, checks permission, runs in a transaction and records an
event for every status change (STYLE examples 2 and 5). Whether a club is active is never written: it
is computed (selectors.club_activity_status).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangtao.accounts.models import Staff, Student, User
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.locking import version_claim
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, UnitKind
from sangtao.plans import services as plan_services
from sangtao.plans.models import Assignment, Evidence, EvidenceKind

from . import permissions as club_perms
from .models import (
    IMAGE_EXTENSIONS,
    ActivityRule,
    Club,
    ClubActivity,
    ClubActivityFile,
    ClubMember,
    ClubStatus,
    MemberRole,
)

CLUB_FIELDS = (
    "name",
    "club_type",
    "decision_number",
    "decision_date",
    "decision_file",
    "meeting_schedule",
    "description",
)
DECISION_TYPES = {"pdf", "docx", "doc", "odt", "png", "jpg", "jpeg"}


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDeniedError(message)


def _full_clean(obj):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


def _check_file(uploaded, allowed: set[str] | None = None) -> str:
    try:
        return validate_upload(uploaded, allowed=allowed)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


def _not_closed(club: Club):
    if club.status == ClubStatus.CLOSED:
        raise ConflictError(_("Câu lạc bộ đã giải thể: không thay đổi được nữa."))


def _not_future(day: datetime.date | None, message: str):
    if day is not None and day > clock.today():
        raise ApplicationError(message)


def _locked(club: Club) -> Club:
    return Club.objects.select_for_update().select_related("unit").get(pk=club.pk)


def _check_advisers(unit: OrgUnit, advisers: Iterable[Staff]) -> list[Staff]:
    advisers = list(advisers)
    if any(s.unit_id != unit.pk for s in advisers):
        raise ApplicationError(_("Giáo viên phụ trách phải là cán bộ, giáo viên của trường."))
    return advisers


# ── Clubs ──────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def club_register(
    *,
    actor: User,
    unit: OrgUnit,
    name: str,
    club_type: str,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_file=None,
    advisers: Iterable[Staff] = (),
    meeting_schedule: str = "",
    description: str = "",
    members: Iterable[Staff | Student] = (),
    joined_on: datetime.date | None = None,
) -> Club:
    """A school registers a club, with its advisers and first members (who join on `joined_on`, by default
    the founding decision's date, or today)."""
    _require(
        unit.kind in IMPLEMENTING_KINDS and club_perms.can_manage_clubs(actor, unit),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới đăng ký câu lạc bộ."),
    )
    if unit.closed_on is not None:
        raise ConflictError(_("Đơn vị đã giải thể hoặc sáp nhập."))
    _not_future(decision_date, _("Ngày quyết định không được sau hôm nay."))
    if decision_file:
        _check_file(decision_file, DECISION_TYPES)
    club = Club(
        unit=unit,
        name=(name or "").strip(),
        club_type=club_type,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_file=decision_file or "",
        meeting_schedule=meeting_schedule,
        description=description,
        created_by=actor,
    )
    _full_clean(club)
    club.save()
    club.advisers.set(_check_advisers(unit, advisers))
    people = list(members)
    if people:
        _members_add(
            club, people, role=MemberRole.MEMBER, joined_on=joined_on or decision_date or clock.today()
        )
    event_record(target=club, actor=actor, action="register", to_status=club.status)
    return club


@transaction.atomic
def club_update(
    *, actor: User, club: Club, advisers: Iterable[Staff] | None = None, version: int | None = None, **fields
) -> Club:
    version_claim(club, version)  # refuses an edit started before someone else's save
    club = _locked(club)
    _require(
        club_perms.can_manage_clubs(actor, club.unit),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới sửa được câu lạc bộ."),
    )
    _not_closed(club)
    unknown = set(fields) - set(CLUB_FIELDS)
    if unknown:
        raise ApplicationError(_("Không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    _not_future(fields.get("decision_date"), _("Ngày quyết định không được sau hôm nay."))
    # decision_file: None keeps the stored file, False removes it, an upload replaces it.
    new_file = fields.pop("decision_file", None)
    if new_file is False:
        club.decision_file = ""
    elif new_file is not None and not getattr(new_file, "_committed", False):
        _check_file(new_file, DECISION_TYPES)
        club.decision_file = new_file
    for name, value in fields.items():
        setattr(club, name, value)
    _full_clean(club)
    club.save()
    if advisers is not None:
        club.advisers.set(_check_advisers(club.unit, advisers))
    return club


@transaction.atomic
def club_set_status(*, actor: User, club: Club, status: str, reason: str = "") -> Club:
    """The school pauses, closes or resumes its club; pausing and closing need a reason."""
    club = _locked(club)
    _require(
        club_perms.can_manage_clubs(actor, club.unit),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới đổi được trạng thái câu lạc bộ."),
    )
    if status not in ClubStatus.values:
        raise ApplicationError(_("Trạng thái không hợp lệ."))
    if status == club.status:
        raise ConflictError(_("Câu lạc bộ đã ở trạng thái “%(s)s”.") % {"s": club.get_status_display()})
    _not_closed(club)
    reason = (reason or "").strip()
    if status in (ClubStatus.PAUSED, ClubStatus.CLOSED) and not reason:
        raise ApplicationError(_("Hãy ghi lý do tạm dừng hoặc giải thể câu lạc bộ."))
    old = club.status
    club.status = status
    club.status_reason = reason if status != ClubStatus.ACTIVE else ""
    club.save(update_fields=["status", "status_reason", "updated_at"])
    event_record(target=club, actor=actor, action="status", from_status=old, to_status=status, reason=reason)
    return club


# ── Members ────────────────────────────────────────────────────────────────────────────────────────


def _members_add(club: Club, people: list, *, role: str, joined_on: datetime.date) -> list[ClubMember]:
    if role not in MemberRole.values:
        raise ApplicationError(_("Vai trò không hợp lệ."))
    _not_future(joined_on, _("Ngày tham gia không được sau hôm nay."))
    current = ClubMember.objects.filter(club=club, left_on__isnull=True)
    staff_ids = set(current.filter(staff__isnull=False).values_list("staff_id", flat=True))
    student_ids = set(current.filter(student__isnull=False).values_list("student_id", flat=True))
    rows = []
    for person in people:
        if person.unit_id != club.unit_id:
            raise ApplicationError(_("%(p)s không thuộc trường của câu lạc bộ.") % {"p": person.full_name})
        is_staff = isinstance(person, Staff)
        taken = staff_ids if is_staff else student_ids
        if person.pk in taken:
            raise ConflictError(_("%(p)s đã là thành viên của câu lạc bộ.") % {"p": person.full_name})
        taken.add(person.pk)
        rows.append(
            ClubMember(
                club=club,
                staff=person if is_staff else None,
                student=None if is_staff else person,
                role=role,
                joined_on=joined_on,
            )
        )
    return ClubMember.objects.bulk_create(rows)


@transaction.atomic
def member_add(
    *,
    actor: User,
    club: Club,
    people: Iterable[Staff | Student],
    role: str = MemberRole.MEMBER,
    joined_on: datetime.date | None = None,
) -> list[ClubMember]:
    club = _locked(club)
    _require(
        club_perms.can_manage_clubs(actor, club.unit),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới thêm được thành viên."),
    )
    _not_closed(club)
    people = list(people)
    if not people:
        raise ApplicationError(_("Hãy chọn ít nhất một người."))
    return _members_add(club, people, role=role, joined_on=joined_on or clock.today())


@transaction.atomic
def member_leave(*, actor: User, member: ClubMember, left_on: datetime.date | None = None) -> ClubMember:
    club = _locked(member.club)
    _require(
        club_perms.can_manage_clubs(actor, club.unit),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới cập nhật được thành viên."),
    )
    member = ClubMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ConflictError(_("Thành viên này đã rời câu lạc bộ."))
    left_on = left_on or clock.today()
    _not_future(left_on, _("Ngày rời câu lạc bộ không được sau hôm nay."))
    if left_on < member.joined_on:
        raise ApplicationError(
            _("Ngày rời câu lạc bộ phải sau ngày tham gia (%(d)s).")
            % {"d": member.joined_on.strftime("%d/%m/%Y")}
        )
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    return member


# ── Activities ─────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def activity_log(
    *,
    actor: User,
    club: Club,
    date: datetime.date,
    title: str,
    kind: str,
    participants: int | None = None,
    description: str = "",
    members: Iterable[ClubMember] = (),
    photos: Iterable = (),
    files: Iterable = (),
) -> ClubActivity:
    """Record what the club did, with photos and files as evidence (each checked by its content)."""
    club = _locked(club)
    _require(
        club_perms.can_log_activity(actor, club),
        _("Chỉ thủ trưởng, cán bộ phụ trách hoặc giáo viên phụ trách câu lạc bộ mới ghi được hoạt động."),
    )
    _not_closed(club)
    if date is None:
        raise ApplicationError(_("Hãy nhập ngày hoạt động."))
    _not_future(date, _("Ngày hoạt động không được sau hôm nay."))
    members = list(members)
    if any(m.club_id != club.pk for m in members):
        raise ApplicationError(_("Chỉ chọn được thành viên của câu lạc bộ này."))
    participants = len(members) if participants in (None, "") else int(participants)
    if participants < len(members):
        raise ApplicationError(
            _("Số người tham gia (%(n)d) ít hơn số thành viên được chọn (%(m)d).")
            % {"n": participants, "m": len(members)}
        )
    checked = []  # (upload, is_image): every file is checked before anything is stored
    for photo in filter(None, photos):
        _check_file(photo, IMAGE_EXTENSIONS)
        checked.append((photo, True))
    for upload in filter(None, files):
        checked.append((upload, _check_file(upload) in IMAGE_EXTENSIONS))
    activity = ClubActivity(
        club=club,
        date=date,
        title=(title or "").strip(),
        kind=kind,
        participants=participants,
        description=description,
        created_by=actor,
    )
    _full_clean(activity)
    activity.save()
    activity.members.set(members)
    for upload, is_image in checked:
        ClubActivityFile.objects.create(activity=activity, file=upload, is_image=is_image)
    return activity


@transaction.atomic
def activity_remove(*, actor: User, activity: ClubActivity) -> None:
    club = _locked(activity.club)
    _require(
        club_perms.can_log_activity(actor, club),
        _("Chỉ thủ trưởng, cán bộ phụ trách hoặc giáo viên phụ trách câu lạc bộ mới xóa được hoạt động."),
    )
    _not_closed(club)
    for f in activity.files.all():
        f.file.delete(save=False)
    activity.delete()


# ── The plan: a club as evidence of the school's assignment ────────────────────────────────────────


@transaction.atomic
def club_attach_to_assignment(*, actor: User, club: Club, assignment: Assignment) -> Evidence:
    """The school shows its club as evidence of a task of the plan (an evidence record "clubs.club:<pk>")."""
    if assignment.unit_id != club.unit_id:
        raise ApplicationError(_("Nhiệm vụ này không phải của trường có câu lạc bộ."))
    ref = f"clubs.club:{club.pk}"
    if assignment.evidence.filter(kind=EvidenceKind.RECORD, record_ref=ref).exists():
        raise ConflictError(_("Câu lạc bộ đã được gắn làm minh chứng của nhiệm vụ này."))
    return plan_services.evidence_add(
        actor=actor,
        assignment=assignment,
        kind=EvidenceKind.RECORD,
        title=_("Câu lạc bộ: %(name)s") % {"name": club.name},
        record_ref=ref,
    )


# ── The rule ───────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def rule_set(*, actor: User, authority: OrgUnit, min_members: int, months_required: int) -> ActivityRule:
    _require(
        authority.kind == UnitKind.AUTHORITY and club_perms.can_edit_rule(actor, authority),
        _("Chỉ lãnh đạo Phòng hoặc quản trị hệ thống mới sửa được quy tắc câu lạc bộ hoạt động."),
    )
    rule = ActivityRule.objects.select_for_update().filter(unit=authority).first()
    before = (rule.min_members, rule.months_required) if rule else None
    rule = rule or ActivityRule(unit=authority)
    rule.min_members, rule.months_required, rule.updated_by = min_members, months_required, actor
    _full_clean(rule)
    rule.save()
    event_record(
        target=rule,
        actor=actor,
        action="rule",
        reason=_("Tối thiểu %(m)s thành viên, hoạt động trong %(n)s tháng học gần nhất (trước đó: %(b)s).")
        % {
            "m": min_members,
            "n": months_required,
            "b": _("%(m)s thành viên, %(n)s tháng") % {"m": before[0], "n": before[1]}
            if before
            else _("mặc định"),
        },
    )
    return rule
