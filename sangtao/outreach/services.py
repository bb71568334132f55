"""Writes of the outreach app: keyword-only, atomic, checked (STYLE 2)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role, User
from sangtao.accounts.services import notify
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, PermissionDeniedError
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit

from .models import Acknowledgement, Distribution, Document

OFFICE_ROLES = (Role.ADMIN, Role.LEADER, Role.SPECIALIST)
SCHOOL_ROLES = (Role.PRINCIPAL, Role.COORDINATOR)


def _check_office(user: User) -> None:
    if not perms.can_manage_plans(user):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được quản lý văn bản."))


@transaction.atomic
def document_create(
    *,
    actor: User,
    number: str = "",
    issued_on: datetime.date,
    issuer: str,
    kind: str,
    summary: str,
    file=None,
    valid_from=None,
    valid_to=None,
    tasks=(),
) -> Document:
    _check_office(actor)
    if valid_from and valid_to and valid_to < valid_from:
        raise ApplicationError(_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
    if file is not None:
        validate_upload(file)
    document = Document.objects.create(
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        kind=kind,
        summary=summary.strip(),
        file=file or "",
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=actor,
    )
    if tasks:
        document.tasks.set(tasks)
    event_record(target=document, actor=actor, action="create", to_status="created")
    return document


def recipient_units(*, under: OrgUnit | None = None, level: str = "", units=()) -> list[OrgUnit]:
    """The schools a distribution goes to: an explicit list, or every open school below `under` (of `level`)."""
    if units:
        return [u for u in units if u.is_school]
    qs = OrgUnit.objects.active().schools()
    if under is not None:
        qs = qs.within([under])
    if level:
        qs = qs.filter(level=level)
    return list(qs)


def school_contacts(unit_ids) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__unit_id__in=unit_ids, role_assignments__role__in=SCHOOL_ROLES
        ).distinct()
    )


@transaction.atomic
def distribution_send(
    *, actor: User, document: Document, units, due_on: datetime.date, note: str = ""
) -> Distribution:
    """Send a document to schools: one Acknowledgement row per school, and a notice to their heads."""
    _check_office(actor)
    units = list(units)
    if not units:
        raise ApplicationError(_("Hãy chọn ít nhất một trường nhận văn bản."))
    outside = [u for u in units if not perms.can_review(actor, u)]
    if outside:
        raise PermissionDeniedError(_("Có đơn vị nhận nằm ngoài phạm vi quản lý của bạn."))
    if due_on < clock.today():
        raise ApplicationError(_("Hạn xác nhận không được ở trong quá khứ."))
    sender_unit = sorted(perms.role_units(actor, *OFFICE_ROLES), key=lambda u: u.path)[0]
    distribution = Distribution.objects.create(
        document=document,
        sent_by=actor,
        sender_unit=sender_unit,
        sent_at=clock.now(),
        due_on=due_on,
        note=note.strip(),
    )
    Acknowledgement.objects.bulk_create(Acknowledgement(distribution=distribution, unit=u) for u in units)
    event_record(target=distribution, actor=actor, action="send", to_status="sent")
    notify(
        users=school_contacts([u.pk for u in units]),
        title=_("Văn bản cần xác nhận: %(doc)s") % {"doc": document},
        body=_("Hạn xác nhận: %(due)s") % {"due": due_on.strftime("%d/%m/%Y")},
        url=reverse("outreach:inbox"),
        dedupe_key=f"outreach-dist-{distribution.pk}",
    )
    return distribution


def can_acknowledge(user: User, ack: Acknowledgement) -> bool:
    return perms.holds(user, ack.unit, *SCHOOL_ROLES)


@transaction.atomic
def acknowledge(
    *, actor: User, acknowledgement: Acknowledgement, disseminated_at=None, note: str = "", evidence=None
) -> Acknowledgement:
    """The school's head or coordinator confirms receipt (and, optionally, that it was disseminated)."""
    ack = Acknowledgement.objects.select_for_update().select_related("unit").get(pk=acknowledgement.pk)
    if not can_acknowledge(actor, ack):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được xác nhận."))
    if evidence is not None:
        validate_upload(evidence)
        ack.evidence = evidence
    before = "acknowledged" if ack.received_at else "pending"
    if ack.received_at is None:
        ack.received_at = clock.now()
    ack.disseminated_at = disseminated_at or ack.disseminated_at
    ack.note = note.strip() or ack.note
    ack.by = actor
    ack.save()
    event_record(target=ack, actor=actor, action="acknowledge", from_status=before, to_status="acknowledged")
    return ack


def remind_unacknowledged(*, today: datetime.date | None = None) -> int:
    """Notify the heads of schools that have not acknowledged a distribution due within 3 days or overdue."""
    today = today or clock.today()
    pending = Acknowledgement.objects.filter(
        received_at__isnull=True, distribution__due_on__lte=today + datetime.timedelta(days=3)
    ).select_related("distribution__document")
    sent = 0
    for ack in pending:
        sent += len(
            notify(
                users=school_contacts([ack.unit_id]),
                title=_("Nhắc: văn bản chưa xác nhận: %(doc)s") % {"doc": ack.distribution.document},
                body=_("Hạn xác nhận: %(due)s") % {"due": ack.distribution.due_on.strftime("%d/%m/%Y")},
                url=reverse("outreach:inbox"),
                dedupe_key=f"outreach-remind-{ack.pk}-{today.isoformat()}",
            )
        )
    return sent


