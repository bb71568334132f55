"""Reports and dashboards lead to each other, and speak the same figures: for one period and one scope, a
report prints what the dashboard's page shows and what the dashboard's API serves."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from sangtao.reports import services


def _number(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.mark.parametrize("level", ["", "THCS", "TH"])
def test_the_report_the_dashboard_page_and_the_api_give_the_same_figures(
    reporting, world, client_for, level, django_capture_on_commit_callbacks
):
    report = services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office, level=level
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(actor=world.leader, report=report)
    printed = {f["code"]: f for f in report.versions.get().figures}

    client = client_for("observer")
    query = {"period": reporting.period.pk, "level": level}
    page = client.get(f"/dashboard/office/{reporting.plan.pk}/", query)
    assert page.status_code == 200
    shown = {r.indicator.code: r.result for r in page.context["indicators"]}
    api = client.get(f"/api/v1/dashboards/office/{reporting.plan.pk}/indicators/", query)
    assert api.status_code == 200
    served = {r["code"]: r for r in api.json()["indicators"]}

    assert set(printed) == set(shown) == set(served) == {"CT01", "CT02"}
    for code, figure in printed.items():
        assert _number(figure["actual"]) == _number(shown[code].overall.actual)
        assert _number(figure["actual"]) == _number(served[code]["overall"]["actual"])
        assert _number(figure["percent_of_target"]) == _number(shown[code].percent_of_target)
        assert _number(figure["percent_of_target"]) == _number(served[code]["percent_of_target"])
    # The scopes differ (a school counts in one level only), so the comparison is not vacuous.
    assert printed["CT02"]["actual"] is not None


def test_the_office_dashboard_offers_the_report_of_what_it_shows(reporting, world, client_for):
    client = client_for("leader")
    page = client.get(
        f"/dashboard/office/{reporting.plan.pk}/", {"period": reporting.period.pk, "level": "THCS"}
    )
    link = page.context["report_url"]
    assert 'id="make-report"' in page.content.decode()
    form = client.get(link).context["form"]
    assert form.initial["plan"] == reporting.plan
    assert form.initial["period"] == reporting.period.pk
    assert form.initial["unit"] == world.office
    assert form.initial["level"] == "THCS"
    # The prefilled form, sent as it stands, makes the report of that period and level.
    created = client.post(
        "/reports/new/",
        {"plan": reporting.plan.pk, "period": reporting.period.pk, "unit": world.office.pk, "level": "THCS"},
    )
    assert created.status_code == 302


def test_the_level_page_offers_the_report_of_its_level(reporting, client_for):
    page = client_for("specialist").get(
        f"/dashboard/office/{reporting.plan.pk}/level/TH/", {"period": reporting.period.pk}
    )
    query = parse_qs(urlsplit(page.context["report_url"]).query)
    assert query["level"] == ["TH"]
    assert query["period"] == [str(reporting.period.pk)]


def test_the_observer_is_not_offered_to_write_a_report(reporting, client_for):
    page = client_for("observer").get(f"/dashboard/office/{reporting.plan.pk}/")
    assert page.context["report_url"] == ""
    assert 'id="make-report"' not in page.content.decode()


def test_a_prefilled_value_outside_the_person_s_scope_is_ignored(reporting, world, client_for):
    form = (
        client_for("principal_a")
        .get("/reports/new/", {"unit": world.school_b.pk, "level": "XX"})
        .context["form"]
    )
    assert form.initial["unit"] == world.school_a
    assert "level" not in form.initial


def test_each_report_links_to_the_dashboard_of_its_period_and_scope(reporting, world, client_for):
    office = services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office
    )
    level = services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office, level="THCS"
    )
    school = services.report_create(
        actor=world.principal_a, plan=reporting.plan, period=reporting.period, unit=world.school_a
    )
    expected = {
        office: (f"/dashboard/office/{reporting.plan.pk}/", {"period": [str(reporting.period.pk)]}),
        level: (f"/dashboard/office/{reporting.plan.pk}/level/THCS/", {"period": [str(reporting.period.pk)]}),
        school: (
            f"/dashboard/school/{world.school_a.pk}/",
            {"plan": [str(reporting.plan.pk)], "period": [str(reporting.period.pk)]},
        ),
    }
    for report, (path, query) in expected.items():
        reader = "principal_a" if report is school else "observer"
        client = client_for(reader)
        link = client.get(f"/reports/{report.pk}/").context["dashboard_url"]
        assert (urlsplit(link).path, parse_qs(urlsplit(link).query)) == (path, query)
        assert client.get(link).status_code == 200
