"""Writes of the programmes app: keyword-only, atomic, checked, every status change an event (STYLE 2, 5)."""

import calendar
import datetime
import statistics
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.accounts.services import notify
from sangtao.core import clock, xlsx
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit

from . import green
from .models import (
    DECIDED,
    SCHOOL_EDITABLE,
    UNDER_REVIEW,
    Answer,
    AnswerEvidence,
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Enrolment,
    EnrolmentStatus,
    MeterReading,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
    ReadingSource,
    RecognitionLevel,
    SolarInstallation,
)

OFFICE_ROLES = (Role.ADMIN, Role.LEADER, Role.SPECIALIST)
SCHOOL_ROLES = (Role.PRINCIPAL, Role.COORDINATOR)
# A recognition may be renewed from this many days before it expires.
RENEWAL_WINDOW_DAYS = 90
# A month's consumption above this multiple of the school's median month is implausible.
JUMP_FACTOR = 3
MEDIAN_MIN_MONTHS = 3


# ── Who may do what ────────────────────────────────────────────────────────────────────────────────


def can_manage(user: User) -> bool:
    return perms.can_manage_plans(user)


def is_partner_reviewer(user: User, programme: Programme) -> bool:
    return bool(programme.partner_unit_id) and perms.holds(user, programme.partner_unit, Role.PARTNER)


def can_edit_assessment(user: User, assessment: Assessment) -> bool:
    return assessment.status in SCHOOL_EDITABLE and perms.can_edit_for_unit(user, assessment.enrolment.unit)


def can_submit_assessment(user: User, assessment: Assessment) -> bool:
    return assessment.status in SCHOOL_EDITABLE and perms.can_submit_for_unit(user, assessment.enrolment.unit)


def can_office_review(user: User, assessment: Assessment) -> bool:
    return assessment.status in UNDER_REVIEW and perms.can_review(user, assessment.enrolment.unit)


def can_partner_review(user: User, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.PARTNER_REVIEW and is_partner_reviewer(
        user, assessment.enrolment.programme
    )


def can_enter_readings(user: User, unit: OrgUnit) -> bool:
    return unit.is_school and (perms.can_edit_for_unit(user, unit) or perms.can_review(user, unit))


def _office(actor: User) -> None:
    if not can_manage(actor):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được quản lý mô hình trường học."))


def _office_unit(actor: User) -> OrgUnit:
    return sorted(perms.role_units(actor, *OFFICE_ROLES), key=lambda u: u.path)[0]


def _school_contacts(unit_ids) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__unit_id__in=unit_ids, role_assignments__role__in=SCHOOL_ROLES
        ).distinct()
    )


# ── Criteria sets ──────────────────────────────────────────────────────────────────────────────────


def _editable_set(criteria_set: CriteriaSet) -> CriteriaSet:
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if locked.is_frozen:
        raise ConflictError(
            _("Bộ tiêu chí “%(s)s” đang được sử dụng nên đã khóa; hãy tạo phiên bản mới để sửa.")
            % {"s": locked}
        )
    return locked


@transaction.atomic
def criteria_set_create(*, actor: User, name: str, kind: str, description: str = "") -> CriteriaSet:
    _office(actor)
    criteria_set = CriteriaSet(
        name=name.strip(), kind=kind, description=description.strip(), created_by=actor
    )
    criteria_set.full_clean(exclude=["lineage"])
    criteria_set.save()
    criteria_set.lineage = criteria_set.pk
    criteria_set.save(update_fields=["lineage"])
    event_record(target=criteria_set, actor=actor, action="create", to_status="draft")
    return criteria_set


@transaction.atomic
def criteria_set_update(
    *, actor: User, criteria_set: CriteriaSet, name: str, description: str = ""
) -> CriteriaSet:
    _office(actor)
    criteria_set = _editable_set(criteria_set)
    criteria_set.name, criteria_set.description = name.strip(), description.strip()
    criteria_set.full_clean()
    criteria_set.save(update_fields=["name", "description", "updated_at"])
    return criteria_set


@transaction.atomic
def group_save(
    *, actor: User, criteria_set: CriteriaSet, code: str, name: str, group: CriterionGroup | None = None
) -> CriterionGroup:
    _office(actor)
    _editable_set(criteria_set)
    if group is None:
        last = criteria_set.groups.aggregate(m=Max("order"))["m"]
        group = CriterionGroup(criteria_set=criteria_set, order=(last or 0) + 1)
    elif group.criteria_set_id != criteria_set.pk:
        raise ApplicationError(_("Nhóm tiêu chí không thuộc bộ tiêu chí này."))
    group.code, group.name = code.strip(), name.strip()
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_delete(*, actor: User, group: CriterionGroup) -> None:
    _office(actor)
    _editable_set(group.criteria_set)
    group.delete()


CRITERION_FIELDS = (
    "code",
    "text",
    "max_points",
    "method",
    "scale_max",
    "threshold",
    "threshold_unit",
    "direction",
    "evidence",
    "evidence_required",
    "levels",
)


@transaction.atomic
def criterion_save(
    *, actor: User, group: CriterionGroup, criterion: Criterion | None = None, **fields
) -> Criterion:
    _office(actor)
    _editable_set(group.criteria_set)
    if criterion is None:
        last = group.criteria.aggregate(m=Max("order"))["m"]
        criterion = Criterion(group=group, order=(last or 0) + 1)
    elif criterion.group.criteria_set_id != group.criteria_set_id:
        raise ApplicationError(_("Tiêu chí không thuộc bộ tiêu chí này."))
    criterion.group = group
    for name in CRITERION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(criterion, name, value.strip() if isinstance(value, str) else value)
    criterion.levels = list(criterion.levels or [])
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    _office(actor)
    _editable_set(criterion.group.criteria_set)
    criterion.delete()


