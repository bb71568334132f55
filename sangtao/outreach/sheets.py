"""The spreadsheets the outreach pages export (sangtao.core.xlsx), described once as columns."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangtao.core.xlsx import Column


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _dt(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _column(header, attr, getter=None, width=18):
    return Column(header, attr, getter=getter, width=width)


DOCUMENT_COLUMNS = [
    _column(_("Số/ký hiệu"), "number"),
    _column(_("Ngày ban hành"), "issued_on", lambda d: _d(d.issued_on), width=14),
    _column(_("Cơ quan ban hành"), "issuer", width=30),
    _column(_("Loại văn bản"), "kind", lambda d: d.get_kind_display(), width=14),
    _column(_("Trích yếu"), "summary", width=60),
    _column(_("Hiệu lực từ"), "valid_from", lambda d: _d(d.valid_from), width=14),
    _column(_("Hiệu lực đến"), "valid_to", lambda d: _d(d.valid_to), width=14),
    _column(_("Trạng thái"), "status", lambda d: d.get_status_display(), width=14),
    _column(_("Số trường được gửi"), "sent", width=12),
    _column(_("Số trường đã xác nhận"), "done", width=12),
]

ACK_COLUMNS = [
    _column(_("Đơn vị"), "unit.name", width=40),
    _column(_("Đã xác nhận"), "is_acknowledged", width=12),
    _column(_("Xác nhận lúc"), "received_at", lambda a: _dt(a.received_at)),
    _column(_("Ngày phổ biến"), "disseminated_at", lambda a: _d(a.disseminated_at)),
    _column(_("Người xác nhận"), "by", lambda a: _person(a.by), width=25),
    _column(_("Ghi chú"), "note", width=40),
]

EVENT_COLUMNS = [
    _column(_("Ngày bắt đầu"), "starts_on", lambda e: _d(e.starts_on), width=14),
    _column(_("Ngày kết thúc"), "ends_on", lambda e: _d(e.ends_on), width=14),
    _column(_("Tên sự kiện"), "title", width=50),
    _column(_("Loại sự kiện"), "kind", lambda e: e.get_kind_display(), width=22),
    _column(_("Đơn vị phạm vi"), "unit", lambda e: e.unit.name if e.unit else _("Chung"), width=30),
    _column(
        _("Cấp học"), "level", lambda e: e.get_level_display() if e.level else _("Mọi cấp học"), width=14
    ),
    _column(_("Trạng thái"), "status", lambda e: e.get_status_display(), width=14),
    _column(_("Số đơn vị hưởng ứng"), "n_responses", width=12),
    _column(_("Mô tả"), "description", width=60),
]

# Rows are (unit, response or None): every school the event is meant for.
RESPONSE_COLUMNS = [
    _column(_("Đơn vị"), "unit", lambda row: row[0].name, width=40),
    _column(_("Cấp học"), "level", lambda row: row[0].get_level_display(), width=12),
    _column(_("Đã hưởng ứng"), "responded", lambda row: row[1] is not None, width=12),
    _column(
        _("Hoạt động đã tổ chức"), "activities", lambda row: row[1].activities if row[1] else "", width=60
    ),
    _column(
        _("Số người tham gia"), "participants", lambda row: row[1].participants if row[1] else None, width=12
    ),
    _column(
        _("Đường dẫn minh chứng"), "evidence_url", lambda row: row[1].evidence_url if row[1] else "", width=30
    ),
    _column(
        _("Đường dẫn bài viết"), "article_url", lambda row: row[1].article_url if row[1] else "", width=30
    ),
    _column(_("Báo cáo lúc"), "at", lambda row: _dt(row[1].at) if row[1] else ""),
    _column(_("Người báo cáo"), "by", lambda row: _person(row[1].by) if row[1] else "", width=25),
]

# Rows are selectors.CoverageRow: one per campaign and asked school (and per report).
COVERAGE_COLUMNS = [
    _column(_("Đợt treo băng rôn"), "campaign.theme", width=40),
    _column(_("Treo từ ngày"), "starts_on", lambda r: _d(r.campaign.starts_on), width=14),
    _column(_("Đến ngày"), "ends_on", lambda r: _d(r.campaign.ends_on), width=14),
    _column(_("Trạng thái đợt"), "status", lambda r: r.campaign.get_status_display(), width=16),
    _column(_("Đơn vị"), "unit.name", width=40),
    _column(_("Đã báo cáo"), "reported", lambda r: r.report is not None, width=12),
    _column(_("Vị trí treo"), "place", lambda r: r.report.place if r.report else "", width=30),
    _column(_("Ngày treo"), "hung_on", lambda r: _d(r.report.hung_on) if r.report else "", width=14),
    _column(_("Báo cáo lúc"), "created_at", lambda r: _dt(r.report.created_at) if r.report else ""),
    _column(_("Người báo cáo"), "by", lambda r: _person(r.report.by) if r.report else "", width=25),
]


# A school's inbox: the documents it was sent and whether it acknowledged them.
INBOX_COLUMNS = [
    _column(_("Đơn vị"), "unit.name", width=40),
    _column(_("Số, ký hiệu"), "distribution.document.number", width=18),
    _column(_("Trích yếu"), "distribution.document.summary", width=60),
    _column(_("Hạn xác nhận"), "distribution.due_on", width=14),
    _column(_("Đã xác nhận"), "is_acknowledged", width=12),
    _column(_("Xác nhận lúc"), "received_at", lambda a: _dt(a.received_at)),
]
