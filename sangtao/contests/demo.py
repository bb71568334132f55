"""Demo records of the contests app, on top of the demo plan (called by sangtao/demo's load_demo).

"Hội thi Sáng tạo thanh thiếu niên nhi đồng Quận 12 năm học 2023-2024", run by Bộ phận Đoàn – Đội with
Quận đoàn, as it stood on 15/03/2024: the school round was judged in January (40 entries from many
schools, 8 judges, two judges per entry), its results published and its winners sent on; the district
round is being judged (three judges per entry, normalised per judge), some scoresheets still open.

Everything goes through the services, as the people concerned (the office's Đoàn – Đội specialist, each
school's principal and coordinator, each judge), so that statuses and events are what clicking would have
made; the events are then moved to the days on which the story has them. Registration is opened around the
real date while the schools register (the services check the window against today), then set back to
November–December 2023.
"""

import datetime
import random

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import Notification, Role, RoleAssignment, Staff, StaffGroup, Student, User
from sangtao.core.models import StatusEvent
from sangtao.core.text import fold
from sangtao.orgs import demo_data as data
from sangtao.orgs.models import OrgUnit, SchoolYear
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue, Measure, Plan

from . import judging, selectors, services
from .models import (
    Aggregation,
    Award,
    AwardCertificate,
    AwardKind,
    Contest,
    Entry,
    EntryStatus,
    JudgeAssignment,
    Round,
    Score,
)

NAME = "Hội thi Sáng tạo thanh thiếu niên nhi đồng Quận 12 năm học 2023-2024"
D = datetime.date

