"""Training in a real browser, at phone and desktop size (issue 3 §2 and §3).

The principal of school A nominates two teachers to the office's open course; the specialist approves
them, ticks them present on the check-off page, computes the completions and issues the certificates;
the teacher downloads the certificate (a PDF) from "Đào tạo của tôi"; anyone, signed in or not, opens the
verification page that the certificate's QR code points to.
"""

import datetime
import re
import subprocess

import pytest

from sangtao.testing.factories import CourseFactory, SessionFactory, StaffFactory
from sangtao.training.models import Certificate, Nomination, NominationStatus
from tests.e2e.browser import DESKTOP, PHONE, assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def training(e2e_world, live_server, settings):
    world = e2e_world
    # The QR code holds the site's address; here the site is the live server.
    settings.SANGTAO_SITE_URL = live_server.url
    today = datetime.date.today()
    course = CourseFactory(
        title="Bồi dưỡng đổi mới sáng tạo cho giáo viên",
        organiser=world.office,
        audience=world.office,
        topics=["innovation", "stem"],
        target_groups=["CBQL", "GV"],
        credit_hours=8,
        registration_opens=today - datetime.timedelta(days=3),
        registration_closes=today + datetime.timedelta(days=3),
    )
    session = SessionFactory(course=course, date=today)
    teachers = [
        StaffFactory(
            unit=world.school_a,
            full_name="Nguyễn Thị Ánh Tuyết",
            group="GV",
            position="Giáo viên Tin học",
            user=world.teacher_a,
        ),
        StaffFactory(unit=world.school_a, full_name="Trần Văn Đức", group="GV", position="Giáo viên Vật lý"),
    ]
    StaffFactory(unit=world.school_a, full_name="Lý Thanh Phong", group="NV")  # not a target group
    return {"world": world, "course": course, "session": session, "teachers": teachers}


def _logout(page):
    page.context.clear_cookies()


def _anonymous_page(page):
    phone = page.device == "phone"
    context = page.context.browser.new_context(
        viewport=PHONE if phone else DESKTOP, locale="vi-VN", is_mobile=phone, has_touch=phone
    )
    return context, context.new_page()


def test_a_school_nominates_the_office_approves_marks_and_a_certificate_is_verified(
    training, live_server, page, tmp_path
):
    course = training["course"]
    course_url = f"{live_server.url}/training/{course.pk}/"

    # 1. The principal of school A finds the course and nominates two teachers.
    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/training/")
    assert_accessible(page)
    page.get_by_role("link", name=course.title).click()
    page.wait_for_url(course_url)
    page.get_by_role("link", name="Cử người tham gia").click()
    page.get_by_text("Lý Thanh Phong").wait_for(
        state="detached"
    )  # staff the course does not take are not offered
    assert_accessible(page)
    page.get_by_text("Nguyễn Thị Ánh Tuyết").click()
    page.get_by_text("Trần Văn Đức").click()
    shot(page, f"training-1-nominate-{page.device}")
    page.get_by_role("button", name="Cử những người đã chọn").click()
    page.get_by_text("Đã cử 2 người").wait_for()
    assert Nomination.objects.filter(course=course, status=NominationStatus.NOMINATED).count() == 2

    # 2. The specialist (the organiser) approves both.
    _logout(page)
    login(page, live_server, "specialist")
    page.goto(course_url)
    assert_accessible(page)
    for name in ("Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"):
        page.get_by_role("button", name="Duyệt", exact=True).first.click()
        page.get_by_text(f"Đã duyệt {name}.").wait_for()
    assert Nomination.objects.filter(course=course, status=NominationStatus.APPROVED).count() == 2
    shot(page, f"training-2-approved-{page.device}")

    # 3. Attendance on the check-off page: both present, one POST.
    page.get_by_role("link", name="Điểm danh", exact=True).click()
    page.wait_for_url(re.compile(r"/training/sessions/\d+/attendance/"))
    assert_accessible(page)
    page.get_by_text("Nguyễn Thị Ánh Tuyết").click()
    page.get_by_text("Trần Văn Đức").click()
    shot(page, f"training-3-checkoff-{page.device}")
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_text("2 người có mặt").wait_for()

    # 4. Completions computed, certificates issued.
    page.goto(f"{course_url}completions/")
    assert_accessible(page)
    page.get_by_role("button", name="Tính kết quả").click()
    page.get_by_text("2/2 người hoàn thành").wait_for()
    page.get_by_role("button", name="Cấp giấy chứng nhận").click()
    page.get_by_text("Đã cấp 2 giấy chứng nhận").wait_for()
    shot(page, f"training-4-certificates-{page.device}")
    certificate = Certificate.objects.get(nomination__staff=training["teachers"][0])

    # 5. The teacher downloads the certificate from "Đào tạo của tôi".
    _logout(page)
    login(page, live_server, "teacher_a")
    page.goto(f"{live_server.url}/training/mine/")
    assert_accessible(page)
    link = page.get_by_role("link", name=re.compile("Tải PDF"))
    head = page.context.request.get(live_server.url + link.get_attribute("href"))
    assert head.status == 200 and head.headers["content-type"] == "application/pdf"
    with page.expect_download() as download_info:
        link.click()
    pdf = tmp_path / "giay-chung-nhan.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "GIẤY CHỨNG NHẬN" in text and "Nguyễn Thị Ánh Tuyết" in text and certificate.code in text

    # 6. The QR code's address opens the public verification page, for someone not signed in.
    verify_url = re.search(r"(http\S+/training/verify/\S+/)", text).group(1)
    assert verify_url == f"{live_server.url}/training/verify/{certificate.code}/"
    context, anonymous = _anonymous_page(page)
    try:
        anonymous.goto(verify_url)
        body = anonymous.locator("main").inner_text()
        assert "Hợp lệ" in body and "Nguyễn Thị Ánh Tuyết" in body and course.title in body
        assert "Trường THCS Nguyễn Ảnh Thủ" not in body
        assert_accessible(anonymous)
        anonymous.device = page.device
        shot(anonymous, f"training-5-verify-{page.device}")
    finally:
        context.close()
    assert page.js_errors == []


def test_the_coverage_matrix_and_the_verify_form_are_accessible(training, live_server, page):
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/training/coverage/")
    page.locator("td.gap").first.wait_for()
    assert_accessible(page)
    shot(page, f"training-coverage-{page.device}")
    _logout(page)
    page.goto(f"{live_server.url}/training/verify/")
    page.fill("#id_code", "khongcoma2")
    page.get_by_role("button", name="Xác minh").click()
    page.get_by_text("Không tìm thấy giấy chứng nhận").first.wait_for()
    assert_accessible(page)


def test_the_organisers_forms_are_accessible(training, live_server, page):
    course = training["course"]
    login(page, live_server, "specialist")
    for path in (
        "/training/new/",
        f"/training/{course.pk}/edit/",
        f"/training/{course.pk}/quotas/",
        f"/training/{course.pk}/attendance/import/",
        f"/training/staff/{training['teachers'][0].pk}/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
    shot(page, f"training-forms-last-{page.device}")
    assert page.js_errors == []
