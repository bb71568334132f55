"""Pages of the contests app. Each view parses input with a form, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import OFFICE_ROLES, Role
from sangtao.core.exceptions import ApplicationError, PermissionDeniedError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import export_rows, xlsx_response
from sangtao.orgs.models import OrgUnit, SchoolYear, UnitKind
from sangtao.plans.models import Assignment

from . import judging, selectors, services, sheets
from . import permissions as cperms
from .certificates import certificate_pdf
from .forms import (
    AdvanceForm,
    AssignmentForm,
    AwardForm,
    ConsentForm,
    ContestForm,
    CriteriaFormSet,
    EntryForm,
    JudgeForm,
    QuotaForm,
    ReasonForm,
    RoundForm,
    ScoreForm,
)
from .models import (
    ACTIVE_ENTRY_STATUSES,
    Award,
    AwardKind,
    ContestStatus,
    EntryStatus,
    Judge,
    JudgeAssignment,
    RoundStatus,
)


def _fail(request, exc: ApplicationError):
    messages.error(request, exc.message)


def _organisers(user) -> list[OrgUnit]:
    """Units the user may organise a contest for: their office, or the school they run."""
    units = perms.role_units(user, *OFFICE_ROLES)
    offices = [u for u in units if u.kind == UnitKind.AUTHORITY]
    schools = [u for u in perms.role_units(user, Role.PRINCIPAL, Role.COORDINATOR) if u.is_school]
    return sorted({u.pk: u for u in offices + schools}.values(), key=lambda u: u.path)


def _manager_or_403(user, contest):
    if not cperms.can_manage_contest(user, contest):
        raise PermissionDenied


def _overseer_or_403(user, contest):
    if not cperms.can_oversee_contest(user, contest):
        raise PermissionDenied


# ── Contests ───────────────────────────────────────────────────────────────────────────────────────


@login_required
def contest_list(request):
    contests = selectors.contests_for_user(
        request.user,
        q=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        year_id=request.GET.get("year") or None,
    )
    if request.GET.get("format") == "xlsx":
        out = export_rows(sheets.CONTEST_COLUMNS, contests.iterator(chunk_size=500), title=_("Hội thi"))
        return xlsx_response(out, "hoi-thi.xlsx")
    page = Paginator(contests, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/contest_list.html",
        {
            "page": page,
            "statuses": ContestStatus.choices,
            "years": SchoolYear.objects.all(),
            "can_create": bool(_organisers(request.user)),
            "queue_count": selectors.judge_queue(request.user)
            .filter(entry__round__status=RoundStatus.JUDGING)
            .count(),
        },
    )


def _contest_form_post(request, form, contest=None):
    try:
        with transaction.atomic():
            data = form.service_fields()
            kwargs = {
                "categories": form.categories(),
                "partners": form.cleaned_data["partners"],
                "tasks": form.cleaned_data["tasks"],
            }
            if contest is None:
                organiser = data.pop("organiser")
                return services.contest_create(actor=request.user, organiser=organiser, **data, **kwargs)
            return services.contest_update(actor=request.user, contest=contest, **data, **kwargs)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None


@login_required
def contest_create(request):
    organisers = _organisers(request.user)
    if not organisers:
        raise PermissionDenied
    form = ContestForm(
        request.POST or None,
        request.FILES or None,
        organisers=organisers,
        initial={"school_year": SchoolYear.objects.filter(is_current=True).first()},
    )
    if request.method == "POST" and form.is_valid():
        contest = _contest_form_post(request, form)
        if contest is not None:
            messages.success(request, _("Đã tạo hội thi (dự thảo). Hãy thêm các vòng thi rồi phát động."))
            return redirect("contests:detail", contest.pk)
    return render(request, "contests/contest_form.html", {"form": form})


@login_required
def contest_edit(request, pk):
    contest = selectors.get_contest_for_user(request.user, pk)
    _manager_or_403(request.user, contest)
    organisers = sorted(
        {u.pk: u for u in [*_organisers(request.user), contest.organiser]}.values(), key=lambda u: u.path
    )
    form = ContestForm(request.POST or None, request.FILES or None, instance=contest, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        if _contest_form_post(request, form, contest) is not None:
            messages.success(request, _("Đã lưu hội thi."))
            return redirect("contests:detail", contest.pk)
    return render(request, "contests/contest_form.html", {"form": form, "contest": contest})


@login_required
def contest_detail(request, pk):
    contest = selectors.get_contest_for_user(request.user, pk)
    first = selectors.first_round(contest)
    schools = selectors.registrable_schools(request.user, contest)
    return render(
        request,
        "contests/contest_detail.html",
        {
            "contest": contest,
            "rounds": selectors.rounds_of(contest),
            "first_round": first,
            "can_manage": cperms.can_manage_contest(request.user, contest),
            "can_oversee": cperms.can_oversee_contest(request.user, contest),
            "can_register": bool(schools)
            and contest.status == ContestStatus.OPEN
            and first is not None
            and first.status == RoundStatus.SETUP,
            "own_entries": selectors.school_entries(request.user, contest),
            "events": selectors.timeline(contest),
        },
    )


@login_required
def contest_rules(request, pk):
    contest = selectors.get_contest_for_user(request.user, pk)
    if not contest.rules_file:
        raise Http404
    return serve_file(contest.rules_file)


@login_required
@require_POST
def contest_open(request, pk):
    contest = selectors.get_contest_for_user(request.user, pk)
    services.contest_open(actor=request.user, contest=contest)
    messages.success(request, _("Đã phát động hội thi: các trường có thể đăng ký dự thi."))
    return redirect("contests:detail", pk)


@login_required
@require_POST
def contest_finish(request, pk):
    contest = selectors.get_contest_for_user(request.user, pk)
    services.contest_finish(actor=request.user, contest=contest)
    messages.success(request, _("Đã kết thúc hội thi."))
    return redirect("contests:detail", pk)


# ── Rounds ─────────────────────────────────────────────────────────────────────────────────────────


@login_required
def round_create(request, pk):
    contest = selectors.get_contest_for_user(request.user, pk)
    _manager_or_403(request.user, contest)
    last = contest.rounds.order_by("-order").first()
    form = RoundForm(
        request.POST or None,
        initial={
            "order": (last.order + 1) if last else 1,
            "name": _("Vòng %(n)d") % {"n": (last.order + 1) if last else 1},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, contest=contest, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã thêm vòng thi với bộ tiêu chí mẫu 100 điểm; có thể sửa tiêu chí.")
            )
            return redirect("contests:round", round_.pk)
    return render(request, "contests/round_form.html", {"form": form, "contest": contest})


@login_required
def round_edit(request, pk):
    """The round's settings, its rubric and its award quotas, on one page."""
    round_ = selectors.get_round_for_user(request.user, pk)
    contest = round_.contest
    _manager_or_403(request.user, contest)
    criteria = list(round_.criteria.all())
    quotas = {q.award: q.count for q in round_.quotas.all()}
    post = request.POST if request.method == "POST" else None
    form = RoundForm(post, instance=round_, prefix="round")
    rubric = CriteriaFormSet(
        post,
        prefix="criteria",
        initial=[
            {"label": c.label, "max_points": c.max_points, "weight": c.weight, "description": c.description}
            for c in criteria
        ],
    )
    quota_form = QuotaForm(post, prefix="quota", initial_counts=quotas)
    if post is not None and form.is_valid() and rubric.is_valid() and quota_form.is_valid():
        rows = [f.cleaned_data for f in rubric.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        changed_rubric = [
            (r["label"], r["max_points"], r["weight"], r.get("description", "")) for r in rows
        ] != [(c.label, c.max_points, c.weight, c.description) for c in criteria]
        try:
            with transaction.atomic():
                fields = {k: v for k, v in form.cleaned_data.items()}
                services.round_update(actor=request.user, round=round_, **fields)
                if changed_rubric:
                    services.criteria_set(actor=request.user, round=round_, rows=rows)
                services.quotas_set(actor=request.user, round=round_, counts=quota_form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu vòng thi, tiêu chí chấm và cơ cấu giải."))
            return redirect("contests:round", round_.pk)
    total = sum(c.max_points * c.weight for c in criteria)
    return render(
        request,
        "contests/round_edit.html",
        {
            "round": round_,
            "contest": contest,
            "form": form,
            "rubric": rubric,
            "quota_form": quota_form,
            "max_total": total,
        },
    )


@login_required
def round_detail(request, pk):
    round_ = selectors.get_round_for_user(request.user, pk)
    contest = round_.contest
    _overseer_or_403(request.user, contest)
    entries = selectors.entries_for_user(
        request.user,
        round_,
        q=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        category_id=request.GET.get("category") or None,
    )
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    for entry in page:
        entry.shown_names = selectors.member_names(request.user, entry, round_.contest)
    can_manage = cperms.can_manage_contest(request.user, contest)
    judges = list(selectors.judges_of(round_))
    active = round_.entries.filter(status__in=ACTIVE_ENTRY_STATUSES)
    context = {
        "round": round_,
        "contest": contest,
        "page": page,
        "judges": judges,
        "can_manage": can_manage,
        "categories": contest.categories.all(),
        "statuses": EntryStatus.choices,
        "problems": selectors.assignment_problems(round_),
        "progress": selectors.scoring_progress(round_),
        "criteria": round_.criteria.all(),
        "quotas": round_.quotas.all(),
        "next_round": selectors.next_round(round_),
        "events": selectors.timeline(round_),
        "n_active": active.count(),
    }
    if can_manage:
        context["judge_form"] = JudgeForm(users=selectors.judge_user_choices(round_), contest=contest)
        context["assignment_form"] = AssignmentForm(
            entries=active.select_related("school").order_by("title"),
            judges=round_.judges.select_related("user", "unit"),
        )
        context["advance_form"] = AdvanceForm()
        context["reason_form"] = ReasonForm()
    return render(request, "contests/round_detail.html", context)


def _round_action(request, pk, action, success):
    round_ = selectors.get_round_for_user(request.user, pk)
    try:
        result = action(round_)
    except PermissionDeniedError:
        raise  # a 403 page, not a message on a page the person may not see
    except ApplicationError as exc:
        _fail(request, exc)
        for problem in exc.extra.get("problems", [])[5:]:
            messages.error(request, problem)
    else:
        messages.success(request, success(result) if callable(success) else success)
    back = request.POST.get("next", "")
    return redirect(back) if back.startswith("/contests/") else redirect("contests:round", round_.pk)


@login_required
@require_POST
def judge_add(request, pk):
    round_ = selectors.get_round_for_user(request.user, pk)
    _manager_or_403(request.user, round_.contest)
    form = JudgeForm(request.POST, users=selectors.judge_user_choices(round_), contest=round_.contest)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn giám khảo hợp lệ."))
        return redirect("contests:round", pk)
    try:
        judging.judge_add(actor=request.user, round=round_, **form.cleaned_data)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã thêm giám khảo."))
    return redirect("contests:round", pk)


@login_required
@require_POST
def judge_remove(request, pk):
    judge = get_object_or_404(Judge.objects.select_related("round"), pk=pk)
    round_ = selectors.get_round_for_user(request.user, judge.round_id)
    judge.round = round_
    judging.judge_remove(actor=request.user, judge=judge)
    messages.success(request, _("Đã bỏ giám khảo khỏi danh sách."))
    return redirect("contests:round", round_.pk)


@login_required
@require_POST
def assign_auto(request, pk):
    return _round_action(
        request,
        pk,
        lambda r: judging.assignments_auto(
            actor=request.user, round=r, replace=request.POST.get("replace") == "1"
        ),
        lambda n: _("Đã phân công tự động %(n)d lượt chấm. Xem kết quả kiểm tra bên dưới.") % {"n": n},
    )


@login_required
@require_POST
def assignment_add(request, pk):
    round_ = selectors.get_round_for_user(request.user, pk)
    _manager_or_403(request.user, round_.contest)
    form = AssignmentForm(
        request.POST,
        entries=round_.entries.filter(status__in=ACTIVE_ENTRY_STATUSES),
        judges=round_.judges.all(),
    )
    if not form.is_valid():
        messages.error(request, _("Hãy chọn bài dự thi và giám khảo."))
        return redirect("contests:round", pk)
    try:
        _assignment, warnings = judging.assignment_add(actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã phân công."))
        for warning in warnings:
            messages.warning(request, warning)
    return redirect("contests:round", pk)


@login_required
@require_POST
def assignment_remove(request, pk):
    assignment = get_object_or_404(JudgeAssignment.objects.select_related("entry"), pk=pk)
    round_ = selectors.get_round_for_user(request.user, assignment.entry.round_id)
    assignment.entry.round = round_
    judging.assignment_remove(actor=request.user, assignment=assignment)
    messages.success(request, _("Đã bỏ phân công."))
    return redirect("contests:entry", assignment.entry_id)


@login_required
@require_POST
def round_start(request, pk):
    return _round_action(
        request,
        pk,
        lambda r: judging.round_start_judging(actor=request.user, round=r),
        _("Đã bắt đầu chấm. Giám khảo đã được thông báo."),
    )


@login_required
@require_POST
def round_close(request, pk):
    return _round_action(
        request,
        pk,
        lambda r: judging.round_close_scoring(actor=request.user, round=r),
        _("Đã khóa điểm và xếp giải theo cơ cấu. Hãy xem các bài đồng điểm trước khi công bố."),
    )


@login_required
@require_POST
def round_reopen(request, pk):
    return _round_action(
        request,
        pk,
        lambda r: judging.round_reopen_scoring(
            actor=request.user, round=r, reason=request.POST.get("reason", "")
        ),
        _("Đã mở lại việc chấm."),
    )


@login_required
@require_POST
def awards_allocate(request, pk):
    return _round_action(
        request,
        pk,
        lambda r: judging.awards_allocate(actor=request.user, round=r),
        lambda n: _("Đã xếp lại %(n)d giải theo cơ cấu.") % {"n": n},
    )


@login_required
@require_POST
def round_publish(request, pk):
    return _round_action(
        request,
        pk,
        lambda r: judging.round_publish(actor=request.user, round=r),
        _("Đã công bố kết quả trên trang công khai."),
    )


@login_required
@require_POST
def round_advance(request, pk):
    form = AdvanceForm(request.POST)
    awards = form.cleaned_data["awards"] if form.is_valid() else []
    return _round_action(
        request,
        pk,
        lambda r: judging.round_advance(actor=request.user, round=r, awards=awards),
        lambda created: _("%(n)d bài đã vào vòng sau.") % {"n": len(created)},
    )


@login_required
def round_results(request, pk):
    """The organiser's results: ranking per category, ties, the quota's proposal and the awards."""
    round_ = selectors.get_round_for_user(request.user, pk)
    _overseer_or_403(request.user, round_.contest)
    results = selectors.round_results(round_)
    for row in results.rows:
        row.entry.shown_names = selectors.member_names(request.user, row.entry, round_.contest)
    return render(
        request,
        "contests/round_results.html",
        {
            "round": round_,
            "contest": round_.contest,
            "results": results,
            "can_manage": cperms.can_manage_contest(request.user, round_.contest),
            "award_choices": [("", _("Không có giải"))] + list(AwardKind.choices),
        },
    )


@login_required
@require_POST
def award_edit(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    form = AwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn giải và ghi lý do điều chỉnh."))
    else:
        try:
            judging.award_set(actor=request.user, entry=entry, **form.cleaned_data)
        except ApplicationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã điều chỉnh giải của “%(t)s”.") % {"t": entry.title})
    return redirect("contests:results", entry.round_id)


# ── Exports ────────────────────────────────────────────────────────────────────────────────────────


@login_required
def export_entries(request, pk):
    round_ = selectors.get_round_for_user(request.user, pk)
    _overseer_or_403(request.user, round_.contest)
    entries = list(selectors.entries_for_user(request.user, round_))
    for entry in entries:
        entry.shown_names = selectors.member_names(request.user, entry, round_.contest)
    out = export_rows(sheets.ENTRY_COLUMNS, entries, title=_("Bài dự thi"))
    return xlsx_response(out, f"bai-du-thi-vong-{round_.pk}.xlsx")


@login_required
def export_scores(request, pk):
    round_ = selectors.get_round_for_user(request.user, pk)
    _overseer_or_403(request.user, round_.contest)
    assignments = (
        JudgeAssignment.objects.filter(entry__round=round_)
        .select_related("entry__school", "entry__category", "judge__user", "judge__unit", "score")
        .order_by("entry__category__order", "entry_id", "judge_id")
    )
    out = export_rows(
        sheets.SCORE_COLUMNS, sheets.score_rows(assignments, round_.criteria.all()), title=_("Phiếu chấm")
    )
    return xlsx_response(out, f"phieu-cham-vong-{round_.pk}.xlsx")


@login_required
def export_results(request, pk):
    round_ = selectors.get_round_for_user(request.user, pk)
    _overseer_or_403(request.user, round_.contest)
    out = export_rows(
        sheets.RESULT_COLUMNS, sheets.result_rows(selectors.round_results(round_)), title=_("Kết quả")
    )
    return xlsx_response(out, f"ket-qua-vong-{round_.pk}.xlsx")


# ── Entries ────────────────────────────────────────────────────────────────────────────────────────


def _school_for(request, contest):
    schools = selectors.registrable_schools(request.user, contest)
    if not schools:
        raise PermissionDenied
    wanted = request.POST.get("school") or request.GET.get("school")
    return next((s for s in schools if str(s.pk) == wanted), schools[0]), schools


def _entry_form_context(request, contest, school, form, entry=None):
    selected = [int(v) for v in form["members"].value() or [] if str(v).isdigit()]
    query = request.POST.get("student_q") or ""
    shown = list(selectors.eligible_students(school, contest, q=query))
    chosen = [s for s in form.fields["members"].queryset.filter(pk__in=selected)]
    shown_ids = {s.pk for s in chosen}
    return {
        "contest": contest,
        "school": school,
        "form": form,
        "entry": entry,
        "students": chosen + [s for s in shown if s.pk not in shown_ids],
        "selected": selected,
        "student_q": query,
        "mentors": form.fields["mentors"].queryset,
        "selected_mentors": [int(v) for v in form["mentors"].value() or [] if str(v).isdigit()],
    }


def _entry_form(request, contest, school, entry=None):
    initial = None
    if entry is not None:
        initial = {
            "category": entry.category_id,
            "title": entry.title,
            "abstract": entry.abstract,
            "link": entry.link,
            "members": [m.student_id for m in entry.members.all()],
            "mentors": [m.staff_id for m in entry.mentors.all()],
        }
    searching = request.POST.get("action") == "search"
    form = EntryForm(
        request.POST or None, request.FILES or None, contest=contest, school=school, initial=initial
    )
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                entry = services.entry_save(
                    actor=request.user,
                    contest=contest,
                    school=school,
                    entry=entry,
                    category=data["category"],
                    title=data["title"],
                    abstract=data["abstract"],
                    link=data["link"],
                    file=data["file"],
                    members=list(data["members"]),
                    mentors=list(data["mentors"]),
                )
                if request.POST.get("action") == "submit":
                    services.entry_submit(actor=request.user, entry=entry)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            if entry is not None and entry.pk is None:
                entry = None
        else:
            if request.POST.get("action") == "submit":
                messages.success(request, _("Đã nộp hồ sơ dự thi."))
            else:
                messages.success(request, _("Đã lưu bản nháp. Nhấn “Nộp hồ sơ” khi đã đủ thông tin."))
            return redirect("contests:entry", entry.pk)
    context = _entry_form_context(request, contest, school, form, entry)
    return render(
        request,
        "contests/entry_form.html",
        context,
        status=400 if request.method == "POST" and not searching else 200,
    )


@login_required
def entry_create(request, pk):
    contest = selectors.get_contest_for_user(request.user, pk)
    school, _schools = _school_for(request, contest)
    return _entry_form(request, contest, school)


@login_required
def entry_edit(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    if not cperms.can_enter_for_school(request.user, entry.school):
        raise PermissionDenied
    if entry.status != EntryStatus.DRAFT:
        messages.error(request, _("Bài dự thi đã nộp, không sửa được."))
        return redirect("contests:entry", entry.pk)
    return _entry_form(request, entry.round.contest, entry.school, entry)


@login_required
def student_options(request, pk):
    """The htmx search of the registry: the students already ticked, then those matching the query."""
    contest = selectors.get_contest_for_user(request.user, pk)
    school, _schools = _school_for(request, contest)
    selected = [int(v) for v in request.GET.getlist("members") if v.isdigit()]
    chosen = list(school.students.filter(pk__in=selected))
    matches = [
        s
        for s in selectors.eligible_students(school, contest, q=request.GET.get("student_q", ""))
        if s.pk not in selected
    ]
    return render(
        request,
        "contests/entry_form.html#student-options",
        {"students": chosen + matches, "selected": selected},
    )


@login_required
def entry_detail(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    contest = entry.round.contest
    can_manage = cperms.can_manage_contest(request.user, contest)
    can_edit = cperms.can_enter_for_school(request.user, entry.school)
    award = Award.objects.filter(entry=entry).select_related("certificate").first()
    assignments = []
    if cperms.can_oversee_contest(request.user, contest):
        assignments = list(entry.assignments.select_related("judge__user", "judge__unit", "score"))
    plan_assignments = []
    if can_edit:
        plan_assignments = list(
            Assignment.objects.filter(unit=entry.school, task__in=contest.tasks.all()).select_related(
                "task__plan"
            )
        )
    return render(
        request,
        "contests/entry_detail.html",
        {
            "entry": entry,
            "contest": contest,
            "round": entry.round,
            "can_manage": can_manage,
            "can_edit": can_edit,
            "names": selectors.member_names(request.user, entry),
            "full_names": cperms.can_see_full_names(request.user, entry, contest),
            "award": award,
            "assignments": assignments,
            "plan_assignments": plan_assignments,
            "events": selectors.timeline(entry),
            "reason_form": ReasonForm(),
            "award_form": AwardForm(),
            "can_certificate": award is not None
            and entry.round.status == RoundStatus.PUBLISHED
            and (can_manage or cperms.reads_school(request.user, entry.school)),
        },
    )


@login_required
@require_POST
def entry_submit(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    try:
        services.entry_submit(actor=request.user, entry=entry)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã nộp hồ sơ dự thi."))
    return redirect("contests:entry", pk)


@login_required
@require_POST
def entry_withdraw(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    services.entry_withdraw(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
    messages.success(request, _("Đã rút bài dự thi."))
    return redirect("contests:entry", pk)


@login_required
@require_POST
def entry_accept(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    services.entry_accept(actor=request.user, entry=entry)
    messages.success(request, _("Đã xác nhận bài dự thi hợp lệ."))
    return redirect("contests:entry", pk)


@login_required
@require_POST
def entry_return(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    try:
        services.entry_return(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã trả lại bài dự thi cho trường kèm lý do."))
    return redirect("contests:entry", pk)


@login_required
def entry_file(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)  # 404 outside the user's scope
    if not entry.file:
        raise Http404
    return serve_file(entry.file)


@login_required
@require_POST
def entry_evidence(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("task__plan", "unit"),
        pk=request.POST.get("assignment"),
        unit=entry.school,
    )
    try:
        services.entry_attach_to_assignment(actor=request.user, entry=entry, assignment=assignment)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã ghi bài dự thi làm minh chứng của nhiệm vụ."))
    return redirect("contests:entry", pk)


# ── Certificates ───────────────────────────────────────────────────────────────────────────────────


@login_required
def certificate_download(request, pk):
    award = selectors.get_award_for_user(request.user, pk)
    certificate = judging.certificate_issue(actor=request.user, award=award)
    certificate.award = award
    members = [m.student.full_name for m in award.entry.members.all()]
    response = HttpResponse(certificate_pdf(certificate, members=members), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-chung-nhan-{certificate.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def verify(request, code):
    """Public: is this certificate genuine? Only the name (consent respected), contest, award, date, issuer."""
    try:
        certificate = selectors.get_certificate(code)
    except Http404:
        return render(request, "contests/verify.html", {"lookup": True, "unknown": code[:40]}, status=404)
    award = certificate.award
    return render(
        request,
        "contests/verify.html",
        {
            "certificate": certificate,
            "award": award,
            "contest": award.entry.round.contest,
            "names": [selectors.public_name(m) for m in award.entry.members.all()],
        },
    )


def verify_lookup(request):
    code = (request.GET.get("code") or "").strip().upper()
    if code:
        return redirect("contests:verify", code)
    return render(request, "contests/verify.html", {"lookup": True})


# ── Consent ────────────────────────────────────────────────────────────────────────────────────────


@login_required
def consent_edit(request, pk):
    student = selectors.get_student_for_consent(request.user, pk)
    consent = selectors.consent_of(student)
    can_edit = cperms.can_record_consent(request.user, student.unit)
    initial = (
        {
            "publish_name": consent.publish_name,
            "child_agreed": consent.child_agreed,
            "guardian_name": consent.guardian_name,
        }
        if consent
        else None
    )
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.consent_record(actor=request.user, student=student, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã ghi nhận ý kiến về việc công bố họ tên."))
                back = request.POST.get("next", "")
                return redirect(back if back.startswith("/contests/") else "contests:list")
    return render(
        request,
        "contests/consent_form.html",
        {
            "student": student,
            "consent": consent,
            "form": form,
            "can_edit": can_edit,
            "publishes": selectors.may_publish_name(student, consent),
            "initials": selectors.initials(student.full_name),
            "next": request.GET.get("next", request.POST.get("next", "")),
        },
    )


# ── Judging (phone first) ──────────────────────────────────────────────────────────────────────────


@login_required
def judge_queue(request):
    assignments = list(selectors.judge_queue(request.user))
    todo = [
        a
        for a in assignments
        if a.entry.round.status == RoundStatus.JUDGING
        and not (selectors.score_of(a) and a.score.submitted_at)
    ]
    return render(request, "contests/judge_queue.html", {"assignments": assignments, "todo": todo})


def _score_initial(criteria, score):
    initial = {"version": score.version if score else 0, "comment": score.comment if score else ""}
    for criterion in criteria:
        if score and str(criterion.pk) in score.points:
            initial[f"c{criterion.pk}"] = score.points[str(criterion.pk)]
    return initial


@login_required
def score_form(request, pk):
    assignment = selectors.get_assignment_for_judge(request.user, pk)
    entry = assignment.entry
    criteria = list(entry.round.criteria.all())
    score = selectors.score_of(assignment)
    stored = None
    form = ScoreForm(request.POST or None, criteria=criteria, initial=_score_initial(criteria, score))
    open_ = entry.round.status == RoundStatus.JUDGING
    status = 200
    if request.method == "POST":
        if not open_:
            messages.error(request, _("Vòng thi không trong thời gian chấm."))
            return redirect("contests:score", pk)
        if form.is_valid():
            try:
                judging.score_save(
                    actor=request.user,
                    assignment=assignment,
                    points=form.points(),
                    comment=form.cleaned_data["comment"],
                    version=form.cleaned_data["version"],
                )
            except ApplicationError as exc:
                status = 409 if exc.status_code == 409 else 400
                form.add_error(None, exc.message)
                if "version" in exc.extra:
                    # Keep what the judge typed; show what is stored; the next save is made knowingly.
                    assignment.refresh_from_db()
                    stored = selectors.score_of(JudgeAssignment.objects.select_related("score").get(pk=pk))
                    data = request.POST.copy()
                    data["version"] = exc.extra["version"]
                    errors = form.errors
                    form = ScoreForm(data, criteria=criteria)
                    form.is_valid()
                    form._errors = errors
            else:
                messages.success(request, _("Đã lưu điểm bài “%(t)s”.") % {"t": entry.title})
                return redirect("contests:judge_queue")
        else:
            status = 400
    return render(
        request,
        "contests/score_form.html",
        {
            "assignment": assignment,
            "entry": entry,
            "round": entry.round,
            "contest": entry.round.contest,
            "form": form,
            "score": score,
            "stored": stored,
            "criteria": criteria,
            "open": open_,
            "names": selectors.member_names(request.user, entry),
            "stored_points": [(c, stored.points.get(str(c.pk))) for c in criteria] if stored else [],
        },
        status=status,
    )


# ── Public results ─────────────────────────────────────────────────────────────────────────────────


def public_index(request):
    return render(request, "contests/public_index.html", {"rounds": selectors.published_rounds()[:50]})


def public_results(request, pk):
    round_ = selectors.get_published_round(pk)
    return render(
        request,
        "contests/public_results.html",
        {
            "round": round_,
            "contest": round_.contest,
            "rows": selectors.public_results(round_),
        },
    )
