"""A student's personal data on request (Luật 91/2025/QH15): everything held about one student, exported
as .xlsx or JSON, and erased — deleted, or anonymised where records (awards, commendations, nominations,
club counts) must stay. Reading lists of students and one student's data is written to the audit log
as an ACCESS entry (django-auditlog's `LogEntry.Action.ACCESS`).

The feature apps (clubs, contests, honours, training) depend on accounts, so their models are imported
inside the functions.
"""

import json

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangtao.core import xlsx
from sangtao.core.events import event_record
from sangtao.core.exceptions import PermissionDeniedError

from . import permissions
from .models import Role, Student

# What an anonymised student is called wherever a record about them must stay.
ERASED_NAME = "Học sinh (đã xóa)"
# Only the school's head and the administrators act on one student's data (not coordinators).
STUDENT_DATA_HOLDERS = (Role.ADMIN, Role.PRINCIPAL)


def can_manage_student_data(user, student: Student) -> bool:
    return permissions.is_admin(user) or permissions.holds(user, student.unit, *STUDENT_DATA_HOLDERS)


def get_student_for_user(user, pk) -> Student:
    """The student, for the school's principal or an administrator; 404 for anyone else."""
    student = Student.objects.select_related("unit").filter(pk=pk).first()
    if student is None or not can_manage_student_data(user, student):
        raise Http404
    return student


# ---------------------------------------------------------------- access log


def log_access(*, actor, target, what: str, detail: str = "") -> LogEntry:
    """Record that `actor` viewed or exported `target` (a Student, or the OrgUnit whose list was read)."""
    return LogEntry.objects.log_create(
        target,
        action=LogEntry.Action.ACCESS,
        force_log=True,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        additional_data={"access": what, "detail": detail},
    )


ACCESS_LABELS = {
    "student_list": gettext_lazy("Xem danh sách học sinh"),
    "student_list_export": gettext_lazy("Xuất danh sách học sinh"),
    "student_data": gettext_lazy("Xem dữ liệu của một học sinh"),
    "student_data_export": gettext_lazy("Xuất dữ liệu của một học sinh"),
    "student_import": gettext_lazy("Nhập danh sách học sinh"),
}


def access_label(entry: LogEntry) -> str:
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    label = ACCESS_LABELS.get(data.get("access", ""))
    if not label:
        return ""
    return f"{label} ({data['detail']})" if data.get("detail") else str(label)


# ---------------------------------------------------------------- what is held


