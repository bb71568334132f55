"""Demo records of the honours app, on top of the demo plan (called by sangtao/demo's load_demo).

School year 2022-2023 closes with the office's decision of 20/07/2023 (Lao động tiên tiến, Chiến sĩ
thi đua cơ sở, Tập thể lao động tiên tiến). In 2023-2024 the schools propose whom to honour for the
first term's innovation movement: most proposals are approved by the decision of 26/01/2024 (about 40
individuals and 10 collectives with their initiatives and contest awards as evidence), one is returned
and sent again, a few wait for the office, one is still a draft. Each step runs as of its day. Finally
the plan's indicator CT10 switches from values typed by schools to this app's computed `honours.honoured`.
"""

import datetime
import random

from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from sangtao.accounts.models import Role, Staff, StaffGroup, User
from sangtao.core.text import fold
from sangtao.orgs.models import OrgUnit
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue

from . import refs as hrefs
from . import services
from .models import Commendation, HonourTitle, Proposal, ProposalStatus, RecipientKind

OFFICE_CODE = "PGDDT-Q12"
PLAN_NUMBER = "454/KH-GDĐT"
D = datetime.date
ISSUER = "Trưởng phòng Giáo dục và Đào tạo Quận 12"
REASONS_PERSON = [
    "Có sáng kiến được Hội đồng sáng kiến công nhận, áp dụng hiệu quả tại trường",
    "Hướng dẫn học sinh đạt giải Hội thi sáng tạo thanh thiếu niên nhi đồng cấp Quận",
    "Tích cực ứng dụng công nghệ thông tin, chuyển đổi số trong dạy học",
    "Xây dựng và vận hành câu lạc bộ STEM của trường hoạt động đều đặn",
    "Hoàn thành xuất sắc nhiệm vụ, tiêu biểu trong phong trào đổi mới sáng tạo",
]
REASONS_GROUP = [
    "Dẫn đầu phong trào phát huy sáng kiến, đổi mới sáng tạo của trường",
    "Tổ chức hiệu quả Ngày hội STEM và các hoạt động trải nghiệm khoa học",
    "Có nhiều sáng kiến, giải pháp được công nhận và nhân rộng",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Huỳnh", "Phan"]
MIDDLE = ["Thị", "Văn", "Ngọc", "Minh", "Thanh", "Hoàng", "Thu", "Quốc"]
GIVEN = ["Lan", "Hùng", "Mai", "Tuấn", "Hương", "Phúc", "Trang", "Khoa", "Yến", "Dũng", "Nhung", "Sơn"]
SUBJECTS = ["Toán", "Ngữ văn", "Khoa học tự nhiên", "Tin học", "Tiếng Anh", "Công nghệ"]
GROUPS = ["Tổ Khoa học tự nhiên", "Tổ Toán – Tin học", "Tổ Ngữ văn", "Tổ chuyên môn khối 5", "Tổ Tiếng Anh"]


def load_honours_demo(*, story_day: datetime.date) -> list[str]:
    office = OrgUnit.objects.filter(code=OFFICE_CODE, is_demo=True).first()
    if office is None:
        return []
    if Commendation.objects.filter(unit__is_demo=True).exists():
        return [_("Khen thưởng: dữ liệu mẫu đã có, không nạp lại.")]
    with transaction.atomic():
        # The story notifies people in the app; mail about 2023 would only flood the worker's log.
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
        users = {u.username: u for u in User.objects.filter(is_demo=True)}
        self.leader = users["demo-leader"]
        self.specialist = users["demo-specialist"]
        self.schools = list(OrgUnit.objects.filter(is_demo=True).schools().active().order_by("path"))
        staff = Staff.objects.filter(
            unit__in=self.schools, left_on__isnull=True, group__in=[StaffGroup.GV, StaffGroup.CBQL]
        ).order_by("unit_id", "id")
        self.staff: dict[int, list[Staff]] = {}
        for person in staff:
            self.staff.setdefault(person.unit_id, []).append(person)
        self.heads = {
            ra_unit: user
            for user, ra_unit in User.objects.filter(
                is_demo=True, role_assignments__role=Role.PRINCIPAL, role_assignments__unit__in=self.schools
            ).values_list("pk", "role_assignments__unit")
        }
        self.head_users = {u.pk: u for u in User.objects.filter(pk__in=self.heads.values())}

    def _on(self, day):
        return override_settings(
            SANGTAO_TODAY=min(day, self.story_day),
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
        )

    def _head(self, school):
        pk = self.heads.get(school.pk)
        return self.head_users.get(pk) if pk else None

    def _people(self, school, n):
        pool = self.staff.get(school.pk, [])
        return self.rng.sample(pool, min(n, len(pool)))

    def _complete_registries(self, schools):
        """Schools whose staff registry holds fewer than three teachers get a few more (the registry
        is what a proposal picks people from)."""
        new = []
        for school in schools:
            for _n in range(3 - len(self.staff.get(school.pk, []))):
                name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
                new.append(
                    Staff(
                        unit=school,
                        full_name=name,
                        name_folded=fold(name),
                        group=StaffGroup.GV,
                        subject=self.rng.choice(SUBJECTS),
                    )
                )
        for person in Staff.objects.bulk_create(new):
            self.staff.setdefault(person.unit_id, []).append(person)

    def run(self) -> list[str]:
        staffed = [s for s in self.schools if self._head(s)]
        self.rng.shuffle(staffed)
        staffed = staffed[:27]
        self._complete_registries(staffed)
        self._last_year(staffed[:10])
        self._proposals(staffed[10:27])
        self._indicator()
        this_year = Commendation.objects.filter(year=2024)
        return [
            _(
                "Khen thưởng: %(i)d cá nhân, %(c)d tập thể năm học 2023-2024; %(o)d khen thưởng năm học 2022-2023"
            )
            % {
                "i": this_year.filter(kind=RecipientKind.INDIVIDUAL).count(),
                "c": this_year.filter(kind=RecipientKind.COLLECTIVE).count(),
                "o": Commendation.objects.filter(year=2023).count(),
            },
            _("Đề nghị khen thưởng: %(a)d đã duyệt, %(s)d chờ duyệt, %(r)d trả lại, %(d)d bản nháp")
            % {
                "a": Proposal.objects.filter(status=ProposalStatus.APPROVED).count(),
                "s": Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count(),
                "r": Proposal.objects.filter(status=ProposalStatus.RETURNED).count(),
                "d": Proposal.objects.filter(status=ProposalStatus.DRAFT).count(),
            },
            _("Chỉ tiêu CT10 tính tự động (honours.honoured)"),
        ]

    def _last_year(self, schools):
        """The office's decision closing 2022-2023, recorded directly."""
        with self._on(D(2023, 7, 25)):
            for i, school in enumerate(schools):
                for person, title in zip(
                    self._people(school, 2), [HonourTitle.CSTD_CO_SO, HonourTitle.LDTT], strict=False
                ):
                    services.commendation_create(
                        actor=self.specialist,
                        kind=RecipientKind.INDIVIDUAL,
                        unit=school,
                        staff=person,
                        title=title,
                        reason=self.rng.choice(REASONS_PERSON),
                        decision_number="298/QĐ-GDĐT",
                        decision_date=D(2023, 7, 20),
                        issuer=ISSUER,
                    )
                if i % 3 == 0:
                    services.commendation_create(
                        actor=self.specialist,
                        kind=RecipientKind.COLLECTIVE,
                        unit=school,
                        title=HonourTitle.TT_LDTT,
                        reason=self.rng.choice(REASONS_GROUP),
                        decision_number="298/QĐ-GDĐT",
                        decision_date=D(2023, 7, 20),
                        issuer=ISSUER,
                    )

    def _student_with_consent(self, school):
        from sangtao.contests.models import StudentConsent
        from sangtao.contests.selectors import may_publish_name

        for consent in StudentConsent.objects.filter(student__unit=school, publish_name=True).select_related(
            "student"
        ):
            if may_publish_name(consent.student, consent):
                return consent.student
        return None

    def _proposals(self, schools):
        """2023-2024, first term: the schools propose; the office decides on 26/01/2024."""
        created = []
        for i, school in enumerate(schools):
            head = self._head(school)
            day = D(2024, 1, 8) + datetime.timedelta(days=i % 7)
            with self._on(day):
                proposal = services.proposal_create(
                    actor=head,
                    unit=school,
                    year=2024,
                    title="Đề nghị khen thưởng phong trào sáng kiến, đổi mới sáng tạo học kỳ I năm học 2023-2024",
                )
                evidence = [ref for ref, _label in hrefs.candidates_for_unit(school)]
                for person in self._people(school, 3):
                    services.proposal_item_add(
                        actor=head,
                        proposal=proposal,
                        kind=RecipientKind.INDIVIDUAL,
                        staff=person,
                        title=HonourTitle.GIAY_KHEN_PHONG,
                        reason=self.rng.choice(REASONS_PERSON),
                        evidence_refs=self.rng.sample(evidence, min(1, len(evidence))),
                    )
                student = self._student_with_consent(school)
                if student is not None:
                    services.proposal_item_add(
                        actor=head,
                        proposal=proposal,
                        kind=RecipientKind.INDIVIDUAL,
                        student=student,
                        title=HonourTitle.GIAY_KHEN_PHONG,
                        reason="Đạt giải Hội thi sáng tạo thanh thiếu niên nhi đồng cấp Quận",
                        evidence_refs=[r for r in evidence if r.startswith(hrefs.AWARD)][:1],
                    )
                if i % 3 != 2:
                    services.proposal_item_add(
                        actor=head,
                        proposal=proposal,
                        kind=RecipientKind.COLLECTIVE,
                        collective_name=self.rng.choice(GROUPS),
                        title=HonourTitle.GIAY_KHEN_PHONG,
                        reason=self.rng.choice(REASONS_GROUP),
                        evidence_refs=evidence[:1],
                    )
                if i < len(schools) - 1:  # the last school's proposal stays a draft
                    services.proposal_submit(actor=head, proposal=proposal)
            created.append(proposal)
        to_approve, rest = created[:13], created[13:-1]
        # One proposal is returned for missing evidence, completed and sent again before the decision.
        returned = to_approve[0]
        with self._on(D(2024, 1, 17)):
            services.proposal_return(
                actor=self.specialist,
                proposal=returned,
                reason="Bổ sung minh chứng sáng kiến được công nhận cho từng cá nhân.",
            )
        with self._on(D(2024, 1, 19)):
            services.proposal_submit(actor=self._head(returned.unit), proposal=returned)
        with self._on(D(2024, 1, 26)):
            for proposal in to_approve:
                items = list(proposal.items.all())
                # The office does not approve every line of every proposal.
                chosen = items if len(items) < 4 or self.rng.random() < 0.7 else items[:-1]
                services.proposal_approve(
                    actor=self.leader,
                    proposal=proposal,
                    decision_number="45/QĐ-GDĐT",
                    decision_date=D(2024, 1, 26),
                    issuer=ISSUER,
                    items=chosen,
                )
        # Of the later ones, one is returned and waits for the school; the others wait for the office.
        if rest:
            with self._on(D(2024, 3, 12)):
                services.proposal_return(
                    actor=self.specialist,
                    proposal=rest[0],
                    reason="Lý do khen của tập thể chưa nêu thành tích cụ thể; đề nghị bổ sung số liệu.",
                )

    def _indicator(self):
        indicator = Indicator.objects.filter(
            plan__number=PLAN_NUMBER, plan__issuing_unit=self.office, code="CT10"
        ).first()
        if indicator is None:
            return
        IndicatorValue.objects.filter(indicator=indicator).delete()
        indicator.source, indicator.source_key = IndicatorSource.COMPUTED, "honours.honoured"
        indicator.full_clean()
        indicator.save(update_fields=["source", "source_key", "updated_at"])
