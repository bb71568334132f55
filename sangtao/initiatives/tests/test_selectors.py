"""Who sees what: initiatives scoped to the person, scores hidden until one has scored, the public library."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sangtao.initiatives import selectors, services
from sangtao.initiatives.models import InitiativeStatus
from sangtao.testing.factories import (
    CampaignFactory,
    InitiativeAuthorFactory,
    InitiativeFactory,
    RoleAssignmentFactory,
    SchoolYearFactory,
    UserFactory,
)

from .conftest import CONTENT, MARKS, recognise_at_school

S = InitiativeStatus

# persona → sees teacher_a's submitted initiative in lists
SUBMITTED_VISIBLE = {
    "admin": True,
    "leader": True,
    "specialist": True,
    "principal_a": True,
    "coordinator_a": True,
    "teacher_a": True,
    "principal_b": False,
    "partner": False,
    "observer": True,
    "anonymous": False,
}


@pytest.mark.parametrize(("persona", "expected"), SUBMITTED_VISIBLE.items())
def test_a_submitted_initiative_is_seen_by_its_school_the_office_and_observers(world, iw, persona, expected):
    initiative = iw.submit_by_teacher(world)
    user = world.persona(persona) or AnonymousUser()
    assert selectors.initiatives_for_user(user).filter(pk=initiative.pk).exists() is expected


@pytest.mark.parametrize("persona", ["principal_a", "coordinator_a", "leader", "specialist", "observer"])
def test_a_draft_is_seen_by_its_authors_only(world, iw, persona):
    draft = services.initiative_create(
        actor=world.teacher_a,
        campaign=iw.campaign,
        authors=[{"user": world.teacher_a, "share": 100}],
        **CONTENT,
    )
    assert selectors.initiatives_for_user(world.teacher_a).filter(pk=draft.pk).exists()
    with pytest.raises(Http404):
        selectors.get_initiative_for_user(world.persona(persona), draft.pk)


def test_a_teacher_does_not_see_a_colleagues_initiative(world, iw):
    colleague = UserFactory(unit=world.school_a)
    RoleAssignmentFactory(user=colleague, role="teacher", unit=world.school_a)
    initiative = iw.submit_by_teacher(world)
    assert not selectors.initiatives_for_user(colleague).filter(pk=initiative.pk).exists()


def test_an_office_council_member_from_another_school_sees_forwarded_initiatives_only(world, iw):
    first = iw.submit_by_teacher(world)
    second = iw.submit_by_teacher(world, title="Sổ tay điện tử của giáo viên chủ nhiệm")
    recognise_at_school(world, iw, first)
    services.initiative_forward(actor=world.principal_a, initiative=first)
    seen = set(selectors.initiatives_for_user(world.principal_b).values_list("pk", flat=True))
    assert first.pk in seen and second.pk not in seen


# ── Hidden scores ──────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def scored(world, iw):
    """School A's review with coordinator_a's score only."""
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    services.score_submit(actor=world.coordinator_a, review=review, values=MARKS)
    return review


def test_a_member_who_has_not_scored_sees_no_score(world, scored):
    panel = selectors.review_panel(world.principal_a, scored)
    assert (panel["can_see_scores"], panel["aggregate"], panel["can_score"]) == (False, None, True)


def test_a_member_who_has_scored_sees_the_others(world, scored):
    panel = selectors.review_panel(world.coordinator_a, scored)
    assert panel["can_see_scores"] and panel["aggregate"].count == 1


def test_the_author_on_the_council_sees_no_score_before_the_result(world, scored):
    panel = selectors.review_panel(world.teacher_a, scored)
    assert panel["my_row"].excluded and not panel["can_score"] and not panel["can_see_scores"]


def test_everyone_of_the_council_sees_the_scores_after_the_result(world, scored):
    services.score_submit(actor=world.principal_a, review=scored, values=MARKS)
    services.review_close(actor=world.principal_a, review=scored)
    scored.refresh_from_db()
    assert selectors.review_panel(world.teacher_a, scored)["can_see_scores"]


def test_a_review_page_is_only_for_its_council_and_those_who_run_it(world, scored):
    for persona in ("principal_a", "teacher_a", "specialist"):
        assert selectors.get_review_for_user(world.persona(persona), scored.pk) == scored
    for persona in ("principal_b", "partner", "observer"):
        with pytest.raises(Http404):
            selectors.get_review_for_user(world.persona(persona), scored.pk)


def test_the_queue_lists_what_the_members_council_reviews(world, scored):
    rows = selectors.queue_for_user(world.teacher_a)
    assert [(r["review"], bool(r["excluded"]), r["scored"]) for r in rows] == [(scored, True, False)]
    assert selectors.queue_for_user(world.coordinator_a)[0]["scored"] is True
    assert selectors.queue_for_user(world.principal_b) == []


# ── The public library ─────────────────────────────────────────────────────────────────────────────


def _recognised(world, title, **fields):
    campaign = fields.pop("campaign", None) or CampaignFactory(unit=world.office)
    initiative = InitiativeFactory(
        campaign=campaign,
        unit=world.school_a,
        title=title,
        status=fields.pop("status", S.RECOGNISED_SCHOOL),
        recognised_on=datetime.date(2024, 2, 1),
        **fields,
    )
    InitiativeAuthorFactory(initiative=initiative, user=world.teacher_a)
    return initiative


def test_the_library_finds_an_initiative_typed_without_diacritics(world):
    wanted = _recognised(world, "Sáng kiến số hóa hồ sơ học sinh bằng mã QR")
    _recognised(world, "Góc đọc sách thân thiện")
    assert list(selectors.library(q="sang kien so hoa")) == [wanted]
    assert list(selectors.library(q="SỐ HÓA")) == [wanted]


def test_the_library_shows_only_recognised_initiatives(world):
    shown = _recognised(world, "Sổ tay chủ nhiệm điện tử")
    _recognised(world, "Sổ tay chủ nhiệm điện tử bản nháp", status=S.DRAFT)
    _recognised(world, "Sổ tay chủ nhiệm điện tử chưa đạt", status=S.NOT_RECOGNISED)
    _recognised(world, "Sổ tay chủ nhiệm điện tử đang xét", status=S.IN_REVIEW)
    assert list(selectors.library(q="so tay")) == [shown]


def test_the_library_filters_by_field_level_and_year(world):
    old_year = SchoolYearFactory(
        name="2022-2023", start=datetime.date(2022, 9, 5), end=datetime.date(2023, 5, 31), is_current=False
    )
    office = _recognised(world, "Robot phân loại rác", field="stem", status=S.RECOGNISED_OFFICE)
    school = _recognised(world, "Quản lý thiết bị bằng mã QR", field="management")
    forwarded = _recognised(world, "Thời khóa biểu trực tuyến", field="management", status=S.FORWARDED)
    old = _recognised(
        world,
        "Vườn rau thủy canh",
        field="stem",
        campaign=CampaignFactory(unit=world.office, school_year=old_year),
    )
    assert set(selectors.library(field="stem")) == {office, old}
    assert list(selectors.library(level="office")) == [office]
    assert set(selectors.library(level="school")) == {school, forwarded, old}
    assert list(selectors.library(year=old_year.pk)) == [old]