CATEGORIES = {
    "Khoa học tự nhiên": [
        "Nghiên cứu khả năng hấp phụ dầu của vỏ bưởi",
        "Chế phẩm sinh học từ vỏ chuối dùng tưới rau",
        "Đo độ pH nước mưa tại phường Tân Chánh Hiệp",
        "Giấy chỉ thị màu từ bắp cải tím",
        "Màng bọc thực phẩm từ tinh bột sắn",
        "Nhang muỗi thảo mộc từ vỏ cam và sả",
        "Phân bón hữu cơ từ bã cà phê",
        "Nước rửa tay khô từ lá trầu không",
        "Nấm rơm trồng trên bã mía",
        "Kính hiển vi giấy cho lớp học",
    ],
    "Kỹ thuật – Công nghệ": [
        "Thùng rác tự mở nắp dùng cảm biến siêu âm",
        "Cánh tay robot gắp vật từ bìa cứng và xi-lanh",
        "Gậy dò đường cho người khiếm thị",
        "Hệ thống tưới cây tự động theo độ ẩm đất",
        "Xe tự hành dò line chở sách thư viện",
        "Máy lọc nước mini bằng than hoạt tính",
        "Đèn học tự điều chỉnh độ sáng",
        "Mô hình nhà chống lũ nổi",
        "Máy bóc vỏ đậu phộng quay tay",
        "Cổng trường đo thân nhiệt tự động",
    ],
    "Tin học – Phần mềm": [
        "Ứng dụng nhắc lịch uống thuốc cho ông bà",
        "Trò chơi học bảng cửu chương trên Scratch",
        "Website đổi sách cũ trong trường",
        "Phần mềm điểm danh bằng mã QR",
        "Chatbot hỏi đáp an toàn giao thông",
        "Bản đồ số các điểm thu gom pin cũ",
        "Ứng dụng học từ vựng tiếng Anh bằng hình ảnh",
        "Trò chơi phân loại rác trên máy tính bảng",
        "Hệ thống đặt suất ăn bán trú",
        "Trang web luyện gõ phím tiếng Việt",
    ],
    "Môi trường – Năng lượng": [
        "Đèn năng lượng mặt trời từ chai nhựa",
        "Máy phát điện gió mini cho sân thượng",
        "Bếp đun nước năng lượng mặt trời",
        "Gạch không nung từ rác nhựa",
        "Hộp giữ nhiệt tiết kiệm gas",
        "Hệ thống thu nước mưa tưới vườn trường",
        "Túi sinh học từ lá chuối",
        "Ống hút bằng cỏ bàng",
        "Mô hình nhà kính tiết kiệm điện",
        "Bình lọc khí từ cây xanh trong lớp học",
    ],
}
# Schools and how many entries each registers (40 active entries; school A also withdraws a 41st).
ENTRIES_BY_SCHOOL = {
    data.SCHOOL_A: 3,
    data.SCHOOL_B: 2,
    "THCS-PBC": 2,
    "THCS-TQK": 2,
    "THCS-NTT": 2,
    "THCS-NCT": 2,
    "THCS-LTV": 2,
    "THCS-APD": 2,
    "THCS-HHT": 2,
    "THCS-NH": 1,
    "THCS-NVN": 1,
    "THCS-THD": 2,
    "THCS-NHUE": 1,
    "TH-ND": 2,
    "TH-VTS": 2,
    "TH-TQC": 2,
    "TH-HVT": 1,
    "TH-KD": 2,
    "TH-NTMK": 1,
    "TH-TK": 1,
    "TH-HHG": 1,
    "TH-LVV": 1,
    "TH-PVC": 1,
    "TH-QT": 1,
    "TH-NTR": 1,
}
# (username, full name, unit code, expertise by category index, bias: how harsh (-) or lenient (+))
JUDGES = [
    ("gk-quandoan", "Nguyễn Thanh Tùng", "QD-Q12", [1, 3], 6),
    ("gk-bpdd", "Phan Thị Hồng Vân", "BP-DD", [], 0),
    ("demo-judge", "Trương Thị Mỹ Linh", data.SCHOOL_A, [0], -5),
    ("gk-thcs-pbc", "Lê Hoàng Phúc", "THCS-PBC", [1], 2),
    ("gk-thcs-lttrong", "Đoàn Minh Trí", "THCS-LTT", [2], -2),
    ("gk-th-ttruong", "Vũ Thị Thu Trang", "TH-TD", [0, 3], 4),
    ("gk-th-pctrinh", "Hà Quốc Khánh", "TH-PCT", [2], -8),
    ("gk-thcs-tloc", "Cao Ngọc Ánh", "THCS-TLOC", [3], 1),
]
QUOTAS_1 = {AwardKind.NHAT: 1, AwardKind.NHI: 1, AwardKind.BA: 2, AwardKind.KHUYEN_KHICH: 2}
QUOTAS_2 = {AwardKind.NHAT: 1, AwardKind.NHI: 1, AwardKind.BA: 1, AwardKind.KHUYEN_KHICH: 1}


def load_contests_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=data.OFFICE["code"], is_demo=True).first()
    if office is None or Contest.objects.filter(organiser=office, name=NAME).exists():
        return []
    with transaction.atomic(), disable_auditlog():
        story = _Story(office=office, story_day=story_day)
        story.run()
    return story.summary()


