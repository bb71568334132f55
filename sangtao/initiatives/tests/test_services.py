"""The initiative's life: draft, submit (locked), review, scores, close, forward, decision, applications."""

import datetime
from decimal import Decimal

import pytest

from sangtao.accounts.models import Notification, Role
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.initiatives import services
from sangtao.initiatives.models import Initiative, InitiativeStatus, Review, ReviewStatus, Score
from sangtao.initiatives.rubric import aggregate
from sangtao.testing.factories import (
    CampaignFactory,
    InitiativeAuthorFactory,
    InitiativeFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)

from .conftest import CONTENT, MARKS, recognise_at_school

S = InitiativeStatus


def _draft(world, iw, authors=None, actor=None):
    return services.initiative_create(
        actor=actor or world.teacher_a,
        campaign=iw.campaign,
        authors=authors or [{"user": world.teacher_a, "share": 100}],
        **CONTENT,
    )


# ── Drafts and authors ─────────────────────────────────────────────────────────────────────────────


def test_a_teacher_writes_a_draft_for_their_school(world, iw):
    initiative = _draft(world, iw)
    assert (initiative.status, initiative.unit, initiative.authors.get().user) == (
        S.DRAFT,
        world.school_a,
        world.teacher_a,
    )
    assert initiative.title_folded.startswith("sang kien so hoa")
    assert [e.action for e in events_for(initiative)] == ["create"]


def test_it_rejects_shares_that_do_not_add_up_to_100(world, iw):
    colleague = StaffFactory(unit=world.school_a, full_name="Trương Thị Mỹ Linh")
    with pytest.raises(ApplicationError, match="phải bằng 100%"):
        _draft(world, iw, authors=[{"user": world.teacher_a, "share": 60}, {"staff": colleague, "share": 30}])
    assert not Initiative.objects.exists()


def test_it_accepts_co_authors_whose_shares_add_up_to_100(world, iw):
    colleague = StaffFactory(
        unit=world.school_a, full_name="Trương Thị Mỹ Linh", position="Giáo viên Sinh học"
    )
    initiative = _draft(
        world,
        iw,
        authors=[
            {"user": world.teacher_a, "share": Decimal("62.5")},
            {"staff": colleague, "share": Decimal("37.5")},
        ],
    )
    assert [(a.full_name, a.share) for a in initiative.authors.order_by("order")] == [
        (world.teacher_a.get_full_name(), Decimal("62.50")),
        ("Trương Thị Mỹ Linh", Decimal("37.50")),
    ]


def test_it_rejects_an_author_listed_twice(world, iw):
    with pytest.raises(ApplicationError, match="hai lần"):
        _draft(
            world,
            iw,
            authors=[{"user": world.teacher_a, "share": 50}, {"user": world.teacher_a, "share": 50}],
        )


def test_the_writer_must_be_one_of_the_authors(world, iw):
    colleague = StaffFactory(unit=world.school_a)
    with pytest.raises(ApplicationError, match="Người lập đơn"):
        _draft(world, iw, authors=[{"staff": colleague, "share": 100}])


def test_a_partner_or_an_office_specialist_cannot_write_an_initiative(world, iw):
    for persona in ("partner", "specialist", "observer"):
        with pytest.raises(PermissionDeniedError):
            _draft(
                world,
                iw,
                actor=world.persona(persona),
                authors=[{"user": world.persona(persona), "share": 100}],
            )


def test_a_school_outside_the_campaign_cannot_write_in_it(world, iw):
    school_campaign = CampaignFactory(unit=world.school_b)
    with pytest.raises(PermissionDeniedError, match="phạm vi"):
        services.initiative_create(
            actor=world.teacher_a,
            campaign=school_campaign,
            authors=[{"user": world.teacher_a, "share": 100}],
            **CONTENT,
        )


# ── Submission locks; withdrawal only before review ────────────────────────────────────────────────


def test_submitting_locks_the_application(world, iw):
    initiative = iw.submit_by_teacher(world)
    assert initiative.status == S.SUBMITTED and initiative.submitted_at is not None
    with pytest.raises(ConflictError, match="khóa"):
        services.initiative_update(actor=world.teacher_a, initiative=initiative, title="Đổi tên sau khi nộp")
    assert Initiative.objects.get(pk=initiative.pk).title == CONTENT["title"]


