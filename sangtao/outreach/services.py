"""Writes of the outreach app: keyword-only, atomic, checked (STYLE 2)."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import User
from sangtao.accounts.services import notify
from sangtao.core import clock
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.core.uploads import validate_upload
from sangtao.orgs.models import OrgUnit
from sangtao.plans import services as plan_services
from sangtao.plans.models import Assignment, Evidence, EvidenceKind

from . import permissions as outreach_perms
from .models import (
    Acknowledgement,
    BannerCampaign,
    BannerReport,
    BannerStatus,
    CalendarToken,
    Distribution,
    Document,
    DocumentStatus,
    Event,
    EventKind,
    EventResponse,
    EventStatus,
)
from .permissions import OFFICE_ROLES, SCHOOL_ROLES


def _check_office(user: User) -> None:
    if not perms.can_manage_plans(user):
        raise PermissionDeniedError(_("Chỉ cán bộ Phòng được quản lý văn bản."))


def _check_manage(user: User, record, message) -> None:
    if not outreach_perms.can_manage(user, record):
        raise PermissionDeniedError(message)


def _office_unit(actor: User) -> OrgUnit:
    """The highest unit on which the actor is office staff: the keeper of what the actor creates."""
    return sorted(perms.role_units(actor, *OFFICE_ROLES), key=lambda u: u.path)[0]


def _clean(obj) -> None:
    """Model validation as a domain error: the page shows the message and keeps the form."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from exc


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
    document = Document(
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        kind=kind,
        summary=summary.strip(),
        file=file or "",
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=actor,
        owner_unit=_office_unit(actor),
    )
    _clean(document)
    document.save()
    if tasks:
        document.tasks.set(tasks)
    event_record(target=document, actor=actor, action="create", to_status=DocumentStatus.ACTIVE)
    return document


@transaction.atomic
def document_update(
    *,
    actor: User,
    document: Document,
    number: str = "",
    issued_on: datetime.date,
    issuer: str,
    kind: str,
    summary: str,
    file=None,
    valid_from=None,
    valid_to=None,
    tasks=None,
) -> Document:
    """Correct a document (a typo in its summary, a new file version); a withdrawn one stays as it was."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _check_manage(actor, document, _("Chỉ người tạo hoặc cán bộ Phòng quản lý văn bản được sửa văn bản."))
    if document.is_withdrawn:
        raise ConflictError(_("Văn bản đã thu hồi, không sửa được."))
    if valid_from and valid_to and valid_to < valid_from:
        raise ApplicationError(_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
    if file is not None:
        validate_upload(file)
        if document.file:
            document.file.delete(save=False)
        document.file = file
    document.number, document.issued_on, document.issuer = number.strip(), issued_on, issuer.strip()
    document.kind, document.summary = kind, summary.strip()
    document.valid_from, document.valid_to = valid_from, valid_to
    _clean(document)
    document.save()
    if tasks is not None:
        document.tasks.set(tasks)
    event_record(
        target=document, actor=actor, action="update", from_status=document.status, to_status=document.status
    )
    return document


@transaction.atomic
def document_withdraw(*, actor: User, document: Document, reason: str) -> Document:
    """Withdraw a document (thu hồi): it stays in the library with its history, and schools that have
    not acknowledged it are no longer asked to."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _check_manage(actor, document, _("Chỉ người tạo hoặc cán bộ Phòng quản lý văn bản được thu hồi văn bản."))
    if document.is_withdrawn:
        raise ConflictError(_("Văn bản đã được thu hồi."))
    if not (reason or "").strip():
        raise ApplicationError(_("Hãy ghi lý do thu hồi."))
    document.status, document.withdraw_reason = DocumentStatus.WITHDRAWN, reason.strip()
    document.save(update_fields=["status", "withdraw_reason", "updated_at"])
    event_record(
        target=document,
        actor=actor,
        action="withdraw",
        from_status=DocumentStatus.ACTIVE,
        to_status=DocumentStatus.WITHDRAWN,
        reason=document.withdraw_reason,
    )
    pending = Acknowledgement.objects.filter(distribution__document=document, received_at__isnull=True)
    notify(
        users=school_contacts(pending.values_list("unit_id", flat=True)),
        title=_("Văn bản đã được thu hồi: %(doc)s") % {"doc": document},
        body=document.withdraw_reason,
        url=reverse("outreach:inbox"),
        dedupe_key=f"outreach-withdraw-{document.pk}",
    )
    return document


