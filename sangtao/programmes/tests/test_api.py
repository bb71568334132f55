"""The API: the same scoping and rules as the pages."""

import datetime

import pytest
from django.test.utils import override_settings

from sangtao.programmes import services
from sangtao.programmes.models import MeterReading

from .factories import filled, office_scores, open_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world):
    assessment = filled(world, open_programme(world, partner=False))
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    return assessment


# persona → programmes, programme, its enrolments, assessments, school A's assessment, readings
MATRIX = {
    "specialist": (200, 200, 200, 200, 200, 200),
    "principal_a": (200, 200, 200, 200, 200, 200),
    "principal_b": (200, 200, 200, 200, 404, 200),
    "observer": (200, 200, 200, 200, 200, 200),
    "anonymous": (401, 401, 401, 401, 401, 401),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_the_api_answers_every_persona(client_for, submitted, persona):
    programme = submitted.enrolment.programme_id
    urls = [
        "/api/v1/programmes/",
        f"/api/v1/programmes/{programme}/",
        f"/api/v1/programmes/{programme}/enrolments/",
        "/api/v1/assessments/",
        f"/api/v1/assessments/{submitted.pk}/",
        "/api/v1/meter-readings/",
    ]
    client = client_for(persona)
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


def test_a_school_sees_only_its_own_enrolment(client_for, world, submitted):
    services.enrol_schools(
        actor=world.specialist, programme=submitted.enrolment.programme, units=[world.school_b]
    )
    rows = (
        client_for("principal_b")
        .get(f"/api/v1/programmes/{submitted.enrolment.programme_id}/enrolments/")
        .json()["results"]
    )
    assert [r["unit"]["code"] for r in rows] == ["TH-B"]


def test_the_office_reviews_and_decides_through_the_api(client_for, submitted):
    client = client_for("specialist")
    scores = [
        {"answer": a, "points": str(p), "comment": ""} for a, (p, _c) in office_scores(submitted).items()
    ]
    assert (
        client.post(
            f"/api/v1/assessments/{submitted.pk}/review/", {"scores": scores}, content_type="application/json"
        ).status_code
        == 200
    )
    body = client.post(
        f"/api/v1/assessments/{submitted.pk}/decide/", {}, content_type="application/json"
    ).json()
    assert (body["status"], body["final_percent"], body["level"]) == (
        "recognised",
        "100.0",
        "Trường học xanh",
    )


def test_a_school_cannot_decide_and_gets_a_vietnamese_message(client_for, submitted):
    response = client_for("principal_a").post(
        f"/api/v1/assessments/{submitted.pk}/decide/", {}, content_type="application/json"
    )
    assert response.status_code == 403 and "Phòng" in response.json()["detail"]


def test_a_return_needs_a_reason(client_for, submitted):
    client = client_for("specialist")
    assert (
        client.post(
            f"/api/v1/assessments/{submitted.pk}/return/", {}, content_type="application/json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/api/v1/assessments/{submitted.pk}/return/",
            {"reason": "Bổ sung hóa đơn"},
            content_type="application/json",
        ).json()["status"]
        == "returned"
    )


@pytest.mark.parametrize("action", ["review", "return", "decide"])
def test_another_school_gets_404_before_its_body_is_even_read(client_for, submitted, action):
    # School B's empty (invalid) body used to get a 400 about the body: the answer told it that school A's
    # assessment exists. The assessment is looked up in the user's scope first.
    response = client_for("principal_b").post(
        f"/api/v1/assessments/{submitted.pk}/{action}/", {}, content_type="application/json"
    )
    assert response.status_code == 404


@override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15))
def test_a_school_posts_a_reading_and_an_implausible_one_needs_confirm(client_for, world):
    client = client_for("coordinator_a")
    for month in range(9, 13):
        MeterReading.objects.create(
            unit=world.school_a, month=datetime.date(2023, month, 1), electricity_kwh=1000
        )
    data = {"unit": world.school_a.pk, "month": "2024-01-10", "electricity_kwh": "9000"}
    response = client.post("/api/v1/meter-readings/", data, content_type="application/json")
    assert response.status_code == 400 and "bất thường" in response.json()["detail"]
    response = client.post(
        "/api/v1/meter-readings/", {**data, "confirm": True}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["flagged"] is True
    assert (
        client_for("principal_b")
        .post("/api/v1/meter-readings/", data, content_type="application/json")
        .status_code
        == 404
    )
