import datetime

import pytest

from sangtao.outreach import services
from sangtao.outreach.models import Acknowledgement, DocumentKind, Event, EventKind, EventResponse

DUE = datetime.date(2099, 1, 31)


@pytest.fixture
def api(world):
    doc = services.document_create(
        actor=world.specialist,
        number="12/CN",
        issued_on=datetime.date(2023, 9, 5),
        issuer="Phòng GD&ĐT",
        kind=DocumentKind.HANDBOOK,
        summary="Cẩm nang",
    )
    dist = services.distribution_send(
        actor=world.specialist, document=doc, units=[world.school_a], due_on=DUE
    )
    public = services.national_days_ensure(year=2024)[1]
    private = Event.objects.create(
        title="Ngày hội B", kind=EventKind.SCHOOL, unit=world.school_b, starts_on=datetime.date(2024, 10, 5)
    )
    return {
        "doc": doc,
        "dist": dist,
        "ack": dist.acknowledgements.get(),
        "public": public,
        "private": private,
    }


# persona → documents list, document, distributions list, distribution, acks list, events list, public event,
# school B's event, responses list
MATRIX = {
    "admin": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "leader": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "specialist": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "principal_a": (200, 200, 200, 404, 200, 200, 200, 404, 200),
    "coordinator_a": (200, 200, 200, 404, 200, 200, 200, 404, 200),
    "teacher_a": (200, 200, 200, 404, 200, 200, 200, 404, 200),
    "principal_b": (200, 404, 200, 404, 200, 200, 200, 200, 200),
    "partner": (200, 404, 200, 404, 200, 200, 200, 404, 200),
    "observer": (200, 200, 200, 404, 200, 200, 200, 200, 200),
    "anonymous": (401, 401, 401, 401, 401, 401, 401, 401, 401),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_the_api_answers_every_persona(client_for, api, persona):
    client = client_for(persona)
    urls = [
        "/api/v1/documents/",
        f"/api/v1/documents/{api['doc'].pk}/",
        "/api/v1/distributions/",
        f"/api/v1/distributions/{api['dist'].pk}/",
        "/api/v1/acknowledgements/",
        "/api/v1/events/",
        f"/api/v1/events/{api['public'].pk}/",
        f"/api/v1/events/{api['private'].pk}/",
        "/api/v1/event-responses/",
    ]
    codes = tuple(client.get(u).status_code for u in urls)
    expected = MATRIX[persona]
    # DRF answers 401 or 403 to anonymous callers depending on the authentication scheme in front.
    assert tuple(403 if c == 401 else c for c in codes) == tuple(403 if c == 401 else c for c in expected)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("principal_a", 200),
        ("coordinator_a", 200),
        ("teacher_a", 404),
        ("principal_b", 404),
        ("specialist", 404),
    ],
)
def test_only_the_school_acknowledges_through_the_api(client_for, api, persona, status):
    response = client_for(persona).post(
        f"/api/v1/acknowledgements/{api['ack'].pk}/acknowledge/",
        {"note": "Đã phổ biến"},
        content_type="application/json",
    )
    assert response.status_code == status
    assert (Acknowledgement.objects.get().received_at is not None) == (status == 200)


def test_the_office_sees_who_has_not_acknowledged(client_for, api):
    data = client_for("specialist").get(f"/api/v1/distributions/{api['dist'].pk}/").json()
    assert (data["total"], data["done"]) == (1, 0)
    assert [a["acknowledged"] for a in data["acknowledgements"]] == [False]


@pytest.mark.parametrize(
    ("persona", "status"), [("principal_a", 201), ("teacher_a", 403), ("principal_b", 404), ("partner", 404)]
)
def test_a_school_responds_to_an_event_through_the_api(client_for, world, api, persona, status):
    response = client_for(persona).post(
        "/api/v1/event-responses/",
        {"event": api["public"].pk, "unit": world.school_a.pk, "activities": "Triển lãm", "participants": 50},
        content_type="application/json",
    )
    assert response.status_code == status
    assert EventResponse.objects.count() == (1 if status == 201 else 0)
