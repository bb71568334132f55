import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sangtao.outreach import services
from sangtao.outreach.models import Acknowledgement, Document, DocumentKind
from sangtao.testing.factories import AcknowledgementFactory, DistributionFactory, DocumentFactory

DUE = datetime.date(2099, 1, 31)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
XSS = "<script>alert(1)</script>"


@pytest.fixture
def sent(world):
    """A handbook with a file, sent to school A only."""
    doc = services.document_create(
        actor=world.specialist,
        number="12/CN",
        issued_on=datetime.date(2023, 9, 5),
        issuer="Phòng GD&ĐT",
        kind=DocumentKind.HANDBOOK,
        summary="Cẩm nang đổi mới sáng tạo",
    )
    doc.file.save("cam-nang.pdf", ContentFile(PDF))
    dist = services.distribution_send(
        actor=world.specialist, document=doc, units=[world.school_a], due_on=DUE
    )
    return dist


# persona → expected status for each page (school B is outside the distribution's scope: 404).
MATRIX = {
    "admin": (200, 200, 200, 200, 200),
    "leader": (200, 200, 200, 200, 200),
    "specialist": (200, 200, 200, 200, 200),
    "principal_a": (200, 200, 200, 404, 200),
    "coordinator_a": (200, 200, 200, 404, 200),
    "teacher_a": (200, 200, 200, 404, 200),
    "principal_b": (200, 404, 404, 404, 200),
    "partner": (200, 404, 404, 404, 200),
    "observer": (200, 200, 200, 404, 200),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_it_applies_the_permission_matrix(client_for, sent, persona):
    client = client_for(persona)
    doc = sent.document
    urls = [
        reverse("outreach:library"),
        reverse("outreach:document", args=[doc.pk]),
        reverse("outreach:document_download", args=[doc.pk]),
        reverse("outreach:distribution", args=[sent.pk]),
        reverse("outreach:inbox"),
    ]
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


@pytest.mark.parametrize("name", ["library", "inbox", "document_create"])
def test_it_sends_anonymous_users_to_login(client_for, name):
    assert client_for("anonymous").get(reverse(f"outreach:{name}")).status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"), [("specialist", 200), ("principal_a", 403), ("teacher_a", 403)]
)
def test_it_lets_only_the_office_open_the_document_form(client_for, persona, status):
    assert client_for(persona).get(reverse("outreach:document_create")).status_code == status


def test_it_creates_a_document_from_the_form(client_for, world):
    response = client_for("specialist").post(
        reverse("outreach:document_create"),
        {
            "number": "5/QĐ",
            "issued_on": "05/09/2023",
            "issuer": "UBND",
            "kind": "decision",
            "summary": "Quyết định",
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().issued_on == datetime.date(2023, 9, 5)


def test_it_keeps_what_was_typed_when_the_date_is_bad(client_for, world):
    response = client_for("specialist").post(
        reverse("outreach:document_create"),
        {
            "number": "5/QĐ",
            "issued_on": "31/02/2023",
            "issuer": "UBND",
            "kind": "decision",
            "summary": "Giữ lại tôi",
        },
    )
    assert response.status_code == 200
    assert "Giữ lại tôi" in response.content.decode()


def test_it_sends_a_document_to_every_school_of_a_level(client_for, world):
    doc = DocumentFactory()
    response = client_for("specialist").post(
        reverse("outreach:distribution_send", args=[doc.pk]),
        {
            "under": world.office.pk,
            "level": "TH",
            "due_on": "31/01/2099",
        },
    )
    assert response.status_code == 302
    assert list(Acknowledgement.objects.values_list("unit_id", flat=True)) == [world.school_b.pk]


def test_it_refuses_sending_by_a_school(client_for, world):
    doc = DocumentFactory()
    response = client_for("principal_a").post(
        reverse("outreach:distribution_send", args=[doc.pk]),
        {"under": world.office.pk, "due_on": "31/01/2099"},
    )
    assert response.status_code == 403


def test_it_acknowledges_in_one_click_and_the_office_sees_it(client_for, world, sent):
    ack = sent.acknowledgements.get()
    office = client_for("specialist")
    page = office.get(reverse("outreach:distribution", args=[sent.pk])).content.decode()
    assert 'class="pending"' in page and "0/1" in page
    assert client_for("principal_a").post(reverse("outreach:acknowledge", args=[ack.pk])).status_code == 302
    page = office.get(reverse("outreach:distribution", args=[sent.pk])).content.decode()
    assert 'class="pending"' not in page and "1/1" in page


def test_it_returns_404_when_a_school_acknowledges_for_another(client_for, world, sent):
    ack = sent.acknowledgements.get()
    assert client_for("principal_b").post(reverse("outreach:acknowledge", args=[ack.pk])).status_code == 404
    assert client_for("teacher_a").post(reverse("outreach:acknowledge", args=[ack.pk])).status_code == 404
    assert Acknowledgement.objects.get().received_at is None


def test_it_exports_the_acknowledgements_to_xlsx(client_for, sent):
    response = client_for("specialist").get(reverse("outreach:distribution", args=[sent.pk]) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_finds_documents_without_diacritics(client_for, sent):
    DocumentFactory(summary="Công văn khác")
    page = (
        client_for("specialist").get(reverse("outreach:library"), {"q": "cam nang doi moi"}).content.decode()
    )
    assert "Cẩm nang đổi mới sáng tạo" in page and "Công văn khác" not in page


def test_it_escapes_every_text_field(client_for, world):
    doc = DocumentFactory(number=XSS, issuer=XSS, summary=XSS)
    dist = DistributionFactory(document=doc, sender_unit=world.office, note=XSS)
    AcknowledgementFactory(distribution=dist, unit=world.school_a, note=XSS)
    client = client_for("specialist")
    for url in [
        reverse("outreach:library"),
        reverse("outreach:document", args=[doc.pk]),
        reverse("outreach:distribution", args=[dist.pk]),
    ]:
        body = client.get(url).content.decode()
        assert XSS not in body and "&lt;script&gt;" in body
    body = client_for("principal_a").get(reverse("outreach:inbox")).content.decode()
    assert XSS not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("n", [2, 20])
def test_it_keeps_query_counts_flat(client_for, world, django_assert_max_num_queries, n):
    dist = DistributionFactory(sender_unit=world.office)
    for i in range(n):
        doc = DocumentFactory()
        AcknowledgementFactory(
            distribution=DistributionFactory(document=doc, sender_unit=world.office), unit=world.school_a
        )
        AcknowledgementFactory(distribution=dist, unit=OrgUnitFactory_school(world, i))
    office, school = client_for("specialist"), client_for("principal_a")
    with django_assert_max_num_queries(12):
        assert office.get(reverse("outreach:library")).status_code == 200
    with django_assert_max_num_queries(12):
        assert office.get(reverse("outreach:distribution", args=[dist.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert school.get(reverse("outreach:inbox")).status_code == 200


def OrgUnitFactory_school(world, i):  # noqa: N802
    from sangtao.testing.factories import OrgUnitFactory

    return OrgUnitFactory(parent=world.office, code=f"S-{i}", level="TH")
