import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sangtao.accounts.models import Notification
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, PermissionDeniedError
from sangtao.outreach import services
from sangtao.outreach.models import Acknowledgement, DocumentKind

DUE = datetime.date(2099, 1, 31)


def _doc(world):
    return services.document_create(
        actor=world.specialist,
        number="12/CN-GDĐT",
        issued_on=datetime.date(2023, 9, 5),
        issuer="Phòng GD&ĐT",
        kind=DocumentKind.HANDBOOK,
        summary="Cẩm nang sáng tạo",
    )


def test_it_creates_a_document_with_a_folded_summary_and_an_event(world):
    doc = _doc(world)
    assert "cam nang sang tao" in doc.summary_folded
    assert [e.action for e in events_for(doc)] == ["create"]


def test_it_rejects_a_document_from_a_school(world):
    with pytest.raises(PermissionDeniedError):
        services.document_create(
            actor=world.principal_a,
            issued_on=datetime.date(2023, 9, 5),
            issuer="x",
            kind=DocumentKind.LETTER,
            summary="x",
        )


def test_it_rejects_a_file_whose_content_is_not_allowed(world):
    fake = SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(Exception):  # noqa: B017 - ValidationError from validate_upload
        services.document_create(
            actor=world.specialist,
            issued_on=datetime.date(2023, 9, 5),
            issuer="x",
            kind=DocumentKind.LETTER,
            summary="x",
            file=fake,
        )


def test_it_sends_one_acknowledgement_per_school_and_notifies_heads(world):
    doc = _doc(world)
    units = services.recipient_units(under=world.office)
    dist = services.distribution_send(actor=world.specialist, document=doc, units=units, due_on=DUE)
    assert set(dist.acknowledgements.values_list("unit_id", flat=True)) == {
        world.school_a.pk,
        world.school_b.pk,
    }
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert {world.principal_a.username, world.coordinator_a.username, world.principal_b.username} <= notified
    assert world.teacher_a.username not in notified


def test_it_selects_recipients_by_level(world):
    assert services.recipient_units(under=world.office, level="TH") == [world.school_b]


def test_it_rejects_a_distribution_from_a_school_head(world):
    with pytest.raises(PermissionDeniedError):
        services.distribution_send(
            actor=world.principal_a, document=_doc(world), units=[world.school_a], due_on=DUE
        )


def test_it_rejects_an_empty_distribution(world):
    with pytest.raises(ApplicationError):
        services.distribution_send(actor=world.specialist, document=_doc(world), units=[], due_on=DUE)


def test_it_lets_a_school_acknowledge_only_for_itself(world):
    dist = services.distribution_send(
        actor=world.specialist, document=_doc(world), units=[world.school_a, world.school_b], due_on=DUE
    )
    ack_b = dist.acknowledgements.get(unit=world.school_b)
    with pytest.raises(PermissionDeniedError):
        services.acknowledge(actor=world.principal_a, acknowledgement=ack_b)
    with pytest.raises(PermissionDeniedError):
        services.acknowledge(
            actor=world.teacher_a, acknowledgement=dist.acknowledgements.get(unit=world.school_a)
        )
    ack = services.acknowledge(
        actor=world.coordinator_a,
        acknowledgement=dist.acknowledgements.get(unit=world.school_a),
        note="Đã phổ biến trong họp hội đồng",
    )
    assert ack.received_at is not None and ack.by == world.coordinator_a
    assert [e.to_status for e in events_for(ack)] == ["acknowledged"]
    assert Acknowledgement.objects.get(pk=ack_b.pk).received_at is None


def test_it_reminds_only_schools_that_have_not_acknowledged(world):
    dist = services.distribution_send(
        actor=world.specialist, document=_doc(world), units=[world.school_a, world.school_b], due_on=DUE
    )
    services.acknowledge(
        actor=world.principal_a, acknowledgement=dist.acknowledgements.get(unit=world.school_a)
    )
    Notification.objects.all().delete()
    services.remind_unacknowledged(today=DUE)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {world.principal_b.username}
