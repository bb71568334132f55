"""Pages of the outreach app: parse with a form, call one service or selector, render (STYLE 1)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.core import clock
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import export_rows, xlsx_response
from sangtao.orgs.models import OrgUnit

from . import ics, selectors, services, sheets
from . import permissions as outreach_perms
from .forms import (
    AcknowledgeForm,
    BannerCampaignForm,
    BannerReportForm,
    DistributionForm,
    DocumentForm,
    EventForm,
    EventResponseForm,
    ReasonForm,
)
from .models import (
    Acknowledgement,
    BannerReport,
    BannerStatus,
    DocumentKind,
    DocumentStatus,
    Event,
    EventResponse,
)


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _attach(request, record, redirect_to):
    """Attach an outreach record to one of its school's assignments (the choice posted as "assignment")."""
    assignment = next(
        (
            a
            for a in selectors.attachable_assignments(request.user, record)
            if str(a.pk) == request.POST.get("assignment")
        ),
        None,
    )
    if assignment is None:
        raise Http404
    services.record_attach_to_assignment(actor=request.user, record=record, assignment=assignment)
    messages.success(request, _("Đã gắn làm minh chứng cho nhiệm vụ “%(t)s”.") % {"t": assignment.task.title})
    return redirect(redirect_to)


# ── Documents ───────────────────────────────────────────────────────────────────────────────────────


def _library_filters(request) -> dict:
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    return {
        "q": request.GET.get("q", ""),
        "kind": kind if kind in DocumentKind.values else "",
        "year": request.GET.get("year", ""),
        "status": status if status in DocumentStatus.values else "",
    }


@login_required
def library(request):
    filters = _library_filters(request)
    if _wants_xlsx(request):
        rows = selectors.document_export_rows(request.user, **filters)
        return xlsx_response(
            export_rows(sheets.DOCUMENT_COLUMNS, rows.iterator(), title=_("Văn bản")), "van-ban.xlsx"
        )
    docs = selectors.documents_for_user(request.user, **filters)
    page = Paginator(docs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/library.html",
        {
            "page": page,
            "kinds": DocumentKind.choices,
            "statuses": DocumentStatus.choices,
            "filters": filters,
            "can_create": perms.can_manage_plans(request.user),
        },
    )


