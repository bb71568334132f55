"""The training API: scoped like the pages, every endpoint answered per persona."""

import pytest

from sangtao.training import services
from sangtao.training.models import NominationStatus

PERSONAS = [
    "admin",
    "leader",
    "specialist",
    "principal_a",
    "coordinator_a",
    "teacher_a",
    "principal_b",
    "partner",
    "observer",
    "anonymous",
]
EVERYONE = dict.fromkeys(PERSONAS, 200) | {"anonymous": 401}
OFFICE_COURSE = EVERYONE | {"partner": 404}


@pytest.fixture
def api(world, tw, done):
    waiting = services.nominate(
        actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_2
    )
    return {"course": tw.course, "waiting": waiting, "certificate": done.certificate}


@pytest.mark.parametrize(("persona", "expected"), EVERYONE.items())
def test_the_course_list_answers_every_persona(api, client_for, persona, expected):
    assert client_for(persona).get("/api/v1/courses/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), OFFICE_COURSE.items())
def test_a_course_is_read_by_those_who_see_it(api, client_for, persona, expected):
    assert client_for(persona).get(f"/api/v1/courses/{api['course'].pk}/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), EVERYONE.items())
def test_the_nomination_list_answers_every_persona(api, client_for, persona, expected):
    assert client_for(persona).get("/api/v1/nominations/").status_code == expected


# Nominations each persona reads: the school its own, the office all of its schools, the partner none of
# the office's, school B none of school A's, the teacher only their own (teacher_1 is teacher_a's record).
NOMINATIONS_SEEN = {
    "specialist": {"Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"},
    "principal_a": {"Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"},
    "teacher_a": {"Nguyễn Thị Ánh Tuyết"},
    "principal_b": set(),
    "partner": set(),
    "observer": {"Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"},
}


@pytest.mark.parametrize(("persona", "expected"), NOMINATIONS_SEEN.items())
def test_nominations_are_scoped(api, client_for, persona, expected):
    rows = client_for(persona).get("/api/v1/nominations/").json()["results"]
    assert {r["person_name"] for r in rows} == expected


# POST /nominations/: only the school's head or coordinator.
NOMINATE = {
    "principal_a": 201,
    "coordinator_a": 201,
    "teacher_a": 403,
    "principal_b": 403,
    "specialist": 403,
    "partner": 404,
    "observer": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize(("persona", "expected"), NOMINATE.items())
def test_only_the_school_nominates(api, tw, client_for, persona, expected):
    response = client_for(persona).post(
        "/api/v1/nominations/",
        {"course": api["course"].pk, "staff": tw.manager_a.pk},
        content_type="application/json",
    )
    assert response.status_code == expected


def test_a_refused_nomination_says_why_in_vietnamese(api, tw, client_for):
    response = client_for("principal_a").post(
        "/api/v1/nominations/",
        {"course": api["course"].pk, "staff": tw.teacher_2.pk},
        content_type="application/json",
    )
    assert response.status_code == 409 and "đã được cử vào khóa này" in response.json()["detail"]


# approve / decline: the organiser only.
DECIDE = {
    "specialist": 200,
    "leader": 200,
    "admin": 200,
    "principal_a": 403,
    "teacher_a": 404,
    "partner": 404,
    "principal_b": 404,
    "observer": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize(("persona", "expected"), DECIDE.items())
def test_only_the_organiser_approves(api, client_for, persona, expected):
    response = client_for(persona).post(f"/api/v1/nominations/{api['waiting'].pk}/approve/")
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), DECIDE.items())
def test_only_the_organiser_declines(api, client_for, persona, expected):
    response = client_for(persona).post(
        f"/api/v1/nominations/{api['waiting'].pk}/decline/",
        {"reason": "Trùng lịch"},
        content_type="application/json",
    )
    assert response.status_code == expected


def test_declining_without_a_reason_is_a_400(api, client_for):
    response = client_for("specialist").post(
        f"/api/v1/nominations/{api['waiting'].pk}/decline/", {}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("reason")


def test_approving_answers_with_the_new_status(api, client_for):
    body = client_for("specialist").post(f"/api/v1/nominations/{api['waiting'].pk}/approve/").json()
    assert (body["status"], body["status_label"]) == (NominationStatus.APPROVED, "Được duyệt")


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_verifies_a_certificate_by_its_code(api, client_for, persona):
    body = client_for(persona).get(f"/api/v1/certificates/verify/{api['certificate'].code}/").json()
    assert body == {
        "code": api["certificate"].code,
        "valid": True,
        "holder_name": "Nguyễn Thị Ánh Tuyết",
        "course_title": "Tập huấn tiết kiệm năng lượng trong trường học",
        "first_day": body["first_day"],
        "last_day": body["last_day"],
        "issued_on": api["certificate"].issued_on.isoformat(),
        "issuer": "Phòng Giáo dục và Đào tạo Quận 12",
        "revoked_on": None,
    }


def test_an_unknown_code_is_a_404(db, client_for):
    assert client_for("anonymous").get("/api/v1/certificates/verify/KHONGCOMA2/").status_code == 404


def test_the_course_detail_lists_sessions_and_abilities(api, client_for):
    body = client_for("principal_a").get(f"/api/v1/courses/{api['course'].pk}/").json()
    assert len(body["sessions"]) == 1 and body["abilities"] == {
        "can_manage": False,
        "can_nominate": True,
        "registration_open": True,
    }


def test_the_course_list_filters_by_topic(api, client_for):
    rows = client_for("specialist").get("/api/v1/courses/", {"topic": "energy_saving"}).json()["results"]
    assert [r["title"] for r in rows] == ["Tập huấn tiết kiệm năng lượng trong trường học"]
