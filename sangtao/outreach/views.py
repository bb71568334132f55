"""Pages of the outreach app: parse with a form, call one service or selector, render (STYLE 1)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.core import clock
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import Column, export_rows, xlsx_response
from sangtao.orgs.models import OrgUnit

from . import ics, selectors, services
from .forms import (
    AcknowledgeForm,
    BannerCampaignForm,
    BannerReportForm,
    DistributionForm,
    DocumentForm,
    EventForm,
    EventResponseForm,
)
from .models import Acknowledgement, BannerReport, DocumentKind, Event, EventResponse


def _document_or_404(user, pk):
    return get_object_or_404(selectors.documents_for_user(user), pk=pk)


@login_required
def library(request):
    docs = selectors.documents_for_user(
        request.user,
        q=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        year=request.GET.get("year", ""),
    )
    page = Paginator(docs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/library.html",
        {
            "page": page,
            "kinds": DocumentKind.choices,
            "can_create": perms.can_manage_plans(request.user),
        },
    )


@login_required
def document_create(request):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
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
def document_detail(request, pk):
    doc = _document_or_404(request.user, pk)
    office = perms.can_manage_plans(request.user)
    distributions = selectors.distributions_for_office(request.user, doc) if office else []
    form = None
    if office:
        form = DistributionForm(units_qs=perms.scope_units(request.user, *services.OFFICE_ROLES))
    return render(
        request,
        "outreach/document_detail.html",
        {
            "doc": doc,
            "distributions": distributions,
            "form": form,
            "tasks": doc.tasks.all(),
        },
    )


@login_required
def document_download(request, pk):
    doc = _document_or_404(request.user, pk)
    if not doc.file:
        raise Http404
    return serve_file(doc.file)


@login_required
@require_POST
def distribution_send(request, pk):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    doc = _document_or_404(request.user, pk)
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
    return render(
        request,
        "outreach/document_detail.html",
        {
            "doc": doc,
            "distributions": selectors.distributions_for_office(request.user, doc),
            "form": form,
            "tasks": doc.tasks.all(),
        },
        status=400,
    )


ACK_COLUMNS = [
    Column(gettext_lazy("Đơn vị"), "unit.name", width=40),
    Column(
        gettext_lazy("Xác nhận lúc"),
        "received_at",
        getter=lambda a: a.received_at.strftime("%d/%m/%Y %H:%M") if a.received_at else "",
    ),
    Column(
        gettext_lazy("Ngày phổ biến"),
        "disseminated_at",
        getter=lambda a: a.disseminated_at.strftime("%d/%m/%Y") if a.disseminated_at else "",
    ),
    Column(gettext_lazy("Ghi chú"), "note", width=40),
]


@login_required
def distribution_detail(request, pk):
    dist = get_object_or_404(selectors.distributions_for_office(request.user), pk=pk)
    acks = selectors.acknowledgements_of(dist)
    if request.GET.get("format") == "xlsx":
        out = export_rows(ACK_COLUMNS, acks, title=_("Xác nhận"))
        return xlsx_response(out, f"xac-nhan-{dist.pk}.xlsx")
    return render(request, "outreach/distribution_detail.html", {"dist": dist, "acks": acks})


@login_required
def inbox(request):
    acks = selectors.inbox_for_user(request.user)
    page = Paginator(acks, 30).get_page(request.GET.get("page"))
    return render(request, "outreach/inbox.html", {"page": page, "form": AcknowledgeForm()})


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
    return perms.scope_units(user, "principal", "coordinator").schools()


@login_required
def event_calendar(request):
    month = _month(request.GET.get("month", ""))
    prev_month = (month - datetime.timedelta(days=1)).replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "outreach/calendar.html",
        {
            "month": month,
            "prev": prev_month,
            "next": next_month,
            "events": selectors.events_for_user(request.user, month=month),
            "can_create": perms.can_manage_plans(request.user),
            "feed_units": perms.role_units(request.user),
        },
    )


@login_required
def event_create(request):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, units_qs=perms.scope_units(request.user, *services.OFFICE_ROLES))
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
def event_detail(request, pk):
    event = get_object_or_404(selectors.events_for_user(request.user), pk=pk)
    schools = _school_units(request.user)
    form = None
    if perms.role_units(request.user, "principal", "coordinator") and schools.exists():
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
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "responses": selectors.responses_of(event, request.user),
            "form": form,
            "tasks": event.tasks.all(),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
def response_evidence(request, pk):
    response = get_object_or_404(EventResponse.objects.filter(perms.scope_q(request.user)), pk=pk)
    if not response.evidence:
        raise Http404
    return serve_file(response.evidence)


def _ics_response(events, name, request):
    body = ics.calendar(events, name=name, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


def calendar_feed(request):
    """Public events only (no scope unit): open to calendar apps, which cannot log in."""
    return _ics_response(
        Event.objects.filter(unit__isnull=True).order_by("starts_on", "id"), _("Sáng Tạo — sự kiện"), request
    )


@login_required
def unit_calendar_feed(request, unit_pk):
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    if not perms.can_read_unit(request.user, unit):
        raise Http404
    return _ics_response(selectors.events_for_unit(unit), unit.name, request)


# ── Banner campaigns ────────────────────────────────────────────────────────────────────────────────


def _campaign_or_404(user, pk):
    return get_object_or_404(selectors.banner_campaigns_for_user(user).select_related("sender_unit"), pk=pk)


@login_required
def banner_list(request):
    page = Paginator(selectors.banner_campaigns_for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/banner_list.html",
        {"page": page, "can_create": perms.can_manage_plans(request.user)},
    )


@login_required
def banner_create(request):
    if not perms.can_manage_plans(request.user):
        raise PermissionDenied
    units_qs = perms.scope_units(request.user, *services.OFFICE_ROLES).schools().active()
    form = BannerCampaignForm(request.POST or None, units_qs=units_qs)
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
def banner_detail(request, pk):
    campaign = _campaign_or_404(request.user, pk)
    schools = campaign.units.filter(
        pk__in=perms.scope_units(request.user, "principal", "coordinator").values("pk")
    )
    form = None
    if perms.role_units(request.user, "principal", "coordinator") and schools.exists():
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
    return render(
        request,
        "outreach/banner_detail.html",
        {
            "campaign": campaign,
            "coverage": coverage,
            "form": form,
            "reported": sum(1 for _u, reports in coverage if reports),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
def banner_photo(request, pk):
    report = get_object_or_404(BannerReport.objects.select_related("campaign__sender_unit", "unit"), pk=pk)
    if not (
        perms.holds(request.user, report.unit)
        or perms.holds(request.user, report.campaign.sender_unit, *services.OFFICE_ROLES)
    ):
        raise Http404
    return serve_file(report.photo)
