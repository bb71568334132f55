"""Demo reports, on top of the demo plan (called by sangtao/demo's load_demo, after every feature app).

The office's semester-I report on plan 454/KH-GDĐT, written on 12/01/2024, generated and finalised by the
leader (what went to UBND Quận 12); and school A's own semester-I report, generated but not yet finalised.
Each step runs as of its day (the demo clock is moved with SANGTAO_TODAY), so the figures are those of
the end of semester I.
"""

import datetime

from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from sangtao.accounts.models import Role, User
from sangtao.orgs import demo_data as data
from sangtao.orgs.models import OrgUnit
from sangtao.plans.models import Plan

from . import services
from .models import Report

OFFICE_CODE = "PGDDT-Q12"
PLAN_NUMBER = "454/KH-GDĐT"
WRITTEN_ON = datetime.date(2024, 1, 12)
FINALISED_ON = datetime.date(2024, 1, 15)

STRENGTHS = (
    "Các đơn vị đã xây dựng kế hoạch thực hiện của đơn vị, phân công cán bộ phụ trách và cập nhật kết quả, "
    "minh chứng trên hệ thống đúng quy định.\n"
    "Công tác tuyên truyền về khoa học, công nghệ và đổi mới sáng tạo được triển khai đồng loạt, đa dạng "
    "hình thức (sinh hoạt dưới cờ, bản tin, cổng thông tin điện tử của trường)."
)
LIMITS = (
    "Tỷ lệ trường có câu lạc bộ đổi mới sáng tạo hoạt động thường xuyên còn thấp so với chỉ tiêu 50%.\n"
    "Một số trường mầm non chưa cử đủ các nhóm đối tượng tham gia các lớp đào tạo, bồi dưỡng."
)


def _person(role: str, unit_code: str) -> User | None:
    return (
        User.objects.filter(
            role_assignments__role=role, role_assignments__unit__code=unit_code, is_active=True
        )
        .order_by("pk")
        .first()
    )


def _generate(report: Report, actor: User) -> Report:
    return services.report_generate(actor=actor, report=report, background=False)


def load_reports_demo(*, story_day):
    """Returns the summary lines printed by load_demo."""
    plan = Plan.objects.filter(number=PLAN_NUMBER).first()
    office = OrgUnit.objects.filter(code=OFFICE_CODE).first()
    school = OrgUnit.objects.filter(code=data.SCHOOL_A).first()
    leader, principal = _person(Role.LEADER, OFFICE_CODE), _person(Role.PRINCIPAL, data.SCHOOL_A)
    period = plan.periods.filter(kind="semester1").first() if plan else None
    if None in (plan, office, school, leader, principal, period) or story_day < FINALISED_ON:
        return []
    with transaction.atomic(), override_settings(SANGTAO_TODAY=WRITTEN_ON):
        report = services.report_create(actor=leader, plan=plan, period=period, unit=office)
        report = services.report_update(
            actor=leader,
            report=report,
            number="25/BC-GDĐT",
            strengths=STRENGTHS,
            limits=f"{LIMITS}\n{report.limits}",
        )
        report = _generate(report, leader)
        school_report = services.report_create(actor=principal, plan=plan, period=period, unit=school)
        school_report = _generate(school_report, principal)
    with transaction.atomic(), override_settings(SANGTAO_TODAY=FINALISED_ON):
        services.report_finalise(actor=leader, report=report)
    versions = report.versions.count() + school_report.versions.count()
    return [
        _("Báo cáo: %(n)d báo cáo sơ kết học kỳ I (%(v)d phiên bản văn bản), báo cáo của Phòng đã hoàn tất")
        % {"n": 2, "v": versions}
    ]
