import datetime

import pytest

from sangtao.communication import services
from sangtao.communication.models import ArticleStatus
from sangtao.communication.selectors import public_articles
from sangtao.core.events import events_for
from sangtao.core.exceptions import ConflictError, PermissionDeniedError
from sangtao.testing.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _draft(world, who="coordinator_a"):
    return services.article_create(
        actor=getattr(world, who),
        unit=world.school_a,
        title="Ngày hội STEM",
        category="stem",
        body='<p onclick="x">a</p><script>alert(1)</script>',
    )


def test_it_sanitises_the_body_on_save(world):
    article = _draft(world)
    assert article.body == "<p>a</p>"
    assert article.status == ArticleStatus.DRAFT


@pytest.mark.parametrize("who", ["principal_a", "coordinator_a", "teacher_a", "specialist"])
def test_it_lets_school_staff_and_office_draft_for_the_school(world, who):
    assert _draft(world, who).unit == world.school_a


@pytest.mark.parametrize("who", ["principal_b", "partner", "observer"])
def test_it_rejects_drafts_for_another_unit(world, who):
    with pytest.raises(PermissionDeniedError):
        _draft(world, who)


def test_it_lets_a_school_edit_only_its_own_drafts(world):
    article = _draft(world)
    with pytest.raises(PermissionDeniedError):
        services.article_update(actor=world.principal_b, article=article, title="x", category="stem")
    services.article_submit(actor=world.coordinator_a, article=article)
    with pytest.raises(PermissionDeniedError):
        services.article_update(actor=world.coordinator_a, article=article, title="x", category="stem")


@pytest.mark.parametrize(
    "who", ["principal_a", "coordinator_a", "teacher_a", "principal_b", "partner", "observer"]
)
def test_it_lets_nobody_but_approvers_publish(world, who):
    article = _draft(world)
    services.article_submit(actor=world.coordinator_a, article=article)
    with pytest.raises(PermissionDeniedError):
        services.article_publish(actor=getattr(world, who), article=article)


def test_the_workflow_writes_an_event_for_every_step(world):
    article = _draft(world)
    services.article_submit(actor=world.coordinator_a, article=article)
    services.article_return(actor=world.leader, article=article, reason="Thiếu ảnh")
    assert article.return_reason == "Thiếu ảnh"
    services.article_submit(actor=world.coordinator_a, article=article)
    services.article_publish(actor=world.specialist, article=article)
    services.article_unpublish(actor=world.leader, article=article)
    assert [e.action for e in events_for(article)] == [
        "create",
        "submit",
        "return",
        "submit",
        "publish",
        "unpublish",
    ]
    assert article.status == ArticleStatus.UNPUBLISHED


def test_it_rejects_publishing_a_draft(world):
    with pytest.raises(ConflictError):
        services.article_publish(actor=world.leader, article=_draft(world))


def test_a_scheduled_article_stays_hidden_until_its_time(world, settings):
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 15)
    article = ArticleFactory(unit=world.school_a, status="submitted")
    later = datetime.datetime(2024, 3, 20, 8, 0, tzinfo=datetime.UTC)
    services.article_publish(actor=world.leader, article=article, publish_at=later)
    assert article.status == ArticleStatus.SCHEDULED
    assert list(public_articles()) == []
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 21)
    assert list(public_articles()) == [article]
