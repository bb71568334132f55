"""The .xlsx sheets of the programmes app: the meter-readings import (template, parsing) and the exports."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangtao.core import xlsx
from sangtao.core.text import fold

MONTH = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?")


def month(raw):
    """A month as 03/2024, 3/2024, 2024-03 or an Excel date; stored as the first day of the month."""
    if raw is None:
        return None
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return raw.replace(day=1)
    value = xlsx.as_text(raw)
    for pattern, order in ((MONTH, (1, 0)), (ISO_MONTH, (0, 1))):
        found = pattern.fullmatch(value)
        if found:
            year, mon = int(found.group(order[0] + 1)), int(found.group(order[1] + 1))
            if 1 <= mon <= 12 and 2000 <= year <= 2100:
                return datetime.date(year, mon, 1)
    raise xlsx.CellError(_("“%(v)s” không phải là tháng (mm/yyyy).") % {"v": value})


def decimal(raw):
    """A number that may be negative (a negative reading is stored only when confirmed) or use a decimal comma."""
    if raw is None:
        return None
    if isinstance(raw, int | float):
        return Decimal(str(raw)).quantize(Decimal("0.01"))
    value = xlsx.as_text(raw).replace(" ", "")
    if xlsx.THOUSANDS.fullmatch(value.lstrip("-")):
        value = value.replace(".", "")
    value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise xlsx.CellError(_("“%(v)s” không phải là số.") % {"v": raw}) from None
    if abs(number) >= Decimal("1e10"):
        raise xlsx.CellError(_("Số quá lớn."))
    return number.quantize(Decimal("0.01"))


def confirm(raw):
    value = fold(xlsx.as_text(raw))
    if value in ("", "khong", "no", "0"):
        return False
    if value in ("x", "co", "yes", "1", "dung"):
        return True
    raise xlsx.CellError(_("Ghi x để xác nhận số liệu bất thường là đúng, hoặc để trống."))


confirm.accepts_none = True


READING_COLUMNS = [
    xlsx.Column(
        gettext_lazy("Mã đơn vị"),
        "unit_code",
        xlsx.text(40),
        required=True,
        help=gettext_lazy("Mã trường như trong danh sách đơn vị (ví dụ THCS-NAT)."),
        width=16,
    ),
    xlsx.Column(
        gettext_lazy("Tháng"),
        "month",
        month,
        required=True,
        help=gettext_lazy("Tháng của hóa đơn, dạng mm/yyyy (ví dụ 03/2024)."),
        width=12,
        formatter=lambda d: d.strftime("%m/%Y") if isinstance(d, datetime.date) else d,
    ),
    xlsx.Column(
        gettext_lazy("Điện (kWh)"),
        "electricity_kwh",
        decimal,
        help=gettext_lazy("Số kWh tiêu thụ trong tháng theo hóa đơn."),
        width=14,
    ),
    xlsx.Column(
        gettext_lazy("Nước (m³)"),
        "water_m3",
        decimal,
        help=gettext_lazy("Số m³ nước tiêu thụ trong tháng theo hóa đơn."),
        width=14,
    ),
    xlsx.Column(
        gettext_lazy("Xác nhận bất thường"),
        "confirm",
        confirm,
        help=gettext_lazy(
            "Ghi x nếu số liệu đúng dù bất thường (âm, hoặc cao hơn 3 lần trung vị các tháng của trường)."
        ),
        width=20,
    ),
]


def reading_template(units, *, today: datetime.date):
    example_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    examples = [
        {"unit_code": u.code, "month": example_month, "electricity_kwh": None, "water_m3": None}
        for u in units[:3]
    ]
    return xlsx.write_template(
        READING_COLUMNS,
        _("Chỉ số điện nước"),
        examples,
        notes=[_("Mỗi dòng là một tháng của một trường; nhập lại một tháng đã có sẽ thay số cũ.")],
    )


READING_EXPORT_COLUMNS = [
    xlsx.Column(gettext_lazy("Mã đơn vị"), "unit.code", width=16),
    xlsx.Column(gettext_lazy("Đơn vị"), "unit.name", width=40),
    xlsx.Column(gettext_lazy("Tháng"), "month", formatter=lambda d: d.strftime("%m/%Y"), width=10),
    xlsx.Column(gettext_lazy("Điện (kWh)"), "electricity_kwh", width=14),
    xlsx.Column(gettext_lazy("Nước (m³)"), "water_m3", width=14),
    xlsx.Column(gettext_lazy("Bất thường"), "flagged", width=12),
    xlsx.Column(gettext_lazy("Lý do bất thường"), "flag_reason", width=50),
    xlsx.Column(gettext_lazy("Nguồn"), "source", getter=lambda r: r.get_source_display(), width=14),
]


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


ENROLMENT_EXPORT_COLUMNS = [
    xlsx.Column(gettext_lazy("Mã đơn vị"), "unit.code", width=16),
    xlsx.Column(gettext_lazy("Trường"), "unit.name", width=40),
    xlsx.Column(gettext_lazy("Cấp học"), "unit.level", getter=lambda e: e.unit.get_level_display(), width=16),
    xlsx.Column(gettext_lazy("Tham gia"), "status", getter=lambda e: e.get_status_display(), width=18),
    xlsx.Column(gettext_lazy("Giai đoạn"), "stage_label", width=28),
    xlsx.Column(gettext_lazy("Lần đánh giá"), "latest_round", width=10),
    xlsx.Column(gettext_lazy("Điểm tối đa"), "latest_max", width=12),
    xlsx.Column(gettext_lazy("Điểm tự đánh giá"), "latest_self", width=14),
    xlsx.Column(gettext_lazy("Điểm thẩm định"), "latest_final", width=14),
    xlsx.Column(gettext_lazy("Tỷ lệ (%)"), "latest_percent", width=10),
    xlsx.Column(gettext_lazy("Mức công nhận"), "latest_level", width=26),
    xlsx.Column(gettext_lazy("Ngày công nhận"), "latest_recognised_on", formatter=_date, width=14),
    xlsx.Column(gettext_lazy("Hiệu lực đến"), "latest_valid_until", formatter=_date, width=14),
]


def _person(user):
    return (user.get_full_name() or user.username) if user else ""


FLAGGED_EXPORT_COLUMNS = [
    *READING_EXPORT_COLUMNS[:5],
    xlsx.Column(gettext_lazy("Lý do bất thường"), "flag_reason", width=50),
    xlsx.Column(gettext_lazy("Người nhập"), "entered_by", getter=lambda r: _person(r.entered_by), width=26),
    xlsx.Column(
        gettext_lazy("Phòng đã kiểm tra"), "flag_checked_by", getter=lambda r: _person(r.flag_checked_by), width=26
    ),
]

PROGRAMME_EXPORT_COLUMNS = [
    xlsx.Column(gettext_lazy("Tên mô hình"), "name", width=40),
    xlsx.Column(gettext_lazy("Loại mô hình"), "kind", getter=lambda p: p.get_kind_display(), width=24),
    xlsx.Column(gettext_lazy("Năm"), "year", width=8),
    xlsx.Column(gettext_lazy("Đơn vị chủ trì"), "owner_unit.name", width=32),
    xlsx.Column(
        gettext_lazy("Thẩm định phối hợp"),
        "partner_unit",
        getter=lambda p: p.partner_unit.name if p.partner_unit_id else "",
        width=32,
    ),
    xlsx.Column(
        gettext_lazy("Bộ tiêu chí"),
        "criteria_set",
        getter=lambda p: f"{p.criteria_set.name} (v{p.criteria_set.version})",
        width=36,
    ),
    xlsx.Column(gettext_lazy("Hạn nộp tự đánh giá"), "self_assessment_due", formatter=_date, width=14),
    xlsx.Column(gettext_lazy("Số trường tham gia"), "enrolled_count", width=12),
    xlsx.Column(gettext_lazy("Trạng thái"), "status", getter=lambda p: p.get_status_display(), width=18),
]

CRITERIA_SET_EXPORT_COLUMNS = [
    xlsx.Column(gettext_lazy("Tên bộ tiêu chí"), "name", width=40),
    xlsx.Column(gettext_lazy("Loại mô hình"), "kind", getter=lambda c: c.get_kind_display(), width=24),
    xlsx.Column(gettext_lazy("Phiên bản"), "version", width=10),
    xlsx.Column(gettext_lazy("Số tiêu chí"), "criteria_count", width=10),
    xlsx.Column(gettext_lazy("Tổng điểm tối đa"), "max_total", width=12),
    xlsx.Column(gettext_lazy("Bộ mẫu"), "is_template", width=10),
    xlsx.Column(
        gettext_lazy("Khóa lúc"),
        "frozen_at",
        formatter=lambda d: d.strftime("%d/%m/%Y %H:%M") if d else "",
        width=18,
    ),
    xlsx.Column(gettext_lazy("Mô tả"), "description", width=50),
]
