import datetime

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse

from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, PermissionDeniedError
from sangtao.outreach import services
from sangtao.outreach.models import Event, EventKind, EventResponse
from sangtao.outreach.stats import _responded_national_days

XSS = "<script>alert(1)</script>"


def test_it_creates_the_national_days_once(db):
    services.national_days_ensure(year=2024)
    services.national_days_ensure(year=2024)
    call_command("create_national_days", "2024", "2023", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(Event.objects.values_list("starts_on", flat=True)) == [
        datetime.date(2023, 5, 18),
        datetime.date(2023, 10, 1),
        datetime.date(2024, 5, 18),
        datetime.date(2024, 10, 1),
    ]


def test_it_lets_a_school_respond_only_for_itself(world):
    event = services.national_days_ensure(year=2024)[0]
    with pytest.raises(PermissionDeniedError):
        services.event_respond(actor=world.principal_a, event=event, unit=world.school_b, activities="x")
    with pytest.raises(PermissionDeniedError):
        services.event_respond(actor=world.teacher_a, event=event, unit=world.school_a, activities="x")
    with pytest.raises(ApplicationError):
        services.event_respond(actor=world.principal_a, event=event, unit=world.school_a, activities="  ")
    response = services.event_respond(
        actor=world.coordinator_a, event=event, unit=world.school_a, activities="Triển lãm", participants=120
    )
    assert [e.action for e in events_for(response)] == ["respond"]


def test_it_rejects_an_event_from_a_school(world):
    with pytest.raises(PermissionDeniedError):
        services.event_create(
            actor=world.principal_a, title="x", kind=EventKind.SCHOOL, starts_on=datetime.date(2024, 1, 1)
        )


def test_it_counts_units_that_responded_to_both_national_days(world, django_assert_max_num_queries):
    from sangtao.testing.factories import PlanFactory

    plan = PlanFactory(year=2024)
    innovation = services.national_days_ensure(year=2023)[1]  # 1/10/2023
    science = services.national_days_ensure(year=2024)[0]  # 18/5/2024
    for event in (innovation, science):
        services.event_respond(actor=world.principal_a, event=event, unit=world.school_a, activities="x")
    services.event_respond(actor=world.principal_b, event=science, unit=world.school_b, activities="x")

    class Indicator:
        plan_id = plan.pk

    with django_assert_max_num_queries(3), override_settings(SANGTAO_TODAY=datetime.date(2024, 6, 1)):
        values = _responded_national_days(Indicator, [world.school_a.pk, world.school_b.pk])
    assert values == {world.school_a.pk: 1, world.school_b.pk: 0}
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):  # only 1/10/2023 is held yet
        assert _responded_national_days(Indicator, [world.school_a.pk, world.school_b.pk]) == {
            world.school_a.pk: 1,
            world.school_b.pk: 0,
        }
    with override_settings(SANGTAO_TODAY=datetime.date(2023, 9, 15)):
        assert _responded_national_days(Indicator, [world.school_a.pk]) == {}


@pytest.fixture
def events(world):
    public = services.national_days_ensure(year=2024)[1]
    school_b_only = Event.objects.create(
        title="Ngày hội trường B",
        kind=EventKind.SCHOOL,
        unit=world.school_b,
        starts_on=datetime.date(2024, 10, 5),
    )
    return public, school_b_only


