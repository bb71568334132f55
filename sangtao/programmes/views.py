"""Pages of the programmes app: parse with a form, call one service or selector, render (STYLE 1)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role
from sangtao.core import clock
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import export_rows, xlsx_response
from sangtao.orgs.models import OrgUnit
from sangtao.reports.charts import HBAR, Chart, Series

from . import selectors, services, sheets
from .forms import (
    AnswerForm,
    CopySetForm,
    CriteriaSetForm,
    CriterionForm,
    DecideForm,
    EnrolForm,
    EvidenceForm,
    GroupForm,
    ImportForm,
    LevelForm,
    ProgrammeForm,
    ReadingForm,
    ReasonForm,
    RequestForm,
    SolarForm,
)
from .models import (
    SCHOOL_EDITABLE,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    ProgrammeKind,
    ProgrammeStatus,
    RecognitionLevel,
)

PAGE = 30
PREVIOUS_YEAR = "#8C959F"  # last year's bars in grey, this year's in the chart palette's first colour


def _school_units(user):
    return perms.scope_units(user, Role.PRINCIPAL, Role.COORDINATOR).schools().active()


def _office_only(user):
    if not services.can_manage(user):
        raise PermissionDenied


# ── Programmes ─────────────────────────────────────────────────────────────────────────────────────


@login_required
def index(request):
    programmes = selectors.programmes_for_user(
        request.user,
        q=request.GET.get("q", ""),
        year=request.GET.get("year", ""),
        kind=request.GET.get("kind", ""),
    )
    if request.GET.get("format") == "xlsx":
        rows = selectors.with_enrolled_count(programmes).iterator()
        out = export_rows(sheets.PROGRAMME_EXPORT_COLUMNS, rows, title=_("Mô hình trường học"))
        return xlsx_response(out, "mo-hinh-truong-hoc.xlsx")
    page = Paginator(programmes, PAGE).get_page(request.GET.get("page"))
    mine = selectors.decorate(list(selectors.my_enrolments(request.user)[:20]))
    return render(
        request,
        "programmes/index.html",
        {
            "page": page,
            "mine": mine,
            "kinds": ProgrammeKind.choices,
            "can_manage": services.can_manage(request.user),
        },
    )


@login_required
def programme_create(request):
    _office_only(request.user)
    form = ProgrammeForm(
        request.POST or None, initial={"year": clock.today().year, "kind": ProgrammeKind.GREEN}
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo mô hình."))
            return redirect("programmes:detail", programme.pk)
    return render(
        request, "programmes/programme_form.html", {"form": form}, status=400 if form.is_bound else 200
    )


def _programme_context(request, programme, *, enrol_form=None, request_form=None):
    stage = request.GET.get("stage", "")
    enrolments = selectors.enrolments_of(programme, request.user, stage=stage, q=request.GET.get("q", ""))
    page = Paginator(enrolments, PAGE).get_page(request.GET.get("page"))
    selectors.decorate(page.object_list)
    manages = perms.holds(request.user, programme.owner_unit, *services.OFFICE_ROLES)
    if manages and enrol_form is None and programme.status != ProgrammeStatus.CLOSED:
        enrolled = programme.enrolments.values("unit_id")
        units = (
            perms.scope_units(request.user, *services.OFFICE_ROLES)
            .schools()
            .active()
            .exclude(pk__in=enrolled)
        )
        if programme.levels:
            units = units.filter(level__in=programme.levels)
        enrol_form = EnrolForm(units_qs=units.order_by("path"))
    schools = _school_units(request.user).exclude(pk__in=programme.enrolments.values("unit_id"))
    if request_form is None and programme.status == ProgrammeStatus.OPEN and schools.exists():
        request_form = RequestForm(units_qs=schools)
    return {
        "programme": programme,
        "page": page,
        "stage": stage,
        "stages": selectors.STAGES,
        "counts": selectors.stage_counts(programme, request.user),
        "manages": manages,
        "enrol_form": enrol_form if manages else None,
        "request_form": request_form,
        "events": selectors.timeline(programme),
    }


@login_required
def programme_detail(request, pk):
    programme = selectors.get_programme_for_user(request.user, pk)
    if request.GET.get("format") == "xlsx":
        rows = selectors.decorate(list(selectors.enrolments_of(programme, request.user)))
        out = export_rows(sheets.ENROLMENT_EXPORT_COLUMNS, rows, title=_("Trường tham gia"))
        return xlsx_response(out, f"mo-hinh-{programme.pk}-truong-tham-gia.xlsx")
    return render(request, "programmes/programme_detail.html", _programme_context(request, programme))


@login_required
@require_POST
def programme_action(request, pk, action):
    programme = selectors.get_programme_for_user(request.user, pk)
    actions = {"open": services.programme_open, "close": services.programme_close}
    if action not in actions:
        raise Http404
    try:
        actions[action](actor=request.user, programme=programme)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật trạng thái mô hình."))
    return redirect("programmes:detail", pk)


@login_required
@require_POST
def programme_enrol(request, pk):
    programme = selectors.get_programme_for_user(request.user, pk)
    if not perms.holds(request.user, programme.owner_unit, *services.OFFICE_ROLES):
        raise PermissionDenied
    units = perms.scope_units(request.user, *services.OFFICE_ROLES).schools().active()
    form = EnrolForm(request.POST, units_qs=units)
    if form.is_valid():
        try:
            done = services.enrol_schools(
                actor=request.user, programme=programme, units=form.cleaned_data["units"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã đăng ký %(n)d trường tham gia.") % {"n": len(done)})
            return redirect("programmes:detail", pk)
    return render(
        request,
        "programmes/programme_detail.html",
        _programme_context(request, programme, enrol_form=form),
        status=400,
    )


@login_required
@require_POST
def programme_request(request, pk):
    programme = selectors.get_programme_for_user(request.user, pk)
    form = RequestForm(request.POST, units_qs=_school_units(request.user))
    if form.is_valid():
        try:
            enrolment = services.enrolment_request(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã gửi đăng ký; chờ Phòng chấp nhận."))
            return redirect("programmes:enrolment", enrolment.pk)
    return render(
        request,
        "programmes/programme_detail.html",
        _programme_context(request, programme, request_form=form),
        status=400,
    )


# ── Enrolments ─────────────────────────────────────────────────────────────────────────────────────


@login_required
def enrolment_detail(request, pk):
    enrolment = selectors.get_enrolment_for_user(request.user, pk)
    programme = enrolment.programme
    rounds = list(enrolment.assessments.select_related("level").order_by("-round"))
    manages = perms.holds(request.user, programme.owner_unit, *services.OFFICE_ROLES)
    may_start = (
        programme.status == ProgrammeStatus.OPEN
        and enrolment.status == "enrolled"
        and (
            perms.can_edit_for_unit(request.user, enrolment.unit)
            or perms.can_review(request.user, enrolment.unit)
        )
        and (
            not rounds
            or rounds[0].status
            in (AssessmentStatus.RECOGNISED, AssessmentStatus.EXPIRED, AssessmentStatus.NOT_RECOGNISED)
        )
    )
    return render(
        request,
        "programmes/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "programme": programme,
            "rounds": rounds,
            "manages": manages,
            "may_start": may_start,
            "may_withdraw": services.can_withdraw(request.user, enrolment),
            "decline_form": ReasonForm(),
            "events": selectors.enrolment_timeline(enrolment),
        },
    )


@login_required
@require_POST
def enrolment_action(request, pk, action):
    enrolment = selectors.get_enrolment_for_user(request.user, pk)
    try:
        if action == "accept":
            services.enrolment_accept(actor=request.user, enrolment=enrolment)
            messages.success(request, _("Đã chấp nhận trường tham gia."))
        elif action == "decline":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Hãy ghi lý do không chấp nhận."))
            services.enrolment_decline(
                actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Đã từ chối đăng ký."))
        elif action == "withdraw":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Hãy ghi lý do rút khỏi mô hình."))
            services.enrolment_withdraw(
                actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Trường đã rút khỏi mô hình; Phòng đã được thông báo."))
        elif action == "start":
            assessment = services.assessment_start(actor=request.user, enrolment=enrolment)
            messages.success(request, _("Đã mở đợt tự đánh giá."))
            return redirect("programmes:assessment", assessment.pk)
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("programmes:enrolment", pk)


# ── Assessments ────────────────────────────────────────────────────────────────────────────────────


def _assessment_context(request, assessment, *, bound: dict | None = None, errors: dict | None = None):
    user = request.user
    answers = selectors.answers_of(assessment)
    editable = services.can_edit_assessment(user, assessment)
    office = services.can_office_review(user, assessment)
    partner = services.can_partner_review(user, assessment)
    bound = bound or {}
    for a in answers:
        a.form = None
        if editable:
            a.form = bound.get(a.pk) or AnswerForm(
                criterion=a.criterion,
                prefix=f"a{a.pk}",
                initial={
                    "met": {True: "1", False: "0"}.get(a.met, ""),
                    "scale_value": a.scale_value,
                    "number_value": a.number_value,
                    "note": a.note,
                },
            )
            a.evidence_form = EvidenceForm(prefix=f"e{a.pk}")
        a.error = (errors or {}).get(a.pk, "")
        a.review_default = (
            a.office_points
            if a.office_points is not None
            else (a.partner_points if a.partner_points is not None else a.self_points)
        )
    programme = assessment.enrolment.programme
    return {
        "assessment": assessment,
        "enrolment": assessment.enrolment,
        "programme": programme,
        "groups": selectors.grouped_answers(answers),
        "editable": editable,
        "can_submit": services.can_submit_assessment(user, assessment),
        "office_review": office,
        "partner_review": partner,
        "can_forward": office and programme.needs_partner and assessment.status == AssessmentStatus.SUBMITTED,
        "can_decide": office
        and assessment.status == AssessmentStatus.SUBMITTED
        and (not programme.needs_partner or assessment.partner_reviewed_at is not None),
        "show_partner": programme.needs_partner,
        "return_form": ReasonForm(),
        "decide_form": DecideForm(),
        "events": selectors.timeline(assessment),
        "school_editable_statuses": SCHOOL_EDITABLE,
    }


@login_required
def assessment_detail(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    return render(request, "programmes/assessment_detail.html", _assessment_context(request, assessment))


def _answer_or_404(assessment, answer_pk):
    return get_object_or_404(assessment.answers.select_related("criterion"), pk=answer_pk)


@login_required
@require_POST
def answer_save(request, pk, answer_pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    answer = _answer_or_404(assessment, answer_pk)
    form = AnswerForm(request.POST, criterion=answer.criterion, prefix=f"a{answer.pk}")
    error = ""
    if form.is_valid():
        try:
            services.answer_save(actor=request.user, answer=answer, **form.cleaned_data)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã lưu tiêu chí %(c)s.") % {"c": answer.criterion.code})
            return redirect(f"{request.path.rsplit('/answers/', 1)[0]}/#c{answer.pk}")
    else:
        error = _("Hãy kiểm tra lại tiêu chí %(c)s.") % {"c": answer.criterion.code}
    assessment.refresh_from_db()
    context = _assessment_context(request, assessment, bound={answer.pk: form}, errors={answer.pk: error})
    return render(request, "programmes/assessment_detail.html", context, status=400)


@login_required
@require_POST
def evidence_add(request, pk, answer_pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    answer = _answer_or_404(assessment, answer_pk)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"e{answer.pk}")
    error = ""
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, answer=answer, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Đã thêm minh chứng cho tiêu chí %(c)s.") % {"c": answer.criterion.code}
            )
            return redirect(f"{request.path.rsplit('/answers/', 1)[0]}/#c{answer.pk}")
    else:
        error = " ".join(str(e) for errs in form.errors.values() for e in errs)
    context = _assessment_context(request, assessment, errors={answer.pk: error})
    return render(request, "programmes/assessment_detail.html", context, status=400)


@login_required
def evidence_download(request, pk):
    evidence = selectors.evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404
    return serve_file(evidence.file)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = selectors.evidence_for_user(request.user, pk)
    assessment_pk = evidence.answer.assessment_id
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa minh chứng."))
    return redirect("programmes:assessment", assessment_pk)


def _scores(post, answers) -> dict[int, tuple]:
    scores = {}
    for a in answers:
        raw = post.get(f"points-{a.pk}", "").strip().replace(",", ".")
        try:
            points = Decimal(raw) if raw else None
        except InvalidOperation:
            raise ApplicationError(
                _("Điểm của tiêu chí %(c)s không phải là số.") % {"c": a.criterion.code}
            ) from None
        scores[a.pk] = (points, post.get(f"comment-{a.pk}", ""))
    return scores


@login_required
@require_POST
def assessment_review(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    try:
        scores = _scores(request.POST, assessment.answers.select_related("criterion"))
        services.review_save(actor=request.user, assessment=assessment, scores=scores)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã lưu điểm thẩm định."))
    return redirect("programmes:assessment", pk)


@login_required
@require_POST
def assessment_action(request, pk, action):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    try:
        if action == "submit":
            services.assessment_submit(actor=request.user, assessment=assessment)
            messages.success(request, _("Đã nộp bản tự đánh giá."))
        elif action == "summary":
            services.assessment_summary_save(
                actor=request.user, assessment=assessment, summary=request.POST.get("summary", "")[:5000]
            )
            messages.success(request, _("Đã lưu tự nhận xét chung."))
        elif action == "forward":
            services.assessment_forward(actor=request.user, assessment=assessment)
            messages.success(request, _("Đã chuyển đơn vị phối hợp thẩm định."))
        elif action == "partner_done":
            services.assessment_partner_complete(
                actor=request.user, assessment=assessment, comment=request.POST.get("comment", "")[:5000]
            )
            messages.success(request, _("Đã hoàn tất thẩm định của đơn vị phối hợp."))
        elif action == "return":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Hãy ghi lý do trả lại để trường bổ sung."))
            services.assessment_return(
                actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Đã trả lại bản tự đánh giá."))
        elif action == "decide":
            form = DecideForm(request.POST)
            form.is_valid()
            done = services.assessment_decide(
                actor=request.user,
                assessment=assessment,
                decision_number=form.cleaned_data.get("decision_number", ""),
            )
            messages.success(request, _("Kết luận: %(s)s.") % {"s": done.get_status_display()})
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("programmes:assessment", pk)


# ── Criteria sets ──────────────────────────────────────────────────────────────────────────────────


@login_required
def criteria_list(request):
    _office_only(request.user)
    criteria_sets = selectors.criteria_sets_for_user(request.user)
    if request.GET.get("format") == "xlsx":
        rows = selectors.with_criteria_totals(criteria_sets).iterator()
        out = export_rows(sheets.CRITERIA_SET_EXPORT_COLUMNS, rows, title=_("Bộ tiêu chí"))
        return xlsx_response(out, "bo-tieu-chi.xlsx")
    page = Paginator(criteria_sets, PAGE).get_page(request.GET.get("page"))
    form = CriteriaSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            criteria_set = services.criteria_set_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo bộ tiêu chí."))
            return redirect("programmes:criteria", criteria_set.pk)
    return render(
        request,
        "programmes/criteria_list.html",
        {"page": page, "form": form},
        status=400 if form.is_bound else 200,
    )


def _criteria_context(request, criteria_set, **forms):
    return {
        "set": criteria_set,
        "groups": selectors.criteria_of(criteria_set),
        "levels": list(criteria_set.levels.all()),
        "versions": selectors.versions_of(criteria_set),
        "programmes": criteria_set.programmes.order_by("-year", "name"),
        "can_edit": services.can_manage(request.user) and not criteria_set.is_frozen,
        "can_manage": services.can_manage(request.user),
        "set_form": forms.get("set_form")
        or CriteriaSetForm(
            initial={
                "name": criteria_set.name,
                "kind": criteria_set.kind,
                "description": criteria_set.description,
            }
        ),
        "group_form": forms.get("group_form") or GroupForm(),
        "criterion_form": forms.get("criterion_form") or CriterionForm(),
        "criterion_group": forms.get("criterion_group"),
        "level_form": forms.get("level_form") or LevelForm(),
        "copy_form": CopySetForm(),
        "events": selectors.timeline(criteria_set),
    }


@login_required
def criteria_detail(request, pk):
    criteria_set = selectors.get_criteria_set_for_user(request.user, pk)
    return render(request, "programmes/criteria_detail.html", _criteria_context(request, criteria_set))


@login_required
@require_POST
def criteria_edit(request, pk, what):
    """One endpoint per part of the set: its name, a group, a criterion, a recognition level."""
    _office_only(request.user)
    criteria_set = selectors.get_criteria_set_for_user(request.user, pk)
    forms = {}
    try:
        if what == "set":
            form = forms["set_form"] = CriteriaSetForm(request.POST)
            if form.is_valid():
                services.criteria_set_update(
                    actor=request.user,
                    criteria_set=criteria_set,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
        elif what == "group":
            form = forms["group_form"] = GroupForm(request.POST)
            if form.is_valid():
                services.group_save(actor=request.user, criteria_set=criteria_set, **form.cleaned_data)
        elif what == "criterion":
            group = get_object_or_404(CriterionGroup, pk=request.POST.get("group"), criteria_set=criteria_set)
            form = forms["criterion_form"] = CriterionForm(request.POST)
            forms["criterion_group"] = group.pk
            if form.is_valid():
                services.criterion_save(actor=request.user, group=group, **form.cleaned_data)
        elif what == "level":
            form = forms["level_form"] = LevelForm(request.POST)
            if form.is_valid():
                services.level_save(actor=request.user, criteria_set=criteria_set, **form.cleaned_data)
        else:
            raise Http404
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    if form.is_valid() and not form.errors:
        messages.success(request, _("Đã lưu bộ tiêu chí."))
        return redirect("programmes:criteria", pk)
    return render(
        request,
        "programmes/criteria_detail.html",
        _criteria_context(request, criteria_set, **forms),
        status=400,
    )


@login_required
def criterion_edit(request, pk):
    _office_only(request.user)
    criterion = get_object_or_404(Criterion.objects.select_related("group__criteria_set"), pk=pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                actor=request.user, group=criterion.group, criterion=criterion, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu tiêu chí."))
            return redirect("programmes:criteria", criterion.group.criteria_set_id)
    return render(
        request,
        "programmes/criterion_form.html",
        {"form": form, "criterion": criterion},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def criteria_delete(request, kind, pk):
    _office_only(request.user)
    models = {"criterion": Criterion, "group": CriterionGroup, "level": RecognitionLevel}
    if kind not in models:
        raise Http404
    obj = get_object_or_404(models[kind], pk=pk)
    set_pk = obj.group.criteria_set_id if kind == "criterion" else obj.criteria_set_id
    try:
        {
            "criterion": lambda: services.criterion_delete(actor=request.user, criterion=obj),
            "group": lambda: services.group_delete(actor=request.user, group=obj),
            "level": lambda: services.level_delete(actor=request.user, level=obj),
        }[kind]()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa."))
    return redirect("programmes:criteria", set_pk)


@login_required
@require_POST
def criteria_copy(request, pk):
    _office_only(request.user)
    source = get_object_or_404(CriteriaSet, pk=pk)
    form = CopySetForm(request.POST)
    form.is_valid()
    new = services.criteria_set_copy(
        actor=request.user,
        source=source,
        name=form.cleaned_data.get("name", ""),
        new_version=request.POST.get("mode") == "version",
    )
    messages.success(request, _("Đã tạo %(s)s.") % {"s": new})
    return redirect("programmes:criteria", new.pk)


# ── Meter readings ─────────────────────────────────────────────────────────────────────────────────


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 < int(value) < 2100 else selectors.current_energy_year()


def _entry_units(user):
    return (
        perms.scope_units(user, Role.PRINCIPAL, Role.COORDINATOR, *services.OFFICE_ROLES).schools().active()
    )


@login_required
def readings(request):
    """The office's overview of every school (per pupil, change, benchmark); a school goes to its own page."""
    schools = list(_school_units(request.user)[:2])
    if len(schools) == 1 and not perms.is_office(request.user):
        return redirect("programmes:readings_school", schools[0].pk)
    year = _year(request)
    level = request.GET.get("level", "")
    rows, medians = selectors.energy_overview(request.user, year, level=level)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    compared = [r.saving for r in rows if r.saving is not None]
    return render(
        request,
        "programmes/readings.html",
        {
            "page": page,
            "year": year,
            "years": selectors.school_years(year),
            "level": level,
            "levels": [
                (lv, label) for lv, label in OrgUnit._meta.get_field("level").choices if lv in medians
            ],
            "medians": sorted(medians.items()),
            "average_saving": (sum(compared) / len(compared)).quantize(Decimal("0.1")) if compared else None,
            "flagged_count": selectors.flagged_for_office(request.user)
            .filter(flag_checked_by__isnull=True)
            .count(),
            "can_enter": _entry_units(request.user).exists(),
            "is_office": perms.is_office(request.user),
        },
    )


