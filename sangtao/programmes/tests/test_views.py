"""The pages: who sees and does what (a school only its own assessment, only the head submits, only the
office or the assigned partner reviews, the observer reads), the forms, exports and query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sangtao.programmes import services
from sangtao.programmes.models import Assessment, Enrolment
from sangtao.testing.xlsx import read_sheet, response_bytes

from .factories import enrolled, filled, office_scores, open_programme

pytestmark = pytest.mark.django_db
XSS = "<script>alert(1)</script>"


@pytest.fixture
def submitted(world):
    programme = open_programme(world)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    return assessment


# persona → index, programme, school A's enrolment, school A's assessment, its evidence list on the page
MATRIX = {
    "admin": (200, 200, 200, 200),
    "leader": (200, 200, 200, 200),
    "specialist": (200, 200, 200, 200),
    "principal_a": (200, 200, 200, 200),
    "coordinator_a": (200, 200, 200, 200),
    "teacher_a": (200, 200, 200, 200),
    "principal_b": (200, 200, 404, 404),
    "partner": (200, 200, 200, 200),
    "observer": (200, 200, 200, 200),
    "anonymous": (302, 302, 302, 302),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_it_applies_the_permission_matrix(client_for, submitted, persona):
    urls = [
        reverse("programmes:index"),
        reverse("programmes:detail", args=[submitted.enrolment.programme_id]),
        reverse("programmes:enrolment", args=[submitted.enrolment_id]),
        reverse("programmes:assessment", args=[submitted.pk]),
    ]
    client = client_for(persona)
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


def test_a_school_sees_only_its_own_enrolments_in_the_list(client_for, world, submitted):
    enrolled(world, submitted.enrolment.programme, world.school_b)
    body = client_for("principal_b").get(
        reverse("programmes:detail", args=[submitted.enrolment.programme_id])
    )
    text = body.content.decode()
    assert world.school_b.name in text and world.school_a.name not in text


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("principal_a", True), ("coordinator_a", False), ("teacher_a", False), ("specialist", False)],
)
def test_only_the_head_submits(client_for, world, persona, allowed):
    assessment = filled(world, open_programme(world))
    client_for(persona).post(reverse("programmes:assessment_action", args=[assessment.pk, "submit"]))
    assessment.refresh_from_db()
    assert (assessment.status == "submitted") is allowed


@pytest.mark.parametrize(
    ("persona", "saved"),
    [("specialist", True), ("leader", True), ("principal_a", False), ("partner", False), ("observer", False)],
)
def test_only_the_office_reviews_a_submitted_assessment(client_for, submitted, persona, saved):
    answer = submitted.answers.first()
    client_for(persona).post(reverse("programmes:review", args=[submitted.pk]), {f"points-{answer.pk}": "1"})
    answer.refresh_from_db()
    assert (answer.office_points == 1) is saved


@pytest.mark.parametrize(
    ("persona", "saved"), [("partner", True), ("principal_a", False), ("observer", False)]
)
def test_the_assigned_partner_reviews_once_forwarded(client_for, world, submitted, persona, saved):
    services.assessment_forward(actor=world.specialist, assessment=submitted)
    answer = submitted.answers.first()
    client_for(persona).post(
        reverse("programmes:review", args=[submitted.pk]),
        {f"points-{answer.pk}": "2", f"comment-{answer.pk}": "Thống nhất"},
    )
    answer.refresh_from_db()
    assert (answer.partner_points == 2) is saved


def test_a_school_cannot_touch_another_schools_assessment(client_for, world, submitted):
    services.assessment_return(actor=world.specialist, assessment=submitted, reason="Bổ sung")
    answer = submitted.answers.select_related("criterion").get(criterion__code="1.1")
    response = client_for("principal_b").post(
        reverse("programmes:answer_save", args=[submitted.pk, answer.pk]), {f"a{answer.pk}-met": "0"}
    )
    assert response.status_code == 404
    answer.refresh_from_db()
    assert answer.met is True


def test_the_school_answers_a_criterion_and_adds_evidence(client_for, world):
    programme = open_programme(world)
    assessment = services.assessment_start(actor=world.coordinator_a, enrolment=enrolled(world, programme))
    answer = assessment.answers.select_related("criterion").get(criterion__code="1.1")
    client = client_for("coordinator_a")
    response = client.post(
        reverse("programmes:answer_save", args=[assessment.pk, answer.pk]),
        {f"a{answer.pk}-met": "1", f"a{answer.pk}-note": "Đã ban hành"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.met, answer.self_points) == (True, 4)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sangtao.testing.xlsx import PNG_BYTES

    response = client.post(
        reverse("programmes:evidence_add", args=[assessment.pk, answer.pk]),
        {
            f"e{answer.pk}-title": "Nội quy",
            f"e{answer.pk}-file": SimpleUploadedFile("noi-quy.png", PNG_BYTES),
        },
    )
    assert response.status_code == 302
    evidence = answer.evidence.get()
    assert client.get(reverse("programmes:evidence", args=[evidence.pk])).status_code == 200
    assert (
        client_for("principal_b").get(reverse("programmes:evidence", args=[evidence.pk])).status_code == 404
    )


def test_a_bad_file_is_refused_with_a_message_on_the_page(client_for, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    programme = open_programme(world)
    assessment = services.assessment_start(actor=world.coordinator_a, enrolment=enrolled(world, programme))
    answer = assessment.answers.first()
    response = client_for("coordinator_a").post(
        reverse("programmes:evidence_add", args=[assessment.pk, answer.pk]),
        {f"e{answer.pk}-file": SimpleUploadedFile("anh.png", b"plain text, not a picture")},
    )
    assert response.status_code == 400
    assert "không đúng với đuôi" in response.content.decode()


def test_the_office_recognises_from_the_page(client_for, world):
    programme = open_programme(world, partner=False)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    client = client_for("specialist")
    data = {f"points-{a}": str(p) for a, (p, _c) in office_scores(assessment).items()}
    client.post(reverse("programmes:review", args=[assessment.pk]), data)
    client.post(
        reverse("programmes:assessment_action", args=[assessment.pk, "decide"]), {"decision_number": "5"}
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.final_score) == ("recognised", 10)
    body = client.get(reverse("programmes:assessment", args=[assessment.pk])).content.decode()
    assert "Phòng kết luận" in body and 'id="level"' in body


def test_the_export_lists_enrolments_with_scores(client_for, world, submitted):
    url = reverse("programmes:detail", args=[submitted.enrolment.programme_id]) + "?format=xlsx"
    rows = read_sheet(response_bytes(client_for("specialist").get(url)))
    assert rows[0][:2] == ("Mã đơn vị", "Trường")
    assert rows[1][0] == "THCS-A" and rows[1][7] == 10


def test_the_programme_list_exports_what_its_filters_show(client_for, world, submitted):
    programme = submitted.enrolment.programme
    client = client_for("specialist")
    rows = read_sheet(response_bytes(client.get(reverse("programmes:index") + "?format=xlsx")))
    assert rows[0][:3] == ("Tên mô hình", "Loại mô hình", "Năm")
    assert [r[0] for r in rows[1:]] == [programme.name]
    assert rows[1][7] == 1  # school A takes part
    filtered = client.get(reverse("programmes:index") + "?year=2019&format=xlsx")
    assert len(read_sheet(response_bytes(filtered))) == 1  # the header only


def test_the_criteria_sets_export_for_the_office_only(client_for, world, submitted):
    url = reverse("programmes:criteria_list") + "?format=xlsx"
    rows = read_sheet(response_bytes(client_for("specialist").get(url)))
    assert rows[0][:4] == ("Tên bộ tiêu chí", "Loại mô hình", "Phiên bản", "Số tiêu chí")
    criteria_set = submitted.enrolment.programme.criteria_set
    row = next(r for r in rows[1:] if r[0] == criteria_set.name)
    criteria = [c for g in criteria_set.groups.all() for c in g.criteria.all()]
    assert (row[3], row[4]) == (len(criteria), sum(c.max_points for c in criteria))
    assert client_for("principal_a").get(url).status_code == 403


def test_a_school_registers_from_the_programme_page(client_for, world):
    programme = open_programme(world)
    response = client_for("principal_b").post(
        reverse("programmes:request", args=[programme.pk]), {"unit": world.school_b.pk, "note": XSS}
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(unit=world.school_b)
    body = client_for("specialist").get(reverse("programmes:enrolment", args=[enrolment.pk])).content.decode()
    assert XSS not in body and "&lt;script&gt;" in body


def test_the_office_edits_a_draft_set_and_not_a_frozen_one(client_for, world):
    programme = open_programme(world)
    client = client_for("specialist")
    url = reverse("programmes:criteria_edit", args=[programme.criteria_set_id, "group"])
    response = client.post(url, {"code": "3", "name": "Nước"})
    assert response.status_code == 400 and "phiên bản mới" in response.content.decode()
    client.post(reverse("programmes:criteria_copy", args=[programme.criteria_set_id]), {"mode": "version"})
    new = type(programme.criteria_set).objects.get(version=2)
    assert (
        client.post(
            reverse("programmes:criteria_edit", args=[new.pk, "group"]), {"code": "3", "name": "Nước"}
        ).status_code
        == 302
    )
    assert new.groups.count() == 3
    assert client_for("principal_a").get(reverse("programmes:criteria_list")).status_code == 403


@pytest.mark.parametrize("n", [2, 10])
def test_the_pages_keep_their_query_counts_flat(client_for, world, django_assert_max_num_queries, n):
    from sangtao.testing.factories import OrgUnitFactory

    programme = open_programme(world, partner=False)
    schools = [OrgUnitFactory(parent=world.office, code=f"S{i}", level="TH") for i in range(n)]
    services.enrol_schools(actor=world.specialist, programme=programme, units=schools)
    assessment = filled(world, programme)
    for answer in assessment.answers.all()[:1]:
        for k in range(n):
            services.evidence_add(
                actor=world.coordinator_a, answer=answer, title=f"Ảnh {k}", url=f"https://truong.edu.vn/{k}"
            )
    client = client_for("specialist")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("programmes:detail", args=[programme.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("programmes:assessment", args=[assessment.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("programmes:index")).status_code == 200
    assert Assessment.objects.count() == 1 and Decimal(assessment.max_score) == 10
