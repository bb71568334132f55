"""News in a real browser, at phone and desktop size (issue 5 §1): a coordinator writes an article with an
image in the editor, the approver publishes it, and it appears on the public home page and in the feed."""

import pytest

from sangtao.communication.models import Article
from tests.e2e.browser import assert_accessible, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


def _logout(page):
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    page.context.clear_cookies()


def test_an_article_goes_from_the_editor_to_the_public_page(e2e_world, live_server, page, tmp_path):
    photo = tmp_path / "ngay-hoi-stem.png"
    photo.write_bytes(PNG)

    # The coordinator writes the article, with an image uploaded from the editor, and submits it.
    login(page, live_server, "coordinator_a")
    page.goto(f"{live_server.url}/news/desk/new/")
    assert_accessible(page)
    page.fill("#id_title", "Ngày hội STEM của trường")
    page.select_option("#id_category", "stem")
    page.fill("#id_summary", "Học sinh trình diễn robot tự làm.")
    page.locator(".editor-area").click()
    page.keyboard.type("Hơn 300 học sinh tham gia ngày hội.")
    page.get_by_role("button", name="In đậm").click()
    page.locator(".editor-bar input[type=file]").set_input_files(str(photo))
    page.locator(".editor-area img").wait_for()
    shot(page, f"news-1-editor-{page.device}")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    page.get_by_text("Đã gửi tin bài để duyệt.").wait_for()
    article = Article.objects.get()
    assert article.status == "submitted"
    assert '<img src="/news/images/' in article.body
    assert page.js_errors == []

    # The approver publishes it.
    _logout(page)
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/news/desk/queue/")
    page.get_by_role("link", name="Ngày hội STEM của trường").click()
    assert_accessible(page)
    page.get_by_role("button", name="Duyệt và đăng").click()
    page.get_by_text("Đã cập nhật tin bài.").wait_for()

    # Anyone sees it on the public home page, with its image, and in the feed.
    _logout(page)
    page.goto(f"{live_server.url}/news/")
    page.get_by_role("link", name="Ngày hội STEM của trường").click()
    assert page.locator("h1").inner_text() == "Ngày hội STEM của trường"
    # The page is there before its image: wait until the browser has loaded it (or given up on it).
    page.wait_for_function("() => { const i = document.querySelector('.news-body img'); return i && i.complete; }")
    assert page.locator(".news-body img").evaluate("img => img.naturalWidth") == 1
    shot(page, f"news-2-public-{page.device}")
    assert_accessible(page)
    feed = page.request.get(f"{live_server.url}/news/rss/").text()
    assert "Ngày hội STEM của trường" in feed
