"""Demo records of the clubs app, on top of the demo plan (called by sangtao/demo's load_demo).

About 40% of the 70 demo schools have a club, founded in September or October 2023, with members
from the school's registries (a few staff and student rows are made up where a school has none) and
an activity log from then until the story's day. Most clubs meet every month and so are active by
the office's rule; the others show each way of falling short: a month without an activity, too few
members, members who left, a club paused by its school. School A (THCS-NAT) has no club, so that the
browser story can register one; school B's club missed a month.

Then the plan's club indicator (CT01 of 454/KH-GDĐT) switches from values typed by schools to the
source "clubs.active_schools", and the typed values are deleted. Rows are made with bulk_create, so
that loading takes well under a second and leaves no entries in the audit trail.
"""

import datetime
import random
import struct
import zlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import Staff, StaffGroup, Student, User
from sangtao.core.models import StatusEvent
from sangtao.core.text import fold
from sangtao.orgs import demo_data as data
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue

from .models import (
    ActivityKind,
    ActivityRule,
    Club,
    ClubActivity,
    ClubActivityFile,
    ClubMember,
    ClubStatus,
    ClubType,
    MemberRole,
)
from .selectors import active_school_values

PLAN_NUMBER = "454/KH-GDĐT"
INDICATOR_CODE = "CT01"
SHARE_WITH_CLUBS = 0.4
FIRST_DAY = datetime.date(2023, 9, 1)

# The ways a club turns out by the story's day (fate, weight).
FATES = [("active", 64), ("missing_month", 14), ("few_members", 8), ("members_left", 7), ("paused", 7)]

TYPES_BY_LEVEL = {
    "MN": [ClubType.STEM, ClubType.OTHER],
    "TH": [ClubType.STEM, ClubType.ROBOTICS, ClubType.INNOVATION],
    "THCS": [ClubType.INNOVATION, ClubType.STEM, ClubType.ROBOTICS, ClubType.STARTUP, ClubType.INITIATIVE],
    "DVTN": [ClubType.INNOVATION, ClubType.OTHER],
}
NAMES = {
    ClubType.INNOVATION: "Câu lạc bộ Đổi mới sáng tạo",
    ClubType.STEM: "Câu lạc bộ STEM",
    ClubType.ROBOTICS: "Câu lạc bộ Robotics",
    ClubType.STARTUP: "Câu lạc bộ Khởi nghiệp",
    ClubType.INITIATIVE: "Câu lạc bộ Sáng kiến – Sáng tạo",
    ClubType.OTHER: "Câu lạc bộ Em yêu khoa học",
}
SCHEDULES = [
    "Chiều thứ Năm tuần 2 và tuần 4, phòng STEM",
    "Sáng thứ Bảy hằng tuần, phòng thực hành",
    "Tiết sinh hoạt câu lạc bộ chiều thứ Ba",
    "Chiều thứ Sáu cách tuần, thư viện",
]
TITLES = {
    ActivityKind.MEETING: [
        "Sinh hoạt định kỳ: lên ý tưởng sản phẩm",
        "Sinh hoạt chuyên đề: tư duy thiết kế",
        "Sinh hoạt: chia nhóm và phân công dự án",
        "Sinh hoạt: báo cáo tiến độ các nhóm",
    ],
    ActivityKind.PROJECT: [
        "Dự án: thùng rác phân loại thông minh",
        "Dự án: hệ thống tưới cây tự động",
        "Dự án: mô hình nhà tiết kiệm năng lượng",
        "Dự án: robot dò đường",
    ],
    ActivityKind.VISIT: [
        "Tham quan Khu Công nghệ cao Thành phố",
        "Tham quan Nhà Văn hóa Thanh niên",
        "Tham quan xưởng sản xuất của doanh nghiệp khởi nghiệp",
    ],
    ActivityKind.EXHIBITION: [
        "Trưng bày sản phẩm sáng tạo tại sân trường",
        "Triển lãm sản phẩm STEM cấp trường",
    ],
    ActivityKind.COMPETITION: [
        "Thi sáng tạo thanh thiếu niên nhi đồng cấp trường",
        "Thi robot cấp trường",
        "Thi ý tưởng khởi nghiệp",
    ],
}
KINDS = [
    (ActivityKind.MEETING, 60),
    (ActivityKind.PROJECT, 16),
    (ActivityKind.VISIT, 7),
    (ActivityKind.EXHIBITION, 8),
    (ActivityKind.COMPETITION, 9),
]
PAUSE_REASONS = [
    "Giáo viên phụ trách nghỉ chế độ thai sản, tạm dừng đến khi có người thay.",
    "Phòng thực hành đang sửa chữa, tạm dừng sinh hoạt.",
]
GRADES = {"TH": (3, 5), "THCS": (6, 9)}


