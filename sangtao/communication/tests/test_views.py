import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sangtao.communication.models import Article, ArticleImage, ArticleStatus
from sangtao.testing.factories import ArticleFactory
from sangtao.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_public_pages_need_no_login(client, published):
    article = published(1)[0]
    for url in [
        reverse("communication:home"),
        reverse("communication:category", args=["innovation"]),
        reverse("communication:unit", args=[article.unit_id]),
        reverse("communication:article", args=[article.slug]),
    ]:
        assert client.get(url).status_code == 200


def test_it_hides_drafts_from_the_public(client, world):
    draft = ArticleFactory(unit=world.school_a, title="Bản nháp bí mật")
    assert "Bản nháp bí mật" not in client.get(reverse("communication:home")).content.decode()
    assert client.get(reverse("communication:article", args=[draft.slug])).status_code == 404


def test_it_escapes_xss_in_title_and_summary(client, published):
    article = published(
        1, title="<script>alert(1)</script><img src=x onerror=alert(1)>", summary='"><svg onload=alert(1)>'
    )[0]
    for url in [reverse("communication:home"), reverse("communication:article", args=[article.slug])]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x onerror" not in html
        assert "<svg onload" not in html


def test_the_article_page_has_open_graph_tags(client, published, world, settings):
    settings.SANGTAO_SITE_URL = "https://sangtao.example"
    cover = ArticleImage.objects.create(
        unit=world.school_a, file=SimpleUploadedFile("c.png", PNG), kind="png"
    )
    article = published(1, cover=cover, summary="Tóm tắt OG")[0]
    html = client.get(reverse("communication:article", args=[article.slug])).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert '<meta property="og:description" content="Tóm tắt OG">' in html
    assert f'<meta property="og:image" content="https://sangtao.example/news/images/{cover.pk}/">' in html


def test_a_published_cover_is_served_publicly_and_an_unused_image_is_not(client, published, world):
    used = ArticleImage.objects.create(unit=world.school_a, file=SimpleUploadedFile("c.png", PNG), kind="png")
    unused = ArticleImage.objects.create(
        unit=world.school_a, file=SimpleUploadedFile("d.png", PNG), kind="png"
    )
    published(1, cover=used)
    assert client.get(reverse("communication:image", args=[used.pk])).status_code == 200
    assert client.get(reverse("communication:image", args=[unused.pk])).status_code == 404


def test_search_ignores_diacritics(client, published):
    published(1, title="Ngày hội đổi mới sáng tạo")
    published(1, title="Thư viện xanh mát", summary="Sân trường nhiều cây")
    html = client.get(reverse("communication:home"), {"q": "doi moi sang tao"}).content.decode()
    assert "Ngày hội đổi mới sáng tạo" in html
    assert "Thư viện xanh mát" not in html


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_the_feeds_parse(client, published, name):
    published(2)
    for url in [
        reverse(f"communication:{name}"),
        reverse(f"communication:{name}_category", args=["innovation"]),
    ]:
        root = ET.fromstring(client.get(url).content)
        if name == "rss":
            items = root.findall("./channel/item")
            assert root.find("./channel/title").text
            assert [
                bool(i.find("link").text and i.find("title").text and i.find("pubDate").text) for i in items
            ] == [True, True]
        else:
            entries = root.findall(f"{ATOM}entry")
            assert root.find(f"{ATOM}title").text
            assert [bool(e.find(f"{ATOM}id").text and e.find(f"{ATOM}updated").text) for e in entries] == [
                True,
                True,
            ]


def test_an_unknown_category_is_404(client):
    assert client.get(reverse("communication:category", args=["nope"])).status_code == 404
    assert client.get(reverse("communication:rss_category", args=["nope"])).status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_the_home_page_query_count_is_constant(client, published, n, django_assert_max_num_queries):
    published(n)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("communication:home")).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_the_desk_query_count_is_constant(client_for, published, n, django_assert_max_num_queries):
    published(n)
    client = client_for("coordinator_a")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("communication:desk")).status_code == 200


# ── persona matrix ─────────────────────────────────────────────────────────────────────────────────

WRITERS = {"admin", "leader", "specialist", "principal_a", "coordinator_a", "teacher_a"}
APPROVERS = {"admin", "leader", "specialist"}


@pytest.mark.parametrize("name", PERSONAS)
def test_desk_pages_matrix(client_for, world, name):
    article = ArticleFactory(unit=world.school_a)
    client = client_for(name)
    expect_login = name == "anonymous"
    for url, allowed in [
        (reverse("communication:desk"), name != "anonymous"),
        (reverse("communication:queue"), name != "anonymous"),
        (reverse("communication:new"), name in WRITERS | {"principal_b"}),
        (reverse("communication:detail", args=[article.pk]), name in WRITERS),
        (reverse("communication:edit", args=[article.pk]), name in WRITERS),
    ]:
        status = client.get(url).status_code
        assert (status, url) == ((302 if expect_login else 200 if allowed else 404), url)


@pytest.mark.parametrize("name", PERSONAS)
def test_publish_matrix(client_for, world, name):
    article = ArticleFactory(unit=world.school_a, status="submitted")
    client_for(name).post(reverse("communication:action", args=[article.pk, "publish"]))
    article.refresh_from_db()
    assert (name, article.status == ArticleStatus.PUBLISHED) == (name, name in APPROVERS)


