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


# ── Clubs ──────────────────────────────────────────────────────────────────────────────────────────


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clubs.Club"

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"Câu lạc bộ Sáng tạo {n}")
    club_type = "innovation"
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-THCS")
    decision_date = datetime.date(2023, 9, 15)


class ClubMemberFactory(factory.django.DjangoModelFactory):
    """A student member of the club's school by default (pass staff=… and student=None for a teacher)."""

    class Meta:
        model = "clubs.ClubMember"

    club = factory.SubFactory(ClubFactory)
    student = factory.SubFactory(StudentFactory, unit=factory.SelfAttribute("..club.unit"))
    joined_on = datetime.date(2023, 9, 15)


class ClubActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clubs.ClubActivity"

    club = factory.SubFactory(ClubFactory)
    date = datetime.date(2024, 3, 7)
    title = factory.Sequence(lambda n: f"Buổi sinh hoạt số {n}")
    kind = "meeting"
    participants = 12


class ActivityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clubs.ActivityRule"
        django_get_or_create = ("unit",)

    unit = factory.SubFactory(OrgUnitFactory, kind=UnitKind.AUTHORITY, level="")
    min_members = 5
    months_required = 2


PASSWORD = "Mat-khau-dai-12345"
assert settings  # settings must be configured before factories are used


# ── Training (sangtao.training) ────────────────────────────────────────────────────────────────────


class CourseFactory(factory.django.DjangoModelFactory):
    """A published course of the office, open now, for teachers and managers of every level."""

    class Meta:
        model = "training.Course"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Bồi dưỡng đổi mới sáng tạo số {n}")
    kind = "course"
    topics = factory.LazyFunction(lambda: ["innovation"])
    organiser = factory.SubFactory(OrgUnitFactory, kind=UnitKind.AUTHORITY, level="")
    audience = factory.SelfAttribute("organiser")
    target_groups = factory.LazyFunction(lambda: ["CBQL", "GV", "NV"])
    levels = factory.LazyFunction(list)
    capacity = 40
    registration_opens = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=5))
    registration_closes = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=5))
    status = "open"
    signer_name = "Khuê Mạnh Hùng"
    signer_title = "Trưởng phòng"
    place = "Quận 12"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Session"

    course = factory.SubFactory(CourseFactory)
    date = factory.LazyFunction(datetime.date.today)
    start_time = datetime.time(8, 0)
    end_time = datetime.time(11, 30)
    place = "Hội trường Phòng GD&ĐT"


class NominationFactory(factory.django.DjangoModelFactory):
    """A teacher of a school nominated to a course (pass student=… and staff=None for a pupil)."""

    class Meta:
        model = "training.Nomination"

    course = factory.SubFactory(CourseFactory)
    school = factory.SubFactory(OrgUnitFactory)
    staff = factory.SubFactory(StaffFactory, unit=factory.SelfAttribute("..school"))
    student = None
    status = "nominated"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Attendance"

    session = factory.SubFactory(SessionFactory)
    nomination = factory.SubFactory(NominationFactory, course=factory.SelfAttribute("..session.course"))
    present = True


# ── Contests (sangtao.contests) ────────────────────────────────────────────────────────────────────


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.Contest"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hội thi Sáng tạo thanh thiếu niên nhi đồng số {n}")
    organiser = factory.SubFactory(OrgUnitFactory, kind=UnitKind.AUTHORITY, level="")
    school_year = factory.SubFactory(SchoolYearFactory)
    eligible_levels = factory.LazyFunction(lambda: [SchoolLevel.TH, SchoolLevel.THCS])
    min_grade = 3
    max_grade = 9
    max_team_size = 3
    registration_opens = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    registration_closes = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))
    status = "open"


class ContestCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.Category"

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ContestRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.Round"

    contest = factory.SubFactory(ContestFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Vòng {o.order}")
    level = "school"
    judges_per_entry = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.Criterion"

    round = factory.SubFactory(ContestRoundFactory)
    order = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = 10


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.Entry"

    round = factory.SubFactory(ContestRoundFactory)
    school = factory.SubFactory(OrgUnitFactory)
    category = factory.SubFactory(ContestCategoryFactory, contest=factory.SelfAttribute("..round.contest"))
    title = factory.Sequence(lambda n: f"Mô hình tưới cây tự động số {n}")
    status = "eligible"


class EntryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.EntryMember"

    entry = factory.SubFactory(EntryFactory)
    student = factory.SubFactory(StudentFactory, unit=factory.SelfAttribute("..entry.school"))
    grade = factory.LazyAttribute(lambda o: o.student.grade)
    class_name = factory.LazyAttribute(lambda o: o.student.class_name)


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.Judge"

    round = factory.SubFactory(ContestRoundFactory)
    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)


class JudgeAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.JudgeAssignment"

    entry = factory.SubFactory(EntryFactory)
    judge = factory.SubFactory(JudgeFactory, round=factory.SelfAttribute("..entry.round"))


# ── Initiatives (sangtao.initiatives) ──────────────────────────────────────────────────────────────


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign of the office, accepting applications today, with the default rubric."""

    class Meta:
        model = "initiatives.Campaign"
        skip_postgeneration_save = True

    school_year = factory.SubFactory(SchoolYearFactory)
    title = factory.Sequence(lambda n: f"Phong trào sáng kiến năm học 2023-2024, đợt {n}")
    unit = factory.SubFactory(OrgUnitFactory, kind=UnitKind.AUTHORITY, level="")
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    status = "open"


class CouncilFactory(factory.django.DjangoModelFactory):
    """A school's council by default (pass level="office", unit=campaign.unit for the office's)."""

    class Meta:
        model = "initiatives.Council"

    campaign = factory.SubFactory(CampaignFactory)
    level = "school"
    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.LazyAttribute(lambda o: f"Hội đồng sáng kiến {o.unit.name}")


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "initiatives.CouncilMember"

    council = factory.SubFactory(CouncilFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A draft without authors; add them with InitiativeAuthorFactory (shares adding up to 100)."""

    class Meta:
        model = "initiatives.Initiative"

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    title = factory.Sequence(lambda n: f"Ứng dụng bảng tính theo dõi chuyên cần học sinh, phiên bản {n}")
    field = "digital"
    current_state = "Giáo viên chủ nhiệm tổng hợp chuyên cần bằng sổ giấy, mất nhiều thời gian."
    solution = "Dùng bảng tính dùng chung để điểm danh mỗi tiết và tự tổng hợp theo tuần."
    novelty = "Lần đầu áp dụng tại trường; tự động cảnh báo học sinh vắng nhiều."
    applied_where = "Khối 8"
    applied_since = datetime.date(2023, 9, 15)
    benefit = "Giảm 70% thời gian tổng hợp chuyên cần hằng tuần."
    conditions = "Máy tính có kết nối mạng."


class InitiativeAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "initiatives.InitiativeAuthor"

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda o: o.user.get_full_name() if o.user else "Tác giả")
    unit = factory.LazyAttribute(lambda o: o.initiative.unit)
    share = 100


class ApplicationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "initiatives.ApplicationRecord"

    initiative = factory.SubFactory(InitiativeFactory)
    place = "Trường THCS bạn"
    since = datetime.date(2024, 2, 1)


# outreach ─────────────────────────────────────────────────────────────────────────────────────────


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.Document"

    number = factory.Sequence(lambda n: f"{n}/CV-GDĐT")
    issued_on = datetime.date(2023, 9, 5)
    issuer = "Phòng Giáo dục và Đào tạo"
    kind = "letter"
    summary = factory.Sequence(lambda n: f"Về việc triển khai cẩm nang sáng tạo số {n}")


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.Distribution"

    document = factory.SubFactory(DocumentFactory)
    sender_unit = factory.SubFactory(OrgUnitFactory)
    sent_at = factory.LazyFunction(lambda: datetime.datetime(2023, 10, 1, 8, 0, tzinfo=datetime.UTC))
    due_on = datetime.date(2023, 10, 15)


class AcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.Acknowledgement"

    distribution = factory.SubFactory(DistributionFactory)
    unit = factory.SubFactory(OrgUnitFactory)


# communication ────────────────────────────────────────────────────────────────────────────────────


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "communication.Article"

    title = factory.Sequence(lambda n: f"Học sinh sáng tạo số {n}")
    slug = factory.Sequence(lambda n: f"hoc-sinh-sang-tao-{n}")
    summary = "Tóm tắt tin bài về đổi mới sáng tạo."
    body = "<p>Nội dung tin bài.</p>"
    category = "innovation"
    unit = factory.SubFactory(OrgUnitFactory)
    status = "draft"
