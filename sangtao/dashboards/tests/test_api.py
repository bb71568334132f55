"""The dashboards' API: the same figures as the pages for the same period and level, scoped like them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sangtao.dashboards.selectors import Filters, office_dashboard

from .conftest import report, set_value

pytestmark = pytest.mark.django_db


def _api(dw, tail=""):
    return f"/api/v1/dashboards/office/{dw.plan.pk}/{tail}"


def _values(world, dw):
    set_value(dw.share, world.school_a, 1)
    set_value(dw.share, world.school_b, 0)
    set_value(dw.count, world.school_a, 3)
    set_value(dw.count, world.school_b, 5)


@pytest.mark.parametrize("level", ["", "TH", "THCS"])
@pytest.mark.parametrize("with_period", [False, True])
def test_the_dashboard_page_and_the_api_give_the_same_figures(client_for, world, dw, level, with_period):
    _values(world, dw)
    query = "&".join(
        x for x in [f"period={dw.semester.pk}" if with_period else "", f"level={level}" if level else ""] if x
    )
    client = client_for("leader")
    body = client.get(reverse("dashboards:office", args=[dw.plan.pk]) + f"?{query}").content.decode()
    page = {
        code: re.sub(r"\s+", " ", cell)
        for code, cell in re.findall(
            r'<tr data-code="(CT\d+)">.*?<td class="num actual">(.*?)</td>', body, re.S
        )
    }
    api = client.get(_api(dw, "indicators/") + f"?{query}").json()
    summary = client.get(_api(dw) + f"?{query}").json()
    assert api["as_of"] == summary["as_of"] == ("2024-01-10" if with_period else "2024-03-15")
    for row, brief in zip(api["indicators"], summary["indicators"], strict=True):
        actual = row["overall"]["actual"]
        assert brief["overall"] == row["overall"]
        assert brief["percent_of_target"] == row["percent_of_target"]
        if actual is None:
            assert "Chưa có số liệu" in page[row["code"]]
        else:
            shown = f"{Decimal(str(actual)):.1f}".replace(".", ",").removesuffix(",0")
            assert f"<strong>{shown}" in page[row["code"]], (row["code"], page[row["code"]], actual)
    expected = {"": Decimal(8), "TH": Decimal(5), "THCS": Decimal(3)}[level]
    count = next(r for r in api["indicators"] if r["code"] == "CT02")
    assert Decimal(str(count["overall"]["actual"])) == expected
    assert sum(Decimal(str(u["value"])) for u in count["units"]) == expected


def test_the_api_summary_is_the_office_dashboard(client_for, world, dw):
    _values(world, dw)
    report(dw.semester, world.school_a, datetime.date(2024, 1, 20))
    data = client_for("observer").get(_api(dw)).json()
    dash = office_dashboard(world.observer, dw.plan, Filters())
    assert data["unit_count"] == dash["unit_count"] == 2
    assert data["attention"]["overdue_count"] == dash["attention"]["overdue_count"] == 2
    assert [u["id"] for u in data["attention"]["late_reports"][0]["missing"]] == [world.school_b.pk]
    assert [u["id"] for u in data["attention"]["late_reports"][0]["late"]] == [world.school_a.pk]
    assert len(data["indicators"][0]["trend"]) == len(dash["months"]) == 7


def test_indicator_values_narrow_to_a_unit_in_scope(client_for, world, dw):
    _values(world, dw)
    data = client_for("leader").get(_api(dw, "indicators/") + f"?unit={world.school_b.pk}").json()
    count = next(r for r in data["indicators"] if r["code"] == "CT02")
    assert [u["unit"]["id"] for u in count["units"]] == [world.school_b.pk]
    assert count["overall"]["actual"] == 5


def test_reporting_rates_in_the_api(client_for, world, dw):
    report(dw.semester, world.school_a, datetime.date(2024, 1, 12))
    data = client_for("specialist").get(_api(dw, "reporting/") + "?level=THCS").json()
    assert data["selected"]["period"]["id"] == dw.semester.pk
    assert data["selected"]["total"] == {
        "expected": 1,
        "submitted": 1,
        "on_time": 1,
        "rate": 1.0,
        "timely_rate": 1.0,
    }
    assert data["units"][0]["state"] == "on_time"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("leader", 200), ("observer", 200), ("principal_a", 403), ("partner", 404), ("anonymous", 401)],
)
def test_the_office_api_is_scoped_like_the_page(client_for, world, dw, persona, expected):
    for tail in ("", "indicators/", "reporting/"):
        assert client_for(persona).get(_api(dw, tail)).status_code == expected


def test_a_wrong_filter_is_a_clear_message(client_for, world, dw, pw):
    client = client_for("leader")
    response = client.get(_api(dw) + f"?period={pw.period.pk}")
    assert response.status_code == 400 and response.json()["detail"] == "Kỳ báo cáo không thuộc kế hoạch này."
    assert client.get(_api(dw) + "?level=XYZ").status_code == 400
    assert client.get(_api(dw, "indicators/") + f"?unit={world.partner_unit.pk}").status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("principal_a", 200), ("teacher_a", 200), ("leader", 200), ("observer", 200), ("principal_b", 404)],
)
def test_the_school_api_is_for_whoever_reads_the_school(client_for, world, dw, persona, expected):
    response = client_for(persona).get(f"/api/v1/dashboards/school/{world.school_a.pk}/?plan={dw.plan.pk}")
    assert response.status_code == expected


def test_the_school_api_gives_its_standing_and_todo(client_for, world, dw):
    _values(world, dw)
    data = (
        client_for("principal_a")
        .get(f"/api/v1/dashboards/school/{world.school_a.pk}/?plan={dw.plan.pk}")
        .json()
    )
    standing = {s["code"]: s for s in data["standings"]}
    assert standing["CT01"]["met"] is True and standing["CT02"]["value"] == 3
    assert [p["period"]["id"] for p in data["todo"]["periods_to_report"]] == [dw.semester.pk, dw.year_end.pk]
    assert data["implements"] is True
