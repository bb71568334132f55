"""Two people edit the same task or the same assignment's report: the second save is refused with a clear
message, the form keeps what was typed, and the first save stays."""

import json

import pytest
from django.urls import reverse

from sangtao.plans import services
from sangtao.plans.models import Assignment
from sangtao.testing.concurrency import POSTGRES_ONLY, at_once
from sangtao.testing.forms import STALE, edit_twice


def test_the_second_of_two_edits_of_a_task_is_refused_and_keeps_what_was_typed(client_for, pw):
    page = edit_twice(
        client_for("specialist"),
        client_for("leader"),
        reverse("plans:task_edit", args=[pw.plan.pk, pw.task.pk]),
        first_changes={"title": "Thành lập câu lạc bộ (chuyên viên sửa)"},
        second_changes={"title": "Thành lập câu lạc bộ (lãnh đạo sửa)"},
    )
    assert STALE in page.content.decode()
    assert "Thành lập câu lạc bộ (lãnh đạo sửa)" in page.content.decode()
    pw.task.refresh_from_db()
    assert (pw.task.title, pw.task.version) == ("Thành lập câu lạc bộ (chuyên viên sửa)", 1)


def test_the_second_of_two_progress_reports_is_refused_and_keeps_what_was_typed(client_for, pw):
    page = edit_twice(
        client_for("principal_a"),
        client_for("coordinator_a"),
        reverse("plans:assignment", args=[pw.a.pk]),
        action=reverse("plans:assignment_progress", args=[pw.a.pk]),
        first_changes={"progress": "60", "report_text": "Báo cáo của hiệu trưởng"},
        second_changes={"progress": "30", "report_text": "Báo cáo của cán bộ phụ trách"},
    )
    assert page.status_code == 400
    assert STALE in page.content.decode()
    assert "Báo cáo của cán bộ phụ trách" in page.content.decode()
    pw.a.refresh_from_db()
    assert (pw.a.progress, pw.a.report_text, pw.a.version) == (60, "Báo cáo của hiệu trưởng", 1)


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_a_patch_from_a_stale_version_answers_409_and_changes_nothing(client_for, pw):
    first, second = client_for("principal_a"), client_for("coordinator_a")
    url = f"/api/v1/assignments/{pw.a.pk}/"
    assert [c.get(url).json()["version"] for c in (first, second)] == [0, 0]
    assert _patch(first, url, {"progress": 60, "version": 0}).status_code == 200
    refused = _patch(second, url, {"progress": 30, "version": 0})
    assert refused.status_code == 409
    assert STALE in refused.json()["detail"] and refused.json()["version"] == 1
    pw.a.refresh_from_db()
    assert (pw.a.progress, pw.a.version) == (60, 1)


def test_a_patch_without_a_version_still_saves_and_moves_the_version_on(client_for, pw):
    answer = _patch(client_for("principal_a"), f"/api/v1/assignments/{pw.a.pk}/", {"progress": 45})
    assert (answer.status_code, answer.json()["progress"], answer.json()["version"]) == (200, 45, 1)


@pytest.mark.skipif(**POSTGRES_ONLY)
@pytest.mark.django_db(transaction=True)
def test_of_two_reports_saved_from_the_same_version_at_once_exactly_one_wins(world, pw):
    outcomes = at_once(
        lambda: services.assignment_update(
            actor=world.principal_a, assignment=pw.a, progress=60, report_text="Hiệu trưởng", version=0
        ),
        lambda: services.assignment_update(
            actor=world.coordinator_a, assignment=pw.a, progress=30, report_text="Phụ trách", version=0
        ),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Assignment", "StaleVersionError"]
    winner = next(o for o in outcomes if isinstance(o, Assignment))
    pw.a.refresh_from_db()
    assert (pw.a.progress, pw.a.report_text, pw.a.version) == (winner.progress, winner.report_text, 1)
