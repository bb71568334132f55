"""The API: schemes, the score table, a school's breakdown, recompute, finalise and unlock, per persona."""

import pytest

from sangtao.emulation import services
from sangtao.emulation.models import CriterionKind, SchemeStatus, SchoolScore

from .conftest import publish_article


@pytest.fixture
def computed(world, scheme, other_school):
    publish_article(world, world.school_a)
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    return {
        "scheme": scheme,
        "a": SchoolScore.objects.get(scheme=scheme, unit=world.school_a),
        "c": SchoolScore.objects.get(scheme=scheme, unit=other_school),
    }


# list, detail, table, A's breakdown, C's breakdown
MATRIX = {
    "admin": (200, 200, 200, 200, 200),
    "leader": (200, 200, 200, 200, 200),
    "specialist": (200, 200, 200, 200, 200),
    "principal_a": (200, 200, 200, 200, 404),
    "coordinator_a": (200, 200, 200, 200, 404),
    "teacher_a": (200, 200, 200, 200, 404),
    "principal_b": (200, 404, 404, 404, 404),
    "partner": (200, 404, 404, 404, 404),
    "observer": (200, 200, 200, 200, 200),
    "anonymous": (401, 401, 401, 401, 401),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_the_api_answers_every_persona(client_for, computed, persona):
    scheme = computed["scheme"]
    paths = [
        "/api/v1/emulation-schemes/",
        f"/api/v1/emulation-schemes/{scheme.pk}/",
        f"/api/v1/emulation-schemes/{scheme.pk}/table/",
        f"/api/v1/emulation-scores/{computed['a'].pk}/",
        f"/api/v1/emulation-scores/{computed['c'].pk}/",
    ]
    assert tuple(client_for(persona).get(p).status_code for p in paths) == MATRIX[persona]


def scheme_ids(client) -> list[int]:
    return [s["id"] for s in client.get("/api/v1/emulation-schemes/").json()["results"]]


def test_the_list_holds_the_schemes_the_user_may_see(client_for, computed):
    assert scheme_ids(client_for("principal_a")) == [computed["scheme"].pk]
    assert scheme_ids(client_for("principal_b")) == []


def test_the_table_ranks_every_row_for_the_office_and_one_for_the_school(client_for, computed):
    scheme = computed["scheme"]
    office = client_for("specialist").get(f"/api/v1/emulation-schemes/{scheme.pk}/table/").json()
    assert [(r["unit"]["code"], r["total"], r["rank"]) for r in office["rows"]] == [
        ("THCS-A", "5.00", 1),
        ("THCS-C", "0.00", 2),
    ]
    assert office["reads_all"] is True
    assert [c["code"] for c in office["criteria"]] == ["TC1", "TC2"]
    school = client_for("principal_a").get(f"/api/v1/emulation-schemes/{scheme.pk}/table/").json()
    assert [r["unit"]["code"] for r in school["rows"]] == ["THCS-A"]
    assert (school["reads_all"], school["ranked"]) == (False, 2)


def test_the_breakdown_traces_each_point(client_for, computed):
    data = client_for("principal_a").get(f"/api/v1/emulation-scores/{computed['a'].pk}/").json()
    line = data["lines"][0]
    assert (line["criterion"]["code"], line["value"], line["rule_text"], line["points"]) == (
        "TC1",
        "1.00",
        "từ 1: 5 điểm; từ 2: 10 điểm",
        "5.00",
    )
    assert {"label": "Tin bài của trường", "url": f"/news/u/{computed['a'].unit_id}/"} in line["links"]
    assert data["lines"][1]["state"] == "not_scored"


def test_recompute_finalise_and_unlock(client_for, world, computed):
    scheme = computed["scheme"]
    base = f"/api/v1/emulation-schemes/{scheme.pk}"
    assert client_for("principal_a").post(f"{base}/recompute/").status_code == 403
    assert client_for("specialist").post(f"{base}/recompute/").json()["status"] == "open"
    refused = client_for("leader").post(f"{base}/finalise/")
    assert refused.status_code == 409 and "chưa chấm" in refused.json()["detail"]
    manual = scheme.criteria.get(kind=CriterionKind.MANUAL)
    services.manual_scores_set(
        actor=world.specialist,
        criterion=manual,
        entries=[(computed["a"].unit, "9", ""), (computed["c"].unit, "6", "")],
    )
    assert client_for("specialist").post(f"{base}/finalise/").status_code == 403
    assert client_for("leader").post(f"{base}/finalise/").json()["status"] == SchemeStatus.FINAL
    locked = client_for("specialist").post(f"{base}/recompute/")
    assert locked.status_code == 409 and "Bảng điểm đã chốt" in locked.json()["detail"]
    assert (
        client_for("leader").post(f"{base}/unlock/", {}, content_type="application/json").status_code == 400
    )
    unlocked = client_for("leader").post(
        f"{base}/unlock/", {"reason": "Chấm lại"}, content_type="application/json"
    )
    assert unlocked.json()["status"] == "open"