MATRIX = {  # calendar, public event, school B event, public feed, school A feed
    "admin": (200, 200, 200, 200, 200),
    "specialist": (200, 200, 200, 200, 200),
    "leader": (200, 200, 200, 200, 200),
    "principal_a": (200, 200, 404, 200, 200),
    "coordinator_a": (200, 200, 404, 200, 200),
    "teacher_a": (200, 200, 404, 200, 200),
    "principal_b": (200, 200, 200, 200, 404),
    "partner": (200, 200, 404, 200, 404),
    "observer": (200, 200, 200, 200, 200),
    "anonymous": (302, 302, 302, 200, 302),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_it_applies_the_event_permission_matrix(client_for, world, events, persona):
    public, school_b_only = events
    client = client_for(persona)
    urls = [
        reverse("outreach:calendar") + "?month=2024-10",
        reverse("outreach:event", args=[public.pk]),
        reverse("outreach:event", args=[school_b_only.pk]),
        reverse("outreach:calendar_feed"),
        reverse("outreach:unit_calendar_feed", args=[world.school_a.pk]),
    ]
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


@pytest.mark.parametrize(
    ("persona", "status"), [("specialist", 200), ("principal_a", 403), ("anonymous", 302)]
)
def test_it_lets_only_the_office_open_the_event_form(client_for, world, persona, status):
    assert client_for(persona).get(reverse("outreach:event_create")).status_code == status


def test_it_writes_a_valid_icalendar_feed(client, world, events):
    Event.objects.create(
        title="Hội thảo; đổi mới, sáng tạo " + "rất dài " * 20,
        kind=EventKind.CITY,
        starts_on=datetime.date(2024, 11, 2),
        description="Dòng 1\nDòng 2",
    )
    response = client.get(reverse("outreach:calendar_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.decode().split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = raw.decode().replace("\r\n ", "").split("\r\n")
    assert unfolded.count("BEGIN:VEVENT") == 3  # two national days and the city event; not school B's
    assert "DTSTART;VALUE=DATE:20241001" in unfolded
    assert "SUMMARY:Ngày Đổi mới sáng tạo Việt Nam" in unfolded
    assert any(line.startswith("SUMMARY:Hội thảo\\; đổi mới\\, sáng tạo") for line in unfolded)
    assert "DESCRIPTION:Dòng 1\\nDòng 2" in unfolded
    assert sum(line.startswith("UID:") for line in unfolded) == 3
    assert sum(line.startswith("DTSTAMP:") for line in unfolded) == 3


def test_it_records_a_response_from_the_phone_form(client_for, world, events):
    public, _ = events
    response = client_for("principal_a").post(
        reverse("outreach:event", args=[public.pk]),
        {"unit": world.school_a.pk, "activities": "Trưng bày sản phẩm", "participants": "300"},
    )
    assert response.status_code == 302
    assert EventResponse.objects.get().participants == 300
    page = client_for("specialist").get(reverse("outreach:event", args=[public.pk])).content.decode()
    assert world.school_a.name in page and "Trưng bày sản phẩm" in page


def test_it_refuses_a_response_posted_by_a_teacher(client_for, world, events):
    public, _ = events
    response = client_for("teacher_a").post(
        reverse("outreach:event", args=[public.pk]),
        {"unit": world.school_a.pk, "activities": "x", "participants": "1"},
    )
    assert response.status_code == 403


def test_it_escapes_event_texts(client_for, world):
    event = Event.objects.create(
        title=XSS, kind=EventKind.CITY, starts_on=datetime.date(2024, 10, 5), description=XSS
    )
    EventResponse.objects.create(
        event=event,
        unit=world.school_a,
        activities=XSS,
        at=datetime.datetime(2024, 10, 5, tzinfo=datetime.UTC),
    )
    client = client_for("specialist")
    for url in [reverse("outreach:calendar") + "?month=2024-10", reverse("outreach:event", args=[event.pk])]:
        body = client.get(url).content.decode()
        assert XSS not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("n", [2, 20])
def test_it_keeps_event_query_counts_flat(client_for, world, django_assert_max_num_queries, n):
    event = Event.objects.create(title="E", kind=EventKind.CITY, starts_on=datetime.date(2024, 10, 1))
    for i in range(n):
        Event.objects.create(
            title=f"E{i}", kind=EventKind.OFFICE, unit=world.office, starts_on=datetime.date(2024, 10, 2)
        )
        from sangtao.testing.factories import OrgUnitFactory

        unit = OrgUnitFactory(parent=world.office, code=f"S{i}", level="TH")
        EventResponse.objects.create(
            event=event, unit=unit, activities="x", at=datetime.datetime(2024, 10, 5, tzinfo=datetime.UTC)
        )
    client = client_for("specialist")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("outreach:calendar") + "?month=2024-10").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("outreach:event", args=[event.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("outreach:calendar_feed")).status_code == 200
