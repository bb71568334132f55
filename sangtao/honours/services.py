"""Writes of the honours app: keyword-only, atomic, checked, every status change an event (STYLE 2, 5)."""

import datetime

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
from sangtao.core.text import fold
from sangtao.core.xlsx import ImportResult, RowError
from sangtao.orgs.models import OrgUnit

from . import permissions as hperms
from . import refs as hrefs
from .models import (
    RECORD_REF,
    Commendation,
    CommendationStatus,
    ItemOutcome,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RecipientKind,
    year_of,
)


def _validation_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def check_student_consent(student: Student) -> None:
    """A student is honoured by name only with the consent recorded the way contests record it."""
    from sangtao.contests.models import StudentConsent
    from sangtao.contests.selectors import may_publish_name

    consent = StudentConsent.objects.filter(student=student).first()
    if not may_publish_name(student, consent):
        raise ApplicationError(
            _(
                "Học sinh %(n)s chưa có ghi nhận đồng ý công bố họ tên (của cha mẹ và, từ lớp 2, của học sinh). "
                "Hãy ghi nhận sự đồng ý trước khi đề nghị khen."
            )
            % {"n": student.full_name}
        )


def _clean_refs(evidence_refs) -> list[str]:
    refs = []
    for ref in evidence_refs or ():
        ref = str(ref).strip()
        if ref and ref not in refs:
            refs.append(ref)
    bad = [r for r in refs if not RECORD_REF.match(r)]
    if bad:
        raise ApplicationError(
            _("Mã hồ sơ minh chứng “%(r)s” không đúng dạng “ứng_dụng.đối_tượng:số”.") % {"r": bad[0]}
        )
    missing = [r for r in refs if not hrefs.known_record_exists(r)]
    if missing:
        raise ApplicationError(_("Không tìm thấy hồ sơ minh chứng: %(r)s.") % {"r": ", ".join(missing)})
    return refs


def _recipient_fields(*, kind, unit, title, reason, collective_name, staff, student, evidence_refs) -> dict:
    if staff is not None and student is not None:
        raise ApplicationError(_("Mỗi dòng chỉ khen một người."))
    if kind == RecipientKind.INDIVIDUAL and staff is None and student is None:
        raise ApplicationError(_("Hãy chọn cán bộ, giáo viên hoặc học sinh được khen."))
    if student is not None:
        check_student_consent(student)
    if staff is not None and staff.left_on is not None:
        raise ApplicationError(_("%(n)s đã nghỉ hoặc chuyển công tác.") % {"n": staff.full_name})
    return {
        "kind": kind,
        "unit": unit,
        "title": title,
        "reason": (reason or "").strip(),
        "collective_name": (collective_name or "").strip() if kind == RecipientKind.COLLECTIVE else "",
        "staff": staff if kind == RecipientKind.INDIVIDUAL else None,
        "student": student if kind == RecipientKind.INDIVIDUAL else None,
        "evidence_refs": _clean_refs(evidence_refs),
    }


def _save_valid(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_validation_message(exc)) from None
    obj.save()


# ── Commendations ───────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def commendation_create(
    *,
    actor: User,
    kind: str,
    unit: OrgUnit,
    title: str,
    reason: str,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    collective_name: str = "",
    staff: Staff | None = None,
    student: Student | None = None,
    evidence_refs=(),
    year: int | None = None,
    proposal_item: ProposalItem | None = None,
) -> Commendation:
    """Record one commendation of a decision (the office's staff, for a unit in their scope)."""
    if not hperms.can_decide(actor, unit):
        raise PermissionDeniedError(
            _("Chỉ cán bộ Phòng phụ trách thi đua, khen thưởng được ghi nhận khen thưởng.")
        )
    if decision_date > clock.today():
        raise ApplicationError(_("Ngày quyết định không được ở tương lai."))
    commendation = Commendation(
        **_recipient_fields(
            kind=kind,
            unit=unit,
            title=title,
            reason=reason,
            collective_name=collective_name,
            staff=staff,
            student=student,
            evidence_refs=evidence_refs,
        ),
        year=year or year_of(decision_date),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issuer=issuer.strip(),
        proposal_item=proposal_item,
        created_by=actor,
    )
    _save_valid(commendation)
    event_record(target=commendation, actor=actor, action="create", to_status=CommendationStatus.IN_FORCE)
    return commendation


@transaction.atomic
def commendation_revoke(*, actor: User, commendation: Commendation, reason: str) -> Commendation:
    commendation = Commendation.objects.select_for_update().select_related("unit").get(pk=commendation.pk)
    if not hperms.can_decide(actor, commendation.unit):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được thu hồi khen thưởng."))
    if commendation.status == CommendationStatus.REVOKED:
        raise ConflictError(_("Khen thưởng này đã được thu hồi."))
    if not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do thu hồi."))
    commendation.status = CommendationStatus.REVOKED
    commendation.revoke_reason = reason.strip()
    commendation.save(update_fields=["status", "revoke_reason", "updated_at"])
    event_record(
        target=commendation,
        actor=actor,
        action="revoke",
        from_status=CommendationStatus.IN_FORCE,
        to_status=CommendationStatus.REVOKED,
        reason=reason.strip(),
    )
    return commendation


