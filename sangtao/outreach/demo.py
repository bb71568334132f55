"""Demo records of the outreach app, on top of the demo plan (called by sangtao/demo's load_demo).

Ten documents and handbooks sent by the office to its schools in 2023-2024, each acknowledged by part of
the schools; the two national days of 2023-2024 (1/10/2023 and 18/5/2024) and of 2024 with the responses
of some schools. Each step runs as of its day (the demo clock is moved with SANGTAO_TODAY). Finally the
plan's indicators CT07 and CT08 switch from values typed by schools to this app's computed ones.
"""

import datetime
import random

from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from sangtao.accounts.models import User
from sangtao.orgs.models import OrgUnit
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue, Task

from . import services
from .models import Acknowledgement, Distribution, Document, DocumentKind, EventResponse

OFFICE_CODE = "PGDDT-Q12"
PLAN_NUMBER = "454/KH-GDĐT"
D = datetime.date
K = DocumentKind

DOCUMENTS = [
    # number, issued, issuer, kind, summary, sent on, share acknowledging
    (
        "Luật số 29/2013/QH13",
        D(2013, 6, 18),
        "Quốc hội",
        K.LAW,
        "Luật Khoa học và Công nghệ",
        D(2023, 9, 12),
        0.95,
    ),
    (
        "13/2012/NĐ-CP",
        D(2012, 3, 2),
        "Chính phủ",
        K.DECREE,
        "Ban hành Điều lệ sáng kiến",
        D(2023, 9, 12),
        0.9,
    ),
    (
        "18/2013/TT-BKHCN",
        D(2013, 8, 1),
        "Bộ Khoa học và Công nghệ",
        K.CIRCULAR,
        "Hướng dẫn thi hành một số điều của Điều lệ Sáng kiến",
        D(2023, 9, 20),
        0.85,
    ),
    (
        "1665/QĐ-TTg",
        D(2017, 10, 30),
        "Thủ tướng Chính phủ",
        K.DECISION,
        "Phê duyệt Đề án Hỗ trợ học sinh, sinh viên khởi nghiệp đến năm 2025",
        D(2023, 10, 3),
        0.8,
    ),
    (
        "454/KH-GDĐT",
        D(2023, 10, 30),
        "Phòng Giáo dục và Đào tạo Quận 12",
        K.PLAN,
        "Kế hoạch hoạt động khoa học, công nghệ và đổi mới sáng tạo năm 2024",
        D(2023, 11, 2),
        0.97,
    ),
    (
        "512/GDĐT-PT",
        D(2023, 11, 15),
        "Phòng Giáo dục và Đào tạo Quận 12",
        K.LETTER,
        "Về việc hưởng ứng Ngày Khoa học và Công nghệ Việt Nam 18/5",
        D(2023, 11, 16),
        0.75,
    ),
    (
        "CN-01",
        D(2023, 12, 1),
        "Phòng Giáo dục và Đào tạo Quận 12",
        K.HANDBOOK,
        "Cẩm nang đổi mới sáng tạo trong trường học",
        D(2023, 12, 4),
        0.7,
    ),
    (
        "CN-02",
        D(2024, 1, 10),
        "Phòng Giáo dục và Đào tạo Quận 12",
        K.HANDBOOK,
        "Cẩm nang sở hữu trí tuệ cho giáo viên và học sinh",
        D(2024, 1, 15),
        0.6,
    ),
    (
        "88/GDĐT-PT",
        D(2024, 2, 20),
        "Phòng Giáo dục và Đào tạo Quận 12",
        K.LETTER,
        "Về việc tổ chức Ngày hội STEM cấp quận năm học 2023-2024",
        D(2024, 2, 21),
        0.5,
    ),
    (
        "102/GDĐT-PT",
        D(2024, 3, 8),
        "Phòng Giáo dục và Đào tạo Quận 12",
        K.LETTER,
        "Về việc tuyên truyền Ngày Đổi mới sáng tạo Việt Nam",
        D(2024, 3, 11),
        0.3,
    ),
]
ACTIVITIES = [
    "Chào cờ chủ đề, phát thanh măng non về đổi mới sáng tạo",
    "Trưng bày sản phẩm sáng tạo của học sinh",
    "Tọa đàm giáo viên về ứng dụng công nghệ trong dạy học",
    "Cuộc thi vẽ tranh ý tưởng khoa học",
]


