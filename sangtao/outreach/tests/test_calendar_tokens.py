"""A phone calendar subscribes to a unit's events through a secret address, without logging in."""

import datetime

import pytest
from django.urls import reverse

from sangtao.core.exceptions import PermissionDeniedError
from sangtao.outreach import services
from sangtao.outreach.models import CalendarToken, Event, EventKind


@pytest.fixture
def events(world):
    general = services.national_days_ensure(year=2024)[1]
    office = Event.objects.create(
        title="Hội nghị sơ kết của Phòng",
        kind=EventKind.OFFICE,
        unit=world.office,
        starts_on=datetime.date(2024, 3, 4),
    )
    only_a = Event.objects.create(
        title="Ngày hội sáng tạo trường A",
        kind=EventKind.SCHOOL,
        unit=world.school_a,
        starts_on=datetime.date(2024, 4, 2),
    )
    only_b = Event.objects.create(
        title="Ngày hội riêng trường B",
        kind=EventKind.SCHOOL,
        unit=world.school_b,
        starts_on=datetime.date(2024, 4, 3),
    )
    for_th = Event.objects.create(
        title="Giao lưu Tiểu học",
        kind=EventKind.OFFICE,
        unit=world.office,
        level="TH",
        starts_on=datetime.date(2024, 4, 9),
    )
    return {"general": general, "office": office, "only_a": only_a, "only_b": only_b, "for_th": for_th}


def _feed(client, token):
    return client.get(reverse("outreach:token_calendar_feed", args=[token.token]))


def _summaries(response) -> set[str]:
    lines = response.content.decode().replace("\r\n ", "").split("\r\n")
    return {line.removeprefix("SUMMARY:") for line in lines if line.startswith("SUMMARY:")}


def test_a_subscription_address_works_logged_out(client, world, events):
    token = services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)
    response = _feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    assert _summaries(response) == {
        "Ngày Khoa học và Công nghệ Việt Nam",
        "Ngày Đổi mới sáng tạo Việt Nam",
        "Hội nghị sơ kết của Phòng",
        "Ngày hội sáng tạo trường A",
    }
    token.refresh_from_db()
    assert token.used_at is not None


def test_school_a_never_sees_school_b_private_or_other_level_events(client, world, events):
    a = _summaries(_feed(client, services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)))
    b = _summaries(_feed(client, services.calendar_token_issue(actor=world.principal_b, unit=world.school_b)))
    assert "Ngày hội riêng trường B" not in a and "Giao lưu Tiểu học" not in a
    assert "Ngày hội sáng tạo trường A" not in b
    assert {"Ngày hội riêng trường B", "Giao lưu Tiểu học"} <= b


def test_a_regenerated_address_revokes_the_old_one(client, world, events):
    old = services.calendar_token_issue(actor=world.coordinator_a, unit=world.school_a).token
    new = services.calendar_token_issue(actor=world.coordinator_a, unit=world.school_a)
    assert new.token != old and CalendarToken.objects.count() == 1
    assert client.get(reverse("outreach:token_calendar_feed", args=[old])).status_code == 404
    assert _feed(client, new).status_code == 200


def test_a_revoked_address_is_404(client, world, events):
    token = services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)
    services.calendar_token_revoke(actor=world.principal_a, unit=world.school_a)
    assert _feed(client, token).status_code == 404


@pytest.mark.parametrize("token", ["wrong", "a" * 43, "x-y_z"])
def test_a_wrong_address_is_404(client, world, events, token):
    services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)
    assert client.get(reverse("outreach:token_calendar_feed", args=[token])).status_code == 404


def test_the_address_dies_with_the_role_or_the_account(client, world, events):
    token = services.calendar_token_issue(actor=world.teacher_a, unit=world.school_a)
    world.teacher_a.role_assignments.all().delete()
    assert _feed(client, token).status_code == 404
    token = services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)
    world.principal_a.is_active = False
    world.principal_a.save()
    assert _feed(client, token).status_code == 404


def test_only_a_unit_of_ones_own_roles_gets_an_address(world):
    with pytest.raises(PermissionDeniedError):
        services.calendar_token_issue(actor=world.principal_a, unit=world.school_b)


def test_the_calendar_page_offers_copy_webcal_and_regenerate(client_for, world, events):
    client = client_for("principal_a")
    page = client.get(reverse("outreach:calendar")).content.decode()
    assert reverse("outreach:calendar_subscribe", args=[world.school_a.pk]) in page
    assert client.post(reverse("outreach:calendar_subscribe", args=[world.school_a.pk])).status_code == 302
    token = CalendarToken.objects.get(user=world.principal_a)
    page = client.get(reverse("outreach:calendar")).content.decode()
    assert f"http://testserver/outreach/calendar/feed/{token.token}.ics" in page
    assert f"webcal://testserver/outreach/calendar/feed/{token.token}.ics" in page
    assert 'data-copy="feed-' in page and "js/copy.js" in page
    client.post(reverse("outreach:calendar_subscribe", args=[world.school_a.pk]))
    assert CalendarToken.objects.get(user=world.principal_a).token != token.token
    client.post(reverse("outreach:calendar_unsubscribe", args=[world.school_a.pk]))
    assert not CalendarToken.objects.exists()


def test_nobody_sees_another_persons_address(client_for, world, events):
    token = services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)
    for persona in ["coordinator_a", "specialist", "admin"]:
        assert token.token not in client_for(persona).get(reverse("outreach:calendar")).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("principal_a", 302), ("principal_b", 404), ("anonymous", 302)]
)
def test_subscribing_to_school_a_is_for_its_people(client_for, world, persona, status):
    response = client_for(persona).post(reverse("outreach:calendar_subscribe", args=[world.school_a.pk]))
    assert response.status_code == status
    assert CalendarToken.objects.filter(unit=world.school_a).exists() == (persona == "principal_a")


def test_the_public_feed_stays_public_and_general(client, world, events):
    body = _summaries(client.get(reverse("outreach:calendar_feed")))
    assert body == {"Ngày Khoa học và Công nghệ Việt Nam", "Ngày Đổi mới sáng tạo Việt Nam"}


def test_a_cancelled_event_is_struck_through_in_the_feed(client, world, events):
    services.event_cancel(actor=world.specialist, event=events["office"], reason="Trùng lịch")
    token = services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)
    raw = _feed(client, token).content.decode().replace("\r\n ", "")
    block = raw.split("SUMMARY:Hội nghị sơ kết của Phòng")[1].split("END:VEVENT")[0]
    assert "STATUS:CANCELLED" in block


@pytest.mark.parametrize("n", [2, 20])
def test_the_feed_query_count_is_flat(client, world, django_assert_max_num_queries, n):
    for i in range(n):
        Event.objects.create(
            title=f"E{i}", kind=EventKind.OFFICE, unit=world.office, starts_on=datetime.date(2024, 5, 1)
        )
    token = services.calendar_token_issue(actor=world.principal_a, unit=world.school_a)
    with django_assert_max_num_queries(6):
        assert _feed(client, token).status_code == 200