def load_clubs_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=data.OFFICE["code"], is_demo=True).first()
    if office is None or Club.objects.filter(unit__is_demo=True).exists():
        return []
    with transaction.atomic():
        builder = _Builder(office=office, story_day=story_day)
        builder.run()
        return builder.summary()


class _Builder:
    def __init__(self, *, office: OrgUnit, story_day: datetime.date):
        self.rng = random.Random(4542)
        self.office = office
        self.story_day = story_day
        self.schools = list(office.children.filter(kind__in=IMPLEMENTING_KINDS).order_by("sort_order", "pk"))
        self.staff: dict[int, list[Staff]] = {}
        self.students: dict[int, list[Student]] = {}
        self.coordinators = dict(
            User.objects.filter(
                is_demo=True,
                role_assignments__role="coordinator",
                role_assignments__unit__in=self.schools,
            ).values_list("role_assignments__unit", "pk")
        )
        self.photos = 0

    # ── The plan ────────────────────────────────────────────────────────────────────────────────────

    def run(self):
        leader = User.objects.filter(username="demo-leader").first()
        ActivityRule.objects.create(unit=self.office, updated_by=leader)
        by_code = {s.code: s for s in self.schools}
        school_b = by_code.get(data.SCHOOL_B)
        others = [s for s in self.schools if s.code not in (data.SCHOOL_A, data.SCHOOL_B)]
        chosen = self.rng.sample(others, round(len(self.schools) * SHARE_WITH_CLUBS) - 1)
        chosen.sort(key=lambda s: s.sort_order)
        plans = []  # (school, fate, club type)
        if school_b is not None:
            plans.append((school_b, "missing_month", ClubType.STEM))
        for school in chosen:
            types = list(TYPES_BY_LEVEL.get(school.level, [ClubType.INNOVATION]))
            self.rng.shuffle(types)
            plans.append((school, self._fate(), types[0]))
            if self.rng.random() < 0.2 and len(types) > 1:
                plans.append((school, self._fate(), types[1]))
        self._registries({school.pk for school, _f, _t in plans})
        self._clubs(plans)
        self._switch_indicator()

    def _fate(self) -> str:
        fates, weights = zip(*FATES, strict=True)
        return self.rng.choices(fates, weights=weights)[0]

    # ── People ──────────────────────────────────────────────────────────────────────────────────────

    def _name(self) -> str:
        female = self.rng.random() < 0.55
        middle = data.FEMALE_MIDDLE if female else data.MALE_MIDDLE
        given = data.FEMALE_GIVEN if female else data.MALE_GIVEN
        return f"{self.rng.choice(data.FAMILY_NAMES)} {self.rng.choice(middle)} {self.rng.choice(given)}"

    def _registries(self, unit_ids: set[int]):
        """Staff and students of the schools with a club; a few made up where a school has none."""
        for s in Staff.objects.filter(unit_id__in=unit_ids, left_on__isnull=True).order_by("pk"):
            self.staff.setdefault(s.unit_id, []).append(s)
        for s in Student.objects.filter(unit_id__in=unit_ids).order_by("pk"):
            self.students.setdefault(s.unit_id, []).append(s)
        new_staff, new_students = [], []
        for school in self.schools:
            if school.pk not in unit_ids:
                continue
            need_staff = 8 if school.level in ("MN", "DVTN") else 3
            for _i in range(max(0, need_staff - len(self.staff.get(school.pk, [])))):
                name = self._name()
                new_staff.append(
                    Staff(
                        unit=school,
                        full_name=name,
                        name_folded=fold(name),
                        group=StaffGroup.GV,
                        position="Giáo viên",
                    )
                )
            if school.level in GRADES and len(self.students.get(school.pk, [])) < 14:
                low, high = GRADES[school.level]
                for _i in range(14 - len(self.students.get(school.pk, []))):
                    grade = self.rng.randint(low, high)
                    name = self._name()
                    new_students.append(
                        Student(
                            unit=school,
                            full_name=name,
                            name_folded=fold(name),
                            grade=grade,
                            class_name=f"{grade}A{self.rng.randint(1, 6)}",
                        )
                    )
        for s in Staff.objects.bulk_create(new_staff):
            self.staff.setdefault(s.unit_id, []).append(s)
        for s in Student.objects.bulk_create(new_students):
            self.students.setdefault(s.unit_id, []).append(s)
        self.new_people = len(new_staff) + len(new_students)

    # ── Clubs and their year ────────────────────────────────────────────────────────────────────────

    def _day(self, year: int, month: int, low: int = 1) -> datetime.date:
        last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        if (year, month) == (self.story_day.year, self.story_day.month):
            last = self.story_day.day
        return datetime.date(year, month, self.rng.randint(min(low, last), last))

    def _months(self, start: datetime.date) -> list[tuple[int, int]]:
        months, (y, m) = [], (start.year, start.month)
        while (y, m) <= (self.story_day.year, self.story_day.month):
            if m not in (6, 7, 8):
                months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return months

    def _clubs(self, plans):
        if self.story_day < FIRST_DAY:
            return
        clubs, members, activities, named, files, events = [], [], [], [], [], []
        staff_used: dict[int, int] = {}
        for school, fate, club_type in plans:
            founded = self._day(2023, self.rng.choice([9, 9, 10]), low=8)
            founded = min(founded, self.story_day)
            status = ClubStatus.PAUSED if fate == "paused" else ClubStatus.ACTIVE
            name = NAMES[club_type]
            club = Club(
                unit=school,
                name=name,
                name_folded=fold(name),
                club_type=club_type,
                decision_number=f"{self.rng.randint(12, 95)}/QĐ-{school.code}",
                decision_date=founded,
                meeting_schedule=self.rng.choice(SCHEDULES),
                description=_("Câu lạc bộ của trường theo Kế hoạch 454/KH-GDĐT, nhiệm vụ I.1."),
                status=status,
                status_reason=self.rng.choice(PAUSE_REASONS) if status == ClubStatus.PAUSED else "",
                created_by_id=self.coordinators.get(school.pk),
            )
            clubs.append((club, fate, founded))
        Club.objects.bulk_create([c for c, _f, _d in clubs])
        advisers = []
        for club, fate, founded in clubs:
            school_staff = self.staff.get(club.unit_id, [])
            start = staff_used.get(club.unit_id, 0)
            picked = school_staff[start : start + self.rng.randint(1, 2)] or school_staff[:1]
            staff_used[club.unit_id] = start + len(picked)
            advisers += [Club.advisers.through(club_id=club.pk, staff_id=s.pk) for s in picked]
            club_members = self._members(club, fate, founded)
            members += club_members
            events.append(self._event(club, "register", "", ClubStatus.ACTIVE, founded, ""))
        Club.advisers.through.objects.bulk_create(advisers)
        ClubMember.objects.bulk_create(members)
        by_club: dict[int, list[ClubMember]] = {}
        for m in members:
            by_club.setdefault(m.club_id, []).append(m)
        for club, fate, founded in clubs:
            activities += self._activities(club, fate, founded, by_club.get(club.pk, []), named, files)
            if club.status == ClubStatus.PAUSED:
                paused_on = (
                    self._day(2024, 1, low=15) if self.story_day >= datetime.date(2024, 2, 1) else founded
                )
                events.append(
                    self._event(
                        club, "status", ClubStatus.ACTIVE, ClubStatus.PAUSED, paused_on, club.status_reason
                    )
                )
        ClubActivity.objects.bulk_create(activities)
        for activity in activities:
            moment = timezone.make_aware(datetime.datetime.combine(activity.date, datetime.time(16, 30)))
            activity.created_at = activity.updated_at = moment
        ClubActivity.objects.bulk_update(activities, ["created_at", "updated_at"], batch_size=500)
        ClubActivity.members.through.objects.bulk_create(
            ClubActivity.members.through(clubactivity_id=a.pk, clubmember_id=m.pk) for a, m in named
        )
        ClubActivityFile.objects.bulk_create(
            ClubActivityFile(activity_id=a.pk, file=path, caption=a.title, is_image=True) for a, path in files
        )
        created = StatusEvent.objects.bulk_create(e for e, _at in events)
        for event, (_e, at) in zip(created, events, strict=True):
            event.at = at
        StatusEvent.objects.bulk_update(created, ["at"], batch_size=500)
        self.clubs = [c for c, _f, _d in clubs]
        self.activities = len(activities)
        self.members = len(members)

    def _members(self, club: Club, fate: str, founded: datetime.date) -> list[ClubMember]:
        staff_members = club.unit.level in ("MN", "DVTN")
        pool = list(
            self.staff.get(club.unit_id, []) if staff_members else self.students.get(club.unit_id, [])
        )
        self.rng.shuffle(pool)
        size = {"few_members": self.rng.randint(3, 4), "members_left": 6}.get(fate, self.rng.randint(5, 9))
        rows = []
        for i, person in enumerate(pool[:size]):
            role = MemberRole.HEAD if i == 0 else (MemberRole.DEPUTY if i == 1 else MemberRole.MEMBER)
            left = None
            if fate == "members_left" and i >= 3 and self.story_day >= datetime.date(2024, 1, 31):
                left = self._day(2024, 1, low=10)
            rows.append(
                ClubMember(
                    club=club,
                    staff=person if staff_members else None,
                    student=None if staff_members else person,
                    role=role,
                    joined_on=founded,
                    left_on=left,
                )
            )
        return rows

    def _activities(self, club, fate, founded, members, named, files) -> list[ClubActivity]:
        months = self._months(founded)
        recent = months[-2:]
        skipped = set()
        if fate == "missing_month" and recent:
            # School B misses the current month; the others one of the two months the rule looks at.
            skipped.add(recent[-1] if club.unit.code == data.SCHOOL_B else self.rng.choice(recent))
        if fate == "paused":
            skipped.update(m for m in months if m >= (2024, 2))
        rows = []
        kinds, weights = zip(*KINDS, strict=True)
        for y, m in months:
            if (y, m) in skipped or ((y, m) not in recent and self.rng.random() < 0.1):
                continue
            for _i in range(self.rng.choice([1, 1, 2])):
                low = founded.day if (y, m) == (founded.year, founded.month) else 1
                day = self._day(y, m, low=low)
                kind = self.rng.choices(kinds, weights=weights)[0]
                present = [mb for mb in members if mb.left_on is None or mb.left_on > day]
                activity = ClubActivity(
                    club=club,
                    date=day,
                    kind=kind,
                    title=self.rng.choice(TITLES[kind]),
                    participants=len(present) + self.rng.randint(0, 12),
                    description=_("Ghi nhận của giáo viên phụ trách."),
                    created_by_id=club.created_by_id,
                )
                rows.append(activity)
                if present and self.rng.random() < 0.5:
                    named += [(activity, mb) for mb in self.rng.sample(present, min(len(present), 4))]
                if self.rng.random() < 0.35:
                    path = default_storage.save(
                        f"clubs/activities/{y}/{m:02d}/hoat-dong-{club.unit.code.lower()}-{day:%d}.png",
                        ContentFile(_png(self.rng)),
                    )
                    files.append((activity, path))
                    self.photos += 1
        return rows

    def _event(self, club, action, from_status, to_status, day, reason):
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
        event = StatusEvent(
            content_type=self.club_ct,
            object_id=club.pk,
            actor_id=club.created_by_id,
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        )
        return event, at

    @property
    def club_ct(self):
        return ContentType.objects.get_for_model(Club)

    # ── The indicator ───────────────────────────────────────────────────────────────────────────────

    def _switch_indicator(self):
        indicators = Indicator.objects.filter(
            plan__number=PLAN_NUMBER, plan__issuing_unit=self.office, code=INDICATOR_CODE
        )
        self.switched = indicators.update(source=IndicatorSource.COMPUTED, source_key="clubs.active_schools")
        IndicatorValue.objects.filter(indicator__in=indicators).delete()

    def summary(self) -> list[str]:
        values = active_school_values([s.pk for s in self.schools], self.story_day)
        active = sum(values.values())
        with_clubs = len({c.unit_id for c in getattr(self, "clubs", [])})
        share = f"{active * 100 / len(self.schools):.1f}".replace(".", ",") if self.schools else "0"
        lines = [
            _(
                "Câu lạc bộ: %(c)d câu lạc bộ ở %(s)d/%(n)d trường; %(m)d thành viên; %(a)d hoạt động (%(p)d ảnh)"
            )
            % {
                "c": len(getattr(self, "clubs", [])),
                "s": with_clubs,
                "n": len(self.schools),
                "m": getattr(self, "members", 0),
                "a": getattr(self, "activities", 0),
                "p": self.photos,
            },
            _("Trường có câu lạc bộ hoạt động theo quy tắc: %(a)d/%(n)d (%(p)s%%)")
            % {"a": active, "n": len(self.schools), "p": share},
        ]
        if self.switched:
            lines.append(
                _("Chỉ tiêu %(code)s nay được tính tự động từ câu lạc bộ (nguồn clubs.active_schools)")
                % {"code": INDICATOR_CODE}
            )
        return lines


def _png(rng: random.Random, width: int = 120, height: int = 80) -> bytes:
    """A small picture of a few coloured blocks, standing in for a photograph."""
    colours = [bytes(rng.randint(40, 220) for _ in range(3)) for _ in range(3)]
    background, step = b"\xee\xf2\xf6", width // len(colours)
    tops = [rng.randint(10, height - 20) for _ in colours]
    rows = b"".join(
        b"\x00"
        + b"".join(
            (colour if y >= top else background) * step for colour, top in zip(colours, tops, strict=True)
        )
        for y in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
