import datetime
from dataclasses import dataclass

import pytest

from sangtao.plans.models import Assignment, Plan, PlanStatus, ReportingPeriod, Task, TaskKind
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
)


@dataclass
class PlanWorld:
    plan: Plan
    section: Task
    task: Task
    a: Assignment  # school A's assignment
    b: Assignment  # school B's assignment
    period: ReportingPeriod


@pytest.fixture
def pw(world):
    """An issued plan with one section, one task led by Tổ Phổ thông, assigned to schools A and B."""
    plan = PlanFactory(issuing_unit=world.office, status=PlanStatus.ISSUED)
    section = TaskFactory(plan=plan, kind=TaskKind.SECTION, number="II", title="NỘI DUNG")
    task = TaskFactory(plan=plan, parent=section, number="1", title="Thành lập câu lạc bộ đổi mới sáng tạo",
                       lead_unit=world.team_pt, end=datetime.date.today() + datetime.timedelta(days=30))
    task.partner_units.add(world.partner_unit)
    a = AssignmentFactory(task=task, unit=world.school_a)
    b = AssignmentFactory(task=task, unit=world.school_b)
    period = ReportingPeriodFactory(plan=plan)
    IndicatorFactory(plan=plan, task=task, code="CT01", name="Trường có câu lạc bộ hoạt động", target=50)
    return PlanWorld(plan=plan, section=section, task=task, a=a, b=b, period=period)