@transaction.atomic
def commendations_import(
    *, actor: User, rows, decision_number: str, decision_date: datetime.date, issuer: str
) -> ImportResult:
    """Record a decision's list from parsed rows (see sheets.py): every row valid, or nothing written.

    Each row names its unit by code and either a collective or a staff member (by code, or by name when
    the name is unique in the unit). Students are not imported: their consent is checked one by one.
    """
    result = ImportResult()
    if not hperms.is_decider(actor):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được nhập danh sách khen thưởng."))
    # Every unit the office manages, by code in any case: one query whatever the number of rows.
    units = {u.code.lower(): u for u in perms.scope_units(actor, *hperms.OFFICE_ROLES)}
    staff_rows = list(
        Staff.objects.filter(unit__in=list(units.values()), left_on__isnull=True).only(
            "pk", "unit_id", "code", "full_name", "name_folded", "left_on"
        )
    )
    plan = []
    for row in rows:
        errors_before = len(result.errors)
        unit = units.get((row.get("unit_code") or "").lower())
        if unit is None:
            result.errors.append(
                RowError(
                    row.row_number,
                    _("Mã đơn vị"),
                    _("Không có đơn vị mã “%(c)s”.") % {"c": row.get("unit_code")},
                )
            )
            continue
        if not hperms.can_decide(actor, unit):
            result.errors.append(
                RowError(row.row_number, _("Mã đơn vị"), _("Đơn vị nằm ngoài phạm vi quản lý của bạn."))
            )
            continue
        kind, title = row["kind"], row["title"]
        staff = None
        if kind == RecipientKind.INDIVIDUAL:
            same_unit = [s for s in staff_rows if s.unit_id == unit.pk]
            if row.get("staff_code"):
                found = [s for s in same_unit if s.code and s.code.lower() == row["staff_code"].lower()]
            else:
                found = [s for s in same_unit if s.name_folded == fold(row.get("name") or "")]
            if len(found) != 1:
                message = (
                    _("Không tìm thấy “%(n)s” trong danh sách cán bộ của đơn vị.")
                    if not found
                    else _("Có nhiều người tên “%(n)s” trong đơn vị; hãy ghi mã cán bộ.")
                )
                result.errors.append(
                    RowError(
                        row.row_number,
                        _("Họ tên / tên tập thể"),
                        message % {"n": row.get("name") or row.get("staff_code")},
                    )
                )
                continue
            staff = found[0]
        commendation = Commendation(
            kind=kind,
            unit=unit,
            title=title,
            reason=row["reason"],
            collective_name=(row.get("name") or "") if kind == RecipientKind.COLLECTIVE else "",
            staff=staff,
            year=year_of(decision_date),
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            issuer=issuer.strip(),
            created_by=actor,
        )
        try:
            commendation.full_clean()
        except ValidationError as exc:
            result.errors.append(RowError(row.row_number, "", _validation_message(exc)))
        if len(result.errors) == errors_before:
            plan.append(commendation)
    if decision_date > clock.today():
        result.errors.append(RowError(0, "", _("Ngày quyết định không được ở tương lai.")))
    if result.errors:
        return result
    for commendation in plan:
        commendation.save()
        event_record(target=commendation, actor=actor, action="import", to_status=CommendationStatus.IN_FORCE)
    result.created = len(plan)
    return result


# ── Proposals ───────────────────────────────────────────────────────────────────────────────────────


def _check_editable(actor: User, proposal: Proposal) -> None:
    if not hperms.can_propose(actor, proposal.unit):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được sửa đề nghị."))
    if not proposal.is_editable:
        raise ConflictError(_("Đề nghị đã gửi Phòng, không sửa được nữa."))


@transaction.atomic
def proposal_create(*, actor: User, unit: OrgUnit, year: int, title: str, note: str = "") -> Proposal:
    if not unit.is_school or not hperms.can_propose(actor, unit):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được lập đề nghị."))
    proposal = Proposal(unit=unit, year=year, title=title.strip(), note=note.strip(), created_by=actor)
    _save_valid(proposal)
    event_record(target=proposal, actor=actor, action="create", to_status=ProposalStatus.DRAFT)
    return proposal


@transaction.atomic
def proposal_item_add(
    *,
    actor: User,
    proposal: Proposal,
    kind: str,
    title: str,
    reason: str,
    collective_name: str = "",
    staff: Staff | None = None,
    student: Student | None = None,
    evidence_refs=(),
) -> ProposalItem:
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    _check_editable(actor, proposal)
    item = ProposalItem(
        proposal=proposal,
        **_recipient_fields(
            kind=kind,
            unit=proposal.unit,
            title=title,
            reason=reason,
            collective_name=collective_name,
            staff=staff,
            student=student,
            evidence_refs=evidence_refs,
        ),
    )
    _save_valid(item)
    return item


@transaction.atomic
def proposal_item_remove(*, actor: User, item: ProposalItem) -> None:
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=item.proposal_id)
    _check_editable(actor, proposal)
    item.delete()