@transaction.atomic
def level_save(
    *,
    actor: User,
    criteria_set: CriteriaSet,
    name: str,
    min_percent: Decimal,
    validity_months: int,
    level: RecognitionLevel | None = None,
) -> RecognitionLevel:
    _office(actor)
    _editable_set(criteria_set)
    level = level or RecognitionLevel(criteria_set=criteria_set)
    level.name, level.min_percent, level.validity_months = name.strip(), min_percent, validity_months
    level.full_clean()
    level.save()
    return level


@transaction.atomic
def level_delete(*, actor: User, level: RecognitionLevel) -> None:
    _office(actor)
    _editable_set(level.criteria_set)
    level.delete()


def _copy_into(source: CriteriaSet, target: CriteriaSet) -> None:
    for group in source.groups.prefetch_related("criteria"):
        new_group = CriterionGroup.objects.create(
            criteria_set=target, code=group.code, name=group.name, order=group.order
        )
        Criterion.objects.bulk_create(
            Criterion(group=new_group, **{f: getattr(c, f) for f in (*CRITERION_FIELDS, "order")})
            for c in group.criteria.all()
        )
    RecognitionLevel.objects.bulk_create(
        RecognitionLevel(
            criteria_set=target, name=lv.name, min_percent=lv.min_percent, validity_months=lv.validity_months
        )
        for lv in source.levels.all()
    )


@transaction.atomic
def criteria_set_copy(
    *, actor: User, source: CriteriaSet, name: str = "", new_version: bool = False
) -> CriteriaSet:
    """A new version of the same set (to edit a frozen one), or a copy that starts a new set (next year's)."""
    _office(actor)
    if new_version:
        last = CriteriaSet.objects.filter(lineage=source.lineage).aggregate(m=Max("version"))["m"] or 0
        target = CriteriaSet.objects.create(
            name=name.strip() or source.name,
            kind=source.kind,
            description=source.description,
            version=last + 1,
            lineage=source.lineage,
            copied_from=source,
            created_by=actor,
        )
    else:
        target = CriteriaSet.objects.create(
            name=name.strip() or _("%(name)s (bản sao)") % {"name": source.name},
            kind=source.kind,
            description=source.description,
            copied_from=source,
            created_by=actor,
        )
        target.lineage = target.pk
        target.save(update_fields=["lineage"])
    _copy_into(source, target)
    event_record(
        target=target,
        actor=actor,
        action="new_version" if new_version else "copy",
        to_status="draft",
        reason=str(source),
    )
    return target


def _freeze(criteria_set: CriteriaSet, actor: User | None) -> None:
    if criteria_set.frozen_at is None:
        criteria_set.frozen_at = clock.now()
        criteria_set.save(update_fields=["frozen_at", "updated_at"])
        event_record(
            target=criteria_set, actor=actor, action="freeze", from_status="draft", to_status="frozen"
        )


@transaction.atomic
def green_template_install(*, actor: User | None = None) -> CriteriaSet:
    """The shipped green-school set, once (a second call returns the one installed)."""
    existing = CriteriaSet.objects.filter(
        is_template=True, kind=ProgrammeKind.GREEN, copied_from=None
    ).first()
    if existing is not None:
        return existing
    criteria_set = CriteriaSet.objects.create(
        name=green.NAME,
        kind=ProgrammeKind.GREEN,
        description=green.DESCRIPTION,
        is_template=True,
        created_by=actor,
    )
    criteria_set.lineage = criteria_set.pk
    criteria_set.save(update_fields=["lineage"])
    for order, (code, name, criteria) in enumerate(green.GROUPS, start=1):
        group = CriterionGroup.objects.create(criteria_set=criteria_set, code=code, name=name, order=order)
        for c_order, (c_code, text, points, method, options, evidence, levels) in enumerate(
            criteria, start=1
        ):
            criterion = Criterion(
                group=group,
                code=c_code,
                text=text,
                max_points=points,
                method=method,
                evidence=evidence,
                levels=list(levels),
                order=c_order,
                **options,
            )
            criterion.full_clean()
            criterion.save()
    for name, percent, months in green.LEVELS:
        RecognitionLevel.objects.create(
            criteria_set=criteria_set, name=name, min_percent=percent, validity_months=months
        )
    event_record(target=criteria_set, actor=actor, action="create", to_status="draft")
    return criteria_set


# ── Programmes and enrolment ───────────────────────────────────────────────────────────────────────


@transaction.atomic
def programme_create(
    *,
    actor: User,
    name: str,
    kind: str,
    year: int,
    criteria_set: CriteriaSet,
    partner_unit: OrgUnit | None = None,
    description: str = "",
    levels=(),
    self_assessment_due: datetime.date | None = None,
    task=None,
) -> Programme:
    _office(actor)
    if partner_unit is not None and partner_unit.kind != "partner":
        raise ApplicationError(_("Đơn vị thẩm định phối hợp phải là một đơn vị phối hợp."))
    programme = Programme(
        name=name.strip(),
        kind=kind,
        year=year,
        owner_unit=_office_unit(actor),
        criteria_set=criteria_set,
        partner_unit=partner_unit,
        description=description.strip(),
        levels=list(levels),
        self_assessment_due=self_assessment_due,
        task=task,
        created_by=actor,
    )
    programme.full_clean()
    programme.save()
    event_record(target=programme, actor=actor, action="create", to_status=ProgrammeStatus.DRAFT)
    return programme


def _programme_locked(programme: Programme) -> Programme:
    return (
        Programme.objects.select_for_update(of=("self",))
        .select_related("criteria_set", "owner_unit")
        .get(pk=programme.pk)
    )


def _manage_programme(actor: User, programme: Programme) -> None:
    if not perms.holds(actor, programme.owner_unit, *OFFICE_ROLES):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng chủ trì mô hình được thực hiện thao tác này."))


