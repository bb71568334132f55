"""City scale: the dashboards read the running month's figures from the snapshot a frequent job refreshes
(SANGTAO_FIGURES_FROM_SNAPSHOT), say how old they are, and fall back to live figures when they are stale."""

import datetime

import pytest
from django.urls import reverse

from sangtao.core import clock
from sangtao.dashboards import selectors, services, tasks
from sangtao.dashboards.models import IndicatorSnapshot, UnitActivity
from sangtao.dashboards.selectors import Filters
from sangtao.outreach.models import Event, EventResponse
from sangtao.plans.models import IndicatorSource, Measure, PlanStatus

from .conftest import moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def innovation_day(world, dw):
    dw.plan.status = PlanStatus.ISSUED
    dw.plan.save()
    dw.share.source, dw.share.source_key = IndicatorSource.COMPUTED, "outreach.responded_national_days"
    dw.share.measure = Measure.SHARE_OF_UNITS
    dw.share.save()
    event = Event.objects.create(
        title="Ngày Đổi mới sáng tạo Việt Nam",
        builtin_key="vn_innovation_day",
        starts_on=datetime.date(2023, 10, 1),
        kind="national_day",
    )
    EventResponse.objects.create(
        event=event, unit=world.school_a, activities="Triển lãm", at=moment(datetime.date(2024, 3, 1))
    )
    return event


def share_on_dashboard(world, dw):
    dash = selectors.office_dashboard(world.leader, dw.plan, Filters())
    row = next(r for r in dash["indicators"] if r.indicator == dw.share)
    return row.result.overall.actual, dash


def respond(event, unit):
    EventResponse.objects.create(event=event, unit=unit, activities="Hội thảo", at=moment(datetime.date(2024, 3, 14)))


def test_a_new_record_shows_after_one_refresh_cycle(world, dw, innovation_day, settings):
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = True
    assert services.figures_refresh() > 0
    actual, dash = share_on_dashboard(world, dw)
    assert actual == 50 and dash["figures_at"] is not None
    respond(innovation_day, world.school_b)
    assert share_on_dashboard(world, dw)[0] == 50  # read from the snapshot, not recomputed
    tasks.refresh_running_figures.call(reschedule=False)  # the frequent job's cycle
    assert share_on_dashboard(world, dw)[0] == 100


def test_the_activity_summary_stands_in_for_the_live_search(world, dw, innovation_day, settings):
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = True
    services.figures_refresh()
    stored = dict(UnitActivity.objects.values_list("unit_id", "last"))
    assert stored == {world.school_a.pk: datetime.date(2024, 3, 1), world.school_b.pk: None}
    _actual, dash = share_on_dashboard(world, dw)
    assert [u.pk for u in dash["attention"]["inactive"]] == [world.school_b.pk]


def test_stale_or_switched_off_figures_are_computed_live(world, dw, innovation_day, settings):
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = True
    services.figures_refresh()
    respond(innovation_day, world.school_b)
    # The worker stopped: two cycles later the stored figures are too old to show.
    old = clock.now() - datetime.timedelta(minutes=2 * settings.SANGTAO_FIGURES_REFRESH_MINUTES + 1)
    IndicatorSnapshot.objects.update(computed_at=old)
    actual, dash = share_on_dashboard(world, dw)
    assert actual == 100 and dash["figures_at"] is None
    services.figures_refresh()
    respond(innovation_day, world.ubnd)  # not an implementing unit: changes nothing either way
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = False
    actual, dash = share_on_dashboard(world, dw)
    assert actual == 100 and dash["figures_at"] is None


def test_the_page_says_how_old_the_figures_are(world, dw, innovation_day, settings, client_for):
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = True
    services.figures_refresh()
    html = client_for("leader").get(reverse("dashboards:office", args=[dw.plan.pk])).content.decode()
    assert 'id="figures-at"' in html and "được tính sẵn lúc" in html


def test_the_job_does_nothing_while_switched_off(dw, innovation_day, settings):
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = False
    assert tasks.refresh_running_figures.call(reschedule=False) == 0


def test_viewers_of_the_same_units_share_one_computation_until_the_next_refresh(
    world, dw, innovation_day, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    cache.clear()
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = True
    services.figures_refresh()
    first = selectors.office_dashboard(world.leader, dw.plan, Filters())
    with django_assert_max_num_queries(4):  # the refresh time and the viewer's roles; nothing recomputed
        again = selectors.office_dashboard(world.specialist, dw.plan, Filters())
    assert [r.result.overall.actual for r in again["indicators"]] == [
        r.result.overall.actual for r in first["indicators"]
    ]
    respond(innovation_day, world.school_b)
    services.figures_refresh()  # a new refresh: a new computation
    assert share_on_dashboard(world, dw)[0] == 100


def test_the_refresh_builds_the_office_dashboard_before_anyone_asks(
    world, dw, innovation_day, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    cache.clear()
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = True
    dw.semester.delete()  # the period shown by default is then the running year (figures as of today)
    services.figures_refresh()
    period = selectors.default_period(selectors.plan_periods(dw.plan))
    assert period == dw.year_end
    with django_assert_max_num_queries(4):
        dash = selectors.office_dashboard(world.leader, dw.plan, Filters(period=period))
    assert dash["figures_at"] is not None


def test_a_schools_benchmark_comes_from_the_refresh_too(world, dw, innovation_day, settings, client_for):
    from django.core.cache import cache

    cache.clear()
    settings.SANGTAO_FIGURES_FROM_SNAPSHOT = True
    dw.semester.delete()
    services.figures_refresh()
    respond(innovation_day, world.school_b)  # after the refresh: the level's figures keep the refreshed value
    filters = Filters(period=dw.year_end)
    level = selectors.level_figures(dw.plan, world.school_b.level, filters)
    share = next(r for r in level if r.indicator == dw.share)
    assert share.overall.actual == 0  # school B (TH) had not responded at the refresh
    services.figures_refresh()
    level = selectors.level_figures(dw.plan, world.school_b.level, filters)
    assert next(r for r in level if r.indicator == dw.share).overall.actual == 100
    url = reverse("dashboards:school", args=[world.school_b.pk])
    assert client_for("principal_b").get(url).status_code == 200
