"""Demo records of the spaces app, on top of the demo plan (called by sangtao/demo's load_demo).

About 25 schools record their creative spaces (STEM rooms, maker spaces, digital libraries, science
corners…) with a photo, and the S&T application models they use in management and teaching. The office
has reviewed most of them (a few wait, one needs more information) and features a few on the public page.
The plan gains two computed indicators for its section II.3 "Xây dựng mô hình về không gian sáng tạo".
"""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from sangtao.accounts.models import Role, User
from sangtao.orgs.models import OrgUnit, SchoolLevel
from sangtao.plans.models import Indicator, IndicatorSource, Measure, Plan, Task

from . import services
from .models import Frequency, ModelArea, ReviewStatus, Space, SpaceKind, TechModel

OFFICE_CODE = "PGDDT-Q12"
PLAN_NUMBER = "454/KH-GDĐT"
D = datetime.date

SPACES = {
    # level → [(kind, name, area, equipment, users)]
    SchoolLevel.MN: [
        (
            SpaceKind.SCIENCE_CORNER,
            "Góc khám phá khoa học",
            "12",
            "Kính lúp, nam châm, bộ thí nghiệm nước và cát",
            "Trẻ mẫu giáo 4–5 tuổi",
        ),
        (
            SpaceKind.MAKER,
            "Góc sáng tạo từ vật liệu tái chế",
            "15",
            "Vật liệu tái chế, dụng cụ cắt dán an toàn",
            "Trẻ mẫu giáo lớn",
        ),
    ],
    SchoolLevel.TH: [
        (
            SpaceKind.STEM_ROOM,
            "Phòng học STEM",
            "60",
            "Bộ lắp ghép kỹ thuật, máy chiếu, bảng tương tác",
            "Học sinh khối 3–5",
        ),
        (
            SpaceKind.DIGITAL_LIBRARY,
            "Thư viện thân thiện – thư viện số",
            "80",
            "12 máy tính bảng, kho sách điện tử",
            "Học sinh toàn trường, giáo viên",
        ),
        (
            SpaceKind.ROBOTICS,
            "Phòng Robotics",
            "45",
            "Bộ robot giáo dục, máy tính lập trình kéo thả",
            "Câu lạc bộ Robotics khối 4–5",
        ),
    ],
    SchoolLevel.THCS: [
        (
            SpaceKind.STEM_ROOM,
            "Phòng STEM – Khoa học tự nhiên",
            "72",
            "Bộ thí nghiệm KHTN, cảm biến, máy in 3D",
            "Học sinh khối 6–9",
        ),
        (
            SpaceKind.MAKER,
            "Không gian Maker",
            "50",
            "Máy in 3D, máy cắt laser mini, bộ Arduino",
            "Câu lạc bộ Sáng tạo trẻ, học sinh khối 8–9",
        ),
        (
            SpaceKind.LAB,
            "Phòng thực hành Tin học – AI",
            "70",
            "40 máy tính, bộ học liệu trí tuệ nhân tạo",
            "Học sinh khối 6–9, giáo viên Tin học",
        ),
    ],
}
MODELS = [
    (
        "Sổ điểm điện tử và học bạ số",
        ModelArea.MANAGEMENT,
        Frequency.DAILY,
        "Toàn bộ giáo viên, bộ phận văn phòng",
        "Nhập điểm, nhận xét trên phần mềm quản lý trường học; phụ huynh xem kết quả qua ứng dụng.",
    ),
    (
        "Điểm danh học sinh bằng mã QR",
        ModelArea.MANAGEMENT,
        Frequency.DAILY,
        "Giáo viên chủ nhiệm, bảo vệ",
        "Học sinh quét thẻ QR khi vào cổng; hệ thống báo vắng cho giáo viên chủ nhiệm và phụ huynh.",
    ),
    (
        "Lớp học đảo ngược với học liệu số",
        ModelArea.TEACHING,
        Frequency.WEEKLY,
        "Giáo viên và học sinh khối 8–9",
        "Học sinh xem bài giảng video ở nhà, lên lớp thảo luận và làm dự án.",
    ),
    (
        "Phòng thí nghiệm ảo môn Khoa học tự nhiên",
        ModelArea.TEACHING,
        Frequency.WEEKLY,
        "Học sinh khối 6–9",
        "Mô phỏng thí nghiệm trên máy tính trước khi làm thí nghiệm thật.",
    ),
    (
        "Quản lý văn bản điều hành trên môi trường mạng",
        ModelArea.MANAGEMENT,
        Frequency.DAILY,
        "Ban giám hiệu, văn phòng",
        "Nhận, xử lý và lưu văn bản điện tử, ký số; giảm giấy tờ.",
    ),
    (
        "Ứng dụng bảng tương tác trong dạy học",
        ModelArea.TEACHING,
        Frequency.DAILY,
        "Giáo viên các khối lớp",
        "Bài giảng tương tác, học sinh trả lời trên bảng và máy tính bảng.",
    ),
    (
        "Thư viện học liệu dùng chung của tổ chuyên môn",
        ModelArea.BOTH,
        Frequency.MONTHLY,
        "Các tổ chuyên môn",
        "Kho bài giảng, đề kiểm tra dùng chung trên lưu trữ đám mây của trường.",
    ),
]


def load_spaces_demo(*, story_day: datetime.date) -> list[str]:
    office = OrgUnit.objects.filter(code=OFFICE_CODE, is_demo=True).first()
    if office is None:
        return []
    if Space.objects.filter(unit__is_demo=True).exists():
        return [_("Không gian sáng tạo: dữ liệu mẫu đã có, không nạp lại.")]
    with transaction.atomic():
        return _Builder(office=office, story_day=story_day).run()