def _d(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _dt(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _yes(value: bool) -> str:
    return _("Có") if value else _("Không")


def student_data(student: Student) -> list[tuple[str, str, list[tuple[str, str]], list[dict]]]:
    """Every section held about the student: (key, title, [(field, heading)], rows as dicts)."""
    from sangtao.clubs.models import ClubMember
    from sangtao.contests.models import EntryMember, StudentConsent
    from sangtao.honours.models import Commendation, ProposalItem
    from sangtao.training.models import Nomination

    sections = [
        (
            "student",
            _("Học sinh"),
            [
                ("id", _("Mã số")),
                ("full_name", _("Họ và tên")),
                ("grade", _("Khối")),
                ("class_name", _("Lớp")),
                ("school", _("Trường")),
                ("created", _("Ghi nhận lúc")),
                ("updated", _("Cập nhật lúc")),
            ],
            [
                {
                    "id": student.pk,
                    "full_name": student.full_name,
                    "grade": student.grade,
                    "class_name": student.class_name,
                    "school": student.unit.name,
                    "created": _dt(student.created_at),
                    "updated": _dt(student.updated_at),
                }
            ],
        ),
    ]
    clubs = ClubMember.objects.filter(student=student).select_related("club").order_by("joined_on", "id")
    sections.append(
        (
            "clubs",
            _("Câu lạc bộ"),
            [
                ("club", _("Câu lạc bộ")),
                ("role", _("Vai trò")),
                ("joined_on", _("Ngày tham gia")),
                ("left_on", _("Ngày rời câu lạc bộ")),
            ],
            [
                {
                    "club": m.club.name,
                    "role": m.get_role_display(),
                    "joined_on": _d(m.joined_on),
                    "left_on": _d(m.left_on),
                }
                for m in clubs
            ],
        )
    )
    entries = (
        EntryMember.objects.filter(student=student)
        .select_related("entry__round__contest", "entry__category", "entry__award__certificate")
        .order_by("entry__round__contest_id", "entry__round_id", "id")
    )
    rows = []
    for m in entries:
        award = getattr(m.entry, "award", None)
        certificate = getattr(award, "certificate", None) if award else None
        rows.append(
            {
                "contest": m.entry.round.contest.name,
                "round": m.entry.round.name,
                "category": m.entry.category.name,
                "title": m.entry.title,
                "status": m.entry.get_status_display(),
                "grade": m.grade,
                "class_name": m.class_name,
                "award": award.get_award_display() if award else "",
                "rank": award.rank if award else "",
                "certificate": certificate.code if certificate else "",
            }
        )
    sections.append(
        (
            "contest_entries",
            _("Bài dự thi và giải thưởng"),
            [
                ("contest", _("Hội thi")),
                ("round", _("Vòng")),
                ("category", _("Lĩnh vực")),
                ("title", _("Tên bài dự thi")),
                ("status", _("Trạng thái")),
                ("grade", _("Khối khi đăng ký")),
                ("class_name", _("Lớp khi đăng ký")),
                ("award", _("Giải")),
                ("rank", _("Thứ hạng")),
                ("certificate", _("Mã giấy chứng nhận")),
            ],
            rows,
        )
    )
    consent = StudentConsent.objects.filter(student=student).first()
    sections.append(
        (
            "contest_consent",
            _("Đồng ý công bố họ tên"),
            [
                ("publish_name", _("Cha mẹ đồng ý công bố")),
                ("child_agreed", _("Học sinh đồng ý")),
                ("guardian_name", _("Cha mẹ / người giám hộ")),
                ("recorded_at", _("Ghi nhận lúc")),
            ],
            [
                {
                    "publish_name": _yes(consent.publish_name),
                    "child_agreed": _yes(consent.child_agreed),
                    "guardian_name": consent.guardian_name,
                    "recorded_at": _dt(consent.recorded_at),
                }
            ]
            if consent
            else [],
        )
    )
    commendations = Commendation.objects.filter(student=student).order_by("decision_date", "id")
    items = (
        ProposalItem.objects.filter(student=student).select_related("proposal").order_by("proposal_id", "id")
    )
    sections.append(
        (
            "commendations",
            _("Khen thưởng"),
            [
                ("title", _("Danh hiệu, hình thức")),
                ("reason", _("Thành tích")),
                ("decision", _("Số quyết định")),
                ("date", _("Ngày")),
                ("status", _("Trạng thái")),
            ],
            [
                {
                    "title": c.get_title_display(),
                    "reason": c.reason,
                    "decision": c.decision_number,
                    "date": _d(c.decision_date),
                    "status": c.get_status_display(),
                }
                for c in commendations
            ]
            + [
                {
                    "title": i.get_title_display(),
                    "reason": i.reason,
                    "decision": i.proposal.title,
                    "date": _d(i.proposal.submitted_at),
                    "status": i.get_outcome_display(),
                }
                for i in items
            ],
        )
    )
    nominations = (
        Nomination.objects.filter(student=student).select_related("course").order_by("course_id", "id")
    )
    sections.append(
        (
            "training",
            _("Được cử tham gia bồi dưỡng"),
            [("course", _("Khóa")), ("status", _("Trạng thái")), ("note", _("Ghi chú"))],
            [
                {"course": n.course.title, "status": n.get_status_display(), "note": n.note}
                for n in nominations
            ],
        )
    )
    return sections


def sections_for_display(sections) -> list[tuple[str, list[str], list[list]]]:
    return [
        (title, [heading for _f, heading in columns], [[row[field] for field, _h in columns] for row in rows])
        for _key, title, columns, rows in sections
    ]


def student_data_json(student: Student) -> bytes:
    data = {key: rows for key, _title, _cols, rows in student_data(student)}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def student_data_xlsx(student: Student):
    return xlsx.export_sheets(
        (title, [xlsx.Column(heading, field) for field, heading in columns], rows)
        for _key, title, columns, rows in student_data(student)
    )


# ---------------------------------------------------------------- erasure


def _must_stay(student: Student) -> bool:
    from sangtao.contests.models import EntryMember
    from sangtao.honours.models import Commendation, ProposalItem
    from sangtao.training.models import Nomination

    return (
        EntryMember.objects.filter(student=student).exists()
        or Commendation.objects.filter(student=student).exists()
        or ProposalItem.objects.filter(student=student).exists()
        or Nomination.objects.filter(student=student).exists()
    )


def _redact_audit(student: Student) -> None:
    """Earlier audit rows about the student carry their name and class: keep the rows, drop the data."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Student), object_pk=str(student.pk)
    ).update(object_repr=ERASED_NAME, changes=None, changes_text="", serialized_data=None)


@transaction.atomic
def erase_student(*, actor, student: Student) -> str:
    """Delete the student, or anonymise them where contest, honours or training records must stay.

    Returns "deleted" or "anonymised". Club memberships and the contest consent go either way when
    deleting; when anonymising, memberships stay (they count in the club's figures) under the erased name.
    """
    from sangtao.contests.models import EntryMember, StudentConsent
    from sangtao.honours.models import Commendation

    if not can_manage_student_data(actor, student):
        raise PermissionDeniedError(
            _("Chỉ thủ trưởng của trường hoặc quản trị hệ thống được xóa dữ liệu học sinh.")
        )
    student = Student.objects.select_for_update().get(pk=student.pk)
    pk, unit = student.pk, student.unit
    outcome = "anonymised" if _must_stay(student) else "deleted"
    with disable_auditlog():
        StudentConsent.objects.filter(student=student).delete()
        if outcome == "deleted":
            student.delete()
        else:
            student.full_name = ERASED_NAME
            student.class_name = ""
            # full_clean() would refuse the empty class, which is the point of anonymising.
            student.save(update_fields=["full_name", "name_folded", "class_name", "updated_at"])
            EntryMember.objects.filter(student=student).update(class_name="")
            for commendation in Commendation.objects.filter(student=student).select_related(
                "student", "staff"
            ):
                commendation.save(update_fields=["name_folded"])
    student.pk = pk
    _redact_audit(student)
    LogEntry.objects.log_create(
        student,
        action=LogEntry.Action.DELETE if outcome == "deleted" else LogEntry.Action.UPDATE,
        force_log=True,
        actor=actor,
        object_repr=ERASED_NAME,
        serialized_data=None,
        additional_data={"erasure": outcome, "unit": unit.code},
    )
    event_record(
        target=student,
        actor=actor,
        action="student_deleted" if outcome == "deleted" else "student_anonymised",
        reason=_("Xóa dữ liệu cá nhân theo yêu cầu (%(unit)s).") % {"unit": unit.name},
    )
    return outcome
