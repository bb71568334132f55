"""Factories of the reports app (the plan's own are in sangtao/testing/factories.py)."""

import datetime

import factory

from sangtao.reports.models import Report, ReportKind
from sangtao.testing.factories import PlanFactory, ReportingPeriodFactory


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    plan = factory.SubFactory(PlanFactory)
    period = factory.SubFactory(ReportingPeriodFactory, plan=factory.SelfAttribute("..plan"))
    kind = ReportKind.SEMESTER_1
    unit = factory.LazyAttribute(lambda o: o.plan.issuing_unit)
    number = "/BC-GDĐT"
    place = "Quận 12"
    signed_on = datetime.date(2024, 1, 12)
    title = factory.Sequence(lambda n: f"Kết quả thực hiện kế hoạch, sơ kết học kỳ I ({n})")
    signer_title = "TRƯỞNG PHÒNG"
    signer_name = "Khuê Mạnh Hùng"
    recipients = "UBND Q.12 (để báo cáo);\nLưu: VT."
    strengths = "Các trường tích cực triển khai."
    limits = "Một số chỉ tiêu chưa đạt."
    causes = "Thời gian triển khai ngắn."
    directions = "Đôn đốc các trường hoàn thành chỉ tiêu."
