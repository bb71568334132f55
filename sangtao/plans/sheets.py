"""The plans app's spreadsheets: every list a person sees can be taken to Excel."""

from django.utils.translation import gettext_lazy as _

from sangtao.core.xlsx import Column

PLAN_COLUMNS = [
    Column(_("Số/ký hiệu"), "number", width=18),
    Column(_("Ngày ban hành"), "issued_on", width=14),
    Column(_("Trích yếu"), "title", width=70),
    Column(_("Đơn vị ban hành"), "issuing_unit.name", width=36),
    Column(_("Năm"), "year", width=8),
    Column(_("Trạng thái"), "status", width=14, getter=lambda p: str(p.get_status_display())),
]

ASSIGNMENT_COLUMNS = [
    Column(_("Kế hoạch"), "task.plan.number", width=16),
    Column(_("Mục"), "task.parent.title", width=30, getter=lambda a: a.task.parent.title if a.task.parent else ""),
    Column(_("Số TT"), "task.number", width=8),
    Column(_("Nhiệm vụ"), "task.title", width=60),
    Column(_("Mã đơn vị"), "unit.code", width=14),
    Column(_("Đơn vị"), "unit.name", width=40),
    Column(_("Cấp học"), "unit.level", width=8),
    Column(_("Trạng thái"), "status", width=16, getter=lambda a: str(a.get_status_display())),
    Column(_("Tiến độ (%)"), "progress", width=10),
    Column(_("Hạn"), "due", width=12),
    Column(_("Nộp lúc"), "submitted_at", width=18),
    Column(_("Báo cáo"), "report_text", width=80),
]

INDICATOR_COLUMNS = [
    Column(_("Mã"), "code", width=8),
    Column(_("Chỉ tiêu"), "name", width=60),
    Column(_("Đơn vị tính"), "unit_of_measure", width=10),
    Column(_("Chỉ tiêu đặt ra"), "target", width=14),
    Column(_("Thực hiện"), "actual", width=12),
    # A column header, not a format string ("% c" would read as one).
    # xgettext:no-python-format
    Column(_("% chỉ tiêu"), "percent_of_target", width=12),
    Column(_("Đơn vị có số liệu"), "reported", width=12),
    Column(_("Đơn vị phải báo cáo"), "expected", width=12),
    Column(_("Ghi chú"), "note", width=40),
]


def indicator_rows(results):
    for r in results:
        yield {
            "code": r.indicator.code, "name": r.indicator.name, "unit_of_measure": r.indicator.unit_of_measure,
            "target": r.indicator.target, "actual": r.overall.actual, "percent_of_target": r.percent_of_target,
            "reported": r.overall.reported, "expected": r.overall.expected, "note": r.no_data_reason,
        }
