"""The contests API: persona matrices, the judge's own assignments and scoresheets (PUT with a version),
public results once published, and list queries that do not grow with the data."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sangtao.contests import judging, services
from sangtao.contests.models import JudgeAssignment
from sangtao.testing.factories import EntryFactory, EntryMemberFactory, OrgUnitFactory

from .conftest import register
from .test_views import PERSONAS, flow  # noqa: F401 — the same judged round


@pytest.fixture
def api_for(world):
    def make(user_or_name):
        client = APIClient()
        user = world.persona(user_or_name) if isinstance(user_or_name, str) else user_or_name
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


def _criteria(cw):
    return [c.pk for c in cw.round1.criteria.all()]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_lists_the_contests_they_may_see(api_for, cw, persona):
    response = api_for(persona).get("/api/v1/contests/")
    assert response.status_code == 200 and [c["id"] for c in response.json()["results"]] == [cw.contest.pk]
    detail = api_for(persona).get(f"/api/v1/contests/{cw.contest.pk}/").json()
    assert [r["name"] for r in detail["rounds"]] == ["Vòng sơ khảo", "Vòng chung khảo"]


def test_anonymous_gets_401_outside_the_public_results(api_for, cw):
    for url in ("/api/v1/contests/", "/api/v1/contest-entries/", "/api/v1/judge-assignments/"):
        assert api_for("anonymous").get(url).status_code == 401, url


ENTRIES = {
    "specialist": {"a", "b"},
    "leader": {"a", "b"},
    "partner": {"a", "b"},
    "observer": {"a", "b"},
    "principal_a": {"a"},
    "coordinator_a": {"a"},
    "teacher_a": {"a"},
    "principal_b": {"b"},
}


@pytest.mark.parametrize(("persona", "expected"), ENTRIES.items())
def test_entries_are_the_schools_own_and_all_for_the_organiser(api_for, flow, persona, expected):  # noqa: F811
    rows = api_for(persona).get("/api/v1/contest-entries/").json()["results"]
    titles = {"Máy lọc nước mini": "a", "Thùng rác thông minh": "b"}
    assert {titles[r["title"]] for r in rows} == expected


def test_an_entry_of_another_school_is_not_found(api_for, flow):  # noqa: F811
    assert api_for("principal_b").get(f"/api/v1/contest-entries/{flow.entry_a.pk}/").status_code == 404
    body = api_for("principal_a").get(f"/api/v1/contest-entries/{flow.entry_a.pk}/").json()
    assert body["members"] == ["Huỳnh Đức Anh (lớp 8A2)", "Bùi Khánh Linh (lớp 9A1)"]
    assert api_for("observer").get(f"/api/v1/contest-entries/{flow.entry_a.pk}/").json()["members"] == [
        "H.Đ.A.",
        "B.K.L.",
    ]


def test_a_judge_lists_only_their_own_assignments(api_for, flow, cw):  # noqa: F811
    rows = api_for(cw.judge_a).get("/api/v1/judge-assignments/").json()["results"]
    assert {r["entry"]["title"] for r in rows} == {"Thùng rác thông minh"}
    theirs = JudgeAssignment.objects.get(judge=flow.judge_c, entry=flow.entry_a)
    assert api_for(cw.judge_a).get(f"/api/v1/judge-assignments/{theirs.pk}/").status_code == 404
    assert api_for("specialist").get(f"/api/v1/judge-assignments/{theirs.pk}/score/").status_code == 404


def test_a_judge_puts_a_scoresheet_with_its_version(api_for, flow, cw):  # noqa: F811
    assignment = JudgeAssignment.objects.get(judge=flow.judge_c, entry=flow.entry_a)
    url = f"/api/v1/judge-assignments/{assignment.pk}/score/"
    client = api_for(cw.judge_c)
    sheet = client.get(url).json()
    assert sheet["version"] == 0 and [c["max_points"] for c in sheet["criteria"]] == [50, 50]
    points = {str(pk): 40 for pk in _criteria(cw)}
    saved = client.put(url, {"points": points, "comment": "Tốt", "version": 0}, format="json")
    assert saved.status_code == 200 and saved.json()["total"] == 80 and saved.json()["version"] == 1
    stale = client.put(url, {"points": points, "version": 0}, format="json")
    assert stale.status_code == 409 and stale.json()["version"] == 1 and "nơi khác" in stale.json()["detail"]


def test_an_out_of_bounds_score_is_a_400_with_a_vietnamese_message(api_for, flow, cw):  # noqa: F811
    assignment = JudgeAssignment.objects.get(judge=flow.judge_c, entry=flow.entry_a)
    response = api_for(cw.judge_c).put(
        f"/api/v1/judge-assignments/{assignment.pk}/score/",
        {"points": {str(pk): 99 for pk in _criteria(cw)}, "version": 0},
        format="json",
    )
    assert response.status_code == 400 and "từ 0 đến 50" in response.json()["detail"]


def test_a_judge_from_school_a_cannot_score_school_as_entry_through_the_api(api_for, flow, cw):  # noqa: F811
    forced = JudgeAssignment.objects.create(entry=flow.entry_a, judge=flow.judge_a)
    response = api_for(cw.judge_a).put(
        f"/api/v1/judge-assignments/{forced.pk}/score/",
        {"points": {str(pk): 10 for pk in _criteria(cw)}, "version": 0},
        format="json",
    )
    assert response.status_code == 403


def test_results_are_public_once_published_with_initials_without_consent(api_for, world, flow, cw):  # noqa: F811
    url = f"/api/v1/contest-rounds/{cw.round1.pk}/results/"
    assert api_for("anonymous").get(url).status_code == 404
    assert api_for("specialist").get(url).json()["published"] is False
    for assignment in JudgeAssignment.objects.filter(entry__round=cw.round1).select_related("judge__user"):
        judging.score_save(
            actor=assignment.judge.user,
            assignment=assignment,
            points={pk: 40 if assignment.entry_id == flow.entry_a.pk else 20 for pk in _criteria(cw)},
            version=0,
        )
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    judging.round_publish(actor=world.specialist, round=cw.round1)
    body = api_for("anonymous").get(url).json()
    first = next(r for r in body["rows"] if r["title"] == "Máy lọc nước mini")
    assert body["published"] and first["award"] == "nhat" and first["names"] == ["H.Đ.A.", "B.K.L."]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("specialist", 200), ("partner", 200), ("observer", 200), ("principal_a", 200), ("anonymous", 401)],
)
def test_a_round_is_read_by_those_who_see_the_contest(api_for, cw, persona, expected):
    assert api_for(persona).get(f"/api/v1/contest-rounds/{cw.round1.pk}/").status_code == expected


def test_the_entries_list_does_not_grow_in_queries(
    api_for, world, cw, django_assert_max_num_queries, django_assert_num_queries
):
    register(world, cw)
    register(world, cw, school=world.school_b)
    client = api_for("specialist")
    client.get("/api/v1/contest-entries/")
    with django_assert_max_num_queries(12) as two:
        client.get("/api/v1/contest-entries/")
    for _ in range(18):
        entry = EntryFactory(round=cw.round1, school=OrgUnitFactory(parent=world.office), category=cw.science)
        EntryMemberFactory(entry=entry)
    with django_assert_num_queries(len(two)):
        client.get("/api/v1/contest-entries/")


def test_the_contest_list_does_not_grow_in_queries(
    api_for, world, cw, django_assert_max_num_queries, django_assert_num_queries
):
    client = api_for("principal_a")
    client.get("/api/v1/contests/")
    with django_assert_max_num_queries(8) as one:
        client.get("/api/v1/contests/")
    for i in range(10):
        services.contest_create(
            actor=world.specialist,
            organiser=world.office,
            name=f"Hội thi {i}",
            school_year=cw.contest.school_year,
            registration_opens=cw.contest.registration_opens,
            registration_closes=cw.contest.registration_closes,
        )
    with django_assert_num_queries(len(one)):
        client.get("/api/v1/contests/")


def test_the_api_paths_are_named(cw):
    assert reverse("api:contest-list") == "/api/v1/contests/"
    assert reverse("api:judge-assignment-score", args=[1]) == "/api/v1/judge-assignments/1/score/"
