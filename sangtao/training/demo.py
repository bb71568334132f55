"""Demo records of the training app, on top of the demo plan (called by sangtao/demo's load_demo).

Thirteen courses of school year 2023-2024, organised by the office, by Phòng Kinh tế (startup and
innovation) and by the city's Department of Education, told through the same services that the pages
call: schools nominate their people, organisers approve or decline, attendance is marked, completions are
computed and certificates issued. Each step runs "as of" its day in the story (the demo clock is moved
with SANGTAO_TODAY), so that registration windows, decision times and certificate dates are those of the
story; the status events are then moved to those days too. PDFs are never rendered here: a certificate
is drawn when someone downloads it.

Two courses are open around the story's day (15/03/2024), so that a school can nominate people in the demo.
Finally the plan's indicators CT02 and CT03 switch from values typed by schools to the two sources that
this app computes (stats.py).
"""

import contextlib
import datetime
import random

from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import Notification, Role, RoleAssignment, Staff, StaffGroup, Student, User
from sangtao.core.models import StatusEvent
from sangtao.core.text import fold
from sangtao.orgs import demo_data as data
from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitKind
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue, Task

from . import services
from .models import Attendance, Certificate, Course, CourseStatus, Nomination, NominationStatus

D = datetime.date
T = datetime.time
CITY = {
    "code": "SGDDT-HCM",
    "name": "Sở Giáo dục và Đào tạo TP. Hồ Chí Minh",
    "short_name": "Sở GD&ĐT TP.HCM",
    "kind": UnitKind.AUTHORITY,
    "head_name": "Nguyễn Văn Hiếu",
}
CITY_USER = ("cv-so-gddt", "Hoàng Thị Minh Thư")
# Who signs each organiser's certificates: (name, title).
SIGNERS = {
    "office": (data.OFFICE["head_name"], "Trưởng phòng"),
    "pkt": ("Lê Minh Tâm", "Trưởng phòng Kinh tế"),
    "city": (CITY["head_name"], "Giám đốc"),
}
PLAN_NUMBER = "454/KH-GDĐT"
INDICATOR_SOURCES = {"CT02": "training.target_groups_covered", "CT03": "training.schools_sent_people"}
DECLINE_REASONS = [
    "Trùng lịch công tác của đơn vị; đề nghị cử người khác ở đợt sau.",
    "Người được cử không đúng đối tượng của khóa.",
    "Khóa đã đủ số lượng; đơn vị đăng ký đợt sau.",
]
# What each kind of course is called on the timeline days: (days before opening the course is drafted).
DRAFT_LEAD = 10


def _course(
    key,
    title,
    kind,
    topics,
    organiser,
    groups,
    levels,
    opens,
    closes,
    sessions,
    *,
    capacity=60,
    share=0.5,
    per_school=1,
    tasks=(),
    venue="",
    mode="in_person",
    quotas=False,
    cancel="",
    draft=False,
    fixed=(),
    hours=8,
    decide_all=True,
):
    """One course of the story. `share`: the part of eligible schools that send people; `fixed`: schools
    that always take part (by code)."""
    return {
        "key": key,
        "title": title,
        "kind": kind,
        "topics": topics,
        "organiser": organiser,
        "groups": groups,
        "levels": levels,
        "opens": opens,
        "closes": closes,
        "sessions": sessions,
        "capacity": capacity,
        "share": share,
        "per_school": per_school,
        "tasks": tasks,
        "venue": venue,
        "mode": mode,
        "quotas": quotas,
        "cancel": cancel,
        "draft": draft,
        "fixed": fixed,
        "hours": hours,
        "decide_all": decide_all,
    }


