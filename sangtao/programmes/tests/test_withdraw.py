"""A school's head withdraws its enrolment: an event, the office told, and the school no longer counts."""

import pytest
from django.urls import reverse

from sangtao.accounts.models import Notification
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.plans.indicators import stat_sources
from sangtao.programmes import services
from sangtao.programmes.models import EnrolmentStatus
from sangtao.testing.factories import IndicatorFactory, PlanFactory

from .factories import enrolled, filled, open_programme

pytestmark = pytest.mark.django_db


def test_the_head_withdraws_with_a_reason_and_the_office_is_told(world):
    programme = open_programme(world, partner=False)
    enrolment = enrolled(world, programme)
    enrolment = services.enrolment_withdraw(
        actor=world.principal_a, enrolment=enrolment, reason="Đang sửa chữa"
    )
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    event = [e for e in events_for(enrolment) if e.action == "withdraw"][0]
    assert (event.from_status, event.to_status, event.reason) == ("enrolled", "withdrawn", "Đang sửa chữa")
    note = Notification.objects.get(
        user=world.specialist, url=reverse("programmes:enrolment", args=[enrolment.pk])
    )
    assert "rút khỏi mô hình" in note.title
    assert not Notification.objects.filter(user=world.principal_b).exists()
    # It may ask to join again while the programme is open.
    again = services.enrolment_request(actor=world.principal_a, programme=programme, unit=world.school_a)
    assert again.pk == enrolment.pk and again.status == EnrolmentStatus.REQUESTED


def test_only_the_head_of_the_school_withdraws_and_only_once(world):
    enrolment = enrolled(world, open_programme(world, partner=False))
    for actor in (world.coordinator_a, world.teacher_a, world.principal_b, world.specialist):
        with pytest.raises(PermissionDeniedError):
            services.enrolment_withdraw(actor=actor, enrolment=enrolment, reason="x")
    with pytest.raises(ApplicationError, match="lý do"):
        services.enrolment_withdraw(actor=world.principal_a, enrolment=enrolment, reason="  ")
    services.enrolment_withdraw(actor=world.principal_a, enrolment=enrolment, reason="x")
    with pytest.raises(ConflictError):
        services.enrolment_withdraw(actor=world.principal_a, enrolment=enrolment, reason="x")


def test_not_while_the_office_reviews_and_a_withdrawn_draft_cannot_be_submitted(world):
    programme = open_programme(world, partner=False)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    with pytest.raises(ConflictError, match="thẩm định"):
        services.enrolment_withdraw(actor=world.principal_a, enrolment=assessment.enrolment, reason="x")
    other = filled(world, programme, unit=world.school_b)
    services.enrolment_withdraw(actor=world.principal_b, enrolment=other.enrolment, reason="x")
    other.refresh_from_db()
    with pytest.raises(ConflictError, match="đã rút"):
        services.assessment_submit(actor=world.principal_b, assessment=other)


def test_a_withdrawn_school_drops_out_of_the_enrolled_indicator(world):
    programme = open_programme(world, partner=False)
    enrolled(world, programme, world.school_a)
    enrolment_b = enrolled(world, programme, world.school_b)
    indicator = IndicatorFactory(plan=PlanFactory(year=2024, issuing_unit=world.office))
    compute = stat_sources()["programmes.enrolled"].compute
    ids = [world.school_a.pk, world.school_b.pk]
    assert compute(indicator, ids) == {world.school_a.pk: 1, world.school_b.pk: 1}
    services.enrolment_withdraw(actor=world.principal_b, enrolment=enrolment_b, reason="x")
    assert compute(indicator, ids) == {world.school_a.pk: 1}


def test_the_enrolment_page_offers_the_button_to_the_head_only(client_for, world):
    enrolment = enrolled(world, open_programme(world, partner=False))
    url = reverse("programmes:enrolment", args=[enrolment.pk])
    assert 'id="withdraw"' in client_for("principal_a").get(url).content.decode()
    for persona in ("coordinator_a", "specialist"):
        assert 'id="withdraw"' not in client_for(persona).get(url).content.decode()
    action = reverse("programmes:enrolment_action", args=[enrolment.pk, "withdraw"])
    client_for("coordinator_a").post(action, {"reason": "x"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    response = client_for("principal_a").post(action, {"reason": ""}, follow=True)
    assert "Hãy ghi lý do rút khỏi mô hình." in response.content.decode()
    response = client_for("principal_a").post(action, {"reason": "Trường sáp nhập"}, follow=True)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    body = response.content.decode()
    assert "Trường rút khỏi mô hình" in body and 'id="withdraw"' not in body
