"""Writes to the organisation tree (STYLE example 2): keyword-only, atomic, validated, permission-checked."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from sangtao.accounts import permissions
from sangtao.core import xlsx
from sangtao.core.events import event_record
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError

from . import sheets, wards
from .models import IMPLEMENTING_KINDS, OrgUnit, SchoolLevel, UnitHistory, UnitKind, UnitYearStats
from .selectors import current_year

# What an edit may change; the parent changes only through unit_move, the kind never.
EDITABLE_FIELDS = (
    "code",
    "name",
    "short_name",
    "level",
    "ownership",
    "province_code",
    "ward_code",
    "address",
    "head_name",
    "phone",
    "email",
    "sort_order",
)


def _normalise(unit: OrgUnit) -> None:
    """Derived and kind-dependent fields, then the model's own validation."""
    unit.code = (unit.code or "").strip()
    unit.name = " ".join((unit.name or "").split())
    if unit.kind == UnitKind.AFFILIATED and not unit.level:
        unit.level = SchoolLevel.DVTN
    if unit.kind not in IMPLEMENTING_KINDS:
        unit.level = ""
        unit.ownership = ""
    elif not unit.ownership:
        raise ValidationError({"ownership": _("Trường học, đơn vị trực thuộc phải có loại hình.")})
    unit.province_code, unit.ward_code, unit.ward_name = wards.resolve(unit.province_code, unit.ward_code)
    unit.full_clean(exclude=["path", "name_folded"])


def _check_parent(parent: OrgUnit) -> None:
    if parent.closed_on:
        raise ConflictError(_("Đơn vị cấp trên “%(u)s” đã giải thể / sáp nhập.") % {"u": parent})
    if parent.is_school:
        raise ApplicationError(_("Không thể đặt đơn vị dưới một trường học hay đơn vị trực thuộc."))


@transaction.atomic
def unit_create(
    *,
    actor,
    parent: OrgUnit,
    kind: str,
    code: str,
    name: str,
    short_name: str = "",
    level: str = "",
    ownership: str = "",
    province_code: str = "",
    ward_code: str = "",
    address: str = "",
    head_name: str = "",
    phone: str = "",
    email: str = "",
    sort_order: int = 0,
    is_demo: bool = False,
) -> OrgUnit:
    if parent is None or not permissions.can_manage_units(actor, parent):
        raise PermissionDeniedError(_("Bạn không có quyền tạo đơn vị ở đây."))
    _check_parent(parent)
    unit = OrgUnit(
        parent=parent,
        kind=kind,
        code=code,
        name=name,
        short_name=short_name,
        level=level,
        ownership=ownership,
        province_code=province_code or parent.province_code,
        ward_code=ward_code,
        address=address,
        head_name=head_name,
        phone=phone,
        email=email,
        sort_order=sort_order,
        is_demo=is_demo,
    )
    _normalise(unit)
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unit_update() cannot change {sorted(unknown)}")
    if not permissions.can_edit_unit(actor, unit):
        raise PermissionDeniedError(_("Bạn không có quyền sửa đơn vị này."))
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    old_name = unit.name
    for attr, value in changes.items():
        setattr(unit, attr, value)
    _normalise(unit)
    unit.save()
    if unit.name != old_name:
        UnitHistory.objects.create(
            unit=unit,
            change=UnitHistory.Change.RENAMED,
            actor=_actor(actor),
            note=_("Tên cũ: %(name)s") % {"name": old_name},
        )
    return unit


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def unit_move(*, actor, unit: OrgUnit, new_parent: OrgUnit, note: str = "") -> OrgUnit:
    """Put `unit` and its whole subtree under `new_parent`; the paths of all of them change in one UPDATE."""
    if not (permissions.can_manage_units(actor, unit) and permissions.can_manage_units(actor, new_parent)):
        raise PermissionDeniedError(_("Bạn không có quyền chuyển đơn vị này đến đó."))
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(unit.path):
        raise ApplicationError(_("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."))
    if unit.parent_id == new_parent.pk:
        raise ConflictError(_("Đơn vị đã ở dưới “%(u)s”.") % {"u": new_parent})
    _check_parent(new_parent)
    old_parent_id = unit.parent_id
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.pk}/"
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    # Every descendant's path starts with the old path: swap that prefix for the new one.
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(
            Value(new_path),
            Substr(F("path"), len(old_path) + 1),
            output_field=OrgUnit._meta.get_field("path"),
        )
    )
    UnitHistory.objects.create(
        unit=unit,
        change=UnitHistory.Change.MOVED,
        old_parent_id=old_parent_id,
        new_parent=new_parent,
        actor=_actor(actor),
        note=note,
    )
    unit.refresh_from_db()
    return unit


@transaction.atomic
def unit_close(*, actor, unit: OrgUnit, closed_on: datetime.date, note: str = "") -> OrgUnit:
    """Close (dissolve / merge) a unit; its records and history stay, it leaves the active lists."""
    if not permissions.can_manage_units(actor, unit):
        raise PermissionDeniedError(_("Bạn không có quyền giải thể / sáp nhập đơn vị này."))
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.closed_on:
        raise ConflictError(
            _("Đơn vị đã giải thể / sáp nhập từ %(d)s.") % {"d": unit.closed_on.strftime("%d/%m/%Y")}
        )
    if closed_on is None:
        raise ValidationError({"closed_on": _("Hãy nhập ngày giải thể / sáp nhập.")})
    if unit.children.active().exists():
        raise ConflictError(
            _("Đơn vị còn đơn vị cấp dưới đang hoạt động; hãy chuyển hoặc giải thể chúng trước.")
        )
    unit.closed_on = closed_on
    unit.save(update_fields=["closed_on", "updated_at"])
    UnitHistory.objects.create(unit=unit, change=UnitHistory.Change.CLOSED, actor=_actor(actor), note=note)
    event_record(
        target=unit, actor=actor, action="unit_close", from_status="active", to_status="closed", reason=note
    )
    return unit


