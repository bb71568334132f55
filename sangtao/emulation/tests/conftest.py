"""A THCS scheme over the persona world's plan: school A (THCS) is in the khối, school B (TH) is not."""

import pytest
from django.utils import timezone, translation

from sangtao.communication import services as news
from sangtao.core import clock
from sangtao.testing.factories import ArticleFactory, OrgUnitFactory, PlanFactory

from .factories import CriterionFactory, ManualCriterionFactory, SchemeFactory


def plan_year() -> int:
    """The plan whose school year contains today (the 2024 plan runs through 2023-2024)."""
    today = clock.today()
    return today.year + 1 if today.month >= 9 else today.year


def publish_article(world, unit, title="Học sinh chế tạo robot phân loại rác"):
    """An article of the school published by the office: through the services for school A (whose
    coordinator writes it), as a published record for any other school."""
    if unit != world.school_a:
        return ArticleFactory(unit=unit, title=title, status="published", publish_at=timezone.now())
    article = news.article_create(actor=world.coordinator_a, unit=unit, title=title, category="innovation")
    news.article_submit(actor=world.coordinator_a, article=article)
    return news.article_publish(actor=world.specialist, article=article, publish_at=timezone.now())


@pytest.fixture(autouse=True)
def vietnamese():
    """Vietnamese, whatever an earlier test in this thread left active (a page served in English does)."""
    with translation.override("vi"):
        yield


@pytest.fixture
def plan(world):
    return PlanFactory(issuing_unit=world.office, year=plan_year(), number="454/KH-GDĐT")


@pytest.fixture
def other_school(world):
    """A second THCS school of the office, so that the khối has a ranking."""
    return OrgUnitFactory(
        parent=world.office, name="Trường THCS Trần Quang Khải", code="THCS-C", level="THCS"
    )


@pytest.fixture
def scheme(world, plan, other_school):
    scheme = SchemeFactory(plan=plan, group_name="Khối Trung học cơ sở", levels=["THCS"])
    CriterionFactory(scheme=scheme, code="TC1", order=1)
    ManualCriterionFactory(scheme=scheme, code="TC2", order=2)
    return scheme