@pytest.mark.parametrize("name", PERSONAS)
def test_export_matrix(client_for, world, name):
    ArticleFactory(unit=world.school_a)
    response = client_for(name).get(reverse("communication:desk"), {"format": "xlsx"})
    assert response.status_code == (302 if name == "anonymous" else 200)


def test_the_form_keeps_what_was_typed_on_error(client_for, world):
    response = client_for("coordinator_a").post(
        reverse("communication:new"),
        {
            "unit": world.school_a.pk,
            "title": "",
            "category": "stem",
            "summary": "Tóm tắt đã gõ",
            "body": "<p>x</p>",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tóm tắt đã gõ" in html
    assert not Article.objects.exists()


def test_a_coordinator_writes_and_submits(client_for, world):
    response = client_for("coordinator_a").post(
        reverse("communication:new"),
        {
            "unit": world.school_a.pk,
            "title": "Ngày hội STEM",
            "category": "stem",
            "body": "<p>x</p>",
            "submit": "1",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert (article.status, article.author) == (ArticleStatus.SUBMITTED, world.coordinator_a)


def test_the_image_upload_rejects_a_fake_image(client_for):
    response = client_for("coordinator_a").post(
        reverse("communication:image_upload"), {"file": SimpleUploadedFile("x.png", b"<script>")}
    )
    assert response.status_code == 400


def test_the_image_upload_answers_the_url(client_for):
    response = client_for("coordinator_a").post(
        reverse("communication:image_upload"), {"file": SimpleUploadedFile("x.png", PNG)}
    )
    assert response.json()["url"].startswith("/news/images/")


def test_returned_date_on_public_page_is_dd_mm_yyyy(client, published):
    article = published(1)[0]
    html = client.get(reverse("communication:article", args=[article.slug])).content.decode()
    assert datetime.date(2024, 3, 1).strftime("%d/%m/%Y") in html


def test_an_article_reports_on_a_plan_task(client_for, world):
    from sangtao.testing.factories import TaskFactory

    task = TaskFactory(plan__status="issued", title="Cung cấp tin, bài cho cổng thông tin")
    client_for("coordinator_a").post(
        reverse("communication:new"),
        {"unit": world.school_a.pk, "title": "Tin nhiệm vụ", "category": "event", "task": task.pk},
    )
    article = Article.objects.get()
    assert article.task == task
    assert (
        "Cung cấp tin, bài cho cổng thông tin"
        in client_for("leader").get(reverse("communication:detail", args=[article.pk])).content.decode()
    )


PUBLIC_URLS = ["home", "rss", "atom"]


@pytest.mark.parametrize("name", PERSONAS)
def test_public_pages_matrix(client_for, published, name):
    article = published(1)[0]
    client = client_for(name)
    urls = [reverse(f"communication:{u}") for u in PUBLIC_URLS] + [
        reverse("communication:category", args=["innovation"]),
        reverse("communication:unit", args=[article.unit_id]),
        reverse("communication:article", args=[article.slug]),
        reverse("communication:rss_category", args=["innovation"]),
        reverse("communication:atom_category", args=["innovation"]),
    ]
    assert [client.get(u).status_code for u in urls] == [200] * len(urls)


@pytest.mark.parametrize("name", PERSONAS)
def test_unused_image_matrix(client_for, world, name):
    image = ArticleImage.objects.create(
        unit=world.school_a, file=SimpleUploadedFile("c.png", PNG), kind="png"
    )
    status = client_for(name).get(reverse("communication:image", args=[image.pk])).status_code
    assert (name, status) == (name, 200 if name in WRITERS else 404)


@pytest.mark.parametrize("name", PERSONAS)
def test_image_upload_matrix(client_for, name):
    response = client_for(name).post(
        reverse("communication:image_upload"), {"file": SimpleUploadedFile("x.png", PNG)}
    )
    assert (name, response.status_code) == (
        name,
        200 if name in WRITERS | {"principal_b"} else 302 if name == "anonymous" else 400,
    )


@pytest.mark.parametrize("name", PERSONAS)
def test_return_and_unpublish_matrix(client_for, world, name):
    submitted = ArticleFactory(unit=world.school_a, status="submitted")
    live = ArticleFactory(
        unit=world.school_a, status="published", publish_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    )
    client = client_for(name)
    client.post(reverse("communication:action", args=[submitted.pk, "return"]), {"reason": "Sửa lại"})
    client.post(reverse("communication:action", args=[live.pk, "unpublish"]))
    submitted.refresh_from_db()
    live.refresh_from_db()
    moved = (submitted.status == ArticleStatus.RETURNED, live.status == ArticleStatus.UNPUBLISHED)
    assert (name, moved) == (name, (name in APPROVERS,) * 2)


@pytest.mark.parametrize("n", [2, 20])
def test_the_feed_query_count_is_constant(client, published, n, django_assert_max_num_queries):
    published(n)
    with django_assert_max_num_queries(2):
        assert client.get(reverse("communication:rss")).status_code == 200


def test_the_review_queue_exports_the_articles_waiting(client_for, world):
    ArticleFactory(unit=world.school_a, status="submitted", title="Bài chờ duyệt của trường A")
    ArticleFactory(unit=world.school_a, status="draft", title="Bản nháp chưa gửi")

    response = client_for("specialist").get(reverse("communication:queue") + "?format=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tiêu đề", "Chuyên mục", "Đơn vị")
    assert [r[0] for r in rows[1:]] == ["Bài chờ duyệt của trường A"]
