"""An article scheduled for later reads as "Hẹn giờ đăng" until its time, then as published — everywhere
its status is shown or filtered, although nothing rewrites the stored status at that moment."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sangtao.communication import services
from sangtao.communication.models import ArticleStatus
from sangtao.communication.stats import _articles_published, _articles_serving
from sangtao.testing.factories import ArticleFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2024, 3, 20, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Hồ Chí Minh City


@pytest.fixture
def scheduled(world, settings):
    """Approved on 15/03/2024 to go out on 20/03/2024."""
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 15)
    article = ArticleFactory(unit=world.school_a, status="submitted", title="Ngày hội STEM")
    services.article_publish(actor=world.leader, article=article, publish_at=AT)
    assert article.status == ArticleStatus.SCHEDULED
    return article


def _desk(client, **params):
    return client.get(reverse("communication:desk"), params).content.decode()


def test_it_reads_as_scheduled_before_its_time(scheduled, client_for):
    assert scheduled.current_status == ArticleStatus.SCHEDULED
    body = _desk(client_for("coordinator_a"))
    assert 'status-scheduled">Hẹn giờ đăng' in body and "Ngày hội STEM" in body


def test_it_reads_as_published_on_the_desk_once_its_time_has_passed(scheduled, client_for, settings):
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 21)
    scheduled.refresh_from_db()
    assert scheduled.status == ArticleStatus.SCHEDULED  # stored as it was
    assert scheduled.current_status == ArticleStatus.PUBLISHED
    client = client_for("coordinator_a")
    body = _desk(client)
    assert "Ngày hội STEM" in body and "status-scheduled" not in body
    assert 'status-published">Đã đăng' in body
    detail = client.get(reverse("communication:detail", args=[scheduled.pk])).content.decode()
    assert "status-scheduled" not in detail and 'status-published">Đã đăng' in detail
    assert reverse("communication:article", args=[scheduled.slug]) in detail  # "Xem trên trang tin"


def test_the_desk_filter_follows_the_status_people_read(scheduled, client_for, settings):
    client = client_for("coordinator_a")
    assert "Ngày hội STEM" in _desk(client, status="scheduled")
    assert "Ngày hội STEM" not in _desk(client, status="published")
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 21)
    assert "Ngày hội STEM" not in _desk(client, status="scheduled")
    assert "Ngày hội STEM" in _desk(client, status="published")


def test_the_export_and_the_api_say_published(scheduled, client_for, settings):
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 21)
    client = client_for("coordinator_a")
    sheet = load_workbook(io.BytesIO(b"".join(client.get(reverse("communication:desk"), {"format": "xlsx"}))))
    statuses = [row[3] for row in sheet.active.iter_rows(min_row=2, values_only=True)]
    assert statuses == ["Đã đăng"]
    data = client.get(f"/api/v1/articles/{scheduled.pk}/").json()
    assert (data["status"], data["status_label"]) == ("published", "Đã đăng")


def test_unpublishing_records_what_it_was_taken_down_from(scheduled, world, settings):
    from sangtao.core.events import events_for

    settings.SANGTAO_TODAY = datetime.date(2024, 3, 21)
    services.article_unpublish(actor=world.leader, article=scheduled)
    last = list(events_for(scheduled))[-1]
    assert (last.from_status, last.to_status) == ("published", "unpublished")


def test_the_indicator_counts_it_only_once_it_is_out(scheduled, world, settings):
    plan = PlanFactory(year=2024)

    class Indicator:
        plan_id = plan.pk

    assert _articles_published(Indicator, [world.school_a.pk]) == {world.school_a.pk: 0}
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 21)
    assert _articles_published(Indicator, [world.school_a.pk]) == {world.school_a.pk: 1}


def test_the_task_page_lists_it_as_published_once_out(scheduled, world, settings):
    task = TaskFactory()
    scheduled.task = task
    scheduled.save()
    assert [r.status for r in _articles_serving(world.leader, task)] == ["Hẹn giờ đăng"]
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 21)
    assert [r.status for r in _articles_serving(world.leader, task)] == ["Đã đăng"]
