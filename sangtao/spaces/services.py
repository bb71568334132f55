"""Writes of the spaces app: keyword-only, atomic, checked, every status change an event (STYLE 2, 5)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import User
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit
from sangtao.plans import services as plan_services
from sangtao.plans.models import Assignment, Evidence, EvidenceKind

from .models import ReviewStatus, Space, SpacePhoto, TechModel

PHOTO_TYPES = {"jpg", "jpeg", "png", "webp"}
MAX_PHOTOS = 12


def _check_school(actor: User, unit: OrgUnit) -> None:
    if not unit.is_school or not perms.can_edit_for_unit(actor, unit):
        raise PermissionDeniedError(
            _("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được cập nhật nội dung này.")
        )


def _save_valid(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None
    obj.save()


def _back_to_review(actor: User, record, *, action: str) -> None:
    """A school's change is checked again before it counts or shows publicly."""
    before = record.status
    record.status = ReviewStatus.PENDING
    record.is_featured = False
    record.featured_at = None
    _save_valid(record)
    event_record(target=record, actor=actor, action=action, from_status=before, to_status=record.status)


# ── Spaces ──────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def space_create(
    *,
    actor: User,
    unit: OrgUnit,
    kind: str,
    name: str,
    opened_on: datetime.date,
    users: str,
    area_m2=None,
    equipment: str = "",
    description: str = "",
    photo=None,
    caption: str = "",
) -> Space:
    _check_school(actor, unit)
    if opened_on > clock.today():
        raise ApplicationError(_("Ngày đưa vào sử dụng không được ở tương lai."))
    space = Space(
        unit=unit,
        kind=kind,
        name=name.strip(),
        opened_on=opened_on,
        users=users.strip(),
        area_m2=area_m2,
        equipment=equipment.strip(),
        description=description.strip(),
        created_by=actor,
    )
    _save_valid(space)
    event_record(target=space, actor=actor, action="create", to_status=space.status)
    if photo is not None:
        photo_add(actor=actor, space=space, image=photo, caption=caption)
    return space


@transaction.atomic
def space_update(*, actor: User, space: Space, **fields) -> Space:
    space = Space.objects.select_for_update().select_related("unit").get(pk=space.pk)
    _check_school(actor, space.unit)
    if fields.get("opened_on") and fields["opened_on"] > clock.today():
        raise ApplicationError(_("Ngày đưa vào sử dụng không được ở tương lai."))
    for name in ("kind", "name", "opened_on", "users", "area_m2", "equipment", "description"):
        if name in fields:
            value = fields[name]
            setattr(space, name, value.strip() if isinstance(value, str) else value)
    _back_to_review(actor, space, action="update")
    return space


@transaction.atomic
def photo_add(*, actor: User, space: Space, image, caption: str = "") -> SpacePhoto:
    _check_school(actor, space.unit)
    try:
        validate_upload(image, allowed=PHOTO_TYPES)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None
    if space.photos.count() >= MAX_PHOTOS:
        raise ApplicationError(
            _("Mỗi không gian có tối đa %(n)d ảnh; hãy bỏ bớt ảnh cũ.") % {"n": MAX_PHOTOS}
        )
    photo = SpacePhoto.objects.create(space=space, image=image, caption=caption.strip(), uploaded_by=actor)
    return photo


@transaction.atomic
def photo_remove(*, actor: User, photo: SpacePhoto) -> None:
    _check_school(actor, photo.space.unit)
    photo.image.delete(save=False)
    photo.delete()


# ── S&T application models ──────────────────────────────────────────────────────────────────────────


def _check_evidence(evidence) -> None:
    if evidence is not None:
        try:
            validate_upload(evidence)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages)) from None


@transaction.atomic
def model_create(
    *,
    actor: User,
    unit: OrgUnit,
    name: str,
    area: str,
    description: str,
    since: datetime.date,
    frequency: str,
    users: str,
    evidence_url: str = "",
    evidence=None,
) -> TechModel:
    _check_school(actor, unit)
    if since > clock.today():
        raise ApplicationError(_("Ngày bắt đầu áp dụng không được ở tương lai."))
    _check_evidence(evidence)
    model = TechModel(
        unit=unit,
        name=name.strip(),
        area=area,
        description=description.strip(),
        since=since,
        frequency=frequency,
        users=users.strip(),
        evidence_url=evidence_url,
        evidence=evidence or "",
        created_by=actor,
    )
    _save_valid(model)
    event_record(target=model, actor=actor, action="create", to_status=model.status)
    return model