def test_submitting_tells_the_school_council_and_the_principal(world, iw):
    iw.submit_by_teacher(world)
    told = set(
        Notification.objects.filter(title__startswith="Sáng kiến mới nộp").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"principal_a", "coordinator_a"}


def test_it_refuses_to_submit_outside_the_campaign_window(world, iw):
    iw.campaign.closes_on = datetime.date.today() - datetime.timedelta(days=1)
    iw.campaign.opens_on = iw.campaign.closes_on - datetime.timedelta(days=30)
    iw.campaign.save()
    initiative = _draft_when_closed(world, iw)
    with pytest.raises(ConflictError, match="chỉ nhận hồ sơ"):
        services.initiative_submit(actor=world.teacher_a, initiative=initiative)


def _draft_when_closed(world, iw):
    initiative = InitiativeFactory(campaign=iw.campaign, unit=world.school_a)
    InitiativeAuthorFactory(initiative=initiative, user=world.teacher_a)
    return initiative


def test_only_an_author_submits(world, iw):
    initiative = _draft(world, iw)
    with pytest.raises(PermissionDeniedError, match="tác giả"):
        services.initiative_submit(actor=world.principal_a, initiative=initiative)


def test_the_author_withdraws_before_review(world, iw):
    initiative = iw.submit_by_teacher(world)
    services.initiative_withdraw(actor=world.teacher_a, initiative=initiative, reason="Cần bổ sung số liệu")
    event = events_for(initiative).last()
    assert (Initiative.objects.get(pk=initiative.pk).status, event.action, event.reason) == (
        S.WITHDRAWN,
        "withdraw",
        "Cần bổ sung số liệu",
    )


def test_the_author_cannot_withdraw_once_the_review_started(world, iw):
    initiative = iw.submit_by_teacher(world)
    services.review_start(actor=world.principal_a, initiative=initiative)
    with pytest.raises(ConflictError, match="chưa được đưa ra hội đồng"):
        services.initiative_withdraw(actor=world.teacher_a, initiative=initiative)


def test_a_draft_cannot_be_withdrawn(world, iw):
    with pytest.raises(ConflictError):
        services.initiative_withdraw(actor=world.teacher_a, initiative=_draft(world, iw))


# ── Review: exclusion, hidden scores, the aggregate ────────────────────────────────────────────────


def test_review_start_needs_a_school_council(world, iw):
    iw.school_council.members.all().delete()
    iw.school_council.reviews.all().delete()
    iw.school_council.delete()
    initiative = iw.submit_by_teacher(world)
    with pytest.raises(ApplicationError, match="chưa có hội đồng"):
        services.review_start(actor=world.principal_a, initiative=initiative)


def test_only_the_chair_or_secretary_starts_the_review(world, iw):
    initiative = iw.submit_by_teacher(world)
    with pytest.raises(PermissionDeniedError):
        services.review_start(actor=world.principal_b, initiative=initiative)
    review = services.review_start(actor=world.coordinator_a, initiative=initiative)
    assert (review.level, Initiative.objects.get(pk=initiative.pk).status) == ("school", S.IN_REVIEW)


def test_an_author_on_the_council_is_excluded_with_a_clear_message(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    with pytest.raises(PermissionDeniedError, match="Bạn là tác giả của sáng kiến này"):
        services.score_submit(actor=world.teacher_a, review=review, values=MARKS)
    assert not Score.objects.exists()


def test_the_review_notifies_only_the_members_who_may_score(world, iw):
    initiative = iw.submit_by_teacher(world)
    services.review_start(actor=world.principal_a, initiative=initiative)
    told = set(
        Notification.objects.filter(title__startswith="Sáng kiến cần chấm").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"principal_a", "coordinator_a"}


def test_a_member_from_the_authors_unit_is_excluded_on_the_office_council(world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    services.initiative_forward(actor=world.principal_a, initiative=initiative)
    review = services.review_start(actor=world.specialist, initiative=initiative)
    with pytest.raises(PermissionDeniedError, match="cùng đơn vị với tác giả"):
        services.score_submit(actor=world.principal_a, review=review, values=MARKS)
    services.score_submit(actor=world.principal_b, review=review, values=MARKS)  # another school scores
    assert Score.objects.filter(council=iw.office_council).count() == 1


def test_a_non_member_cannot_score(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    with pytest.raises(PermissionDeniedError, match="không phải thành viên"):
        services.score_submit(actor=world.specialist, review=review, values=MARKS)


def test_a_score_sheet_is_final(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    services.score_submit(actor=world.coordinator_a, review=review, values=MARKS)
    with pytest.raises(ConflictError, match="đã khóa"):
        services.score_submit(actor=world.coordinator_a, review=review, values={**MARKS, "novelty": 10})


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"novelty": 11, "applicability": 7, "benefit": 8}, "từ 0 đến 10"),
        ({"novelty": 7.3, "applicability": 7, "benefit": 8}, "0,5"),
        ({"novelty": 7, "benefit": 8}, "Hãy cho điểm"),
        ({"novelty": "tám", "applicability": 7, "benefit": 8}, "không phải là số"),
    ],
)
def test_it_rejects_marks_outside_the_rubric(world, iw, values, message):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    with pytest.raises(ApplicationError, match=message):
        services.score_submit(actor=world.coordinator_a, review=review, values=values)