# ── Events ──────────────────────────────────────────────────────────────────────────────────────────

NATIONAL_DAYS = [
    # (key, month, day, title)
    ("vn_science_day", 5, 18, "Ngày Khoa học và Công nghệ Việt Nam"),
    ("vn_innovation_day", 10, 1, "Ngày Đổi mới sáng tạo Việt Nam"),
]


@transaction.atomic
def national_days_ensure(*, year: int) -> list:
    """Create the yearly national days of `year` once (idempotent)."""
    from .models import Event, EventKind

    created = []
    for key, month, day, title in NATIONAL_DAYS:
        event, _new = Event.objects.get_or_create(
            builtin_key=key,
            starts_on=datetime.date(year, month, day),
            defaults={"title": title, "kind": EventKind.NATIONAL_DAY},
        )
        created.append(event)
    return created


@transaction.atomic
def event_create(
    *,
    actor: User,
    title: str,
    kind: str,
    starts_on: datetime.date,
    ends_on=None,
    unit=None,
    description: str = "",
):
    from .models import Event

    _check_office(actor)
    if unit is not None and not perms.can_review(actor, unit):
        raise PermissionDeniedError(_("Đơn vị của sự kiện nằm ngoài phạm vi quản lý của bạn."))
    if ends_on and ends_on < starts_on:
        raise ApplicationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    event = Event.objects.create(
        title=title.strip(),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        unit=unit,
        description=description.strip(),
    )
    event_record(target=event, actor=actor, action="create", to_status="created")
    return event


@transaction.atomic
def event_respond(
    *,
    actor: User,
    event,
    unit: OrgUnit,
    activities: str,
    participants: int = 0,
    evidence_url: str = "",
    article_url: str = "",
    evidence=None,
):
    """The school's head or coordinator reports what the school did for an event (once; later edits update it)."""
    from .models import EventResponse

    if not perms.holds(actor, unit, *SCHOOL_ROLES):
        raise PermissionDeniedError(
            _("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được báo cáo hưởng ứng.")
        )
    if not activities.strip():
        raise ApplicationError(_("Hãy mô tả hoạt động đã tổ chức."))
    if evidence is not None:
        validate_upload(evidence)
    response, created = EventResponse.objects.update_or_create(
        event=event,
        unit=unit,
        defaults={
            "activities": activities.strip(),
            "participants": participants or 0,
            "evidence_url": evidence_url,
            "article_url": article_url,
            "by": actor,
            "at": clock.now(),
        },
    )
    if evidence is not None:
        response.evidence = evidence
        response.save(update_fields=["evidence"])
    event_record(
        target=response, actor=actor, action="respond" if created else "update", to_status="responded"
    )
    return response


# ── Banner campaigns ────────────────────────────────────────────────────────────────────────────────

PHOTO_TYPES = {"jpg", "png", "webp"}


@transaction.atomic
def banner_campaign_create(*, actor: User, theme: str, banner_text: str, starts_on, ends_on, units):
    from .models import BannerCampaign

    _check_office(actor)
    units = list(units)
    if not units:
        raise ApplicationError(_("Hãy chọn ít nhất một trường."))
    if any(not perms.can_review(actor, u) for u in units):
        raise PermissionDeniedError(_("Có đơn vị nằm ngoài phạm vi quản lý của bạn."))
    if ends_on < starts_on:
        raise ApplicationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    sender = sorted(perms.role_units(actor, *OFFICE_ROLES), key=lambda u: u.path)[0]
    campaign = BannerCampaign.objects.create(
        theme=theme.strip(),
        banner_text=banner_text.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        sender_unit=sender,
        created_by=actor,
    )
    campaign.units.set(units)
    event_record(target=campaign, actor=actor, action="create", to_status="open")
    notify(
        users=school_contacts([u.pk for u in units]),
        title=_("Đề nghị treo băng rôn: %(t)s") % {"t": campaign.theme},
        url=reverse("outreach:banner", args=[campaign.pk]),
        dedupe_key=f"outreach-banner-{campaign.pk}",
    )
    return campaign


@transaction.atomic
def banner_report(*, actor: User, campaign, unit: OrgUnit, place: str, hung_on, photo):
    from .models import BannerReport

    if not perms.holds(actor, unit, *SCHOOL_ROLES):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được báo cáo."))
    if not campaign.units.filter(pk=unit.pk).exists():
        raise ApplicationError(_("Trường không thuộc đợt treo băng rôn này."))
    validate_upload(photo, allowed=PHOTO_TYPES)
    report = BannerReport.objects.create(
        campaign=campaign, unit=unit, place=place.strip(), hung_on=hung_on, photo=photo, by=actor
    )
    event_record(target=report, actor=actor, action="report", to_status="reported")
    return report
