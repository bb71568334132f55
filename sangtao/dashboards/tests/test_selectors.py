"""The office's and the school's dashboards: pace, trend, the "needs attention" panel, reporting rates."""

import datetime
from decimal import Decimal

import pytest

from sangtao.clubs.models import Club, ClubActivity
from sangtao.dashboards import selectors
from sangtao.dashboards.selectors import Filters, UnitReport
from sangtao.dashboards.services import snapshot_take
from sangtao.plans.models import Direction

from .conftest import DAY, moment, report, set_value

pytestmark = pytest.mark.django_db


def test_the_plan_runs_over_its_school_year_and_its_periods(dw):
    assert selectors.school_year(dw.plan) == (datetime.date(2023, 9, 1), datetime.date(2024, 8, 31))
    assert selectors.plan_span(dw.plan, selectors.plan_periods(dw.plan)) == (
        datetime.date(2023, 10, 30),
        datetime.date(2024, 5, 25),
    )
    assert selectors.trend_months(dw.plan, DAY)[0] == datetime.date(2023, 9, 1)
    assert selectors.trend_months(dw.plan, DAY)[-1] == datetime.date(2024, 3, 1)


def test_the_expected_pace_is_a_straight_line_from_the_start_to_the_end(dw):
    span = (datetime.date(2024, 1, 1), datetime.date(2024, 1, 11))
    dw.share.target = Decimal(50)
    assert selectors.expected_at(dw.share, span, datetime.date(2024, 1, 6)) == Decimal("25.0")
    assert selectors.expected_at(dw.share, span, datetime.date(2023, 12, 1)) == Decimal("0.0")
    assert selectors.expected_at(dw.share, span, datetime.date(2024, 6, 1)) == Decimal("50.0")
    assert selectors.expected_at(dw.count, span, datetime.date(2024, 1, 6)) is None  # no target, no pace
    dw.share.direction, dw.share.baseline = Direction.DOWN, None
    assert selectors.expected_at(dw.share, span, datetime.date(2024, 1, 6)) is None


def test_an_indicator_behind_its_pace_needs_attention(world, dw):
    set_value(dw.share, world.school_a, 0)
    set_value(dw.share, world.school_b, 0)
    dash = selectors.office_dashboard(world.leader, dw.plan, Filters())
    row = next(r for r in dash["indicators"] if r.indicator == dw.share)
    assert row.expected == Decimal("32.9")  # 50% × 137/208 days
    assert row.below_pace and row in dash["attention"]["below_pace"]

    set_value(dw.share, world.school_a, 1)
    dash = selectors.office_dashboard(world.leader, dw.plan, Filters())
    assert dash["attention"]["below_pace"] == []  # 50% met ≥ 32.9% expected


def test_the_trend_reaggregates_the_snapshots_over_the_level_chosen(world, dw):
    set_value(dw.count, world.school_a, 2)
    set_value(dw.count, world.school_b, 5)
    snapshot_take(plan=dw.plan, month=datetime.date(2024, 1, 1))
    set_value(dw.count, world.school_a, 3)  # February: school A recognises one more initiative

    everyone = selectors.office_dashboard(world.leader, dw.plan, Filters())
    trend = next(r for r in everyone["indicators"] if r.indicator == dw.count).trend
    months = everyone["months"]
    assert trend[months.index(datetime.date(2024, 1, 1))] == Decimal(7)
    assert (
        trend[months.index(datetime.date(2024, 2, 1))] is None
    )  # no snapshot of February: no data, not zero
    assert trend[-1] == Decimal(8)  # the last point is the live figure
    assert datetime.date(2024, 2, 1) in everyone["snapshot_gaps"]

    thcs = selectors.office_dashboard(world.leader, dw.plan, Filters(level="THCS"))
    trend = next(r for r in thcs["indicators"] if r.indicator == dw.count).trend
    assert trend[months.index(datetime.date(2024, 1, 1))] == Decimal(2)
    assert trend[-1] == Decimal(3)


def test_a_period_filter_reads_the_figures_at_the_end_of_the_period(world, dw):
    dash = selectors.office_dashboard(world.leader, dw.plan, Filters(period=dw.semester))
    assert dash["as_of"] == datetime.date(2024, 1, 10)
    assert dash["months"][-1] == datetime.date(2024, 1, 1)
    # Not yet overdue on 10/01: the task is due on 01/02.
    assert dash["attention"]["overdue_count"] == 0
    assert selectors.office_dashboard(world.leader, dw.plan, Filters())["attention"]["overdue_count"] == 2
    # A period still running is read as of today, never a day to come.
    assert selectors.office_dashboard(world.leader, dw.plan, Filters(period=dw.year_end))["as_of"] == DAY


