"""Pages of the honours app: parse with a form, call one service or selector, render (STYLE 1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.core import clock
from sangtao.core.exceptions import ApplicationError
from sangtao.core.xlsx import export_rows, read_rows, write_template, xlsx_response

from . import permissions as hperms
from . import selectors, services
from .forms import (
    ApproveForm,
    CommendationForm,
    ImportForm,
    ProposalForm,
    ReasonForm,
    RecipientFields,
    UnitPickForm,
)
from .models import (
    CommendationStatus,
    HonourLevel,
    HonourTitle,
    ProposalItem,
    ProposalStatus,
    RecipientKind,
    school_year_label,
    year_of,
)
from .sheets import ANNEX_COLUMNS, IMPORT_COLUMNS, IMPORT_EXAMPLES, PROPOSAL_COLUMNS

PAGE_SIZE = 30


def _year(value, default=None) -> int:
    if str(value or "").isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return default or year_of(clock.today())


def _int(value):
    return int(value) if str(value or "").isdigit() else None


@login_required
def index(request):
    """A year's commendations in the user's scope, with counts and filters."""
    year = _year(request.GET.get("year"))
    filters = {
        "level": request.GET.get("level", ""),
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
        "unit_id": _int(request.GET.get("unit")),
        "q": request.GET.get("q", ""),
    }
    rows = selectors.commendations_for_user(request.user, year=year, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.label_rows(request.user, page.object_list, with_evidence=False)
    years = sorted(set(selectors.years_for_user(request.user)) | {year}, reverse=True)
    return render(
        request,
        "honours/index.html",
        {
            "page": page,
            "year": year,
            "year_label": school_year_label(year),
            "years": [(y, school_year_label(y)) for y in years],
            "summary": selectors.year_summary(request.user, year=year),
            "proposals": selectors.proposal_counts(request.user, year=year),
            "levels": HonourLevel.choices,
            "kinds": RecipientKind.choices,
            "statuses": CommendationStatus.choices,
            "filters": filters,
            "is_decider": hperms.is_decider(request.user),
        },
    )


@login_required
def commendation_detail(request, pk):
    commendation = selectors.get_commendation_for_user(request.user, pk)
    selectors.label_rows(request.user, [commendation])
    can_revoke = hperms.can_decide(request.user, commendation.unit) and (
        commendation.status == CommendationStatus.IN_FORCE
    )
    return render(
        request,
        "honours/commendation_detail.html",
        {
            "c": commendation,
            "events": selectors.timeline(commendation),
            "revoke_form": ReasonForm() if can_revoke else None,
            "year_label": school_year_label(commendation.year),
        },
    )


def _decision_units(user):
    return perms.scope_units(user, *hperms.OFFICE_ROLES).schools().active().order_by("path")


@login_required
def commendation_create(request):
    """Two steps on one page: pick the unit (GET ?unit=), then who and why (the unit's people)."""
    if not hperms.is_decider(request.user):
        raise PermissionDenied
    units_qs = _decision_units(request.user)
    unit = units_qs.filter(pk=_int(request.GET.get("unit"))).first() if request.GET.get("unit") else None
    pick = UnitPickForm(initial={"unit": unit}, units_qs=units_qs)
    form = None
    if unit is not None:
        form = CommendationForm(request.POST or None, unit=unit)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                commendation = services.commendation_create(
                    actor=request.user,
                    unit=unit,
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    issuer=data["issuer"],
                    **form.recipient_data(),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã ghi nhận khen thưởng."))
                return redirect("honours:commendation", commendation.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "honours/commendation_form.html",
        {"pick": pick, "form": form, "unit": unit},
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def commendation_revoke(request, pk):
    commendation = selectors.get_commendation_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do thu hồi."))
    else:
        try:
            services.commendation_revoke(
                actor=request.user, commendation=commendation, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã thu hồi khen thưởng."))
    return redirect("honours:commendation", commendation.pk)


@login_required
def export(request):
    """The year's commendations in force as a decision's annex (.xlsx), as far as the user sees them."""
    year = _year(request.GET.get("year"))
    rows = selectors.label_rows(
        request.user, selectors.annex_rows(request.user, year=year), with_evidence=False
    )
    for i, row in enumerate(rows, start=1):
        row.index = i
    out = export_rows(ANNEX_COLUMNS, rows, title=_("Danh sách khen thưởng"))
    return xlsx_response(out, f"khen-thuong-{school_year_label(year)}.xlsx")


@login_required
def commendations_import(request):
    if not hperms.is_decider(request.user):
        raise PermissionDenied
    if request.GET.get("template"):
        out = write_template(IMPORT_COLUMNS, _("Danh sách khen thưởng"), IMPORT_EXAMPLES)
        return xlsx_response(out, "mau-danh-sach-khen-thuong.xlsx")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = read_rows(data["file"], IMPORT_COLUMNS)
        errors = parsed.errors
        if not errors and not parsed.rows:
            form.add_error("file", _("Tệp không có dòng dữ liệu nào."))
        elif not errors:
            try:
                result = services.commendations_import(
                    actor=request.user,
                    rows=parsed.rows,
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    issuer=data["issuer"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                errors = result.errors
                if result.ok:
                    messages.success(
                        request,
                        _("Đã nhập %(n)d khen thưởng của quyết định %(d)s.")
                        % {"n": result.created, "d": data["decision_number"]},
                    )
                    return redirect(f"{_index_url()}?year={year_of(data['decision_date'])}")
    return render(
        request,
        "honours/import.html",
        {"form": form, "errors": errors},
        status=400 if form.is_bound else 200,
    )


def _index_url():
    from django.urls import reverse

    return reverse("honours:index")


# ── Proposals ───────────────────────────────────────────────────────────────────────────────────────


def _proposing_units(user):
    return perms.scope_units(user, "principal", "coordinator").schools().active().order_by("path")


@login_required
def proposal_list(request):
    year = _int(request.GET.get("year"))
    status = request.GET.get("status", "")
    rows = selectors.proposals_for_user(request.user, year=year, status=status)
    if request.GET.get("format") == "xlsx":
        out = export_rows(PROPOSAL_COLUMNS, rows.iterator(chunk_size=500), title=_("Đề nghị khen thưởng"))
        return xlsx_response(out, "de-nghi-khen-thuong.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    years = selectors.years_for_user(request.user)
    return render(
        request,
        "honours/proposal_list.html",
        {
            "page": page,
            "year": year,
            "status": status,
            "years": [(y, school_year_label(y)) for y in years],
            "statuses": ProposalStatus.choices,
            "can_create": _proposing_units(request.user).exists(),
        },
    )


@login_required
def proposal_create(request):
    units_qs = _proposing_units(request.user)
    if not units_qs.exists():
        raise PermissionDenied
    form = ProposalForm(request.POST or None, units_qs=units_qs)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lập đề nghị. Hãy thêm các tập thể, cá nhân được đề nghị khen."))
            return redirect("honours:proposal", proposal.pk)
    return render(request, "honours/proposal_form.html", {"form": form})


def _proposal_page(request, proposal, *, item_form=None, approve_form=None, return_form=None, status=200):
    user = request.user
    editable = proposal.is_editable and hperms.can_propose(user, proposal.unit)
    deciding = proposal.status == ProposalStatus.SUBMITTED and hperms.can_decide(user, proposal.unit)
    if editable and item_form is None:
        item_form = RecipientFields(unit=proposal.unit)
    if deciding:
        approve_form = approve_form or ApproveForm(
            proposal=proposal, initial={"decision_date": clock.today()}
        )
        return_form = return_form or ReasonForm()
    return render(
        request,
        "honours/proposal_detail.html",
        {
            "proposal": proposal,
            "year_label": school_year_label(proposal.year),
            "items": selectors.proposal_items(user, proposal),
            "editable": editable,
            "can_submit": proposal.is_editable and hperms.can_submit(user, proposal.unit),
            "item_form": item_form if editable else None,
            "approve_form": approve_form if deciding else None,
            "return_form": return_form if deciding else None,
            "events": selectors.timeline(proposal),
            "consent_hint": editable and not item_form.fields["student"].queryset.exists(),
        },
        status=status,
    )


@login_required
def proposal_detail(request, pk):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    return _proposal_page(request, proposal)


@login_required
@require_POST
def proposal_item_add(request, pk):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    if not hperms.can_propose(request.user, proposal.unit):
        raise PermissionDenied
    form = RecipientFields(request.POST, unit=proposal.unit)
    if form.is_valid():
        try:
            services.proposal_item_add(actor=request.user, proposal=proposal, **form.recipient_data())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm vào đề nghị."))
            return redirect("honours:proposal", proposal.pk)
    return _proposal_page(request, proposal, item_form=form, status=400)


@login_required
@require_POST
def proposal_item_remove(request, pk):
    item = get_object_or_404(ProposalItem, pk=pk)
    proposal = selectors.get_proposal_for_user(request.user, item.proposal_id)
    try:
        services.proposal_item_remove(actor=request.user, item=item)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã bỏ dòng khỏi đề nghị."))
    return redirect("honours:proposal", proposal.pk)


@login_required
@require_POST
def proposal_submit(request, pk):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gửi đề nghị lên Phòng."))
    return redirect("honours:proposal", proposal.pk)


@login_required
@require_POST
def proposal_approve(request, pk):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    if not hperms.can_decide(request.user, proposal.unit):
        raise PermissionDenied
    form = ApproveForm(request.POST, proposal=proposal)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = services.proposal_approve(
                actor=request.user,
                proposal=proposal,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issuer=data["issuer"],
                items=data["items"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã duyệt: %(n)d tập thể, cá nhân được khen.") % {"n": len(done)})
            return redirect("honours:proposal", proposal.pk)
    proposal.refresh_from_db()
    return _proposal_page(request, proposal, approve_form=form, status=400)


@login_required
@require_POST
def proposal_return(request, pk):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    if not hperms.can_decide(request.user, proposal.unit):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_return(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã trả lại đề nghị cho trường."))
            return redirect("honours:proposal", proposal.pk)
    return _proposal_page(request, proposal, return_form=form, status=400)


# ── The public honour roll ──────────────────────────────────────────────────────────────────────────


def roll_index(request):
    """Public (no login): the latest year with commendations."""
    years = selectors.public_years()
    if years:
        return redirect("honours:roll", years[0])
    return render(request, "honours/roll.html", {"page": None, "years": [], "year": None})


def roll(request, year):
    """Public (no login): honoured units and people of a school year, with the public records behind them."""
    kind = request.GET.get("kind", "")
    if kind not in RecipientKind.values:
        kind = ""
    page = Paginator(selectors.public_roll(year=year, kind=kind), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.public_rows(page.object_list)
    years = selectors.public_years()
    return render(
        request,
        "honours/roll.html",
        {
            "page": page,
            "year": year,
            "kind": kind,
            "kinds": RecipientKind.choices,
            "year_label": school_year_label(year),
            "years": [(y, school_year_label(y)) for y in years],
            "counts": selectors.public_counts(year=year),
            "titles": HonourTitle,
        },
    )
