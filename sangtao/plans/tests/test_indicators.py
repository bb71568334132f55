from decimal import Decimal

from sangtao.plans import services
from sangtao.plans.indicators import aggregate, indicator_results, stat_sources
from sangtao.plans.models import Measure
from sangtao.testing.factories import IndicatorFactory


def test_every_declared_source_is_collected():
    assert {"plans.task_completed", "plans.reports_on_time", "plans.evidence_count"} <= set(stat_sources())


def test_a_share_counts_units_without_a_value_as_not_met():
    result = aggregate(Measure.SHARE_OF_UNITS, {1: Decimal(1), 2: Decimal(0)}, [1, 2, 3, 4])
    assert (result.actual, result.met, result.reported, result.expected) == (Decimal("25.0"), 1, 2, 4)


def test_no_value_at_all_is_no_data_not_zero():
    assert aggregate(Measure.SHARE_OF_UNITS, {}, [1, 2]).actual is None


def test_manual_indicator_rolls_up_by_level(world, pw):
    indicator = pw.plan.indicators.get()
    services.indicator_value_set(actor=world.coordinator_a, indicator=indicator, unit=world.school_a, value=1)
    services.indicator_value_set(actor=world.principal_b, indicator=indicator, unit=world.school_b, value=0)
    result = indicator_results([indicator], [world.school_a, world.school_b])[0]
    assert (result.overall.actual, result.by_level["THCS"].actual, result.by_level["TH"].actual,
            result.percent_of_target, result.on_track) == (Decimal("50.0"), Decimal("100.0"), Decimal("0.0"),
                                                           Decimal("100.0"), True)


def test_computed_task_completion_follows_approvals(world, pw):
    indicator = IndicatorFactory(plan=pw.plan, task=pw.task, source="computed", source_key="plans.task_completed",
                                 target=100)
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=100, report_text="Xong")
    services.assignment_submit(actor=world.principal_a, assignment=pw.a)
    services.assignment_approve(actor=world.specialist, assignment=pw.a)
    result = indicator_results([indicator], [world.school_a, world.school_b])[0]
    assert (result.overall.actual, result.by_unit) == (Decimal("50.0"), {world.school_a.pk: 1, world.school_b.pk: 0})


def test_an_unknown_source_says_so(world, pw):
    indicator = IndicatorFactory(plan=pw.plan, source="computed", source_key="clubs.active_share")
    result = indicator_results([indicator], [world.school_a])[0]
    assert result.missing_source and "clubs.active_share" in result.no_data_reason


def test_reports_on_time_uses_the_latest_period(world, pw):
    indicator = IndicatorFactory(plan=pw.plan, source="computed", source_key="plans.reports_on_time", target=100)
    services.period_report_save(actor=world.principal_a, period=pw.period, unit=world.school_a, summary="Đủ")
    report = services.period_report_submit(actor=world.principal_a, period=pw.period, unit=world.school_a)
    # Submitted today, long after the factory's due date (15/01/2024): late.
    assert report.on_time is False
    result = indicator_results([indicator], [world.school_a, world.school_b])[0]
    assert result.overall.actual == Decimal("0.0") and result.overall.reported == 2


def test_values_roll_up_to_each_managing_unit(world, pw):
    from sangtao.testing.factories import OrgUnitFactory

    ward = OrgUnitFactory(parent=world.office, kind="authority", level="", name="Phòng GD&ĐT phường Đông Hưng Thuận")
    ward_school = OrgUnitFactory(parent=ward, level="TH")
    indicator = pw.plan.indicators.get()
    services.indicator_value_set(actor=world.leader, indicator=indicator, unit=ward_school, value=1)
    result = indicator_results([indicator], [world.school_a, world.school_b, ward_school])[0]
    # The office's own schools entered nothing: no data there, not a zero.
    assert (result.by_parent[ward.pk].actual, result.by_parent[world.office.pk].actual) == (Decimal("100.0"), None)


def test_reports_on_time_ignores_a_period_not_yet_due(world, pw):
    import datetime

    from sangtao.testing.factories import ReportingPeriodFactory

    ReportingPeriodFactory(plan=pw.plan, name="Tổng kết năm", due=datetime.date.today() + datetime.timedelta(days=60))
    indicator = IndicatorFactory(plan=pw.plan, source="computed", source_key="plans.reports_on_time", target=100)
    services.period_report_save(actor=world.principal_a, period=pw.period, unit=world.school_a, summary="Đủ")
    report = services.period_report_submit(actor=world.principal_a, period=pw.period, unit=world.school_a)
    type(report).objects.filter(pk=report.pk).update(first_submitted_at=datetime.datetime(2024, 1, 10, tzinfo=datetime.UTC))
    result = indicator_results([indicator], [world.school_a, world.school_b])[0]
    assert result.overall.actual == Decimal("50.0")
