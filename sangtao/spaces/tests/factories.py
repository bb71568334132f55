"""Factories of the spaces app."""

import datetime

import factory

from sangtao.spaces.models import Frequency, ModelArea, SpaceKind
from sangtao.testing.factories import OrgUnitFactory


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "spaces.Space"

    unit = factory.SubFactory(OrgUnitFactory)
    kind = SpaceKind.STEM_ROOM
    name = factory.Sequence(lambda n: f"Phòng STEM số {n}")
    users = "Học sinh khối 6–9"
    opened_on = datetime.date(2023, 9, 5)


class SpacePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "spaces.SpacePhoto"

    space = factory.SubFactory(SpaceFactory)
    image = factory.django.FileField(filename="anh.png", data=b"\x89PNG\r\n\x1a\n")


class TechModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "spaces.TechModel"

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"Sổ điểm điện tử {n}")
    area = ModelArea.MANAGEMENT
    description = "Nhập điểm trên phần mềm quản lý trường học."
    since = datetime.date(2023, 9, 5)
    frequency = Frequency.DAILY
    users = "Giáo viên"
