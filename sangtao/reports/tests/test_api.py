"""The API: create, edit, generate and follow, finalise, download — scoped like the pages; and the figures a
report prints are those of /api/v1/plans/{id}/indicators/ for the same day and scope."""

from decimal import Decimal

import pytest

from sangtao.reports.models import Report, ReportStatus


def test_the_report_prints_the_figures_the_api_serves(
    reporting, world, client_for, settings, django_capture_on_commit_callbacks
):
    # The API computes as of today: on the period's last day both speak of the same day, for the same scope.
    settings.SANGTAO_TODAY = reporting.period.end
    client = client_for("leader")
    created = client.post(
        "/api/v1/reports/",
        {"plan": reporting.plan.pk, "period": reporting.period.pk, "unit": world.office.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/reports/{created.json()['id']}/generate/")
    version = client.get(f"/api/v1/reports/{created.json()['id']}/").json()["versions"][0]
    api = client_for("observer").get(f"/api/v1/plans/{reporting.plan.pk}/indicators/").json()
    served = {row["code"]: row for row in api}
    assert len(version["figures"]) == len(served) == 2
    for figure in version["figures"]:
        row = served[figure["code"]]
        assert Decimal(figure["actual"]) == Decimal(str(row["actual"]))
        assert Decimal(figure["percent_of_target"]) == Decimal(str(row["percent_of_target"]))


def test_the_leader_generates_follows_and_finalises_through_the_api(
    reporting, world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("leader")
    report = client.post(
        "/api/v1/reports/",
        {"plan": reporting.plan.pk, "period": reporting.period.pk, "unit": world.office.pk},
        content_type="application/json",
    ).json()
    assert report["status"] == "draft" and report["kind"] == "semester1"
    edited = client.patch(
        f"/api/v1/reports/{report['id']}/", {"strengths": "Ưu điểm qua API."}, content_type="application/json"
    )
    assert edited.json()["strengths"] == "Ưu điểm qua API."
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/v1/reports/{report['id']}/generate/")
    assert started.status_code == 202 and started.json()["status"] == "generating"
    state = client.get(f"/api/v1/reports/{report['id']}/").json()
    assert (state["status"], state["progress"]) == ("ready", 100)
    version = state["versions"][0]
    assert version["pdf_url"] is None and version["pdf_error"]
    docx = client.get(version["docx_url"])
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    assert client.get(version["xlsx_url"]).status_code == 200
    assert client.post(f"/api/v1/reports/{report['id']}/finalise/").json()["status"] == "finalised"
    refused = client.patch(
        f"/api/v1/reports/{report['id']}/", {"strengths": "x"}, content_type="application/json"
    )
    assert refused.status_code == 409 and "đã hoàn tất" in refused.json()["detail"]


@pytest.mark.parametrize(("persona", "code"), [("observer", 403), ("principal_b", 404), ("teacher_a", 404)])
def test_others_cannot_write_or_see_what_is_not_theirs(generated, client_for, persona, code):
    client = client_for(persona)
    assert (
        client.patch(
            f"/api/v1/reports/{generated.pk}/", {"strengths": "x"}, content_type="application/json"
        ).status_code
        == code
    )
    assert client.post(f"/api/v1/reports/{generated.pk}/generate/").status_code == code
    assert Report.objects.get(pk=generated.pk).status == ReportStatus.READY


def test_the_observer_lists_reads_and_downloads(generated, client_for):
    client = client_for("observer")
    listed = client.get("/api/v1/reports/").json()
    assert [r["id"] for r in listed["results"]] == [generated.pk]
    version = generated.versions.get()
    assert client.get(f"/api/v1/report-versions/{version.pk}/xlsx/").status_code == 200
    assert client_for("principal_b").get(f"/api/v1/report-versions/{version.pk}/docx/").status_code == 404


def test_a_principal_creates_only_its_own_school_s_report(reporting, world, client_for):
    client = client_for("principal_a")
    body = {"plan": reporting.plan.pk, "period": reporting.period.pk}
    refused = client.post(
        "/api/v1/reports/", {**body, "unit": world.school_b.pk}, content_type="application/json"
    )
    assert refused.status_code == 403
    ok = client.post("/api/v1/reports/", {**body, "unit": world.school_a.pk}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["unit"]["id"] == world.school_a.pk