def test_the_chair_closes_with_the_rubric_aggregate_reproducible_from_the_stored_scores(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    services.score_submit(
        actor=world.principal_a, review=review, values={"novelty": 8, "applicability": 7, "benefit": 9}
    )
    services.score_submit(
        actor=world.coordinator_a, review=review, values={"novelty": 6.5, "applicability": 8, "benefit": 7.5}
    )
    review = services.review_close(actor=world.principal_a, review=review)
    # 40×7.25/10 + 30×7.5/10 + 30×8.25/10 = 29 + 22.5 + 24.75 = 76.25
    stored = Score.objects.filter(initiative=initiative, council=review.council).values_list(
        "values", flat=True
    )
    assert review.result == Decimal("76.25") == aggregate(review.criteria, list(stored)).total
    initiative.refresh_from_db()
    assert (initiative.status, initiative.result, review.passed) == (
        S.RECOGNISED_SCHOOL,
        Decimal("76.25"),
        True,
    )
    assert events_for(initiative).last().action == "review_close"


def test_a_result_below_the_pass_mark_is_not_recognised_with_the_reason(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = recognise_at_school(
        world, iw, initiative, marks={"novelty": 5, "applicability": 6, "benefit": 6}
    )
    initiative.refresh_from_db()
    assert (initiative.status, review.passed) == (S.NOT_RECOGNISED, False)
    assert "dưới điểm đạt 70,00" in initiative.not_recognised_reason


def test_only_the_chair_closes(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    services.score_submit(actor=world.coordinator_a, review=review, values=MARKS)
    with pytest.raises(PermissionDeniedError, match="chủ tịch"):
        services.review_close(actor=world.coordinator_a, review=review)


def test_the_chair_cannot_close_without_a_quorum(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    with pytest.raises(ApplicationError, match="0/2"):
        services.review_close(actor=world.principal_a, review=review)
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.OPEN


def test_the_rubric_is_copied_so_a_later_change_cannot_change_a_result(world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    with pytest.raises(ConflictError, match="thang điểm"):
        services.campaign_update(actor=world.specialist, campaign=iw.campaign, pass_mark=Decimal(50))
    assert review.criteria == iw.campaign.criteria


# ── Office level, decisions, applications ──────────────────────────────────────────────────────────


def test_forward_and_recognition_at_the_office(world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    services.initiative_forward(actor=world.principal_a, initiative=initiative)
    review = services.review_start(actor=world.specialist, initiative=initiative)
    for member in (world.leader, world.specialist, world.principal_b):
        services.score_submit(actor=member, review=review, values=MARKS)
    services.review_close(actor=world.leader, review=review)
    initiative.refresh_from_db()
    assert initiative.status == S.RECOGNISED_OFFICE
    assert [e.action for e in events_for(initiative)] == [
        "create",
        "submit",
        "review_start",
        "review_close",
        "forward",
        "review_start",
        "review_close",
    ]


def test_not_passing_at_the_office_keeps_the_school_recognition(world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    services.initiative_forward(actor=world.principal_a, initiative=initiative)
    review = services.review_start(actor=world.leader, initiative=initiative)
    low = {"novelty": 4, "applicability": 5, "benefit": 5}
    services.score_submit(actor=world.leader, review=review, values=low)
    services.score_submit(actor=world.principal_b, review=review, values=low)
    services.review_close(actor=world.leader, review=review)
    initiative = Initiative.objects.get(pk=initiative.pk)
    assert (initiative.status, initiative.result) == (
        S.RECOGNISED_SCHOOL,
        Decimal("81.50"),
    )  # the school's score


def test_only_the_principal_forwards(world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    with pytest.raises(PermissionDeniedError):
        services.initiative_forward(actor=world.teacher_a, initiative=initiative)


def test_the_leader_issues_a_decision_of_office_recognised_initiatives(world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    services.initiative_forward(actor=world.principal_a, initiative=initiative)
    review = services.review_start(actor=world.leader, initiative=initiative)
    services.score_submit(actor=world.leader, review=review, values=MARKS)
    services.score_submit(actor=world.principal_b, review=review, values=MARKS)
    services.review_close(actor=world.leader, review=review)
    with pytest.raises(PermissionDeniedError):
        services.decision_issue(
            actor=world.specialist,
            campaign=iw.campaign,
            unit=world.office,
            number="1/QĐ-GDĐT",
            signed_on=datetime.date(2024, 3, 12),
            place="Quận 12",
            signer_name="Khuê Mạnh Hùng",
            signer_title="TRƯỞNG PHÒNG",
            initiatives=[initiative],
        )
    decision = services.decision_issue(
        actor=world.leader,
        campaign=iw.campaign,
        unit=world.office,
        number="15/QĐ-GDĐT",
        signed_on=datetime.date(2024, 3, 12),
        place="Quận 12",
        signer_name="Khuê Mạnh Hùng",
        signer_title="TRƯỞNG PHÒNG",
        initiatives=[initiative],
    )
    assert list(decision.initiatives.all()) == [initiative]
    with pytest.raises(ConflictError, match="quyết định khác"):
        services.decision_issue(
            actor=world.leader,
            campaign=iw.campaign,
            unit=world.office,
            number="16/QĐ-GDĐT",
            signed_on=datetime.date(2024, 3, 12),
            place="Quận 12",
            signer_name="X",
            signer_title="TRƯỞNG PHÒNG",
            initiatives=[initiative],
        )


def test_a_decision_cannot_list_an_initiative_not_yet_recognised(world, iw):
    initiative = iw.submit_by_teacher(world)
    with pytest.raises(ConflictError):
        services.decision_issue(
            actor=world.principal_a,
            campaign=iw.campaign,
            unit=world.school_a,
            number="3/QĐ-THCS",
            signed_on=datetime.date(2024, 3, 12),
            place="Quận 12",
            signer_name="X",
            signer_title="HIỆU TRƯỞNG",
            initiatives=[initiative],
        )


def test_the_author_and_another_school_record_applications(world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    services.application_record(
        actor=world.teacher_a, initiative=initiative, place="Khối 9", since=datetime.date(2024, 2, 1)
    )
    services.application_record(
        actor=world.principal_b,
        initiative=initiative,
        unit=world.school_b,
        place="",
        since=datetime.date(2024, 3, 1),
        description="Áp dụng cho khối 5",
    )
    rows = list(initiative.applications.order_by("since").values_list("place", "by_author"))
    assert rows == [("Khối 9", True), (world.school_b.name, False)]


def test_a_stranger_cannot_record_an_application(world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    with pytest.raises(PermissionDeniedError):
        services.application_record(
            actor=world.partner, initiative=initiative, place="Nơi khác", since=datetime.date(2024, 2, 1)
        )


# ── Councils ───────────────────────────────────────────────────────────────────────────────────────


def test_a_council_has_one_chair(world, iw):
    newcomer = UserFactory(unit=world.school_a)
    RoleAssignmentFactory(user=newcomer, role=Role.TEACHER, unit=world.school_a)
    with pytest.raises(ConflictError, match="đã có chủ tịch"):
        services.council_member_add(
            actor=world.principal_a, council=iw.school_council, user=newcomer, role="chair"
        )


def test_a_school_council_takes_only_the_schools_people(world, iw):
    with pytest.raises(ApplicationError, match="không thuộc"):
        services.council_member_add(
            actor=world.principal_a, council=iw.school_council, user=world.principal_b
        )
