"""The schools sheet: one column list for the template, the import and the export (they round-trip)."""

from django.utils.translation import gettext_lazy as _

from sangtao.core import xlsx

from .models import Ownership, SchoolLevel, UnitKind

LEVEL_OPTIONS = {value: label for value, label in SchoolLevel.choices}
OWNERSHIP_OPTIONS = {value: label for value, label in Ownership.choices}


def _stat(attr):
    def get(unit):
        stats = getattr(unit, "current_stats", None)
        return getattr(stats[0], attr) if stats else None

    return get


def _label(choices):
    mapping = dict(choices)
    return lambda value: str(mapping.get(value, value or "")) or None


SCHOOL_COLUMNS = [
    xlsx.Column(
        _("Mã trường"),
        "code",
        xlsx.text(40),
        required=True,
        width=14,
        help=_("Mã duy nhất của trường. Mã đã có thì cập nhật trường đó, mã mới thì tạo trường mới."),
    ),
    xlsx.Column(
        _("Tên trường"),
        "name",
        xlsx.text(255),
        required=True,
        width=40,
        help=_("Tên đầy đủ, ví dụ: Trường THCS Nguyễn Ảnh Thủ."),
    ),
    xlsx.Column(_("Tên viết tắt"), "short_name", xlsx.text(80), width=20),
    xlsx.Column(
        _("Cấp học"),
        "level",
        xlsx.choice(LEVEL_OPTIONS),
        required=True,
        width=10,
        help=_("MN, TH, THCS, THPT, MULTI (nhiều cấp học) hoặc DVTN (đơn vị trực thuộc)."),
    ),
    xlsx.Column(
        _("Loại hình"),
        "ownership",
        xlsx.choice(OWNERSHIP_OPTIONS),
        required=True,
        width=16,
        formatter=_label(Ownership.choices),
        help=_("Công lập hoặc Ngoài công lập."),
    ),
    xlsx.Column(
        _("Mã phường/xã"),
        "ward_code",
        xlsx.text(10),
        width=14,
        help=_(
            "Mã phường/xã theo danh mục hiện hành (sau 01/7/2025), ví dụ 26791 là phường Đông Hưng Thuận."
        ),
    ),
    xlsx.Column(_("Địa chỉ"), "address", xlsx.text(255), width=40),
    xlsx.Column(
        _("Thủ trưởng"), "head_name", xlsx.text(120), width=24, help=_("Họ và tên hiệu trưởng / thủ trưởng.")
    ),
    xlsx.Column(_("Điện thoại"), "phone", xlsx.text(40), width=16),
    xlsx.Column(_("Thư điện tử"), "email", xlsx.email, width=28),
    xlsx.Column(
        _("Số học sinh"),
        "students",
        xlsx.integer(0, 100_000),
        getter=_stat("students"),
        width=12,
        help=_("Số liệu của năm học hiện tại; để trống thì giữ số liệu cũ."),
    ),
    xlsx.Column(_("Số CBQL"), "managers", xlsx.integer(0, 1_000), getter=_stat("managers"), width=10),
    xlsx.Column(_("Số giáo viên"), "teachers", xlsx.integer(0, 10_000), getter=_stat("teachers"), width=12),
    xlsx.Column(_("Số nhân viên"), "staff", xlsx.integer(0, 10_000), getter=_stat("staff"), width=12),
]
STAT_ATTRS = ("students", "managers", "teachers", "staff")

# The list export adds what a reader needs and an importer ignores (unknown columns are skipped).
UNIT_EXPORT_COLUMNS = [
    *SCHOOL_COLUMNS[:4],
    xlsx.Column(_("Loại đơn vị"), "kind", formatter=_label(UnitKind.choices), width=20),
    *SCHOOL_COLUMNS[4:6],
    xlsx.Column(_("Phường/xã"), "ward_name", width=24),
    *SCHOOL_COLUMNS[6:10],
    xlsx.Column(_("Đơn vị cấp trên"), "parent.name", width=32),
    xlsx.Column(
        _("Ngày giải thể / sáp nhập"),
        "closed_on",
        width=14,
        formatter=lambda d: d.strftime("%d/%m/%Y") if d else None,
    ),
    *SCHOOL_COLUMNS[10:],
]

SCHOOL_EXAMPLE = {
    "code": "THCS-NAT",
    "name": "Trường THCS Nguyễn Ảnh Thủ",
    "short_name": "THCS Nguyễn Ảnh Thủ",
    "level": "THCS",
    "ownership": _("Công lập"),
    "ward_code": "26785",
    "address": "Số 1 đường Nguyễn Ảnh Thủ, phường Trung Mỹ Tây",
    "head_name": "Nguyễn Văn A",
    "phone": "028 3891 0000",
    "email": "thcsnguyenanhthu@example.edu.vn",
    "students": 1450,
    "managers": 3,
    "teachers": 62,
    "staff": 9,
}


def school_template():
    return xlsx.write_template(
        SCHOOL_COLUMNS,
        _("Trường học"),
        [SCHOOL_EXAMPLE],
        notes=[_("Trường mới được đặt dưới đơn vị cấp trên chọn trên trang nhập.")],
    )


def units_export(units):
    return xlsx.export_rows(UNIT_EXPORT_COLUMNS, units, title=_("Đơn vị"))