A, B = data.SCHOOL_A, data.SCHOOL_B
HALL = "Hội trường Phòng Giáo dục và Đào tạo Quận 12, 01 Lê Thị Riêng"
COURSES = [
    _course(
        "stem-gv",
        "Bồi dưỡng phương pháp dạy học STEM cho giáo viên tiểu học và trung học cơ sở",
        "course",
        ["stem"],
        "office",
        ["GV"],
        ["TH", "THCS"],
        D(2023, 9, 18),
        D(2023, 9, 30),
        [
            (D(2023, 10, 7), T(7, 30), T(11, 30), "Giáo dục STEM: khái niệm, quy trình bài học STEM"),
            (D(2023, 10, 14), T(7, 30), T(11, 30), "Thực hành thiết kế bài học STEM"),
        ],
        share=0.7,
        per_school=2,
        tasks=["I.4", "II.1.1"],
        venue=HALL,
        fixed=(A, B),
        hours=8,
    ),
    _course(
        "clb-dmst",
        "Tập huấn xây dựng câu lạc bộ đổi mới sáng tạo trong trường học",
        "workshop",
        ["innovation"],
        "office",
        ["CBQL", "GV"],
        [],
        D(2023, 10, 16),
        D(2023, 10, 31),
        [(D(2023, 11, 9), T(8, 0), T(11, 30), "Mô hình câu lạc bộ đổi mới sáng tạo; kế hoạch hoạt động")],
        capacity=140,
        share=0.75,
        per_school=2,
        tasks=["I.1", "II.1.1", "III.1.1"],
        venue=HALL,
        fixed=(A, B),
        hours=4,
    ),
    _course(
        "khoi-nghiep-gv",
        "Đào tạo khởi nghiệp đổi mới sáng tạo cho giáo viên",
        "course",
        ["startup", "innovation"],
        "pkt",
        ["GV"],
        ["TH", "THCS"],
        D(2023, 10, 23),
        D(2023, 11, 10),
        [
            (D(2023, 11, 18), T(8, 0), T(16, 30), "Tư duy khởi nghiệp; mô hình kinh doanh tinh gọn"),
            (D(2023, 11, 25), T(8, 0), T(11, 30), "Hướng dẫn học sinh xây dựng dự án khởi nghiệp"),
        ],
        share=0.6,
        tasks=["I.1", "II.1.1"],
        venue="Hội trường UBND Quận 12",
        fixed=(A,),
        hours=12,
    ),
    _course(
        "tiet-kiem-nl",
        "Tập huấn sử dụng năng lượng tiết kiệm và hiệu quả trong trường học",
        "workshop",
        ["energy_saving"],
        "office",
        ["CBQL", "NV"],
        [],
        D(2023, 11, 13),
        D(2023, 11, 30),
        [(D(2023, 12, 6), T(13, 30), T(16, 30), "Kiểm toán năng lượng đơn giản; thiết bị tiết kiệm điện")],
        capacity=150,
        share=0.7,
        per_school=2,
        tasks=["II.1.1", "III.1.1"],
        venue=HALL,
        fixed=(A, B),
        hours=3,
    ),
    _course(
        "chinh-sach-khcn",
        "Bồi dưỡng chính sách khoa học, công nghệ và chuyển đổi số cho cán bộ quản lý",
        "course",
        ["st_policy", "digital"],
        "city",
        ["CBQL"],
        [],
        D(2023, 11, 20),
        D(2023, 12, 5),
        [(D(2023, 12, 14), T(8, 0), T(16, 30), "Luật Khoa học và Công nghệ; chuyển đổi số trong giáo dục")],
        capacity=40,
        share=0.35,
        tasks=["II.1.1"],
        mode="online",
        venue="Trực tuyến (Microsoft Teams)",
        fixed=(A,),
        hours=8,
        quotas=True,
    ),
    _course(
        "ngay-hoi-kn",
        "Ngày hội khởi nghiệp cho học sinh trung học cơ sở",
        "workshop",
        ["startup"],
        "pkt",
        ["HS"],
        ["THCS"],
        D(2023, 12, 4),
        D(2023, 12, 20),
        [(D(2024, 1, 6), T(7, 30), T(11, 30), "Trưng bày, thuyết trình dự án khởi nghiệp của học sinh")],
        capacity=80,
        share=0.8,
        per_school=2,
        tasks=["I.1"],
        venue="Nhà Văn hóa Thiếu nhi Quận 12",
        fixed=(A,),
        hours=4,
    ),
    _course(
        "truong-xanh",
        "Tham quan mô hình trường học xanh và năng lượng tái tạo",
        "study_visit",
        ["renewable", "energy_saving"],
        "office",
        ["CBQL", "GV", "NV"],
        [],
        D(2023, 12, 11),
        D(2023, 12, 29),
        [(D(2024, 1, 13), T(7, 0), T(16, 0), "Tham quan điện mặt trời áp mái, vườn trường")],
        capacity=120,
        share=0.55,
        per_school=2,
        tasks=["II.1.2"],
        venue="Trường THCS Nguyễn An Ninh, Quận 10",
        fixed=(B,),
        hours=8,
    ),
    _course(
        "chuyen-doi-so",
        "Hội thảo chuyển đổi số trong quản lý trường học",
        "workshop",
        ["digital"],
        "city",
        ["CBQL", "GV"],
        [],
        D(2024, 1, 8),
        D(2024, 1, 20),
        [(D(2024, 1, 27), T(8, 0), T(11, 30), "Hồ sơ số, học bạ số, phần mềm quản lý trường học")],
        capacity=50,
        share=0.3,
        tasks=["II.1.2"],
        mode="online",
        venue="Trực tuyến (Zoom)",
        hours=4,
        quotas=True,
    ),
    _course(
        "stem-hs",
        "STEM cho học sinh: thực hành lắp ráp robot",
        "course",
        ["stem"],
        "office",
        ["HS"],
        ["TH", "THCS"],
        D(2024, 2, 19),
        D(2024, 3, 1),
        [
            (D(2024, 3, 9), T(7, 30), T(10, 30), "Làm quen bộ lắp ráp robot"),
            (D(2024, 3, 23), T(7, 30), T(10, 30), "Lập trình robot vượt chướng ngại vật"),
        ],
        capacity=90,
        share=0.5,
        per_school=2,
        tasks=["I.4"],
        venue="Phòng STEM Trường THCS Nguyễn Ảnh Thủ",
        fixed=(A, B),
        hours=6,
    ),
    _course(
        "dmst-gv-2024",
        "Bồi dưỡng đổi mới sáng tạo trong dạy học cho giáo viên tiểu học và THCS",
        "course",
        ["innovation", "stem"],
        "office",
        ["CBQL", "GV"],
        ["TH", "THCS"],
        D(2024, 3, 4),
        D(2024, 3, 27),
        [
            (D(2024, 4, 6), T(7, 30), T(11, 30), "Đổi mới sáng tạo trong tiết học"),
            (D(2024, 4, 13), T(7, 30), T(11, 30), "Chia sẻ sáng kiến, bài học minh họa"),
        ],
        capacity=60,
        share=0.3,
        tasks=["I.1", "II.1.1"],
        venue=HALL,
        quotas=True,
        hours=8,
        decide_all=False,
    ),
    _course(
        "khoi-nghiep-2024",
        "Khởi nghiệp sáng tạo cho học sinh và giáo viên",
        "course",
        ["startup"],
        "pkt",
        ["GV", "HS"],
        ["TH", "THCS"],
        D(2024, 3, 5),
        D(2024, 3, 29),
        [(D(2024, 4, 20), T(8, 0), T(11, 30), "Ý tưởng khởi nghiệp từ vấn đề của trường, của địa phương")],
        capacity=80,
        share=0.25,
        tasks=["I.1"],
        venue="Hội trường UBND Quận 12",
        hours=4,
        decide_all=False,
    ),
    _course(
        "nl-tai-tao",
        "Tập huấn năng lượng tái tạo cho nhân viên thiết bị, thư viện",
        "workshop",
        ["renewable"],
        "office",
        ["NV"],
        [],
        D(2024, 4, 15),
        D(2024, 4, 30),
        [(D(2024, 5, 11), T(8, 0), T(11, 0), "Điện mặt trời trong trường học")],
        capacity=70,
        tasks=["II.1.1"],
        venue=HALL,
        draft=True,
        hours=3,
    ),
    _course(
        "hoi-thao-sk",
        "Hội thảo chia sẻ sáng kiến ứng dụng công nghệ (hoãn)",
        "workshop",
        ["innovation"],
        "office",
        ["GV"],
        [],
        D(2024, 1, 15),
        D(2024, 1, 31),
        [(D(2024, 2, 24), T(8, 0), T(11, 30), "Chia sẻ sáng kiến")],
        capacity=60,
        share=0.15,
        tasks=["II.1.2"],
        venue=HALL,
        hours=4,
        cancel="Trùng lịch Hội thi giáo viên dạy giỏi cấp quận; Phòng sẽ tổ chức lại ở học kỳ sau.",
    ),
]