class _Story:
    def __init__(self, *, office: OrgUnit, story_day: datetime.date):
        self.rng = random.Random(1224)
        self.office = office
        self.story_day = story_day
        self.units = {u.code: u for u in OrgUnit.objects.filter(is_demo=True)}
        self.organiser = User.objects.get(username="cv-bp-dd")
        self.principal = {
            ra.unit_id: ra.user
            for ra in RoleAssignment.objects.filter(role=Role.PRINCIPAL, unit__is_demo=True).select_related(
                "user"
            )
        }
        self.coordinator = {
            ra.unit_id: ra.user
            for ra in RoleAssignment.objects.filter(role=Role.COORDINATOR, unit__is_demo=True).select_related(
                "user"
            )
        }
        self.password = User.objects.get(username="demo-leader").password

    # ── Time ────────────────────────────────────────────────────────────────────────────────────────

    def _moment(self, first: D, last: D) -> datetime.datetime:
        last = min(last, self.story_day)
        first = min(first, last)
        day = first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))
        return timezone.make_aware(
            datetime.datetime.combine(
                day, datetime.time(self.rng.randint(7, 20), self.rng.randrange(0, 60, 5))
            )
        )

    def _mark(self) -> tuple[int, int]:
        return (
            StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        )

    def _backdate(self, mark: tuple[int, int], first: D, last: D):
        """Move the events and notices written since `mark` to days between `first` and `last`, in order."""
        events = list(StatusEvent.objects.filter(pk__gt=mark[0]).order_by("pk"))
        moments = sorted(self._moment(first, last) for _ in events)
        for event, moment in zip(events, moments, strict=True):
            event.at = moment
        StatusEvent.objects.bulk_update(events, ["at"], batch_size=500)
        notices = list(Notification.objects.filter(pk__gt=mark[1]))
        for notice in notices:
            notice.created_at = moments[-1] if moments else self._moment(first, last)
        Notification.objects.bulk_update(notices, ["created_at"], batch_size=500)

    # ── The story ───────────────────────────────────────────────────────────────────────────────────

    def run(self):
        mark = self._mark()
        self.contest = self._contest()
        self._backdate(mark, D(2023, 10, 16), D(2023, 10, 25))
        self.judges = self._judge_accounts()

        mark = self._mark()
        self.entries = self._register()
        self._consents()
        self._backdate(mark, D(2023, 11, 6), D(2023, 12, 15))
        Entry.objects.filter(round=self.round1).update(submitted_at=None)
        for entry in Entry.objects.filter(round=self.round1, status=EntryStatus.SUBMITTED):
            Entry.objects.filter(pk=entry.pk).update(
                submitted_at=self._moment(D(2023, 11, 6), D(2023, 12, 15))
            )
        # The window as the story has it, now that the schools are in.
        Contest.objects.filter(pk=self.contest.pk).update(
            registration_opens=D(2023, 11, 1), registration_closes=D(2023, 12, 15)
        )
        self.contest.refresh_from_db()

        mark = self._mark()
        self._judge_round(self.round1, k_share=1.0)
        self._backdate(mark, D(2024, 1, 5), D(2024, 1, 20))
        self._stamp_scores(self.round1, D(2024, 1, 8), D(2024, 1, 20))

        mark = self._mark()
        judging.round_close_scoring(actor=self.organiser, round=self.round1)
        self._settle_tie()
        judging.round_publish(actor=self.organiser, round=self.round1)
        for award in Award.objects.filter(entry__round=self.round1).select_related("entry__round"):
            judging.certificate_issue(actor=self.organiser, award=award)
        self.advanced = judging.round_advance(
            actor=self.organiser, round=self.round1, awards=[AwardKind.NHAT, AwardKind.NHI, AwardKind.BA]
        )
        self._backdate(mark, D(2024, 1, 22), D(2024, 1, 29))
        published = timezone.make_aware(datetime.datetime(2024, 1, 26, 9, 0))
        Round.objects.filter(pk=self.round1.pk).update(published_at=published)
        AwardCertificate.objects.filter(award__entry__round=self.round1).update(issued_at=published)
        Entry.objects.filter(round=self.round2).update(submitted_at=published + datetime.timedelta(days=3))

        mark = self._mark()
        self._judge_round(self.round2, k_share=0.6)
        self._backdate(mark, D(2024, 3, 1), D(2024, 3, 14))
        self._stamp_scores(self.round2, D(2024, 3, 4), D(2024, 3, 14))
        self._indicator()

    def _contest(self) -> Contest:
        today = timezone.localdate()
        year = SchoolYear.objects.get(name="2023-2024")
        plan = Plan.objects.get(number=data.PLAN["number"], issuing_unit=self.office)
        contest = services.contest_create(
            actor=self.organiser,
            organiser=self.office,
            organiser_team=self.units["BP-DD"],
            name=NAME,
            school_year=year,
            partners=[self.units["QD-Q12"]],
            tasks=list(plan.tasks.filter(number__in=["I.1", "III.1.4"])),
            description=(
                "Phát huy tinh thần sáng tạo, nghiên cứu khoa học của học sinh tiểu học và trung học cơ sở; "
                "tuyển chọn sản phẩm tham dự Hội thi cấp Thành phố. Mỗi trường gửi tối đa 3 sản phẩm; mỗi sản "
                "phẩm của 1 đến 3 học sinh, có giáo viên hướng dẫn."
            ),
            eligible_levels=["TH", "THCS"],
            min_grade=3,
            max_grade=9,
            max_team_size=3,
            entry_limit_per_school=3,
            # Open around the real date while the schools register; set to the story's window afterwards.
            registration_opens=D(2023, 11, 1),
            registration_closes=max(today, self.story_day) + datetime.timedelta(1),
            categories=list(CATEGORIES),
        )
        self.round1 = services.round_create(
            actor=self.organiser,
            contest=contest,
            name="Vòng sơ khảo (cấp trường)",
            level="school",
            judges_per_entry=2,
            aggregation=Aggregation.MEAN,
            judging_starts=D(2024, 1, 8),
            judging_ends=D(2024, 1, 20),
        )
        self.round2 = services.round_create(
            actor=self.organiser,
            contest=contest,
            name="Vòng chung khảo (cấp Quận)",
            level="office",
            judges_per_entry=3,
            aggregation=Aggregation.ZSCORE,
            judging_starts=D(2024, 3, 4),
            judging_ends=D(2024, 3, 22),
            feeds_next=False,
        )
        services.quotas_set(actor=self.organiser, round=self.round1, counts=QUOTAS_1)
        services.quotas_set(actor=self.organiser, round=self.round2, counts=QUOTAS_2)
        services.contest_open(actor=self.organiser, contest=contest)
        return contest

    def _judge_accounts(self) -> list[tuple[User, OrgUnit, list[int], int]]:
        users = []
        for username, full_name, code, _expertise, _bias in JUDGES:
            unit = self.units[code]
            users.append(
                User(
                    username=username,
                    full_name=full_name,
                    unit=unit,
                    is_demo=True,
                    password=self.password,
                    email=f"{username}@{data.EMAIL_DOMAIN}",
                )
            )
        User.objects.bulk_create(users)
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, role=Role.JUDGE, unit=u.unit) for u in users
        )
        return [(u, u.unit, spec[3], spec[4]) for u, spec in zip(users, JUDGES, strict=True)]

    # ── Registration ────────────────────────────────────────────────────────────────────────────────

    def _name(self) -> str:
        female = self.rng.random() < 0.5
        middle = data.FEMALE_MIDDLE if female else data.MALE_MIDDLE
        given = data.FEMALE_GIVEN if female else data.MALE_GIVEN
        return f"{self.rng.choice(data.FAMILY_NAMES)} {self.rng.choice(middle)} {self.rng.choice(given)}"

    def _students(self, school: OrgUnit, wanted: int) -> list[Student]:
        """Students of the school in grades 3–9, from the registry, creating the few that are missing."""
        grades = range(3, 6) if school.level == "TH" else range(6, 10)
        have = list(
            Student.objects.filter(unit=school, grade__in=grades).exclude(contest_memberships__isnull=False)
        )
        missing = []
        for _i in range(max(0, wanted - len(have))):
            grade = self.rng.choice(list(grades))
            name = self._name()
            missing.append(
                Student(
                    unit=school,
                    full_name=name,
                    name_folded=fold(name),
                    grade=grade,
                    class_name=f"{grade}A{self.rng.randint(1, 6)}",
                )
            )
        Student.objects.bulk_create(missing)
        self.rng.shuffle(have)
        return (have + missing)[:wanted]

    def _mentor(self, school: OrgUnit) -> Staff:
        mentor = Staff.objects.filter(unit=school, group=StaffGroup.GV).order_by("id").first()
        if mentor is None:
            name = self._name()
            mentor = Staff.objects.create(
                unit=school,
                full_name=name,
                group=StaffGroup.GV,
                subject=self.rng.choice(["Khoa học", "Công nghệ", "Tin học", "Vật lý"]),
                position="Giáo viên",
            )
        return mentor

    def _register(self) -> list[Entry]:
        titles = {name: list(items) for name, items in CATEGORIES.items()}
        categories = list(self.contest.categories.order_by("order"))
        entries, turn, withdrawn = [], 0, False
        for code, count in ENTRIES_BY_SCHOOL.items():
            school = self.units[code]
            head, coordinator = (
                self.principal[school.pk],
                self.coordinator.get(school.pk) or self.principal[school.pk],
            )
            mentor = self._mentor(school)
            for _i in range(count + (1 if code == data.SCHOOL_A else 0)):
                category = categories[turn % len(categories)]
                turn += 1
                title = titles[category.name].pop(0) if titles[category.name] else f"Sản phẩm sáng tạo {turn}"
                team = self._students(school, self.rng.choice([1, 2, 2, 3]))
                entry = services.entry_save(
                    actor=coordinator,
                    contest=self.contest,
                    school=school,
                    category=category,
                    title=title,
                    abstract=f"Nhóm học sinh {school.display_short} thực hiện sản phẩm “{title}” từ vật liệu dễ tìm, "
                    "thử nghiệm tại trường và đo kết quả trước, sau khi áp dụng.",
                    link=f"https://{code.lower()}.{data.EMAIL_DOMAIN}/hoi-thi-sang-tao/{turn}",
                    members=team,
                    mentors=[mentor],
                )
                entry = services.entry_submit(actor=head, entry=entry)
                if code == data.SCHOOL_A and not withdrawn:
                    # School A's first team moves to the city's science fair: it withdraws, and the school
                    # registers another team in its place.
                    services.entry_withdraw(
                        actor=head,
                        entry=entry,
                        reason="Nhóm học sinh chuyển sang dự thi Khoa học kỹ thuật cấp Thành phố.",
                    )
                    withdrawn = True
                    continue
                entries.append(entry)
        return entries

    def _consents(self):
        """About half of the families agreed to see their child's name published."""
        students = (
            Student.objects.filter(contest_memberships__entry__round=self.round1)
            .distinct()
            .select_related("unit")
        )
        for student in students:
            if self.rng.random() < 0.5:
                continue
            actor = self.coordinator.get(student.unit_id) or self.principal[student.unit_id]
            services.consent_record(
                actor=actor,
                student=student,
                publish_name=True,
                child_agreed=self.rng.random() < 0.9,
                guardian_name=self._name(),
            )

    # ── Judging ─────────────────────────────────────────────────────────────────────────────────────

    def _judge_round(self, round_: Round, *, k_share: float):
        categories = list(self.contest.categories.order_by("order"))
        for user, unit, expertise, _bias in self.judges:
            judging.judge_add(
                actor=self.organiser,
                round=round_,
                user=user,
                unit=unit,
                expertise=[categories[i] for i in expertise],
            )
        judging.assignments_auto(actor=self.organiser, round=round_)
        judging.round_start_judging(actor=self.organiser, round=round_)
        quality = {e.pk: self.rng.randint(45, 92) for e in round_.entries.all()}
        bias = {u.pk: b for u, _unit, _e, b in self.judges}
        criteria = list(round_.criteria.all())
        assignments = list(
            JudgeAssignment.objects.filter(entry__round=round_).select_related("judge__user", "entry")
        )
        self.rng.shuffle(assignments)
        for assignment in assignments[: round(len(assignments) * k_share)]:
            level = quality[assignment.entry_id] + bias[assignment.judge.user_id] + self.rng.randint(-6, 6)
            points = {c.pk: max(0, min(c.max_points, round(c.max_points * level / 100))) for c in criteria}
            judging.score_save(
                actor=assignment.judge.user,
                assignment=assignment,
                points=points,
                comment=self.rng.choice(
                    [
                        "Ý tưởng thiết thực.",
                        "Cần bổ sung số liệu thử nghiệm.",
                        "Trình bày rõ ràng, tự tin.",
                        "Sản phẩm hoàn thiện tốt.",
                        "",
                    ]
                ),
                version=0,
            )

    def _stamp_scores(self, round_: Round, first: D, last: D):
        scores = list(Score.objects.filter(assignment__entry__round=round_, submitted_at__isnull=False))
        for score in scores:
            score.submitted_at = score.updated_at = self._moment(first, last)
        Score.objects.bulk_update(scores, ["submitted_at", "updated_at"], batch_size=500)

    def _settle_tie(self):
        """The organiser's review before publishing: on the council's proposal, one more Khuyến khích award
        in a category (beyond the quota, with the reason on record; the results page flags the excess)."""
        results = selectors.round_results(self.round1)
        for _category, rows in results.by_category:
            without = [r for r in rows if r.award is None and r.rank is not None]
            if without:
                row = without[0]
                judging.award_set(
                    actor=self.organiser,
                    entry=row.entry,
                    award=AwardKind.KHUYEN_KHICH,
                    reason="Hội đồng giám khảo đề nghị bổ sung giải Khuyến khích: sản phẩm có tính "
                    "ứng dụng cao tại trường.",
                )
                return

    # ── The plan's indicator ────────────────────────────────────────────────────────────────────────

    def _indicator(self):
        """CT04 "Hội thi sáng tạo: lượt đơn vị tham gia" now comes from the contests' data.

        It names the units that take part, so it is measured as the share of schools with at least one
        accepted entry ("contests.schools_participating"), over primary and lower-secondary schools (the
        levels the contests are for). Counting entries instead ("contests.entries") would count a school
        with three teams three times, which is not what "đơn vị tham gia" means; the number of schools is
        still shown beside the share (met / expected).
        """
        indicator = Indicator.objects.filter(
            plan__number=data.PLAN["number"], plan__issuing_unit=self.office, code="CT04"
        ).first()
        if indicator is None:
            return
        IndicatorValue.objects.filter(indicator=indicator).delete()
        indicator.source = IndicatorSource.COMPUTED
        indicator.source_key = "contests.schools_participating"
        indicator.measure = Measure.SHARE_OF_UNITS
        indicator.unit_of_measure = "%"
        indicator.levels = ["TH", "THCS"]
        indicator.full_clean()
        indicator.save()

    def summary(self) -> list[str]:
        round1, round2 = Round.objects.get(pk=self.round1.pk), Round.objects.get(pk=self.round2.pk)
        active = Entry.objects.filter(round=round1).exclude(status=EntryStatus.WITHDRAWN)
        progress = selectors.scoring_progress(round2)
        return [
            _("Hội thi: “%(n)s”, %(e)d bài dự thi của %(s)d trường, %(j)d giám khảo")
            % {
                "n": NAME,
                "e": active.count(),
                "s": active.values("school").distinct().count(),
                "j": len(JUDGES),
            },
            _(
                "%(r1)s: %(st1)s, %(a)d giải, %(c)d giấy chứng nhận; %(r2)s: %(st2)s, %(done)d/%(total)d phiếu chấm"
            )
            % {
                "r1": round1.name,
                "st1": round1.get_status_display(),
                "a": Award.objects.filter(entry__round=round1).count(),
                "c": AwardCertificate.objects.filter(award__entry__round=round1).count(),
                "r2": round2.name,
                "st2": round2.get_status_display(),
                "done": progress["scored"],
                "total": progress["total"],
            },
            _(
                "Chỉ tiêu CT04 tính tự động: tỷ lệ trường có bài dự thi hợp lệ (contests.schools_participating)"
            ),
        ]