@transaction.atomic
def document_delete(*, actor: User, document: Document) -> None:
    """Delete a document entered by mistake. Once a school has acknowledged it, its history must stay:
    the office withdraws it instead."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _check_manage(actor, document, _("Chỉ người tạo hoặc cán bộ Phòng quản lý văn bản được xóa văn bản."))
    if Acknowledgement.objects.filter(distribution__document=document, received_at__isnull=False).exists():
        raise ConflictError(
            _(
                "Đã có trường xác nhận văn bản này nên không xóa được; hãy thu hồi văn bản (lịch sử được giữ lại)."
            )
        )
    event_record(
        target=document, actor=actor, action="delete", from_status=document.status, to_status="deleted"
    )
    if document.file:
        document.file.delete(save=False)
    document.delete()


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
    if Document.objects.filter(pk=document.pk, status=DocumentStatus.WITHDRAWN).exists():
        raise ConflictError(_("Văn bản đã thu hồi, không gửi được."))
    units = list(units)
    if not units:
        raise ApplicationError(_("Hãy chọn ít nhất một trường nhận văn bản."))
    outside = [u for u in units if not perms.can_review(actor, u)]
    if outside:
        raise PermissionDeniedError(_("Có đơn vị nhận nằm ngoài phạm vi quản lý của bạn."))
    if due_on < clock.today():
        raise ApplicationError(_("Hạn xác nhận không được ở trong quá khứ."))
    sender_unit = _office_unit(actor)
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
    return outreach_perms.can_report_for(user, ack.unit)


@transaction.atomic
def acknowledge(
    *, actor: User, acknowledgement: Acknowledgement, disseminated_at=None, note: str = "", evidence=None
) -> Acknowledgement:
    """The school's head or coordinator confirms receipt (and, optionally, that it was disseminated)."""
    ack = (
        Acknowledgement.objects.select_for_update()
        .select_related("unit", "distribution__document")
        .get(pk=acknowledgement.pk)
    )
    if not can_acknowledge(actor, ack):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được xác nhận."))
    if ack.distribution.document.is_withdrawn:
        raise ConflictError(_("Văn bản đã được thu hồi, không cần xác nhận nữa."))
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
        received_at__isnull=True,
        distribution__due_on__lte=today + datetime.timedelta(days=3),
        distribution__document__status=DocumentStatus.ACTIVE,
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
    created = []
    for key, month, day, title in NATIONAL_DAYS:
        event, _new = Event.objects.get_or_create(
            builtin_key=key,
            starts_on=datetime.date(year, month, day),
            defaults={"title": title, "kind": EventKind.NATIONAL_DAY},
        )
        created.append(event)
    return created


def _check_event_fields(actor, *, starts_on, ends_on, unit):
    if unit is not None and not perms.can_review(actor, unit):
        raise PermissionDeniedError(_("Đơn vị của sự kiện nằm ngoài phạm vi quản lý của bạn."))
    if ends_on and ends_on < starts_on:
        raise ApplicationError(_("Ngày kết thúc phải sau ngày bắt đầu."))


@transaction.atomic
def event_create(
    *,
    actor: User,
    title: str,
    kind: str,
    starts_on: datetime.date,
    ends_on=None,
    unit=None,
    level: str = "",
    description: str = "",
    tasks=(),
) -> Event:
    _check_office(actor)
    _check_event_fields(actor, starts_on=starts_on, ends_on=ends_on, unit=unit)
    event = Event(
        title=title.strip(),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        unit=unit,
        level=level or "",
        description=description.strip(),
        created_by=actor,
        owner_unit=_office_unit(actor),
    )
    _clean(event)
    event.save()
    if tasks:
        event.tasks.set(tasks)
    event_record(target=event, actor=actor, action="create", to_status=EventStatus.ACTIVE)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    title: str,
    kind: str,
    starts_on: datetime.date,
    ends_on=None,
    unit=None,
    level: str = "",
    description: str = "",
    tasks=None,
) -> Event:
    """Correct an event. A national day keeps its name, kind and date (the indicator counts on them)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_manage(actor, event, _("Chỉ người tạo hoặc cán bộ Phòng quản lý sự kiện được sửa sự kiện."))
    if event.is_cancelled:
        raise ConflictError(_("Sự kiện đã hủy, không sửa được."))
    if event.builtin_key and (title.strip(), kind, starts_on) != (event.title, event.kind, event.starts_on):
        raise ApplicationError(
            _("Ngày lễ quốc gia giữ nguyên tên, loại và ngày; chỉ sửa được mô tả và phạm vi.")
        )
    _check_event_fields(actor, starts_on=starts_on, ends_on=ends_on, unit=unit)
    event.title, event.kind, event.starts_on, event.ends_on = title.strip(), kind, starts_on, ends_on
    event.unit, event.level, event.description = unit, level or "", description.strip()
    _clean(event)
    event.save()
    if tasks is not None:
        event.tasks.set(tasks)
    event_record(target=event, actor=actor, action="update", from_status=event.status, to_status=event.status)
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    """Cancel an event: it stays on the calendar marked as cancelled (phone calendars show it struck
    through), with the responses already reported."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_manage(actor, event, _("Chỉ người tạo hoặc cán bộ Phòng quản lý sự kiện được hủy sự kiện."))
    if event.builtin_key:
        raise ConflictError(_("Không hủy được ngày lễ quốc gia."))
    if event.is_cancelled:
        raise ConflictError(_("Sự kiện đã được hủy."))
    if not (reason or "").strip():
        raise ApplicationError(_("Hãy ghi lý do hủy."))
    event.status, event.cancel_reason = EventStatus.CANCELLED, reason.strip()
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    event_record(
        target=event,
        actor=actor,
        action="cancel",
        from_status=EventStatus.ACTIVE,
        to_status=EventStatus.CANCELLED,
        reason=event.cancel_reason,
    )
    return event


