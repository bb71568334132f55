"""The staff and student registries: scoped reads, the .xlsx sheets, and their imports.

Students are minors: the registry keeps a name, a school, a grade and a class, nothing more, and only the
office and the school's own head and coordinator see it (permissions.can_see_students).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangtao.core import xlsx
from sangtao.core.exceptions import PermissionDeniedError
from sangtao.core.text import fold, folded_search
from sangtao.orgs.models import OrgUnit, SchoolLevel

from . import permissions, student_data
from .models import Staff, StaffGroup, Student

GROUP_OPTIONS = {value: label for value, label in StaffGroup.choices}

STAFF_COLUMNS = [
    xlsx.Column(
        gettext_lazy("Mã đơn vị"),
        "unit_code",
        xlsx.text(40),
        required=True,
        getter=lambda s: s.unit.code,
        width=14,
        help=gettext_lazy("Mã trường / đơn vị nơi người đó công tác."),
    ),
    xlsx.Column(
        gettext_lazy("Mã cán bộ"),
        "code",
        xlsx.text(40),
        required=True,
        width=14,
        help=gettext_lazy("Mã duy nhất trong đơn vị. Mã đã có thì cập nhật, mã mới thì thêm người mới."),
    ),
    xlsx.Column(gettext_lazy("Họ và tên"), "full_name", xlsx.text(150), required=True, width=28),
    xlsx.Column(
        gettext_lazy("Nhóm"),
        "group",
        xlsx.choice(GROUP_OPTIONS),
        required=True,
        width=10,
        help=gettext_lazy("CBQL (cán bộ quản lý), GV (giáo viên) hoặc NV (nhân viên)."),
    ),
    xlsx.Column(gettext_lazy("Môn / chuyên môn"), "subject", xlsx.text(120), width=20),
    xlsx.Column(gettext_lazy("Chức vụ"), "position", xlsx.text(120), width=20),
    xlsx.Column(gettext_lazy("Thư điện tử"), "email", xlsx.email, width=28),
]

STUDENT_COLUMNS = [
    xlsx.Column(
        gettext_lazy("Mã trường"),
        "unit_code",
        xlsx.text(40),
        required=True,
        getter=lambda s: s.unit.code,
        width=14,
    ),
    xlsx.Column(gettext_lazy("Họ và tên"), "full_name", xlsx.text(150), required=True, width=28),
    xlsx.Column(
        gettext_lazy("Khối"),
        "grade",
        xlsx.integer(0, 12),
        required=True,
        width=8,
        help=gettext_lazy("Số khối lớp: 1–5 tiểu học, 6–9 THCS, 10–12 THPT; 0 cho mầm non."),
    ),
    xlsx.Column(
        gettext_lazy("Lớp"),
        "class_name",
        xlsx.text(20),
        required=True,
        width=10,
        help=gettext_lazy("Tên lớp, ví dụ 8A1. Cùng trường, họ tên và lớp thì cập nhật khối."),
    ),
]

# Grades each level teaches; a multi-level school or an affiliated unit may have any.
GRADES = {
    SchoolLevel.MN: range(0, 1),
    SchoolLevel.TH: range(1, 6),
    SchoolLevel.THCS: range(6, 10),
    SchoolLevel.THPT: range(10, 13),
}

STAFF_EXAMPLE = {
    "unit_code": "THCS-NAT",
    "code": "GV001",
    "full_name": "Trần Thị Bình",
    "group": "GV",
    "subject": "Vật lý",
    "position": "Tổ trưởng chuyên môn",
    "email": "binh.tt@example.edu.vn",
}
STUDENT_EXAMPLE = {"unit_code": "THCS-NAT", "full_name": "Lê Minh Khang", "grade": 8, "class_name": "8A1"}


# ---------------------------------------------------------------- selectors


def staff_for_user(user, unit: OrgUnit, *, q: str = "", group: str = "") -> QuerySet[Staff]:
    """Staff at or below `unit`, never outside the user's units."""
    staff = Staff.objects.filter(permissions.scope_q(user), unit__path__startswith=unit.path)
    if q:
        staff = staff.filter(folded_search("name", q))
    if group:
        staff = staff.filter(group=group)
    return staff.select_related("unit").order_by("unit__path", "full_name", "id")