@transaction.atomic
def model_update(*, actor: User, model: TechModel, evidence=None, **fields) -> TechModel:
    model = TechModel.objects.select_for_update().select_related("unit").get(pk=model.pk)
    _check_school(actor, model.unit)
    if fields.get("since") and fields["since"] > clock.today():
        raise ApplicationError(_("Ngày bắt đầu áp dụng không được ở tương lai."))
    _check_evidence(evidence)
    for name in ("name", "area", "description", "since", "frequency", "users", "evidence_url"):
        if name in fields:
            value = fields[name]
            setattr(model, name, value.strip() if isinstance(value, str) else value)
    if evidence is not None:
        model.evidence = evidence
    _back_to_review(actor, model, action="update")
    return model


# ── The office: review and feature ──────────────────────────────────────────────────────────────────


def _locked(record):
    return type(record).objects.select_for_update().select_related("unit").get(pk=record.pk)


@transaction.atomic
def record_review(*, actor: User, record, accept: bool, comment: str = ""):
    """The office accepts a space or model (it then counts in the indicators) or asks for more."""
    record = _locked(record)
    if not perms.can_review(actor, record.unit):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được xem xét nội dung của trường."))
    if not accept and not comment.strip():
        raise ApplicationError(_("Hãy ghi rõ trường cần bổ sung gì."))
    before = record.status
    record.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.NEEDS_WORK
    record.review_comment = comment.strip()
    record.reviewed_by = actor
    if not accept:
        record.is_featured, record.featured_at = False, None
    _save_valid(record)
    event_record(
        target=record,
        actor=actor,
        action="accept" if accept else "needs_work",
        from_status=before,
        to_status=record.status,
        reason=record.review_comment,
    )
    return record


@transaction.atomic
def record_feature(*, actor: User, record, featured: bool):
    """Show (or stop showing) an accepted space or model on the public page."""
    record = _locked(record)
    if not perms.can_review(actor, record.unit):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được giới thiệu công khai."))
    if featured and record.status != ReviewStatus.ACCEPTED:
        raise ConflictError(_("Chỉ giới thiệu công khai được nội dung Phòng đã ghi nhận."))
    if record.is_featured == featured:
        return record
    record.is_featured = featured
    record.featured_at = clock.now() if featured else None
    _save_valid(record)
    event_record(
        target=record,
        actor=actor,
        action="feature" if featured else "unfeature",
        from_status="hidden" if featured else "featured",
        to_status="featured" if featured else "hidden",
    )
    return record


# ── The plan: a space or a model as evidence of the school's assignment ─────────────────────────────


@transaction.atomic
def record_attach_to_assignment(*, actor: User, record, assignment: Assignment) -> Evidence:
    """The school shows its creative space or S&T model as evidence of its assignment of a task that the
    record serves (an evidence record "spaces.creativespace:<pk>" / "spaces.techmodel:<pk>")."""
    from .selectors import record_ref, serves_task

    if not perms.can_edit_for_unit(actor, record.unit):
        raise PermissionDeniedError(
            _("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được gắn minh chứng.")
        )
    if assignment.unit_id != record.unit_id:
        raise ApplicationError(_("Nhiệm vụ này không phải của trường có hồ sơ."))
    if record.status == ReviewStatus.NEEDS_WORK:
        raise ApplicationError(_("Hồ sơ đang cần bổ sung theo nhận xét của Phòng; hãy sửa trước khi gắn."))
    if not serves_task(record, assignment.task):
        raise ApplicationError(_("Hồ sơ này không phục vụ nhiệm vụ đã chọn."))
    ref = record_ref(record)
    if assignment.evidence.filter(kind=EvidenceKind.RECORD, record_ref=ref).exists():
        raise ConflictError(_("Hồ sơ đã được gắn làm minh chứng của nhiệm vụ này."))
    if isinstance(record, Space):
        title = _("Không gian sáng tạo: %(name)s") % {"name": record.name[:200]}
    else:
        title = _("Mô hình ứng dụng KH&CN: %(name)s") % {"name": record.name[:200]}
    return plan_services.evidence_add(
        actor=actor, assignment=assignment, kind=EvidenceKind.RECORD, title=title, record_ref=ref
    )
