import datetime

import pytest
from django.test.utils import override_settings

from sangtao.honours.models import Commendation, ProposalStatus
from sangtao.honours.tests.factories import CommendationFactory, ProposalItemFactory
from sangtao.testing.factories import StaffFactory

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 6, 1)):
        yield


@pytest.fixture
def api(world):
    return {
        "c": CommendationFactory(unit=world.school_a),
        "p": ProposalItemFactory(proposal__unit=world.school_a).proposal,
    }


# persona → commendations, commendation, proposals, proposal
MATRIX = {
    "admin": (200, 200, 200, 200),
    "leader": (200, 200, 200, 200),
    "specialist": (200, 200, 200, 200),
    "principal_a": (200, 200, 200, 200),
    "coordinator_a": (200, 200, 200, 200),
    "teacher_a": (200, 200, 200, 404),
    "principal_b": (200, 404, 200, 404),
    "partner": (200, 404, 200, 404),
    "observer": (200, 200, 200, 200),
    "anonymous": (401, 401, 401, 401),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_the_api_answers_every_persona(client_for, api, persona):
    client = client_for(persona)
    urls = [
        "/api/v1/commendations/",
        f"/api/v1/commendations/{api['c'].pk}/",
        "/api/v1/honour-proposals/",
        f"/api/v1/honour-proposals/{api['p'].pk}/",
    ]
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


def test_the_whole_workflow_runs_through_the_api(client_for, world):
    teacher = StaffFactory(unit=world.school_a)
    school, office = client_for("principal_a"), client_for("leader")
    proposal = school.post(
        "/api/v1/honour-proposals/",
        {"unit": world.school_a.pk, "year": 2024, "title": "Đề nghị"},
        content_type="application/json",
    ).json()
    url = f"/api/v1/honour-proposals/{proposal['id']}/"
    body = {"kind": "individual", "staff": teacher.pk, "title": "ldtt", "reason": "Giỏi"}
    assert school.post(url + "items/", body, content_type="application/json").status_code == 201
    assert school.post(url + "submit/").json()["status"] == ProposalStatus.SUBMITTED
    refused = school.post(
        url + "approve/",
        {"decision_number": "1", "decision_date": "2024-05-20", "issuer": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and "detail" in refused.json()
    done = office.post(
        url + "approve/",
        {"decision_number": "1/QĐ", "decision_date": "2024-05-20", "issuer": "TP"},
        content_type="application/json",
    ).json()
    assert done["status"] == ProposalStatus.APPROVED and done["items"][0]["outcome"] == "approved"
    assert Commendation.objects.get().staff == teacher


def test_a_school_cannot_name_another_schools_teacher(client_for, world, api):
    other = StaffFactory(unit=world.school_b)
    response = client_for("principal_a").post(
        f"/api/v1/honour-proposals/{api['p'].pk}/items/",
        {"kind": "individual", "staff": other.pk, "title": "ldtt", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