def students_for_user(
    user, unit: OrgUnit, *, q: str = "", grade=None, class_name: str = ""
) -> QuerySet[Student]:
    """Students at or below `unit` that the user may see: an empty list for anyone else."""
    students = Student.objects.filter(
        permissions.scope_q(user, "unit", *permissions.STUDENT_READERS), unit__path__startswith=unit.path
    )
    if q:
        students = students.filter(folded_search("name", q))
    if grade not in (None, ""):
        students = students.filter(grade=grade)
    if class_name:
        students = students.filter(class_name__iexact=class_name.strip())
    return students.select_related("unit").order_by("unit__path", "grade", "class_name", "full_name", "id")


def staff_export(staff):
    return xlsx.export_rows(STAFF_COLUMNS, staff, title=_("Cán bộ, giáo viên, nhân viên"))


def students_export(students):
    return xlsx.export_rows(STUDENT_COLUMNS, students, title=_("Học sinh"))


def staff_template():
    return xlsx.write_template(STAFF_COLUMNS, _("Cán bộ, giáo viên, nhân viên"), [STAFF_EXAMPLE])


def students_template():
    return xlsx.write_template(
        STUDENT_COLUMNS,
        _("Học sinh"),
        [STUDENT_EXAMPLE],
        notes=[
            _("Chỉ nhập họ tên, khối và lớp: không nhập ngày sinh, địa chỉ hay số điện thoại của học sinh.")
        ],
    )


# ---------------------------------------------------------------- imports


def _units_by_code(actor, root: OrgUnit, rows, header) -> tuple[dict[str, OrgUnit], list[xlsx.RowError]]:
    """The units the rows name, each checked: it exists, lies under `root`, and the actor may edit it."""
    codes = {r["unit_code"] for r in rows if r.get("unit_code")}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    errors = []
    for row in rows:
        code = row.get("unit_code")
        if not code:
            continue
        unit = units.get(code)
        if unit is None:
            errors.append(
                xlsx.RowError(row.row_number, header, _("Không có đơn vị mã “%(c)s”.") % {"c": code})
            )
        elif not unit.path.startswith(root.path) or not permissions.can_edit_registry(actor, unit):
            errors.append(
                xlsx.RowError(
                    row.row_number, header, _("Đơn vị mã “%(c)s” không thuộc phạm vi của bạn.") % {"c": code}
                )
            )
        elif unit.closed_on:
            errors.append(
                xlsx.RowError(
                    row.row_number, header, _("Đơn vị mã “%(c)s” đã giải thể / sáp nhập.") % {"c": code}
                )
            )
    return units, errors


def _finish(result: xlsx.ImportResult) -> xlsx.ImportResult:
    result.errors.sort(key=lambda e: (e.row_number, e.column))
    return result


@transaction.atomic
def staff_import(*, actor, root: OrgUnit, file) -> xlsx.ImportResult:
    """Create or update staff (by unit and code) at or below `root`; one bad row rejects the file."""
    if not permissions.can_edit_registry(actor, root):
        raise PermissionDeniedError(_("Bạn không có quyền nhập danh sách cán bộ cho đơn vị này."))
    read = xlsx.read_rows(file, STAFF_COLUMNS)
    result = xlsx.ImportResult(errors=list(read.errors))
    if any(e.row_number <= 1 for e in read.errors):
        return _finish(result)
    unit_header, code_header = str(STAFF_COLUMNS[0].header), str(STAFF_COLUMNS[1].header)
    units, errors = _units_by_code(actor, root, read.rows, unit_header)
    result.errors += errors
    result.errors += xlsx.duplicate_errors(
        read.rows, lambda r: (r.get("unit_code"), r.get("code")) if r.get("code") else None, code_header
    )
    if result.errors:
        return _finish(result)

    existing = {
        (s.unit_id, s.code): s
        for s in Staff.objects.filter(unit__in=units.values(), code__in={r["code"] for r in read.rows})
    }
    for row in read.rows:
        unit = units[row["unit_code"]]
        staff = existing.get((unit.pk, row["code"]))
        is_new = staff is None
        staff = staff or Staff(unit=unit, code=row["code"])
        for attr in ("full_name", "group", "subject", "position", "email"):
            setattr(staff, attr, row[attr])
        staff.full_clean(exclude=["user", "name_folded"])
        staff.save()
        if is_new:
            result.created += 1
        else:
            result.updated += 1
    return result


