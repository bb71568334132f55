"""Pages of the training app: each view parses a form, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangtao.accounts.models import Staff
from sangtao.core.exceptions import ApplicationError
from sangtao.core.uploads import serve_file
from sangtao.core.xlsx import xlsx_response
from sangtao.orgs.models import SchoolLevel

from . import permissions as tperms
from . import selectors, services, sheets
from .certificates import certificate_pdf
from .forms import (
    AttendanceImportForm,
    CourseFilterForm,
    CourseForm,
    CoverageFilterForm,
    MaterialForm,
    QuotaForm,
    ReasonForm,
    SessionForm,
    VerifyForm,
)
from .models import ALL_GROUPS, COVERAGE_TOPICS, CourseMaterial, TargetGroup, Topic

PAGE_SIZE = 30


def _course_for_manager(request, pk):
    course = selectors.get_course_for_user(request.user, pk)
    if not tperms.can_manage_course(request.user, course):
        raise PermissionDenied
    return course


# ── Courses ────────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_GET
def course_list(request):
    filters = CourseFilterForm(request.GET or None, organisers=selectors.organiser_choices(request.user))
    courses = selectors.courses_for_user(request.user, **filters.filters())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(sheets.courses_export(courses.iterator(chunk_size=500)), "khoa-boi-duong.xlsx")
    return render(
        request,
        "training/course_list.html",
        {
            "filters": filters,
            "page": Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_create": bool(tperms.organiser_units(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request):
    if not tperms.organiser_units(request.user):
        raise PermissionDenied
    form = CourseForm(
        request.POST or None, user=request.user, initial={"completion_min_percent": 80, "capacity": 40}
    )
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                actor=request.user, organiser=form.cleaned_data["organiser"], **form.service_kwargs()
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo khóa (dự thảo). Hãy thêm buổi học rồi mở đăng ký."))
            return redirect("training:course", course.pk)
    return render(request, "training/course_form.html", {"form": form, "course": None})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request, pk):
    course = _course_for_manager(request, pk)
    form = CourseForm(request.POST or None, instance=course, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(
                actor=request.user, course=course, version=form.submitted_version(), **form.service_kwargs()
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu khóa."))
            return redirect("training:course", course.pk)
    return render(request, "training/course_form.html", {"form": form, "course": course})


def _detail_context(request, course, **extra):
    detail = selectors.course_detail(request.user, course)
    schools = {n.school_id: n.school for n in detail["nominations"]}
    context = {
        "course": course,
        **detail,
        # Whose training history the user may open (the staff page answers 404 to anyone else).
        "history_school_ids": [
            pk for pk, school in schools.items() if tperms.can_see_school_training(request.user, school)
        ],
        **selectors.course_abilities(request.user, course),
        "session_form": SessionForm(),
        "material_form": MaterialForm(),
        "reason_form": ReasonForm(),
        "assignments": selectors.attachable_assignments(request.user, course),
        "my_school_ids": [s.pk for s in selectors.nominating_schools(request.user, course)],
        "withdrawable": ["nominated", "approved"],
        "withdraw_open": ["open", "closed"],
    }
    context.update(extra)
    return context


@login_required
@require_GET
def course_detail(request, pk):
    course = selectors.get_course_for_user(request.user, pk)
    return render(request, "training/course_detail.html", _detail_context(request, course))


@login_required
@require_POST
def course_open(request, pk):
    course = _course_for_manager(request, pk)
    services.course_open(actor=request.user, course=course)
    messages.success(request, _("Đã mở đăng ký."))
    return redirect("training:course", pk)


@login_required
@require_POST
def course_close(request, pk):
    course = _course_for_manager(request, pk)
    services.course_close(actor=request.user, course=course)
    messages.success(request, _("Đã đóng đăng ký."))
    return redirect("training:course", pk)


@login_required
@require_POST
def course_cancel(request, pk):
    course = _course_for_manager(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "training/course_detail.html",
            _detail_context(request, course, reason_form=form, cancel_open=True),
            status=400,
        )
    services.course_cancel(actor=request.user, course=course, reason=form.cleaned_data["reason"])
    messages.success(request, _("Đã hủy khóa và báo cho các trường."))
    return redirect("training:course", pk)


@login_required
@require_POST
def session_add(request, pk):
    course = _course_for_manager(request, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_add(actor=request.user, course=course, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm buổi học."))
            return redirect("training:course", pk)
    return render(
        request,
        "training/course_detail.html",
        _detail_context(request, course, session_form=form),
        status=400,
    )


@login_required
@require_POST
def session_remove(request, pk):
    session = selectors.get_session_for_user(request.user, pk)
    _course_for_manager(request, session.course_id)
    services.session_remove(actor=request.user, session=session)
    messages.success(request, _("Đã xóa buổi học."))
    return redirect("training:course", session.course_id)


@login_required
@require_POST
def material_add(request, pk):
    course = _course_for_manager(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(actor=request.user, course=course, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Đã thêm tài liệu."))
            return redirect("training:course", pk)
    return render(
        request,
        "training/course_detail.html",
        _detail_context(request, course, material_form=form),
        status=400,
    )


@login_required
@require_GET
def material_download(request, pk):
    material = get_object_or_404(CourseMaterial, pk=pk)
    selectors.get_course_for_user(request.user, material.course_id)  # 404 outside the user's courses
    return serve_file(material.file)


@login_required
@require_POST
def material_remove(request, pk):
    material = get_object_or_404(CourseMaterial.objects.select_related("course__organiser"), pk=pk)
    _course_for_manager(request, material.course_id)
    services.material_remove(actor=request.user, material=material)
    messages.success(request, _("Đã xóa tài liệu."))
    return redirect("training:course", material.course_id)


@login_required
@require_http_methods(["GET", "POST"])
def quotas(request, pk):
    course = _course_for_manager(request, pk)
    form = QuotaForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_set(actor=request.user, course=course, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã lưu chỉ tiêu của %(s)s.") % {"s": form.cleaned_data["school"].name}
            )
            return redirect("training:quotas", pk)
    detail = selectors.course_detail(request.user, course)
    return render(
        request,
        "training/quotas.html",
        {"course": course, "form": form, "quotas": detail["quotas"], "quota_total": detail["quota_total"]},
    )


@login_required
@require_POST
def course_evidence(request, pk):
    course = selectors.get_course_for_user(request.user, pk)
    assignment = next(
        (
            a
            for a in selectors.attachable_assignments(request.user, course)
            if str(a.pk) == request.POST.get("assignment")
        ),
        None,
    )
    if assignment is None:
        raise Http404
    services.course_evidence_attach(actor=request.user, course=course, assignment=assignment)
    messages.success(
        request, _("Đã gắn khóa làm minh chứng cho nhiệm vụ “%(t)s”.") % {"t": assignment.task.title}
    )
    return redirect("training:course", pk)


# ── Nominations ────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, pk):
    course = selectors.get_course_for_user(request.user, pk)
    schools = selectors.nominating_schools(request.user, course)
    if not schools:
        raise PermissionDenied
    wanted = request.POST.get("school") or request.GET.get("school")
    school = next((s for s in schools if str(s.pk) == wanted), schools[0])
    q = request.GET.get("q", "").strip()
    choices = selectors.nominee_choices(request.user, course, school, q=q)
    picked_staff = request.POST.getlist("staff")
    picked_students = request.POST.getlist("student")
    error = ""
    if request.method == "POST":
        staff = {str(s.pk): s for s in choices["staff"]}
        students = {str(s.pk): s for s in choices["students"]}
        people = [(staff.get(i), None) for i in picked_staff] + [
            (None, students.get(i)) for i in picked_students
        ]
        if not people:
            error = _("Hãy chọn ít nhất một người.")
        elif any(s is None and t is None for s, t in people):
            error = _("Có người được chọn không còn trong danh sách có thể cử; hãy tải lại trang.")
        else:
            try:
                with transaction.atomic():  # all or nobody: a refusal leaves nothing half done
                    for staff_member, student in people:
                        services.nominate(
                            actor=request.user,
                            course=course,
                            school=school,
                            staff=staff_member,
                            student=student,
                            note=request.POST.get("note", "")[:255],
                        )
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(
                    request, _("Đã cử %(n)d người; chờ đơn vị tổ chức duyệt.") % {"n": len(people)}
                )
                return redirect("training:course", pk)
    quota = course.quotas.filter(school=school).first()
    return render(
        request,
        "training/nominate.html",
        {
            "course": course,
            "schools": schools,
            "school": school,
            "q": q,
            **choices,
            "error": error,
            "picked_staff": picked_staff,
            "picked_students": picked_students,
            "quota": quota,
            "taken": course.nominations.filter(school=school, status__in=["nominated", "approved"]).count(),
            "has_quotas": course.quotas.exists(),
        },
        status=400 if error else 200,
    )


def _nomination_action(request, pk, action):
    nomination = selectors.get_nomination_for_user(request.user, pk)
    action(nomination)
    return redirect(request.POST.get("next") or reverse("training:course", args=[nomination.course_id]))


@login_required
@require_POST
def nomination_approve(request, pk):
    def act(nomination):
        services.nomination_approve(actor=request.user, nomination=nomination)
        messages.success(request, _("Đã duyệt %(p)s.") % {"p": nomination.person_name})

    return _nomination_action(request, pk, act)


@login_required
@require_POST
def nomination_decline(request, pk):
    def act(nomination):
        services.nomination_decline(
            actor=request.user, nomination=nomination, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Đã từ chối %(p)s và báo cho trường.") % {"p": nomination.person_name})

    return _nomination_action(request, pk, act)


@login_required
@require_POST
def nomination_withdraw(request, pk):
    def act(nomination):
        services.nomination_withdraw(actor=request.user, nomination=nomination)
        messages.success(request, _("Đã rút %(p)s khỏi khóa.") % {"p": nomination.person_name})

    return _nomination_action(request, pk, act)


@login_required
@require_GET
def nominations_export(request, pk):
    course = selectors.get_course_for_user(request.user, pk)
    rows = selectors.nominations_for_user(request.user, course)
    return xlsx_response(sheets.nominations_export(rows), f"nguoi-duoc-cu-{course.pk}.xlsx")


# ── Attendance ─────────────────────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    """The phone check-off list at the door: big boxes, one POST for the whole session."""
    session = selectors.get_session_for_user(request.user, pk)
    course = _course_for_manager(request, session.course_id)
    error = ""
    if request.method == "POST":
        try:
            n = services.attendance_mark(
                actor=request.user,
                session=session,
                present_ids=[i for i in request.POST.getlist("present") if i.isdigit()],
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã lưu điểm danh: %(n)d người có mặt.") % {"n": n})
            return redirect("training:attendance", pk)
    sessions = list(course.sessions.all())
    return render(
        request,
        "training/attendance.html",
        {
            "course": course,
            "session": session,
            "rows": selectors.checkoff_list(session),
            "error": error,
            "sessions": sessions,
            "index": sessions.index(session) + 1 if session in sessions else 0,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_import(request, pk):
    course = _course_for_manager(request, pk)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.attendance_import(actor=request.user, course=course, file=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("Đã nhập điểm danh: %(n)d lượt.") % {"n": result.updated})
            return redirect("training:course", pk)
    return render(
        request,
        "training/attendance_import.html",
        {"course": course, "form": form, "result": result},
        status=400 if result and not result.ok else 200,
    )


@login_required
@require_GET
def attendance_template(request, pk):
    course = _course_for_manager(request, pk)
    out = sheets.attendance_sheet(
        list(course.sessions.all()), selectors.completion_rows(course), selectors.attendance_marks(course)
    )
    return xlsx_response(out, f"diem-danh-{course.pk}.xlsx")


# ── Completion and certificates ────────────────────────────────────────────────────────────────────


@login_required
@require_http_methods(["GET", "POST"])
def completions(request, pk):
    course = _course_for_manager(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "compute":
                rows = services.completions_compute(actor=request.user, course=course)
                messages.success(
                    request,
                    _("Đã tính kết quả: %(d)d/%(n)d người hoàn thành.")
                    % {"d": sum(r.completed for r in rows), "n": len(rows)},
                )
            elif action == "results":
                results = {
                    int(k[7:]): v
                    for k, v in request.POST.items()
                    if k.startswith("result-") and k[7:].isdigit()
                }
                services.completion_results_save(actor=request.user, course=course, results=results)
                messages.success(request, _("Đã lưu kết quả."))
            elif action == "issue":
                made = services.certificate_issue(actor=request.user, course=course)
                messages.success(request, _("Đã cấp %(n)d giấy chứng nhận.") % {"n": len(made)})
            else:
                raise PermissionDenied
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("training:completions", pk)
    rows = selectors.completion_rows(course)
    return render(
        request,
        "training/completions.html",
        {
            "course": course,
            "rows": rows,
            "sessions_total": course.sessions.count(),
            "reason_form": ReasonForm(),
            "can_issue": any(
                hasattr(r, "completion") and r.completion.completed and not hasattr(r, "certificate")
                for r in rows
            ),
        },
    )


@login_required
@require_GET
def certificate_download(request, pk):
    certificate = selectors.get_certificate_for_user(request.user, pk)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-chung-nhan-{certificate.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def certificate_revoke(request, pk):
    certificate = selectors.get_certificate_for_user(request.user, pk)
    services.certificate_revoke(
        actor=request.user, certificate=certificate, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Đã thu hồi giấy chứng nhận %(c)s.") % {"c": certificate.code})
    return redirect("training:completions", certificate.nomination.course_id)


# ── Public verification (no login) ─────────────────────────────────────────────────────────────────


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        code = selectors.normalise_code(form.cleaned_data["code"])
        if code:
            return redirect("training:verify", code)
        form.add_error("code", _("Mã không hợp lệ."))
    return render(request, "training/verify_form.html", {"form": form})


@require_GET
def verify(request, code):
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return render(
            request, "training/verify_unknown.html", {"code": code[:40], "form": VerifyForm()}, status=404
        )
    first, last = selectors.course_dates(certificate.nomination.course)
    # Only what the certificate itself says: the name, the course, the dates, the issuer, valid or not.
    # The name is shown for pupils too, as printed on the certificate: whoever holds the paper must be able
    # to check it; the school, class and anything else about the person stay private.
    return render(
        request,
        "training/verify.html",
        {
            "c": certificate,
            "course_title": certificate.nomination.course.title,
            "first": first,
            "last": last,
        },
    )


# ── Coverage and people ────────────────────────────────────────────────────────────────────────────


@login_required
@require_GET
def coverage(request):
    current = selectors.current_plan_year()
    years = list(range(current + 1, current - 4, -1))
    filters = CoverageFilterForm(request.GET or None, years=years, initial={"year": current})
    data = filters.cleaned_data if filters.is_valid() else {}
    year = data.get("year") or current
    topic = data.get("topic") or ""
    topics = tuple(Topic.values) if topic == "all" else ((topic,) if topic else tuple(COVERAGE_TOPICS))
    matrix = selectors.coverage_matrix(request.user, year=year, topics=topics, level=data.get("level") or "")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(sheets.coverage_export(matrix), f"do-phu-boi-duong-{year}.xlsx")
    return render(
        request,
        "training/coverage.html",
        {
            "filters": filters,
            "matrix": matrix,
            "year": year,
            "groups": [TargetGroup(g) for g in ALL_GROUPS],
            "levels": dict(SchoolLevel.choices),
        },
    )


@login_required
@require_GET
def mine(request):
    return render(
        request,
        "training/mine.html",
        {
            "rows": selectors.my_training(request.user),
            "has_staff": Staff.objects.filter(user=request.user).exists(),
        },
    )


@login_required
@require_GET
def staff_history(request, pk):
    staff = selectors.get_staff_for_user(request.user, pk)
    return render(
        request, "training/staff_history.html", {"staff": staff, "rows": selectors.staff_history(staff)}
    )
