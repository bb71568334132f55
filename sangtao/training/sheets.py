"""The training app's spreadsheets: the course list, a course's nominees, the attendance sheet, coverage."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangtao.core import xlsx

from .models import ALL_GROUPS, TargetGroup, Topic


def _day(value):
    return value.strftime("%d/%m/%Y") if value else None


def _labels(enum):
    def format_list(values):
        return ", ".join(str(enum(v).label) for v in values or [] if v in enum.values)

    return format_list


COURSE_COLUMNS = [
    xlsx.Column(gettext_lazy("Mã khóa"), "pk", width=8),
    xlsx.Column(gettext_lazy("Tên khóa"), "title", width=50),
    xlsx.Column(gettext_lazy("Loại"), "kind", getter=lambda c: c.get_kind_display(), width=18),
    xlsx.Column(gettext_lazy("Chủ đề"), "topics", formatter=_labels(Topic), width=30),
    xlsx.Column(gettext_lazy("Đơn vị tổ chức"), "organiser.name", width=32),
    xlsx.Column(gettext_lazy("Hình thức"), "mode", getter=lambda c: c.get_mode_display(), width=12),
    xlsx.Column(gettext_lazy("Địa điểm"), "venue", width=30),
    xlsx.Column(gettext_lazy("Số tiết / giờ"), "credit_hours", width=10),
    xlsx.Column(gettext_lazy("Đối tượng"), "target_groups", formatter=lambda v: ", ".join(v or []), width=16),
    xlsx.Column(gettext_lazy("Cấp học"), "levels", formatter=lambda v: ", ".join(v or []), width=16),
    xlsx.Column(gettext_lazy("Số chỗ"), "capacity", width=8),
    xlsx.Column(gettext_lazy("Ngày mở đăng ký"), "registration_opens", formatter=_day, width=12),
    xlsx.Column(gettext_lazy("Hạn đăng ký"), "registration_closes", formatter=_day, width=12),
    xlsx.Column(gettext_lazy("Buổi đầu"), "first_session", formatter=_day, width=12),
    xlsx.Column(gettext_lazy("Số buổi"), "n_sessions", width=8),
    xlsx.Column(gettext_lazy("Người được cử"), "n_nominated", width=10),
    xlsx.Column(gettext_lazy("Được duyệt"), "n_approved", width=10),
    xlsx.Column(gettext_lazy("Trạng thái"), "status", getter=lambda c: c.get_status_display(), width=18),
]


def courses_export(courses):
    return xlsx.export_rows(COURSE_COLUMNS, courses, title=_("Khóa bồi dưỡng"))


NOMINATION_COLUMNS = [
    xlsx.Column(gettext_lazy("Mã"), "pk", width=8),
    xlsx.Column(gettext_lazy("Họ và tên"), "person_name", width=28),
    xlsx.Column(gettext_lazy("Nhóm"), "group", width=8),
    xlsx.Column(gettext_lazy("Trường"), "school.name", width=36),
    xlsx.Column(gettext_lazy("Trạng thái"), "status", getter=lambda n: n.get_status_display(), width=16),
    xlsx.Column(gettext_lazy("Lý do không duyệt"), "decline_reason", width=30),
    xlsx.Column(gettext_lazy("Số buổi có mặt"), "n_present", width=10),
    xlsx.Column(
        gettext_lazy("Hoàn thành"),
        "completed",
        getter=lambda n: n.completion.completed if hasattr(n, "completion") else None,
        width=10,
    ),
    xlsx.Column(
        gettext_lazy("Kết quả"),
        "result",
        getter=lambda n: n.completion.result if hasattr(n, "completion") else "",
        width=16,
    ),
    xlsx.Column(
        gettext_lazy("Mã giấy chứng nhận"),
        "certificate",
        getter=lambda n: n.certificate.code if hasattr(n, "certificate") else "",
        width=14,
    ),
]


def nominations_export(nominations):
    return xlsx.export_rows(NOMINATION_COLUMNS, nominations, title=_("Người được cử"))


# ── Attendance sheet: one row per approved nominee, one column per session ─────────────────────────


def session_header(index: int, session) -> str:
    return _("Buổi %(n)d (%(d)s)") % {"n": index, "d": session.date.strftime("%d/%m/%Y")}


def attendance_columns(sessions) -> list[xlsx.Column]:
    from .services import presence

    return [
        xlsx.Column(
            gettext_lazy("Mã"),
            "code",
            xlsx.integer(1),
            required=True,
            width=8,
            help=gettext_lazy("Mã người được cử, giữ nguyên như trong tệp mẫu."),
        ),
        xlsx.Column(gettext_lazy("Họ và tên"), "name", xlsx.text(150), width=28),
        xlsx.Column(gettext_lazy("Trường"), "school", xlsx.text(255), width=36),
        *[
            xlsx.Column(session_header(i, s), f"s{s.pk}", presence, width=16)
            for i, s in enumerate(sessions, start=1)
        ],
    ]


def attendance_sheet(sessions, nominations, marks: dict[tuple[int, int], bool]):
    """The template to fill in: every approved nominee, with what is already marked (x = present)."""
    rows = []
    for n in nominations:
        row = {"code": n.pk, "name": n.person_name, "school": n.school.name}
        for s in sessions:
            row[f"s{s.pk}"] = "x" if marks.get((s.pk, n.pk)) else ""
        rows.append(row)
    return xlsx.export_rows(attendance_columns(sessions), rows, title=_("Điểm danh"))


# ── Coverage ───────────────────────────────────────────────────────────────────────────────────────


def coverage_export(matrix):
    columns = [
        xlsx.Column(gettext_lazy("Mã trường"), "code", width=14),
        xlsx.Column(gettext_lazy("Trường"), "name", width=40),
        xlsx.Column(gettext_lazy("Cấp học"), "level", width=8),
        *[xlsx.Column(TargetGroup(g).label, g, width=30) for g in ALL_GROUPS],
        xlsx.Column(gettext_lazy("Đủ các nhóm"), "covered", width=12),
    ]
    rows = []
    for row in matrix.rows:
        item = {
            "code": row.school.code,
            "name": row.school.name,
            "level": row.school.level,
            "covered": row.covered,
        }
        for cell in row.cells:
            item[cell.group] = (
                ", ".join(cell.topic_labels)
                if cell.topics
                else (_("chưa tham gia") if cell.expected else "—")
            )
        rows.append(item)
    return xlsx.export_rows(columns, rows, title=_("Độ phủ bồi dưỡng"))
