"""Green school in a real browser, at phone and desktop size: a school completes its self-assessment with
evidence and the principal submits it; the office reviews it criterion by criterion and recognises it."""

import pytest

from sangtao.programmes import services
from sangtao.programmes.models import Assessment
from sangtao.programmes.tests.factories import enrolled, open_programme
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def started(e2e_world):
    world = e2e_world
    programme = open_programme(world, partner=False)
    return services.assessment_start(actor=world.coordinator_a, enrolment=enrolled(world, programme))


def _answer(page, code, fill):
    article = page.locator("article.criterion", has_text=f"{code}.")
    details = article.locator("details.answer-edit")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    fill(article)
    article.get_by_role("button", name=f"Lưu tiêu chí {code}").click()
    page.wait_for_load_state()


def _evidence(page, code, url):
    article = page.locator("article.criterion", has_text=f"{code}.")
    details = article.locator("details.answer-edit")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    article.get_by_label("Hoặc đường dẫn").fill(url)
    article.get_by_role("button", name="Tải minh chứng lên").click()
    page.wait_for_load_state()


def test_a_school_self_assesses_and_the_office_recognises(started, live_server, page):
    url = f"{live_server.url}/programmes/assessments/{started.pk}/"
    login(page, live_server, "principal_a")
    page.goto(url)
    assert_accessible(page)
    _answer(page, "1.1", lambda a: a.get_by_label("Kết quả").select_option("1"))
    _answer(page, "1.2", lambda a: a.get_by_label("Mức đạt (0–3)").fill("3"))
    _answer(page, "2.1", lambda a: a.get_by_label("Số liệu", exact=False).fill("4"))
    _evidence(page, "1.1", "https://thcs-a.edu.vn/noi-quy-tiet-kiem-dien")
    _evidence(page, "2.1", "https://thcs-a.edu.vn/ngay-hoi-tai-che")
    assert "10" in page.locator("#self-score").inner_text()
    shot(page, f"programmes-self-assessment-{page.device}")
    page.get_by_role("button", name="Nộp bản tự đánh giá").click()
    assert page.get_by_text("Đã nộp bản tự đánh giá.").is_visible()
    assert Assessment.objects.get(pk=started.pk).status == "submitted"
    page.context.clear_cookies()

    login(page, live_server, "specialist")
    page.goto(url)
    assert_accessible(page)
    page.get_by_label("Nhận xét 2.1").fill("Minh chứng rõ ràng")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    assert page.get_by_text("Đã lưu điểm thẩm định.").is_visible()
    page.get_by_label("Số quyết định công nhận").fill("58/QĐ-GDĐT")
    page.get_by_role("button", name="Kết luận và công nhận").click()
    assert "Được công nhận" in page.locator("#assessment-status").inner_text()
    assert "Trường học xanh" in page.locator("#level").inner_text()
    shot(page, f"programmes-recognised-{page.device}")
    assert_accessible(page)
    assert Assessment.objects.get(pk=started.pk).final_score == 10


def test_the_readings_pages_are_accessible(e2e_world, live_server, page):
    login(page, live_server, "specialist")
    page.goto(f"{live_server.url}/programmes/readings/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/programmes/readings/school/{e2e_world.school_a.pk}/")
    # The charts come from reports/charts.py: an image with its data table, as on the dashboards.
    assert page.locator("figure.chart img").count() == 2
    assert page.locator("figure.chart details table").count() == 2
    assert_accessible(page)


def test_the_head_withdraws_the_school_and_the_office_is_told(e2e_world, live_server, page):
    from sangtao.accounts.models import Notification
    from sangtao.programmes.models import EnrolmentStatus

    enrolment = enrolled(e2e_world, open_programme(e2e_world, partner=False))
    login(page, live_server, "principal_a")
    page.goto(f"{live_server.url}/programmes/enrolments/{enrolment.pk}/")
    page.locator("#withdraw summary").click()
    page.locator("#withdraw").get_by_label("Lý do").fill("Trường đang sửa chữa cơ sở vật chất")
    page.locator("#withdraw").get_by_role("button", name="Rút khỏi mô hình").click()
    page.wait_for_load_state()
    assert page.get_by_text("Trường đã rút khỏi mô hình; Phòng đã được thông báo.").is_visible()
    assert page.locator("#withdraw").count() == 0
    assert_accessible(page)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    assert Notification.objects.filter(user=e2e_world.specialist, title__contains="rút khỏi mô hình").exists()
