"""Factories of the emulation app's own records (the shared ones live in sangtao/testing/factories.py)."""

from decimal import Decimal

import factory

from sangtao.emulation.models import Criterion, CriterionKind, RuleKind, Scheme, SchemeStatus
from sangtao.testing.factories import PlanFactory


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    plan = factory.SubFactory(PlanFactory)
    group_name = factory.Sequence(lambda n: f"Khối Trung học cơ sở {n}")
    levels = factory.LazyFunction(lambda: ["THCS"])
    status = SchemeStatus.OPEN


class CriterionFactory(factory.django.DjangoModelFactory):
    """A criterion on the articles each school published: 5 points per article up to 10."""

    class Meta:
        model = Criterion

    scheme = factory.SubFactory(SchemeFactory)
    order = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"TC{n}")
    name = "Tin bài về KH, CN và ĐMST được đăng"
    kind = CriterionKind.COMPUTED
    source_key = "communication.articles_published"
    rule = RuleKind.STEPS
    steps = factory.LazyFunction(lambda: [["1", "5"], ["2", "10"]])
    max_points = Decimal(10)


class ManualCriterionFactory(CriterionFactory):
    name = "Chất lượng tổ chức phong trào"
    kind = CriterionKind.MANUAL
    source_key = ""
    rule = ""
    steps = factory.LazyFunction(list)
