"""Monthly indicator snapshots: taken as of each month's end, back-filled once, refreshed daily."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from sangtao.core.exceptions import PermissionDeniedError
from sangtao.core.jobs import daily_jobs
from sangtao.dashboards import services, tasks
from sangtao.dashboards.models import IndicatorSnapshot
from sangtao.outreach.models import Event, EventResponse
from sangtao.plans.models import IndicatorSource, Measure

from .conftest import moment, set_value

pytestmark = pytest.mark.django_db


def test_a_snapshot_stores_each_units_value_as_of_the_months_end(world, dw):
    set_value(dw.count, world.school_a, 3)
    written = services.snapshot_take(plan=dw.plan, month=datetime.date(2024, 1, 1))
    assert written == 4  # two indicators × two schools, "no data" kept as such
    row = IndicatorSnapshot.objects.get(
        indicator=dw.count, unit=world.school_a, month=datetime.date(2024, 1, 1)
    )
    assert row.value == Decimal(3) and row.as_of == datetime.date(2024, 1, 31)
    assert IndicatorSnapshot.objects.get(indicator=dw.count, unit=world.school_b).value is None


def test_a_dated_source_is_read_as_of_the_months_end(world, dw):
    dw.share.source, dw.share.source_key = IndicatorSource.COMPUTED, "outreach.responded_national_days"
    dw.share.measure = Measure.SHARE_OF_UNITS
    dw.share.save()
    oct1 = Event.objects.create(
        title="Ngày Đổi mới sáng tạo Việt Nam",
        builtin_key="vn_innovation_day",
        starts_on=datetime.date(2023, 10, 1),
        kind="national_day",
    )
    EventResponse.objects.create(
        event=oct1, unit=world.school_a, activities="Triển lãm", at=moment(datetime.date(2023, 10, 2))
    )
    services.snapshot_take(plan=dw.plan, month=datetime.date(2023, 9, 1))
    services.snapshot_take(plan=dw.plan, month=datetime.date(2023, 10, 1))
    september = dict(
        IndicatorSnapshot.objects.filter(indicator=dw.share, month=datetime.date(2023, 9, 1)).values_list(
            "unit_id", "value"
        )
    )
    october = dict(
        IndicatorSnapshot.objects.filter(indicator=dw.share, month=datetime.date(2023, 10, 1)).values_list(
            "unit_id", "value"
        )
    )
    assert september == {world.school_a.pk: None, world.school_b.pk: None}  # no national day held yet
    assert october == {world.school_a.pk: Decimal(1), world.school_b.pk: Decimal(0)}


def test_the_backfill_fills_missing_months_once_and_always_the_running_one(world, dw):
    months = services.snapshots_backfill(plan=dw.plan)
    assert (
        months[0] == datetime.date(2023, 9, 1)
        and months[-1] == datetime.date(2024, 3, 1)
        and len(months) == 7
    )
    assert IndicatorSnapshot.objects.get(
        indicator=dw.share, unit=world.school_a, month=datetime.date(2024, 3, 1)
    ).as_of == datetime.date(2024, 3, 15)
    assert services.snapshots_backfill(plan=dw.plan) == [datetime.date(2024, 3, 1)]
    assert len(services.snapshots_backfill(plan=dw.plan, force=True)) == 7


def test_the_daily_job_refreshes_the_running_month_of_every_issued_plan(world, dw):
    set_value(dw.count, world.school_a, 1)
    assert tasks.take_indicator_snapshots.call(reschedule=False) == 7
    set_value(dw.count, world.school_a, 2)
    assert tasks.take_indicator_snapshots.call(reschedule=False) == 1
    march = IndicatorSnapshot.objects.get(
        indicator=dw.count, unit=world.school_a, month=datetime.date(2024, 3, 1)
    )
    assert march.value == Decimal(2)
    assert tasks.take_indicator_snapshots in daily_jobs()


def test_only_the_office_refreshes_the_trend(world, dw):
    assert services.snapshots_refresh(actor=world.specialist, plan=dw.plan)
    for person in (world.observer, world.principal_a):
        with pytest.raises(PermissionDeniedError):
            services.snapshots_refresh(actor=person, plan=dw.plan)


def test_the_command_backfills_the_months_asked(world, dw, capsys):
    call_command("backfill_snapshots", "--plan", str(dw.plan.pk), "--from", "2023-11", "--to", "12/2023")
    assert set(IndicatorSnapshot.objects.values_list("month", flat=True)) == {
        datetime.date(2023, 11, 1),
        datetime.date(2023, 12, 1),
    }
    assert "11/2023, 12/2023" in capsys.readouterr().out


def test_the_command_refuses_a_bad_month(world, dw):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("backfill_snapshots", "--from", "tháng 9")
