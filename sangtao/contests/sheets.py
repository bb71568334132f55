"""The contests app's spreadsheets: the entries of a round, every scoresheet, and the results."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangtao.core.xlsx import Column


def _local(moment):
    """Excel has no time zones: the moment as the clock in Việt Nam showed it."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _names(entry):
    return ", ".join(getattr(entry, "shown_names", []) or [])


CONTEST_COLUMNS = [
    Column(_("Hội thi"), "name", width=60),
    Column(_("Năm học"), "school_year.name", width=12, getter=lambda c: str(c.school_year)),
    Column(_("Đơn vị tổ chức"), "organiser.name", width=36),
    Column(_("Tổ phụ trách"), "organiser_team.name", width=24),
    Column(_("Trạng thái"), "status", width=16, getter=lambda c: str(c.get_status_display())),
]

ENTRY_COLUMNS = [
    Column(_("Mã bài"), "pk", width=8),
    Column(_("Lĩnh vực"), "category.name", width=24),
    Column(_("Tên bài dự thi"), "title", width=50),
    Column(_("Mã trường"), "school.code", width=14),
    Column(_("Trường"), "school.name", width=36),
    Column(_("Học sinh"), "shown_names", width=50, getter=_names),
    Column(
        _("Giáo viên hướng dẫn"),
        "mentors",
        width=36,
        getter=lambda e: ", ".join(m.staff.full_name for m in e.mentors.all()),
    ),
    Column(_("Trạng thái"), "status", width=14, getter=lambda e: str(e.get_status_display())),
    Column(_("Nộp lúc"), "submitted_at", width=18, formatter=_local),
    Column(_("Số giám khảo"), "n_judges", width=10),
]

SCORE_COLUMNS = [
    Column(_("Mã bài"), "entry_id", width=8),
    Column(_("Lĩnh vực"), "category", width=24),
    Column(_("Tên bài dự thi"), "title", width=50),
    Column(_("Trường"), "school", width=36),
    Column(_("Giám khảo"), "judge", width=28),
    Column(_("Đơn vị giám khảo"), "judge_unit", width=28),
    Column(_("Điểm theo tiêu chí"), "points", width=40),
    Column(_("Tổng điểm"), "total", width=10),
    Column(_("Nhận xét"), "comment", width=50),
    Column(_("Chấm lúc"), "submitted_at", width=18, formatter=_local),
]

RESULT_COLUMNS = [
    Column(_("Lĩnh vực"), "category", width=24),
    Column(_("Hạng"), "rank", width=8),
    Column(_("Tên bài dự thi"), "title", width=50),
    Column(_("Trường"), "school", width=36),
    Column(_("Điểm"), "score", width=10),
    Column(_("Số phiếu chấm"), "n_scores", width=10),
    Column(_("Đồng điểm"), "tie", width=10),
    Column(_("Giải"), "award", width=18),
    Column(_("Lý do điều chỉnh"), "reason", width=40),
]


def score_rows(assignments, criteria):
    labels = {str(c.pk): c.label for c in criteria}
    for a in assignments:
        score = getattr(a, "score", None)
        yield {
            "entry_id": a.entry_id,
            "category": a.entry.category.name,
            "title": a.entry.title,
            "school": a.entry.school.name,
            "judge": str(a.judge.user),
            "judge_unit": a.judge.unit.name,
            "points": "; ".join(
                f"{labels.get(k, k)}: {v}" for k, v in (score.points if score else {}).items()
            ),
            "total": score.total if score and score.submitted_at else None,
            "comment": score.comment if score else "",
            "submitted_at": score.submitted_at if score else None,
        }


def result_rows(results):
    for category, rows in results.by_category:
        for row in rows:
            yield {
                "category": category.name,
                "rank": row.rank,
                "title": row.entry.title,
                "school": row.entry.school.name,
                "score": row.score,
                "n_scores": len(row.totals),
                "tie": _("có") if row.tie else "",
                "award": str(row.award.get_award_display()) if row.award else "",
                "reason": row.award.reason if row.award else "",
            }
