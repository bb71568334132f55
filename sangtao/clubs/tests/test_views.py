"""The clubs pages: the permission matrix of every URL, the forms, the exports and the query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sangtao.clubs import services
from sangtao.clubs.models import ActivityRule, Club, ClubStatus
from sangtao.testing.factories import (
    AssignmentFactory,
    ClubActivityFactory,
    ClubFactory,
    ClubMemberFactory,
    IndicatorFactory,
    OrgUnitFactory,
    PlanFactory,
    TaskFactory,
)
from sangtao.testing.personas import PERSONAS

D = datetime.date
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


def png(name="anh-clb.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def matrix(**codes):
    """persona → expected status; personas not named get `rest`, anonymous is sent to the login page."""
    rest = codes.pop("rest")
    return {p: codes.get(p, 302 if p == "anonymous" else rest) for p in PERSONAS}


READERS = {"principal_b": 404, "partner": 404, "rest": 200}
SCHOOL_WRITERS = {"principal_a": 200, "coordinator_a": 200, "principal_b": 404, "partner": 404, "rest": 403}


@pytest.fixture
def files(cw, world):
    activity = services.activity_log(
        actor=world.coordinator_a,
        club=cw.club,
        date=D(2024, 3, 14),
        title="Triển lãm sản phẩm",
        kind="exhibition",
        photos=[png()],
    )
    services.club_update(
        actor=world.coordinator_a,
        club=cw.club,
        decision_file=SimpleUploadedFile("qd.png", PNG, content_type="image/png"),
    )
    return activity.files.get()


def _urls(cw, files):
    pk = cw.club.pk
    return {
        "list": (reverse("clubs:list"), matrix(rest=200)),
        "list_xlsx": (reverse("clubs:list") + "?format=xlsx", matrix(rest=200)),
        "create": (
            reverse("clubs:create"),
            matrix(principal_a=200, coordinator_a=200, principal_b=200, rest=403),
        ),
        "detail": (reverse("clubs:detail", args=[pk]), matrix(**READERS)),
        "edit": (reverse("clubs:edit", args=[pk]), matrix(**SCHOOL_WRITERS)),
        "activity_create": (
            reverse("clubs:activity_create", args=[pk]),
            matrix(**SCHOOL_WRITERS | {"teacher_a": 200}),
        ),
        "decision": (reverse("clubs:decision", args=[pk]), matrix(**READERS)),
        "file": (reverse("clubs:file", args=[files.pk]), matrix(**READERS)),
        "schools": (reverse("clubs:schools"), matrix(rest=200)),
        "schools_xlsx": (reverse("clubs:schools") + "?format=xlsx", matrix(rest=200)),
        "rule": (reverse("clubs:rule"), matrix(rest=200)),
    }


GET_PAGES = [
    "list",
    "list_xlsx",
    "create",
    "detail",
    "edit",
    "activity_create",
    "decision",
    "file",
    "schools",
    "schools_xlsx",
    "rule",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", GET_PAGES)
def test_who_may_open_each_page(client_for, cw, files, name, persona):
    url, expected = _urls(cw, files)[name]
    response = client_for(persona).get(url)
    assert response.status_code == expected[persona], (url, persona)
    if expected[persona] == 302:
        assert "/accounts/login/" in response["Location"]


# persona → status of each POST on school A's club (a redirect is success)
POST_WRITERS = matrix(principal_a=302, coordinator_a=302, principal_b=404, partner=404, rest=403)


def _posts(cw, world):
    member = cw.club.members.first()
    activity = cw.club.activities.first()
    plan = PlanFactory(issuing_unit=world.office)
    task = TaskFactory(plan=plan)
    IndicatorFactory(plan=plan, task=task, source="computed", source_key="clubs.active_schools")
    assignment = AssignmentFactory(task=task, unit=world.school_a)
    return {
        "status": (
            reverse("clubs:status", args=[cw.club.pk]),
            {"status": "paused", "reason": "Nghỉ Tết"},
            POST_WRITERS,
        ),
        "edit": (
            reverse("clubs:edit", args=[cw.club.pk]),
            {"name": "Tên mới", "club_type": "stem"},
            matrix(principal_a=302, coordinator_a=302, principal_b=404, partner=404, rest=403),
        ),
        "member_add": (
            reverse("clubs:member_add", args=[cw.club.pk]),
            {"people": [f"s{cw.students[5].pk}"], "role": "member", "joined_on": "10/03/2024"},
            POST_WRITERS,
        ),
        "member_leave": (
            reverse("clubs:member_leave", args=[member.pk]),
            {"left_on": "14/03/2024"},
            POST_WRITERS,
        ),
        "activity_create": (
            reverse("clubs:activity_create", args=[cw.club.pk]),
            {"date": "14/03/2024", "title": "Sinh hoạt", "kind": "meeting", "participants": 8},
            POST_WRITERS | {"teacher_a": 302},
        ),
        "activity_remove": (
            reverse("clubs:activity_remove", args=[activity.pk]),
            {},
            POST_WRITERS | {"teacher_a": 302},
        ),
        "attach": (reverse("clubs:attach", args=[cw.club.pk, assignment.pk]), {}, POST_WRITERS),
        "create": (
            reverse("clubs:create"),
            {"name": "CLB STEM", "club_type": "stem"},
            matrix(principal_a=302, coordinator_a=302, principal_b=302, rest=403),
        ),
        "rule": (
            reverse("clubs:rule"),
            {
                "unit": world.office.pk,
                f"r{world.office.pk}-min_members": 6,
                f"r{world.office.pk}-months_required": 2,
            },
            matrix(admin=302, leader=302, rest=403),
        ),
    }


POSTS = [
    "status",
    "edit",
    "member_add",
    "member_leave",
    "activity_create",
    "activity_remove",
    "attach",
    "create",
    "rule",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POSTS)
def test_who_may_change_what(client_for, cw, world, name, persona):
    url, data, expected = _posts(cw, world)[name]
    assert client_for(persona).post(url, data).status_code == expected[persona], (url, persona)


def test_a_forbidden_post_changes_nothing(client_for, cw):
    client_for("observer").post(
        reverse("clubs:status", args=[cw.club.pk]), {"status": "closed", "reason": "x"}
    )
    cw.club.refresh_from_db()
    assert cw.club.status == ClubStatus.ACTIVE


# ── Registering and logging through the pages ──────────────────────────────────────────────────────


def test_the_coordinator_registers_a_club_with_five_members(client_for, cw, world):
    people = [f"s{s.pk}" for s in cw.students[:4]] + [f"t{cw.staff[0].pk}"]
    response = client_for("coordinator_a").post(
        reverse("clubs:create"),
        {
            "name": "CLB Đổi mới sáng tạo",
            "club_type": "innovation",
            "decision_number": "15/QĐ-THCS",
            "decision_date": "01/03/2024",
            "advisers": [cw.adviser.pk],
            "meeting_schedule": "Chiều thứ Năm",
            "people": people,
        },
    )
    club = Club.objects.get(name="CLB Đổi mới sáng tạo")
    assert response["Location"] == reverse("clubs:detail", args=[club.pk])
    assert (club.unit, club.members.count(), club.decision_date) == (world.school_a, 5, D(2024, 3, 1))


def test_a_bad_registration_keeps_what_was_typed(client_for, cw):
    response = client_for("coordinator_a").post(
        reverse("clubs:create"),
        {"name": "Giữ nguyên tên này", "club_type": "innovation", "decision_date": "31/02/2024"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Giữ nguyên tên này" in body and "errorlist" in body


def test_a_future_decision_date_is_explained_on_the_form(client_for, cw):
    response = client_for("coordinator_a").post(
        reverse("clubs:create"), {"name": "CLB Tương lai", "club_type": "stem", "decision_date": "01/04/2024"}
    )
    assert response.status_code == 400 and "không được sau hôm nay" in response.content.decode()


def test_the_adviser_logs_an_activity_with_a_photo_from_the_phone(client_for, cw):
    client = client_for("teacher_a")
    form = client.get(reverse("clubs:activity_create", args=[cw.club.pk])).content.decode()
    assert 'accept="image/*"' in form and 'value="15/03/2024"' in form
    response = client.post(
        reverse("clubs:activity_create", args=[cw.club.pk]),
        {
            "date": "14/03/2024",
            "title": "Thử nghiệm robot dò line",
            "kind": "project",
            "participants": "9",
            "description": "Nhóm 8A2 hoàn thành robot.",
            "photos": [png()],
        },
    )
    activity = cw.club.activities.get(title="Thử nghiệm robot dò line")
    assert response.status_code == 302 and activity.files.get().is_image
    detail = client.get(reverse("clubs:detail", args=[cw.club.pk])).content.decode()
    assert f'src="{reverse("clubs:file", args=[activity.files.get().pk])}"' in detail


def test_a_fake_photo_keeps_the_title_typed(client_for, cw):
    fake = SimpleUploadedFile("anh.jpg", b"not a picture at all", content_type="image/jpeg")
    response = client_for("coordinator_a").post(
        reverse("clubs:activity_create", args=[cw.club.pk]),
        {"date": "14/03/2024", "title": "Tiêu đề đã gõ", "kind": "meeting", "photos": [fake]},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Tiêu đề đã gõ" in body and "không đúng với đuôi" in body
    assert cw.club.activities.count() == 2


def test_a_future_activity_date_is_refused_on_the_form(client_for, cw):
    response = client_for("coordinator_a").post(
        reverse("clubs:activity_create", args=[cw.club.pk]),
        {"date": "20/03/2024", "title": "Sắp tới", "kind": "meeting"},
    )
    assert response.status_code == 400 and "không được sau hôm nay" in response.content.decode()


def test_adding_a_member_twice_keeps_the_page_with_the_reason(client_for, cw):
    response = client_for("coordinator_a").post(
        reverse("clubs:member_add", args=[cw.club.pk]),
        {"people": [f"s{cw.students[0].pk}"], "role": "member", "joined_on": "10/03/2024"},
    )
    assert response.status_code == 400


def test_pausing_without_a_reason_keeps_the_page(client_for, cw):
    response = client_for("coordinator_a").post(
        reverse("clubs:status", args=[cw.club.pk]), {"status": "paused"}
    )
    assert response.status_code == 400 and "lý do" in response.content.decode()


# ── What the pages show ────────────────────────────────────────────────────────────────────────────


def test_the_club_page_says_why_it_is_not_active(client_for, cw):
    cw.club.activities.filter(date__month=3).delete()
    body = client_for("leader").get(reverse("clubs:detail", args=[cw.club.pk])).content.decode()
    assert "Chưa đạt quy tắc" in body and "thiếu hoạt động tháng 3/2024" in body


def test_the_club_page_says_it_is_active(client_for, cw):
    body = client_for("observer").get(reverse("clubs:detail", args=[cw.club.pk])).content.decode()
    assert "Đang hoạt động theo quy tắc" in body


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("coordinator_a", True), ("leader", True), ("teacher_a", False), ("observer", False)],
)
def test_student_names_are_shown_only_to_the_office_and_the_school_leads(client_for, cw, persona, shown):
    body = client_for(persona).get(reverse("clubs:detail", args=[cw.club.pk])).content.decode()
    assert ("Học sinh 0" in body) is shown and ("Học sinh (ẩn tên)" in body) is not shown


def test_the_club_page_shows_the_plan_task_it_serves(client_for, cw, world):
    plan = PlanFactory(issuing_unit=world.office, number="454/KH-GDĐT")
    task = TaskFactory(plan=plan, number="I.1", title="Thành lập câu lạc bộ đổi mới sáng tạo")
    IndicatorFactory(plan=plan, task=task, code="CT01", source="computed", source_key="clubs.active_schools")
    assignment = AssignmentFactory(task=task, unit=world.school_a)
    client = client_for("coordinator_a")
    body = client.get(reverse("clubs:detail", args=[cw.club.pk])).content.decode()
    assert "Thành lập câu lạc bộ đổi mới sáng tạo" in body and "Gắn làm minh chứng" in body
    client.post(reverse("clubs:attach", args=[cw.club.pk, assignment.pk]))
    assert assignment.evidence.get().record_ref == f"clubs.club:{cw.club.pk}"
    assert (
        "đã gắn câu lạc bộ làm minh chứng"
        in client.get(reverse("clubs:detail", args=[cw.club.pk])).content.decode()
    )


def test_the_list_filters_by_the_computed_state(client_for, cw, world):
    ClubFactory(unit=world.school_b, name="CLB Chưa hoạt động")
    client = client_for("leader")
    active = client.get(reverse("clubs:list") + "?active=yes").content.decode()
    inactive = client.get(reverse("clubs:list") + "?active=no").content.decode()
    assert "CLB Robotics" in active and "CLB Chưa hoạt động" not in active
    assert "CLB Robotics" not in inactive and "CLB Chưa hoạt động" in inactive


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("club_type=robotics", True),
        ("club_type=stem", False),
        ("level=THCS", True),
        ("level=TH", False),
        ("q=nguyen anh thu", True),
        ("q=le van tho", False),
        ("status=paused", False),
    ],
)
def test_the_list_filters(client_for, cw, query, found):
    body = client_for("leader").get(reverse("clubs:list") + "?" + query).content.decode()
    assert ("CLB Robotics Nguyễn Ảnh Thủ" in body) is found


def test_the_list_filters_by_school(client_for, cw, world):
    ClubFactory(unit=world.school_b, name="CLB Trường B")
    body = client_for("leader").get(reverse("clubs:list") + f"?unit={world.school_b.pk}").content.decode()
    assert "CLB Trường B" in body and "CLB Robotics" not in body


def _sheet(response):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_the_excel_export_is_scoped_and_says_why(client_for, cw, world):
    ClubFactory(unit=world.school_b, name="CLB Trường B")
    rows = _sheet(client_for("principal_a").get(reverse("clubs:list") + "?format=xlsx"))
    assert [r[3] for r in rows[1:]] == ["CLB Robotics Nguyễn Ảnh Thủ"]
    assert rows[1][7] == "Hồ Văn Tài" and rows[1][11] == "Có"
    office = _sheet(client_for("leader").get(reverse("clubs:list") + "?format=xlsx&active=no"))
    assert [(r[3], r[12]) for r in office[1:]] == [
        (
            "CLB Trường B",
            "mới có 0 thành viên, cần 5; thiếu hoạt động tháng 2/2024; thiếu hoạt động tháng 3/2024",
        )
    ]


def test_the_schools_page_shows_each_school_and_what_it_lacks(client_for, cw, world):
    body = client_for("leader").get(reverse("clubs:schools")).content.decode()
    assert "50,0%" in body and "chưa có câu lạc bộ" in body and world.school_b.name in body
    rows = _sheet(client_for("leader").get(reverse("clubs:schools") + "?format=xlsx"))
    assert [(r[1], r[5]) for r in rows[1:]] == [(world.school_a.name, "Có"), (world.school_b.name, "Không")]


def test_the_schools_page_of_a_school_shows_only_itself(client_for, cw, world):
    body = client_for("principal_b").get(reverse("clubs:schools")).content.decode()
    assert world.school_b.name in body and world.school_a.name not in body


def test_the_rule_page_shows_the_rule_to_a_school_and_a_form_to_the_leader(client_for, world):
    school = client_for("principal_a").get(reverse("clubs:rule")).content.decode()
    leader = client_for("leader").get(reverse("clubs:rule")).content.decode()
    assert "ít nhất 5 thành viên" in school and "Lưu quy tắc" not in school and "Lưu quy tắc" in leader


def test_the_leader_changes_the_rule_on_screen(client_for, world):
    key = f"r{world.office.pk}"
    client_for("leader").post(
        reverse("clubs:rule"), {"unit": world.office.pk, f"{key}-min_members": 8, f"{key}-months_required": 3}
    )
    rule = ActivityRule.objects.get(unit=world.office)
    assert (rule.min_members, rule.months_required, rule.updated_by) == (8, 3, world.leader)
    assert "ít nhất 8 thành viên" in client_for("teacher_a").get(reverse("clubs:rule")).content.decode()


def test_a_bad_rule_keeps_the_form_with_the_error(client_for, world):
    key = f"r{world.office.pk}"
    response = client_for("leader").post(
        reverse("clubs:rule"), {"unit": world.office.pk, f"{key}-min_members": 0, f"{key}-months_required": 2}
    )
    assert response.status_code == 400 and not ActivityRule.objects.exists()


def test_the_school_dashboard_shows_the_club_status(client_for, cw, world):
    body = (
        client_for("principal_a").get(reverse("dashboards:school", args=[world.school_a.pk])).content.decode()
    )
    assert "Trường đạt chỉ tiêu câu lạc bộ hoạt động" in body and "CLB Robotics" in body


# ── Queries do not grow with the data ──────────────────────────────────────────────────────────────


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def _grow_clubs(world, n):
    for i in range(n):
        school = OrgUnitFactory(parent=world.office)
        club = ClubFactory(unit=school, name=f"CLB thêm {i}")
        ClubMemberFactory(club=club)
        ClubActivityFactory(club=club)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("leader", "/clubs/"),
        ("leader", "/clubs/?active=no"),
        ("leader", "/clubs/?format=xlsx"),
        ("leader", "/clubs/schools/"),
        ("observer", "/clubs/schools/?format=xlsx"),
        ("principal_a", "/clubs/"),
    ],
)
def test_list_queries_are_the_same_for_2_and_20_clubs(
    client_for, cw, world, persona, path, django_assert_max_num_queries
):
    client = client_for(persona)
    _grow_clubs(world, 1)
    few = _count(client, path)
    _grow_clubs(world, 18)
    with django_assert_max_num_queries(few):
        client.get(path)


def test_the_club_page_queries_are_the_same_for_2_and_20_activities(
    client_for, cw, world, django_assert_max_num_queries
):
    client = client_for("coordinator_a")
    url = reverse("clubs:detail", args=[cw.club.pk])
    few = _count(client, url)
    for i in range(18):
        activity = services.activity_log(
            actor=world.coordinator_a,
            club=cw.club,
            date=D(2024, 1, 10),
            title=f"Buổi {i}",
            kind="meeting",
            members=list(cw.club.members.all()[:2]),
            photos=[png()],
        )
        assert activity.files.count() == 1
    services.member_add(actor=world.coordinator_a, club=cw.club, people=cw.staff)
    with django_assert_max_num_queries(few):
        client.get(url)