def _school_or_404(user, unit_pk):
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    if not unit.is_school or not perms.can_read_unit(user, unit):
        raise Http404
    return unit


def _month_label(month):
    return month.strftime("%m/%y")


def _school_context(request, unit, *, form=None, solar_form=None, warning=None):
    year = _year(request)
    energy = selectors.school_energy(unit, year)
    categories = [_month_label(m[0]) for m in energy.months]
    prev_name = _("Năm học %(y)s") % {"y": f"{year - 2}-{year - 1}"}
    this_name = _("Năm học %(y)s") % {"y": f"{year - 1}-{year}"}
    kwh_chart = Chart(
        title=_("Điện tiêu thụ theo tháng, năm học này so với năm học trước"),
        labels=categories,
        series=[
            Series(prev_name, [m[2] for m in energy.months], colour=PREVIOUS_YEAR),
            Series(this_name, [m[1] for m in energy.months]),
        ],
        unit="kWh",
    )
    water_chart = Chart(
        title=_("Nước tiêu thụ theo tháng, năm học này so với năm học trước"),
        labels=categories,
        series=[
            Series(prev_name, [m[4] for m in energy.months], colour=PREVIOUS_YEAR),
            Series(this_name, [m[3] for m in energy.months]),
        ],
        unit="m³",
    )
    bench_chart = None
    if energy.row.per_pupil is not None and energy.benchmark is not None:
        bench_chart = Chart(
            title=_("kWh mỗi học sinh mỗi tháng: trường so với trung vị các trường cùng cấp"),
            labels=[_("Trường"), _("Trung vị cùng cấp học")],
            series=[Series(_("kWh/HS/tháng"), [energy.row.per_pupil, energy.benchmark])],
            kind=HBAR,
            unit="kWh",
            width=5.0,
        )
    can_enter = services.can_enter_readings(request.user, unit)
    if can_enter and form is None:
        form = ReadingForm(units_qs=OrgUnit.objects.filter(pk=unit.pk))
    readings_page = Paginator(selectors.readings_for_user(request.user, unit=unit), 24).get_page(
        request.GET.get("page")
    )
    return {
        "unit": unit,
        "year": year,
        "years": selectors.school_years(year),
        "energy": energy,
        "kwh_chart": kwh_chart,
        "water_chart": water_chart,
        "bench_chart": bench_chart,
        "prev_name": prev_name,
        "this_name": this_name,
        "form": form if can_enter else None,
        "warning": warning,
        "solar": selectors.solar_of(unit),
        "solar_form": (solar_form or SolarForm()) if can_enter else None,
        "page": readings_page,
    }