def _office_contacts(unit: OrgUnit) -> list[User]:
    above = [int(p) for p in unit.path.strip("/").split("/") if p]
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__unit_id__in=above,
            role_assignments__role__in=[Role.LEADER, Role.SPECIALIST],
        ).distinct()
    )


def _school_contacts(unit: OrgUnit) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__unit=unit,
            role_assignments__role__in=[Role.PRINCIPAL, Role.COORDINATOR],
        ).distinct()
    )


@transaction.atomic
def proposal_submit(*, actor: User, proposal: Proposal) -> Proposal:
    """The head sends the proposal to the office (the plan makes the head accountable)."""
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    if not hperms.can_submit(actor, proposal.unit):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng được gửi đề nghị khen thưởng lên Phòng."))
    if not proposal.is_editable:
        raise ConflictError(_("Đề nghị đã được gửi."))
    if not proposal.items.exists():
        raise ApplicationError(_("Đề nghị chưa có tập thể, cá nhân nào."))
    before = proposal.status
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = clock.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    event_record(target=proposal, actor=actor, action="submit", from_status=before, to_status=proposal.status)
    notify(
        users=_office_contacts(proposal.unit),
        title=_("Đề nghị khen thưởng mới: %(u)s") % {"u": proposal.unit.display_short},
        body=proposal.title,
        url=reverse("honours:proposal", args=[proposal.pk]),
        dedupe_key=f"honours-submit-{proposal.pk}-{proposal.submitted_at:%Y%m%d%H%M%S}",
    )
    return proposal


@transaction.atomic
def proposal_approve(
    *,
    actor: User,
    proposal: Proposal,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    items=None,
) -> list[Commendation]:
    """Approve the proposal with the decision: each chosen line becomes a commendation; the others are
    marked not approved. `items` None approves every line."""
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    if not hperms.can_decide(actor, proposal.unit):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được duyệt đề nghị khen thưởng."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ConflictError(_("Chỉ duyệt được đề nghị đã gửi Phòng."))
    if not decision_number.strip():
        raise ApplicationError(_("Hãy nhập số quyết định khen thưởng."))
    lines = list(proposal.items.select_related("staff", "student", "unit"))
    chosen = {i.pk for i in lines} if items is None else {i.pk for i in items}
    if not chosen & {i.pk for i in lines}:
        raise ApplicationError(
            _("Hãy chọn ít nhất một dòng được khen; nếu không khen ai, hãy trả lại đề nghị.")
        )
    commendations = []
    for line in lines:
        if line.pk in chosen:
            if line.student_id:
                check_student_consent(line.student)
            commendations.append(
                commendation_create(
                    actor=actor,
                    kind=line.kind,
                    unit=line.unit,
                    title=line.title,
                    reason=line.reason,
                    collective_name=line.collective_name,
                    staff=line.staff,
                    student=line.student,
                    evidence_refs=line.evidence_refs,
                    decision_number=decision_number,
                    decision_date=decision_date,
                    issuer=issuer,
                    year=proposal.year,
                    proposal_item=line,
                )
            )
            line.outcome = ItemOutcome.APPROVED
        else:
            line.outcome = ItemOutcome.NOT_APPROVED
        line.save(update_fields=["outcome"])
    proposal.status = ProposalStatus.APPROVED
    proposal.decision_number = decision_number.strip()
    proposal.save(update_fields=["status", "decision_number", "updated_at"])
    event_record(
        target=proposal,
        actor=actor,
        action="approve",
        from_status=ProposalStatus.SUBMITTED,
        to_status=ProposalStatus.APPROVED,
        reason=_("Quyết định số %(n)s: khen %(k)d/%(t)d")
        % {"n": decision_number.strip(), "k": len(commendations), "t": len(lines)},
    )
    notify(
        users=_school_contacts(proposal.unit),
        title=_("Đề nghị khen thưởng đã được duyệt: %(t)s") % {"t": proposal.title},
        url=reverse("honours:proposal", args=[proposal.pk]),
        dedupe_key=f"honours-approve-{proposal.pk}",
    )
    return commendations


@transaction.atomic
def proposal_return(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    if not hperms.can_decide(actor, proposal.unit):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được trả lại đề nghị khen thưởng."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ConflictError(_("Chỉ trả lại được đề nghị đã gửi Phòng."))
    if not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do trả lại để trường bổ sung."))
    proposal.status = ProposalStatus.RETURNED
    proposal.return_reason = reason.strip()
    proposal.save(update_fields=["status", "return_reason", "updated_at"])
    event_record(
        target=proposal,
        actor=actor,
        action="return",
        from_status=ProposalStatus.SUBMITTED,
        to_status=ProposalStatus.RETURNED,
        reason=reason.strip(),
    )
    notify(
        users=_school_contacts(proposal.unit),
        title=_("Đề nghị khen thưởng bị trả lại: %(t)s") % {"t": proposal.title},
        body=reason.strip(),
        url=reverse("honours:proposal", args=[proposal.pk]),
        dedupe_key=f"honours-return-{proposal.pk}-{clock.now():%Y%m%d%H%M%S}",
    )
    return proposal
