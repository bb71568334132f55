"""factory_boy factories for tests (STYLE example 8): build records, never scatter objects.create."""

import datetime

import factory
from django.conf import settings

from sangtao.accounts.models import Notification, Role, RoleAssignment, Staff, StaffGroup, Student, User
from sangtao.orgs.models import OrgUnit, Ownership, SchoolLevel, SchoolYear, UnitKind
from sangtao.plans import models as plan_models


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = UnitKind.SCHOOL
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Trường THCS Số {n}")
    level = SchoolLevel.THCS
    ownership = Ownership.PUBLIC


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("name",)

    name = "2023-2024"
    start = datetime.date(2023, 9, 5)
    end = datetime.date(2024, 5, 31)
    is_current = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.edu.vn")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-dai-12345")

    @factory.post_generation
    def finish(self, create, extracted, **kwargs):
        if create:
            self.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    unit = factory.SubFactory(OrgUnitFactory)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    unit = factory.SubFactory(OrgUnitFactory)
    full_name = factory.Faker("name", locale="vi_VN")
    group = StaffGroup.GV


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    unit = factory.SubFactory(OrgUnitFactory)
    full_name = factory.Faker("name", locale="vi_VN")
    grade = 8
    class_name = "8A1"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Plan

    number = factory.Sequence(lambda n: f"{100 + n}/KH-GDĐT")
    issued_on = datetime.date(2023, 10, 30)
    place = "Quận 12"
    issuing_unit = factory.SubFactory(OrgUnitFactory, kind=UnitKind.AUTHORITY, level="")
    title = "Kế hoạch hoạt động khoa học, công nghệ và đổi mới sáng tạo năm 2024"
    year = 2024
    status = plan_models.PlanStatus.ISSUED


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Task

    plan = factory.SubFactory(PlanFactory)
    kind = plan_models.TaskKind.TASK
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    end = datetime.date(2024, 5, 31)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    due = factory.LazyAttribute(lambda o: o.task.end)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"CT{n:02d}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    target = 50


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    name = "Sơ kết học kỳ I"
    kind = plan_models.PeriodKind.SEMESTER_1
    start = datetime.date(2023, 9, 5)
    end = datetime.date(2024, 1, 10)
    due = datetime.date(2024, 1, 15)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Thông báo số {n}")
    body = "Nội dung thông báo."


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator; compute its current code with django_otp.oath.totp(device.bin_key)."""

    class Meta:
        model = "otp_totp.TOTPDevice"

    user = factory.SubFactory(UserFactory)
    name = "Ứng dụng xác thực"
    confirmed = True


PASSWORD = "Mat-khau-dai-12345"
assert settings  # settings must be configured before factories are used
