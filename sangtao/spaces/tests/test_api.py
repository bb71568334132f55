import datetime

import pytest
from django.test.utils import override_settings

from sangtao.spaces.models import ReviewStatus, Space
from sangtao.spaces.tests.factories import SpaceFactory, TechModelFactory

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):
        yield


@pytest.fixture
def api(world):
    return {"s": SpaceFactory(unit=world.school_a), "m": TechModelFactory(unit=world.school_a)}


MATRIX = {
    "admin": (200, 200, 200, 200),
    "leader": (200, 200, 200, 200),
    "specialist": (200, 200, 200, 200),
    "principal_a": (200, 200, 200, 200),
    "coordinator_a": (200, 200, 200, 200),
    "teacher_a": (200, 200, 200, 200),
    "principal_b": (200, 404, 200, 404),
    "partner": (200, 404, 200, 404),
    "observer": (200, 200, 200, 200),
    "anonymous": (401, 401, 401, 401),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_the_api_answers_every_persona(client_for, api, persona):
    client = client_for(persona)
    urls = [
        "/api/v1/creative-spaces/",
        f"/api/v1/creative-spaces/{api['s'].pk}/",
        "/api/v1/tech-models/",
        f"/api/v1/tech-models/{api['m'].pk}/",
    ]
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


def test_a_school_records_and_the_office_accepts_and_features(client_for, world):
    created = client_for("coordinator_a").post(
        "/api/v1/creative-spaces/",
        {
            "unit": world.school_a.pk,
            "kind": "digital_library",
            "name": "Thư viện số",
            "opened_on": "2023-09-05",
            "users": "Học sinh",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    office = client_for("specialist")
    assert (
        office.post(
            f"/api/v1/creative-spaces/{pk}/feature/", {"featured": True}, content_type="application/json"
        ).status_code
        == 409
    )
    assert (
        office.post(
            f"/api/v1/creative-spaces/{pk}/review/", {"accept": True}, content_type="application/json"
        ).json()["status"]
        == ReviewStatus.ACCEPTED
    )
    assert (
        office.post(
            f"/api/v1/creative-spaces/{pk}/feature/", {"featured": True}, content_type="application/json"
        ).json()["is_featured"]
        is True
    )
    refused = client_for("principal_a").post(
        f"/api/v1/creative-spaces/{pk}/review/", {"accept": False}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert Space.objects.get().is_featured
