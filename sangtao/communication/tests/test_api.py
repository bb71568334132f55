import pytest

from sangtao.communication.models import Article, ArticleStatus
from sangtao.testing.factories import ArticleFactory
from sangtao.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

WRITERS = {"admin", "leader", "specialist", "principal_a", "coordinator_a", "teacher_a"}
APPROVERS = {"admin", "leader", "specialist"}


@pytest.mark.parametrize("name", PERSONAS)
def test_the_public_news_matrix(client_for, published, name):
    article = published(1)[0]
    ArticleFactory(unit=article.unit, title="Bản nháp")
    client = client_for(name)
    listing = client.get("/api/v1/news/")
    assert (listing.status_code, [r["title"] for r in listing.json()["results"]]) == (200, [article.title])
    assert client.get(f"/api/v1/news/{article.slug}/").status_code == 200


@pytest.mark.parametrize("name", PERSONAS)
def test_the_staff_articles_matrix(client_for, world, name):
    article = ArticleFactory(unit=world.school_a)
    client = client_for(name)
    expected = 401 if name == "anonymous" else 200 if name in WRITERS else 404
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == expected
    assert client.get("/api/v1/articles/").status_code == (401 if name == "anonymous" else 200)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_create_matrix(client_for, world, name):
    response = client_for(name).post(
        "/api/v1/articles/",
        {"unit": world.school_a.pk, "title": "Tin mới", "category": "stem", "body": "<p onclick=x>a</p>"},
    )
    assert response.status_code == (201 if name in WRITERS else 401 if name == "anonymous" else 404)


def test_create_sanitises_the_body(client_for, world):
    client_for("coordinator_a").post(
        "/api/v1/articles/",
        {"unit": world.school_a.pk, "title": "Tin mới", "category": "stem", "body": "<p onclick=x>a</p>"},
    )
    assert Article.objects.get().body == "<p>a</p>"


@pytest.mark.parametrize("name", PERSONAS)
def test_the_publish_matrix(client_for, world, name):
    article = ArticleFactory(unit=world.school_a, status="submitted")
    client_for(name).post(f"/api/v1/articles/{article.pk}/publish/", {}, content_type="application/json")
    article.refresh_from_db()
    assert (name, article.status == ArticleStatus.PUBLISHED) == (name, name in APPROVERS)


def test_submit_return_and_unpublish(client_for, world):
    article = ArticleFactory(unit=world.school_a)
    assert (
        client_for("coordinator_a").post(f"/api/v1/articles/{article.pk}/submit/").json()["status"]
        == "submitted"
    )
    leader = client_for("leader")
    assert leader.post(f"/api/v1/articles/{article.pk}/return/", {"reason": "Thiếu ảnh"}).json()[
        "status"
    ] == ("returned")
    client_for("coordinator_a").post(f"/api/v1/articles/{article.pk}/submit/")
    assert leader.post(f"/api/v1/articles/{article.pk}/publish/").json()["status"] == "published"
    assert leader.post(f"/api/v1/articles/{article.pk}/unpublish/").json()["status"] == "unpublished"


def test_a_conflict_answers_a_vietnamese_message(client_for, world):
    article = ArticleFactory(unit=world.school_a)
    response = client_for("leader").post(f"/api/v1/articles/{article.pk}/publish/")
    assert (response.status_code, response.json()["detail"]) == (409, "Tin bài chưa được gửi duyệt.")
