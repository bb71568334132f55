"""Demo records of the programmes app, on top of the demo plan (called by sangtao/demo's load_demo).

The shipped green-school criteria set; "Trường học xanh 2022" (a school recognised in December 2021 whose
recognition has just expired) and "Trường học xanh 2024" for task III.2.1, reviewed with Phòng TN&MT, with
15 schools at every stage (registered, self-assessing, submitted, with the partner, returned, recognised,
renewing); two years of monthly electricity and water readings of every school, with a few implausible
months confirmed by the school and flagged for the office; rooftop solar at some schools. Each step runs as
of its day (SANGTAO_TODAY), and its events are dated that day. Finally CT09 becomes `programmes.enrolled`.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import Role, RoleAssignment, User
from sangtao.core.models import StatusEvent
from sangtao.orgs.models import OrgUnit, UnitYearStats
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue, Task

from . import services
from .models import (
    Answer,
    AssessmentStatus,
    Enrolment,
    MeterReading,
    ProgrammeKind,
    ReadingSource,
)

OFFICE_CODE = "PGDDT-Q12"
PARTNER_CODE = "PTNMT-Q12"
PLAN_NUMBER = "454/KH-GDĐT"
SCHOOL_A, SCHOOL_B = "THCS-NAT", "TH-LVT"
D = datetime.date
S = AssessmentStatus

# The 15 schools of 2024 by stage: school A is self-assessing (its principal demonstrates the page),
# school B recognised.
STAGES = (
    ["requested"] * 2
    + ["enrolled"] * 2
    + [S.DRAFT] * 3
    + [S.SUBMITTED] * 2
    + [S.PARTNER_REVIEW]
    + [S.RETURNED] * 2
    + [S.RECOGNISED] * 2
    + ["renewing"]
)
RETURN_REASONS = [
    "Tiêu chí 1.1 chưa có hóa đơn tiền điện; tiêu chí 7.1 thiếu quyết định thành lập Ban Trường học xanh.",
    "Ảnh chụp khu phân loại rác chưa thể hiện rõ; đề nghị bổ sung hợp đồng thu gom rác tái chế.",
]


def load_programmes_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=OFFICE_CODE, is_demo=True).first()
    if office is None:
        return []
    if MeterReading.objects.filter(unit__is_demo=True).exists():
        return [_("Mô hình trường học: dữ liệu mẫu đã có, không nạp lại.")]
    with transaction.atomic():
        people = list(User.objects.filter(is_demo=True).exclude(email=""))
        User.objects.filter(pk__in=[u.pk for u in people]).update(email="")
        lines = _Builder(office=office, story_day=story_day).run()
        User.objects.bulk_update(people, ["email"], batch_size=500)
        return lines


class _Builder:
    def __init__(self, *, office, story_day):
        self.rng = random.Random(2024)
        self.office = office
        self.story_day = story_day
        self.specialist = User.objects.get(username="demo-specialist")
        self.leader = User.objects.get(username="demo-leader")
        self.schools = list(OrgUnit.objects.filter(is_demo=True).schools().active().order_by("path"))
        self.heads = {
            ra.unit_id: ra.user
            for ra in RoleAssignment.objects.filter(
                role=Role.PRINCIPAL, unit__in=self.schools
            ).select_related("user")
        }
        self.coordinators = {
            ra.unit_id: ra.user
            for ra in RoleAssignment.objects.filter(
                role=Role.COORDINATOR, unit__in=self.schools
            ).select_related("user")
        }
        self.task = Task.objects.filter(
            plan__number=PLAN_NUMBER, plan__issuing_unit=office, number="III.2.1"
        ).first()
        self.partner_unit = OrgUnit.objects.filter(code=PARTNER_CODE).first()
        self.last_event = StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def _on(self, day):
        return override_settings(
            SANGTAO_TODAY=min(day, self.story_day),
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
        )

    def _stamp(self, day):
        """Date the events written since the last call on `day` (the story's day, not the loading day)."""
        at = timezone.make_aware(
            datetime.datetime.combine(
                min(day, self.story_day), datetime.time(8 + self.rng.randint(0, 8), self.rng.randint(0, 59))
            )
        )
        StatusEvent.objects.filter(pk__gt=self.last_event).update(at=at)
        self.last_event = StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def _step(self, day, call, **kwargs):
        with self._on(day):
            result = call(**kwargs)
        self._stamp(day)
        return result

    def _partner(self) -> User | None:
        if self.partner_unit is None:
            return None
        user = User.objects.filter(username="demo-partner-tnmt").first()
        if user is None:
            template = User.objects.get(username="demo-partner")
            user = User.objects.create(
                username="demo-partner-tnmt",
                full_name="Lâm Thị Bích Thủy",
                unit=self.partner_unit,
                password=template.password,
                is_demo=True,
            )
            RoleAssignment.objects.create(user=user, role=Role.PARTNER, unit=self.partner_unit)
        return user

    def run(self) -> list[str]:
        self.partner = self._partner()
        template = services.green_template_install(actor=self.specialist)
        self._stamp(D(2021, 9, 1))
        set_2022 = self._step(
            D(2021, 9, 15),
            services.criteria_set_copy,
            actor=self.specialist,
            source=template,
            name="Bộ tiêu chí Trường học xanh 2022",
        )
        old = self._step(
            D(2021, 9, 20),
            services.programme_create,
            actor=self.specialist,
            name="Trường học xanh 2022",
            kind=ProgrammeKind.GREEN,
            year=2022,
            criteria_set=set_2022,
            description="Mô hình Trường học xanh năm học 2021-2022 (thí điểm).",
        )
        self._step(D(2021, 9, 20), services.programme_open, actor=self.specialist, programme=old)
        renewing = self.schools[14 * len(self.schools) // 15]
        enrolment = self._step(
            D(2021, 9, 25), services.enrol_schools, actor=self.specialist, programme=old, units=[renewing]
        )[0]
        assessment = self._step(
            D(2021, 10, 4), services.assessment_start, actor=self.heads[renewing.pk], enrolment=enrolment
        )
        self._answer_all(assessment, renewing, D(2021, 11, 10), quality=1.0)
        self._step(
            D(2021, 11, 20), services.assessment_submit, actor=self.heads[renewing.pk], assessment=assessment
        )
        self._office_review(assessment, D(2021, 12, 10), factor=Decimal("0.8"))
        self._step(
            D(2021, 12, 15),
            services.assessment_decide,
            actor=self.specialist,
            assessment=assessment,
            decision_number="215/QĐ-GDĐT",
        )
        self._step(D(2022, 6, 30), services.programme_close, actor=self.specialist, programme=old)
        expired = self._step(D(2023, 12, 16), services.recognitions_expire)

        set_2024 = self._step(
            D(2023, 10, 25),
            services.criteria_set_copy,
            actor=self.specialist,
            source=set_2022,
            name="Bộ tiêu chí Trường học xanh 2024",
        )
        self.programme = self._step(
            D(2023, 11, 6),
            services.programme_create,
            actor=self.specialist,
            name="Trường học xanh 2024",
            kind=ProgrammeKind.GREEN,
            year=2024,
            criteria_set=set_2024,
            partner_unit=self.partner_unit,
            description=(
                "Xây dựng mô hình “Trường học xanh – sạch – đẹp – an toàn, tiết kiệm năng lượng” theo nhiệm vụ "
                "III.2.1 của Kế hoạch 454/KH-GDĐT; Phòng Tài nguyên và Môi trường Quận 12 phối hợp thẩm định."
            ),
            self_assessment_due=D(2024, 4, 30),
            task=self.task,
        )
        self._step(D(2023, 11, 6), services.programme_open, actor=self.specialist, programme=self.programme)
        self._schools_2024(renewing)
        self._readings()
        self._indicator()
        counts = {}
        for e in Enrolment.objects.filter(programme=self.programme):
            counts[e.status] = counts.get(e.status, 0) + 1
        return [
            _(
                "Mô hình trường học: “Trường học xanh 2024” với %(n)d trường ở các giai đoạn, thẩm định phối hợp với Phòng TN&MT"
            )
            % {"n": Enrolment.objects.filter(programme=self.programme).count()},
            _(
                "Mô hình trường học: %(r)d tháng chỉ số điện, nước của %(s)d trường, %(f)d tháng bất thường chờ Phòng kiểm tra; %(e)d công nhận hết hạn"
            )
            % {
                "r": MeterReading.objects.filter(unit__is_demo=True).count(),
                "s": len(self.schools),
                "f": MeterReading.objects.filter(unit__is_demo=True, flagged=True).count(),
                "e": expired,
            },
            _("Chỉ tiêu CT09 tính tự động (programmes.enrolled)"),
        ]

    # ── The 2024 programme ────────────────────────────────────────────────────────────────────────

    def _pick_schools(self, renewing):
        fixed = [s for s in self.schools if s.code in (SCHOOL_A, SCHOOL_B)]
        others = [s for s in self.schools if s not in fixed and s != renewing]
        self.rng.shuffle(others)
        chosen = others[: len(STAGES) - 1 - len(fixed)]
        by_stage = dict.fromkeys(range(len(STAGES)))
        order = list(range(len(STAGES) - 1))
        slots = {SCHOOL_A: STAGES.index(S.DRAFT), SCHOOL_B: STAGES.index(S.RECOGNISED)}
        for school in fixed:
            by_stage[slots[school.code]] = school
            order.remove(slots[school.code])
        for i, school in zip(order, chosen, strict=False):
            by_stage[i] = school
        by_stage[len(STAGES) - 1] = renewing
        return [(STAGES[i], by_stage[i]) for i in range(len(STAGES)) if by_stage[i] is not None]

    def _schools_2024(self, renewing):
        plan = self._pick_schools(renewing)
        office_enrols = [s for stage, s in plan if stage not in ("requested",) and s != renewing][::2]
        self._step(
            D(2023, 11, 10),
            services.enrol_schools,
            actor=self.specialist,
            programme=self.programme,
            units=office_enrols,
        )
        for k, (stage, school) in enumerate(plan):
            head = self.heads.get(school.pk)
            coordinator = self.coordinators.get(school.pk) or head
            if head is None:
                continue
            day = D(2023, 11, 13) + datetime.timedelta(days=k)
            enrolment = Enrolment.objects.filter(programme=self.programme, unit=school).first()
            if enrolment is None:
                enrolment = self._step(
                    day,
                    services.enrolment_request,
                    actor=coordinator,
                    programme=self.programme,
                    unit=school,
                    note="Trường đăng ký tham gia mô hình năm 2024.",
                )
                if stage == "requested":
                    continue
                self._step(
                    day + datetime.timedelta(days=3),
                    services.enrolment_accept,
                    actor=self.specialist,
                    enrolment=enrolment,
                )
            if stage == "enrolled":
                continue
            start = D(2023, 12, 1) + datetime.timedelta(days=k)
            assessment = self._step(start, services.assessment_start, actor=coordinator, enrolment=enrolment)
            quality = 0.6 + 0.35 * self.rng.random() if stage != S.RECOGNISED else 0.93
            if stage in (S.DRAFT, "renewing"):
                self._answer_all(
                    assessment,
                    school,
                    start + datetime.timedelta(days=20),
                    quality=quality,
                    share=0.5 if school.code != SCHOOL_A else 0.4,
                    actor=coordinator,
                )
                continue
            self._answer_all(
                assessment, school, start + datetime.timedelta(days=30), quality=quality, actor=coordinator
            )
            submitted = D(2024, 1, 15) + datetime.timedelta(days=k)
            self._step(submitted, services.assessment_submit, actor=head, assessment=assessment)
            if stage == S.SUBMITTED:
                continue
            self._office_review(assessment, submitted + datetime.timedelta(days=10))
            if stage == S.RETURNED:
                self._step(
                    submitted + datetime.timedelta(days=12),
                    services.assessment_return,
                    actor=self.specialist,
                    assessment=assessment,
                    reason=RETURN_REASONS[k % len(RETURN_REASONS)],
                )
                continue
            self._step(
                submitted + datetime.timedelta(days=12),
                services.assessment_forward,
                actor=self.specialist,
                assessment=assessment,
            )
            if stage == S.PARTNER_REVIEW or self.partner is None:
                continue
            self._partner_review(assessment, submitted + datetime.timedelta(days=25))
            self._step(
                submitted + datetime.timedelta(days=32),
                services.assessment_decide,
                actor=self.leader,
                assessment=assessment,
                decision_number=f"{58 + k}/QĐ-GDĐT",
            )

    def _answer_all(self, assessment, school, day, *, quality, share=1.0, actor=None):
        actor = actor or self.heads[school.pk]
        answers = list(
            assessment.answers.select_related("criterion").order_by(
                "criterion__group__order", "criterion__order"
            )
        )
        answers = answers[: max(1, int(len(answers) * share))]
        site = f"https://{school.code.lower()}.hcm.edu.vn/truong-hoc-xanh"
        for i, answer in enumerate(answers):
            c = answer.criterion
            good = self.rng.random() < quality
            values = {}
            if c.method == "yes_no":
                values["met"] = good
            elif c.method == "scale":
                values["scale_value"] = c.scale_max if good else self.rng.randint(0, max(c.scale_max - 1, 0))
            else:
                at_least = c.direction == "at_least"
                factor = Decimal(str(round(self.rng.uniform(1.05, 1.6), 2)))
                value = c.threshold * factor if at_least == good else c.threshold / factor
                values["number_value"] = value.quantize(Decimal("0.01"))
            with self._on(day):
                services.answer_save(
                    actor=actor, answer=answer, note="" if good else "Trường đang hoàn thiện.", **values
                )
                if c.evidence_required:
                    if i == 0:
                        from sangtao.plans.demo import _png

                        services.evidence_add(
                            actor=actor,
                            answer=answer,
                            title="Ảnh chụp minh chứng",
                            file=SimpleUploadedFile(
                                "minh-chung.png", _png(self.rng), content_type="image/png"
                            ),
                        )
                    else:
                        services.evidence_add(
                            actor=actor, answer=answer, title=c.evidence[:120], url=f"{site}/{c.code}"
                        )
        self._stamp(day)

    def _office_review(self, assessment, day, *, factor=None):
        scores = {}
        for answer in assessment.answers.select_related("criterion"):
            points = answer.self_points or Decimal(0)
            if factor is not None:
                scores[answer.pk] = ((points * factor).quantize(Decimal("0.01")), "")
            elif points and self.rng.random() < 0.2:
                points = (points * Decimal("0.75")).quantize(Decimal("0.5"))
                scores[answer.pk] = (points, "Minh chứng chưa đầy đủ, trừ một phần điểm.")
            else:
                scores[answer.pk] = (points, "")
        self._step(day, services.review_save, actor=self.specialist, assessment=assessment, scores=scores)

    def _partner_review(self, assessment, day):
        scores = {
            a.pk: (
                a.office_points if a.office_points is not None else a.self_points,
                "Thống nhất." if self.rng.random() < 0.8 else "Đề nghị trường duy trì việc phân loại rác.",
            )
            for a in Answer.objects.filter(assessment=assessment)
        }
        self._step(day, services.review_save, actor=self.partner, assessment=assessment, scores=scores)
        self._step(
            day,
            services.assessment_partner_complete,
            actor=self.partner,
            assessment=assessment,
            comment="Phòng TN&MT thống nhất kết quả thẩm định.",
        )

    # ── Meter readings ────────────────────────────────────────────────────────────────────────────

    def _readings(self):
        """24 months (03/2022 – 02/2024) of every school: per-pupil use by level, a summer dip, and this
        year's change; two implausible months typed through the form and confirmed, then flagged."""
        students = dict(
            UnitYearStats.objects.filter(unit__in=self.schools).values_list("unit_id", "students")
        )
        base = {"MN": 7.5, "TH": 5.0, "THCS": 6.0}
        season = {
            1: 0.95,
            2: 0.9,
            3: 1.1,
            4: 1.25,
            5: 1.25,
            6: 0.55,
            7: 0.45,
            8: 0.6,
            9: 1.05,
            10: 1.05,
            11: 1.0,
            12: 0.95,
        }
        months = [D(2022 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(3, 27)]
        rows = []
        for school in self.schools:
            pupils = students.get(school.pk) or 500
            level_base = base.get(school.level, 5.5) * self.rng.uniform(0.8, 1.2)
            change = self.rng.uniform(0.82, 1.04)  # this school year against last
            water_base = self.rng.uniform(0.22, 0.45)
            for month in months:
                this_year = month >= D(2023, 9, 1)
                kwh = (
                    pupils
                    * level_base
                    * season[month.month]
                    * (change if this_year else 1)
                    * self.rng.uniform(0.95, 1.05)
                )
                m3 = (
                    pupils
                    * water_base
                    * (0.5 if month.month in (6, 7, 8) else 1)
                    * self.rng.uniform(0.9, 1.1)
                )
                rows.append(
                    MeterReading(
                        unit=school,
                        month=month,
                        electricity_kwh=Decimal(round(kwh)),
                        water_m3=Decimal(round(m3)),
                        source=ReadingSource.IMPORT,
                        entered_by=self.coordinators.get(school.pk),
                    )
                )
        MeterReading.objects.bulk_create(rows, batch_size=500)
        # Two schools typed a bill with an extra digit; the school confirmed anyway, so the office checks.
        for school, factor in ((self.schools[3], 10), (self.schools[20], 4)):
            person = self.coordinators.get(school.pk) or self.heads.get(school.pk)
            reading = MeterReading.objects.get(unit=school, month=D(2024, 2, 1))
            self._step(
                D(2024, 3, 5),
                services.reading_record,
                actor=person,
                unit=school,
                month=reading.month,
                electricity_kwh=reading.electricity_kwh * factor,
                water_m3=reading.water_m3,
                confirm=True,
            )
        for school in self.schools[::9]:
            person = self.coordinators.get(school.pk) or self.heads.get(school.pk)
            self._step(
                D(2023, 8, 20),
                services.solar_add,
                actor=person,
                unit=school,
                installed_on=D(2023, 8, 15),
                capacity_kwp=Decimal(self.rng.choice([10, 15, 20, 30])),
                note="Điện mặt trời áp mái khu hiệu bộ",
            )

    def _indicator(self):
        indicator = Indicator.objects.filter(
            plan__number=PLAN_NUMBER, plan__issuing_unit=self.office, code="CT09"
        ).first()
        if indicator is None:
            return
        IndicatorValue.objects.filter(indicator=indicator).delete()
        indicator.source, indicator.source_key = IndicatorSource.COMPUTED, "programmes.enrolled"
        indicator.full_clean()
        indicator.save(update_fields=["source", "source_key", "updated_at"])
