import datetime
import io

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sangtao.contests.models import StudentConsent
from sangtao.honours.models import Commendation, CommendationStatus, Proposal, ProposalStatus, RecipientKind
from sangtao.honours.tests.factories import CommendationFactory, ProposalFactory, ProposalItemFactory
from sangtao.testing.factories import OrgUnitFactory, StaffFactory, StudentFactory

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 6, 1)):
        yield


@pytest.fixture
def records(world):
    commendation = CommendationFactory(unit=world.school_a)
    proposal = ProposalItemFactory(proposal__unit=world.school_a).proposal
    return {"c": commendation, "p": proposal}


# persona → index, commendation, proposals list, proposal, new commendation, import, export, new proposal
MATRIX = {
    "admin": (200, 200, 200, 200, 200, 200, 200, 403),
    "leader": (200, 200, 200, 200, 200, 200, 200, 403),
    "specialist": (200, 200, 200, 200, 200, 200, 200, 403),
    "principal_a": (200, 200, 200, 200, 403, 403, 200, 200),
    "coordinator_a": (200, 200, 200, 200, 403, 403, 200, 200),
    "teacher_a": (200, 200, 200, 404, 403, 403, 200, 403),
    "principal_b": (200, 404, 200, 404, 403, 403, 200, 200),
    "partner": (200, 404, 200, 404, 403, 403, 200, 403),
    "observer": (200, 200, 200, 200, 403, 403, 200, 403),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_it_applies_the_permission_matrix(client_for, records, persona):
    client = client_for(persona)
    urls = [
        reverse("honours:index") + "?year=2024",
        reverse("honours:commendation", args=[records["c"].pk]),
        reverse("honours:proposals"),
        reverse("honours:proposal", args=[records["p"].pk]),
        reverse("honours:commendation_create"),
        reverse("honours:import"),
        reverse("honours:export") + "?year=2024",
        reverse("honours:proposal_create"),
    ]
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


@pytest.mark.parametrize("name", ["index", "proposals", "proposal_create", "commendation_create", "import"])
def test_it_sends_anonymous_users_to_login(client_for, name):
    assert client_for("anonymous").get(reverse(f"honours:{name}")).status_code == 302


def test_the_honour_roll_is_public(client_for, records):
    response = client_for("anonymous").get(reverse("honours:roll", args=[2024]))
    assert response.status_code == 200
    assert records["c"].staff.full_name in response.content.decode()
    assert client_for("anonymous").get(reverse("honours:roll_index")).url == reverse(
        "honours:roll", args=[2024]
    )


def test_the_roll_hides_revoked_commendations_and_students_without_consent(client_for, world):
    revoked = CommendationFactory(unit=world.school_a, status=CommendationStatus.REVOKED)
    shy = StudentFactory(unit=world.school_a, full_name="Trần Minh Khôi", grade=8)
    CommendationFactory(unit=world.school_a, staff=None, student=shy, title="giay_khen_phong")
    page = client_for("anonymous").get(reverse("honours:roll", args=[2024])).content.decode()
    assert revoked.staff.full_name not in page
    assert "Trần Minh Khôi" not in page and "T.M.K." in page
    StudentConsent.objects.create(student=shy, publish_name=True, child_agreed=True)
    assert (
        "Trần Minh Khôi" in client_for("anonymous").get(reverse("honours:roll", args=[2024])).content.decode()
    )


def test_a_teacher_sees_a_students_initials_only(client_for, world):
    student = StudentFactory(unit=world.school_a, full_name="Lê Hoàng Nam", grade=8)
    StudentConsent.objects.create(student=student, publish_name=True, child_agreed=True)
    c = CommendationFactory(unit=world.school_a, staff=None, student=student, title="giay_khen_phong")
    url = reverse("honours:commendation", args=[c.pk])
    assert "Lê Hoàng Nam" in client_for("principal_a").get(url).content.decode()
    assert "Lê Hoàng Nam" not in client_for("teacher_a").get(url).content.decode()


def test_the_roll_links_public_records_only(client_for, world):
    from sangtao.testing.factories import InitiativeFactory

    public = InitiativeFactory(unit=world.school_a, status="recognised_office", title="Sáng kiến công khai")
    draft = InitiativeFactory(unit=world.school_a, status="draft", title="Sáng kiến nháp")
    CommendationFactory(
        unit=world.school_a,
        evidence_refs=[
            f"initiatives.initiative:{public.pk}",
            f"initiatives.initiative:{draft.pk}",
            "emulation.score:3",
        ],
    )
    page = client_for("anonymous").get(reverse("honours:roll", args=[2024])).content.decode()
    assert reverse("initiatives:library_detail", args=[public.pk]) in page
    assert "Sáng kiến nháp" not in page and "emulation.score:3" not in page


def test_a_school_proposes_and_the_office_approves_through_the_pages(client_for, world):
    teacher = StaffFactory(unit=world.school_a, full_name="Phạm Thu Hà")
    school = client_for("principal_a")
    response = school.post(
        reverse("honours:proposal_create"),
        {"unit": world.school_a.pk, "year": 2024, "title": "Đề nghị học kỳ I"},
    )
    proposal = Proposal.objects.get()
    assert response.url == reverse("honours:proposal", args=[proposal.pk])
    response = school.post(
        reverse("honours:item_add", args=[proposal.pk]),
        {"kind": "individual", "staff": teacher.pk, "title": "giay_khen_phong", "reason": "Sáng kiến hay"},
    )
    assert response.status_code == 302
    assert school.post(reverse("honours:submit", args=[proposal.pk])).status_code == 302
    item = proposal.items.get()
    response = client_for("specialist").post(
        reverse("honours:approve", args=[proposal.pk]),
        {
            "decision_number": "45/QĐ-GDĐT",
            "decision_date": "26/01/2024",
            "issuer": "Trưởng phòng",
            "items": [item.pk],
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert Commendation.objects.get().staff == teacher


def test_a_bad_line_keeps_what_was_typed(client_for, world):
    proposal = ProposalFactory(unit=world.school_a)
    response = client_for("coordinator_a").post(
        reverse("honours:item_add", args=[proposal.pk]),
        {"kind": "individual", "title": "ldtt", "reason": "Giữ lại lý do này"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Giữ lại lý do này" in page and "hãy chọn một cán bộ" in page


def test_returning_needs_a_reason(client_for, world):
    proposal = ProposalItemFactory(
        proposal__unit=world.school_a, proposal__status=ProposalStatus.SUBMITTED
    ).proposal
    assert (
        client_for("specialist")
        .post(reverse("honours:return", args=[proposal.pk]), {"reason": ""})
        .status_code
        == 400
    )
    assert (
        client_for("specialist")
        .post(reverse("honours:return", args=[proposal.pk]), {"reason": "Thiếu"})
        .status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_it_exports_the_annex_with_every_commendation_of_the_year(client_for, world):
    CommendationFactory(
        unit=world.school_a,
        kind=RecipientKind.COLLECTIVE,
        staff=None,
        title="tt_ldtt",
        collective_name="Tổ Toán",
    )
    CommendationFactory(unit=world.school_b)
    CommendationFactory(unit=world.school_b, year=2023)
    response = client_for("specialist").get(reverse("honours:export") + "?year=2024")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("STT", "Họ tên / tên tập thể")
    assert len(rows) == 3 and rows[1][0] == 1
    # A school exports only its own.
    response = client_for("principal_b").get(reverse("honours:export") + "?year=2024")
    assert len(list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows())) == 2


def _xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Đối tượng",
            "Mã đơn vị",
            "Mã cán bộ",
            "Họ tên / tên tập thể",
            "Danh hiệu, hình thức khen thưởng",
            "Thành tích, lý do khen thưởng",
        ]
    )
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "danh-sach.xlsx"
    return out


def _import(client, rows):
    return client.post(
        reverse("honours:import"),
        {
            "decision_number": "77/QĐ-GDĐT",
            "decision_date": "20/05/2024",
            "issuer": "Trưởng phòng",
            "file": _xlsx(rows),
        },
    )


def test_it_imports_a_decisions_list(client_for, world):
    StaffFactory(unit=world.school_a, full_name="Nguyễn Văn An")
    response = _import(
        client_for("specialist"),
        [
            ["Cá nhân", "thcs-a", "", "Nguyen Van An", "Lao động tiên tiến", "Hoàn thành xuất sắc nhiệm vụ"],
            ["Tập thể", "TH-B", "", "Tổ khối 5", "Tập thể lao động tiên tiến", "Tập thể tiêu biểu"],
        ],
    )
    assert response.status_code == 302
    assert Commendation.objects.count() == 2
    assert set(Commendation.objects.values_list("decision_number", flat=True)) == {"77/QĐ-GDĐT"}


def test_an_import_with_a_bad_row_writes_nothing_and_lists_every_bad_row(client_for, world):
    StaffFactory(unit=world.school_a, full_name="Nguyễn Văn An")
    response = _import(
        client_for("specialist"),
        [
            ["Cá nhân", "THCS-A", "", "Nguyễn Văn An", "Lao động tiên tiến", "Tốt"],
            ["Cá nhân", "THCS-A", "", "Người Lạ", "Lao động tiên tiến", "Tốt"],
            ["Tập thể", "KHONG-CO", "", "Tổ Văn", "Tập thể lao động tiên tiến", "Tốt"],
            ["Tập thể", "TH-B", "", "Tổ Văn", "Chiến sĩ thi đua cơ sở", "Tốt"],
        ],
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dòng 3" in page and "Dòng 4" in page and "Dòng 5" in page and "Dòng 2" not in page
    assert not Commendation.objects.exists()


def test_the_office_records_a_commendation_in_two_steps(client_for, world):
    teacher = StaffFactory(unit=world.school_b)
    office = client_for("leader")
    url = reverse("honours:commendation_create") + f"?unit={world.school_b.pk}"
    assert teacher.full_name in office.get(url).content.decode()
    response = office.post(
        url,
        {
            "kind": "individual",
            "staff": teacher.pk,
            "title": "cstd_co_so",
            "reason": "Giỏi",
            "decision_number": "9/QĐ",
            "decision_date": "02/05/2024",
            "issuer": "Trưởng phòng",
        },
    )
    assert response.status_code == 302
    assert Commendation.objects.get().unit == world.school_b


def _school(world, i):
    return OrgUnitFactory(parent=world.office, code=f"S-{i}", level="TH")


@pytest.mark.parametrize("n", [2, 20])
def test_it_keeps_query_counts_flat(client_for, world, django_assert_max_num_queries, n):
    for i in range(n):
        school = _school(world, i)
        CommendationFactory(unit=school)
        CommendationFactory(unit=school, kind=RecipientKind.COLLECTIVE, staff=None, title="tt_ldtt")
        student = StudentFactory(unit=school)
        CommendationFactory(unit=school, staff=None, student=student, title="giay_khen_phong")
        ProposalItemFactory(proposal__unit=school)
    proposal = ProposalFactory(unit=world.school_a)
    for _i in range(n):
        ProposalItemFactory(proposal=proposal)
    office, public = client_for("specialist"), client_for("anonymous")
    with django_assert_max_num_queries(14):
        assert office.get(reverse("honours:index") + "?year=2024").status_code == 200
    with django_assert_max_num_queries(12):
        assert office.get(reverse("honours:proposals")).status_code == 200
    with django_assert_max_num_queries(16):
        assert office.get(reverse("honours:proposal", args=[proposal.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert public.get(reverse("honours:roll", args=[2024])).status_code == 200
    with django_assert_max_num_queries(10):
        assert office.get(reverse("honours:export") + "?year=2024").status_code == 200