STUDENT_MAX_ROWS = 200_000  # a whole ward's pupils in one file (issue 8: 100,000 rows in under a minute)
BATCH = 2_000


@transaction.atomic
def students_import(*, actor, root: OrgUnit, file, progress=None) -> xlsx.ImportResult:
    """Create students, or update the grade of one already listed (same school, name and class).

    All or nothing: one bad row rejects the file and every bad row is listed. Rows are written in batches
    (bulk INSERT / UPDATE) inside the one transaction, so a large file takes seconds and a process killed
    half-way leaves nothing behind; `progress(saved)` is called after each batch. The audit trail records
    the import once, with its counts, rather than a line per pupil.
    """
    if not permissions.can_edit_registry(actor, root):
        raise PermissionDeniedError(_("Bạn không có quyền nhập danh sách học sinh cho đơn vị này."))
    read = xlsx.read_rows(file, STUDENT_COLUMNS, max_rows=STUDENT_MAX_ROWS)
    result = xlsx.ImportResult(errors=list(read.errors))
    if any(e.row_number <= 1 for e in read.errors):
        return _finish(result)
    unit_header, name_header, grade_header = (str(c.header) for c in STUDENT_COLUMNS[:3])
    units, errors = _units_by_code(actor, root, read.rows, unit_header)
    result.errors += errors
    for row in read.rows:
        unit = units.get(row.get("unit_code"))
        allowed = GRADES.get(unit.level) if unit is not None else None
        if allowed is not None and row.get("grade") is not None and row["grade"] not in allowed:
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    grade_header,
                    _("Khối %(g)d không có ở %(level)s.")
                    % {"g": row["grade"], "level": unit.get_level_display()},
                )
            )
    result.errors += xlsx.duplicate_errors(read.rows, _student_key, name_header)
    if result.errors:
        return _finish(result)

    existing = {
        (s.unit_id, s.name_folded, s.class_name.lower()): s
        for s in Student.objects.filter(unit__in=units.values()).only(
            "id", "unit_id", "name_folded", "class_name", "grade"
        )
    }
    now = timezone.now()
    new, changed = [], []
    for row in read.rows:
        unit = units[row["unit_code"]]
        folded = fold(row["full_name"])
        student = existing.get((unit.pk, folded, row["class_name"].lower()))
        if student is None:
            new.append(
                Student(
                    unit=unit,
                    full_name=row["full_name"],
                    name_folded=folded,
                    class_name=row["class_name"],
                    grade=row["grade"],
                )
            )
            continue
        result.updated += 1
        if student.grade != row["grade"]:
            student.grade, student.updated_at = row["grade"], now
            changed.append(student)
    saved = 0
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        Student.objects.bulk_create(batch)
        saved += len(batch)
        if progress:
            progress(saved)
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        Student.objects.bulk_update(batch, ["grade", "updated_at"])
        saved += len(batch)
        if progress:
            progress(saved)
    result.created = len(new)
    student_data.log_access(
        actor=actor,
        target=root,
        what="student_import",
        detail=_("%(c)d học sinh mới, %(u)d học sinh cập nhật") % {"c": result.created, "u": result.updated},
    )
    return result


def _student_key(row):
    if not (row.get("full_name") and row.get("class_name")):
        return None
    return (row.get("unit_code"), fold(row["full_name"]), row["class_name"].lower())