@transaction.atomic
def programme_open(*, actor: User, programme: Programme) -> Programme:
    """Start the programme: its criteria set is frozen from now on (a set in use never changes)."""
    programme = _programme_locked(programme)
    _manage_programme(actor, programme)
    if programme.status != ProgrammeStatus.DRAFT:
        raise ConflictError(_("Mô hình đã được triển khai."))
    if not Criterion.objects.filter(group__criteria_set=programme.criteria_set).exists():
        raise ApplicationError(_("Bộ tiêu chí chưa có tiêu chí nào."))
    if not programme.criteria_set.levels.exists():
        raise ApplicationError(_("Bộ tiêu chí chưa có mức công nhận nào."))
    _freeze(programme.criteria_set, actor)
    programme.status = ProgrammeStatus.OPEN
    programme.save(update_fields=["status", "updated_at"])
    event_record(
        target=programme,
        actor=actor,
        action="open",
        from_status=ProgrammeStatus.DRAFT,
        to_status=ProgrammeStatus.OPEN,
    )
    return programme


@transaction.atomic
def programme_close(*, actor: User, programme: Programme) -> Programme:
    programme = _programme_locked(programme)
    _manage_programme(actor, programme)
    if programme.status != ProgrammeStatus.OPEN:
        raise ConflictError(_("Chỉ kết thúc được mô hình đang triển khai."))
    programme.status = ProgrammeStatus.CLOSED
    programme.save(update_fields=["status", "updated_at"])
    event_record(
        target=programme,
        actor=actor,
        action="close",
        from_status=ProgrammeStatus.OPEN,
        to_status=ProgrammeStatus.CLOSED,
    )
    return programme


def _check_level(programme: Programme, unit: OrgUnit) -> None:
    if not unit.is_school:
        raise ApplicationError(_("Chỉ trường học tham gia mô hình."))
    if programme.levels and unit.level not in programme.levels:
        raise ApplicationError(
            _("%(unit)s không thuộc cấp học tham gia mô hình này.") % {"unit": unit.display_short}
        )


@transaction.atomic
def enrol_schools(*, actor: User, programme: Programme, units) -> list[Enrolment]:
    """The office enrols schools (those already enrolled are skipped; a pending request is accepted)."""
    programme = _programme_locked(programme)
    _manage_programme(actor, programme)
    if programme.status == ProgrammeStatus.CLOSED:
        raise ConflictError(_("Mô hình đã kết thúc."))
    units = list(units)
    if not units:
        raise ApplicationError(_("Hãy chọn ít nhất một trường."))
    for unit in units:
        if not perms.can_review(actor, unit):
            raise PermissionDeniedError(_("Có trường nằm ngoài phạm vi quản lý của bạn."))
        _check_level(programme, unit)
    existing = {e.unit_id: e for e in programme.enrolments.select_for_update()}
    today = clock.today()
    changed = []
    for unit in units:
        enrolment = existing.get(unit.pk)
        before = enrolment.status if enrolment else ""
        if enrolment is not None and enrolment.status == EnrolmentStatus.ENROLLED:
            continue
        if enrolment is None:
            enrolment = Enrolment(programme=programme, unit=unit)
        enrolment.status, enrolment.enrolled_on = EnrolmentStatus.ENROLLED, today
        enrolment.save()
        event_record(
            target=enrolment,
            actor=actor,
            action="enrol",
            from_status=before,
            to_status=EnrolmentStatus.ENROLLED,
        )
        changed.append(enrolment)
    if changed:
        notify(
            users=_school_contacts([e.unit_id for e in changed]),
            title=_("Trường được đăng ký tham gia: %(p)s") % {"p": programme.name},
            body=_("Hãy thực hiện tự đánh giá theo bộ tiêu chí của mô hình."),
            url=reverse("programmes:detail", args=[programme.pk]),
            dedupe_key=f"programmes-enrol-{programme.pk}-{today.isoformat()}",
        )
    return changed


@transaction.atomic
def enrolment_request(*, actor: User, programme: Programme, unit: OrgUnit, note: str = "") -> Enrolment:
    """A school asks to join an open programme; the office accepts or declines."""
    programme = _programme_locked(programme)
    if not perms.holds(actor, unit, *SCHOOL_ROLES):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được đăng ký."))
    if programme.status != ProgrammeStatus.OPEN:
        raise ConflictError(_("Mô hình không nhận đăng ký lúc này."))
    _check_level(programme, unit)
    enrolment = Enrolment.objects.select_for_update().filter(programme=programme, unit=unit).first()
    before = enrolment.status if enrolment else ""
    if enrolment is not None and enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.REQUESTED):
        raise ConflictError(_("Trường đã đăng ký mô hình này."))
    enrolment = enrolment or Enrolment(programme=programme, unit=unit)
    enrolment.status, enrolment.note = EnrolmentStatus.REQUESTED, note.strip()
    enrolment.save()
    event_record(
        target=enrolment,
        actor=actor,
        action="request",
        from_status=before,
        to_status=EnrolmentStatus.REQUESTED,
        reason=enrolment.note,
    )
    return enrolment


def _enrolment_locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("programme__owner_unit", "unit")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def enrolment_accept(*, actor: User, enrolment: Enrolment) -> Enrolment:
    enrolment = _enrolment_locked(enrolment)
    _manage_programme(actor, enrolment.programme)
    if not perms.can_review(actor, enrolment.unit):
        raise PermissionDeniedError(_("Trường nằm ngoài phạm vi quản lý của bạn."))
    if enrolment.status != EnrolmentStatus.REQUESTED:
        raise ConflictError(_("Chỉ chấp nhận được đăng ký đang chờ."))
    enrolment.status, enrolment.enrolled_on = EnrolmentStatus.ENROLLED, clock.today()
    enrolment.save(update_fields=["status", "enrolled_on", "updated_at"])
    event_record(
        target=enrolment,
        actor=actor,
        action="accept",
        from_status=EnrolmentStatus.REQUESTED,
        to_status=EnrolmentStatus.ENROLLED,
    )
    notify(
        users=_school_contacts([enrolment.unit_id]),
        title=_("Phòng đã chấp nhận đăng ký: %(p)s") % {"p": enrolment.programme.name},
        url=reverse("programmes:enrolment", args=[enrolment.pk]),
        dedupe_key=f"programmes-accept-{enrolment.pk}",
    )
    return enrolment


