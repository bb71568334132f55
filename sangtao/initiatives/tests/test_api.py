"""The initiatives API: persona matrices for every endpoint, hidden scores, the public library, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sangtao.initiatives import services
from sangtao.initiatives.models import Initiative, InitiativeStatus, Score
from sangtao.testing.factories import InitiativeAuthorFactory, InitiativeFactory

from .conftest import CONTENT, MARKS

S = InitiativeStatus
PERSONAS = [
    "admin",
    "leader",
    "specialist",
    "principal_a",
    "coordinator_a",
    "teacher_a",
    "principal_b",
    "partner",
    "observer",
    "anonymous",
]
API = "/api/v1"


@pytest.fixture
def state(world, iw):
    draft = services.initiative_create(
        actor=world.teacher_a,
        campaign=iw.campaign,
        authors=[{"user": world.teacher_a, "share": 100}],
        **{**CONTENT, "title": "Bản nháp"},
    )
    reviewed = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=reviewed)
    services.score_submit(actor=world.coordinator_a, review=review, values=MARKS)
    submitted = iw.submit_by_teacher(world, title="Hồ sơ vừa nộp")
    return {"draft": draft, "reviewed": reviewed, "review": review, "submitted": submitted}


def _matrix(overrides, default):
    return [(p, overrides.get(p, default)) for p in PERSONAS]


@pytest.mark.parametrize(("persona", "expected"), _matrix({"anonymous": 401}, 200))
def test_every_signed_in_persona_lists_campaigns(client_for, iw, persona, expected):
    assert client_for(persona).get(f"{API}/initiative-campaigns/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), _matrix({"anonymous": 401, "partner": 404}, 200))
def test_a_campaign_is_read_by_the_units_it_reaches(client_for, iw, persona, expected):
    response = client_for(persona).get(f"{API}/initiative-campaigns/{iw.campaign.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"), _matrix({"anonymous": 401, "principal_b": 404, "partner": 404}, 200)
)
def test_a_submitted_initiative_is_read_within_scope(client_for, state, persona, expected):
    assert client_for(persona).get(f"{API}/initiatives/{state['reviewed'].pk}/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), _matrix({"anonymous": 401, "teacher_a": 200}, 404))
def test_a_draft_is_read_by_its_author_only(client_for, state, persona, expected):
    assert client_for(persona).get(f"{API}/initiatives/{state['draft'].pk}/").status_code == expected


def _new(world, iw):
    return {**CONTENT, "campaign": iw.campaign.pk, "authors": [{"user": world.teacher_a.pk, "share": 100}]}


@pytest.mark.parametrize(
    ("persona", "expected"),
    _matrix(
        {
            "anonymous": 401,
            "teacher_a": 201,
            "partner": 404,
            "principal_a": 400,
            "coordinator_a": 400,
            "principal_b": 400,
        },
        403,
    ),
)
def test_only_an_author_of_a_school_creates(client_for, world, iw, persona, expected):
    # School staff other than teacher_a answer 400: they must be among the authors they list.
    response = client_for(persona).post(
        f"{API}/initiatives/", _new(world, iw), content_type="application/json"
    )
    assert response.status_code == expected, response.json()


def test_create_rejects_shares_not_adding_up_with_a_vietnamese_message(client_for, world, iw):
    data = {**_new(world, iw), "authors": [{"user": world.teacher_a.pk, "share": 80}]}
    response = client_for("teacher_a").post(f"{API}/initiatives/", data, content_type="application/json")
    assert response.status_code == 400 and "phải bằng 100%" in response.json()["detail"]


@pytest.mark.parametrize(("persona", "expected"), _matrix({"anonymous": 401, "teacher_a": 200}, 404))
def test_only_the_author_edits_a_draft(client_for, state, persona, expected):
    response = client_for(persona).patch(
        f"{API}/initiatives/{state['draft'].pk}/", {"title": "Tên mới"}, content_type="application/json"
    )
    assert response.status_code == expected


def test_a_submitted_initiative_cannot_be_edited(client_for, state):
    response = client_for("teacher_a").patch(
        f"{API}/initiatives/{state['submitted'].pk}/", {"title": "Tên mới"}, content_type="application/json"
    )
    assert response.status_code == 409 and "khóa" in response.json()["detail"]


@pytest.mark.parametrize(("persona", "expected"), _matrix({"anonymous": 401, "teacher_a": 200}, 404))
def test_only_the_author_submits(client_for, state, persona, expected):
    response = client_for(persona).post(f"{API}/initiatives/{state['draft'].pk}/submit/")
    assert response.status_code == expected
    assert Initiative.objects.get(pk=state["draft"].pk).status == (
        S.SUBMITTED if expected == 200 else S.DRAFT
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    _matrix({"anonymous": 401, "teacher_a": 200, "principal_b": 404, "partner": 404}, 403),
)
def test_only_the_author_withdraws(client_for, state, persona, expected):
    assert (
        client_for(persona).post(f"{API}/initiatives/{state['submitted'].pk}/withdraw/").status_code
        == expected
    )


def test_the_detail_never_shows_a_partial_result_or_member_scores(client_for, state):
    data = client_for("teacher_a").get(f"{API}/initiatives/{state['reviewed'].pk}/").json()
    assert [r["result"] for r in data["reviews"]] == [None]
    assert "scores" not in data and "values" not in str(data)


# ── Scores: a member's own ─────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("persona", "count"),
    [("coordinator_a", 1), ("principal_a", 0), ("teacher_a", 0), ("leader", 0), ("principal_b", 0)],
)
def test_a_member_lists_only_their_own_score_sheets(client_for, state, persona, count):
    response = client_for(persona).get(f"{API}/initiative-scores/")
    assert response.status_code == 200 and response.json()["count"] == count


def test_another_members_score_sheet_is_not_found(client_for, state):
    score = Score.objects.get()
    assert client_for("coordinator_a").get(f"{API}/initiative-scores/{score.pk}/").status_code == 200
    assert client_for("principal_a").get(f"{API}/initiative-scores/{score.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    _matrix(
        {
            "anonymous": 401,
            "principal_a": 201,
            "teacher_a": 403,
            "coordinator_a": 409,
            "admin": 403,
            "leader": 403,
            "specialist": 403,
        },
        404,
    ),
)
def test_scoring_through_the_api(client_for, state, persona, expected):
    response = client_for(persona).post(
        f"{API}/initiative-scores/",
        {"review": state["review"].pk, "values": MARKS},
        content_type="application/json",
    )
    assert response.status_code == expected


def test_the_author_is_told_why_they_may_not_score(client_for, state):
    response = client_for("teacher_a").post(
        f"{API}/initiative-scores/",
        {"review": state["review"].pk, "values": MARKS},
        content_type="application/json",
    )
    assert "Bạn là tác giả" in response.json()["detail"]


# ── The public library ─────────────────────────────────────────────────────────────────────────────


def _recognised(world, iw, title):
    initiative = InitiativeFactory(
        campaign=iw.campaign,
        unit=world.school_a,
        title=title,
        status=S.RECOGNISED_OFFICE,
        recognised_on=datetime.date(2024, 3, 1),
    )
    InitiativeAuthorFactory(initiative=initiative, user=world.teacher_a)
    return initiative


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_library_is_open_to_everyone(client_for, world, iw, persona):
    wanted = _recognised(world, iw, "Sáng kiến số hóa sổ điểm danh")
    _recognised(world, iw, "Góc thư viện xanh")
    response = client_for(persona).get(f"{API}/initiative-library/", {"q": "sang kien so hoa"})
    assert response.status_code == 200 and [r["id"] for r in response.json()["results"]] == [wanted.pk]
    detail = client_for(persona).get(f"{API}/initiative-library/{wanted.pk}/").json()
    assert detail["authors"] == [world.teacher_a.get_full_name()] and detail["level"] == "office"


def test_the_library_has_no_unrecognised_initiative(client_for, state):
    assert client_for("anonymous").get(f"{API}/initiative-library/{state['reviewed'].pk}/").status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("teacher_a", "/initiatives/"),
        ("anonymous", "/initiative-library/"),
        ("specialist", "/initiative-campaigns/"),
    ],
)
def test_lists_use_as_many_queries_for_20_rows_as_for_2(client_for, world, iw, persona, url):
    client = client_for(persona)
    for i in range(2):
        _recognised(world, iw, f"Sáng kiến {i}")
    client.get(f"{API}{url}")
    few = _count(client, f"{API}{url}")
    for i in range(18):
        _recognised(world, iw, f"Sáng kiến thêm {i}")
    assert _count(client, f"{API}{url}") == few
