"""Pages of the initiatives app. Each view parses input with a form, calls one service or selector, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.core import clock
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import export_rows, xlsx_response
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit, SchoolYear

from . import permissions as iperms
from . import selectors, services
from .documents import DOCX_CONTENT_TYPE, decision_docx, decision_rows, decision_text
from .forms import (
    ApplicationForm,
    AttachmentForm,
    AuthorFormSet,
    CampaignForm,
    CloseForm,
    CouncilForm,
    CriterionFormSet,
    DecisionForm,
    InitiativeForm,
    MemberForm,
    ReasonForm,
    ScoreForm,
    person_choices,
    person_value,
)
from .models import (
    CampaignStatus,
    CouncilLevel,
    CouncilMember,
    InitiativeAttachment,
    InitiativeField,
    InitiativeStatus,
    LibraryLevel,
    ReviewStatus,
)
from .sheets import (
    CAMPAIGN_COLUMNS,
    DECISION_COLUMNS,
    INITIATIVE_COLUMNS,
    LIBRARY_COLUMNS,
    QUEUE_COLUMNS,
    queue_rows,
)
from .similarity import similar_initiatives

PAGE_SIZE = 30


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


# ── My initiatives ─────────────────────────────────────────────────────────────────────────────────


def index(request):
    """The app's main page: one's own initiatives when signed in, the public library otherwise."""
    if not request.user.is_authenticated:
        return redirect("initiatives:library")
    return redirect("initiatives:mine")


@login_required
def mine(request):
    qs = selectors.initiatives_for_user(
        request.user, mine=True, status=request.GET.get("status", ""), q=request.GET.get("q", "")
    )
    if _wants_xlsx(request):
        return xlsx_response(
            export_rows(INITIATIVE_COLUMNS, qs, title=_("Sáng kiến của tôi")), "sang-kien-cua-toi.xlsx"
        )
    unit = iperms.author_unit(request.user)
    open_campaigns = []
    if unit is not None:
        open_campaigns = [
            c
            for c in selectors.campaigns_for_user(request.user, status=CampaignStatus.OPEN)
            if perms.covers(c.unit, unit) and c.closes_on >= clock.today()
        ]
    return render(
        request,
        "initiatives/mine.html",
        {
            "page": _page(request, qs),
            "statuses": InitiativeStatus.choices,
            "open_campaigns": open_campaigns,
            "author_unit": unit,
        },
    )


def _author_formset(request, unit, *, initial=None):
    choices = person_choices(unit, request.user)
    return AuthorFormSet(request.POST or None, initial=initial, prefix="authors", choices=choices)


@login_required
def initiative_create(request):
    campaign = selectors.get_campaign_for_user(request.user, _int(request.GET.get("campaign")) or 0)
    unit = iperms.author_unit(request.user)
    if unit is None or not perms.covers(campaign.unit, unit):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None)
    authors = _author_formset(
        request,
        unit,
        initial=[{"person": f"u{request.user.pk}", "share": "100"}]
        if not hasattr(request.user, "staff")
        else [{"person": f"s{request.user.staff.pk}", "share": "100"}],
    )
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        try:
            initiative = services.initiative_create(
                actor=request.user, campaign=campaign, authors=authors.specs(), **form.content()
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu bản nháp. Hãy kiểm tra, đính kèm tệp (nếu có) rồi nộp."))
            return redirect("initiatives:detail", initiative.pk)
    return render(
        request,
        "initiatives/initiative_form.html",
        {
            "form": form,
            "authors": authors,
            "campaign": campaign,
            "unit": unit,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def initiative_edit(request, pk):
    initiative = selectors.get_initiative_for_user(request.user, pk)
    if not iperms.is_author(request.user, initiative) or not initiative.is_editable:
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, instance=initiative)
    authors = _author_formset(
        request,
        initiative.unit,
        initial=[
            {"person": person_value(a), "share": str(a.share.normalize())} for a in initiative.authors.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        try:
            services.initiative_update(
                actor=request.user,
                initiative=initiative,
                authors=authors.specs(),
                version=form.submitted_version(),
                **form.content(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu sáng kiến."))
            return redirect("initiatives:detail", initiative.pk)
    return render(
        request,
        "initiatives/initiative_form.html",
        {
            "form": form,
            "authors": authors,
            "campaign": initiative.campaign,
            "unit": initiative.unit,
            "initiative": initiative,
        },
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request, initiative, **extra):
    return {
        "i": initiative,
        "campaign": initiative.campaign,
        "tasks": initiative.campaign.tasks.select_related("plan"),
        **selectors.initiative_detail(request.user, initiative),
        "attachment_form": AttachmentForm(),
        "reason_form": ReasonForm(),
        **extra,
    }


@login_required
def initiative_detail(request, pk):
    initiative = selectors.get_initiative_for_user(request.user, pk)
    return render(request, "initiatives/initiative_detail.html", _detail_context(request, initiative))


@login_required
@require_POST
def initiative_submit(request, pk):
    initiative = selectors.get_initiative_for_user(request.user, pk)
    services.initiative_submit(actor=request.user, initiative=initiative)
    messages.success(request, _("Đã nộp sáng kiến. Hồ sơ đã được khóa để hội đồng xét."))
    return redirect("initiatives:detail", pk)


@login_required
@require_POST
def initiative_withdraw(request, pk):
    initiative = selectors.get_initiative_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.initiative_withdraw(actor=request.user, initiative=initiative, reason=reason)
    messages.success(request, _("Đã rút sáng kiến."))
    return redirect("initiatives:detail", pk)


@login_required
@require_POST
def attachment_add(request, pk):
    initiative = selectors.get_initiative_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                initiative=initiative,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Đã đính kèm tệp."))
            return redirect("initiatives:detail", pk)
    return render(
        request,
        "initiatives/initiative_detail.html",
        _detail_context(request, initiative, attachment_form=form),
        status=400,
    )


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(InitiativeAttachment, pk=pk)
    selectors.get_initiative_for_user(request.user, attachment.initiative_id)  # 404 outside the user's scope
    return serve_file(attachment.file)


@login_required
@require_POST
def attachment_remove(request, pk):
    attachment = get_object_or_404(InitiativeAttachment.objects.select_related("initiative"), pk=pk)
    initiative = selectors.get_initiative_for_user(request.user, attachment.initiative_id)
    services.attachment_remove(actor=request.user, attachment=attachment)
    messages.success(request, _("Đã xóa tệp."))
    return redirect("initiatives:detail", initiative.pk)


@login_required
@require_POST
def review_start(request, pk):
    initiative = selectors.get_initiative_for_user(request.user, pk)
    review = services.review_start(actor=request.user, initiative=initiative)
    messages.success(
        request,
        _("Đã đưa sáng kiến ra %(c)s; các thành viên đã được báo để chấm.") % {"c": review.council.name},
    )
    return redirect("initiatives:review", review.pk)


@login_required
@require_POST
def initiative_forward(request, pk):
    initiative = selectors.get_initiative_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    services.initiative_forward(
        actor=request.user, initiative=initiative, note=form.cleaned_data["reason"] if form.is_valid() else ""
    )
    messages.success(request, _("Đã đề nghị hội đồng cấp Phòng xét sáng kiến."))
    return redirect("initiatives:detail", pk)


# ── Campaigns and councils ─────────────────────────────────────────────────────────────────────────


@login_required
def campaign_list(request):
    qs = selectors.campaigns_for_user(
        request.user,
        q=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        year=_int(request.GET.get("year")),
    )
    if _wants_xlsx(request):
        return xlsx_response(
            export_rows(CAMPAIGN_COLUMNS, qs, title=_("Đợt xét sáng kiến")), "dot-xet-sang-kien.xlsx"
        )
    return render(
        request,
        "initiatives/campaign_list.html",
        {
            "page": _page(request, qs),
            "statuses": CampaignStatus.choices,
            "years": SchoolYear.objects.order_by("-start"),
            "can_create": bool(iperms.campaign_units(request.user)),
        },
    )


def _campaign_form(request, campaign=None):
    units = iperms.campaign_units(request.user) if campaign is None else [campaign.unit]
    if not units:
        raise PermissionDenied
    initial = None
    if campaign is None:
        year = SchoolYear.objects.filter(is_current=True).first()
        initial = {"school_year": year, "unit": units[0]}
    form = CampaignForm(
        request.POST or None, instance=campaign, user=request.user, units=units, initial=initial
    )
    # The labels are data: shown as stored (the default ones in Vietnamese), so that saving keeps them.
    criteria_initial = [
        {"key": c["key"], "label": c["label"], "weight": str(c["weight"]), "max": str(c["max"])}
        for c in (campaign.criteria if campaign else form.instance.criteria)
    ]
    criteria = CriterionFormSet(request.POST or None, initial=criteria_initial, prefix="criteria")
    return form, criteria


@login_required
def campaign_create(request):
    form, criteria = _campaign_form(request)
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        try:
            campaign = services.campaign_create(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                criteria=criteria.criteria(),
                tasks=form.cleaned_data["tasks"],
                **form.cleaned_fields(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo đợt xét. Hãy thành lập hội đồng rồi phát động."))
            return redirect("initiatives:campaign", campaign.pk)
    return render(
        request,
        "initiatives/campaign_form.html",
        {"form": form, "criteria": criteria},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def campaign_edit(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    if not iperms.can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    form, criteria = _campaign_form(request, campaign)
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        try:
            services.campaign_update(
                actor=request.user,
                campaign=campaign,
                tasks=form.cleaned_data["tasks"],
                criteria=criteria.criteria(),
                **form.cleaned_fields(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu đợt xét."))
            return redirect("initiatives:campaign", campaign.pk)
    return render(
        request,
        "initiatives/campaign_form.html",
        {"form": form, "criteria": criteria, "campaign": campaign},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def campaign_detail(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    qs = selectors.initiatives_for_user(
        request.user,
        campaign_id=campaign.pk,
        status=request.GET.get("status", ""),
        field=request.GET.get("field", ""),
        unit_id=_int(request.GET.get("unit")),
        q=request.GET.get("q", ""),
    )
    if _wants_xlsx(request):
        return xlsx_response(
            export_rows(INITIATIVE_COLUMNS, qs, title=_("Sáng kiến")), f"sang-kien-dot-{campaign.pk}.xlsx"
        )
    manage = iperms.can_manage_campaign(request.user, campaign)
    council_units = _council_units(request.user, campaign)
    return render(
        request,
        "initiatives/campaign_detail.html",
        {
            "campaign": campaign,
            "page": _page(request, qs),
            "counts": selectors.campaign_status_counts(request.user, campaign),
            "councils": selectors.councils_for_user(request.user, campaign),
            "decisions": selectors.decisions_for_user(request.user, campaign),
            "tasks": campaign.tasks.select_related("plan"),
            "can_manage": manage,
            "can_create_council": bool(council_units) and campaign.status != CampaignStatus.CLOSED,
            "can_issue_decision": bool(selectors.decision_units_for(request.user, campaign)),
            "can_submit_here": _can_author_in(request.user, campaign),
            "statuses": InitiativeStatus.choices,
            "fields": InitiativeField.choices,
        },
    )


def _can_author_in(user, campaign) -> bool:
    unit = iperms.author_unit(user)
    return (
        unit is not None
        and perms.covers(campaign.unit, unit)
        and campaign.status == CampaignStatus.OPEN
        and campaign.closes_on >= clock.today()
    )


@login_required
@require_POST
def campaign_open(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    services.campaign_open(actor=request.user, campaign=campaign)
    messages.success(request, _("Đã phát động đợt xét: các đơn vị có thể đăng ký sáng kiến."))
    return redirect("initiatives:campaign", pk)


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    services.campaign_close(actor=request.user, campaign=campaign, reason=request.POST.get("reason", ""))
    messages.success(request, _("Đã kết thúc đợt xét."))
    return redirect("initiatives:campaign", pk)


def _council_units(user, campaign) -> list[OrgUnit]:
    """Units for which the user may form a council now (and that do not have one yet)."""
    taken = set(campaign.councils.values_list("unit_id", flat=True))
    units = []
    if iperms.can_manage_campaign(user, campaign):
        units.append(campaign.unit)
        if campaign.is_office:
            units += list(
                OrgUnit.objects.active()
                .schools()
                .filter(path__startswith=campaign.unit.path)
                .filter(pk__in=perms.scope_units(user).values("pk"))
            )
    elif campaign.is_office:
        units += [
            u
            for u in perms.role_units(user, "principal")
            if u.kind in IMPLEMENTING_KINDS and perms.covers(campaign.unit, u)
        ]
    return [u for u in units if u.pk not in taken]


@login_required
def council_create(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    units = _council_units(request.user, campaign)
    if not units:
        raise PermissionDenied
    form = CouncilForm(request.POST or None, units=units, initial={"unit": units[0]})
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã thành lập hội đồng. Hãy thêm thành viên: chủ tịch, thư ký, ủy viên.")
            )
            return redirect("initiatives:council", council.pk)
    return render(request, "initiatives/council_form.html", {"form": form, "campaign": campaign})


@login_required
def council_detail(request, pk):
    council = selectors.get_council_for_user(request.user, pk)
    can_manage = iperms.can_manage_council(request.user, council)
    form = MemberForm(request.POST or None, candidates=selectors.member_candidates(council))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.council_member_add(actor=request.user, council=council, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã thêm thành viên hội đồng."))
                return redirect("initiatives:council", council.pk)
    return render(
        request,
        "initiatives/council_detail.html",
        {
            "council": council,
            "campaign": council.campaign,
            "members": selectors.council_members(council),
            "can_manage": can_manage and council.campaign.status != CampaignStatus.CLOSED,
            "form": form,
            "reviews": council.reviews.select_related("initiative__unit").order_by("status", "-started_at")[
                :200
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def council_member_remove(request, pk):
    member = get_object_or_404(CouncilMember.objects.select_related("council", "user"), pk=pk)
    council = selectors.get_council_for_user(request.user, member.council_id)
    services.council_member_remove(actor=request.user, member=member)
    messages.success(request, _("Đã rút thành viên khỏi hội đồng."))
    return redirect("initiatives:council", council.pk)


# ── Reviews and scores ─────────────────────────────────────────────────────────────────────────────


@login_required
def queue(request):
    state = request.GET.get("state", "open")
    rows = selectors.queue_for_user(request.user, state=state)
    if _wants_xlsx(request):
        return xlsx_response(
            export_rows(QUEUE_COLUMNS, queue_rows(rows), title=_("Sáng kiến cần chấm")),
            "sang-kien-can-cham.xlsx",
        )
    return render(
        request,
        "initiatives/queue.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "state": state,
            "states": ReviewStatus.choices,
        },
    )


def _review_context(request, review, **extra):
    panel = selectors.review_panel(request.user, review)
    return {
        **panel,
        "similar": similar_initiatives(review.initiative),
        "score_form": ScoreForm(criteria=review.criteria) if panel["can_score"] else None,
        **extra,
    }


@login_required
def review_detail(request, pk):
    review = selectors.get_review_for_user(request.user, pk)
    return render(request, "initiatives/review_detail.html", _review_context(request, review))


@login_required
@require_POST
def score_submit(request, pk):
    review = selectors.get_review_for_user(request.user, pk)
    form = ScoreForm(request.POST, criteria=review.criteria)
    if form.is_valid():
        try:
            services.score_submit(
                actor=request.user,
                review=review,
                values=form.cleaned_data["values"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã ghi phiếu chấm. Bây giờ bạn xem được điểm của các thành viên khác.")
            )
            return redirect("initiatives:review", review.pk)
    context = _review_context(request, review)
    context["score_form"] = form
    return render(request, "initiatives/review_detail.html", context, status=400)


@login_required
def review_close(request, pk):
    review = selectors.get_review_for_user(request.user, pk)
    panel = selectors.review_panel(request.user, review)
    if not panel["can_close"] and request.method == "POST":
        raise PermissionDenied
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                review = services.review_close(
                    actor=request.user, review=review, reason=form.cleaned_data["reason"]
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if review.passed:
                messages.success(
                    request,
                    _("Đã kết thúc phiên xét: sáng kiến đạt %(r)s điểm và được công nhận.")
                    % {"r": f"{review.result}".replace(".", ",")},
                )
            else:
                messages.warning(
                    request,
                    _("Đã kết thúc phiên xét: sáng kiến không đạt (%(r)s điểm).")
                    % {"r": f"{review.result}".replace(".", ",")},
                )
            return redirect("initiatives:review", review.pk)
    return render(
        request,
        "initiatives/review_close.html",
        {**panel, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# ── Decisions ──────────────────────────────────────────────────────────────────────────────────────


def _decision_defaults(campaign, unit):
    plan = next((t.plan for t in campaign.tasks.select_related("plan")), None)
    school = unit.kind in IMPLEMENTING_KINDS
    return {
        "signed_on": clock.today(),
        "place": (plan.place if plan and plan.place else unit.ward_name) or "",
        # Words of the Vietnamese decision itself (documents.py), not of the interface: never translated.
        "signer_title": "HIỆU TRƯỞNG" if school else "TRƯỞNG PHÒNG",
        "signer_name": unit.head_name,
    }


@login_required
def decision_create(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    units = selectors.decision_units_for(request.user, campaign)
    if not units:
        raise PermissionDenied
    unit = next((u for u in units if u.pk == _int(request.GET.get("unit"))), units[0])
    candidates = selectors.candidates_for(campaign, unit)
    form = DecisionForm(
        request.POST or None, candidates=candidates, initial=_decision_defaults(campaign, unit)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_issue(actor=request.user, campaign=campaign, unit=unit, **data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã ban hành quyết định công nhận số %(n)s.") % {"n": decision.number}
            )
            return redirect("initiatives:decision", decision.pk)
    return render(
        request,
        "initiatives/decision_form.html",
        {
            "form": form,
            "campaign": campaign,
            "unit": unit,
            "units": units,
            "has_candidates": candidates.exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _decision_text(decision):
    initiatives = selectors.decision_initiatives(decision)
    plans = {t.plan_id: t.plan for t in decision.campaign.tasks.select_related("plan__issuing_unit")}.values()
    council = decision.campaign.councils.filter(
        level=decision.level,
        unit=decision.unit if decision.level == CouncilLevel.SCHOOL else decision.campaign.unit,
    ).first()
    return decision_text(
        decision, initiatives, plans=list(plans), council_name=council.name if council else ""
    )


@login_required
def decision_detail(request, pk):
    decision = selectors.get_decision_for_user(request.user, pk)
    return render(
        request,
        "initiatives/decision_detail.html",
        {
            "decision": decision,
            "campaign": decision.campaign,
            "doc": _decision_text(decision),
        },
    )


@login_required
def decision_docx_view(request, pk):
    decision = selectors.get_decision_for_user(request.user, pk)
    out = decision_docx(_decision_text(decision))
    response = FileResponse(
        out,
        as_attachment=True,
        filename=f"quyet-dinh-cong-nhan-sang-kien-{decision.pk}.docx",
        content_type=DOCX_CONTENT_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def decision_xlsx(request, pk):
    decision = selectors.get_decision_for_user(request.user, pk)
    rows = decision_rows(selectors.decision_initiatives(decision))
    return xlsx_response(
        export_rows(DECISION_COLUMNS, rows, title=_("Danh sách sáng kiến")),
        f"danh-sach-sang-kien-qd-{decision.pk}.xlsx",
    )


# ── The public library ─────────────────────────────────────────────────────────────────────────────


def library_list(request):
    year = _int(request.GET.get("year"))
    qs = selectors.library(
        q=request.GET.get("q", ""),
        field=request.GET.get("field", ""),
        level=request.GET.get("level", ""),
        year=year,
    )
    if _wants_xlsx(request):
        return xlsx_response(
            export_rows(LIBRARY_COLUMNS, qs, title=_("Thư viện sáng kiến")), "thu-vien-sang-kien.xlsx"
        )
    return render(
        request,
        "initiatives/library_list.html",
        {
            "page": _page(request, qs),
            "fields": InitiativeField.choices,
            "levels": LibraryLevel.choices,
            "years": selectors.library_years(),
        },
    )


def library_detail(request, pk):
    initiative = selectors.get_library_initiative(pk)
    user = request.user
    can_record = user.is_authenticated and (
        iperms.is_author(user, initiative, list(initiative.authors.all()))
        or bool(selectors.application_units_for(user))
    )
    form = None
    if can_record:
        units = selectors.application_units_for(user)
        form = ApplicationForm(request.POST or None, units=units)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.application_record(
                    actor=user,
                    initiative=initiative,
                    unit=data["unit"],
                    place=data["place"],
                    since=data["since"],
                    description=data["description"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã ghi nhận nơi áp dụng sáng kiến."))
                return redirect("initiatives:library_detail", initiative.pk)
    elif request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return render(
        request,
        "initiatives/library_detail.html",
        {
            "i": initiative,
            "applications": selectors.library_applications(initiative),
            "form": form,
            "decisions": initiative.decisions.all(),
        },
        status=400 if request.method == "POST" else 200,
    )
