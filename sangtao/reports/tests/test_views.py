"""The pages: who sees and does what, the progress the page polls, downloads, and flat query counts."""

import pytest
from django.urls import reverse

from sangtao.reports.models import Report, ReportStatus
from sangtao.testing.factories import OrgUnitFactory

from .factories import ReportFactory

READERS = {"admin", "leader", "specialist", "observer"}


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "leader",
        "specialist",
        "observer",
        "principal_a",
        "coordinator_a",
        "teacher_a",
        "principal_b",
        "partner",
        "anonymous",
    ],
)
def test_the_office_report_is_read_by_the_office_and_the_observer_only(generated, client_for, persona):
    client = client_for(persona)
    version = generated.versions.get()
    pages = [
        reverse("reports:detail", args=[generated.pk]),
        reverse("reports:preview", args=[generated.pk]),
        reverse("reports:download", args=[version.pk, "docx"]),
        reverse("reports:download", args=[version.pk, "xlsx"]),
    ]
    expected = 200 if persona in READERS else (302 if persona == "anonymous" else 404)
    assert [client.get(url).status_code for url in pages] == [expected] * 4


def test_a_school_report_is_read_by_its_own_school_and_the_office(reporting, world, client_for):
    report = ReportFactory(plan=reporting.plan, period=reporting.period, unit=world.school_a)
    url = reverse("reports:detail", args=[report.pk])
    codes = {
        p: client_for(p).get(url).status_code
        for p in ("principal_a", "coordinator_a", "specialist", "observer", "principal_b", "teacher_a")
    }
    assert codes == {
        "principal_a": 200,
        "coordinator_a": 200,
        "specialist": 200,
        "observer": 200,
        "principal_b": 404,
        "teacher_a": 404,
    }


def test_the_observer_reads_but_never_edits_generates_or_finalises(generated, client_for):
    client = client_for("observer")
    page = client.get(reverse("reports:detail", args=[generated.pk])).content.decode()
    assert 'name="strengths"' not in page and f"reports/{generated.pk}/generate" not in page
    assert client.post(reverse("reports:detail", args=[generated.pk]), {"strengths": "x"}).status_code == 403
    assert client.post(reverse("reports:generate", args=[generated.pk])).status_code == 403
    assert client.post(reverse("reports:finalise", args=[generated.pk])).status_code == 403
    assert Report.objects.get(pk=generated.pk).status == ReportStatus.READY


def test_a_principal_creates_the_report_of_its_own_school_only(reporting, world, client_for):
    client = client_for("principal_a")
    form = client.get(reverse("reports:create"))
    assert form.status_code == 200
    assert list(form.context["form"].fields["unit"].queryset) == [world.school_a]
    refused = client.post(
        reverse("reports:create"),
        {"plan": reporting.plan.pk, "period": reporting.period.pk, "unit": world.school_b.pk},
    )
    assert refused.status_code == 400
    response = client.post(
        reverse("reports:create"),
        {"plan": reporting.plan.pk, "period": reporting.period.pk, "unit": world.school_a.pk},
    )
    report = Report.objects.get()
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert report.unit == world.school_a
    assert client_for("teacher_a").get(reverse("reports:create")).status_code == 403
    assert client_for("observer").get(reverse("reports:create")).status_code == 403


def test_the_leader_edits_generates_and_finalises_on_the_page(
    reporting, world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("leader")
    client.post(
        reverse("reports:create"),
        {"plan": reporting.plan.pk, "period": reporting.period.pk, "unit": world.office.pk, "level": ""},
    )
    report = Report.objects.get()
    form = client.get(reverse("reports:detail", args=[report.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(signed_on="12/01/2024", strengths="Các trường triển khai nghiêm túc.")
    assert client.post(reverse("reports:detail", args=[report.pk]), data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:generate", args=[report.pk])).status_code == 302
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Văn bản (.docx)" in page and "Không tạo được bản PDF" in page
    client.post(reverse("reports:finalise", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.FINALISED and report.strengths == "Các trường triển khai nghiêm túc."
    data["strengths"] = "Sửa sau khi ký."
    refused = client.post(reverse("reports:detail", args=[report.pk]), data)
    assert refused.status_code == 400
    assert "đã hoàn tất" in refused.content.decode()
    assert Report.objects.get(pk=report.pk).strengths == "Các trường triển khai nghiêm túc."


def test_bad_input_is_shown_with_the_form_kept(generated, client_for):
    response = client_for("leader").post(
        reverse("reports:detail", args=[generated.pk]),
        {"title": "Tiêu đề mới giữ lại", "signed_on": "31/02/2024"},
    )
    assert response.status_code == 400
    assert "Tiêu đề mới giữ lại" in response.content.decode()


def test_the_progress_fragment_polls_while_generating_and_reloads_when_done(generated, client_for):
    client = client_for("leader")
    Report.objects.filter(pk=generated.pk).update(
        status=ReportStatus.GENERATING, progress=40, progress_step="Vẽ biểu đồ, soạn văn bản"
    )
    url = reverse("reports:progress", args=[generated.pk])
    fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in html and 'value="40"' in html and "Vẽ biểu đồ" in html
    Report.objects.filter(pk=generated.pk).update(status=ReportStatus.READY, progress=100)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"


def test_the_preview_shows_the_tables_and_the_charts(generated, client_for):
    html = client_for("observer").get(reverse("reports:preview", args=[generated.pk])).content.decode()
    assert "Kết quả thực hiện các chỉ tiêu" in html
    assert html.count('src="data:image/svg+xml;base64,') == 3
    assert "<script" not in html.split("</head>", 1)[1]


def test_the_pdf_link_is_a_404_when_there_is_no_pdf(generated, client_for):
    version = generated.versions.get()
    assert client_for("leader").get(reverse("reports:download", args=[version.pk, "pdf"])).status_code == 404
    assert client_for("leader").get(reverse("reports:download", args=[version.pk, "exe"])).status_code == 404


@pytest.mark.parametrize("n", [1, 8])
def test_the_report_pages_keep_a_flat_query_count(
    reporting, world, client_for, django_assert_max_num_queries, django_capture_on_commit_callbacks, n
):
    from sangtao.reports import services

    schools = [OrgUnitFactory(parent=world.office, code=f"S-{i}", level="TH") for i in range(n)]
    for i, school in enumerate(schools):
        ReportFactory(plan=reporting.plan, period=reporting.period, unit=school, title=f"Báo cáo {i}")
    report = ReportFactory(plan=reporting.plan, period=reporting.period, unit=world.office)
    for _ in range(n):
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
        with django_capture_on_commit_callbacks(execute=True):
            services.report_generate(actor=world.leader, report=report)
    client = client_for("leader")
    with django_assert_max_num_queries(9):
        assert client.get(reverse("reports:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:progress", args=[report.pk])).status_code == 200
