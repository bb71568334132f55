"""Writes of judging: the judge pool, assignment, scoresheets, locking, awards, advancement, certificates.

Same rules as services.py: keyword-only arguments, a permission check, a transaction, an event for every
status change.
"""

import re
import secrets
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import Role, User
from sangtao.accounts.services import notify
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.orgs.models import OrgUnit

from . import scoring, selectors
from .models import (
    ACTIVE_ENTRY_STATUSES,
    Award,
    AwardCertificate,
    AwardKind,
    Category,
    Criterion,
    Entry,
    EntryMember,
    EntryMentor,
    EntryStatus,
    Judge,
    JudgeAssignment,
    Round,
    RoundStatus,
    Score,
)
from .services import _require, _require_manager

INTEGER = re.compile(r"^-?\d{1,4}$")


# ── Judges and assignment ──────────────────────────────────────────────────────────────────────────


@transaction.atomic
def judge_add(
    *, actor: User, round: Round, user: User, unit: OrgUnit | None = None, expertise: list[Category] = ()
) -> Judge:
    _require_manager(actor, round.contest)
    if round.status in (RoundStatus.REVIEW, RoundStatus.PUBLISHED):
        raise ConflictError(_("Vòng thi đã khóa điểm."))
    unit = unit or user.unit
    if unit is None:
        raise ApplicationError(
            _("Hãy chọn đơn vị công tác của giám khảo (để tránh chấm bài của đơn vị mình).")
        )
    if round.judges.filter(user=user).exists():
        raise ConflictError(_("%(u)s đã có trong danh sách giám khảo.") % {"u": user})
    if any(c.contest_id != round.contest_id for c in expertise):
        raise ApplicationError(_("Lĩnh vực không thuộc hội thi này."))
    judge = Judge.objects.create(round=round, user=user, unit=unit)
    judge.expertise.set(expertise)
    return judge


@transaction.atomic
def judge_remove(*, actor: User, judge: Judge) -> None:
    _require_manager(actor, judge.round.contest)
    if Score.objects.filter(assignment__judge=judge, submitted_at__isnull=False).exists():
        raise ConflictError(_("Giám khảo đã chấm điểm, không xóa khỏi danh sách được."))
    judge.delete()


def _conflict(judge: Judge, entry: Entry, mentor_users: set[int]) -> str:
    if judge.unit_id == entry.school_id:
        return _("Giám khảo %(j)s cùng đơn vị với bài “%(e)s”: không được chấm bài của đơn vị mình.") % {
            "j": judge.user,
            "e": entry.title,
        }
    if judge.user_id in mentor_users:
        return _("Giám khảo %(j)s là giáo viên hướng dẫn của bài “%(e)s”.") % {
            "j": judge.user,
            "e": entry.title,
        }
    return ""


