"""Documents, events and banner campaigns are corrected, withdrawn or cancelled, or deleted by their
authors and the office's staff; what schools already answered is never deleted."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangtao.core.events import events_for
from sangtao.core.exceptions import ConflictError, PermissionDeniedError
from sangtao.outreach import services
from sangtao.outreach.models import (
    BannerCampaign,
    BannerStatus,
    Document,
    DocumentKind,
    DocumentStatus,
    Event,
    EventKind,
    EventStatus,
)
from sangtao.testing.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory

DUE = datetime.date(2099, 1, 31)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)
XSS = '<script>alert(1)</script><img src=x onerror=alert(1)>"'


def _photo():
    return SimpleUploadedFile("bang-ron.png", PNG, content_type="image/png")


@pytest.fixture
def doc(world):
    doc = services.document_create(
        actor=world.specialist,
        number="12/CN",
        issued_on=datetime.date(2023, 9, 5),
        issuer="Phòng GD&ĐT",
        kind=DocumentKind.HANDBOOK,
        summary="Cẩm nang đổi mới sáng tạo",
    )
    services.distribution_send(actor=world.specialist, document=doc, units=[world.school_a], due_on=DUE)
    return doc


@pytest.fixture
def event(world):
    return services.event_create(
        actor=world.specialist,
        title="Hội thi STEM",
        kind=EventKind.OFFICE,
        starts_on=datetime.date(2024, 4, 5),
    )


@pytest.fixture
def campaign(world):
    return services.banner_campaign_create(
        actor=world.specialist,
        theme="Hưởng ứng Ngày Khoa học",
        banner_text="Khoa học — nền tảng phát triển",
        starts_on=datetime.date(2024, 5, 10),
        ends_on=datetime.date(2024, 5, 25),
        units=[world.school_a],
    )


def _doc_fields(**over):
    fields = {
        "number": "12/CN",
        "issued_on": datetime.date(2023, 9, 5),
        "issuer": "Phòng GD&ĐT",
        "kind": DocumentKind.HANDBOOK,
        "summary": "Cẩm nang đổi mới sáng tạo (bản sửa)",
    }
    return fields | over


# ── Documents ──────────────────────────────────────────────────────────────────────────────────────


def test_the_office_corrects_a_document_and_it_is_an_event(world, doc):
    services.document_update(actor=world.leader, document=doc, **_doc_fields())
    doc.refresh_from_db()
    assert doc.summary == "Cẩm nang đổi mới sáng tạo (bản sửa)" and "ban sua" in doc.summary_folded
    assert [e.action for e in events_for(doc)] == ["create", "update"]


def test_a_school_or_another_office_cannot_touch_a_document(world, doc):
    other_office = OrgUnitFactory(kind="authority", code="PGD2", level="", parent=world.ubnd)
    stranger = UserFactory(username="other_specialist", unit=other_office)
    RoleAssignmentFactory(user=stranger, role="specialist", unit=other_office)
    for actor in (world.principal_a, world.teacher_a, stranger):
        with pytest.raises(PermissionDeniedError):
            services.document_update(actor=actor, document=doc, **_doc_fields())
        with pytest.raises(PermissionDeniedError):
            services.document_withdraw(actor=actor, document=doc, reason="x")
        with pytest.raises(PermissionDeniedError):
            services.document_delete(actor=actor, document=doc)


def test_a_document_nobody_acknowledged_is_deleted(world, doc):
    services.document_delete(actor=world.specialist, document=doc)
    assert not Document.objects.exists()


def test_an_acknowledged_document_is_withdrawn_not_deleted(world, doc):
    ack = doc.distributions.get().acknowledgements.get()
    services.acknowledge(actor=world.principal_a, acknowledgement=ack)
    with pytest.raises(ConflictError, match="thu hồi"):
        services.document_delete(actor=world.specialist, document=doc)
    with pytest.raises(Exception, match="lý do"):
        services.document_withdraw(actor=world.specialist, document=doc, reason="  ")
    services.document_withdraw(actor=world.specialist, document=doc, reason="Đã có văn bản thay thế")
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.WITHDRAWN
    assert doc.distributions.get().acknowledgements.get().received_at is not None
    last = list(events_for(doc))[-1]
    assert (last.action, last.to_status, last.reason) == ("withdraw", "withdrawn", "Đã có văn bản thay thế")


def test_a_withdrawn_document_is_no_longer_acknowledged_sent_or_edited(world, doc):
    services.document_withdraw(actor=world.specialist, document=doc, reason="Thay thế")
    ack = doc.distributions.get().acknowledgements.get()
    with pytest.raises(ConflictError):
        services.acknowledge(actor=world.principal_a, acknowledgement=ack)
    with pytest.raises(ConflictError):
        services.distribution_send(actor=world.specialist, document=doc, units=[world.school_b], due_on=DUE)
    with pytest.raises(ConflictError):
        services.document_update(actor=world.specialist, document=doc, **_doc_fields())
    assert services.remind_unacknowledged(today=DUE) == 0


def test_the_edit_form_keeps_what_was_typed_on_error(client_for, doc):
    url = reverse("outreach:document_edit", args=[doc.pk])
    page = client_for("specialist").get(url).content.decode()
    assert "Cẩm nang đổi mới sáng tạo" in page
    response = client_for("specialist").post(
        url,
        {
            "number": "12/CN",
            "issued_on": "05/09/2023",
            "issuer": "Phòng GD&ĐT",
            "kind": "handbook",
            "summary": "Giữ lại tôi",
            "valid_from": "01/10/2023",
            "valid_to": "01/09/2023",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Giữ lại tôi" in body and "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in body


def test_deleting_from_the_page_says_why_it_is_refused(client_for, world, doc):
    ack = doc.distributions.get().acknowledgements.get()
    services.acknowledge(actor=world.principal_a, acknowledgement=ack)
    client = client_for("specialist")
    detail = reverse("outreach:document", args=[doc.pk])
    response = client.post(reverse("outreach:document_delete", args=[doc.pk]), HTTP_REFERER=detail)
    assert response.status_code == 302 and response["Location"] == detail
    assert "hãy thu hồi văn bản" in client.get(detail).content.decode()
    assert Document.objects.exists()


# persona → (edit page, withdraw, delete): the office manages; a school's people cannot; outside: 404.
MATRIX = {
    "admin": (200, 302, 302),
    "leader": (200, 302, 302),
    "specialist": (200, 302, 302),
    "principal_a": (403, 403, 403),
    "coordinator_a": (403, 403, 403),
    "teacher_a": (403, 403, 403),
    "principal_b": (404, 404, 404),
    "partner": (404, 404, 404),
    "observer": (403, 403, 403),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_the_document_permission_matrix(client_for, world, persona):
    codes = []
    for view, data in [
        ("document_edit", None),
        ("document_withdraw", {"reason": "Lý do"}),
        ("document_delete", {}),
    ]:
        doc = services.document_create(
            actor=world.specialist,
            issued_on=datetime.date(2024, 1, 2),
            issuer="UBND",
            kind="plan",
            summary="Kế hoạch",
        )
        services.distribution_send(actor=world.specialist, document=doc, units=[world.school_a], due_on=DUE)
        client = client_for(persona)
        url = reverse(f"outreach:{view}", args=[doc.pk])
        codes.append(client.get(url).status_code if data is None else client.post(url, data).status_code)
    assert tuple(codes) == MATRIX[persona]


# ── Events ─────────────────────────────────────────────────────────────────────────────────────────


def test_an_event_without_responses_is_deleted_one_with_responses_is_cancelled(world, event):
    services.event_update(
        actor=world.leader,
        event=event,
        title="Hội thi STEM cấp quận",
        kind=EventKind.OFFICE,
        starts_on=datetime.date(2024, 4, 6),
    )
    services.event_respond(actor=world.principal_a, event=event, unit=world.school_a, activities="Dự thi")
    with pytest.raises(ConflictError, match="hủy sự kiện"):
        services.event_delete(actor=world.specialist, event=event)
    services.event_cancel(actor=world.specialist, event=event, reason="Hoãn vì mưa bão")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.responses.count() == 1
    assert [e.action for e in events_for(event)] == ["create", "update", "cancel"]
    with pytest.raises(ConflictError):
        services.event_respond(actor=world.principal_a, event=event, unit=world.school_a, activities="x")
    other = services.event_create(
        actor=world.specialist, title="Nhầm", kind=EventKind.OFFICE, starts_on=datetime.date(2024, 4, 5)
    )
    services.event_delete(actor=world.specialist, event=other)
    assert not Event.objects.filter(pk=other.pk).exists()


def test_a_national_day_keeps_its_date_and_is_never_cancelled_or_deleted(world):
    day = services.national_days_ensure(year=2024)[0]
    with pytest.raises(Exception, match="Ngày lễ quốc gia"):
        services.event_update(
            actor=world.specialist,
            event=day,
            title=day.title,
            kind=day.kind,
            starts_on=datetime.date(2024, 5, 19),
        )
    services.event_update(
        actor=world.specialist,
        event=day,
        title=day.title,
        kind=day.kind,
        starts_on=day.starts_on,
        description="Mít tinh",
    )
    with pytest.raises(ConflictError):
        services.event_cancel(actor=world.specialist, event=day, reason="x")
    with pytest.raises(ConflictError):
        services.event_delete(actor=world.specialist, event=day)


def test_a_school_cannot_respond_to_an_event_not_meant_for_it(world):
    for_th = services.event_create(
        actor=world.specialist,
        title="Giao lưu Tiểu học",
        kind=EventKind.OFFICE,
        starts_on=datetime.date(2024, 4, 5),
        level="TH",
    )
    with pytest.raises(Exception, match="không dành cho"):
        services.event_respond(actor=world.principal_a, event=for_th, unit=world.school_a, activities="x")
    services.event_respond(actor=world.principal_b, event=for_th, unit=world.school_b, activities="Giao lưu")


EVENT_MATRIX = {  # edit page, cancel, delete
    "specialist": (200, 302, 302),
    "leader": (200, 302, 302),
    "principal_a": (403, 403, 403),
    "teacher_a": (403, 403, 403),
    "observer": (403, 403, 403),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", list(EVENT_MATRIX))
def test_the_event_permission_matrix(client_for, world, persona):
    codes = []
    for view, data in [("event_edit", None), ("event_cancel", {"reason": "Hoãn"}), ("event_delete", {})]:
        event = services.event_create(
            actor=world.specialist,
            title="Sự kiện",
            kind=EventKind.OFFICE,
            starts_on=datetime.date(2024, 4, 5),
        )
        url = reverse(f"outreach:{view}", args=[event.pk])
        client = client_for(persona)
        codes.append(client.get(url).status_code if data is None else client.post(url, data).status_code)
    assert tuple(codes) == EVENT_MATRIX[persona]


def test_the_event_form_edits_an_event(client_for, world, event):
    response = client_for("specialist").post(
        reverse("outreach:event_edit", args=[event.pk]),
        {"title": "Hội thi STEM (sửa)", "kind": "office", "starts_on": "06/04/2024", "level": "THCS"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.starts_on, event.level) == (
        "Hội thi STEM (sửa)",
        datetime.date(2024, 4, 6),
        "THCS",
    )


# ── Banner campaigns ───────────────────────────────────────────────────────────────────────────────


def test_a_campaign_with_reports_is_cancelled_not_deleted(world, campaign):
    services.banner_report(
        actor=world.principal_a,
        campaign=campaign,
        unit=world.school_a,
        place="Cổng",
        hung_on=datetime.date(2024, 5, 11),
        photo=_photo(),
    )
    with pytest.raises(ConflictError, match="hủy đợt"):
        services.banner_campaign_delete(actor=world.specialist, campaign=campaign)
    with pytest.raises(ConflictError, match="đã báo cáo"):
        services.banner_campaign_update(
            actor=world.specialist,
            campaign=campaign,
            theme=campaign.theme,
            banner_text=campaign.banner_text,
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
            units=[world.school_b],
        )
    services.banner_campaign_update(
        actor=world.specialist,
        campaign=campaign,
        theme="Hưởng ứng Ngày Khoa học và Công nghệ",
        banner_text=campaign.banner_text,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        units=[world.school_a, world.school_b],
    )
    assert set(campaign.units.all()) == {world.school_a, world.school_b}
    services.banner_campaign_cancel(actor=world.specialist, campaign=campaign, reason="Đổi chủ đề")
    campaign.refresh_from_db()
    assert campaign.status == BannerStatus.CANCELLED and campaign.reports.count() == 1
    with pytest.raises(ConflictError):
        services.banner_report(
            actor=world.principal_b,
            campaign=campaign,
            unit=world.school_b,
            place="Cổng",
            hung_on=datetime.date(2024, 5, 11),
            photo=_photo(),
        )
    assert [e.action for e in events_for(campaign)] == ["create", "update", "cancel"]


def test_a_campaign_without_reports_is_deleted(world, campaign):
    services.banner_campaign_delete(actor=world.leader, campaign=campaign)
    assert not BannerCampaign.objects.exists()


def test_a_school_cannot_change_a_campaign(world, campaign):
    with pytest.raises(PermissionDeniedError):
        services.banner_campaign_cancel(actor=world.principal_a, campaign=campaign, reason="x")
    with pytest.raises(PermissionDeniedError):
        services.banner_campaign_delete(actor=world.principal_a, campaign=campaign)


BANNER_MATRIX = {  # edit page, cancel, delete
    "specialist": (200, 302, 302),
    "admin": (200, 302, 302),
    "principal_a": (403, 403, 403),
    "teacher_a": (403, 403, 403),
    "principal_b": (404, 404, 404),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", list(BANNER_MATRIX))
def test_the_banner_permission_matrix(client_for, world, persona):
    codes = []
    for view, data in [("banner_edit", None), ("banner_cancel", {"reason": "Hủy"}), ("banner_delete", {})]:
        campaign = services.banner_campaign_create(
            actor=world.specialist,
            theme="Đợt",
            banner_text="x",
            starts_on=datetime.date(2024, 5, 1),
            ends_on=datetime.date(2024, 5, 2),
            units=[world.school_a],
        )
        url = reverse(f"outreach:{view}", args=[campaign.pk])
        client = client_for(persona)
        codes.append(client.get(url).status_code if data is None else client.post(url, data).status_code)
    assert tuple(codes) == BANNER_MATRIX[persona]


# ── Every text field of the module, with known payloads ────────────────────────────────────────────


def test_it_escapes_every_outreach_text_field(client_for, world):
    doc = services.document_create(
        actor=world.specialist,
        number=XSS,
        issued_on=datetime.date(2024, 1, 2),
        issuer=XSS,
        kind="plan",
        summary=XSS,
    )
    dist = services.distribution_send(
        actor=world.specialist, document=doc, units=[world.school_a], due_on=DUE, note=XSS
    )
    ack = dist.acknowledgements.get()
    services.acknowledge(actor=world.principal_a, acknowledgement=ack, note=XSS)
    services.document_withdraw(actor=world.specialist, document=doc, reason=XSS)
    event = services.event_create(
        actor=world.specialist,
        title=XSS,
        kind=EventKind.OFFICE,
        starts_on=datetime.date(2024, 4, 5),
        description=XSS,
    )
    services.event_respond(
        actor=world.principal_a,
        event=event,
        unit=world.school_a,
        activities=XSS,
        evidence_url="https://a.vn/?q=<b>",
    )
    services.event_cancel(actor=world.specialist, event=event, reason=XSS)
    campaign = services.banner_campaign_create(
        actor=world.specialist,
        theme=XSS,
        banner_text=XSS,
        starts_on=datetime.date(2024, 5, 1),
        ends_on=datetime.date(2024, 5, 2),
        units=[world.school_a],
    )
    services.banner_report(
        actor=world.principal_a,
        campaign=campaign,
        unit=world.school_a,
        place=XSS,
        hung_on=datetime.date(2024, 5, 1),
        photo=_photo(),
    )
    services.banner_campaign_cancel(actor=world.specialist, campaign=campaign, reason=XSS)
    pages = {
        "specialist": [
            reverse("outreach:library"),
            reverse("outreach:document", args=[doc.pk]),
            reverse("outreach:distribution", args=[dist.pk]),
            reverse("outreach:calendar") + "?month=2024-04",
            reverse("outreach:event", args=[event.pk]),
            reverse("outreach:banners"),
            reverse("outreach:banner", args=[campaign.pk]),
        ],
        "principal_a": [reverse("outreach:inbox"), reverse("outreach:event", args=[event.pk])],
    }
    for persona, urls in pages.items():
        client = client_for(persona)
        for url in urls:
            body = client.get(url).content.decode()
            assert "<script>alert(1)</script>" not in body and "<img src=x" not in body, url
            assert "&lt;script&gt;" in body, url