def load_outreach_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=OFFICE_CODE, is_demo=True).first()
    if office is None:
        return []
    if Distribution.objects.filter(sender_unit=office).exists():
        return [_("Văn bản & sự kiện: dữ liệu mẫu đã có, không nạp lại.")]
    with transaction.atomic():
        # The story notifies people in the app; mail about 2023 would only flood the worker's log.
        people = list(User.objects.filter(is_demo=True).exclude(email=""))
        User.objects.filter(pk__in=[u.pk for u in people]).update(email="")
        lines = _Builder(office=office, story_day=story_day).run()
        User.objects.bulk_update(people, ["email"], batch_size=500)
        return lines


class _Builder:
    def __init__(self, *, office, story_day):
        self.rng = random.Random(1810)  # 18/5 and 1/10
        self.office = office
        self.story_day = story_day
        self.users = {u.username: u for u in User.objects.filter(is_demo=True)}
        self.specialist = self.users["demo-specialist"]
        self.schools = list(OrgUnit.objects.filter(is_demo=True).schools().active().order_by("path"))
        self.task = Task.objects.filter(
            plan__number=PLAN_NUMBER, plan__issuing_unit=office, number="II.2"
        ).first()

    def _on(self, day):
        return override_settings(
            SANGTAO_TODAY=min(day, self.story_day),
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
        )

    def _head(self, school):
        contacts = services.school_contacts([school.pk])
        return self.rng.choice(contacts) if contacts else None

    def run(self) -> list[str]:
        # About half of the schools acknowledge everything; the others only now and then.
        self.diligent = {s.pk for s in self.schools if self.rng.random() < 0.5}
        for number, issued, issuer, kind, summary, sent, share in DOCUMENTS:
            with self._on(sent):
                doc = services.document_create(
                    actor=self.specialist,
                    number=number,
                    issued_on=issued,
                    issuer=issuer,
                    kind=kind,
                    summary=summary,
                    tasks=[self.task] if self.task else (),
                )
                dist = services.distribution_send(
                    actor=self.specialist,
                    document=doc,
                    units=self.schools,
                    due_on=sent + datetime.timedelta(days=14),
                )
            for ack in dist.acknowledgements.select_related("unit"):
                head = self._head(ack.unit)
                if head is None or (ack.unit_id not in self.diligent and self.rng.random() > share):
                    continue
                day = sent + datetime.timedelta(
                    days=self.rng.randint(0, 12 if ack.unit_id not in self.diligent else 4)
                )
                if day > self.story_day:
                    continue
                with self._on(day):
                    services.acknowledge(
                        actor=head,
                        acknowledgement=ack,
                        disseminated_at=day + datetime.timedelta(days=self.rng.randint(0, 3)),
                    )
        events = []
        for year in (2023, 2024):
            events += services.national_days_ensure(year=year)
        if self.task:
            for event in events:
                event.tasks.add(self.task)
        for event, share in [(e, 0.75 if e.starts_on.month == 10 else 0.6) for e in events]:
            if event.starts_on > self.story_day:
                continue
            for school in self.schools:
                head = self._head(school)
                if head is None or self.rng.random() > share:
                    continue
                with self._on(event.starts_on + datetime.timedelta(days=self.rng.randint(0, 5))):
                    services.event_respond(
                        actor=head,
                        event=event,
                        unit=school,
                        activities=self.rng.choice(ACTIVITIES),
                        participants=self.rng.randint(40, 900),
                    )
        self._banners()
        self._office_events()
        self._indicators()
        acks = Acknowledgement.objects.filter(distribution__sender_unit=self.office)
        return [
            _("Văn bản & sự kiện: %(d)d văn bản gửi %(s)d trường, %(a)d/%(t)d lượt đã xác nhận")
            % {
                "d": Document.objects.count(),
                "s": len(self.schools),
                "a": acks.filter(received_at__isnull=False).count(),
                "t": acks.count(),
            },
            _("Văn bản & sự kiện: %(e)d ngày lễ quốc gia, %(r)d lượt trường hưởng ứng")
            % {"e": len(events), "r": EventResponse.objects.count()},
            _("Văn bản & sự kiện: 2 đợt treo băng rôn, %(r)d báo cáo có ảnh") % {"r": self.banner_reports},
            _("Văn bản & sự kiện: 2 sự kiện của Phòng (một dành cho THCS, một đã hủy vì trùng lịch)"),
            _(
                "Chỉ tiêu CT07, CT08 tính tự động (outreach.documents_acknowledged, outreach.responded_national_days)"
            ),
        ]

    def _banners(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sangtao.plans.demo import _png

        campaigns = [
            (
                "Hưởng ứng Ngày Đổi mới sáng tạo Việt Nam 01/10/2023",
                "Đổi mới sáng tạo — động lực phát triển đất nước",
                D(2023, 9, 25),
                D(2023, 10, 8),
                0.8,
            ),
            (
                "Tuyên truyền Ngày hội STEM năm học 2023-2024",
                "Học sinh Quận 12 sáng tạo, trải nghiệm cùng STEM",
                D(2024, 3, 4),
                D(2024, 3, 25),
                0.4,
            ),
        ]
        places = ["Cổng trường", "Sân trường", "Hành lang khu hiệu bộ", "Nhà đa năng"]
        self.banner_reports = 0
        for theme, text, start, end, share in campaigns:
            with self._on(start - datetime.timedelta(days=3)):
                campaign = services.banner_campaign_create(
                    actor=self.specialist,
                    theme=theme,
                    banner_text=text,
                    starts_on=start,
                    ends_on=end,
                    units=self.schools,
                )
                if self.task:
                    campaign.tasks.add(self.task)
            for school in self.schools:
                head = self._head(school)
                day = start + datetime.timedelta(days=self.rng.randint(0, 4))
                if head is None or self.rng.random() > share or day > self.story_day:
                    continue
                photo = SimpleUploadedFile("bang-ron.png", _png(self.rng), content_type="image/png")
                with self._on(day):
                    services.banner_report(
                        actor=head,
                        campaign=campaign,
                        unit=school,
                        place=self.rng.choice(places),
                        hung_on=day,
                        photo=photo,
                    )
                self.banner_reports += 1

    def _office_events(self):
        """An event for the THCS schools only, and one cancelled (it stays on the calendar, struck through)."""
        with self._on(D(2024, 3, 1)):
            services.event_create(
                actor=self.specialist,
                title="Hội thảo chia sẻ mô hình giáo dục STEM cấp THCS",
                kind="office",
                starts_on=D(2024, 3, 28),
                unit=self.office,
                level="THCS",
                description="Các trường THCS chia sẻ kinh nghiệm tổ chức bài học STEM; mỗi trường cử 2 giáo viên.",
                tasks=[self.task] if self.task else (),
            )
            postponed = services.event_create(
                actor=self.specialist,
                title="Tọa đàm “Trường học số” với doanh nghiệp công nghệ",
                kind="office",
                starts_on=D(2024, 3, 22),
                unit=self.office,
                description="Tọa đàm giữa cán bộ quản lý các trường và doanh nghiệp công nghệ trên địa bàn.",
            )
        with self._on(D(2024, 3, 12)):
            services.event_cancel(
                actor=self.specialist,
                event=postponed,
                reason="Trùng lịch tập huấn của Sở Giáo dục và Đào tạo; sẽ tổ chức lại trong tháng 4.",
            )

    def _indicators(self):
        for code, key in [
            ("CT07", "outreach.documents_acknowledged"),
            ("CT08", "outreach.responded_national_days"),
        ]:
            indicator = Indicator.objects.filter(
                plan__number=PLAN_NUMBER, plan__issuing_unit=self.office, code=code
            ).first()
            if indicator is None:
                continue
            IndicatorValue.objects.filter(indicator=indicator).delete()
            indicator.source, indicator.source_key = IndicatorSource.COMPUTED, key
            indicator.full_clean()
            indicator.save(update_fields=["source", "source_key", "updated_at"])
