"""The .xlsx exports of the initiatives lists (described once, written by core.xlsx)."""

from django.utils.translation import gettext_lazy as _

from sangtao.core.xlsx import Column


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _datetime(value):
    from django.utils import timezone

    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _authors(initiative) -> str:
    return "; ".join(
        f"{a.full_name} ({a.share.normalize():f}%)".replace(".", ",") for a in initiative.authors.all()
    )


def _author_names(initiative) -> str:
    return "; ".join(a.full_name for a in initiative.authors.all())


INITIATIVE_COLUMNS = [
    Column(_("Tên sáng kiến"), "title", width=60),
    Column(_("Tác giả (tỷ lệ đóng góp)"), "authors", getter=_authors, width=40),
    Column(_("Đơn vị"), "unit.name", width=36),
    Column(_("Lĩnh vực"), "field", getter=lambda i: str(i.get_field_display()), width=30),
    Column(_("Năm học"), "campaign.school_year.name", width=12),
    Column(_("Trạng thái"), "status", getter=lambda i: str(i.get_status_display()), width=24),
    Column(_("Nộp lúc"), "submitted_at", formatter=_datetime, width=18),
    Column(_("Điểm"), "result", width=8),
]

LIBRARY_COLUMNS = [
    Column(_("Tên sáng kiến"), "title", width=60),
    Column(_("Tác giả"), "authors", getter=_author_names, width=40),
    Column(_("Đơn vị"), "unit.name", width=36),
    Column(_("Lĩnh vực"), "field", getter=lambda i: str(i.get_field_display()), width=30),
    Column(_("Cấp công nhận"), "level", getter=lambda i: str(i.get_library_level_display()), width=16),
    Column(_("Năm học"), "campaign.school_year.name", width=12),
    Column(_("Ngày công nhận"), "recognised_on", formatter=_date, width=14),
]

CAMPAIGN_COLUMNS = [
    Column(_("Đợt xét"), "title", width=60),
    Column(_("Năm học"), "school_year.name", width=12),
    Column(_("Đơn vị tổ chức"), "unit.name", width=36),
    Column(_("Nhận hồ sơ từ ngày"), "opens_on", formatter=_date, width=14),
    Column(_("Hạn nộp hồ sơ"), "closes_on", formatter=_date, width=14),
    Column(_("Trạng thái"), "status", getter=lambda c: str(c.get_status_display()), width=16),
    Column(_("Số sáng kiến đã nộp"), "n_initiatives", width=12),
]

# Rows are dicts prepared by queue_rows() (core.xlsx reads a dict by the column's attr).
QUEUE_COLUMNS = [
    Column(_("Tên sáng kiến"), "title", width=60),
    Column(_("Đơn vị"), "unit", width=36),
    Column(_("Hội đồng"), "council", width=40),
    Column(_("Vai trò"), "role", width=12),
    Column(_("Phiên xét"), "state", width=14),
    Column(_("Việc của tôi"), "todo", width=40),
]


def queue_rows(rows):
    for row in rows:
        yield {
            "title": row["initiative"].title,
            "unit": row["initiative"].unit.name,
            "council": row["review"].council.name,
            "role": str(row["seat"].get_role_display()),
            "state": str(row["review"].get_status_display()),
            "todo": str(row["todo"]),
        }


DECISION_COLUMNS = [
    Column(_("STT"), "index", width=6),
    Column(_("Tên sáng kiến"), "title", width=60),
    Column(_("Tác giả (tỷ lệ đóng góp)"), "authors", width=40),
    Column(_("Đơn vị"), "unit", width=36),
    Column(_("Lĩnh vực"), "field", width=30),
    Column(_("Điểm"), "result", width=8),
]
