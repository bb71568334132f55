"""The observer (UBND) reads every dashboard and report page, and every write under /dashboard*, /reports/
and their API answers 403. The pages are found by walking the URL conf, so a new page is swept too."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sangtao.reports.models import ReportStatus

NAMESPACES = ("dashboards", "reports")


def _names():
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace in NAMESPACES:
            for sub in p.url_patterns:
                if isinstance(sub, URLPattern):
                    yield f"{p.namespace}:{sub.name}", sub


@pytest.fixture
def urls(generated, reporting, world):
    version = generated.versions.get()
    args = {
        "plan_pk": reporting.plan.pk,
        "level": "THCS",
        "unit_pk": world.school_a.pk,
        "pk": generated.pk,
        "kind": "docx",
    }
    found = {}
    for name, pattern in _names():
        kwargs = {k: args[k] for k in pattern.pattern.converters}
        if name == "reports:download":
            kwargs["pk"] = version.pk
        if name == "dashboards:partner":
            continue  # the partner's own landing page, for partners only

        found[name] = reverse(name, kwargs=kwargs)
    return found


WRITES = {
    "reports:create",
    "reports:detail",
    "reports:generate",
    "reports:finalise",
    "dashboards:snapshots_refresh",
}


def test_the_observer_reads_every_page(urls, client_for):
    client = client_for("observer")
    assert len(urls) >= 12
    for name, url in urls.items():
        if name in WRITES - {"reports:detail"}:
            continue
        assert client.get(url).status_code == 200, name


def test_every_write_of_the_pages_is_refused_to_the_observer(urls, client_for, generated):
    client = client_for("observer")
    for name in sorted(WRITES):
        assert client.post(urls[name], {"strengths": "x"}).status_code == 403, name
    generated.refresh_from_db()
    assert generated.status == ReportStatus.READY and generated.strengths != "x"


def test_every_write_of_the_api_is_refused_to_the_observer(generated, reporting, world, client_for):
    client = client_for("observer")
    writes = [
        (
            "post",
            "/api/v1/reports/",
            {"plan": reporting.plan.pk, "period": reporting.period.pk, "unit": world.office.pk},
        ),
        ("patch", f"/api/v1/reports/{generated.pk}/", {"strengths": "x"}),
        ("post", f"/api/v1/reports/{generated.pk}/generate/", {}),
        ("post", f"/api/v1/reports/{generated.pk}/finalise/", {}),
    ]
    for method, url, data in writes:
        response = getattr(client, method)(url, data, content_type="application/json")
        assert response.status_code == 403, (method, url, response.status_code)
    # The dashboards' API has no write at all: a POST is refused as a method it does not have.
    for url in (
        f"/api/v1/dashboards/office/{reporting.plan.pk}/",
        f"/api/v1/dashboards/office/{reporting.plan.pk}/indicators/",
        f"/api/v1/dashboards/office/{reporting.plan.pk}/reporting/",
        f"/api/v1/dashboards/school/{world.school_a.pk}/",
    ):
        assert client.post(url, {}, content_type="application/json").status_code in (403, 405), url
    reads = [
        "/api/v1/reports/",
        f"/api/v1/reports/{generated.pk}/",
        f"/api/v1/dashboards/office/{reporting.plan.pk}/",
        f"/api/v1/dashboards/office/{reporting.plan.pk}/indicators/",
        f"/api/v1/dashboards/office/{reporting.plan.pk}/reporting/",
    ]
    for url in reads:
        assert client.get(url).status_code == 200, url
