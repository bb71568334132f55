"""Indicators that the communication app computes (see sangtao/plans/indicators.py), and the articles
that serve a plan task (see sangtao/plans/records.py)."""

from django.db.models import Case, Count, Subquery, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from sangtao.core import clock
from sangtao.plans.activity import last_dates
from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure, Plan

from .models import Article, ArticleStatus

LIVE = (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED, ArticleStatus.UNPUBLISHED)


def _articles_published(indicator, unit_ids):
    """Articles published in the plan's school year, per unit (one query: the plan year is a subquery).

    An article later taken down still counts: it was published in the year; one scheduled for later does
    not count yet (nor one taken down before its time came).
    """
    plan_year = Subquery(Plan.objects.filter(pk=indicator.plan_id).values("year")[:1])
    counts = dict(
        Article.objects.filter(unit_id__in=unit_ids, status__in=LIVE, publish_at__lte=clock.now())
        .annotate(
            school_year=Case(
                When(publish_at__month__gte=9, then=ExtractYear("publish_at") + 1),
                default=ExtractYear("publish_at"),
            )
        )
        .filter(school_year=plan_year)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return {uid: counts.get(uid, 0) for uid in unit_ids}


INDICATORS = [
    StatSource(
        key="communication.articles_published",
        name=_("Số tin bài được đăng"),
        measure=Measure.COUNT,
        compute=_articles_published,
        description=_("Số tin bài của đơn vị được duyệt đăng trên trang tin trong năm học của kế hoạch."),
    ),
]


def _articles_serving(user, task):
    from django.urls import reverse

    from sangtao.plans.records import TaskRecord

    from .selectors import public_articles, staff_articles

    if user.is_authenticated:
        rows = staff_articles(user).filter(task=task)
        link = lambda a: reverse("communication:detail", args=[a.pk])  # noqa: E731
    else:
        rows = public_articles().filter(task=task)
        link = lambda a: reverse("communication:article", args=[a.slug])  # noqa: E731
    return [
        TaskRecord(
            group=_("Tin bài"),
            title=a.title,
            url=link(a),
            unit=a.unit.name,
            status=a.get_current_status_display(),
            date=a.publish_at,
        )
        for a in rows.order_by("-publish_at", "-id")[:50]
    ]


TASK_RECORDS = [_articles_serving]


def _articles_live(unit_ids, start, end):
    """An article counts for its unit on the day it went (or was scheduled to go) live."""
    return last_dates(Article.objects.filter(status__in=LIVE), "unit_id", "publish_at", unit_ids, start, end)


ACTIVITY = [_articles_live]