@transaction.atomic
def event_delete(*, actor: User, event: Event) -> None:
    """Delete an event entered by mistake; one that units already responded to is cancelled instead."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_manage(actor, event, _("Chỉ người tạo hoặc cán bộ Phòng quản lý sự kiện được xóa sự kiện."))
    if event.builtin_key:
        raise ConflictError(_("Không xóa được ngày lễ quốc gia."))
    if event.responses.exists():
        raise ConflictError(
            _(
                "Đã có đơn vị báo cáo hưởng ứng sự kiện này nên không xóa được; hãy hủy sự kiện (lịch sử được giữ lại)."
            )
        )
    event_record(target=event, actor=actor, action="delete", from_status=event.status, to_status="deleted")
    event.delete()


def event_addresses(event: Event, unit: OrgUnit) -> bool:
    """Whether the event is meant for the unit: a general event, or one of the unit or a unit above it,
    for every level or the school's own."""
    from .selectors import events_for_unit

    return events_for_unit(unit).filter(pk=event.pk).exists()


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
    if not outreach_perms.can_report_for(actor, unit):
        raise PermissionDeniedError(
            _("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được báo cáo hưởng ứng.")
        )
    if event.is_cancelled:
        raise ConflictError(_("Sự kiện đã hủy, không nhận báo cáo hưởng ứng."))
    if not event_addresses(event, unit):
        raise ApplicationError(_("Sự kiện này không dành cho trường đã chọn."))
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


def _check_campaign_fields(actor, *, units, starts_on, ends_on):
    if not units:
        raise ApplicationError(_("Hãy chọn ít nhất một trường."))
    if any(not perms.can_review(actor, u) for u in units):
        raise PermissionDeniedError(_("Có đơn vị nằm ngoài phạm vi quản lý của bạn."))
    if ends_on < starts_on:
        raise ApplicationError(_("Ngày kết thúc phải sau ngày bắt đầu."))


def _ask_to_hang(campaign, units):
    notify(
        users=school_contacts([u.pk for u in units]),
        title=_("Đề nghị treo băng rôn: %(t)s") % {"t": campaign.theme},
        url=reverse("outreach:banner", args=[campaign.pk]),
        dedupe_key=f"outreach-banner-{campaign.pk}",
    )


@transaction.atomic
def banner_campaign_create(
    *, actor: User, theme: str, banner_text: str, starts_on, ends_on, units, tasks=()
) -> BannerCampaign:
    _check_office(actor)
    units = list(units)
    _check_campaign_fields(actor, units=units, starts_on=starts_on, ends_on=ends_on)
    campaign = BannerCampaign(
        theme=theme.strip(),
        banner_text=banner_text.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        sender_unit=_office_unit(actor),
        created_by=actor,
    )
    _clean(campaign)
    campaign.save()
    campaign.units.set(units)
    if tasks:
        campaign.tasks.set(tasks)
    event_record(target=campaign, actor=actor, action="create", to_status=BannerStatus.OPEN)
    _ask_to_hang(campaign, units)
    return campaign