class _Builder:
    def __init__(self, *, office, story_day):
        self.rng = random.Random(233)
        self.office = office
        self.story_day = story_day
        self.specialist = User.objects.get(username="demo-specialist")
        schools = list(
            OrgUnit.objects.filter(is_demo=True, level__in=list(SPACES)).schools().active().order_by("path")
        )
        heads = dict(
            User.objects.filter(
                is_demo=True, role_assignments__role=Role.PRINCIPAL, role_assignments__unit__in=schools
            ).values_list("role_assignments__unit", "pk")
        )
        users = {u.pk: u for u in User.objects.filter(pk__in=heads.values())}
        self.heads = {unit_id: users[pk] for unit_id, pk in heads.items()}
        chosen = [s for s in schools if s.pk in self.heads]
        self.rng.shuffle(chosen)
        self.schools = sorted(chosen[:25], key=lambda s: s.path)

    def _on(self, day):
        return override_settings(SANGTAO_TODAY=min(day, self.story_day))

    def run(self) -> list[str]:
        from sangtao.plans.demo import _png

        records = []
        for i, school in enumerate(self.schools):
            head = self.heads[school.pk]
            options = SPACES[school.level]
            for kind, name, area, equipment, users in self.rng.sample(
                options, self.rng.randint(1, min(2, len(options)))
            ):
                opened = D(2022, 9, 5) + datetime.timedelta(days=self.rng.randint(0, 500))
                with self._on(D(2024, 1, 10) + datetime.timedelta(days=i)):
                    space = services.space_create(
                        actor=head,
                        unit=school,
                        kind=kind,
                        name=name,
                        area_m2=Decimal(area),
                        equipment=equipment,
                        opened_on=min(opened, D(2024, 1, 5)),
                        users=users,
                        description=f"{name} của {school.display_short} phục vụ hoạt động trải nghiệm, nghiên cứu khoa học.",
                        photo=SimpleUploadedFile("khong-gian.png", _png(self.rng), content_type="image/png"),
                        caption=name,
                    )
                records.append(space)
            for name, area, frequency, users, description in self.rng.sample(MODELS, self.rng.randint(1, 2)):
                with self._on(D(2024, 1, 15) + datetime.timedelta(days=i)):
                    records.append(
                        services.model_create(
                            actor=head,
                            unit=school,
                            name=name,
                            area=area,
                            description=description,
                            since=D(2023, 9, 5) - datetime.timedelta(days=self.rng.randint(0, 700)),
                            frequency=frequency,
                            users=users,
                            evidence_url=f"https://{school.code.lower()}.hcm.edu.vn/mo-hinh-ung-dung",
                        )
                    )
        featured = 0
        with self._on(D(2024, 3, 1)):
            for n, record in enumerate(records):
                if n % 9 == 4:
                    continue  # still waiting for the office
                needs_work = n == 7
                services.record_review(
                    actor=self.specialist,
                    record=record,
                    accept=not needs_work,
                    comment="Bổ sung ảnh toàn cảnh và danh mục thiết bị." if needs_work else "",
                )
                if not needs_work and n % 6 == 0 and featured < 6:
                    services.record_feature(actor=self.specialist, record=record, featured=True)
                    featured += 1
        self._indicators()
        return [
            _(
                "Không gian sáng tạo: %(s)d không gian, %(m)d mô hình ứng dụng KH&CN của %(n)d trường; %(f)d được giới thiệu công khai"
            )
            % {
                "s": Space.objects.count(),
                "m": TechModel.objects.count(),
                "n": len(self.schools),
                "f": featured,
            },
            _("Không gian sáng tạo: %(p)d chờ Phòng xem xét")
            % {
                "p": Space.objects.filter(status=ReviewStatus.PENDING).count()
                + TechModel.objects.filter(status=ReviewStatus.PENDING).count()
            },
            _("Chỉ tiêu CT13, CT14 tính tự động (spaces.schools_with_space, spaces.models_applied)"),
        ]

    def _indicators(self):
        """Section II.3 of the seed plan measured by this app: the share of schools with a creative space
        and the S&T models applied (task II.3.1 continues "các mô hình ứng dụng khoa học và công nghệ")."""
        plan = Plan.objects.filter(number=PLAN_NUMBER, issuing_unit=self.office).first()
        if plan is None:
            return
        applied = Task.objects.filter(plan=plan, number="II.3.1").select_related("parent").first()
        # The section "3. Xây dựng mô hình về không gian sáng tạo" of part II is the parent of II.3.1.
        tasks = {"II.3": applied.parent if applied else None, "II.3.1": applied}
        order = (plan.indicators.aggregate(m=Max("order"))["m"] or 0) + 1
        for offset, (code, name, task, measure, target, unit, key) in enumerate(
            [
                (
                    "CT13",
                    "Trường có không gian sáng tạo",
                    "II.3",
                    Measure.SHARE_OF_UNITS,
                    Decimal(50),
                    "%",
                    "spaces.schools_with_space",
                ),
                (
                    "CT14",
                    "Mô hình ứng dụng khoa học và công nghệ trong quản lý, dạy học",
                    "II.3.1",
                    Measure.COUNT,
                    None,
                    "mô hình",
                    "spaces.models_applied",
                ),
            ]
        ):
            indicator = Indicator(
                plan=plan,
                task=tasks.get(task),
                code=code,
                name=name,
                measure=measure,
                target=target,
                unit_of_measure=unit,
                source=IndicatorSource.COMPUTED,
                source_key=key,
                order=order + offset,
            )
            indicator.full_clean()
            indicator.save()
