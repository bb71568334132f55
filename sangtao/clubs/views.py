"""Pages of the clubs app. Each view parses input with a form, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangtao.core import clock
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.widgets import options_html
from sangtao.core.xlsx import export_rows, xlsx_response
from sangtao.orgs.models import SchoolLevel
from sangtao.plans.models import Assignment

from . import permissions as club_perms
from . import selectors, services
from .forms import ActivityForm, ClubFilterForm, ClubForm, LeaveForm, MemberForm, RuleForm, StatusForm
from .models import ClubActivity, ClubActivityFile, ClubMember, ClubStatus, ClubType
from .sheets import CLUB_COLUMNS, SCHOOL_COLUMNS

PAGE_SIZE = 30


# ── The list ───────────────────────────────────────────────────────────────────────────────────────


@login_required
def club_list(request):
    form = ClubFilterForm(request.GET or None)
    if request.GET.get("format") == "xlsx":
        rows = selectors.club_rows(request.user, **form.filters())
        prefetch_related_objects([r.club for r in rows], "advisers")
        return xlsx_response(export_rows(CLUB_COLUMNS, rows, title=_("Câu lạc bộ")), "cau-lac-bo.xlsx")
    listing = selectors.club_page(
        request.user, page=request.GET.get("page"), per_page=PAGE_SIZE, **form.filters()
    )
    schools = selectors.schools_for_user(request.user)
    return render(
        request,
        "clubs/club_list.html",
        {
            "page": listing.page,
            "form": form,
            "types": ClubType.choices,
            "levels": SchoolLevel.choices,
            "statuses": ClubStatus.choices,
            # Thousands of schools in a city: the options written in one go, not a template loop.
            "school_options": options_html(
                [(u.pk, u.display_short) for u in schools], request.GET.get("unit")
            )
            if len(schools) > 1
            else "",
            "can_create": bool(selectors.creatable_units(request.user)),
            "active_count": listing.active,
            "total": listing.total,
        },
    )


# ── One club ───────────────────────────────────────────────────────────────────────────────────────


def _people(request, club, *, exclude=()):
    return selectors.people_choices(
        club.unit, with_students=club_perms.can_see_student_names(request.user, club.unit), exclude=exclude
    )


def _club_context(request, club, **extra) -> dict:
    today = clock.today()
    state = selectors.club_activity_status([club], today)[club.pk]
    members = selectors.club_members(club, today=today)
    can_manage = club_perms.can_manage_clubs(request.user, club.unit) and club.status != ClubStatus.CLOSED
    context = {
        "club": club,
        "state": state,
        "members": members,
        "today": today,
        "activities": list(selectors.club_activities(club)),
        "advisers": list(club.advisers.all()),
        "events": selectors.club_events(club),
        "links": selectors.club_plan_links(club),
        "can_manage": can_manage,
        "can_log": club.status != ClubStatus.CLOSED and club_perms.can_log_activity(request.user, club),
        "see_students": club_perms.can_see_student_names(request.user, club.unit),
    }
    if can_manage:
        context["member_form"] = extra.pop("member_form", None) or MemberForm(
            people=_people(request, club, exclude=members["current"]), initial={"joined_on": today}
        )
        context["status_form"] = extra.pop("status_form", None) or StatusForm(initial={"status": club.status})
    context.update(extra)
    return context


@login_required
def club_detail(request, pk):
    club = selectors.get_club_for_user(request.user, pk)
    return render(request, "clubs/club_detail.html", _club_context(request, club))


@login_required
def club_create(request):
    units = selectors.creatable_units(request.user)
    if not units:
        raise PermissionDenied
    chosen = request.POST.get("unit") or request.GET.get("unit")
    unit = next((u for u in units if str(u.pk) == chosen), units[0])
    people = selectors.people_choices(
        unit, with_students=club_perms.can_see_student_names(request.user, unit)
    )
    form = ClubForm(
        request.POST or None,
        request.FILES or None,
        unit=unit,
        units=units,
        people=people,
        initial={"decision_date": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            club = services.club_register(
                actor=request.user,
                unit=unit,
                **form.service_fields(),
                advisers=form.cleaned_data["advisers"],
                members=form.chosen_people(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã đăng ký câu lạc bộ “%(n)s”.") % {"n": club.name})
            return redirect("clubs:detail", club.pk)
    return render(
        request,
        "clubs/club_form.html",
        {
            "form": form,
            "unit": unit,
            "has_people": bool(people["staff"] or people["students"]),
        },
        status=400 if form.errors else 200,
    )


@login_required
def club_edit(request, pk):
    club = selectors.get_club_for_user(request.user, pk)
    if not club_perms.can_manage_clubs(request.user, club.unit) or club.status == ClubStatus.CLOSED:
        raise PermissionDenied
    form = ClubForm(request.POST or None, request.FILES or None, instance=club, unit=club.unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.club_update(
                actor=request.user,
                club=club,
                advisers=form.cleaned_data["advisers"],
                version=form.submitted_version(),
                **form.service_fields(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu câu lạc bộ."))
            return redirect("clubs:detail", club.pk)
    return render(
        request,
        "clubs/club_form.html",
        {"form": form, "unit": club.unit, "club": club},
        status=400 if form.errors else 200,
    )


def _club_post(request, club, form, form_name, action):
    """Shared shape of the forms on the club page: on error the page comes back with what was typed."""
    if form.is_valid():
        try:
            message = action(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, message)
            return redirect("clubs:detail", club.pk)
    return render(
        request, "clubs/club_detail.html", _club_context(request, club, **{form_name: form}), status=400
    )


@login_required
@require_POST
def club_status(request, pk):
    club = selectors.get_club_for_user(request.user, pk)
    if not club_perms.can_manage_clubs(request.user, club.unit):
        raise PermissionDenied

    def action(data):
        services.club_set_status(actor=request.user, club=club, **data)
        return _("Đã đổi trạng thái câu lạc bộ.")

    return _club_post(request, club, StatusForm(request.POST), "status_form", action)


@login_required
@require_POST
def member_add(request, pk):
    club = selectors.get_club_for_user(request.user, pk)
    if not club_perms.can_manage_clubs(request.user, club.unit):
        raise PermissionDenied
    current = selectors.club_members(club)["current"]
    form = MemberForm(request.POST, people=_people(request, club, exclude=current))

    def action(data):
        added = services.member_add(
            actor=request.user,
            club=club,
            people=form.chosen_people(),
            role=data["role"],
            joined_on=data["joined_on"],
        )
        return _("Đã thêm %(n)d thành viên.") % {"n": len(added)}

    return _club_post(request, club, form, "member_form", action)


@login_required
@require_POST
def member_leave(request, pk):
    member = get_object_or_404(ClubMember.objects.select_related("club"), pk=pk)
    club = selectors.get_club_for_user(request.user, member.club_id)
    form = LeaveForm(request.POST or {"left_on": clock.today().strftime("%d/%m/%Y")})
    if not form.is_valid():
        messages.error(request, _("Ngày rời câu lạc bộ không hợp lệ (dd/mm/yyyy)."))
        return redirect("clubs:detail", club.pk)
    services.member_leave(actor=request.user, member=member, left_on=form.cleaned_data["left_on"])
    messages.success(request, _("%(p)s đã rời câu lạc bộ.") % {"p": member.person})
    return redirect("clubs:detail", club.pk)


@login_required
@require_POST
def club_attach(request, pk, assignment_pk):
    club = selectors.get_club_for_user(request.user, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("unit", "task__plan"), pk=assignment_pk, unit=club.unit
    )
    services.club_attach_to_assignment(actor=request.user, club=club, assignment=assignment)
    messages.success(request, _("Đã gắn câu lạc bộ làm minh chứng của nhiệm vụ."))
    return redirect("clubs:detail", club.pk)


@login_required
def decision_download(request, pk):
    club = selectors.get_club_for_user(request.user, pk)
    if not club.decision_file:
        raise Http404
    return serve_file(club.decision_file)


# ── Activities ─────────────────────────────────────────────────────────────────────────────────────


@login_required
def activity_create(request, pk):
    club = selectors.get_club_for_user(request.user, pk)
    if club.status == ClubStatus.CLOSED or not club_perms.can_log_activity(request.user, club):
        raise PermissionDenied
    see_students = club_perms.can_see_student_names(request.user, club.unit)
    current = [m for m in selectors.club_members(club)["current"] if see_students or not m.is_student]
    form = ActivityForm(
        request.POST or None, request.FILES or None, members=current, initial={"date": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_log(
                actor=request.user,
                club=club,
                date=data["date"],
                title=data["title"],
                kind=data["kind"],
                participants=data["participants"],
                description=data["description"],
                members=data.get("members") or [],
                photos=data["photos"],
                files=data["files"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã ghi hoạt động ngày %(d)s.") % {"d": data["date"].strftime("%d/%m/%Y")}
            )
            return redirect("clubs:detail", club.pk)
    return render(
        request, "clubs/activity_form.html", {"form": form, "club": club}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def activity_remove(request, pk):
    activity = get_object_or_404(ClubActivity, pk=pk)
    club = selectors.get_club_for_user(request.user, activity.club_id)
    services.activity_remove(actor=request.user, activity=activity)
    messages.success(request, _("Đã xóa hoạt động."))
    return redirect("clubs:detail", club.pk)


@login_required
def file_download(request, pk):
    row = get_object_or_404(ClubActivityFile.objects.select_related("activity"), pk=pk)
    selectors.get_club_for_user(request.user, row.activity.club_id)  # 404 outside the user's scope
    return serve_file(row.file)


# ── The indicator by school, and the rule ──────────────────────────────────────────────────────────


@login_required
def schools(request):
    level = request.GET.get("level", "")
    level = level if level in SchoolLevel.values else ""
    rows = selectors.school_rows(request.user, level=level, q=request.GET.get("q", "")[:100])
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            export_rows(SCHOOL_COLUMNS, rows, title=_("Câu lạc bộ theo trường")),
            "cau-lac-bo-theo-truong.xlsx",
        )
    wanted = request.GET.get("active", "")
    listed = [r for r in rows if r.active == (wanted == "yes")] if wanted in ("yes", "no") else rows
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clubs/schools.html",
        {
            "page": page,
            "summary": selectors.school_summary(rows),
            "levels": SchoolLevel.choices,
            "rule": rows[0].rule if rows else None,
        },
    )


@login_required
def rule(request):
    rows = selectors.rules_for_user(request.user)
    forms = {
        row["authority"].pk: RuleForm(
            instance=row["stored"],
            prefix=f"r{row['authority'].pk}",
            initial={"min_members": row["rule"].min_members, "months_required": row["rule"].months_required},
        )
        for row in rows
        if row["can_edit"]
    }
    if request.method == "POST":
        authority = next(
            (r["authority"] for r in rows if str(r["authority"].pk) == request.POST.get("unit")), None
        )
        if authority is None or authority.pk not in forms:
            raise PermissionDenied
        form = forms[authority.pk] = RuleForm(request.POST, prefix=f"r{authority.pk}")
        if form.is_valid():
            try:
                services.rule_set(actor=request.user, authority=authority, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Đã lưu quy tắc câu lạc bộ hoạt động của %(u)s.") % {"u": authority.display_short},
                )
                return redirect("clubs:rule")
    for row in rows:
        row["form"] = forms.get(row["authority"].pk)
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(
        request,
        "clubs/rule.html",
        {
            "rows": rows,
            "today": clock.today(),
            "months": _months_now(rows),
            "default_text": selectors.Rule().text(),
        },
        status=status,
    )


def _months_now(rows):
    n = rows[0]["rule"].months_required if rows else selectors.Rule().months_required
    return [selectors.month_label(m) for m in selectors.teaching_months(clock.today(), n)]