@transaction.atomic
def assignments_auto(*, actor: User, round: Round, replace: bool = False) -> int:
    """Give every active entry k judges: never from the entry's own school (nor its mentor), preferring judges
    of the entry's category while keeping everyone's load within one of the average. Returns how many
    assignments were made; an entry that cannot get k judges is left short and the check says so.
    """
    _require_manager(actor, round.contest)
    if round.status not in (RoundStatus.SETUP, RoundStatus.JUDGING):
        raise ConflictError(_("Vòng thi đã khóa điểm, không phân công lại được."))
    if replace:
        JudgeAssignment.objects.filter(entry__round=round, score__isnull=True).delete()
    k = round.judges_per_entry
    entries = list(
        Entry.objects.filter(round=round, status__in=ACTIVE_ENTRY_STATUSES)
        .prefetch_related("mentors__staff")
        .order_by("id")
    )
    judges = list(round.judges.select_related("user").prefetch_related("expertise").order_by("id"))
    if not judges:
        raise ApplicationError(_("Vòng thi chưa có giám khảo."))
    have: dict[int, set[int]] = defaultdict(set)
    load: Counter = Counter()
    for entry_id, judge_id in JudgeAssignment.objects.filter(entry__round=round).values_list(
        "entry_id", "judge_id"
    ):
        have[entry_id].add(judge_id)
        load[judge_id] += 1
    expertise = {j.pk: {c.pk for c in j.expertise.all()} for j in judges}
    mentors = {e.pk: {m.staff.user_id for m in e.mentors.all() if m.staff.user_id} for e in entries}

    def allowed(entry):
        return [
            j for j in judges if j.pk not in have[entry.pk] and not _conflict(j, entry, mentors[entry.pk])
        ]

    # Ceiling of the even share: nobody ends more than one entry above the average when it can be helped.
    cap = -(-(sum(load.values()) + sum(max(0, k - len(have[e.pk])) for e in entries)) // len(judges))
    # The most constrained entries first (fewest possible judges), so they are not left without.
    entries.sort(key=lambda e: (len(allowed(e)), e.pk))
    made = []
    for entry in entries:
        for _slot in range(k - len(have[entry.pk])):
            candidates = allowed(entry)
            if not candidates:
                break

            def preference(j, entry=entry):
                knows = not expertise[j.pk] or entry.category_id in expertise[j.pk]
                return (load[j.pk] >= cap, not knows, load[j.pk], j.pk)

            judge = min(candidates, key=preference)
            have[entry.pk].add(judge.pk)
            load[judge.pk] += 1
            made.append(JudgeAssignment(entry=entry, judge=judge, assigned_by=actor))
    JudgeAssignment.objects.bulk_create(made)
    event_record(
        target=round,
        actor=actor,
        action="auto_assign",
        from_status=round.status,
        to_status=round.status,
        reason=_("%(n)d lượt phân công tự động.") % {"n": len(made)},
    )
    return len(made)


@transaction.atomic
def assignment_add(*, actor: User, entry: Entry, judge: Judge) -> tuple[JudgeAssignment, list[str]]:
    """A manual change. A judge of the entry's own school is refused; an overload is allowed with a warning."""
    _require_manager(actor, entry.round.contest)
    if judge.round_id != entry.round_id:
        raise ApplicationError(_("Giám khảo không thuộc vòng thi của bài này."))
    if entry.round.status not in (RoundStatus.SETUP, RoundStatus.JUDGING):
        raise ConflictError(_("Vòng thi đã khóa điểm, không phân công lại được."))
    if entry.status not in ACTIVE_ENTRY_STATUSES:
        raise ConflictError(_("Bài dự thi không ở trạng thái được chấm."))
    mentor_users = set(entry.mentors.exclude(staff__user=None).values_list("staff__user_id", flat=True))
    conflict = _conflict(judge, entry, mentor_users)
    if conflict:
        raise ApplicationError(conflict)
    if JudgeAssignment.objects.filter(entry=entry, judge=judge).exists():
        raise ConflictError(_("Giám khảo đã được phân công chấm bài này."))
    assignment = JudgeAssignment.objects.create(entry=entry, judge=judge, is_manual=True, assigned_by=actor)
    warnings = [
        p.message
        for p in selectors.assignment_problems(entry.round)
        if p.kind in ("overload", "extra", "expertise") and str(judge.user) in p.message
    ]
    return assignment, warnings


@transaction.atomic
def assignment_remove(*, actor: User, assignment: JudgeAssignment) -> None:
    _require_manager(actor, assignment.entry.round.contest)
    if assignment.entry.round.status not in (RoundStatus.SETUP, RoundStatus.JUDGING):
        raise ConflictError(_("Vòng thi đã khóa điểm, không phân công lại được."))
    score = selectors.score_of(assignment)
    if score is not None and score.submitted_at:
        raise ConflictError(_("Giám khảo đã chấm bài này, không bỏ phân công được."))
    assignment.delete()


# ── Judging workflow ───────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def round_start_judging(*, actor: User, round: Round) -> Round:
    """Open the scoresheets. Refused while the check finds a problem, which it lists."""
    _require_manager(actor, round.contest)
    if round.status != RoundStatus.SETUP:
        raise ConflictError(_("Chỉ bắt đầu chấm được vòng thi đang chuẩn bị."))
    if not Entry.objects.filter(round=round, status__in=ACTIVE_ENTRY_STATUSES).exists():
        raise ApplicationError(_("Vòng thi chưa có bài dự thi nào."))
    errors = [p.message for p in selectors.assignment_problems(round) if p.severity == "error"]
    if errors:
        raise ApplicationError(
            _("Chưa bắt đầu chấm được, còn %(n)d vấn đề: %(p)s")
            % {"n": len(errors), "p": " ".join(errors[:5])},
            extra={"problems": errors},
        )
    for entry in Entry.objects.filter(round=round, status=EntryStatus.SUBMITTED):
        entry.status = EntryStatus.ELIGIBLE
        entry.save(update_fields=["status", "updated_at"])
        event_record(
            target=entry,
            actor=actor,
            action="accept",
            from_status=EntryStatus.SUBMITTED,
            to_status=entry.status,
        )
    round.status = RoundStatus.JUDGING
    round.save(update_fields=["status", "updated_at"])
    event_record(
        target=round,
        actor=actor,
        action="start_judging",
        from_status=RoundStatus.SETUP,
        to_status=round.status,
    )
    notify(
        users=[j.user for j in round.judges.select_related("user")],
        title=_("Mời chấm: %(r)s") % {"r": str(round)[:200]},
        body=_("Bạn được phân công chấm bài dự thi. Có thể chấm trên điện thoại."),
        url=reverse("contests:judge_queue"),
        dedupe_key=f"contest-judging:{round.pk}",
    )
    return round


def _points_clean(points: dict, criteria: list[Criterion]) -> tuple[dict[str, int], list[str]]:
    errors, clean = [], {}
    for criterion in criteria:
        raw = points.get(criterion.pk, points.get(str(criterion.pk)))
        if raw is None or raw == "":
            errors.append(_("Chưa nhập điểm “%(c)s”.") % {"c": criterion.label})
            continue
        text = str(raw).strip()
        if not INTEGER.match(text):
            errors.append(_("Điểm “%(c)s” phải là số nguyên.") % {"c": criterion.label})
            continue
        value = int(text)
        if not 0 <= value <= criterion.max_points:
            errors.append(
                _("Điểm “%(c)s” phải từ 0 đến %(m)d.") % {"c": criterion.label, "m": criterion.max_points}
            )
            continue
        clean[str(criterion.pk)] = value
    return clean, errors


@transaction.atomic
def score_save(
    *, actor: User, assignment: JudgeAssignment, points: dict, comment: str = "", version: int
) -> Score:
    """Save a judge's scoresheet if `version` is the one the judge started from; otherwise refuse.

    The compare-and-set happens in one UPDATE … WHERE version = %s, so of two concurrent saves exactly one
    wins and the other gets a ConflictError (the view keeps what the judge typed).
    """
    assignment = JudgeAssignment.objects.select_related("judge__user", "entry__round", "entry__school").get(
        pk=assignment.pk
    )
    _require(assignment.judge.user_id == actor.pk, _("Bạn chỉ chấm được bài được phân công cho mình."))
    entry = assignment.entry
    if assignment.judge.unit_id == entry.school_id:
        raise PermissionDeniedError(_("Giám khảo không được chấm bài của đơn vị mình."))
    if entry.round.status != RoundStatus.JUDGING:
        raise ConflictError(
            _("Vòng thi không trong thời gian chấm (trạng thái: %(s)s).")
            % {"s": entry.round.get_status_display()}
        )
    criteria = list(entry.round.criteria.all())
    clean, errors = _points_clean(points, criteria)
    if errors:
        raise ApplicationError(" ".join(errors), extra={"errors": errors})
    total = scoring.weighted_total(clean, criteria)
    score, _created = Score.objects.get_or_create(assignment=assignment)
    was_submitted = score.submitted_at is not None
    now = clock.now()
    updated = Score.objects.filter(pk=score.pk, version=int(version)).update(
        points=clean,
        total=total,
        comment=comment.strip(),
        version=F("version") + 1,
        submitted_at=now,
        updated_at=now,
    )
    if not updated:
        score.refresh_from_db()
        raise ConflictError(
            _(
                "Phiếu chấm này vừa được lưu ở nơi khác (lúc %(t)s). Điểm bạn vừa nhập chưa được lưu và vẫn giữ "
                "trên màn hình: hãy xem điểm đã lưu rồi lưu lại."
            )
            % {"t": timezone.localtime(score.updated_at).strftime("%H:%M %d/%m/%Y")},
            extra={"version": score.version},
        )
    score.refresh_from_db()
    if not was_submitted:
        event_record(target=score, actor=actor, action="score", to_status="submitted")
    return score


@transaction.atomic
def round_close_scoring(*, actor: User, round: Round) -> Round:
    """Lock the scores and propose the awards by quota (the organiser then reviews ties and edits)."""
    _require_manager(actor, round.contest)
    if round.status != RoundStatus.JUDGING:
        raise ConflictError(_("Chỉ khóa điểm được vòng thi đang chấm."))
    progress = selectors.scoring_progress(round)
    missing = progress["total"] - progress["scored"]
    if missing:
        raise ApplicationError(
            _("Còn %(n)d phiếu chấm chưa nộp. Hãy nhắc giám khảo hoặc bỏ phân công trước khi khóa điểm.")
            % {"n": missing}
        )
    round.status = RoundStatus.REVIEW
    round.save(update_fields=["status", "updated_at"])
    event_record(
        target=round,
        actor=actor,
        action="close_scoring",
        from_status=RoundStatus.JUDGING,
        to_status=round.status,
    )
    awards_allocate(actor=actor, round=round)
    return round


@transaction.atomic
def round_reopen_scoring(*, actor: User, round: Round, reason: str) -> Round:
    _require_manager(actor, round.contest)
    if round.status != RoundStatus.REVIEW:
        raise ConflictError(_("Chỉ mở lại được vòng thi đã khóa điểm, chưa công bố."))
    if not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do mở lại việc chấm."))
    round.status = RoundStatus.JUDGING
    round.save(update_fields=["status", "updated_at"])
    event_record(
        target=round,
        actor=actor,
        action="reopen_scoring",
        from_status=RoundStatus.REVIEW,
        to_status=round.status,
        reason=reason.strip(),
    )
    return round


# ── Awards ─────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def awards_allocate(*, actor: User, round: Round) -> int:
    """Replace the round's awards by the quota's proposal (ranking per category). Returns how many."""
    _require_manager(actor, round.contest)
    if round.status != RoundStatus.REVIEW:
        raise ConflictError(_("Chỉ xếp giải được khi vòng thi đã khóa điểm, chưa công bố."))
    results = selectors.round_results(round)
    Award.objects.filter(entry__round=round).delete()
    awards = [
        Award(entry=row.entry, award=row.suggested, rank=row.rank, score=row.score, decided_by=actor)
        for row in results.rows
        if row.suggested
    ]
    Award.objects.bulk_create(awards)
    ties = sum(1 for row in results.rows if row.boundary_tie)
    event_record(
        target=round,
        actor=actor,
        action="allocate",
        from_status=round.status,
        to_status=round.status,
        reason=_("%(n)d giải theo cơ cấu; %(t)d bài đồng điểm ở ranh giới giải cần ban tổ chức xem xét.")
        % {"n": len(awards), "t": ties},
    )
    return len(awards)


@transaction.atomic
def award_set(*, actor: User, entry: Entry, award: str, reason: str) -> Award | None:
    """The organiser's decision on one entry (a tie, an appeal), with the reason on record. "" removes it."""
    _require_manager(actor, entry.round.contest)
    if entry.round.status != RoundStatus.REVIEW:
        raise ConflictError(_("Chỉ sửa giải được khi vòng thi đã khóa điểm, chưa công bố."))
    if not reason or not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do điều chỉnh giải."))
    if award and award not in AwardKind.values:
        raise ApplicationError(_("Giải không hợp lệ."))
    current = Award.objects.filter(entry=entry).first()
    old = current.award if current else ""
    row = next((r for r in selectors.round_results(entry.round).rows if r.entry.pk == entry.pk), None)
    if not award:
        if current:
            current.delete()
        result = None
    else:
        result = current or Award(entry=entry)
        result.award, result.is_manual, result.reason, result.decided_by = award, True, reason.strip(), actor
        if row is not None:
            result.rank, result.score = row.rank, row.score
        result.save()
    event_record(
        target=entry, actor=actor, action="award", from_status=old, to_status=award, reason=reason.strip()
    )
    return result


@transaction.atomic
def round_publish(*, actor: User, round: Round) -> Round:
    _require_manager(actor, round.contest)
    if round.status != RoundStatus.REVIEW:
        raise ConflictError(_("Chỉ công bố được vòng thi đã khóa điểm."))
    round.status = RoundStatus.PUBLISHED
    round.published_at = clock.now()
    round.save(update_fields=["status", "published_at", "updated_at"])
    event_record(
        target=round, actor=actor, action="publish", from_status=RoundStatus.REVIEW, to_status=round.status
    )
    schools = OrgUnit.objects.filter(contest_entries__round=round).distinct()
    users = User.objects.filter(
        is_active=True,
        role_assignments__unit__in=schools,
        role_assignments__role__in=[Role.PRINCIPAL, Role.COORDINATOR],
    ).distinct()
    notify(
        users=users,
        title=_("Đã công bố kết quả: %(r)s") % {"r": str(round)[:200]},
        url=reverse("contests:public_results", args=[round.pk]),
        dedupe_key=f"contest-published:{round.pk}",
    )
    return round


@transaction.atomic
def round_advance(*, actor: User, round: Round, awards: list[str]) -> list[Entry]:
    """Winners go on: each entry with one of `awards` gets an entry in the next round (submitted, with its
    members and mentors), and becomes "advanced". Entries that already went on are skipped."""
    _require_manager(actor, round.contest)
    if round.status != RoundStatus.PUBLISHED:
        raise ConflictError(_("Hãy công bố kết quả trước khi chuyển bài vào vòng sau."))
    if not round.feeds_next:
        raise ConflictError(_("Vòng thi này không chọn bài vào vòng sau."))
    target = selectors.next_round(round)
    if target is None:
        raise ApplicationError(_("Hội thi chưa có vòng sau. Hãy thêm vòng thi tiếp theo."))
    if target.status != RoundStatus.SETUP:
        raise ConflictError(_("Vòng sau đã bắt đầu chấm, không nhận thêm bài."))
    awards = [a for a in awards if a in AwardKind.values]
    if not awards:
        raise ApplicationError(_("Hãy chọn ít nhất một loại giải được vào vòng sau."))
    winners = (
        Entry.objects.filter(round=round, award__award__in=awards)
        .exclude(advanced_to__round=target)
        .prefetch_related("members", "mentors")
        .order_by("id")
    )
    created = []
    now = clock.now()
    for source in winners:
        entry = Entry.objects.create(
            round=target,
            school_id=source.school_id,
            category_id=source.category_id,
            title=source.title,
            abstract=source.abstract,
            link=source.link,
            file=source.file.name if source.file else "",
            status=EntryStatus.SUBMITTED,
            submitted_at=now,
            advanced_from=source,
            created_by=actor,
        )
        EntryMember.objects.bulk_create(
            EntryMember(entry=entry, student_id=m.student_id, grade=m.grade, class_name=m.class_name)
            for m in source.members.all()
        )
        EntryMentor.objects.bulk_create(
            EntryMentor(entry=entry, staff_id=m.staff_id) for m in source.mentors.all()
        )
        event_record(
            target=entry,
            actor=actor,
            action="advance",
            to_status=entry.status,
            reason=_("Vào từ %(r)s") % {"r": round.name},
        )
        old = source.status
        source.status = EntryStatus.ADVANCED
        source.save(update_fields=["status", "updated_at"])
        event_record(target=source, actor=actor, action="advance", from_status=old, to_status=source.status)
        created.append(entry)
    return created


@transaction.atomic
def certificate_issue(*, actor: User | None, award: Award) -> AwardCertificate:
    """The award's certificate, made once (the same code every time it is downloaded)."""
    existing = AwardCertificate.objects.filter(award=award).first()
    if existing:
        return existing
    if not Round.objects.filter(pk=award.entry.round_id, status=RoundStatus.PUBLISHED).exists():
        raise ConflictError(_("Chỉ cấp giấy chứng nhận sau khi kết quả được công bố."))
    while True:
        # No 0/O, 1/I: the code is also read aloud and typed from paper.
        code = "HT-" + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
        if not AwardCertificate.objects.filter(code=code).exists():
            break
    certificate = AwardCertificate.objects.create(
        award=award,
        code=code,
        issued_at=clock.now(),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event_record(target=award, actor=actor, action="certificate", to_status="issued", reason=code)
    return certificate
