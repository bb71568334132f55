"""The demo's creative spaces and S&T models, and the plan's CT13/CT14 computed from them."""

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import Indicator
from sangtao.plans.selectors import implementing_units
from sangtao.spaces.demo import load_spaces_demo
from sangtao.spaces.models import ReviewStatus, Space, TechModel


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        with translation.override("vi"):
            lines = load_spaces_demo(story_day=STORY_DAY)
        yield lines
        transaction.set_rollback(True)


def test_about_25_schools_have_spaces_with_photos_and_models(demo, db):
    assert demo[0].startswith("Không gian sáng tạo: ")
    assert Space.objects.values("unit").distinct().count() == 25
    assert not Space.objects.filter(photos__isnull=True).exists()
    assert TechModel.objects.count() >= 25
    assert (
        1
        <= Space.objects.filter(is_featured=True).count() + TechModel.objects.filter(is_featured=True).count()
        <= 6
    )
    assert (
        Space.objects.filter(status=ReviewStatus.PENDING).exists()
        or TechModel.objects.filter(status=ReviewStatus.PENDING).exists()
    )


def test_section_ii3_is_measured_by_this_app(demo, db):
    indicators = list(
        Indicator.objects.filter(plan__number="454/KH-GDĐT", code__in=["CT13", "CT14"]).order_by("code")
    )
    assert [(i.source_key, i.task.title[:28]) for i in indicators] == [
        ("spaces.schools_with_space", "Xây dựng mô hình về không gi"),
        ("spaces.models_applied", indicators[1].task.title[:28]),
    ]
    assert indicators[1].task.number == "II.3.1"
    with override_settings(SANGTAO_TODAY=STORY_DAY):
        results = indicator_results(indicators, implementing_units(indicators[0].plan))
    assert results[0].overall.actual > 0 and results[1].overall.actual > 0
