"""The API: schemes, the score table, a school's breakdown, recompute, finalise and unlock, per persona."""

from decimal import Decimal

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


def test_the_office_sets_a_hand_score_with_a_comment_through_the_api(client_for, world, computed):
    scheme = computed["scheme"]
    manual = scheme.criteria.get(kind=CriterionKind.MANUAL)
    url = f"/api/v1/emulation-schemes/{scheme.pk}/manual-score/"
    body = {"criterion": manual.pk, "unit": world.school_a.pk, "points": "7.5", "comment": "Tổ chức tốt"}
    for persona, status in (
        ("principal_a", 403),
        ("coordinator_a", 403),
        ("observer", 403),
        ("principal_b", 404),
    ):
        assert client_for(persona).post(url, body, content_type="application/json").status_code == status
    assert client_for("anonymous").post(url, body, content_type="application/json").status_code == 401
    answer = client_for("specialist").post(url, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    line = next(x for x in answer.json()["lines"] if x["criterion"]["code"] == manual.code)
    assert line["state"] == "hand_scored" and line["comment"] == "Tổ chức tốt" and line["points"] == "7.50"
    item = computed["a"].items.get(criterion=manual)
    assert (item.points, item.comment, item.scored_by) == (Decimal("7.50"), "Tổ chức tốt", world.specialist)
    # Bad input: a clear message and nothing saved.
    too_many = client_for("specialist").post(url, {**body, "points": "999"}, content_type="application/json")
    assert too_many.status_code == 400 and "Điểm phải từ 0 đến" in too_many.json()["detail"]
    computed_criterion = scheme.criteria.exclude(kind=CriterionKind.MANUAL).first()
    wrong = client_for("specialist").post(
        url, {**body, "criterion": computed_criterion.pk}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "không chấm tay" in wrong.json()["detail"]
    outsider = client_for("specialist").post(
        url, {**body, "unit": world.school_b.pk}, content_type="application/json"
    )
    assert outsider.status_code == 400 and "unit" in outsider.json()["errors"]
    item.refresh_from_db()
    assert item.points == Decimal("7.50")
    # Clearing with null; then refused once the scheme is finalised.
    cleared = client_for("specialist").post(url, {**body, "points": None}, content_type="application/json")
    assert cleared.status_code == 200
    services.manual_scores_set(
        actor=world.specialist,
        criterion=manual,
        entries=[(computed["a"].unit, "9", ""), (computed["c"].unit, "6", "")],
    )
    services.scheme_finalise(actor=world.leader, scheme=scheme)
    locked = client_for("specialist").post(url, body, content_type="application/json")
    assert locked.status_code == 409 and "Bảng điểm đã chốt" in locked.json()["detail"]
    item.refresh_from_db()
    assert item.points == Decimal("9.00")