def load_training_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=data.OFFICE["code"], is_demo=True).first()
    if office is None:
        return []
    if Course.objects.filter(organiser__is_demo=True).exists():
        return [_("Bồi dưỡng: dữ liệu mẫu đã có, không nạp lại.")]
    with transaction.atomic():
        builder = _Builder(office=office, story_day=story_day)
        builder.run()
    return builder.summary()


class _Builder:
    def __init__(self, *, office: OrgUnit, story_day: datetime.date):
        self.rng = random.Random(2024)
        self.office = office
        self.story_day = story_day
        self.units = {u.code: u for u in OrgUnit.objects.filter(is_demo=True)}
        self.schools = [u for u in self.units.values() if u.kind in (UnitKind.SCHOOL, UnitKind.AFFILIATED)]
        self.schools.sort(key=lambda u: u.path)
        self.users = {u.username: u for u in User.objects.filter(is_demo=True)}
        self.principal = {
            ra.unit_id: ra.user
            for ra in RoleAssignment.objects.filter(
                role=Role.PRINCIPAL, unit__in=self.schools
            ).select_related("user")
        }
        self.tasks = {
            t.number: t for t in Task.objects.filter(plan__number=PLAN_NUMBER, plan__issuing_unit=office)
        }
        self.first_event = (StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.first_notification = (
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.stamps: list[
            tuple[int, int, datetime.datetime]
        ] = []  # (first event pk, first notice pk, moment)
        self.courses: list[Course] = []
        self.fixed_ids = {self.units[A].pk, self.units[B].pk}

    # ── Setting ─────────────────────────────────────────────────────────────────────────────────────

    def run(self):
        addresses = self._mute_mail()
        self._city()
        self._registries()
        self.actors = {
            "office": self.users["demo-specialist"],
            "pkt": self.users["demo-partner"],
            "city": self.city_user,
        }
        self.organisers = {"office": self.office, "pkt": self.units["PKT-Q12"], "city": self.city}
        for spec in COURSES:
            self._play(spec)
        self._backdate()
        self._indicators()
        User.objects.bulk_update(addresses, ["email"], batch_size=500)

    def _mute_mail(self) -> list[User]:
        """The story notifies people in the app; mail about 2023 sent while loading would only flood the
        worker's log (the plans demo gives addresses last for the same reason). Addresses come back after."""
        people = list(User.objects.filter(is_demo=True).exclude(email=""))
        User.objects.filter(pk__in=[u.pk for u in people]).update(email="")
        return people

    def _city(self):
        """The city's Department of Education organises courses for Quận 12's schools (audience: the office).
        It sits outside the district's tree, so its people never see the district's records."""
        self.city = OrgUnit(
            is_demo=True,
            province_code=data.PROVINCE_CODE,
            sort_order=90,
            email=f"sgddt@{data.EMAIL_DOMAIN}",
            **CITY,
        )
        self.city.full_clean()
        self.city.save()
        username, full_name = CITY_USER
        password = self.users["demo-leader"].password  # the same demo password as every other account
        self.city_user = User.objects.create(
            username=username,
            full_name=full_name,
            unit=self.city,
            is_demo=True,
            password=password,
            email=f"{username}@{data.EMAIL_DOMAIN}",
        )
        RoleAssignment.objects.create(user=self.city_user, role=Role.SPECIALIST, unit=self.city)
        self.users[username] = self.city_user

    def _name(self, female: bool) -> str:
        middle = data.FEMALE_MIDDLE if female else data.MALE_MIDDLE
        given = data.FEMALE_GIVEN if female else data.MALE_GIVEN
        return f"{self.rng.choice(data.FAMILY_NAMES)} {self.rng.choice(middle)} {self.rng.choice(given)}"

    def _registries(self):
        """Every school needs people to send: a minimal staff list (the head, three teachers, one employee,
        the accounts linked) and, at primary and lower secondary, three pupils, where the registry is empty."""
        with_staff = set(Staff.objects.filter(unit__in=self.schools).values_list("unit_id", flat=True))
        with_pupils = set(Student.objects.filter(unit__in=self.schools).values_list("unit_id", flat=True))
        linked = set(Staff.objects.filter(user__isnull=False).values_list("user_id", flat=True))
        coordinators = {
            ra.unit_id: ra.user
            for ra in RoleAssignment.objects.filter(
                role=Role.COORDINATOR, unit__in=self.schools
            ).select_related("user")
        }
        staff, pupils = [], []
        subjects = ["Toán", "Ngữ văn", "Khoa học tự nhiên", "Tin học", "Công nghệ", "Tiếng Anh"]
        for school in self.schools:
            if school.pk not in with_staff:
                head = self.principal.get(school.pk)
                coordinator = coordinators.get(school.pk)
                female = school.level == SchoolLevel.MN
                rows = [
                    (
                        head.full_name if head else school.head_name,
                        StaffGroup.CBQL,
                        "",
                        "Hiệu trưởng",
                        head if head and head.pk not in linked else None,
                    ),
                    (
                        coordinator.full_name if coordinator else self._name(True),
                        StaffGroup.GV,
                        self.rng.choice(subjects),
                        "Giáo viên, phụ trách KH, CN và ĐMST",
                        coordinator if coordinator and coordinator.pk not in linked else None,
                    ),
                    (
                        self._name(female or self.rng.random() < 0.6),
                        StaffGroup.GV,
                        self.rng.choice(subjects),
                        "Giáo viên",
                        None,
                    ),
                    (
                        self._name(female or self.rng.random() < 0.6),
                        StaffGroup.GV,
                        self.rng.choice(subjects),
                        "Giáo viên",
                        None,
                    ),
                    (
                        self._name(True),
                        StaffGroup.NV,
                        "",
                        self.rng.choice(["Nhân viên văn thư", "Nhân viên thư viện", "Nhân viên thiết bị"]),
                        None,
                    ),
                ]
                for name, group, subject, position, user in rows:
                    staff.append(
                        Staff(
                            unit=school,
                            full_name=name,
                            name_folded=fold(name),
                            group=group,
                            subject=subject,
                            position=position,
                            user=user,
                        )
                    )
            if school.pk not in with_pupils and school.level in (SchoolLevel.TH, SchoolLevel.THCS):
                grades = (4, 5) if school.level == SchoolLevel.TH else (7, 8, 9)
                for _i in range(3):
                    grade = self.rng.choice(grades)
                    name = self._name(self.rng.random() < 0.5)
                    pupils.append(
                        Student(
                            unit=school,
                            full_name=name,
                            name_folded=fold(name),
                            grade=grade,
                            class_name=f"{grade}A{self.rng.randint(1, 6)}",
                        )
                    )
        Staff.objects.bulk_create(staff)
        Student.objects.bulk_create(pupils)
        self.staff_by_school: dict[int, list[Staff]] = {}
        for person in Staff.objects.filter(unit__in=self.schools, left_on__isnull=True).order_by("pk"):
            self.staff_by_school.setdefault(person.unit_id, []).append(person)
        self.pupils_by_school: dict[int, list[Student]] = {}
        for pupil in Student.objects.filter(unit__in=self.schools).order_by("pk"):
            self.pupils_by_school.setdefault(pupil.unit_id, []).append(pupil)

    # ── Time ────────────────────────────────────────────────────────────────────────────────────────

    @contextlib.contextmanager
    def _on(self, day: datetime.date, hour: int = 8):
        """Run the services as of `day`: the demo clock says so, and the events written are moved there."""
        day = min(day, self.story_day)
        first_event = (StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first_notice = (Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        moment = timezone.make_aware(datetime.datetime.combine(day, T(hour, self.rng.randrange(0, 60, 5))))
        with override_settings(SANGTAO_TODAY=day):
            yield day
        self.stamps.append((first_event, first_notice, moment))

    def _backdate(self):
        """Every event and notice of the story at the moment of its step, a minute apart in order."""
        bounds = sorted(self.stamps)
        events = list(StatusEvent.objects.filter(pk__gte=self.first_event).order_by("pk"))
        notices = list(Notification.objects.filter(pk__gte=self.first_notification).order_by("pk"))
        for rows, index, attr in ((events, 0, "at"), (notices, 1, "created_at")):
            step, offset = 0, 0
            for row in rows:
                while step + 1 < len(bounds) and row.pk >= bounds[step + 1][index]:
                    step, offset = step + 1, 0
                setattr(row, attr, bounds[step][2] + datetime.timedelta(minutes=offset))
                offset += 1
        StatusEvent.objects.bulk_update(events, ["at"], batch_size=500)
        Notification.objects.bulk_update(notices, ["created_at"], batch_size=500)

    # ── A course, step by step ──────────────────────────────────────────────────────────────────────

    def _eligible(self, spec) -> list[OrgUnit]:
        return [s for s in self.schools if not spec["levels"] or s.level in spec["levels"]]

    def _people(self, spec, school) -> list:
        staff = [("staff", s) for s in self.staff_by_school.get(school.pk, []) if s.group in spec["groups"]]
        pupils = (
            [("student", p) for p in self.pupils_by_school.get(school.pk, [])]
            if "HS" in spec["groups"]
            else []
        )
        people = staff + pupils
        self.rng.shuffle(people)
        # Keep the demo teacher of school A in the courses that school A always joins.
        teacher = self.users["demo-teacher-a"].pk
        people.sort(key=lambda p: not (p[0] == "staff" and p[1].user_id == teacher))
        return people[: spec["per_school"]]

    def _play(self, spec):
        actor = self.actors[spec["organiser"]]
        organiser = self.organisers[spec["organiser"]]
        audience = self.office if spec["organiser"] == "city" else services.default_audience(organiser)
        last_day = spec["sessions"][-1][0]
        eligible = self._eligible(spec)
        fixed = [s for s in eligible if s.code in spec["fixed"]]
        others = [s for s in eligible if s.code not in spec["fixed"] and s.code not in (A, B)]
        taking_part = fixed + self.rng.sample(others, round(len(others) * spec["share"]))
        taking_part.sort(key=lambda u: u.path)

        with self._on(spec["opens"] - datetime.timedelta(days=DRAFT_LEAD)):
            course = services.course_create(
                actor=actor,
                organiser=organiser,
                audience=audience,
                title=spec["title"],
                kind=spec["kind"],
                topics=spec["topics"],
                mode=spec["mode"],
                venue=spec["venue"],
                credit_hours=spec["hours"],
                target_groups=spec["groups"],
                levels=spec["levels"],
                capacity=spec["capacity"],
                registration_opens=spec["opens"],
                registration_closes=spec["closes"],
                signer_name=SIGNERS[spec["organiser"]][0],
                signer_title=SIGNERS[spec["organiser"]][1],
                place="TP. Hồ Chí Minh" if spec["organiser"] == "city" else "Quận 12",
                tasks=[self.tasks[n] for n in spec["tasks"] if n in self.tasks],
            )
            for day, start, end, topic in spec["sessions"]:
                services.session_add(
                    actor=actor,
                    course=course,
                    date=day,
                    start_time=start,
                    end_time=end,
                    place="",
                    topic=topic,
                )
            if spec["quotas"]:
                quota_schools = taking_part + ([self.units[A]] if spec["key"] == "dmst-gv-2024" else [])
                places = max(1, min(3, spec["capacity"] // max(1, len(quota_schools))))
                for school in quota_schools:
                    services.quota_set(
                        actor=actor, course=course, school=school, places=3 if school.code == A else places
                    )
        self.courses.append(course)
        if spec["draft"] or spec["opens"] > self.story_day:
            return
        with self._on(spec["opens"]):
            services.course_open(actor=actor, course=course)

        # Schools send their people over the first days of the window; school A keeps the open course of
        # the office for the person trying the demo.
        nominations = []
        for school in taking_part:
            if spec["key"] == "dmst-gv-2024" and school.code == A:
                continue
            day = spec["opens"] + datetime.timedelta(
                days=self.rng.randint(0, max(0, (spec["closes"] - spec["opens"]).days - 2))
            )
            if day > self.story_day:
                continue
            head = self.principal.get(school.pk)
            if head is None:
                continue
            with self._on(day, hour=9):
                for kind, person in self._people(spec, school):
                    nominations.append(
                        services.nominate(
                            actor=head,
                            course=course,
                            school=school,
                            staff=person if kind == "staff" else None,
                            student=person if kind == "student" else None,
                        )
                    )
        if spec["cancel"]:
            with self._on(spec["closes"] + datetime.timedelta(days=3)):
                services.course_cancel(actor=actor, course=course, reason=spec["cancel"])
            return
        decide_day = min(spec["closes"] + datetime.timedelta(days=1), self.story_day)
        approved = []
        with self._on(decide_day, hour=14):
            for i, nomination in enumerate(nominations):
                if not spec["decide_all"] and i % 3 == 0:
                    continue  # still waiting for the organiser on the story's day
                if self.rng.random() < 0.06 and nomination.school_id not in self.fixed_ids:
                    services.nomination_decline(
                        actor=actor, nomination=nomination, reason=self.rng.choice(DECLINE_REASONS)
                    )
                else:
                    approved.append(services.nomination_approve(actor=actor, nomination=nomination))
        if spec["closes"] < self.story_day:
            with self._on(spec["closes"] + datetime.timedelta(days=1), hour=17):
                services.course_close(actor=actor, course=course)
        for session in course.sessions.all():
            if session.date > self.story_day:
                break
            present = [n.pk for n in approved if n.school_id in self.fixed_ids or self.rng.random() < 0.9]
            with self._on(session.date, hour=session.start_time.hour):
                services.attendance_mark(actor=actor, session=session, present_ids=present)
        if last_day < self.story_day:
            with self._on(last_day + datetime.timedelta(days=1), hour=10):
                services.completions_compute(actor=actor, course=course)
            with self._on(last_day + datetime.timedelta(days=4), hour=15):
                services.certificate_issue(actor=actor, course=course)

    # ── The plan ────────────────────────────────────────────────────────────────────────────────────

    def _indicators(self):
        """CT02 and CT03 of the plan were typed by schools until this module could compute them."""
        indicators = list(
            Indicator.objects.filter(
                plan__number=PLAN_NUMBER, plan__issuing_unit=self.office, code__in=INDICATOR_SOURCES
            )
        )
        for indicator in indicators:
            indicator.source = IndicatorSource.COMPUTED
            indicator.source_key = INDICATOR_SOURCES[indicator.code]
            indicator.full_clean()
        Indicator.objects.bulk_update(indicators, ["source", "source_key"])
        IndicatorValue.objects.filter(indicator__in=indicators).delete()
        self.switched = sorted(i.code for i in indicators)

    def summary(self) -> list[str]:
        courses = Course.objects.filter(organiser__is_demo=True)
        statuses = dict(courses.values_list("status").annotate(n=Count("id")))
        nominations = Nomination.objects.filter(course__in=courses)
        by_status = dict(nominations.values_list("status").annotate(n=Count("id")))
        lines = [
            _("Bồi dưỡng: %(n)d khóa (%(s)s)")
            % {
                "n": courses.count(),
                "s": ", ".join(f"{CourseStatus(k).label} {v}" for k, v in sorted(statuses.items())),
            },
            _("Người được cử: %(n)d (%(s)s); lượt có mặt: %(a)d; giấy chứng nhận: %(c)d")
            % {
                "n": nominations.count(),
                "s": ", ".join(f"{NominationStatus(k).label} {v}" for k, v in sorted(by_status.items())),
                "a": Attendance.objects.filter(session__course__in=courses, present=True).count(),
                "c": Certificate.objects.filter(nomination__course__in=courses).count(),
            },
        ]
        if self.switched:
            lines.append(
                _("Chỉ tiêu %(c)s của kế hoạch 454/KH-GDĐT chuyển sang tính tự động từ dữ liệu bồi dưỡng")
                % {"c": ", ".join(self.switched)}
            )
        return lines
