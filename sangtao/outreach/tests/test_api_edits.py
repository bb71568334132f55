"""Edit, withdraw and cancel through the API: documents, events and banner campaigns, by the same services
as the pages (only their author or the office that keeps them; out of scope is a 404)."""

import datetime

import pytest

from sangtao.core.events import events_for
from sangtao.outreach import services
from sangtao.outreach.models import BannerStatus, DocumentKind, DocumentStatus, EventStatus

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def rec(world):
    doc = services.document_create(
        actor=world.specialist,
        number="12/CN",
        issued_on=datetime.date(2023, 9, 5),
        issuer="Phòng GD&ĐT",
        kind=DocumentKind.HANDBOOK,
        summary="Cẩm nang",
    )
    services.distribution_send(
        actor=world.specialist, document=doc, units=[world.school_a], due_on=datetime.date(2099, 1, 31)
    )
    event = services.event_create(
        actor=world.specialist, title="Ngày hội STEM", kind="office", starts_on=datetime.date(2024, 4, 5)
    )
    campaign = services.banner_campaign_create(
        actor=world.specialist,
        theme="Ngày Đổi mới sáng tạo",
        banner_text="Hưởng ứng Ngày Đổi mới sáng tạo Việt Nam",
        starts_on=datetime.date(2024, 9, 25),
        ends_on=datetime.date(2024, 10, 5),
        units=[world.school_a],
    )
    return {"doc": doc, "event": event, "campaign": campaign}


# persona → PATCH document, event, campaign (the change itself is refused with 403 to who sees the record)
MATRIX = {
    "admin": (200, 200, 200),
    "leader": (200, 200, 200),
    "specialist": (200, 200, 200),
    "principal_a": (403, 403, 403),
    "teacher_a": (403, 403, 403),
    "principal_b": (404, 403, 404),
    "partner": (404, 403, 404),
    "observer": (403, 403, 403),
    "anonymous": (401, 401, 401),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_only_the_keeper_edits(client_for, rec, persona):
    client = client_for(persona)
    answers = (
        client.patch(f"/api/v1/documents/{rec['doc'].pk}/", {"summary": "Cẩm nang mới"}, content_type=JSON),
        client.patch(
            f"/api/v1/events/{rec['event'].pk}/", {"title": "Ngày hội STEM 2024"}, content_type=JSON
        ),
        client.patch(
            f"/api/v1/banner-campaigns/{rec['campaign'].pk}/", {"theme": "Chủ đề mới"}, content_type=JSON
        ),
    )
    assert tuple(a.status_code for a in answers) == MATRIX[persona]


@pytest.mark.parametrize("persona", list(MATRIX))
def test_only_the_keeper_withdraws_or_cancels(client_for, rec, persona):
    client = client_for(persona)
    body = {"reason": "Thay bằng văn bản khác"}
    answers = (
        client.post(f"/api/v1/documents/{rec['doc'].pk}/withdraw/", body, content_type=JSON),
        client.post(f"/api/v1/events/{rec['event'].pk}/cancel/", body, content_type=JSON),
        client.post(f"/api/v1/banner-campaigns/{rec['campaign'].pk}/cancel/", body, content_type=JSON),
    )
    assert tuple(a.status_code for a in answers) == MATRIX[persona]


def test_a_patch_changes_only_what_is_sent_and_records_an_event(client_for, rec):
    client = client_for("specialist")
    doc = rec["doc"]
    answer = client.patch(f"/api/v1/documents/{doc.pk}/", {"summary": "Cẩm nang STEM"}, content_type=JSON)
    assert answer.json()["summary"] == "Cẩm nang STEM" and answer.json()["number"] == "12/CN"
    doc.refresh_from_db()
    assert (doc.summary, doc.issuer, doc.kind) == ("Cẩm nang STEM", "Phòng GD&ĐT", DocumentKind.HANDBOOK)
    assert [e.action for e in events_for(doc)][-1] == "update"
    bad = client.patch(
        f"/api/v1/documents/{doc.pk}/",
        {"valid_from": "2024-05-01", "valid_to": "2024-01-01"},
        content_type=JSON,
    )
    assert bad.status_code == 400 and "hết hiệu lực" in bad.json()["detail"]
    answer = client.patch(
        f"/api/v1/events/{rec['event'].pk}/",
        {"ends_on": "2024-04-06", "description": "Hai ngày"},
        content_type=JSON,
    )
    assert answer.json()["ends_on"] == "2024-04-06" and answer.json()["title"] == "Ngày hội STEM"


def test_a_campaign_patch_replaces_its_schools_but_keeps_those_that_reported(client_for, world, rec):
    client = client_for("specialist")
    url = f"/api/v1/banner-campaigns/{rec['campaign'].pk}/"
    answer = client.patch(url, {"units": [world.school_a.pk, world.school_b.pk]}, content_type=JSON)
    assert answer.status_code == 200 and answer.json()["asked"] == 2
    assert client.patch(url, {"units": [999999]}, content_type=JSON).status_code == 400
    assert client.patch(url, {"theme": "Chủ đề mới"}, content_type=JSON).json()["asked"] == 2


def test_withdraw_and_cancel_need_a_reason_and_happen_once(client_for, rec):
    client = client_for("specialist")
    for url in (
        f"/api/v1/documents/{rec['doc'].pk}/withdraw/",
        f"/api/v1/events/{rec['event'].pk}/cancel/",
        f"/api/v1/banner-campaigns/{rec['campaign'].pk}/cancel/",
    ):
        assert client.post(url, {}, content_type=JSON).status_code == 400
        assert client.post(url, {"reason": "Trùng lịch"}, content_type=JSON).status_code == 200
        assert client.post(url, {"reason": "Trùng lịch"}, content_type=JSON).status_code == 409
    for record in rec.values():
        record.refresh_from_db()
    assert rec["doc"].status == DocumentStatus.WITHDRAWN and rec["doc"].withdraw_reason == "Trùng lịch"
    assert rec["event"].status == EventStatus.CANCELLED and rec["campaign"].status == BannerStatus.CANCELLED
    edited = client.patch(f"/api/v1/events/{rec['event'].pk}/", {"title": "X"}, content_type=JSON)
    assert edited.status_code == 409