@login_required
def readings_school(request, unit_pk):
    unit = _school_or_404(request.user, unit_pk)
    if request.GET.get("format") == "xlsx":
        year = _year(request)
        rows = selectors.readings_for_user(request.user, unit=unit, year=year).iterator()
        out = export_rows(sheets.READING_EXPORT_COLUMNS, rows, title=_("Chỉ số điện nước"))
        return xlsx_response(out, f"chi-so-dien-nuoc-{unit.code or unit.pk}-{year - 1}-{year}.xlsx")
    return render(request, "programmes/readings_school.html", _school_context(request, unit))


@login_required
def reading_new(request):
    """The phone form: a school picks the month, types two numbers, and confirms an implausible one."""
    units = _entry_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = ReadingForm(request.POST or None, units_qs=units.order_by("path"))
    warning = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reading = services.reading_record(actor=request.user, **data)
        except services.ImplausibleReading as exc:
            warning = exc.message
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if reading.flagged:
                messages.warning(request, _("Đã lưu và đánh dấu bất thường để Phòng kiểm tra."))
            else:
                messages.success(
                    request, _("Đã lưu chỉ số tháng %(m)s.") % {"m": reading.month.strftime("%m/%Y")}
                )
            return redirect("programmes:readings_school", reading.unit_id)
    return render(
        request,
        "programmes/reading_form.html",
        {"form": form, "warning": warning},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def solar_add(request, unit_pk):
    unit = _school_or_404(request.user, unit_pk)
    form = SolarForm(request.POST)
    if form.is_valid():
        try:
            services.solar_add(actor=request.user, unit=unit, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận hệ thống điện mặt trời."))
            return redirect("programmes:readings_school", unit.pk)
    return render(
        request,
        "programmes/readings_school.html",
        _school_context(request, unit, solar_form=form),
        status=400,
    )


@login_required
def readings_import(request):
    if not _entry_units(request.user).exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.readings_import(actor=request.user, file=form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Đã nhập %(c)d tháng mới, cập nhật %(u)d tháng.")
                % {"c": result.created, "u": result.updated},
            )
            return redirect("programmes:readings")
    return render(
        request,
        "programmes/readings_import.html",
        {"form": form, "result": result},
        status=400 if result and not result.ok else 200,
    )


@login_required
@require_GET
def readings_template(request):
    units = list(_entry_units(request.user).order_by("path")[:3])
    if not units:
        raise PermissionDenied
    return xlsx_response(sheets.reading_template(units, today=clock.today()), "mau-chi-so-dien-nuoc.xlsx")


@login_required
@require_GET
def readings_export(request):
    year = _year(request)
    rows = selectors.readings_for_user(request.user, year=year)
    out = export_rows(sheets.READING_EXPORT_COLUMNS, rows.iterator(), title=_("Chỉ số điện nước"))
    return xlsx_response(out, f"chi-so-dien-nuoc-{year - 1}-{year}.xlsx")


@login_required
def readings_flagged(request):
    if not perms.role_units(request.user, *services.OFFICE_ROLES, Role.OBSERVER):
        raise PermissionDenied
    flagged = selectors.flagged_for_office(request.user)
    if request.GET.get("format") == "xlsx":
        out = export_rows(sheets.FLAGGED_EXPORT_COLUMNS, flagged.iterator(), title=_("Số liệu bất thường"))
        return xlsx_response(out, "chi-so-dien-nuoc-bat-thuong.xlsx")
    page = Paginator(flagged, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/readings_flagged.html",
        {"page": page, "can_check": perms.is_office(request.user)},
    )


@login_required
@require_POST
def reading_check(request, pk):
    reading = get_object_or_404(selectors.flagged_for_office(request.user), pk=pk)
    try:
        services.reading_check(actor=request.user, reading=reading, note=request.POST.get("note", "")[:2000])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi nhận Phòng kiểm tra số liệu."))
    return redirect("programmes:readings_flagged")
