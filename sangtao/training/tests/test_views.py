"""Who may open which training page (the persona matrix of every URL), and the pages' flows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangtao.testing.factories import CourseFactory, OrgUnitFactory, SessionFactory
from sangtao.testing.xlsx import PNG_BYTES, read_sheet, response_bytes, xlsx_upload
from sangtao.training import services
from sangtao.training.models import Attendance, CourseMaterial, CourseStatus, NominationStatus

TODAY = datetime.date.today()
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
LOGIN = 302  # anonymous: sent to the login page

EVERYONE = dict.fromkeys(PERSONAS, 200) | {"anonymous": LOGIN}
PUBLIC = dict.fromkeys(PERSONAS, 200)
# The office's course: its office runs it, schools and observers read it, the partner agency never sees it.
OFFICE_COURSE = EVERYONE | {"partner": 404}
OFFICE_ONLY = dict.fromkeys(PERSONAS, 403) | {
    "admin": 200,
    "leader": 200,
    "specialist": 200,
    "partner": 404,
    "anonymous": LOGIN,
}
NOMINATORS = OFFICE_ONLY | {
    "admin": 403,
    "leader": 403,
    "specialist": 403,
    "principal_a": 200,
    "coordinator_a": 200,
    "principal_b": 200,
}
ORGANISERS = dict.fromkeys(PERSONAS, 403) | {
    "admin": 200,
    "leader": 200,
    "specialist": 200,
    "partner": 200,
    "anonymous": LOGIN,
}
# A teacher's certificate: the holder, the school's readers, the organiser and the office; not school B.
CERTIFICATE = OFFICE_COURSE | {"principal_b": 404}
STAFF_PAGE = CERTIFICATE


def _url(name, site):
    args = {
        "training:course": [site["course"].pk],
        "training:edit": [site["course"].pk],
        "training:quotas": [site["course"].pk],
        "training:nominate": [site["course"].pk],
        "training:nominations_export": [site["course"].pk],
        "training:attendance_import": [site["course"].pk],
        "training:attendance_template": [site["course"].pk],
        "training:completions": [site["course"].pk],
        "training:attendance": [site["session"].pk],
        "training:material": [site["material"].pk],
        "training:certificate": [site["certificate"].pk],
        "training:verify": [site["certificate"].code],
        "training:staff_history": [site["staff"].pk],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.fixture
def site(world, tw, done):
    material = services.material_add(
        actor=world.specialist,
        course=tw.course,
        title="Tài liệu tập huấn",
        file=SimpleUploadedFile("tai-lieu.png", PNG_BYTES, content_type="image/png"),
    )
    services.nominate(actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1)
    return {
        "course": tw.course,
        "session": tw.session,
        "material": material,
        "certificate": done.certificate,
        "staff": tw.teacher_1,
    }


MATRIX = [
    ("training:list", EVERYONE),
    ("training:create", ORGANISERS),
    ("training:mine", EVERYONE),
    ("training:coverage", EVERYONE),
    ("training:verify_form", PUBLIC),
    ("training:verify", PUBLIC),
    ("training:staff_history", STAFF_PAGE),
    ("training:course", OFFICE_COURSE),
    ("training:edit", OFFICE_ONLY),
    ("training:quotas", OFFICE_ONLY),
    ("training:nominate", NOMINATORS),
    ("training:nominations_export", OFFICE_COURSE),
    ("training:attendance_import", OFFICE_ONLY),
    ("training:attendance_template", OFFICE_ONLY),
    ("training:completions", OFFICE_ONLY),
    ("training:attendance", OFFICE_ONLY),
    ("training:material", OFFICE_COURSE),
    ("training:certificate", CERTIFICATE),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_every_page_answers_each_persona_as_expected(site, client_for, name, expected, persona):
    response = client_for(persona).get(_url(name, site))
    assert response.status_code == expected[persona]


# POST-only actions: (name, args from the site, data) → who succeeds (redirect) and who is refused.
def _post_targets(site, world, tw):
    nomination = tw.course.nominations.get()
    return {
        "training:open": ([site["course"].pk], {}),
        "training:close": ([site["course"].pk], {}),
        "training:cancel": ([site["course"].pk], {"reason": "Trùng lịch"}),
        "training:session_add": (
            [site["course"].pk],
            {
                "date": TODAY.strftime("%d/%m/%Y"),
                "start_time": "13:30",
                "end_time": "16:30",
                "place": "",
                "topic": "",
            },
        ),
        "training:material_add": ([site["course"].pk], {"title": "x"}),
        "training:session_remove": ([site["session"].pk], {}),
        "training:material_remove": ([site["material"].pk], {}),
        "training:approve": ([nomination.pk], {}),
        "training:decline": ([nomination.pk], {"reason": "Không đúng đối tượng"}),
        "training:withdraw": ([nomination.pk], {}),
        "training:revoke": ([site["certificate"].pk], {"reason": "Cấp nhầm"}),
        "training:evidence": ([site["course"].pk], {"assignment": 0}),
    }


POST_REFUSED = [
    # (action, persona, status): the school cannot run the course, the partner does not even see it.
    *[
        (name, "principal_a", 403)
        for name in (
            "training:open",
            "training:close",
            "training:cancel",
            "training:session_add",
            "training:material_add",
            "training:session_remove",
            "training:material_remove",
            "training:approve",
            "training:decline",
            "training:revoke",
        )
    ],
    *[
        (name, "partner", 404)
        for name in (
            "training:open",
            "training:close",
            "training:cancel",
            "training:session_add",
            "training:approve",
            "training:decline",
            "training:withdraw",
            "training:revoke",
            "training:evidence",
        )
    ],
    ("training:withdraw", "principal_b", 404),
    ("training:withdraw", "specialist", 403),
    ("training:evidence", "principal_a", 404),
    ("training:revoke", "principal_b", 404),
    ("training:open", "observer", 403),
]


@pytest.mark.parametrize(("name", "persona", "expected"), POST_REFUSED)
def test_actions_are_refused_to_those_who_may_not_take_them(
    site, world, tw, client_for, name, persona, expected
):
    args, data = _post_targets(site, world, tw)[name]
    assert client_for(persona).post(reverse(name, args=args), data).status_code == expected


@pytest.mark.parametrize(
    "name", ["training:open", "training:approve", "training:revoke", "training:withdraw"]
)
def test_actions_send_the_anonymous_to_login_and_refuse_get(site, world, tw, client_for, name):
    args, data = _post_targets(site, world, tw)[name]
    assert client_for("anonymous").post(reverse(name, args=args), data).status_code == LOGIN
    assert client_for("specialist").get(reverse(name, args=args)).status_code == 405


# ── Flows ──────────────────────────────────────────────────────────────────────────────────────────


def test_the_specialist_creates_a_course_and_a_bad_form_keeps_what_was_typed(world, client_for):
    client = client_for("specialist")
    bad = client.post(
        reverse("training:create"), {"title": "Giữ nguyên tên này", "organiser": world.office.pk}
    )
    assert bad.status_code == 200 and "Giữ nguyên tên này" in bad.content.decode()
    response = client.post(
        reverse("training:create"),
        {
            "title": "Tập huấn STEM cho giáo viên",
            "kind": "workshop",
            "topics": ["stem"],
            "organiser": world.office.pk,
            "mode": "in_person",
            "credit_hours": "4",
            "target_groups": ["GV"],
            "capacity": 30,
            "registration_opens": TODAY.strftime("%d/%m/%Y"),
            "registration_closes": TODAY.strftime("%d/%m/%Y"),
            "completion_min_percent": 80,
        },
    )
    course = world.office.organised_courses.get()
    assert response.status_code == 302 and (course.status, course.audience) == (
        CourseStatus.DRAFT,
        world.office,
    )


def test_a_draft_is_hidden_from_schools(world, client_for):
    draft = CourseFactory(organiser=world.office, status="draft")
    assert client_for("principal_a").get(reverse("training:course", args=[draft.pk])).status_code == 404
    assert client_for("specialist").get(reverse("training:course", args=[draft.pk])).status_code == 200


def test_the_partners_course_is_run_by_the_partner_and_read_by_the_office(tw, client_for):
    url = reverse("training:course", args=[tw.partner_course.pk])
    assert client_for("specialist").get(url).status_code == 200
    assert client_for("partner").get(reverse("training:edit", args=[tw.partner_course.pk])).status_code == 200
    assert (
        client_for("specialist").get(reverse("training:edit", args=[tw.partner_course.pk])).status_code == 403
    )


def test_the_principal_nominates_two_teachers_in_one_post(world, tw, client_for):
    response = client_for("principal_a").post(
        reverse("training:nominate", args=[tw.course.pk]),
        {"school": world.school_a.pk, "staff": [tw.teacher_1.pk, tw.teacher_2.pk]},
    )
    assert response.status_code == 302
    assert set(tw.course.nominations.values_list("staff__full_name", flat=True)) == {
        "Nguyễn Thị Ánh Tuyết",
        "Trần Văn Đức",
    }


def test_a_nomination_over_the_quota_sends_nobody_and_keeps_the_choice(world, tw, client_for):
    services.quota_set(actor=world.specialist, course=tw.course, school=world.school_a, places=1)
    response = client_for("principal_a").post(
        reverse("training:nominate", args=[tw.course.pk]),
        {"school": world.school_a.pk, "staff": [tw.teacher_1.pk, tw.teacher_2.pk]},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "đã cử đủ chỉ tiêu" in body
    assert f'value="{tw.teacher_2.pk}" checked' in body and not tw.course.nominations.exists()


def test_the_nomination_page_searches_without_diacritics(tw, client_for):
    body = (
        client_for("principal_a")
        .get(reverse("training:nominate", args=[tw.course.pk]), {"q": "tran van duc"})
        .content.decode()
    )
    assert "Trần Văn Đức" in body and "Nguyễn Thị Ánh Tuyết" not in body


def test_a_school_sees_its_own_nominations_and_the_organiser_sees_all(world, tw, client_for):
    services.nominate(actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1)
    services.nominate(actor=world.principal_b, course=tw.course, school=world.school_b, staff=tw.teacher_b)
    url = reverse("training:course", args=[tw.course.pk])
    school_b = client_for("principal_b").get(url).content.decode()
    office = client_for("specialist").get(url).content.decode()
    assert "Võ Thị Bích" in school_b and "Nguyễn Thị Ánh Tuyết" not in school_b
    assert "Võ Thị Bích" in office and "Nguyễn Thị Ánh Tuyết" in office


def test_a_teacher_sees_only_their_own_nomination(world, tw, client_for):
    services.nominate(actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1)
    services.nominate(actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_2)
    body = client_for("teacher_a").get(reverse("training:course", args=[tw.course.pk])).content.decode()
    assert "Nguyễn Thị Ánh Tuyết" in body and "Trần Văn Đức" not in body


def test_the_organiser_approves_and_declines_from_the_course_page(world, tw, client_for):
    n1 = services.nominate(
        actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1
    )
    n2 = services.nominate(
        actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_2
    )
    client = client_for("specialist")
    client.post(reverse("training:approve", args=[n1.pk]))
    client.post(reverse("training:decline", args=[n2.pk]), {"reason": "Trùng lịch"})
    n1.refresh_from_db()
    n2.refresh_from_db()
    assert (n1.status, n2.status, n2.decline_reason) == (
        NominationStatus.APPROVED,
        NominationStatus.DECLINED,
        "Trùng lịch",
    )


def test_the_checkoff_page_saves_the_whole_session_in_one_post(world, tw, client_for):
    n1 = services.nomination_approve(
        actor=world.specialist,
        nomination=services.nominate(
            actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1
        ),
    )
    services.nomination_approve(
        actor=world.specialist,
        nomination=services.nominate(
            actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_2
        ),
    )
    url = reverse("training:attendance", args=[tw.session.pk])
    page = client_for("specialist").get(url).content.decode()
    assert 'class="check-row big"' in page and "Trần Văn Đức" in page
    response = client_for("specialist").post(url, {"present": [n1.pk]})
    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("present", flat=True)) == [False, True]


def test_attendance_imports_from_the_downloaded_template(world, tw, client_for):
    n1 = services.nomination_approve(
        actor=world.specialist,
        nomination=services.nominate(
            actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1
        ),
    )
    client = client_for("specialist")
    rows = read_sheet(
        response_bytes(client.get(reverse("training:attendance_template", args=[tw.course.pk])))
    )
    assert rows[0][0] == "Mã" and rows[1][:2] == (n1.pk, "Nguyễn Thị Ánh Tuyết")
    header = list(rows[0])
    upload = xlsx_upload(header, [[n1.pk, "Nguyễn Thị Ánh Tuyết", "", "x"]])
    response = client.post(reverse("training:attendance_import", args=[tw.course.pk]), {"file": upload})
    assert response.status_code == 302 and Attendance.objects.get().present is True


def test_a_bad_attendance_file_lists_every_bad_row_and_writes_nothing(world, tw, client_for):
    services.nomination_approve(
        actor=world.specialist,
        nomination=services.nominate(
            actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1
        ),
    )
    header = ["Mã", "Họ và tên", "Trường", f"Buổi 1 ({TODAY:%d/%m/%Y})"]
    upload = xlsx_upload(
        header, [[999999, "Ai đó", "", "x"], [tw.course.nominations.get().pk, "", "", "có lẽ"]]
    )
    response = client_for("specialist").post(
        reverse("training:attendance_import", args=[tw.course.pk]), {"file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Mã 999999" in body and "có lẽ" in body
    assert not Attendance.objects.exists()


def test_the_completions_page_computes_issues_and_revokes(world, tw, client_for):
    n1 = services.nomination_approve(
        actor=world.specialist,
        nomination=services.nominate(
            actor=world.principal_a, course=tw.course, school=world.school_a, staff=tw.teacher_1
        ),
    )
    services.attendance_mark(actor=world.specialist, session=tw.session, present_ids=[n1.pk])
    client = client_for("specialist")
    url = reverse("training:completions", args=[tw.course.pk])
    client.post(url, {"action": "compute"})
    client.post(url, {"action": "results", f"result-{n1.pk}": "Giỏi"})
    client.post(url, {"action": "issue"})
    n1.refresh_from_db()
    assert (n1.completion.completed, n1.completion.result, n1.certificate.is_revoked) == (True, "Giỏi", False)
    client.post(reverse("training:revoke", args=[n1.certificate.pk]), {"reason": "Cấp nhầm"})
    n1.certificate.refresh_from_db()
    assert n1.certificate.is_revoked


def test_the_material_is_served_as_an_attachment(site, client_for):
    response = client_for("principal_a").get(reverse("training:material", args=[site["material"].pk]))
    assert (
        response["Content-Disposition"].startswith("attachment")
        and response["X-Content-Type-Options"] == "nosniff"
    )


def test_a_renamed_file_is_refused_as_material(tw, client_for):
    fake = SimpleUploadedFile("tai-lieu.pdf", b"not a pdf", content_type="application/pdf")
    response = client_for("specialist").post(
        reverse("training:material_add", args=[tw.course.pk]), {"title": "Tài liệu đã gõ", "file": fake}
    )
    assert response.status_code == 400 and "Tài liệu đã gõ" in response.content.decode()
    assert not CourseMaterial.objects.exists()


def test_my_training_lists_the_teachers_certificates(done, client_for):
    body = client_for("teacher_a").get(reverse("training:mine")).content.decode()
    assert done.course.title in body and done.certificate.code in body


def test_the_coverage_page_highlights_what_is_missing(done, client_for):
    body = client_for("leader").get(reverse("training:coverage")).content.decode()
    assert 'class="gap"' in body and "Tiết kiệm năng lượng" in body


def test_the_course_list_filters_by_topic_and_exports(world, tw, done, client_for):
    client = client_for("specialist")
    body = client.get(reverse("training:list"), {"topic": "energy_saving"}).content.decode()
    assert done.course.title in body and tw.course.title not in body
    rows = read_sheet(response_bytes(client.get(reverse("training:list"), {"format": "xlsx"})))
    assert rows[0][1] == "Tên khóa" and {r[1] for r in rows[1:]} == {
        tw.course.title,
        done.course.title,
        tw.partner_course.title,
    }


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("name", ["training:list", "training:coverage"])
def test_list_pages_take_as_many_queries_for_twenty_rows_as_for_two(world, client_for, name):
    for _i in range(2):
        OrgUnitFactory(parent=world.office, level="TH")
        SessionFactory(course=CourseFactory(organiser=world.office), date=TODAY)
    client = client_for("leader")
    small = _count(client, reverse(name))
    for _i in range(18):
        OrgUnitFactory(parent=world.office, level="MN")
        SessionFactory(course=CourseFactory(organiser=world.office), date=TODAY)
    assert _count(client, reverse(name)) == small


def test_the_course_page_takes_as_many_queries_for_twenty_nominees_as_for_two(world, tw, client_for):
    from sangtao.testing.factories import NominationFactory

    for _i in range(2):
        NominationFactory(course=tw.course, school=world.school_a)
    client = client_for("specialist")
    url = reverse("training:course", args=[tw.course.pk])
    small = _count(client, url)
    for _i in range(18):
        NominationFactory(course=tw.course, school=world.school_a)
    assert _count(client, url) == small