@transaction.atomic
def enrolment_decline(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    enrolment = _enrolment_locked(enrolment)
    _manage_programme(actor, enrolment.programme)
    if enrolment.status != EnrolmentStatus.REQUESTED:
        raise ConflictError(_("Chỉ từ chối được đăng ký đang chờ."))
    if not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do không chấp nhận."))
    enrolment.status = EnrolmentStatus.DECLINED
    enrolment.save(update_fields=["status", "updated_at"])
    event_record(
        target=enrolment,
        actor=actor,
        action="decline",
        from_status=EnrolmentStatus.REQUESTED,
        to_status=EnrolmentStatus.DECLINED,
        reason=reason.strip(),
    )
    return enrolment


def can_withdraw(user: User, enrolment: Enrolment) -> bool:
    """The school's head may withdraw a pending or accepted enrolment."""
    return enrolment.status in (
        EnrolmentStatus.REQUESTED,
        EnrolmentStatus.ENROLLED,
    ) and perms.can_submit_for_unit(user, enrolment.unit)


@transaction.atomic
def enrolment_withdraw(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    """The school's head withdraws the school from the programme, with a reason; the office is told. A
    withdrawn school no longer counts as enrolled (nor as recognised); it may ask to join again later."""
    enrolment = _enrolment_locked(enrolment)
    if not perms.can_submit_for_unit(actor, enrolment.unit):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng (thủ trưởng đơn vị) được rút khỏi mô hình."))
    before = enrolment.status
    if before not in (EnrolmentStatus.REQUESTED, EnrolmentStatus.ENROLLED):
        raise ConflictError(_("Trường không còn tham gia hoặc chờ tham gia mô hình này."))
    if not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do rút khỏi mô hình."))
    if enrolment.assessments.filter(status__in=UNDER_REVIEW).exists():
        raise ConflictError(
            _("Bản tự đánh giá của trường đang được thẩm định; hãy đề nghị Phòng trả lại trước khi rút.")
        )
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    event_record(
        target=enrolment,
        actor=actor,
        action="withdraw",
        from_status=before,
        to_status=EnrolmentStatus.WITHDRAWN,
        reason=reason.strip(),
    )
    office = enrolment.programme.owner_unit
    notify(
        users=User.objects.filter(
            is_active=True,
            role_assignments__unit=office,
            role_assignments__role__in=OFFICE_ROLES,
        ).distinct(),
        title=_("Trường rút khỏi mô hình: %(u)s — %(p)s")
        % {"u": enrolment.unit.display_short, "p": enrolment.programme.name},
        url=reverse("programmes:enrolment", args=[enrolment.pk]),
        dedupe_key=f"programmes-withdraw-{enrolment.pk}-{enrolment.updated_at:%Y%m%d%H%M%S}",
    )
    return enrolment


# ── Self-assessment ────────────────────────────────────────────────────────────────────────────────


def applicable_criteria(criteria_set: CriteriaSet, level: str) -> list[Criterion]:
    criteria = Criterion.objects.filter(group__criteria_set=criteria_set).order_by(
        "group__order", "order", "id"
    )
    return [c for c in criteria if c.applies_to(level)]


@transaction.atomic
def assessment_start(*, actor: User, enrolment: Enrolment) -> Assessment:
    """Open a round of self-assessment: the first, or a renewal when the recognition is expiring."""
    enrolment = _enrolment_locked(enrolment)
    programme = enrolment.programme
    if not (perms.can_edit_for_unit(actor, enrolment.unit) or perms.can_review(actor, enrolment.unit)):
        raise PermissionDeniedError(_("Chỉ trường hoặc Phòng được mở đợt tự đánh giá."))
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ConflictError(_("Trường chưa được chấp nhận tham gia mô hình."))
    if programme.status != ProgrammeStatus.OPEN:
        raise ConflictError(_("Mô hình không trong thời gian triển khai."))
    last = enrolment.assessments.order_by("-round").first()
    renewal = False
    if last is not None:
        if last.status not in DECIDED:
            raise ConflictError(_("Trường đang có một đợt tự đánh giá chưa kết thúc."))
        if (
            last.status == AssessmentStatus.RECOGNISED
            and last.valid_until
            and (last.valid_until - clock.today()).days > RENEWAL_WINDOW_DAYS
        ):
            raise ConflictError(
                _("Công nhận còn hiệu lực đến %(d)s; chỉ đánh giá lại trong %(n)d ngày trước khi hết hạn.")
                % {"d": last.valid_until.strftime("%d/%m/%Y"), "n": RENEWAL_WINDOW_DAYS}
            )
        renewal = last.status in (AssessmentStatus.RECOGNISED, AssessmentStatus.EXPIRED)
    else:
        # A school recognised by an earlier programme of the same kind (last year's) is renewing.
        renewal = (
            Assessment.objects.filter(
                enrolment__unit=enrolment.unit,
                enrolment__programme__kind=programme.kind,
                status__in=[AssessmentStatus.RECOGNISED, AssessmentStatus.EXPIRED],
            )
            .exclude(enrolment=enrolment)
            .exists()
        )
    criteria = applicable_criteria(programme.criteria_set, enrolment.unit.level)
    assessment = Assessment.objects.create(
        enrolment=enrolment,
        round=(last.round + 1) if last else 1,
        is_renewal=renewal,
        max_score=sum((c.max_points for c in criteria), Decimal(0)),
    )
    Answer.objects.bulk_create(Answer(assessment=assessment, criterion=c) for c in criteria)
    event_record(
        target=assessment,
        actor=actor,
        action="renew" if renewal else "start",
        to_status=AssessmentStatus.DRAFT,
    )
    return assessment


def _assessment_locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related(
            "enrolment__unit",
            "enrolment__programme__partner_unit",
            "enrolment__programme__criteria_set",
            "enrolment__programme__owner_unit",
        )
        .get(pk=assessment.pk)
    )


def _recount_self(assessment: Assessment) -> None:
    points = [p for p in assessment.answers.values_list("self_points", flat=True) if p is not None]
    assessment.self_score = sum(points, Decimal(0)) if points else None
    assessment.save(update_fields=["self_score", "updated_at"])


@transaction.atomic
def answer_save(
    *,
    actor: User,
    answer: Answer,
    met: bool | None = None,
    scale_value: int | None = None,
    number_value: Decimal | None = None,
    note: str = "",
) -> Answer:
    assessment = _assessment_locked(answer.assessment)
    if not perms.can_edit_for_unit(actor, assessment.enrolment.unit):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được tự đánh giá."))
    if assessment.status not in SCHOOL_EDITABLE:
        raise ConflictError(_("Bản tự đánh giá đã nộp, không sửa được."))
    answer = Answer.objects.select_related("criterion").get(pk=answer.pk)
    criterion = answer.criterion
    if criterion.method == "scale" and scale_value is not None and scale_value > (criterion.scale_max or 0):
        raise ApplicationError(_("Mức đạt tối đa là %(n)d.") % {"n": criterion.scale_max})
    answer.met, answer.scale_value, answer.number_value = met, scale_value, number_value
    answer.note = note.strip()
    answer.self_points = criterion.points_for(met=met, scale_value=scale_value, number_value=number_value)
    answer.full_clean()
    answer.save()
    _recount_self(assessment)
    return answer


@transaction.atomic
def assessment_summary_save(*, actor: User, assessment: Assessment, summary: str) -> Assessment:
    assessment = _assessment_locked(assessment)
    if not can_edit_assessment(actor, assessment):
        raise PermissionDeniedError(_("Bạn không sửa được bản tự đánh giá này."))
    assessment.summary = summary.strip()
    assessment.save(update_fields=["summary", "updated_at"])
    return assessment


EVIDENCE_TYPES = {"pdf", "png", "jpg", "jpeg", "webp", "docx", "xlsx", "pptx", "doc", "xls", "odt", "ods"}


@transaction.atomic
def evidence_add(*, actor: User, answer: Answer, title: str, file=None, url: str = "") -> AnswerEvidence:
    assessment = _assessment_locked(answer.assessment)
    if not can_edit_assessment(actor, assessment):
        raise PermissionDeniedError(_("Chỉ trường được thêm minh chứng khi bản tự đánh giá chưa nộp."))
    if file is None and not url:
        raise ApplicationError(_("Hãy chọn tệp hoặc nhập đường dẫn minh chứng."))
    if file is not None:
        validate_upload(file, allowed=EVIDENCE_TYPES)
    evidence = AnswerEvidence(
        answer=answer,
        title=title.strip() or (file.name if file is not None else url)[:255],
        url=url,
        added_by=actor,
    )
    if file is not None:
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: AnswerEvidence) -> None:
    assessment = _assessment_locked(evidence.answer.assessment)
    if not can_edit_assessment(actor, assessment):
        raise PermissionDeniedError(_("Không xóa được minh chứng của bản tự đánh giá đã nộp."))
    evidence.file.delete(save=False)
    evidence.delete()


