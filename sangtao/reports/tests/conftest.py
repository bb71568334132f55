"""A small plan for the reports' tests: one section with two tasks, a computed and a manual indicator,
the semester-I period; school A has done the first task (approved, with its report), school B is late."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from sangtao.plans.models import (
    AssignmentStatus,
    IndicatorSource,
    IndicatorValue,
    Measure,
    Plan,
    PlanRecipient,
    RecipientPurpose,
    ReportingPeriod,
    TaskKind,
)
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
)

TODAY = datetime.date(2024, 3, 15)
REPORT_A = "Trường đã thành lập câu lạc bộ đổi mới sáng tạo gồm 25 học sinh, sinh hoạt hằng tháng."


@dataclass
class Reporting:
    plan: Plan
    period: ReportingPeriod
    year_end: ReportingPeriod


@pytest.fixture(autouse=True)
def story_day(settings):
    settings.SANGTAO_TODAY = TODAY
    # LibreOffice takes seconds per document: only the tests about the PDF call it (they set it back).
    settings.SANGTAO_SOFFICE = "soffice-not-in-unit-tests"


@pytest.fixture
def reporting(world) -> Reporting:
    plan = PlanFactory(
        issuing_unit=world.office,
        number="454/KH-GDĐT",
        signer_title="TRƯỞNG PHÒNG",
        signer_name="Khuê Mạnh Hùng",
        title="Tổ chức thực hiện hoạt động khoa học, công nghệ và đổi mới sáng tạo năm 2024",
    )
    PlanRecipient.objects.create(
        plan=plan, label="UBND Q.12", purpose=RecipientPurpose.REPORT, unit=world.ubnd
    )
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION, number="I", title="NỘI DUNG", order=1)
    clubs = TaskFactory(
        plan=plan,
        parent=section,
        number="1",
        title="Thành lập câu lạc bộ đổi mới sáng tạo",
        lead_unit=world.team_pt,
        end=datetime.date(2023, 12, 31),
        order=2,
    )
    events = TaskFactory(
        plan=plan,
        parent=section,
        number="2",
        title="Hưởng ứng Ngày Khoa học và Công nghệ",
        end=datetime.date(2024, 5, 18),
        order=3,
    )
    IndicatorFactory(
        plan=plan,
        task=clubs,
        code="CT01",
        name="Trường có câu lạc bộ đổi mới sáng tạo",
        source=IndicatorSource.COMPUTED,
        source_key="plans.task_completed",
        measure=Measure.SHARE_OF_UNITS,
        target=50,
        order=1,
    )
    talks = IndicatorFactory(
        plan=plan,
        task=events,
        code="CT02",
        name="Buổi tuyên truyền",
        unit_of_measure="buổi",
        measure=Measure.COUNT,
        target=10,
        order=2,
    )
    IndicatorValue.objects.create(indicator=talks, unit=world.school_a, value=4)
    IndicatorValue.objects.create(indicator=talks, unit=world.school_b, value=3)
    AssignmentFactory(
        task=clubs,
        unit=world.school_a,
        status=AssignmentStatus.APPROVED,
        progress=100,
        report_text=REPORT_A,
        reviewed_at=timezone.make_aware(datetime.datetime(2023, 12, 20, 9, 0)),
    )
    AssignmentFactory(task=clubs, unit=world.school_b, status=AssignmentStatus.IN_PROGRESS, progress=40)
    AssignmentFactory(task=events, unit=world.school_a)
    AssignmentFactory(task=events, unit=world.school_b)
    period = ReportingPeriodFactory(
        plan=plan, name="Sơ kết học kỳ I năm học 2023-2024", start=datetime.date(2023, 11, 1)
    )
    year_end = ReportingPeriodFactory(
        plan=plan,
        name="Tổng kết năm học 2023-2024",
        kind="year_end",
        start=datetime.date(2023, 11, 1),
        end=datetime.date(2024, 5, 25),
        due=datetime.date(2024, 5, 31),
    )
    return Reporting(plan=plan, period=period, year_end=year_end)


@pytest.fixture
def generated(reporting, world, django_capture_on_commit_callbacks):
    """The office's semester-I report, created and generated once by the leader (version 1)."""
    from sangtao.reports import services

    report = services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(actor=world.leader, report=report)
    report.refresh_from_db()
    return report
