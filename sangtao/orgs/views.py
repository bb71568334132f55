"""Organisation pages: thin views that parse with a form, call one selector or service, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sangtao.accounts import permissions, registries, student_data
from sangtao.core import xlsx
from sangtao.core.exceptions import ApplicationError

from . import forms, selectors, services, sheets, wards
from .models import UnitKind

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _service_error(form, exc):
    """Put a service's refusal on the form, so that what was typed stays on the page."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
    else:
        form.add_error(None, exc.message)


# ---------------------------------------------------------------- units


@login_required
@require_GET
def unit_list(request):
    filters = forms.UnitFilterForm(request.GET or None)
    units = selectors.units_for_user(request.user, **filters.filters())
    return render(
        request,
        "orgs/unit_list.html",
        {
            "filters": filters,
            "page": _page(request, units),
            "can_import": selectors.parent_choices_for_user(request.user).exists(),
        },
    )


@login_required
@require_GET
def unit_export(request):
    filters = forms.UnitFilterForm(request.GET or None)
    units = selectors.units_for_user(request.user, **filters.filters())
    units = selectors.with_current_stats(units, selectors.current_year())
    return xlsx.xlsx_response(sheets.units_export(units), "don-vi.xlsx")


@login_required
@require_GET
def unit_detail(request, pk):
    unit = selectors.get_unit_for_user(request.user, pk)
    user = request.user
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            # Units above the user's scope are named, never linked: their pages would answer 404.
            "ancestors": [a for a in unit.ancestors() if permissions.can_read_unit(user, a)],
            "parent_visible": unit.parent_id is not None and permissions.can_read_unit(user, unit.parent),
            "children": selectors.unit_children(unit),
            "year_stats": selectors.unit_year_stats(unit),
            "history": selectors.unit_history(unit),
            "can_edit": permissions.can_edit_unit(user, unit),
            "can_manage": permissions.can_manage_units(user, unit),
            "can_add_child": permissions.can_manage_units(user, unit)
            and not unit.is_school
            and not unit.closed_on,
            "can_see_students": permissions.can_see_students(user, unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    parents = selectors.parent_choices_for_user(request.user)
    if not parents.exists():
        raise PermissionDenied
    initial = {}
    wanted = request.GET.get("parent")
    if wanted and wanted.isdigit():
        initial["parent"] = parents.filter(pk=wanted).first()
        if initial["parent"] is not None and initial["parent"].kind == UnitKind.AUTHORITY:
            initial["kind"] = UnitKind.SCHOOL
    form = forms.UnitForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=request.user,
                parent=form.cleaned_data["parent"],
                kind=form.cleaned_data["kind"],
                **form.service_kwargs(),
            )
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Đã tạo đơn vị “%(u)s”.") % {"u": unit})
            return redirect("orgs:detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = selectors.get_unit_for_user(request.user, pk)
    if not permissions.can_edit_unit(request.user, unit):
        raise PermissionDenied
    form = forms.UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_update(actor=request.user, unit=unit, **form.service_kwargs())
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(
        request, "orgs/unit_form.html", {"form": form, "unit": selectors.get_unit_for_user(request.user, pk)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request, pk):
    unit = selectors.get_unit_for_user(request.user, pk)
    if not permissions.can_manage_units(request.user, unit):
        raise PermissionDenied
    parents = selectors.parent_choices_for_user(request.user, exclude=unit)
    form = forms.UnitMoveForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_move(
                actor=request.user,
                unit=unit,
                new_parent=form.cleaned_data["new_parent"],
                note=form.cleaned_data["note"],
            )
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Đã chuyển đơn vị."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(
        request,
        "orgs/unit_action.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Chuyển đơn vị"),
            "submit": _("Chuyển"),
            "intro": _(
                "Đơn vị cùng mọi đơn vị cấp dưới sẽ chuyển sang đơn vị cấp trên mới; lịch sử được giữ lại."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_close(request, pk):
    unit = selectors.get_unit_for_user(request.user, pk)
    if not permissions.can_manage_units(request.user, unit):
        raise PermissionDenied
    form = forms.UnitCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_close(actor=request.user, unit=unit, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận giải thể / sáp nhập đơn vị."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(
        request,
        "orgs/unit_action.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Giải thể / sáp nhập đơn vị"),
            "submit": _("Xác nhận"),
            "danger": True,
            "intro": _(
                "Đơn vị rời khỏi các danh sách đang hoạt động; dữ liệu và lịch sử của đơn vị được giữ nguyên."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_reopen(request, pk):
    unit = selectors.get_unit_for_user(request.user, pk)
    if not permissions.can_manage_units(request.user, unit):
        raise PermissionDenied
    form = forms.UnitReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_reopen(actor=request.user, unit=unit, note=form.cleaned_data["note"])
        except (ValidationError, ApplicationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, _("Đơn vị đã hoạt động trở lại."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(
        request,
        "orgs/unit_action.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Mở lại đơn vị"),
            "submit": _("Mở lại"),
        },
    )


@login_required
@require_GET
def unit_tree(request):
    include_closed = request.GET.get("closed") == "1"
    trees = [
        selectors.unit_tree(root, include_closed=include_closed)
        for root in selectors.scope_roots(request.user)
    ]
    return render(request, "orgs/unit_tree.html", {"trees": trees, "include_closed": include_closed})


@login_required
@require_GET
def ward_options(request):
    """The <option>s of a province's wards, swapped into the unit form when the province changes."""
    province = request.GET.get("province_code", "")
    return render(request, "orgs/_ward_options.html", {"wards": wards.ward_choices(province)})


# ---------------------------------------------------------------- schools import


def _import_parents(request):
    parents = selectors.parent_choices_for_user(request.user)
    if not parents.exists():
        raise PermissionDenied
    return parents


def _import_page(request, form, *, run, done_message, done_url, title, template_url, unit=None):
    """The shape every .xlsx import shares: upload, all-or-nothing import, every bad row listed."""
    result = None
    if request.method == "POST" and form.is_valid():
        result = run(form.cleaned_data)
        if result.ok:
            messages.success(request, done_message % {"c": result.created, "u": result.updated})
            return redirect(done_url, pk=unit.pk) if unit else redirect(done_url)
    return render(
        request,
        "orgs/import.html",
        {
            "form": form,
            "result": result,
            "unit": unit,
            "title": title,
            "template_url": template_url,
            "back_url": done_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schools_import(request):
    parents = _import_parents(request)
    form = forms.SchoolImportForm(
        request.POST or None, request.FILES or None, parents=parents, initial={"parent": parents.first()}
    )
    return _import_page(
        request,
        form,
        run=lambda data: services.schools_import(
            actor=request.user, parent=data["parent"], file=data["file"]
        ),
        done_message=_("Đã nhập: %(c)d trường mới, %(u)d trường cập nhật."),
        done_url="orgs:list",
        title=_("Nhập danh sách trường từ Excel"),
        template_url="orgs:import_template",
    )


@login_required
@require_GET
def schools_template(request):
    _import_parents(request)
    return xlsx.xlsx_response(sheets.school_template(), "mau-nhap-truong.xlsx")


# ---------------------------------------------------------------- staff and students


def _registry_unit(request, pk, *, students=False, edit=False):
    unit = selectors.get_unit_for_user(request.user, pk)
    allowed = permissions.can_see_students if students else permissions.can_see_staff
    if not allowed(request.user, unit) or (edit and not permissions.can_edit_registry(request.user, unit)):
        raise PermissionDenied
    return unit


@login_required
@require_GET
def staff_list(request, pk):
    unit = _registry_unit(request, pk)
    filters = forms.StaffFilterForm(request.GET or None)
    staff = registries.staff_for_user(request.user, unit, **filters.filters())
    return render(
        request,
        "orgs/staff_list.html",
        {
            "unit": unit,
            "filters": filters,
            "page": _page(request, staff),
            "can_import": permissions.can_edit_registry(request.user, unit),
        },
    )


@login_required
@require_GET
def staff_export(request, pk):
    unit = _registry_unit(request, pk)
    filters = forms.StaffFilterForm(request.GET or None)
    staff = registries.staff_for_user(request.user, unit, **filters.filters())
    return xlsx.xlsx_response(
        registries.staff_export(staff.iterator(chunk_size=500)), f"can-bo-{unit.code}.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request, pk):
    unit = _registry_unit(request, pk, edit=True)
    return _import_page(
        request,
        forms.XlsxUploadForm(request.POST or None, request.FILES or None),
        run=lambda data: registries.staff_import(actor=request.user, root=unit, file=data["file"]),
        done_message=_("Đã nhập: %(c)d người mới, %(u)d người cập nhật."),
        done_url="orgs:staff",
        title=_("Nhập danh sách cán bộ, giáo viên, nhân viên"),
        template_url="orgs:staff_template",
        unit=unit,
    )


@login_required
@require_GET
def staff_template(request, pk):
    _registry_unit(request, pk, edit=True)
    return xlsx.xlsx_response(registries.staff_template(), "mau-nhap-can-bo.xlsx")


@login_required
@require_GET
def student_list(request, pk):
    unit = _registry_unit(request, pk, students=True)
    filters = forms.StudentFilterForm(request.GET or None)
    students = registries.students_for_user(request.user, unit, **filters.filters())
    page = _page(request, students)
    student_data.log_access(
        actor=request.user, target=unit, what="student_list", detail=_("trang %(n)d") % {"n": page.number}
    )
    return render(
        request,
        "orgs/student_list.html",
        {
            "unit": unit,
            "filters": filters,
            "page": page,
            "can_import": permissions.can_edit_registry(request.user, unit),
            "can_manage_data": permissions.is_admin(request.user)
            or permissions.holds(request.user, unit, *student_data.STUDENT_DATA_HOLDERS),
        },
    )


@login_required
@require_GET
def student_export(request, pk):
    unit = _registry_unit(request, pk, students=True)
    filters = forms.StudentFilterForm(request.GET or None)
    students = registries.students_for_user(request.user, unit, **filters.filters())
    student_data.log_access(actor=request.user, target=unit, what="student_list_export")
    return xlsx.xlsx_response(
        registries.students_export(students.iterator(chunk_size=500)), f"hoc-sinh-{unit.code}.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def student_import(request, pk):
    unit = _registry_unit(request, pk, students=True, edit=True)
    return _import_page(
        request,
        forms.XlsxUploadForm(request.POST or None, request.FILES or None),
        run=lambda data: registries.students_import(actor=request.user, root=unit, file=data["file"]),
        done_message=_("Đã nhập: %(c)d học sinh mới, %(u)d học sinh cập nhật."),
        done_url="orgs:students",
        title=_("Nhập danh sách học sinh"),
        template_url="orgs:student_template",
        unit=unit,
    )


@login_required
@require_GET
def student_template(request, pk):
    _registry_unit(request, pk, students=True, edit=True)
    return xlsx.xlsx_response(registries.students_template(), "mau-nhap-hoc-sinh.xlsx")


@login_required
@require_GET
def student_detail(request, pk):
    """Everything held about one student, for the school's principal or an administrator."""
    student = student_data.get_student_for_user(request.user, pk)
    student_data.log_access(actor=request.user, target=student, what="student_data")
    return render(
        request,
        "orgs/student_detail.html",
        {
            "student": student,
            "unit": student.unit,
            "sections": student_data.sections_for_display(student_data.student_data(student)),
        },
    )


@login_required
@require_GET
def student_data_export(request, pk, fmt):
    if fmt not in ("json", "xlsx"):
        raise Http404
    student = student_data.get_student_for_user(request.user, pk)
    student_data.log_access(actor=request.user, target=student, what="student_data_export", detail=fmt)
    if fmt == "json":
        response = HttpResponse(student_data.student_data_json(student), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="hoc-sinh-{student.pk}.json"'
        return response
    return xlsx.xlsx_response(student_data.student_data_xlsx(student), f"hoc-sinh-{student.pk}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def student_erase(request, pk):
    student = student_data.get_student_for_user(request.user, pk)
    unit = student.unit
    form = forms.StudentEraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = student_data.erase_student(actor=request.user, student=student)
        except ApplicationError as exc:
            _service_error(form, exc)
        else:
            if outcome == "deleted":
                messages.success(request, _("Đã xóa dữ liệu của học sinh."))
            else:
                messages.success(
                    request,
                    _("Đã ẩn danh học sinh: các giải thưởng, khen thưởng còn lại ghi “Học sinh (đã xóa)”."),
                )
            return redirect("orgs:students", unit.pk)
    return render(
        request,
        "orgs/student_erase.html",
        {
            "student": student,
            "unit": unit,
            "form": form,
            "sections": student_data.sections_for_display(student_data.student_data(student)),
        },
    )
