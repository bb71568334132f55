"""The clubs app's spreadsheets: the club list and the indicator by school, as the pages show them."""

from django.utils.translation import gettext_lazy as _

from sangtao.core.xlsx import Column


def _yes_no(value: bool) -> str:
    return str(_("Có") if value else _("Không"))


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


CLUB_COLUMNS = [
    Column(_("Mã trường"), "club.unit.code", width=14),
    Column(_("Trường"), "club.unit.name", width=40),
    Column(_("Cấp học"), "club.unit.level", width=8),
    Column(_("Câu lạc bộ"), "club.name", width=40),
    Column(_("Loại"), "club.club_type", width=16, getter=lambda s: str(s.club.get_club_type_display())),
    Column(_("Số quyết định"), "club.decision_number", width=16),
    Column(
        _("Ngày quyết định"), "club.decision_date", width=14, getter=lambda s: _date(s.club.decision_date)
    ),
    Column(
        _("Giáo viên phụ trách"),
        "advisers",
        width=36,
        getter=lambda s: ", ".join(a.full_name for a in s.club.advisers.all()),
    ),
    Column(_("Lịch sinh hoạt"), "club.meeting_schedule", width=30),
    Column(_("Trạng thái"), "club.status", width=14, getter=lambda s: str(s.club.get_status_display())),
    Column(_("Số thành viên"), "members", width=12),
    Column(_("Hoạt động theo quy tắc"), "active", width=12, getter=lambda s: _yes_no(s.active)),
    Column(_("Giải thích"), "explanation", width=70),
]

SCHOOL_COLUMNS = [
    Column(_("Mã trường"), "unit.code", width=14),
    Column(_("Trường"), "unit.name", width=40),
    Column(_("Cấp học"), "unit.level", width=8),
    Column(_("Số câu lạc bộ"), "clubs", width=12, getter=lambda r: len(r.open_clubs)),
    Column(_("Câu lạc bộ hoạt động"), "active_clubs", width=12, getter=lambda r: len(r.active_clubs)),
    Column(_("Trường đạt"), "active", width=10, getter=lambda r: _yes_no(r.active)),
    Column(_("Giải thích"), "explanation", width=90),
]
