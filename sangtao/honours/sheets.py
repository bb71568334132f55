"""The honours spreadsheets: a year's commendations as a decision's annex, and a decision's list to import."""

from django.utils.translation import gettext_lazy as _

from sangtao.core import xlsx
from sangtao.core.xlsx import Column

from .models import HonourTitle, RecipientKind, school_year_label

PROPOSAL_COLUMNS = [
    Column(_("Năm học"), "year", width=12, formatter=lambda y: school_year_label(y) if y else ""),
    Column(_("Đơn vị đề nghị"), "unit.name", width=40),
    Column(_("Tiêu đề"), "title", width=50),
    Column(_("Số đề nghị"), "item_count", width=10),
    Column(_("Trạng thái"), "status", width=16, getter=lambda p: str(p.get_status_display())),
    Column(_("Gửi lúc"), "submitted_at", width=18),
    Column(_("Số quyết định"), "decision_number", width=18),
]

ANNEX_COLUMNS = [
    Column(_("STT"), "index", width=6),
    Column(_("Họ tên / tên tập thể"), "display_name", width=34),
    Column(_("Đối tượng"), "kind", getter=lambda c: c.get_kind_display(), width=12),
    Column(_("Đơn vị"), "unit.name", width=40),
    Column(_("Danh hiệu, hình thức khen thưởng"), "title", getter=lambda c: c.get_title_display(), width=36),
    Column(_("Cấp khen thưởng"), "level_code", getter=lambda c: c.get_level_code_display(), width=16),
    Column(_("Thành tích, lý do khen thưởng"), "reason", width=60),
    Column(_("Số quyết định"), "decision_number", width=18),
    Column(_("Ngày quyết định"), "decision_date", getter=lambda c: c.decision_date.strftime("%d/%m/%Y")),
    Column(_("Người, cơ quan ký quyết định"), "issuer", width=36),
    Column(_("Trạng thái"), "status", getter=lambda c: c.get_status_display(), width=14),
]

IMPORT_COLUMNS = [
    Column(
        _("Đối tượng"),
        "kind",
        parser=xlsx.choice(dict(RecipientKind.choices)),
        required=True,
        help=_("Cá nhân hoặc Tập thể."),
        width=12,
    ),
    Column(
        _("Mã đơn vị"),
        "unit_code",
        parser=xlsx.text(40),
        required=True,
        help=_("Mã trường, như trong danh sách đơn vị."),
    ),
    Column(
        _("Mã cán bộ"),
        "staff_code",
        parser=xlsx.text(40),
        help=_("Cá nhân: mã trong danh sách cán bộ của trường; để trống thì tìm theo họ tên."),
    ),
    Column(
        _("Họ tên / tên tập thể"),
        "name",
        parser=xlsx.text(255),
        help=_(
            "Cá nhân: họ tên như trong danh sách cán bộ. Tập thể: tên tổ, nhóm; để trống khi khen cả đơn vị."
        ),
        width=34,
    ),
    Column(
        _("Danh hiệu, hình thức khen thưởng"),
        "title",
        parser=xlsx.choice(dict(HonourTitle.choices)),
        required=True,
        help=_(
            "Tên danh hiệu hoặc hình thức, ví dụ: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, "
            "Tập thể lao động tiên tiến, Giấy khen của Trưởng phòng Giáo dục và Đào tạo."
        ),
        width=36,
    ),
    Column(_("Thành tích, lý do khen thưởng"), "reason", parser=xlsx.text(3000), required=True, width=60),
]

IMPORT_EXAMPLES = [
    {
        "kind": "Cá nhân",
        "unit_code": "THCS-NAT",
        "staff_code": "",
        "name": "Nguyễn Thị Mai",
        "title": "Chiến sĩ thi đua cơ sở",
        "reason": "Có sáng kiến được công nhận cấp Phòng năm học 2023-2024",
    },
    {
        "kind": "Tập thể",
        "unit_code": "THCS-NAT",
        "staff_code": "",
        "name": "Tổ Khoa học tự nhiên",
        "title": "Giấy khen của Trưởng phòng Giáo dục và Đào tạo",
        "reason": "Dẫn đầu phong trào đổi mới sáng tạo của trường",
    },
]