@transaction.atomic
def unit_reopen(*, actor, unit: OrgUnit, note: str = "") -> OrgUnit:
    if not permissions.can_manage_units(actor, unit):
        raise PermissionDeniedError(_("Bạn không có quyền mở lại đơn vị này."))
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if not unit.closed_on:
        raise ConflictError(_("Đơn vị đang hoạt động."))
    if unit.parent_id and unit.parent.closed_on:
        raise ConflictError(
            _("Đơn vị cấp trên “%(u)s” đã giải thể; hãy chuyển đơn vị trước.") % {"u": unit.parent}
        )
    unit.closed_on = None
    unit.save(update_fields=["closed_on", "updated_at"])
    UnitHistory.objects.create(unit=unit, change=UnitHistory.Change.REOPENED, actor=_actor(actor), note=note)
    event_record(
        target=unit, actor=actor, action="unit_reopen", from_status="closed", to_status="active", reason=note
    )
    return unit


@transaction.atomic
def unit_stats_set(*, actor, unit: OrgUnit, year, students: int, managers: int, teachers: int, staff: int):
    if not permissions.can_edit_unit(actor, unit):
        raise PermissionDeniedError(_("Bạn không có quyền sửa số liệu của đơn vị này."))
    stats, _created = UnitYearStats.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={"students": students, "managers": managers, "teachers": teachers, "staff": staff},
    )
    return stats


# ---------------------------------------------------------------- import

FIELD_HEADERS = {col.attr: str(col.header) for col in sheets.SCHOOL_COLUMNS}


def _validation_row_errors(row_number: int, exc: ValidationError) -> list[xlsx.RowError]:
    if not hasattr(exc, "error_dict"):
        return [xlsx.RowError(row_number, "", " ".join(exc.messages))]
    errors = []
    for attr, messages in exc.message_dict.items():
        header = FIELD_HEADERS.get(attr, "")
        errors.append(xlsx.RowError(row_number, header, " ".join(messages)))
    return errors


@transaction.atomic
def schools_import(*, actor, parent: OrgUnit, file) -> xlsx.ImportResult:
    """Create or update schools (by code) from an .xlsx; any bad row rejects the whole file.

    New schools go under `parent`; existing ones stay where they are and must lie within the actor's scope.
    """
    if not permissions.can_manage_units(actor, parent):
        raise PermissionDeniedError(_("Bạn không có quyền nhập trường vào đơn vị này."))
    _check_parent(parent)
    read = xlsx.read_rows(file, sheets.SCHOOL_COLUMNS)
    result = xlsx.ImportResult(errors=list(read.errors))
    if any(e.row_number <= 1 for e in read.errors):
        return result
    code_header = FIELD_HEADERS["code"]
    result.errors += xlsx.duplicate_errors(read.rows, lambda r: r.get("code"), code_header)
    codes = [r["code"] for r in read.rows if r.get("code")]
    existing = {u.code: u for u in OrgUnit.objects.filter(code__in=codes).select_related("parent")}
    year = current_year()

    # A row whose cells did not parse is reported once, for those cells; checking it further would only
    # repeat the same fault in other words.
    bad_rows = {e.row_number for e in result.errors}
    plan = []  # (row, unit, is_new)
    for row in read.rows:
        if row.row_number in bad_rows:
            continue
        unit = existing.get(row["code"])
        is_new = unit is None
        if is_new:
            kind = UnitKind.AFFILIATED if row.get("level") == SchoolLevel.DVTN else UnitKind.SCHOOL
            unit = OrgUnit(parent=parent, kind=kind, province_code=parent.province_code)
        elif not unit.is_school:
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    code_header,
                    _("Mã “%(c)s” đã dùng cho “%(u)s”, không phải trường học.")
                    % {"c": row["code"], "u": unit},
                )
            )
            continue
        elif not permissions.can_edit_unit(actor, unit):
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    code_header,
                    _("Trường mã “%(c)s” không thuộc phạm vi quản lý của bạn.") % {"c": row["code"]},
                )
            )
            continue
        for attr in (
            "code",
            "name",
            "short_name",
            "level",
            "ownership",
            "ward_code",
            "address",
            "head_name",
            "phone",
            "email",
        ):
            if row.get(attr) is not None:
                setattr(unit, attr, row[attr])
        try:
            _normalise(unit)
        except ValidationError as exc:
            result.errors += _validation_row_errors(row.row_number, exc)
            continue
        if year is None and any(row.get(a) is not None for a in sheets.STAT_ATTRS):
            result.errors.append(
                xlsx.RowError(
                    row.row_number,
                    FIELD_HEADERS["students"],
                    _("Chưa có năm học hiện tại để ghi số liệu; hãy tạo năm học trước."),
                )
            )
            continue
        plan.append((row, unit, is_new))

    if result.errors:
        result.errors.sort(key=lambda e: (e.row_number, e.column))
        return result

    current = {}
    if year is not None:
        updated_ids = [unit.pk for _row, unit, is_new in plan if not is_new]
        current = {s.unit_id: s for s in UnitYearStats.objects.filter(year=year, unit_id__in=updated_ids)}
    for row, unit, is_new in plan:
        unit.save()
        if is_new:
            result.created += 1
        else:
            result.updated += 1
        stats_given = {a: row.get(a) for a in sheets.STAT_ATTRS if row.get(a) is not None}
        if stats_given and year is not None:
            stats = current.get(unit.pk) or UnitYearStats(unit=unit, year=year)
            for attr, value in stats_given.items():
                setattr(stats, attr, value)
            stats.save()
    return result
