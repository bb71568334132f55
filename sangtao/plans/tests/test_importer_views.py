"""The importer's pages and API: office staff only, errors on the same page, constant queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from sangtao.plans.importer import services
from sangtao.plans.importer.draft import iter_nodes
from sangtao.plans.models import Plan, PlanImport

from . import importer_docs as docs


@pytest.fixture(autouse=True)
def vietnamese():
    # Messages are asserted in Vietnamese; a test elsewhere may leave English active in this thread.
    with translation.override("vi"):
        yield


@pytest.fixture
def draft(world):
    return services.plan_import_start(actor=world.specialist, office=world.office, text=docs.stem_day_text())


@pytest.mark.parametrize(
    "persona, code",
    [
        ("specialist", 200),
        ("leader", 200),
        ("admin", 200),
        ("principal_a", 403),
        ("teacher_a", 403),
        ("partner", 403),
        ("observer", 403),
    ],
)
def test_only_office_staff_open_the_importer(client_for, persona, code):
    assert client_for(persona).get(reverse("plans:import_start")).status_code == code
    assert client_for(persona).get(reverse("plans:import_list")).status_code == code


@pytest.mark.parametrize("persona", ["principal_a", "partner", "observer"])
def test_a_draft_is_not_found_outside_the_office(client_for, draft, persona):
    assert client_for(persona).get(reverse("plans:import_review", args=[draft.pk])).status_code == 404
    assert client_for(persona).get(reverse("plans:import_file", args=[draft.pk])).status_code == 404


def test_uploading_a_docx_opens_its_review(client_for, world):
    upload = SimpleUploadedFile("kh.docx", docs.docx_bytes(docs.stem_day_text()))
    response = client_for("specialist").post(
        reverse("plans:import_start"), {"office": world.office.pk, "file": upload}
    )
    draft = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:import_review", args=[draft.pk]
    )
    page = client_for("specialist").get(response["Location"]).content.decode()
    assert "Tổ chức Ngày hội STEM" in page and 'id="p-0"' in page and "Căn cứ đề xuất" in page
    download = client_for("leader").get(reverse("plans:import_file", args=[draft.pk]))
    assert (
        download["Content-Disposition"].startswith("attachment")
        and download["X-Content-Type-Options"] == "nosniff"
    )


def test_an_unreadable_document_shows_the_message_and_the_text_it_read(client_for, world):
    upload = SimpleUploadedFile("cv.docx", docs.docx_bytes(docs.NO_STRUCTURE, header_table=False))
    response = client_for("specialist").post(
        reverse("plans:import_start"), {"office": world.office.pk, "file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Không nhận ra cấu trúc" in body
    assert "Kính gửi: Hiệu trưởng các trường." in body  # put back in the text box, to be corrected
    assert PlanImport.objects.count() == 0
    response = client_for("specialist").post(
        reverse("plans:import_start"),
        {"office": world.office.pk, "file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 ...")},
    )
    assert "Tệp PDF" in response.content.decode()


def test_a_task_is_corrected_on_its_page(client_for, world, draft):
    node = next(n for n in iter_nodes(draft.proposal["nodes"], kind="task") if n["number"] == "I.2.1")
    url = reverse("plans:import_node", args=[draft.pk, node["id"]])
    client = client_for("specialist")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": draft.version,
            "kind": "task",
            "title": "Tổ chức vòng trường",
            "lead": world.team_mn.pk,
            "levels": ["TH"],
            "end": "20/03/2024",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    node = next(n for n in iter_nodes(draft.proposal["nodes"]) if n["id"] == node["id"])
    assert (node["title"], node["lead"], node["end"]) == (
        "Tổ chức vòng trường",
        world.team_mn.pk,
        "2024-03-20",
    )
    stale = client.post(url, {"version": 1, "kind": "task", "title": "Cũ"})
    assert stale.status_code == 200 and "tải lại" in stale.content.decode()
    assert "Cũ" in stale.content.decode()  # the form is kept


def test_header_errors_stay_on_the_review_page(client_for, draft):
    response = client_for("specialist").post(
        reverse("plans:import_header", args=[draft.pk]),
        {
            "version": draft.version,
            "number": "112/KH-GDĐT",
            "title": "Kế hoạch",
            "year": 2024,
            "default_start": "31/05/2024",
            "default_end": "01/01/2024",
            "bases_text": "Căn cứ A",
        },
    )
    assert response.status_code == 400 and "Ngày bắt đầu mặc định" in response.content.decode()


def test_creating_the_plan_leads_to_it(client_for, draft):
    response = client_for("leader").post(
        reverse("plans:import_confirm", args=[draft.pk]), {"version": draft.version}
    )
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.tasks.filter(kind="task").count() == 11


def test_review_page_queries_do_not_grow_with_the_draft(client_for, world, django_assert_max_num_queries):
    small = services.plan_import_start(actor=world.specialist, office=world.office, text=docs.PASTED)
    big = services.plan_import_start(actor=world.specialist, office=world.office, text=docs.stem_day_text())
    client = client_for("specialist")
    client.get(reverse("plans:import_review", args=[small.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("plans:import_review", args=[small.pk]))
    with django_assert_max_num_queries(len(queries.captured_queries)):
        client.get(reverse("plans:import_review", args=[big.pk]))
    for _ in range(12):
        services.plan_import_start(actor=world.specialist, office=world.office, text=docs.PASTED)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:import_list"))
    for _ in range(20):
        services.plan_import_start(actor=world.specialist, office=world.office, text=docs.PASTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("plans:import_list"))


def test_the_api_uploads_a_document_and_returns_the_draft(client_for, world):
    client = client_for("specialist")
    upload = SimpleUploadedFile("kh.docx", docs.docx_bytes(docs.stem_day_text()))
    response = client.post("/api/v1/plan-imports/", {"file": upload})
    assert response.status_code == 201
    body = response.json()
    assert body["proposal"]["header"]["number"] == "112/KH-GDĐT" and body["status"] == "draft"
    listed = client.get("/api/v1/plan-imports/").json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]
    bad = client.post("/api/v1/plan-imports/", {"text": docs.NO_STRUCTURE}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["text"].startswith("Kính gửi")
    assert client_for("principal_a").get(f"/api/v1/plan-imports/{body['id']}/").status_code == 404
    assert (
        client_for("principal_a")
        .post("/api/v1/plan-imports/", {"text": docs.DECISION}, content_type="application/json")
        .status_code
        == 403
    )
