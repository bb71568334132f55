import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from sangtao.plans.models import (
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Measure,
    PeriodKind,
    PeriodReport,
    PeriodReportStatus,
    Plan,
    ReportingPeriod,
    Task,
    TaskKind,
)
from sangtao.plans.tests.conftest import pw  # noqa: F401  (the same plan world as the plans tests)
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
)

DAY = datetime.date(2024, 3, 15)  # the demo's story day: half-way through school year 2023-2024


@dataclass
class DashWorld:
    plan: Plan
    section: Task
    task: Task
    semester: ReportingPeriod
    year_end: ReportingPeriod
    share: Indicator  # manual, share of units, target 50%
    count: Indicator  # manual, count, no target


def moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def report(period, unit, day, status=PeriodReportStatus.SUBMITTED):
    return PeriodReport.objects.create(
        period=period,
        unit=unit,
        status=status,
        summary="Đã thực hiện",
        submitted_at=moment(day),
        first_submitted_at=moment(day),
    )


@pytest.fixture
def dw(world, settings):
    """The 2024 plan as of 15/03/2024: schools A (THCS) and B (TH) implement one task due 01/02/2024."""
    settings.SANGTAO_TODAY = DAY
    plan = PlanFactory(issuing_unit=world.office, year=2024, issued_on=datetime.date(2023, 10, 30))
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION, number="II", title="NỘI DUNG", order=1)
    task = TaskFactory(
        plan=plan,
        parent=section,
        number="1",
        title="Thành lập câu lạc bộ",
        order=2,
        end=datetime.date(2024, 2, 1),
    )
    for school in (world.school_a, world.school_b):
        AssignmentFactory(task=task, unit=school)
    semester = ReportingPeriodFactory(
        plan=plan,
        name="Sơ kết học kỳ I",
        kind=PeriodKind.SEMESTER_1,
        start=datetime.date(2023, 11, 1),
        end=datetime.date(2024, 1, 10),
        due=datetime.date(2024, 1, 15),
    )
    year_end = ReportingPeriodFactory(
        plan=plan,
        name="Tổng kết năm học",
        kind=PeriodKind.YEAR_END,
        start=datetime.date(2023, 11, 1),
        end=datetime.date(2024, 5, 25),
        due=datetime.date(2024, 5, 31),
    )
    share = IndicatorFactory(
        plan=plan,
        task=task,
        code="CT01",
        name="Trường có câu lạc bộ hoạt động",
        target=50,
        source=IndicatorSource.MANUAL,
        measure=Measure.SHARE_OF_UNITS,
        order=1,
    )
    count = IndicatorFactory(
        plan=plan,
        code="CT02",
        name="Sáng kiến được công nhận",
        target=None,
        unit_of_measure="sáng kiến",
        source=IndicatorSource.MANUAL,
        measure=Measure.COUNT,
        order=2,
    )
    return DashWorld(
        plan=plan, section=section, task=task, semester=semester, year_end=year_end, share=share, count=count
    )


def set_value(indicator, unit, value):
    IndicatorValue.objects.update_or_create(
        indicator=indicator, unit=unit, defaults={"value": Decimal(value)}
    )
