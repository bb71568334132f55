"""The clubs API: who reads and writes what, the computed status, uploads, and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangtao.testing.factories import (
    ClubActivityFactory,
    ClubFactory,
    ClubMemberFactory,
    OrgUnitFactory,
)
from sangtao.testing.personas import PERSONAS

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)

# persona → answer to GET of school A's (robotics) club, its activities
CLUB_READ = {
    "admin": 200,
    "leader": 200,
    "specialist": 200,
    "principal_a": 200,
    "coordinator_a": 200,
    "teacher_a": 200,
    "principal_b": 404,
    "partner": 404,
    "observer": 200,
    "anonymous": 401,
}
# persona → answer to POST of an activity of school A's club
ACTIVITY_CREATE = {
    "admin": 403,
    "leader": 403,
    "specialist": 403,
    "principal_a": 201,
    "coordinator_a": 201,
    "teacher_a": 201,
    "principal_b": 404,
    "partner": 404,
    "observer": 403,
    "anonymous": 401,
}


def api(name, *args):
    return reverse(f"api:{name}", args=args)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_is_scoped(client_for, cw, persona):
    response = client_for(persona).get(api("club-list"))
    expected = [] if CLUB_READ[persona] == 404 else [cw.club.pk]
    if persona == "anonymous":
        assert response.status_code == 401
    else:
        assert [c["id"] for c in response.json()["results"]] == expected


@pytest.mark.parametrize(("persona", "expected"), CLUB_READ.items())
def test_the_detail_and_activities_are_scoped(client_for, cw, persona, expected):
    client = client_for(persona)
    assert client.get(api("club-detail", cw.club.pk)).status_code == expected
    assert client.get(api("club-activities", cw.club.pk)).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), ACTIVITY_CREATE.items())
def test_who_may_log_an_activity(client_for, cw, persona, expected):
    response = client_for(persona).post(
        api("club-activities", cw.club.pk),
        {"date": "2024-03-14", "title": "Sinh hoạt", "kind": "meeting"},
        content_type="application/json",
    )
    assert response.status_code == expected


def test_the_detail_says_active_and_why(client_for, cw):
    cw.club.activities.filter(date__month=2).delete()
    data = client_for("leader").get(api("club-detail", cw.club.pk)).json()
    assert (data["active"], data["reasons"], data["members"], data["min_members"]) == (
        False,
        ["thiếu hoạt động tháng 2/2024"],
        5,
        5,
    )
    assert data["months"] == [
        {"month": "2024-02-01", "has_activity": False},
        {"month": "2024-03-01", "has_activity": True},
    ]


def test_student_names_are_withheld_from_a_teacher(client_for, cw):
    teacher = client_for("teacher_a").get(api("club-detail", cw.club.pk)).json()["member_list"]
    leader = client_for("leader").get(api("club-detail", cw.club.pk)).json()["member_list"]
    assert {m["name"] for m in teacher} == {None} and "Học sinh 0" in {m["name"] for m in leader}


def test_the_list_filters_on_the_computed_state(client_for, cw, world):
    other = ClubFactory(unit=world.school_b)
    client = client_for("leader")
    assert [c["id"] for c in client.get(api("club-list") + "?active=false").json()["results"]] == [other.pk]
    assert [c["id"] for c in client.get(api("club-list") + "?active=true").json()["results"]] == [cw.club.pk]


def test_a_bad_filter_gets_a_vietnamese_message(client_for, cw):
    response = client_for("leader").get(api("club-list") + "?club_type=bogus")
    assert response.status_code == 400 and "không phải là lựa chọn hợp lệ" in response.json()["detail"]


def test_an_activity_with_photos_and_members_through_multipart(client_for, cw):
    members = list(cw.club.members.values_list("pk", flat=True)[:2])
    response = client_for("coordinator_a").post(
        api("club-activities", cw.club.pk),
        {
            "date": "2024-03-14",
            "title": "Triển lãm",
            "kind": "exhibition",
            "members": members,
            "photos": [
                SimpleUploadedFile("a.png", PNG, content_type="image/png"),
                SimpleUploadedFile("b.png", PNG, content_type="image/png"),
            ],
        },
    )
    data = response.json()
    assert (response.status_code, data["participants"], sorted(data["members"]), len(data["files"])) == (
        201,
        2,
        sorted(members),
        2,
    )
    assert data["files"][0]["download_url"].endswith(reverse("clubs:file", args=[data["files"][0]["id"]]))


def test_a_fake_photo_is_refused_in_vietnamese(client_for, cw):
    response = client_for("coordinator_a").post(
        api("club-activities", cw.club.pk),
        {
            "date": "2024-03-14",
            "title": "x",
            "photos": [SimpleUploadedFile("a.png", b"nope", content_type="image/png")],
        },
    )
    assert response.status_code == 400 and "không đúng với đuôi" in response.json()["detail"]


def test_members_of_another_club_are_refused(client_for, cw, world):
    stranger = ClubMemberFactory(club=ClubFactory(unit=world.school_a))
    response = client_for("coordinator_a").post(
        api("club-activities", cw.club.pk),
        {"date": "2024-03-14", "title": "x", "members": [stranger.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_a_teacher_cannot_name_students_he_may_not_see(client_for, cw):
    student = cw.club.members.filter(student__isnull=False).first()
    response = client_for("teacher_a").post(
        api("club-activities", cw.club.pk),
        {"date": "2024-03-14", "title": "x", "members": [student.pk]},
        content_type="application/json",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["list", "activities"])
def test_queries_are_the_same_for_2_and_20_rows(client_for, cw, world, path, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("leader")
    url = api("club-list") if path == "list" else api("club-activities", cw.club.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(18):
        club = ClubFactory(unit=OrgUnitFactory(parent=world.office))
        ClubMemberFactory(club=club)
        ClubActivityFactory(club=cw.club, date=datetime.date(2024, 1, 1 + i))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
