"""Writes of the contests app: contests and rounds, registration, judges and assignment, scores, awards.

Every function takes keyword-only arguments, checks permission, runs in a transaction and records an
event for every status change (STYLE examples 2 and 5).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, Staff, Student, User
from sangtao.accounts.services import notify
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit

from . import permissions as cperms
from . import selectors
from .models import (
    ACTIVE_ENTRY_STATUSES,
    AWARD_ORDER,
    RUBRIC_TEMPLATE,
    AwardKind,
    AwardQuota,
    Category,
    Contest,
    ContestStatus,
    Criterion,
    Entry,
    EntryMember,
    EntryMentor,
    EntryStatus,
    Round,
    RoundStatus,
    Score,
    StudentConsent,
)

DEFAULT_QUOTAS = {AwardKind.NHAT: 1, AwardKind.NHI: 2, AwardKind.BA: 3, AwardKind.KHUYEN_KHICH: 4}


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDeniedError(message)


def _full_clean(obj):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


def _check_upload(file, allowed: set[str] | None = None):
    if file is None or getattr(file, "_committed", False):
        return
    try:
        validate_upload(file, allowed=allowed)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


def _require_manager(actor: User, contest: Contest, message: str | None = None):
    _require(
        cperms.can_manage_contest(actor, contest),
        message or _("Chỉ ban tổ chức hội thi mới thực hiện được thao tác này."),
    )


def _school_people(unit: OrgUnit) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__unit=unit,
            role_assignments__role__in=[Role.PRINCIPAL, Role.COORDINATOR],
        ).distinct()
    )


# ── Contests ───────────────────────────────────────────────────────────────────────────────────────


def _set_categories(contest: Contest, names: list[str]):
    names = [n.strip() for n in names if n and n.strip()]
    if len({n.casefold() for n in names}) != len(names):
        raise ApplicationError(_("Tên lĩnh vực bị trùng."))
    existing = {c.name: c for c in contest.categories.all()}
    for name, category in existing.items():
        if name not in names:
            if category.entries.exists():
                raise ConflictError(_("Lĩnh vực “%(c)s” đã có bài dự thi, không xóa được.") % {"c": name})
            category.delete()
    for order, name in enumerate(names):
        category = existing.get(name) or Category(contest=contest, name=name)
        category.order = order
        category.save()


@transaction.atomic
def contest_create(
    *, actor: User, organiser: OrgUnit, name: str, categories: list[str] = (), partners=(), tasks=(), **fields
) -> Contest:
    _require(
        cperms.can_create_contest(actor, organiser), _("Bạn không có quyền tổ chức hội thi cho đơn vị này.")
    )
    _check_upload(fields.get("rules_file"), {"pdf", "docx", "doc", "odt"})
    contest = Contest(organiser=organiser, name=name, created_by=actor, **fields)
    _full_clean(contest)
    contest.save()
    contest.partners.set(partners)
    contest.tasks.set(tasks)
    _set_categories(contest, list(categories))
    event_record(target=contest, actor=actor, action="create", to_status=contest.status)
    return contest


@transaction.atomic
def contest_update(
    *, actor: User, contest: Contest, categories: list[str] | None = None, partners=None, tasks=None, **fields
) -> Contest:
    _require_manager(actor, contest)
    if contest.status == ContestStatus.FINISHED:
        raise ConflictError(_("Hội thi đã kết thúc, không sửa được."))
    _check_upload(fields.get("rules_file"), {"pdf", "docx", "doc", "odt"})
    for name, value in fields.items():
        setattr(contest, name, value)
    _full_clean(contest)
    contest.save()
    if partners is not None:
        contest.partners.set(partners)
    if tasks is not None:
        contest.tasks.set(tasks)
    if categories is not None:
        _set_categories(contest, list(categories))
    return contest


@transaction.atomic
def contest_open(*, actor: User, contest: Contest) -> Contest:
    """Announce the contest (phát động): schools may register from the opening day."""
    _require_manager(actor, contest)
    if contest.status != ContestStatus.DRAFT:
        raise ConflictError(_("Chỉ phát động được hội thi đang ở trạng thái dự thảo."))
    if not contest.categories.exists():
        raise ApplicationError(_("Hãy thêm ít nhất một lĩnh vực dự thi trước khi phát động."))
    if not contest.rounds.exists():
        raise ApplicationError(_("Hãy thêm ít nhất một vòng thi trước khi phát động."))
    contest.status = ContestStatus.OPEN
    contest.save(update_fields=["status", "updated_at"])
    event_record(
        target=contest, actor=actor, action="open", from_status=ContestStatus.DRAFT, to_status=contest.status
    )
    return contest


@transaction.atomic
def contest_finish(*, actor: User, contest: Contest) -> Contest:
    _require_manager(actor, contest)
    if contest.status != ContestStatus.OPEN:
        raise ConflictError(_("Chỉ kết thúc được hội thi đang diễn ra."))
    contest.status = ContestStatus.FINISHED
    contest.save(update_fields=["status", "updated_at"])
    event_record(
        target=contest, actor=actor, action="finish", from_status=ContestStatus.OPEN, to_status=contest.status
    )
    return contest


# ── Rounds: rubric and quotas ──────────────────────────────────────────────────────────────────────


@transaction.atomic
def round_create(
    *,
    actor: User,
    contest: Contest,
    name: str,
    order: int | None = None,
    with_template: bool = True,
    **fields,
) -> Round:
    _require_manager(actor, contest)
    if contest.status == ContestStatus.FINISHED:
        raise ConflictError(_("Hội thi đã kết thúc, không thêm được vòng thi."))
    if order is None:
        last = contest.rounds.order_by("-order").first()
        order = (last.order + 1) if last else 1
    if contest.rounds.filter(order=order).exists():
        raise ApplicationError(_("Đã có vòng thi thứ %(n)d.") % {"n": order})
    round_ = Round(contest=contest, name=name, order=order, **fields)
    _full_clean(round_)
    round_.save()
    if with_template:
        Criterion.objects.bulk_create(
            Criterion(round=round_, order=i, label=str(label), max_points=points)
            for i, (label, points) in enumerate(RUBRIC_TEMPLATE)
        )
    AwardQuota.objects.bulk_create(
        AwardQuota(round=round_, award=a, count=n) for a, n in DEFAULT_QUOTAS.items()
    )
    event_record(target=round_, actor=actor, action="create", to_status=round_.status)
    return round_


@transaction.atomic
def round_update(*, actor: User, round: Round, **fields) -> Round:
    _require_manager(actor, round.contest)
    if round.status == RoundStatus.PUBLISHED:
        raise ConflictError(_("Kết quả vòng thi đã công bố, không sửa được."))
    if (
        "judges_per_entry" in fields
        and fields["judges_per_entry"] != round.judges_per_entry
        and round.status not in (RoundStatus.SETUP, RoundStatus.JUDGING)
    ):
        raise ConflictError(_("Điểm đã khóa: không đổi được số giám khảo mỗi bài."))
    for name, value in fields.items():
        setattr(round, name, value)
    _full_clean(round)
    round.save()
    return round


def _has_scores(round_: Round) -> bool:
    return Score.objects.filter(assignment__entry__round=round_, submitted_at__isnull=False).exists()


@transaction.atomic
def criteria_set(*, actor: User, round: Round, rows: list[dict]) -> list[Criterion]:
    """Replace the rubric. Refused once a judge has scored: the stored totals would no longer add up."""
    _require_manager(actor, round.contest)
    if _has_scores(round) or round.status in (RoundStatus.REVIEW, RoundStatus.PUBLISHED):
        raise ConflictError(_("Giám khảo đã chấm điểm: không sửa được tiêu chí chấm."))
    rows = [r for r in rows if (r.get("label") or "").strip()]
    if not rows:
        raise ApplicationError(_("Cần ít nhất một tiêu chí chấm."))
    round.criteria.all().delete()
    created = []
    for i, row in enumerate(rows):
        criterion = Criterion(
            round=round,
            order=i,
            label=row["label"].strip(),
            description=row.get("description", ""),
            max_points=row["max_points"],
            weight=row.get("weight") or Decimal(1),
        )
        _full_clean(criterion)
        criterion.save()
        created.append(criterion)
    return created


@transaction.atomic
def quotas_set(*, actor: User, round: Round, counts: dict[str, int]) -> None:
    _require_manager(actor, round.contest)
    if round.status == RoundStatus.PUBLISHED:
        raise ConflictError(_("Kết quả vòng thi đã công bố, không sửa được cơ cấu giải."))
    for award in AWARD_ORDER:
        count = int(counts.get(award, 0) or 0)
        if count < 0:
            raise ApplicationError(_("Số giải không được âm."))
        AwardQuota.objects.update_or_create(round=round, award=award, defaults={"count": count})


# ── Registration ───────────────────────────────────────────────────────────────────────────────────


def _lineage(entry: Entry) -> set[int]:
    """The entry and the ones it came from or went on as: the same project in another round."""
    ids = {entry.pk} if entry.pk else set()
    cursor = entry
    while cursor.advanced_from_id:
        ids.add(cursor.advanced_from_id)
        cursor = Entry.objects.only("pk", "advanced_from_id").get(pk=cursor.advanced_from_id)
    frontier = set(ids)
    while frontier:
        frontier = set(Entry.objects.filter(advanced_from_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


def eligibility_problems(
    entry: Entry, members: list[Student], mentors: list[Staff], *, check_window: bool = True
) -> list[str]:
    """Every reason the entry cannot be submitted, in Vietnamese, for the school to fix at once."""
    contest = entry.round.contest
    school = entry.school
    problems = []
    today = clock.today()
    if contest.status != ContestStatus.OPEN:
        problems.append(_("Hội thi chưa được phát động hoặc đã kết thúc."))
    if check_window and today < contest.registration_opens:
        problems.append(
            _("Chưa đến thời gian nhận hồ sơ (từ %(d)s).")
            % {"d": contest.registration_opens.strftime("%d/%m/%Y")}
        )
    if check_window and today > contest.registration_closes:
        problems.append(
            _("Đã hết hạn nộp hồ sơ (hạn chót %(d)s).")
            % {"d": contest.registration_closes.strftime("%d/%m/%Y")}
        )
    if contest.eligible_levels and school.level not in contest.eligible_levels:
        problems.append(
            _("Hội thi dành cho cấp học: %(levels)s; %(school)s là trường %(level)s.")
            % {
                "levels": contest.levels_label,
                "school": school.name,
                "level": school.get_level_display() or "—",
            }
        )
    if not members:
        problems.append(_("Bài dự thi cần ít nhất một học sinh."))
    if len(members) > contest.max_team_size:
        problems.append(
            _("Mỗi bài dự thi có tối đa %(n)d học sinh; nhóm đang có %(m)d.")
            % {"n": contest.max_team_size, "m": len(members)}
        )
    if not mentors:
        problems.append(
            _("Bài dự thi cần ít nhất một giáo viên hướng dẫn (chịu trách nhiệm về tính trung thực).")
        )
    for student in members:
        if student.unit_id != school.pk:
            problems.append(
                _("Học sinh %(s)s không thuộc %(school)s.") % {"s": student.full_name, "school": school.name}
            )
        if not contest.min_grade <= student.grade <= contest.max_grade:
            problems.append(
                _("Học sinh %(s)s (khối %(g)d) không thuộc các khối được dự thi (khối %(a)d–%(b)d).")
                % {"s": student.full_name, "g": student.grade, "a": contest.min_grade, "b": contest.max_grade}
            )
    for staff in mentors:
        if staff.unit_id != school.pk:
            problems.append(
                _("Giáo viên %(s)s không thuộc %(school)s.") % {"s": staff.full_name, "school": school.name}
            )
    if members:
        lineage = _lineage(entry)
        taken = (
            EntryMember.objects.filter(student__in=members, entry__round__contest=contest)
            .exclude(entry__status=EntryStatus.WITHDRAWN)
            .exclude(entry_id__in=lineage)
            .select_related("student", "entry")
        )
        for member in taken:
            problems.append(
                _(
                    "Học sinh %(s)s đã có tên trong bài dự thi “%(e)s” của hội thi này (mỗi học sinh chỉ "
                    "dự thi một bài)."
                )
                % {"s": member.student.full_name, "e": member.entry.title}
            )
    limit = contest.entry_limit_per_school
    if limit:
        used = (
            Entry.objects.filter(round=entry.round, school=school, status__in=ACTIVE_ENTRY_STATUSES)
            .exclude(pk=entry.pk)
            .count()
        )
        if used >= limit:
            problems.append(
                _("%(school)s đã nộp đủ %(n)d bài dự thi (giới hạn của hội thi).")
                % {"school": school.name, "n": limit}
            )
    return problems


@transaction.atomic
def entry_save(
    *,
    actor: User,
    contest: Contest,
    school: OrgUnit,
    category: Category,
    title: str,
    abstract: str = "",
    link: str = "",
    file=None,
    members: list[Student] = (),
    mentors: list[Staff] = (),
    entry: Entry | None = None,
) -> Entry:
    """Create or change a school's draft entry in the contest's first round."""
    _require(
        cperms.can_enter_for_school(actor, school),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới đăng ký dự thi cho trường."),
    )
    if entry is not None and entry.status not in (EntryStatus.DRAFT,):
        raise ConflictError(
            _("Bài dự thi đã nộp, không sửa được. Hãy rút bài hoặc đề nghị ban tổ chức trả lại.")
        )
    if entry is not None and entry.school_id != school.pk:
        raise PermissionDeniedError(_("Bài dự thi không thuộc trường của bạn."))
    if contest.status != ContestStatus.OPEN:
        raise ConflictError(_("Hội thi chưa được phát động hoặc đã kết thúc."))
    if not perms.covers(contest.organiser, school):
        raise ApplicationError(_("%(school)s không thuộc phạm vi của hội thi.") % {"school": school.name})
    if category.contest_id != contest.pk:
        raise ApplicationError(_("Lĩnh vực không thuộc hội thi này."))
    round_ = selectors.first_round(contest)
    if round_ is None:
        raise ApplicationError(_("Hội thi chưa có vòng thi."))
    if round_.status != RoundStatus.SETUP:
        raise ConflictError(_("Vòng thi đầu tiên đã bắt đầu chấm, không nhận thêm hồ sơ."))
    _check_upload(file)
    creating = entry is None
    entry = entry or Entry(round=round_, school=school, created_by=actor)
    entry.category, entry.title, entry.abstract, entry.link = category, title.strip(), abstract, link
    if file is not None:
        entry.file = file
    _full_clean(entry)
    entry.save()
    entry.members.all().delete()
    EntryMember.objects.bulk_create(
        EntryMember(entry=entry, student=s, grade=s.grade, class_name=s.class_name) for s in members
    )
    entry.mentors.all().delete()
    EntryMentor.objects.bulk_create(EntryMentor(entry=entry, staff=s) for s in mentors)
    if creating:
        event_record(target=entry, actor=actor, action="create", to_status=entry.status)
    return entry


@transaction.atomic
def entry_submit(*, actor: User, entry: Entry) -> Entry:
    _require(
        cperms.can_enter_for_school(actor, entry.school),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới nộp hồ sơ dự thi."),
    )
    # One submission at a time per contest: the school's limit and "one entry per student" hold.
    Contest.objects.select_for_update().filter(pk=entry.round.contest_id).first()
    entry = Entry.objects.select_related("round__contest", "school").get(pk=entry.pk)
    if entry.status != EntryStatus.DRAFT:
        raise ConflictError(_("Bài dự thi đã được nộp."))
    members = [m.student for m in entry.members.select_related("student")]
    mentors = [m.staff for m in entry.mentors.select_related("staff")]
    problems = eligibility_problems(entry, members, mentors)
    if problems:
        raise ApplicationError(
            _("Chưa nộp được bài dự thi: %(p)s") % {"p": " ".join(problems)}, extra={"problems": problems}
        )
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = clock.now()
    entry.return_reason = ""
    entry.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
    event_record(
        target=entry, actor=actor, action="submit", from_status=EntryStatus.DRAFT, to_status=entry.status
    )
    return entry


@transaction.atomic
def entry_withdraw(*, actor: User, entry: Entry, reason: str = "") -> Entry:
    _require(
        cperms.can_enter_for_school(actor, entry.school)
        or cperms.can_manage_contest(actor, entry.round.contest),
        _("Bạn không có quyền rút bài dự thi này."),
    )
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE):
        raise ConflictError(
            _("Không rút được bài dự thi ở trạng thái “%(s)s”.") % {"s": entry.get_status_display()}
        )
    if entry.round.status != RoundStatus.SETUP:
        raise ConflictError(_("Vòng thi đang chấm hoặc đã có kết quả: không rút được bài."))
    old = entry.status
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    entry.assignments.all().delete()
    event_record(
        target=entry, actor=actor, action="withdraw", from_status=old, to_status=entry.status, reason=reason
    )
    return entry


@transaction.atomic
def entry_accept(*, actor: User, entry: Entry) -> Entry:
    """The organiser confirms a submitted entry (hợp lệ)."""
    _require_manager(actor, entry.round.contest)
    if entry.status != EntryStatus.SUBMITTED:
        raise ConflictError(_("Chỉ xác nhận được bài đã nộp."))
    entry.status = EntryStatus.ELIGIBLE
    entry.save(update_fields=["status", "updated_at"])
    event_record(
        target=entry, actor=actor, action="accept", from_status=EntryStatus.SUBMITTED, to_status=entry.status
    )
    return entry


@transaction.atomic
def entry_return(*, actor: User, entry: Entry, reason: str) -> Entry:
    """The organiser sends an entry back to the school as a draft, with the reason."""
    _require_manager(actor, entry.round.contest)
    if not reason or not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do trả lại để trường biết cần sửa gì."))
    if (
        entry.status not in (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE)
        or entry.round.status != RoundStatus.SETUP
    ):
        raise ConflictError(_("Chỉ trả lại được bài đã nộp, trước khi chấm."))
    if entry.advanced_from_id:
        raise ConflictError(_("Bài vào từ vòng trước không trả lại được; hãy rút bài nếu cần."))
    old = entry.status
    entry.status = EntryStatus.DRAFT
    entry.return_reason = reason.strip()
    entry.save(update_fields=["status", "return_reason", "updated_at"])
    entry.assignments.all().delete()
    event_record(
        target=entry,
        actor=actor,
        action="return",
        from_status=old,
        to_status=entry.status,
        reason=entry.return_reason,
    )
    notify(
        users=_school_people(entry.school),
        title=_("Bài dự thi bị trả lại: %(t)s") % {"t": entry.title[:150]},
        body=entry.return_reason,
        url=reverse("contests:entry", args=[entry.pk]),
    )
    return entry


@transaction.atomic
def entry_attach_to_assignment(*, actor: User, entry: Entry, assignment) -> None:
    """Record the entry as evidence of the school's assignment for a task the contest serves."""
    from sangtao.plans import services as plan_services

    if (
        assignment.unit_id != entry.school_id
        or not entry.round.contest.tasks.filter(pk=assignment.task_id).exists()
    ):
        raise ApplicationError(_("Nhiệm vụ này không liên quan đến bài dự thi."))
    ref = f"contests.entry:{entry.pk}"
    if assignment.evidence.filter(record_ref=ref).exists():
        raise ConflictError(_("Bài dự thi đã là minh chứng của nhiệm vụ này."))
    plan_services.evidence_add(
        actor=actor,
        assignment=assignment,
        kind="record",
        record_ref=ref,
        title=_("Hội thi “%(c)s”: bài “%(t)s”") % {"c": entry.round.contest.name, "t": entry.title},
    )


# ── Consent ────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def consent_record(
    *, actor: User, student: Student, publish_name: bool, child_agreed: bool, guardian_name: str = ""
) -> StudentConsent:
    _require(
        cperms.can_record_consent(actor, student.unit),
        _("Chỉ thủ trưởng hoặc cán bộ phụ trách của trường mới ghi nhận ý kiến đồng ý."),
    )
    if publish_name and not guardian_name.strip():
        raise ApplicationError(_("Hãy ghi họ tên cha mẹ hoặc người giám hộ đã đồng ý."))
    consent, _created = StudentConsent.objects.update_or_create(
        student=student,
        defaults={
            "publish_name": publish_name,
            "child_agreed": child_agreed,
            "guardian_name": guardian_name.strip(),
            "recorded_by": actor,
        },
    )
    event_record(
        target=consent,
        actor=actor,
        action="consent",
        to_status="publish" if selectors.may_publish_name(student, consent) else "initials",
    )
    return consent
