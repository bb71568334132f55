import datetime

import pytest
from django.test.utils import override_settings

from sangtao.contests.models import StudentConsent
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.honours import services
from sangtao.honours.models import (
    Commendation,
    CommendationStatus,
    HonourTitle,
    ItemOutcome,
    ProposalStatus,
    RecipientKind,
)
from sangtao.honours.tests.factories import CommendationFactory, ProposalFactory, ProposalItemFactory
from sangtao.testing.factories import InitiativeFactory, StaffFactory, StudentFactory

DAY = datetime.date(2024, 5, 20)
pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 6, 1)):
        yield


def _decision(**extra):
    return {"decision_number": "215/QĐ-GDĐT", "decision_date": DAY, "issuer": "Trưởng phòng GD&ĐT", **extra}


def test_the_office_records_a_collective_commendation(world):
    c = services.commendation_create(
        actor=world.specialist,
        kind=RecipientKind.COLLECTIVE,
        unit=world.school_a,
        collective_name="Tổ Khoa học tự nhiên",
        title=HonourTitle.TT_LDTT,
        reason="Dẫn đầu phong trào sáng kiến",
        **_decision(),
    )
    assert (c.year, c.level_code, c.status) == (2024, "district", CommendationStatus.IN_FORCE)
    assert [e.action for e in events_for(c)] == ["create"]


def test_a_school_cannot_record_a_commendation(world):
    with pytest.raises(PermissionDeniedError):
        services.commendation_create(
            actor=world.principal_a,
            kind=RecipientKind.COLLECTIVE,
            unit=world.school_a,
            title=HonourTitle.TT_LDTT,
            reason="x",
            **_decision(),
        )


def test_it_refuses_an_individual_title_for_a_collective(world):
    with pytest.raises(ApplicationError, match="không dành cho"):
        services.commendation_create(
            actor=world.specialist,
            kind=RecipientKind.COLLECTIVE,
            unit=world.school_a,
            title=HonourTitle.CSTD_CO_SO,
            reason="x",
            **_decision(),
        )
    assert not Commendation.objects.exists()


def test_it_refuses_a_student_without_recorded_consent(world):
    student = StudentFactory(unit=world.school_a, grade=7)
    args = {
        "actor": world.specialist,
        "kind": RecipientKind.INDIVIDUAL,
        "unit": world.school_a,
        "student": student,
        "title": HonourTitle.GIAY_KHEN_PHONG,
        "reason": "Giải Nhất hội thi",
        **_decision(),
    }
    with pytest.raises(ApplicationError, match="đồng ý"):
        services.commendation_create(**args)
    StudentConsent.objects.create(student=student, publish_name=True, child_agreed=False)
    with pytest.raises(ApplicationError, match="đồng ý"):
        services.commendation_create(**args)  # from grade 2 the child must agree too
    StudentConsent.objects.filter(student=student).update(child_agreed=True)
    assert services.commendation_create(**args).student == student


def test_it_checks_evidence_references(world):
    initiative = InitiativeFactory(unit=world.school_a)
    base = {
        "actor": world.specialist,
        "kind": RecipientKind.COLLECTIVE,
        "unit": world.school_a,
        "title": HonourTitle.GIAY_KHEN_PHONG,
        "reason": "x",
        **_decision(),
    }
    with pytest.raises(ApplicationError, match="không đúng dạng"):
        services.commendation_create(**base, evidence_refs=["sáng kiến 12"])
    with pytest.raises(ApplicationError, match="Không tìm thấy"):
        services.commendation_create(**base, evidence_refs=["initiatives.initiative:999999"])
    c = services.commendation_create(
        **base, evidence_refs=[f"initiatives.initiative:{initiative.pk}", "emulation.score:7"]
    )
    assert c.evidence_refs == [f"initiatives.initiative:{initiative.pk}", "emulation.score:7"]


def test_a_proposal_goes_from_draft_to_commendations(world):
    teacher = StaffFactory(unit=world.school_a, full_name="Nguyễn Thị Mai")
    proposal = services.proposal_create(
        actor=world.coordinator_a, unit=world.school_a, year=2024, title="Đề nghị"
    )
    item = services.proposal_item_add(
        actor=world.coordinator_a,
        proposal=proposal,
        kind=RecipientKind.INDIVIDUAL,
        staff=teacher,
        title=HonourTitle.CSTD_CO_SO,
        reason="Sáng kiến cấp Phòng",
    )
    other = services.proposal_item_add(
        actor=world.coordinator_a,
        proposal=proposal,
        kind=RecipientKind.COLLECTIVE,
        collective_name="Tổ Toán",
        title=HonourTitle.TT_LDTT,
        reason="Tập thể tiêu biểu",
    )
    with pytest.raises(PermissionDeniedError):
        services.proposal_submit(actor=world.coordinator_a, proposal=proposal)
    services.proposal_submit(actor=world.principal_a, proposal=proposal)
    with pytest.raises(ConflictError):
        services.proposal_item_add(
            actor=world.coordinator_a,
            proposal=proposal,
            kind=RecipientKind.COLLECTIVE,
            title=HonourTitle.TT_LDTT,
            reason="x",
        )
    with pytest.raises(PermissionDeniedError):
        services.proposal_approve(actor=world.principal_a, proposal=proposal, **_decision())
    done = services.proposal_approve(actor=world.leader, proposal=proposal, items=[item], **_decision())
    proposal.refresh_from_db()
    item.refresh_from_db()
    other.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.decision_number == "215/QĐ-GDĐT"
    assert [c.staff for c in done] == [teacher]
    assert (item.outcome, other.outcome) == (ItemOutcome.APPROVED, ItemOutcome.NOT_APPROVED)
    assert done[0].proposal_item == item and done[0].year == 2024
    assert [e.action for e in events_for(proposal)] == ["create", "submit", "approve"]


def test_a_returned_proposal_is_edited_and_sent_again(world):
    proposal = ProposalItemFactory(proposal__unit=world.school_a).proposal
    services.proposal_submit(actor=world.principal_a, proposal=proposal)
    with pytest.raises(ApplicationError, match="lý do"):
        services.proposal_return(actor=world.specialist, proposal=proposal, reason=" ")
    services.proposal_return(actor=world.specialist, proposal=proposal, reason="Thiếu minh chứng")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.return_reason) == (ProposalStatus.RETURNED, "Thiếu minh chứng")
    services.proposal_submit(actor=world.principal_a, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_an_empty_proposal_cannot_be_sent(world):
    with pytest.raises(ApplicationError, match="chưa có"):
        services.proposal_submit(actor=world.principal_a, proposal=ProposalFactory(unit=world.school_a))


def test_another_school_cannot_touch_a_proposal(world):
    proposal = ProposalFactory(unit=world.school_a)
    with pytest.raises(PermissionDeniedError):
        services.proposal_item_add(
            actor=world.principal_b,
            proposal=proposal,
            kind=RecipientKind.COLLECTIVE,
            title=HonourTitle.TT_LDTT,
            reason="x",
        )


def test_revoking_keeps_the_record_with_its_reason(world):
    c = CommendationFactory(unit=world.school_a)
    services.commendation_revoke(actor=world.leader, commendation=c, reason="Sai đối tượng")
    c.refresh_from_db()
    assert (c.status, c.revoke_reason) == (CommendationStatus.REVOKED, "Sai đối tượng")
    with pytest.raises(ConflictError):
        services.commendation_revoke(actor=world.leader, commendation=c, reason="again")
