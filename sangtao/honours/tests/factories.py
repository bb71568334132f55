"""Factories of the honours app (the shared ones live in sangtao/testing/factories.py)."""

import datetime

import factory

from sangtao.honours.models import HonourTitle, RecipientKind
from sangtao.testing.factories import OrgUnitFactory, StaffFactory


class CommendationFactory(factory.django.DjangoModelFactory):
    """An individual's Lao động tiên tiến of 2023-2024; pass unit= and staff= of the same school."""

    class Meta:
        model = "honours.Commendation"

    kind = RecipientKind.INDIVIDUAL
    unit = factory.SubFactory(OrgUnitFactory)
    staff = factory.SubFactory(StaffFactory, unit=factory.SelfAttribute("..unit"))
    title = HonourTitle.LDTT
    reason = "Hoàn thành xuất sắc nhiệm vụ năm học, có sáng kiến được công nhận cấp trường"
    year = 2024
    decision_number = factory.Sequence(lambda n: f"{100 + n}/QĐ-GDĐT")
    decision_date = datetime.date(2024, 5, 20)
    issuer = "Trưởng phòng Giáo dục và Đào tạo Quận 12"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "honours.Proposal"

    unit = factory.SubFactory(OrgUnitFactory)
    year = 2024
    title = "Đề nghị khen thưởng phong trào sáng kiến năm học 2023-2024"


class ProposalItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "honours.ProposalItem"

    proposal = factory.SubFactory(ProposalFactory)
    kind = RecipientKind.INDIVIDUAL
    unit = factory.SelfAttribute("proposal.unit")
    staff = factory.SubFactory(StaffFactory, unit=factory.SelfAttribute("..proposal.unit"))
    title = HonourTitle.CSTD_CO_SO
    reason = "Có sáng kiến được công nhận cấp Phòng"