@transaction.atomic
def banner_campaign_update(
    *,
    actor: User,
    campaign: BannerCampaign,
    theme: str,
    banner_text: str,
    starts_on,
    ends_on,
    units,
    tasks=None,
) -> BannerCampaign:
    """Correct a campaign; schools added are asked to hang the banner, schools that reported stay."""
    campaign = BannerCampaign.objects.select_for_update().get(pk=campaign.pk)
    _check_manage(actor, campaign, _("Chỉ người tạo hoặc cán bộ Phòng phát động được sửa đợt treo băng rôn."))
    if campaign.is_cancelled:
        raise ConflictError(_("Đợt treo băng rôn đã hủy, không sửa được."))
    units = list(units)
    _check_campaign_fields(actor, units=units, starts_on=starts_on, ends_on=ends_on)
    reported = set(campaign.reports.values_list("unit_id", flat=True))
    dropped = reported - {u.pk for u in units}
    if dropped:
        names = ", ".join(
            OrgUnit.objects.filter(pk__in=dropped).order_by("path").values_list("name", flat=True)
        )
        raise ConflictError(_("Không bỏ được trường đã báo cáo: %(names)s.") % {"names": names})
    before = set(campaign.units.values_list("pk", flat=True))
    campaign.theme, campaign.banner_text = theme.strip(), banner_text.strip()
    campaign.starts_on, campaign.ends_on = starts_on, ends_on
    _clean(campaign)
    campaign.save()
    campaign.units.set(units)
    if tasks is not None:
        campaign.tasks.set(tasks)
    event_record(
        target=campaign, actor=actor, action="update", from_status=campaign.status, to_status=campaign.status
    )
    _ask_to_hang(campaign, [u for u in units if u.pk not in before])
    return campaign


@transaction.atomic
def banner_campaign_cancel(*, actor: User, campaign: BannerCampaign, reason: str) -> BannerCampaign:
    """Cancel a campaign: the reports already sent stay; schools are told and no longer asked."""
    campaign = BannerCampaign.objects.select_for_update().get(pk=campaign.pk)
    _check_manage(actor, campaign, _("Chỉ người tạo hoặc cán bộ Phòng phát động được hủy đợt treo băng rôn."))
    if campaign.is_cancelled:
        raise ConflictError(_("Đợt treo băng rôn đã được hủy."))
    if not (reason or "").strip():
        raise ApplicationError(_("Hãy ghi lý do hủy."))
    campaign.status, campaign.cancel_reason = BannerStatus.CANCELLED, reason.strip()
    campaign.save(update_fields=["status", "cancel_reason", "updated_at"])
    event_record(
        target=campaign,
        actor=actor,
        action="cancel",
        from_status=BannerStatus.OPEN,
        to_status=BannerStatus.CANCELLED,
        reason=campaign.cancel_reason,
    )
    notify(
        users=school_contacts(campaign.units.values_list("pk", flat=True)),
        title=_("Đã hủy đợt treo băng rôn: %(t)s") % {"t": campaign.theme},
        body=campaign.cancel_reason,
        url=reverse("outreach:banner", args=[campaign.pk]),
        dedupe_key=f"outreach-banner-cancel-{campaign.pk}",
    )
    return campaign


@transaction.atomic
def banner_campaign_delete(*, actor: User, campaign: BannerCampaign) -> None:
    """Delete a campaign launched by mistake; once a school reported, it is cancelled instead."""
    campaign = BannerCampaign.objects.select_for_update().get(pk=campaign.pk)
    _check_manage(actor, campaign, _("Chỉ người tạo hoặc cán bộ Phòng phát động được xóa đợt treo băng rôn."))
    if campaign.reports.exists():
        raise ConflictError(
            _("Đã có trường báo cáo treo băng rôn nên không xóa được; hãy hủy đợt (lịch sử được giữ lại).")
        )
    event_record(
        target=campaign, actor=actor, action="delete", from_status=campaign.status, to_status="deleted"
    )
    campaign.delete()


@transaction.atomic
def banner_report(*, actor: User, campaign, unit: OrgUnit, place: str, hung_on, photo) -> BannerReport:
    if not outreach_perms.can_report_for(actor, unit):
        raise PermissionDeniedError(_("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được báo cáo."))
    if campaign.is_cancelled:
        raise ConflictError(_("Đợt treo băng rôn đã hủy, không nhận báo cáo."))
    if not campaign.units.filter(pk=unit.pk).exists():
        raise ApplicationError(_("Trường không thuộc đợt treo băng rôn này."))
    if not (place or "").strip():
        raise ApplicationError(_("Hãy ghi vị trí treo băng rôn."))
    validate_upload(photo, allowed=PHOTO_TYPES)
    report = BannerReport(
        campaign=campaign, unit=unit, place=place.strip(), hung_on=hung_on, photo=photo, by=actor
    )
    _clean(report)
    report.save()
    event_record(target=report, actor=actor, action="report", to_status="reported")
    return report


