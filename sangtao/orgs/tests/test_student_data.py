"""A student's personal data on request: export, erasure (deletion or anonymisation) and the access log."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from sangtao.accounts.models import Student
from sangtao.accounts.student_data import ERASED_NAME
from sangtao.clubs.models import ClubMember
from sangtao.contests.models import Award, AwardCertificate, EntryMember, StudentConsent
from sangtao.core.models import StatusEvent
from sangtao.honours.models import Commendation
from sangtao.honours.tests.factories import CommendationFactory
from sangtao.testing.factories import ClubMemberFactory, EntryMemberFactory, StudentFactory
from sangtao.testing.xlsx import read_sheet, response_bytes

pytestmark = pytest.mark.django_db


def _access_entries(what):
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__access=what)


@pytest.fixture
def pupil(world):
    """A pupil of school A with a club, a prize-winning contest entry, consent and a commendation."""
    student = StudentFactory(unit=world.school_a, full_name="Nguyễn Thị Minh Châu", grade=8, class_name="8A3")
    ClubMemberFactory(student=student, club__unit=world.school_a, club__name="CLB Robot Nguyễn Ảnh Thủ")
    member = EntryMemberFactory(
        student=student, entry__school=world.school_a, entry__title="Máy lọc nước mưa"
    )
    award = Award.objects.create(entry=member.entry, award="nhat", rank=1)
    AwardCertificate.objects.create(award=award, code="HT-PD2024A1", issued_at="2024-03-10T08:00:00+07:00")
    StudentConsent.objects.create(
        student=student, publish_name=True, child_agreed=True, guardian_name="Trần Văn Bảo"
    )
    CommendationFactory(
        unit=world.school_a, staff=None, student=student, title="giay_khen_phong", reason="Giải Nhất hội thi"
    )
    return student


def test_export_json_holds_everything(client_for, pupil):
    response = client_for("principal_a").get(reverse("orgs:student_data_export", args=[pupil.pk, "json"]))
    assert response.status_code == 200
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert data["student"][0]["full_name"] == "Nguyễn Thị Minh Châu"
    assert data["student"][0]["class_name"] == "8A3"
    assert data["clubs"][0]["club"] == "CLB Robot Nguyễn Ảnh Thủ"
    assert data["contest_entries"][0]["title"] == "Máy lọc nước mưa"
    assert data["contest_entries"][0]["certificate"] == "HT-PD2024A1"
    assert data["contest_entries"][0]["award"]
    assert data["contest_consent"][0]["guardian_name"] == "Trần Văn Bảo"
    assert data["commendations"][0]["reason"] == "Giải Nhất hội thi"
    assert _access_entries("student_data_export").filter(object_pk=str(pupil.pk)).count() == 1


def test_export_xlsx_has_a_sheet_per_section(client_for, pupil):
    response = client_for("admin").get(reverse("orgs:student_data_export", args=[pupil.pk, "xlsx"]))
    assert response.status_code == 200
    rows = read_sheet(response_bytes(response))
    assert "Nguyễn Thị Minh Châu" in [cell for row in rows for cell in row]


def test_detail_page_shows_the_data_and_logs_access(client_for, pupil, world):
    response = client_for("principal_a").get(reverse("orgs:student_detail", args=[pupil.pk]))
    assert response.status_code == 200
    assert "Máy lọc nước mưa" in response.content.decode()
    entry = _access_entries("student_data").get()
    assert entry.actor == world.principal_a
    assert entry.object_pk == str(pupil.pk)


@pytest.mark.parametrize("persona", ["coordinator_a", "teacher_a", "principal_b", "leader", "partner"])
def test_others_are_refused(client_for, pupil, persona):
    client = client_for(persona)
    for url in (
        reverse("orgs:student_detail", args=[pupil.pk]),
        reverse("orgs:student_data_export", args=[pupil.pk, "json"]),
        reverse("orgs:student_erase", args=[pupil.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("orgs:student_erase", args=[pupil.pk]), {"confirm": "on"}).status_code == 404
    assert Student.objects.get(pk=pupil.pk).full_name == "Nguyễn Thị Minh Châu"
    assert not _access_entries("student_data").exists()


def test_erase_needs_confirmation(client_for, pupil):
    response = client_for("principal_a").post(reverse("orgs:student_erase", args=[pupil.pk]), {})
    assert response.status_code == 200
    assert "Hãy đánh dấu ô xác nhận" in response.content.decode()
    assert Student.objects.get(pk=pupil.pk).full_name == "Nguyễn Thị Minh Châu"


def test_erase_anonymises_where_records_must_stay(client_for, pupil, world):
    client = client_for("principal_a")
    assert client.get(reverse("orgs:student_erase", args=[pupil.pk])).status_code == 200
    response = client.post(reverse("orgs:student_erase", args=[pupil.pk]), {"confirm": "on"})
    assert response.status_code == 302
    student = Student.objects.get(pk=pupil.pk)
    assert (student.full_name, student.class_name) == (ERASED_NAME, "")
    member = EntryMember.objects.get(student=student)
    assert member.class_name == ""
    assert Award.objects.get(entry=member.entry).certificate.code == "HT-PD2024A1"
    assert not StudentConsent.objects.filter(student=student).exists()
    assert ClubMember.objects.filter(student=student).count() == 1
    commendation = Commendation.objects.get(student=student)
    assert "chau" not in commendation.name_folded
    # No trace of the name or class in the audit trail, but the erasure itself is recorded.
    student_logs = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Student), object_pk=str(student.pk)
    )
    assert student_logs.exists()
    for entry in student_logs:
        assert "Châu" not in json.dumps(
            [entry.object_repr, entry.changes, entry.serialized_data], ensure_ascii=False
        )
        assert "8A3" not in json.dumps(entry.changes or {}, ensure_ascii=False)
    assert student_logs.filter(actor=world.principal_a, additional_data__erasure="anonymised").count() == 1
    event = StatusEvent.objects.get(object_id=student.pk, action="student_anonymised")
    assert event.actor == world.principal_a
    # The anonymised pupil shows on the list under the erased name only.
    page = client.get(reverse("orgs:students", args=[world.school_a.pk])).content.decode()
    assert "Nguyễn Thị Minh Châu" not in page


def test_erase_deletes_a_student_without_records(client_for, world):
    student = StudentFactory(unit=world.school_a, full_name="Lê Hoàng Nam")
    ClubMemberFactory(student=student, club__unit=world.school_a)
    StudentConsent.objects.create(student=student, publish_name=True)
    response = client_for("admin").post(reverse("orgs:student_erase", args=[student.pk]), {"confirm": "on"})
    assert response.status_code == 302
    assert not Student.objects.filter(pk=student.pk).exists()
    assert not ClubMember.objects.filter(student_id=student.pk).exists()
    assert not StudentConsent.objects.filter(student_id=student.pk).exists()
    logs = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Student), object_pk=str(student.pk)
    )
    assert not logs.filter(object_repr__contains="Nam").exists()
    assert logs.filter(action=LogEntry.Action.DELETE, additional_data__erasure="deleted").count() == 1
    assert StatusEvent.objects.filter(object_id=student.pk, action="student_deleted").count() == 1


def test_list_view_and_export_are_logged(client_for, world):
    StudentFactory.create_batch(3, unit=world.school_a)
    client = client_for("coordinator_a")
    response = client.get(reverse("orgs:students", args=[world.school_a.pk]))
    assert response.status_code == 200
    assert "Xem, xuất, xóa" not in response.content.decode()
    entry = _access_entries("student_list").get()
    assert (entry.actor, entry.object_pk) == (world.coordinator_a, str(world.school_a.pk))
    assert client.get(reverse("orgs:student_export", args=[world.school_a.pk])).status_code == 200
    assert _access_entries("student_list_export").get().actor == world.coordinator_a
    # Refused readers leave no access entry.
    assert client_for("principal_b").get(reverse("orgs:students", args=[world.school_a.pk])).status_code in (
        403,
        404,
    )
    assert _access_entries("student_list").count() == 1


def test_principal_sees_the_data_link(client_for, world):
    StudentFactory(unit=world.school_a)
    page = client_for("principal_a").get(reverse("orgs:students", args=[world.school_a.pk])).content.decode()
    assert "Xem, xuất, xóa" in page


def test_audit_page_shows_access_entries(client_for, world, pupil):
    client_for("principal_a").get(reverse("orgs:students", args=[world.school_a.pk]))
    client_for("principal_a").get(reverse("orgs:student_data_export", args=[pupil.pk, "xlsx"]))
    response = client_for("admin").get(reverse("accounts:audit"), {"action": str(LogEntry.Action.ACCESS)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xem danh sách học sinh" in html
    assert "Xuất dữ liệu của một học sinh" in html
