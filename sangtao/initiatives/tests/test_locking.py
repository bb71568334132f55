"""Two co-authors edit the same draft: the second save is refused, keeps what was typed, overwrites nothing."""

import json

import pytest
from django.urls import reverse

from sangtao.initiatives import services
from sangtao.initiatives.models import Initiative, Score
from sangtao.testing.concurrency import POSTGRES_ONLY, at_once
from sangtao.testing.forms import STALE, edit_twice

from .conftest import CONTENT, MARKS


@pytest.fixture
def draft(world, iw):
    return services.initiative_create(
        actor=world.teacher_a,
        campaign=iw.campaign,
        authors=[{"user": world.teacher_a, "share": 60}, {"user": world.coordinator_a, "share": 40}],
        **CONTENT,
    )


def test_the_second_of_two_edits_of_an_initiative_is_refused_and_keeps_what_was_typed(client_for, draft):
    page = edit_twice(
        client_for("teacher_a"),
        client_for("coordinator_a"),
        reverse("initiatives:edit", args=[draft.pk]),
        first_changes={"title": "Sổ chuyên cần điện tử (giáo viên sửa)"},
        second_changes={"title": "Sổ chuyên cần điện tử (phụ trách sửa)"},
    )
    assert STALE in page.content.decode()
    assert "Sổ chuyên cần điện tử (phụ trách sửa)" in page.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Sổ chuyên cần điện tử (giáo viên sửa)", 1)


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_a_patch_from_a_stale_version_answers_409_and_changes_nothing(client_for, draft):
    first, second = client_for("teacher_a"), client_for("coordinator_a")
    url = f"/api/v1/initiatives/{draft.pk}/"
    assert [c.get(url).json()["version"] for c in (first, second)] == [0, 0]
    assert _patch(first, url, {"title": "Bản của giáo viên", "version": 0}).status_code == 200
    refused = _patch(second, url, {"title": "Bản của phụ trách", "version": 0})
    assert refused.status_code == 409
    assert STALE in refused.json()["detail"] and refused.json()["version"] == 1
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Bản của giáo viên", 1)


def test_a_patch_without_a_version_still_saves_and_moves_the_version_on(client_for, draft):
    answer = _patch(client_for("teacher_a"), f"/api/v1/initiatives/{draft.pk}/", {"title": "Không gửi phiên bản"})
    assert (answer.status_code, answer.json()["title"], answer.json()["version"]) == (200, "Không gửi phiên bản", 1)


@pytest.mark.skipif(**POSTGRES_ONLY)
@pytest.mark.django_db(transaction=True)
def test_two_council_members_scoring_the_same_application_at_once_are_both_kept(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    outcomes = at_once(
        lambda: services.score_submit(actor=world.principal_a, review=review, values=MARKS),
        lambda: services.score_submit(actor=world.coordinator_a, review=review, values={**MARKS, "benefit": 6}),
    )
    assert [type(o) for o in outcomes] == [Score, Score]
    kept = Score.objects.filter(initiative=initiative, council=iw.school_council)
    assert sorted(kept.values_list("member__user__username", flat=True)) == ["coordinator_a", "principal_a"]


@pytest.mark.skipif(**POSTGRES_ONLY)
@pytest.mark.django_db(transaction=True)
def test_of_two_co_authors_saving_the_same_version_at_once_exactly_one_wins(world, iw):
    initiative = services.initiative_create(
        actor=world.teacher_a,
        campaign=iw.campaign,
        authors=[{"user": world.teacher_a, "share": 60}, {"user": world.coordinator_a, "share": 40}],
        **CONTENT,
    )
    outcomes = at_once(
        lambda: services.initiative_update(actor=world.teacher_a, initiative=initiative, title="A", version=0),
        lambda: services.initiative_update(actor=world.coordinator_a, initiative=initiative, title="B", version=0),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Initiative", "StaleVersionError"]
    winner = next(o for o in outcomes if isinstance(o, Initiative))
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == (winner.title, 1)