# ── Calendar subscriptions ──────────────────────────────────────────────────────────────────────────


@transaction.atomic
def calendar_token_issue(*, actor: User, unit: OrgUnit) -> CalendarToken:
    """Give the person a new secret subscription address for the unit's calendar; the previous one (if
    any) stops working at once."""
    if unit not in perms.role_units(actor):
        raise PermissionDeniedError(_("Bạn chỉ tạo được liên kết lịch cho đơn vị mình có vai trò."))
    token, created = CalendarToken.objects.select_for_update().get_or_create(
        user=actor, unit=unit, defaults={"token": secrets.token_urlsafe(32)}
    )
    if not created:
        token.token, token.used_at = secrets.token_urlsafe(32), None
        token.save(update_fields=["token", "used_at", "updated_at"])
    event_record(target=token, actor=actor, action="issue" if created else "regenerate", to_status="active")
    return token


@transaction.atomic
def calendar_token_revoke(*, actor: User, unit: OrgUnit) -> None:
    token = CalendarToken.objects.select_for_update().filter(user=actor, unit=unit).first()
    if token is None:
        raise ConflictError(_("Bạn chưa có liên kết đăng ký lịch của đơn vị này."))
    event_record(target=token, actor=actor, action="revoke", from_status="active", to_status="revoked")
    token.delete()


def calendar_token_touch(token: CalendarToken) -> None:
    """Remember when a calendar last pulled the feed (shown to the owner), at most once an hour."""
    now = clock.now()
    if token.used_at is None or now - token.used_at > datetime.timedelta(hours=1):
        CalendarToken.objects.filter(pk=token.pk).update(used_at=now)


# ── The plan: an outreach record as evidence of a school's assignment ──────────────────────────────

RECORD_LABELS = {
    Acknowledgement: "acknowledgement",
    EventResponse: "eventresponse",
    BannerReport: "bannerreport",
}


def record_ref(record) -> str:
    return f"outreach.{RECORD_LABELS[type(record)]}:{record.pk}"


def _record_title(record) -> str:
    if isinstance(record, Acknowledgement):
        return _("Xác nhận văn bản: %(doc)s") % {"doc": str(record.distribution.document)[:200]}
    if isinstance(record, EventResponse):
        return _("Hưởng ứng sự kiện: %(e)s") % {"e": record.event.title[:200]}
    return _("Báo cáo treo băng rôn: %(t)s (%(place)s)") % {
        "t": record.campaign.theme[:150],
        "place": record.place[:50],
    }


def record_tasks(record):
    """The plan tasks the record's document, event or campaign serves."""
    if isinstance(record, Acknowledgement):
        return record.distribution.document.tasks.all()
    if isinstance(record, EventResponse):
        return record.event.tasks.all()
    return record.campaign.tasks.all()


@transaction.atomic
def record_attach_to_assignment(*, actor: User, record, assignment: Assignment) -> Evidence:
    """The school shows its acknowledgement of a document, its response to an event or its banner report
    as evidence of its assignment of a task that the document, event or campaign serves (an evidence
    record "outreach.<model>:<pk>")."""
    if not outreach_perms.can_report_for(actor, record.unit):
        raise PermissionDeniedError(
            _("Chỉ hiệu trưởng hoặc cán bộ phụ trách của trường được gắn minh chứng.")
        )
    if assignment.unit_id != record.unit_id:
        raise ApplicationError(_("Nhiệm vụ này không phải của trường có hồ sơ."))
    if isinstance(record, Acknowledgement) and record.received_at is None:
        raise ApplicationError(_("Trường chưa xác nhận văn bản này."))
    task = assignment.task
    if not record_tasks(record).filter(pk__in=[task.pk, task.parent_id or 0]).exists():
        raise ApplicationError(_("Hồ sơ này không phục vụ nhiệm vụ đã chọn."))
    ref = record_ref(record)
    if assignment.evidence.filter(kind=EvidenceKind.RECORD, record_ref=ref).exists():
        raise ConflictError(_("Hồ sơ đã được gắn làm minh chứng của nhiệm vụ này."))
    return plan_services.evidence_add(
        actor=actor,
        assignment=assignment,
        kind=EvidenceKind.RECORD,
        title=_record_title(record),
        record_ref=ref,
    )
