"""Pages of the importer: upload or paste, review the draft beside the document, create the plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file

from ..models import PlanImportStatus
from . import draft as drafts
from . import selectors, services
from .forms import (
    ActionForm,
    DiscardForm,
    HeaderForm,
    IndicatorsForm,
    NodeForm,
    RecipientsForm,
    SplitForm,
    StartForm,
)


@login_required
def import_list(request):
    if not selectors.importing_offices(request.user):
        raise PermissionDenied
    drafts_qs = selectors.plan_imports_for_user(request.user, status=request.GET.get("status", ""))
    page = Paginator(drafts_qs, 30).get_page(request.GET.get("page"))
    return render(request, "plans/import/list.html", {"page": page, "statuses": PlanImportStatus.choices})


@login_required
def import_start(request):
    offices = selectors.importing_offices(request.user)
    if not offices:
        raise PermissionDenied
    form = StartForm(request.POST or None, request.FILES or None, offices=offices)
    extracted = ""
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.plan_import_start(
                actor=request.user,
                office=form.cleaned_data["office"],
                uploaded=form.cleaned_data.get("file"),
                text=form.cleaned_data.get("text", ""),
            )
        except ApplicationError as exc:
            extracted = exc.extra.get("text", "")
            if extracted:
                # What was read goes into the text box, to be corrected and sent again.
                data = request.POST.copy()
                data["text"] = extracted
                form = StartForm(data, offices=offices)
                form.is_valid()
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã đọc văn bản và lập bản nháp. Hãy rà soát từng mục trước khi tạo kế hoạch.")
            )
            return redirect("plans:import_review", draft.pk)
    return render(request, "plans/import/start.html", {"form": form, "extracted": extracted})


def _review_context(request, draft, **forms):
    version = draft.version
    choices = selectors.unit_choices(draft.office)
    context = selectors.review(draft)
    context.update(
        draft=draft,
        header_form=forms.get("header_form")
        or HeaderForm(initial=HeaderForm.initial_from(draft.proposal, version)),
        recipients_form=forms.get("recipients_form")
        or RecipientsForm(
            initial={"version": version},
            recipients=draft.proposal["recipients"],
            unit_choices=choices["leads"] + choices["partners"],
        ),
        indicators_form=forms.get("indicators_form")
        or IndicatorsForm(
            initial={"version": version},
            indicators=draft.proposal["indicators"],
            node_choices=drafts.node_choices(draft.proposal),
        ),
        discard_form=DiscardForm(),
    )
    return context


@login_required
def import_review(request, pk):
    draft = selectors.get_plan_import_for_user(request.user, pk)
    return render(request, "plans/import/review.html", _review_context(request, draft))


@login_required
def import_file(request, pk):
    draft = selectors.get_plan_import_for_user(request.user, pk)
    if not draft.file:
        raise Http404
    return serve_file(draft.file, filename=draft.file_name or None)


def _review_post(request, pk, form_name, build, act):
    """Bind one form of the review page; on success call `act`, otherwise show the page with the form kept."""
    draft = selectors.get_plan_import_for_user(request.user, pk)
    form = build(draft)
    if form.is_valid():
        try:
            act(draft, form)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("plans:import_review", draft.pk)
    draft.refresh_from_db()
    return render(
        request, "plans/import/review.html", _review_context(request, draft, **{form_name: form}), status=400
    )


@login_required
@require_POST
def import_header(request, pk):
    return _review_post(
        request,
        pk,
        "header_form",
        lambda d: HeaderForm(request.POST),
        lambda d, f: services.plan_import_header_update(
            actor=request.user,
            draft=d,
            version=f.cleaned_data["version"],
            bases=f.bases(),
            **f.fields_for_service(),
        ),
    )


@login_required
@require_POST
def import_recipients(request, pk):
    def build(d):
        choices = selectors.unit_choices(d.office)
        return RecipientsForm(
            request.POST,
            recipients=d.proposal["recipients"],
            unit_choices=choices["leads"] + choices["partners"],
        )

    return _review_post(
        request,
        pk,
        "recipients_form",
        build,
        lambda d, f: services.plan_import_recipients_update(
            actor=request.user, draft=d, version=f.cleaned_data["version"], rows=f.cleaned_rows()
        ),
    )


@login_required
@require_POST
def import_indicators(request, pk):
    return _review_post(
        request,
        pk,
        "indicators_form",
        lambda d: IndicatorsForm(
            request.POST, indicators=d.proposal["indicators"], node_choices=drafts.node_choices(d.proposal)
        ),
        lambda d, f: services.plan_import_indicators_update(
            actor=request.user, draft=d, version=f.cleaned_data["version"], rows=f.cleaned_rows()
        ),
    )


def _node(draft, node_id):
    try:
        return drafts.locate(draft.proposal, node_id)[0]
    except drafts.DraftError as exc:
        raise Http404 from exc


@login_required
def import_node(request, pk, node_id):
    draft = selectors.get_plan_import_for_user(request.user, pk)
    node = _node(draft, node_id)
    choices = selectors.unit_choices(draft.office)
    if request.method == "POST" and draft.is_editable:
        form = NodeForm(request.POST, choices=choices)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.plan_import_node_update(actor=request.user, draft=draft, node_id=node_id, **data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu mục %(n)s.") % {"n": form.cleaned_data["title"][:80]})
                return redirect(f"{reverse('plans:import_review', args=[draft.pk])}#{node_id}")
    else:
        form = NodeForm(initial=NodeForm.initial_from(node, draft.version), choices=choices)
    split_form = SplitForm(initial={"version": draft.version}, node=node)
    return render(
        request,
        "plans/import/node.html",
        {
            "draft": draft,
            "node": node,
            "form": form,
            "split_form": split_form,
            "paragraph": draft.paragraphs[node["para"]] if node.get("para") is not None else "",
        },
    )


@login_required
@require_POST
def import_node_split(request, pk, node_id):
    draft = selectors.get_plan_import_for_user(request.user, pk)
    node = _node(draft, node_id)
    form = SplitForm(request.POST, node=node)
    if form.is_valid():
        try:
            services.plan_import_node_split(
                actor=request.user,
                draft=draft,
                node_id=node_id,
                version=form.cleaned_data["version"],
                at=form.cleaned_data["at"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã tách nhiệm vụ thành hai."))
            return redirect(f"{reverse('plans:import_review', args=[draft.pk])}#{node_id}")
    else:
        messages.error(request, _("Hãy chọn câu bắt đầu phần tách ra."))
    return redirect("plans:import_node", draft.pk, node_id)


@login_required
@require_POST
def import_node_act(request, pk, node_id):
    draft = selectors.get_plan_import_for_user(request.user, pk)
    form = ActionForm(request.POST)
    anchor = node_id
    if form.is_valid():
        try:
            services.plan_import_node_act(
                actor=request.user,
                draft=draft,
                node_id=node_id,
                version=form.cleaned_data["version"],
                action=form.cleaned_data["action"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if form.cleaned_data["action"] in ("merge", "remove"):
                anchor = "tree"
    return redirect(f"{reverse('plans:import_review', args=[draft.pk])}#{anchor}")


@login_required
@require_POST
def import_confirm(request, pk):
    draft = selectors.get_plan_import_for_user(request.user, pk)
    form = ActionForm({"version": request.POST.get("version"), "action": "confirm"})
    if not form.is_valid():
        raise Http404
    try:
        plan = services.plan_import_confirm(
            actor=request.user, draft=draft, version=form.cleaned_data["version"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("plans:import_review", draft.pk)
    messages.success(
        request,
        _("Đã tạo kế hoạch %(n)s (dự thảo) từ văn bản. Hãy kiểm tra rồi ban hành.") % {"n": plan.number},
    )
    return redirect("plans:detail", plan.pk)


@login_required
@require_POST
def import_discard(request, pk):
    draft = selectors.get_plan_import_for_user(request.user, pk)
    form = DiscardForm(request.POST)
    form.is_valid()
    services.plan_import_discard(actor=request.user, draft=draft, reason=form.cleaned_data.get("reason", ""))
    messages.success(request, _("Đã hủy bản nhập."))
    return redirect("plans:import_list")