def _notify_office(assessment: Assessment, title: str) -> None:
    office = assessment.enrolment.programme.owner_unit
    users = User.objects.filter(
        is_active=True, role_assignments__unit=office, role_assignments__role=Role.SPECIALIST
    ).distinct()
    notify(
        users=users,
        title=title,
        url=reverse("programmes:assessment", args=[assessment.pk]),
        dedupe_key=f"programmes-{assessment.pk}-{assessment.status}-{assessment.updated_at:%Y%m%d%H%M%S}",
    )


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    """The head submits: every criterion answered, and evidence where the criterion asks for it."""
    assessment = _assessment_locked(assessment)
    unit = assessment.enrolment.unit
    if not perms.can_submit_for_unit(actor, unit):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng (thủ trưởng đơn vị) được nộp bản tự đánh giá."))
    if assessment.status not in SCHOOL_EDITABLE:
        raise ConflictError(_("Bản tự đánh giá đã được nộp."))
    if assessment.enrolment.status != EnrolmentStatus.ENROLLED:
        raise ConflictError(_("Trường đã rút khỏi mô hình này."))
    answers = list(assessment.answers.select_related("criterion").prefetch_related("evidence"))
    unanswered = [a.criterion.code for a in answers if a.self_points is None]
    if unanswered:
        raise ApplicationError(
            _("Chưa tự đánh giá các tiêu chí: %(codes)s.") % {"codes": ", ".join(unanswered)}
        )
    missing = [a.criterion.code for a in answers if a.criterion.evidence_required and not a.evidence.all()]
    if missing:
        raise ApplicationError(
            _("Các tiêu chí sau cần minh chứng trước khi nộp: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    before = assessment.status
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at, assessment.submitted_by = clock.now(), actor
    assessment.return_reason = ""
    assessment.partner_reviewed_at = None
    assessment.save()
    event_record(
        target=assessment,
        actor=actor,
        action="submit",
        from_status=before,
        to_status=AssessmentStatus.SUBMITTED,
    )
    _notify_office(assessment, _("Trường nộp tự đánh giá: %(u)s") % {"u": unit.display_short})
    return assessment


def _points(value, criterion: Criterion) -> Decimal | None:
    if value is None or value == "":
        return None
    value = Decimal(value)
    if value < 0 or value > criterion.max_points:
        raise ApplicationError(
            _("Điểm của tiêu chí %(c)s phải từ 0 đến %(m)s.")
            % {"c": criterion.code, "m": criterion.max_points}
        )
    return value


@transaction.atomic
def review_save(*, actor: User, assessment: Assessment, scores: dict[int, tuple]) -> Assessment:
    """Points and a comment per criterion: the office's, or the partner agency's while it reviews.

    `scores` maps an answer id to (points, comment); points may be None (not yet reviewed).
    """
    assessment = _assessment_locked(assessment)
    as_partner = can_partner_review(actor, assessment)
    if not as_partner and not can_office_review(actor, assessment):
        raise PermissionDeniedError(_("Bạn không thẩm định được bản tự đánh giá này lúc này."))
    answers = {a.pk: a for a in assessment.answers.select_related("criterion")}
    for answer_id, (points, comment) in scores.items():
        answer = answers.get(answer_id)
        if answer is None:
            raise ApplicationError(_("Tiêu chí không thuộc bản tự đánh giá này."))
        value = _points(points, answer.criterion)
        if as_partner:
            answer.partner_points, answer.partner_comment = value, (comment or "").strip()
        else:
            answer.office_points, answer.office_comment = value, (comment or "").strip()
    Answer.objects.bulk_update(
        answers.values(), ["partner_points", "partner_comment", "office_points", "office_comment"]
    )
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def assessment_forward(*, actor: User, assessment: Assessment) -> Assessment:
    """The office sends a submitted assessment to the partner agency the programme names."""
    assessment = _assessment_locked(assessment)
    if not can_office_review(actor, assessment):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được chuyển thẩm định."))
    programme = assessment.enrolment.programme
    if not programme.needs_partner:
        raise ApplicationError(_("Mô hình này không có đơn vị phối hợp thẩm định."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ConflictError(_("Bản tự đánh giá không ở trạng thái chờ thẩm định."))
    assessment.status = AssessmentStatus.PARTNER_REVIEW
    assessment.save(update_fields=["status", "updated_at"])
    event_record(
        target=assessment,
        actor=actor,
        action="forward",
        from_status=AssessmentStatus.SUBMITTED,
        to_status=AssessmentStatus.PARTNER_REVIEW,
        reason=programme.partner_unit.name,
    )
    users = User.objects.filter(
        is_active=True, role_assignments__unit=programme.partner_unit, role_assignments__role=Role.PARTNER
    ).distinct()
    notify(
        users=users,
        title=_("Đề nghị thẩm định: %(u)s — %(p)s")
        % {"u": assessment.enrolment.unit.display_short, "p": programme.name},
        url=reverse("programmes:assessment", args=[assessment.pk]),
        dedupe_key=f"programmes-forward-{assessment.pk}-{assessment.updated_at:%Y%m%d%H%M%S}",
    )
    return assessment


@transaction.atomic
def assessment_partner_complete(*, actor: User, assessment: Assessment, comment: str = "") -> Assessment:
    assessment = _assessment_locked(assessment)
    if not can_partner_review(actor, assessment):
        raise PermissionDeniedError(_("Chỉ đơn vị phối hợp được giao mới thẩm định được."))
    unreviewed = assessment.answers.filter(partner_points__isnull=True).count()
    if unreviewed:
        raise ApplicationError(_("Còn %(n)d tiêu chí đơn vị phối hợp chưa cho điểm.") % {"n": unreviewed})
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.partner_reviewed_at = clock.now()
    assessment.save(update_fields=["status", "partner_reviewed_at", "updated_at"])
    event_record(
        target=assessment,
        actor=actor,
        action="partner_review",
        from_status=AssessmentStatus.PARTNER_REVIEW,
        to_status=AssessmentStatus.SUBMITTED,
        reason=comment.strip(),
    )
    _notify_office(
        assessment, _("Đơn vị phối hợp đã thẩm định: %(u)s") % {"u": assessment.enrolment.unit.display_short}
    )
    return assessment


@transaction.atomic
def assessment_return(*, actor: User, assessment: Assessment, reason: str) -> Assessment:
    assessment = _assessment_locked(assessment)
    if not (can_office_review(actor, assessment) or can_partner_review(actor, assessment)):
        raise PermissionDeniedError(_("Bạn không trả lại được bản tự đánh giá này."))
    if not reason.strip():
        raise ApplicationError(_("Hãy ghi lý do trả lại để trường bổ sung."))
    before = assessment.status
    assessment.status, assessment.return_reason = AssessmentStatus.RETURNED, reason.strip()
    assessment.save(update_fields=["status", "return_reason", "updated_at"])
    event_record(
        target=assessment,
        actor=actor,
        action="return",
        from_status=before,
        to_status=AssessmentStatus.RETURNED,
        reason=assessment.return_reason,
    )
    notify(
        users=_school_contacts([assessment.enrolment.unit_id]),
        title=_("Bản tự đánh giá bị trả lại: %(p)s") % {"p": assessment.enrolment.programme.name},
        body=assessment.return_reason,
        url=reverse("programmes:assessment", args=[assessment.pk]),
        dedupe_key=f"programmes-return-{assessment.pk}-{assessment.updated_at:%Y%m%d%H%M%S}",
    )
    return assessment


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def assessment_decide(*, actor: User, assessment: Assessment, decision_number: str = "") -> Assessment:
    """The office's final score (the sum of its points per criterion) and the recognition level it reaches."""
    assessment = _assessment_locked(assessment)
    if not can_office_review(actor, assessment):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được công nhận kết quả."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ConflictError(_("Bản tự đánh giá đang chờ đơn vị phối hợp thẩm định."))
    programme = assessment.enrolment.programme
    if programme.needs_partner and assessment.partner_reviewed_at is None:
        raise ConflictError(
            _("Mô hình yêu cầu %(p)s thẩm định trước khi Phòng công nhận.")
            % {"p": programme.partner_unit.name}
        )
    answers = list(assessment.answers.select_related("criterion"))
    missing = [a.criterion.code for a in answers if a.office_points is None]
    if missing:
        raise ApplicationError(
            _("Phòng chưa cho điểm các tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    assessment.final_score = sum((a.office_points for a in answers), Decimal(0))
    percent = assessment.final_percent or Decimal(0)
    level = programme.criteria_set.levels.filter(min_percent__lte=percent).order_by("-min_percent").first()
    today = clock.today()
    assessment.level = level
    assessment.decided_by = actor
    assessment.decision_number = decision_number.strip()
    if level is not None:
        assessment.status = AssessmentStatus.RECOGNISED
        assessment.recognised_on = today
        assessment.valid_until = add_months(today, level.validity_months)
    else:
        assessment.status = AssessmentStatus.NOT_RECOGNISED
        assessment.recognised_on = assessment.valid_until = None
    assessment.save()
    event_record(
        target=assessment,
        actor=actor,
        action="decide",
        from_status=AssessmentStatus.SUBMITTED,
        to_status=assessment.status,
        reason=_("%(score)s/%(max)s điểm (%(pct)s%%)%(level)s")
        % {
            "score": assessment.final_score,
            "max": assessment.max_score,
            "pct": percent,
            "level": f" — {level.name}" if level else "",
        },
    )
    notify(
        users=_school_contacts([assessment.enrolment.unit_id]),
        title=_("Kết quả thẩm định: %(p)s") % {"p": programme.name},
        body=assessment.get_status_display(),
        url=reverse("programmes:assessment", args=[assessment.pk]),
        dedupe_key=f"programmes-decide-{assessment.pk}",
    )
    return assessment


def recognitions_expire(*, today: datetime.date | None = None) -> int:
    """Recognitions past their validity become expired (an event each); the school may then renew."""
    today = today or clock.today()
    expired = 0
    for assessment in Assessment.objects.filter(status=AssessmentStatus.RECOGNISED, valid_until__lt=today):
        with transaction.atomic():
            assessment.status = AssessmentStatus.EXPIRED
            assessment.save(update_fields=["status", "updated_at"])
            event_record(
                target=assessment,
                actor=None,
                action="expire",
                from_status=AssessmentStatus.RECOGNISED,
                to_status=AssessmentStatus.EXPIRED,
            )
            expired += 1
    return expired


# ── Meter readings ─────────────────────────────────────────────────────────────────────────────────


class ImplausibleReading(ApplicationError):
    """The reading looks wrong; it is stored only once the user confirms it (then flagged for the office)."""

    def __init__(self, issues: list[str]):
        super().__init__(
            _("Số liệu bất thường: %(issues)s. Hãy kiểm tra lại; nếu đúng, đánh dấu xác nhận và lưu lại.")
            % {"issues": "; ".join(issues)},
            extra={"issues": issues},
        )
        self.issues = issues


def _median(values) -> Decimal | None:
    values = [v for v in values if v is not None and v > 0]
    if len(values) < MEDIAN_MIN_MONTHS:
        return None
    return Decimal(statistics.median(values))


def plausibility_issues(*, electricity_kwh=None, water_m3=None, history_kwh=(), history_m3=()) -> list[str]:
    """Why a month's reading is implausible: a negative value, or over 3× the school's median month."""
    issues = []
    for value, history, label, unit in (
        (electricity_kwh, history_kwh, _("điện"), "kWh"),
        (water_m3, history_m3, _("nước"), "m³"),
    ):
        if value is None:
            continue
        if value < 0:
            issues.append(_("số %(what)s âm (%(v)s %(u)s)") % {"what": label, "v": value, "u": unit})
            continue
        median = _median(history)
        if median is not None and value > median * JUMP_FACTOR:
            issues.append(
                _("số %(what)s %(v)s %(u)s cao hơn %(k)d lần trung vị các tháng của trường (%(m)s %(u)s)")
                % {
                    "what": label,
                    "v": value,
                    "u": unit,
                    "k": JUMP_FACTOR,
                    "m": median.quantize(Decimal("0.1")),
                }
            )
    return issues


def _history(unit_id: int, month: datetime.date):
    rows = (
        MeterReading.objects.filter(unit_id=unit_id)
        .exclude(month=month)
        .values_list("electricity_kwh", "water_m3")
    )
    return [r[0] for r in rows], [r[1] for r in rows]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def reading_record(
    *,
    actor: User,
    unit: OrgUnit,
    month: datetime.date,
    electricity_kwh: Decimal | None = None,
    water_m3: Decimal | None = None,
    confirm: bool = False,
    source: str = ReadingSource.FORM,
) -> MeterReading:
    """Record (or correct) a school's month. An implausible value is refused unless `confirm`, then flagged."""
    if not can_enter_readings(actor, unit):
        raise PermissionDeniedError(_("Bạn không nhập được chỉ số điện, nước của đơn vị này."))
    month = _month_start(month)
    if month > clock.today():
        raise ApplicationError(_("Không nhập chỉ số cho tháng chưa đến."))
    if electricity_kwh is None and water_m3 is None:
        raise ApplicationError(_("Hãy nhập ít nhất số điện hoặc số nước."))
    kwh, m3 = _history(unit.pk, month)
    issues = plausibility_issues(
        electricity_kwh=electricity_kwh, water_m3=water_m3, history_kwh=kwh, history_m3=m3
    )
    if issues and not confirm:
        raise ImplausibleReading(issues)
    reading = MeterReading.objects.select_for_update().filter(unit=unit, month=month).first()
    reading = reading or MeterReading(unit=unit, month=month)
    was_flagged = reading.flagged
    reading.electricity_kwh, reading.water_m3 = electricity_kwh, water_m3
    reading.flagged, reading.flag_reason = bool(issues), "; ".join(issues)
    reading.flag_checked_by = None
    reading.source, reading.entered_by = source, actor
    reading.full_clean()
    reading.save()
    if issues:
        event_record(
            target=reading,
            actor=actor,
            action="flag",
            from_status="flagged" if was_flagged else "",
            to_status="flagged",
            reason=reading.flag_reason,
        )
    return reading


@transaction.atomic
def reading_check(*, actor: User, reading: MeterReading, note: str = "") -> MeterReading:
    """The office has looked at a flagged reading (and talked to the school)."""
    reading = MeterReading.objects.select_for_update(of=("self",)).select_related("unit").get(pk=reading.pk)
    if not perms.can_review(actor, reading.unit):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được xác nhận đã kiểm tra số liệu."))
    if not reading.flagged:
        raise ConflictError(_("Số liệu này không bị đánh dấu bất thường."))
    reading.flag_checked_by = actor
    reading.save(update_fields=["flag_checked_by", "updated_at"])
    event_record(
        target=reading,
        actor=actor,
        action="check",
        from_status="flagged",
        to_status="checked",
        reason=note.strip(),
    )
    return reading


@transaction.atomic
def solar_add(
    *, actor: User, unit: OrgUnit, installed_on: datetime.date, capacity_kwp: Decimal, note: str = ""
) -> SolarInstallation:
    if not can_enter_readings(actor, unit):
        raise PermissionDeniedError(_("Bạn không nhập được số liệu của đơn vị này."))
    if installed_on > clock.today():
        raise ApplicationError(_("Ngày lắp đặt không được ở tương lai."))
    solar = SolarInstallation(
        unit=unit, installed_on=installed_on, capacity_kwp=capacity_kwp, note=note.strip(), entered_by=actor
    )
    solar.full_clean()
    solar.save()
    event_record(target=solar, actor=actor, action="create", to_status="installed")
    return solar


@transaction.atomic
def readings_import(*, actor: User, file) -> xlsx.ImportResult:
    """Monthly readings from .xlsx, all or nothing: every bad row listed, nothing written if one is bad.

    An implausible row is an error unless its "Xác nhận" cell says so (the same rule as the form).
    """
    from .sheets import READING_COLUMNS

    read = xlsx.read_rows(file, READING_COLUMNS)
    result = xlsx.ImportResult(errors=list(read.errors))
    if any(e.row_number <= 1 for e in read.errors):
        return result
    headers = {c.attr: str(c.header) for c in READING_COLUMNS}
    result.errors += xlsx.duplicate_errors(
        read.rows, lambda r: (r.get("unit_code"), r.get("month")), headers["month"]
    )
    codes = {r.get("unit_code") for r in read.rows if r.get("unit_code")}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    today = clock.today()
    valid = []
    for row in read.rows:
        unit = units.get(row.get("unit_code"))
        if row.get("unit_code") and unit is None:
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    headers["unit_code"],
                    _("Không có đơn vị mã %(c)s.") % {"c": row["unit_code"]},
                )
            )
            continue
        if unit is not None and not can_enter_readings(actor, unit):
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    headers["unit_code"],
                    _("Đơn vị %(c)s nằm ngoài phạm vi của bạn.") % {"c": unit.code},
                )
            )
            continue
        month = row.get("month")
        if month and month > today:
            result.errors.append(xlsx.RowError(row.row_number, headers["month"], _("Tháng chưa đến.")))
            continue
        if unit and month and row.get("electricity_kwh") is None and row.get("water_m3") is None:
            result.errors.append(
                xlsx.RowError(
                    row.row_number, headers["electricity_kwh"], _("Hãy nhập ít nhất số điện hoặc số nước.")
                )
            )
            continue
        if unit and month:
            valid.append((row, unit, month))
    # The school's median counts the months already stored and the other months of the file.
    stored: dict[int, dict[datetime.date, tuple]] = {}
    for unit_id, month, kwh, m3 in MeterReading.objects.filter(
        unit_id__in=[u.pk for _r, u, _m in valid]
    ).values_list("unit_id", "month", "electricity_kwh", "water_m3"):
        stored.setdefault(unit_id, {})[month] = (kwh, m3)
    for row, unit, month in valid:
        stored.setdefault(unit.pk, {})[month] = (row.get("electricity_kwh"), row.get("water_m3"))
    flags = {}
    for row, unit, month in valid:
        others = [v for m, v in stored[unit.pk].items() if m != month]
        issues = plausibility_issues(
            electricity_kwh=row.get("electricity_kwh"),
            water_m3=row.get("water_m3"),
            history_kwh=[v[0] for v in others],
            history_m3=[v[1] for v in others],
        )
        if issues and not row.get("confirm"):
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    headers["electricity_kwh"],
                    _("Số liệu bất thường: %(i)s. Nếu đúng, ghi x vào cột “%(c)s”.")
                    % {"i": "; ".join(issues), "c": headers["confirm"]},
                )
            )
        flags[row.row_number] = issues
    result.errors.sort(key=lambda e: (e.row_number, e.column))
    if result.errors:
        return result
    existing = {
        (r.unit_id, r.month): r
        for r in MeterReading.objects.filter(unit_id__in=[u.pk for _r, u, _m in valid])
    }
    for row, unit, month in valid:
        reading = existing.get((unit.pk, month)) or MeterReading(unit=unit, month=month)
        created = reading.pk is None
        issues = flags[row.row_number]
        reading.electricity_kwh, reading.water_m3 = row.get("electricity_kwh"), row.get("water_m3")
        reading.flagged, reading.flag_reason, reading.flag_checked_by = bool(issues), "; ".join(issues), None
        reading.source, reading.entered_by = ReadingSource.IMPORT, actor
        reading.save()
        if issues:
            event_record(
                target=reading, actor=actor, action="flag", to_status="flagged", reason=reading.flag_reason
            )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