def test_late_reports_and_schools_without_activity_need_attention(world, dw):
    report(dw.semester, world.school_a, datetime.date(2024, 1, 12))
    club = Club.objects.create(unit=world.school_b, name="CLB Robot", club_type="stem")
    ClubActivity.objects.create(club=club, date=datetime.date(2024, 2, 20), title="Sinh hoạt tháng 2")

    attention = selectors.office_dashboard(world.leader, dw.plan, Filters())["attention"]
    [(period, missing, late)] = attention["late_reports"]
    assert period == dw.semester and [r.unit for r in missing] == [world.school_b] and late == []
    assert attention["inactive_since"] == datetime.date(2024, 1, 11)  # the day after semester I ended
    # School A submitted its report on 12/01 and school B's club met in February: both active this semester.
    assert attention["inactive"] == []

    ClubActivity.objects.update(date=datetime.date(2023, 12, 1))  # last semester's
    attention = selectors.office_dashboard(world.leader, dw.plan, Filters())["attention"]
    assert attention["inactive"] == [world.school_b]


def test_reporting_rates_count_expected_submitted_and_on_time_by_level(world, dw):
    report(dw.semester, world.school_a, datetime.date(2024, 1, 12))  # on time
    report(dw.semester, world.school_b, datetime.date(2024, 1, 20))  # late
    rates = selectors.reporting_page(world.leader, dw.plan, Filters())
    semester, year_end = rates["rates"]
    assert rates["selected"].period == dw.semester  # the latest period already due
    assert (semester.total.expected, semester.total.submitted, semester.total.on_time) == (2, 2, 1)
    assert semester.total.timely_rate == 0.5
    assert [(lv, r.expected, r.on_time) for lv, _l, r in semester.by_level] == [("TH", 1, 0), ("THCS", 1, 1)]
    assert {r.unit: r.state for r in semester.units} == {
        world.school_a: UnitReport.ON_TIME,
        world.school_b: UnitReport.LATE,
    }
    assert {r.state for r in year_end.units} == {UnitReport.PENDING}  # not due yet: not "missing"

    th = selectors.reporting_page(world.leader, dw.plan, Filters(level="TH"))
    assert th["rates"][0].total.expected == 1


def test_a_school_stands_against_its_levels_average(world, dw):
    from sangtao.testing.factories import AssignmentFactory, OrgUnitFactory

    other = OrgUnitFactory(parent=world.office, level="THCS", name="Trường THCS Số 2")
    AssignmentFactory(task=dw.task, unit=other)
    set_value(dw.count, world.school_a, 4)
    set_value(dw.count, other, 8)
    set_value(dw.share, world.school_a, 1)
    set_value(dw.share, other, 0)

    dash = selectors.school_dashboard(world.principal_a, world.school_a, dw.plan, Filters())
    standing = {s.row.indicator.code: s for s in dash["standings"]}
    assert standing["CT02"].value == 4 and standing["CT02"].level_value == Decimal(6)  # (4 + 8) / 2 schools
    assert (standing["CT02"].rank, standing["CT02"].ranked, standing["CT02"].above_average) == (2, 2, False)
    assert standing["CT01"].met is True and standing["CT01"].level_value == Decimal("50.0")
    # The level's average is an aggregate: the principal never gets the other school's own row.
    assert set(standing["CT02"].row.result.by_unit) == {world.school_a.pk}


def test_a_school_sees_what_it_still_has_to_do(world, dw):
    from sangtao.outreach.models import Acknowledgement, Distribution, Document

    doc = Document.objects.create(
        number="CN-01",
        issued_on=datetime.date(2024, 1, 2),
        issuer="Phòng GD&ĐT",
        kind="handbook",
        summary="Cẩm nang đổi mới sáng tạo",
    )
    dist = Distribution.objects.create(
        document=doc,
        sender_unit=world.office,
        sent_at=moment(datetime.date(2024, 1, 3)),
        due_on=datetime.date(2024, 1, 20),
    )
    Acknowledgement.objects.create(distribution=dist, unit=world.school_a)

    dash = selectors.school_dashboard(world.principal_a, world.school_a, dw.plan, Filters())
    assert [p["period"] for p in dash["periods_to_report"]] == [dw.semester, dw.year_end]
    assert dash["periods_to_report"][0]["overdue"] is True
    assert [a.distribution for a in dash["acknowledgements"]] == [dist]
    assert {s.row.indicator for s in dash["manual_missing"]} == {dw.share, dw.count}
    assert [a.unit for a in dash["overdue"]] == [world.school_a]

    report(dw.semester, world.school_a, datetime.date(2024, 1, 12))
    dash = selectors.school_dashboard(world.principal_a, world.school_a, dw.plan, Filters())
    assert [p["period"] for p in dash["periods_to_report"]] == [dw.year_end]
