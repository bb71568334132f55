"""The API sends documents to groups of schools, lists banner campaigns with their coverage, and takes
banner reports with a photo (multipart) — with the same rules as the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sangtao.outreach import services
from sangtao.outreach.models import Acknowledgement, BannerReport, Distribution, DocumentKind

DUE = "2099-01-31"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


@pytest.fixture
def doc(world):
    doc = services.document_create(
        actor=world.specialist,
        number="12/CN",
        issued_on=datetime.date(2023, 9, 5),
        issuer="Phòng GD&ĐT",
        kind=DocumentKind.HANDBOOK,
        summary="Cẩm nang",
    )
    # Sent once to school A, so that school A's people see the document (a 403, not a 404, for them).
    services.distribution_send(
        actor=world.specialist, document=doc, units=[world.school_a], due_on=datetime.date(2099, 1, 1)
    )
    return doc


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("specialist", 201),
        ("leader", 201),
        ("admin", 201),
        ("principal_a", 403),
        ("teacher_a", 403),
        ("principal_b", 404),
        ("partner", 404),
        ("observer", 403),
        ("anonymous", 403),
    ],
)
def test_sending_a_document_through_the_api(client_for, world, doc, persona, status):
    response = client_for(persona).post(
        "/api/v1/distributions/",
        {
            "document": doc.pk,
            "units": [world.school_a.pk, world.school_b.pk],
            "due_on": DUE,
            "note": "Phổ biến",
        },
        content_type="application/json",
    )
    assert (403 if response.status_code == 401 else response.status_code) == status
    assert Distribution.objects.count() == (2 if status == 201 else 1)
    if status == 201:
        data = response.json()
        assert (data["total"], data["done"]) == (2, 0)
        assert {a["unit"]["id"] for a in data["acknowledgements"]} == {world.school_a.pk, world.school_b.pk}


def test_sending_to_every_school_of_a_level(client_for, world, doc):
    response = client_for("specialist").post(
        "/api/v1/distributions/",
        {"document": doc.pk, "under": world.office.pk, "level": "TH", "due_on": DUE},
        content_type="application/json",
    )
    assert response.status_code == 201
    dist = Distribution.objects.get(pk=response.json()["id"])
    assert list(dist.acknowledgements.values_list("unit_id", flat=True)) == [world.school_b.pk]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"due_on": DUE}, "Hãy chọn các trường nhận"),
        ({"units": [1], "due_on": "31/01/2099"}, "due_on"),
        ({"units": [999999], "due_on": DUE}, "không tồn tại"),
        ({"units": ["school"], "due_on": DUE}, "units"),
    ],
)
def test_bad_distributions_answer_a_vietnamese_message(client_for, doc, payload, message):
    response = client_for("specialist").post(
        "/api/v1/distributions/", {"document": doc.pk, **payload}, content_type="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_past_due_date_is_refused(client_for, world, doc):
    response = client_for("specialist").post(
        "/api/v1/distributions/",
        {"document": doc.pk, "units": [world.school_a.pk], "due_on": "2000-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "quá khứ" in response.json()["detail"]
    assert Acknowledgement.objects.count() == 1


@pytest.fixture
def campaign(world):
    return services.banner_campaign_create(
        actor=world.specialist,
        theme="Ngày Đổi mới sáng tạo",
        banner_text="Đổi mới sáng tạo",
        starts_on=datetime.date(2024, 9, 25),
        ends_on=datetime.date(2024, 10, 5),
        units=[world.school_a, world.school_b],
    )


def _report(client, world, campaign, unit=None, content=PNG):
    return client.post(
        "/api/v1/banner-reports/",
        {
            "campaign": campaign.pk,
            "unit": (unit or world.school_a).pk,
            "place": "Cổng trường",
            "hung_on": "2024-09-26",
            "photo": SimpleUploadedFile("bang-ron.png", content, content_type="image/png"),
        },
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("principal_a", 201),
        ("coordinator_a", 201),
        ("teacher_a", 403),
        ("principal_b", 404),
        ("specialist", 403),
        ("partner", 404),
    ],
)
def test_a_school_reports_a_banner_with_a_photo(client_for, world, campaign, persona, status):
    response = _report(client_for(persona), world, campaign)
    assert response.status_code == status
    assert BannerReport.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        assert response.json()["photo_url"].endswith("/photo/")


def test_a_fake_photo_is_refused_with_a_message(client_for, world, campaign):
    response = _report(client_for("principal_a"), world, campaign, content=b"%PDF-1.4 not a photo")
    assert response.status_code == 400 and response.json()["detail"]
    assert not BannerReport.objects.exists()


# persona → campaigns list count, campaign detail status, coverage rows, reports list count
MATRIX = {
    "specialist": (1, 200, 2, 1),
    "admin": (1, 200, 2, 1),
    "principal_a": (1, 200, 1, 1),
    "teacher_a": (1, 200, 1, 1),
    "principal_b": (1, 200, 1, 0),
    "partner": (0, 404, None, 0),
    "observer": (1, 200, 2, 1),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_campaigns_and_reports_are_read_in_scope(client_for, world, campaign, persona):
    services.banner_report(
        actor=world.principal_a,
        campaign=campaign,
        unit=world.school_a,
        place="Cổng",
        hung_on=datetime.date(2024, 9, 26),
        photo=SimpleUploadedFile("a.png", PNG, content_type="image/png"),
    )
    client = client_for(persona)
    listed = client.get("/api/v1/banner-campaigns/").json()["count"]
    detail = client.get(f"/api/v1/banner-campaigns/{campaign.pk}/")
    coverage = len(detail.json()["coverage"]) if detail.status_code == 200 else None
    reports = client.get("/api/v1/banner-reports/", {"campaign": campaign.pk}).json()["count"]
    assert (listed, detail.status_code, coverage, reports) == MATRIX[persona]


def test_anonymous_callers_are_refused(client_for, campaign):
    client = client_for("anonymous")
    for url in [
        "/api/v1/banner-campaigns/",
        f"/api/v1/banner-campaigns/{campaign.pk}/",
        "/api/v1/banner-reports/",
    ]:
        assert client.get(url).status_code in (401, 403)