@login_required
def document_create(request):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.document_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("file", exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("outreach:document", doc.pk)
    return render(request, "outreach/document_form.html", {"form": form})


@login_required
def document_edit(request, pk):
    doc = selectors.get_document_for_user(request.user, pk)
    if not outreach_perms.can_manage(request.user, doc) or doc.is_withdrawn:
        raise PermissionDenied
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        editing=True,
        initial=DocumentForm.initial_from(doc),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=doc, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("file", exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("outreach:document", doc.pk)
    return render(request, "outreach/document_form.html", {"form": form, "doc": doc})


def _document_page(request, doc, *, form=None, status=200):
    office = perms.can_manage_plans(request.user)
    if office and form is None and not doc.is_withdrawn:
        form = DistributionForm(units_qs=perms.scope_units(request.user, *services.OFFICE_ROLES))
    return render(
        request,
        "outreach/document_detail.html",
        {
            "doc": doc,
            "office": office,
            "distributions": selectors.distributions_for_office(request.user, doc) if office else [],
            "form": form,
            "tasks": doc.tasks.select_related("plan"),
            "can_manage": outreach_perms.can_manage(request.user, doc),
            "reason_form": ReasonForm(),
            "history": selectors.history(doc) if office else [],
        },
        status=status,
    )


@login_required
def document_detail(request, pk):
    return _document_page(request, selectors.get_document_for_user(request.user, pk))


@login_required
@require_POST
def document_withdraw(request, pk):
    doc = selectors.get_document_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.document_withdraw(actor=request.user, document=doc, reason=reason)
    messages.success(request, _("Đã thu hồi văn bản."))
    return redirect("outreach:document", doc.pk)


@login_required
@require_POST
def document_delete(request, pk):
    doc = selectors.get_document_for_user(request.user, pk)
    services.document_delete(actor=request.user, document=doc)
    messages.success(request, _("Đã xóa văn bản."))
    return redirect("outreach:library")


@login_required
def document_download(request, pk):
    doc = selectors.get_document_for_user(request.user, pk)
    if not doc.file:
        raise Http404
    return serve_file(doc.file)


@login_required
@require_POST
def distribution_send(request, pk):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    doc = selectors.get_document_for_user(request.user, pk)
    form = DistributionForm(request.POST, units_qs=perms.scope_units(request.user, *services.OFFICE_ROLES))
    if form.is_valid():
        data = form.cleaned_data
        units = services.recipient_units(under=data["under"], level=data["level"], units=data["units"])
        try:
            dist = services.distribution_send(
                actor=request.user, document=doc, units=units, due_on=data["due_on"], note=data["note"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã gửi văn bản đến %(n)d trường.") % {"n": len(units)})
            return redirect("outreach:distribution", dist.pk)
    else:
        messages.error(request, _("Hãy kiểm tra lại thông tin gửi văn bản."))
    return _document_page(request, doc, form=form, status=400)


@login_required
def distribution_detail(request, pk):
    dist = get_object_or_404(selectors.distributions_for_office(request.user), pk=pk)
    acks = selectors.acknowledgements_of(dist)
    if _wants_xlsx(request):
        out = export_rows(sheets.ACK_COLUMNS, acks, title=_("Xác nhận"))
        return xlsx_response(out, f"xac-nhan-{dist.pk}.xlsx")
    return render(request, "outreach/distribution_detail.html", {"dist": dist, "acks": acks})


@login_required
def inbox(request):
    acks = selectors.inbox_for_user(request.user)
    if _wants_xlsx(request):
        rows = acks.iterator(chunk_size=500)
        return xlsx_response(
            export_rows(sheets.INBOX_COLUMNS, rows, title=_("Văn bản cần xác nhận")), "van-ban-den.xlsx"
        )
    page = Paginator(acks, 30).get_page(request.GET.get("page"))
    options = selectors.attach_options(request.user, page.object_list)
    return render(
        request,
        "outreach/inbox.html",
        {"page": page, "rows": [(a, options.get(a.pk, [])) for a in page], "form": AcknowledgeForm()},
    )


@login_required
@require_POST
def acknowledge(request, pk):
    ack = get_object_or_404(selectors.inbox_for_user(request.user), pk=pk)
    form = AcknowledgeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.acknowledge(actor=request.user, acknowledgement=ack, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã xác nhận nhận văn bản."))
    else:
        messages.error(request, _("Hãy kiểm tra lại thông tin xác nhận."))
    return redirect("outreach:inbox")


@login_required
@require_POST
def ack_attach(request, pk):
    ack = get_object_or_404(selectors.inbox_for_user(request.user), pk=pk)
    return _attach(request, ack, reverse("outreach:inbox"))


@login_required
def ack_evidence(request, pk):
    ack = get_object_or_404(
        Acknowledgement.objects.select_related("distribution__sender_unit", "unit"), pk=pk
    )
    if not (
        perms.holds(request.user, ack.unit)
        or perms.holds(request.user, ack.distribution.sender_unit, *services.OFFICE_ROLES)
    ):
        raise Http404
    if not ack.evidence:
        raise Http404
    return serve_file(ack.evidence)


# ── Events ──────────────────────────────────────────────────────────────────────────────────────────


def _month(value: str):
    try:
        year, month = (int(p) for p in value.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        today = clock.today()
        return today.replace(day=1)


def _school_units(user):
    return perms.scope_units(user, *services.SCHOOL_ROLES).schools()


def _feed_url(request, token) -> str:
    return request.build_absolute_uri(reverse("outreach:token_calendar_feed", args=[token.token]))


@login_required
def event_calendar(request):
    month = _month(request.GET.get("month", ""))
    if _wants_xlsx(request):
        rows = selectors.event_export_rows(request.user, month=month)
        return xlsx_response(
            export_rows(sheets.EVENT_COLUMNS, rows, title=_("Sự kiện")), f"su-kien-{month:%Y-%m}.xlsx"
        )
    prev_month = (month - datetime.timedelta(days=1)).replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    subscriptions = []
    for unit, token in selectors.calendar_subscriptions(request.user):
        url = _feed_url(request, token) if token else ""
        # webcal:// makes a phone open its calendar app and subscribe (the same address, another scheme).
        subscriptions.append((unit, token, url, "webcal://" + url.split("://", 1)[-1] if url else ""))
    return render(
        request,
        "outreach/calendar.html",
        {
            "month": month,
            "prev": prev_month,
            "next": next_month,
            "events": selectors.events_for_user(request.user, month=month),
            "can_create": perms.can_manage_plans(request.user),
            "subscriptions": subscriptions,
        },
    )


@login_required
@require_POST
def calendar_subscribe(request, unit_pk):
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    if unit not in perms.role_units(request.user):
        raise Http404
    services.calendar_token_issue(actor=request.user, unit=unit)
    messages.success(
        request,
        _("Đã tạo liên kết đăng ký lịch mới cho %(u)s; liên kết cũ (nếu có) không dùng được nữa.")
        % {"u": unit.display_short},
    )
    return redirect(reverse("outreach:calendar") + "#subscribe")


@login_required
@require_POST
def calendar_unsubscribe(request, unit_pk):
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    if unit not in perms.role_units(request.user):
        raise Http404
    services.calendar_token_revoke(actor=request.user, unit=unit)
    messages.success(request, _("Đã thu hồi liên kết đăng ký lịch của %(u)s.") % {"u": unit.display_short})
    return redirect(reverse("outreach:calendar") + "#subscribe")


def _event_units(user):
    return perms.scope_units(user, *services.OFFICE_ROLES)


@login_required
def event_create(request):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, units_qs=_event_units(request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm sự kiện."))
            return redirect("outreach:event", event.pk)
    return render(request, "outreach/event_form.html", {"form": form})


@login_required
def event_edit(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    if not outreach_perms.can_manage(request.user, event) or event.is_cancelled:
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        units_qs=_event_units(request.user),
        user=request.user,
        initial=EventForm.initial_from(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu sự kiện."))
            return redirect("outreach:event", event.pk)
    return render(request, "outreach/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    if _wants_xlsx(request):
        rows = selectors.event_response_rows(event, request.user)
        return xlsx_response(
            export_rows(sheets.RESPONSE_COLUMNS, rows, title=_("Hưởng ứng")), f"huong-ung-{event.pk}.xlsx"
        )
    schools = _school_units(request.user)
    form = None
    if not event.is_cancelled and perms.role_units(request.user, *services.SCHOOL_ROLES) and schools.exists():
        form = EventResponseForm(request.POST or None, request.FILES or None, units_qs=schools)
        if request.method == "POST" and form.is_valid():
            try:
                services.event_respond(actor=request.user, event=event, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("evidence", exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã ghi nhận hoạt động hưởng ứng."))
                return redirect("outreach:event", event.pk)
    elif request.method == "POST":
        raise PermissionDenied
    rows = selectors.event_response_rows(event, request.user)
    responses = [r for _u, r in rows if r is not None]
    options = selectors.attach_options(request.user, responses)
    office = perms.can_manage_plans(request.user)
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "rows": [(u, r, options.get(r.pk, []) if r else []) for u, r in rows],
            "responded": len(responses),
            "form": form,
            "tasks": event.tasks.select_related("plan"),
            "can_manage": outreach_perms.can_manage(request.user, event),
            "reason_form": ReasonForm(),
            "history": selectors.history(event) if office else [],
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def event_cancel(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    services.event_cancel(
        actor=request.user, event=event, reason=form.cleaned_data["reason"] if form.is_valid() else ""
    )
    messages.success(request, _("Đã hủy sự kiện."))
    return redirect("outreach:event", event.pk)


@login_required
@require_POST
def event_delete(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    month = event.starts_on
    services.event_delete(actor=request.user, event=event)
    messages.success(request, _("Đã xóa sự kiện."))
    return redirect(reverse("outreach:calendar") + f"?month={month:%Y-%m}")


@login_required
def response_evidence(request, pk):
    response = get_object_or_404(EventResponse.objects.filter(perms.scope_q(request.user)), pk=pk)
    if not response.evidence:
        raise Http404
    return serve_file(response.evidence)


@login_required
@require_POST
def response_attach(request, pk):
    response = get_object_or_404(
        EventResponse.objects.filter(
            perms.scope_q(request.user, "unit", *services.SCHOOL_ROLES)
        ).select_related("event", "unit"),
        pk=pk,
    )
    return _attach(request, response, reverse("outreach:event", args=[response.event_id]))


def _ics_response(events, name, request):
    body = ics.calendar(events, name=name, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


def calendar_feed(request):
    """General events only (no scope unit): open to calendar apps, which cannot log in."""
    return _ics_response(
        Event.objects.filter(unit__isnull=True).order_by("starts_on", "id"), _("Sáng Tạo — sự kiện"), request
    )


@login_required
def unit_calendar_feed(request, unit_pk):
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    if not perms.can_read_unit(request.user, unit):
        raise Http404
    return _ics_response(selectors.events_for_unit(unit), unit.name, request)


def token_calendar_feed(request, token):
    """A unit's calendar for a phone calendar, which cannot log in: the secret address is the key."""
    sub = selectors.calendar_token_owner(token)
    services.calendar_token_touch(sub)
    response = _ics_response(selectors.events_for_unit(sub.unit), sub.unit.name, request)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# ── Banner campaigns ────────────────────────────────────────────────────────────────────────────────


def _campaign_units(user):
    return perms.scope_units(user, *services.OFFICE_ROLES).schools().active()


@login_required
def banner_list(request):
    campaigns = selectors.banner_campaigns_for_user(request.user)
    status = request.GET.get("status", "")
    if status in BannerStatus.values:
        campaigns = campaigns.filter(status=status)
    if _wants_xlsx(request):
        rows = selectors.banner_coverage_rows(request.user, campaigns)
        return xlsx_response(
            export_rows(sheets.COVERAGE_COLUMNS, rows, title=_("Treo băng rôn")), "treo-bang-ron.xlsx"
        )
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/banner_list.html",
        {
            "page": page,
            "statuses": BannerStatus.choices,
            "status": status,
            "can_create": perms.can_manage_plans(request.user),
        },
    )


@login_required
def banner_create(request):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    form = BannerCampaignForm(request.POST or None, units_qs=_campaign_units(request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.banner_campaign_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã phát động đợt treo băng rôn."))
            return redirect("outreach:banner", campaign.pk)
    return render(request, "outreach/banner_form.html", {"form": form})


@login_required
def banner_edit(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    if not outreach_perms.can_manage(request.user, campaign) or campaign.is_cancelled:
        raise PermissionDenied
    form = BannerCampaignForm(
        request.POST or None,
        units_qs=_campaign_units(request.user),
        user=request.user,
        initial=BannerCampaignForm.initial_from(campaign),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.banner_campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu đợt treo băng rôn."))
            return redirect("outreach:banner", campaign.pk)
    return render(request, "outreach/banner_form.html", {"form": form, "campaign": campaign})


@login_required
def banner_detail(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    if _wants_xlsx(request):
        rows = selectors.banner_coverage_rows(
            request.user, selectors.banner_campaigns_for_user(request.user).filter(pk=campaign.pk)
        )
        return xlsx_response(
            export_rows(sheets.COVERAGE_COLUMNS, rows, title=_("Báo cáo treo băng rôn")),
            f"bao-cao-bang-ron-{campaign.pk}.xlsx",
        )
    schools = campaign.units.filter(
        pk__in=perms.scope_units(request.user, *services.SCHOOL_ROLES).values("pk")
    )
    form = None
    if (
        not campaign.is_cancelled
        and perms.role_units(request.user, *services.SCHOOL_ROLES)
        and schools.exists()
    ):
        form = BannerReportForm(request.POST or None, request.FILES or None, units_qs=schools)
        if request.method == "POST" and form.is_valid():
            try:
                services.banner_report(actor=request.user, campaign=campaign, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("photo", exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã gửi báo cáo treo băng rôn."))
                return redirect("outreach:banner", campaign.pk)
    elif request.method == "POST":
        raise PermissionDenied
    coverage = selectors.banner_coverage(campaign, request.user)
    options = selectors.attach_options(request.user, [r for _u, reports in coverage for r in reports])
    office = perms.can_manage_plans(request.user)
    return render(
        request,
        "outreach/banner_detail.html",
        {
            "campaign": campaign,
            "coverage": [(u, [(r, options.get(r.pk, [])) for r in reports]) for u, reports in coverage],
            "form": form,
            "reported": sum(1 for _u, reports in coverage if reports),
            "tasks": campaign.tasks.select_related("plan"),
            "can_manage": outreach_perms.can_manage(request.user, campaign),
            "reason_form": ReasonForm(),
            "history": selectors.history(campaign) if office else [],
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def banner_cancel(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    services.banner_campaign_cancel(
        actor=request.user, campaign=campaign, reason=form.cleaned_data["reason"] if form.is_valid() else ""
    )
    messages.success(request, _("Đã hủy đợt treo băng rôn."))
    return redirect("outreach:banner", campaign.pk)


@login_required
@require_POST
def banner_delete(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    services.banner_campaign_delete(actor=request.user, campaign=campaign)
    messages.success(request, _("Đã xóa đợt treo băng rôn."))
    return redirect("outreach:banners")


@login_required
def banner_photo(request, pk):
    report = get_object_or_404(selectors.banner_reports_for_user(request.user), pk=pk)
    return serve_file(report.photo)


@login_required
@require_POST
def banner_report_attach(request, pk):
    report = get_object_or_404(
        BannerReport.objects.filter(
            perms.scope_q(request.user, "unit", *services.SCHOOL_ROLES)
        ).select_related("campaign", "unit"),
        pk=pk,
    )
    return _attach(request, report, reverse("outreach:banner", args=[report.campaign_id]))
