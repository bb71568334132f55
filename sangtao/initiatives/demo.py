"""Demo records of the initiatives app, on top of the demo plan (called by sangtao/demo's load_demo).

Two campaigns of the office told through the same services the pages call: 2022-2023, closed, whose
recognised initiatives fill the library; and 2023-2024, open until 30/04/2024, with about thirty
applications in every state of the workflow. Eight schools have a council (school A's: demo-principal-a
chair, demo-coordinator-a secretary); the office's council is chaired by demo-leader. Each step runs as of
its day in the story (the demo clock is moved with SANGTAO_TODAY) and its events and notices are moved to
that day. demo-teacher-a keeps a draft that can be submitted on the story's day.

Finally the plan's indicator CT05 switches from values typed by schools to "initiatives.submitted".
What the story's people write (comments, reasons) is data in Vietnamese, like the applications themselves;
only the summary lines are translated.
"""

import contextlib
import datetime
import random

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import Notification, Role, RoleAssignment, Staff, StaffGroup, User
from sangtao.core.models import StatusEvent
from sangtao.core.text import fold
from sangtao.orgs.models import OrgUnit, SchoolYear
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue, Task

from . import demo_data as data
from . import services
from .models import (
    Campaign,
    Council,
    CouncilLevel,
    Decision,
    Initiative,
    InitiativeStatus,
    Review,
    Score,
)

D = datetime.date
S = InitiativeStatus
OFFICE_CODE = "PGDDT-Q12"
PASS = [7.5, 8, 8.5, 9, 9.5]
FAIL = [4.5, 5, 5.5, 6, 6.5]


def load_initiatives_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=OFFICE_CODE, is_demo=True).first()
    if office is None:
        return []
    if Campaign.objects.filter(unit=office).exists():
        return [_("Sáng kiến: dữ liệu mẫu đã có, không nạp lại.")]
    with transaction.atomic():
        builder = _Builder(office=office, story_day=story_day)
        builder.run()
    return builder.summary()


class _Builder:
    def __init__(self, *, office: OrgUnit, story_day: datetime.date):
        self.rng = random.Random(132012)  # Nghị định 13/2012
        self.office = office
        self.story_day = story_day
        self.units = {u.code: u for u in OrgUnit.objects.filter(is_demo=True)}
        self.first_event = (StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.first_notification = (
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.stamps: list[tuple[int, int, datetime.datetime]] = []
        self.made: dict[
            int, tuple[datetime.datetime, datetime.datetime]
        ] = {}  # initiative → (created, last step)
        self.campaigns: dict[str, Campaign] = {}

    def run(self):
        addresses = self._mute_mail()
        # Read after muting: the services notify the objects they are given.
        self.users = {u.username: u for u in User.objects.filter(is_demo=True)}
        with disable_auditlog():
            self._people()
            for spec in data.CAMPAIGNS:
                campaign = self._campaign(spec)
                for item in [i for i in data.INITIATIVES if i.campaign == spec.key]:
                    self._play(campaign, item)
                self._decision(campaign, spec)
                if spec.closed:
                    with self._on(spec.closes + datetime.timedelta(days=40)):
                        services.campaign_close(
                            actor=self.organiser,
                            campaign=campaign,
                            reason="Đã ban hành quyết định công nhận.",
                        )
            self._applications()
            self._backdate()
            self._indicator()
        User.objects.bulk_update(addresses, ["email"], batch_size=500)

    def _mute_mail(self) -> list[User]:
        """The story notifies people in the app; mail about 2023 sent while loading would only flood the
        worker's log (as in the plans demo). The addresses come back at the end."""
        people = list(User.objects.filter(is_demo=True).exclude(email=""))
        User.objects.filter(pk__in=[u.pk for u in people]).update(email="")
        return people

    # ── Time ────────────────────────────────────────────────────────────────────────────────────────

    @contextlib.contextmanager
    def _on(self, day: datetime.date, hour: int | None = None):
        """Run the services as of `day`: the demo clock says so, and the events written are moved there."""
        day = min(day, self.story_day)
        first_event = (StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first_notice = (Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        moment = timezone.make_aware(
            datetime.datetime.combine(
                day,
                datetime.time(
                    hour if hour is not None else self.rng.randint(7, 16), self.rng.randrange(0, 60, 5)
                ),
            )
        )
        with override_settings(SANGTAO_TODAY=day):
            yield moment
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
                if bounds and row.pk >= bounds[0][index]:
                    setattr(row, attr, bounds[step][2] + datetime.timedelta(minutes=offset))
                    offset += 1
        StatusEvent.objects.bulk_update(events, ["at"], batch_size=500)
        Notification.objects.bulk_update(notices, ["created_at"], batch_size=500)
        rows = list(Initiative.objects.filter(pk__in=self.made))
        for row in rows:
            row.created_at, row.updated_at = self.made[row.pk]
        Initiative.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=200)

    def _after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day + datetime.timedelta(days=self.rng.randint(low, high))

    # ── People ──────────────────────────────────────────────────────────────────────────────────────

    def _people(self):
        """An account for one teacher of each council school (school A has demo-teacher-a), and co-authors in
        the staff registry where the school has too few teachers."""
        self.organiser = self.users[data.ORGANISER]
        self.writer: dict[str, User] = {data.A: self.users["demo-teacher-a"]}
        password = self.users["demo-leader"].password  # the same demo password as every other account
        for code, (username, full_name, subject) in data.WRITERS.items():
            school = self.units[code]
            user = self.users.get(username)
            if user is None:
                user = User.objects.create(
                    username=username, full_name=full_name, unit=school, is_demo=True, password=password
                )
                RoleAssignment.objects.create(user=user, role=Role.TEACHER, unit=school)
                self.users[username] = user
            staff = Staff.objects.filter(unit=school, full_name=full_name).first()
            if staff is None:
                staff = Staff(
                    unit=school,
                    full_name=full_name,
                    group=StaffGroup.GV,
                    subject=subject,
                    position="Giáo viên",
                )
            staff.user = user
            staff.save()
            self.writer[code] = user
        self.co_authors: dict[str, list[Staff]] = {}
        for code, names in data.CO_AUTHORS.items():
            school = self.units[code]
            people = []
            for name in names:
                staff = Staff.objects.filter(unit=school, full_name=name).first()
                if staff is None:
                    staff = Staff.objects.create(
                        unit=school,
                        full_name=name,
                        name_folded=fold(name),
                        group=StaffGroup.GV,
                        position="Giáo viên",
                    )
                people.append(staff)
            self.co_authors[code] = people

    def _head(self, code: str) -> User:
        return (
            RoleAssignment.objects.select_related("user").get(role=Role.PRINCIPAL, unit=self.units[code]).user
        )

    def _coordinator(self, code: str) -> User:
        return (
            RoleAssignment.objects.select_related("user")
            .get(role=Role.COORDINATOR, unit=self.units[code])
            .user
        )

    # ── Campaigns and councils ──────────────────────────────────────────────────────────────────────

    def _campaign(self, spec: data.Campaign) -> Campaign:
        year, _created = SchoolYear.objects.get_or_create(
            name=spec.year, defaults={"start": spec.year_start, "end": spec.year_end, "is_current": False}
        )
        tasks = (
            list(
                Task.objects.filter(
                    plan__number=data.PLAN_NUMBER, plan__issuing_unit=self.office, number__in=data.PLAN_TASKS
                )
            )
            if not spec.closed
            else []
        )
        with self._on(spec.opens - datetime.timedelta(days=5)):
            campaign = services.campaign_create(
                actor=self.organiser,
                unit=self.office,
                school_year=year,
                title=spec.title,
                description=spec.description,
                opens_on=spec.opens,
                closes_on=spec.closes,
                tasks=tasks,
            )
        with self._on(spec.opens):
            services.campaign_open(actor=self.organiser, campaign=campaign)
        with self._on(spec.opens + datetime.timedelta(days=3)):
            council = services.council_create(actor=self.organiser, campaign=campaign, unit=self.office)
            for username, role in data.OFFICE_COUNCIL:
                services.council_member_add(
                    actor=self.organiser, council=council, user=self.users[username], role=role
                )
        for code in data.COUNCIL_SCHOOLS:
            head = self._head(code)
            with self._on(self._after(spec.opens, 4, 12)):
                council = services.council_create(actor=head, campaign=campaign, unit=self.units[code])
                services.council_member_add(actor=head, council=council, user=head, role="chair")
                services.council_member_add(
                    actor=head, council=council, user=self._coordinator(code), role="secretary"
                )
        self.campaigns[spec.key] = campaign
        return campaign

    # ── An initiative, step by step ─────────────────────────────────────────────────────────────────

    def _start_day(self, campaign: Campaign, state: str) -> datetime.date:
        base = campaign.opens_on
        window = {
            "recognised_office": (4, 18),
            "forwarded": (6, 20),
            "office_failed": (4, 18),
            "recognised_school": (15, 45),
            "not_recognised": (15, 45),
            "in_review": (60, 95),
            "withdrawn": (60, 100),
            "submitted": (100, 118),
            "draft": (105, 125),
        }[state.split(":")[0]]
        return self._after(base, *window)

    def _authors(self, item: data.Spec) -> list[dict]:
        writer = self.writer[item.school]
        others = list(self.co_authors[item.school])
        self.rng.shuffle(others)
        authors = [{"user": writer, "share": item.shares[0]}]
        for share, staff in zip(item.shares[1:], others, strict=False):
            authors.append({"staff": staff, "share": share})
        return authors

    def _marks(self, passing: bool) -> dict:
        pool = PASS if passing else FAIL
        return {
            "novelty": self.rng.choice(pool),
            "applicability": self.rng.choice(pool),
            "benefit": self.rng.choice(pool),
        }

    def _score(
        self,
        review: Review,
        initiative: Initiative,
        day: datetime.date,
        *,
        passing: bool,
        count: int | None = None,
    ) -> datetime.date:
        eligible = services.eligible_members(review.council, initiative)
        for member in eligible[: len(eligible) if count is None else count]:
            day = self._after(day, 1, 4)
            with self._on(day):
                comment = (
                    self.rng.choice(
                        [
                            "Giải pháp thiết thực, có số liệu minh chứng.",
                            "Cần nêu rõ hơn điểm mới so với cách làm trước.",
                            "Có thể nhân rộng ở các trường cùng cấp học.",
                            "",
                        ]
                    )
                    if passing
                    else "Chưa thể hiện tính mới; hiệu quả chưa có số liệu."
                )
                services.score_submit(
                    actor=member.user, review=review, values=self._marks(passing), comment=comment
                )
        return day

    def _play(self, campaign: Campaign, item: data.Spec):
        state, _sep, extra = item.state.partition(":")
        writer = self.writer[item.school]
        head = self._head(item.school)
        day = self._start_day(campaign, item.state)
        with self._on(day) as created:
            initiative = services.initiative_create(
                actor=writer,
                campaign=campaign,
                authors=self._authors(item),
                title=item.title,
                field=item.field,
                current_state=item.current_state,
                solution=item.solution,
                novelty=item.novelty,
                applied_where=item.where,
                applied_since=self._after(campaign.school_year.start, 5, 40),
                benefit=item.benefit,
                conditions=data.CONDITIONS,
            )
        last = created
        if state != "draft":
            day = self._after(day, 3, 12)
            with self._on(day) as last:
                services.initiative_submit(actor=writer, initiative=initiative)
        if state == "withdrawn":
            day = self._after(day, 2, 8)
            with self._on(day) as last:
                services.initiative_withdraw(
                    actor=writer,
                    initiative=initiative,
                    reason="Xin rút để bổ sung số liệu, nộp lại ở đợt sau.",
                )
        if state in (
            "in_review",
            "not_recognised",
            "recognised_school",
            "forwarded",
            "office_failed",
            "recognised_office",
        ):
            day = self._after(day, 4, 10)
            with self._on(day) as last:
                review = services.review_start(actor=head, initiative=initiative)
            passing = state != "not_recognised"
            count = int(extra) if state == "in_review" else None
            day = self._score(review, initiative, day, passing=passing, count=count)
            if state != "in_review":
                day = self._after(day, 1, 4)
                with self._on(day) as last:
                    services.review_close(actor=head, review=review)
        if state in ("forwarded", "office_failed", "recognised_office"):
            day = self._after(day, 2, 7)
            with self._on(day) as last:
                services.initiative_forward(
                    actor=head,
                    initiative=initiative,
                    note="Sáng kiến có phạm vi ảnh hưởng, đề nghị Phòng xét công nhận.",
                )
            if state != "forwarded" or extra:
                day = max(self._after(day, 3, 8), campaign.opens_on + datetime.timedelta(days=75))
                with self._on(day) as last:
                    review = services.review_start(actor=self.organiser, initiative=initiative)
                count = int(extra) if state == "forwarded" else None
                day = self._score(review, initiative, day, passing=state != "office_failed", count=count)
                if state != "forwarded":
                    day = self._after(day, 1, 3)
                    with self._on(day) as last:
                        services.review_close(actor=self.users["demo-leader"], review=review)
        self.made[initiative.pk] = (created, last)

    def _decision(self, campaign: Campaign, spec: data.Campaign):
        number, signed_on = spec.decision
        recognised = list(campaign.initiatives.filter(status=S.RECOGNISED_OFFICE))
        if not recognised or signed_on > self.story_day:
            return
        leader = self.users["demo-leader"]
        with self._on(signed_on):
            services.decision_issue(
                actor=leader,
                campaign=campaign,
                unit=self.office,
                number=number,
                signed_on=signed_on,
                place="Quận 12",
                signer_name=self.office.head_name,
                signer_title="TRƯỞNG PHÒNG",
                initiatives=recognised,
            )

    def _applications(self):
        previous = self.campaigns["previous"]
        for title, code, place, since, text in data.APPLICATIONS:
            initiative = previous.initiatives.get(title__startswith=title)
            if code:
                actor, unit = self._head(code), self.units[code]
            else:
                actor, unit = self.writer[initiative.unit.code], None
            with self._on(since + datetime.timedelta(days=30)):
                services.application_record(
                    actor=actor, initiative=initiative, unit=unit, place=place, since=since, description=text
                )

    # ── The plan ────────────────────────────────────────────────────────────────────────────────────

    def _indicator(self):
        code, key = data.INDICATOR
        indicator = Indicator.objects.filter(
            plan__number=data.PLAN_NUMBER, plan__issuing_unit=self.office, code=code
        ).first()
        if indicator is None:
            return
        IndicatorValue.objects.filter(indicator=indicator).delete()
        indicator.source, indicator.source_key = IndicatorSource.COMPUTED, key
        indicator.full_clean()
        indicator.save(update_fields=["source", "source_key", "updated_at"])

    def summary(self) -> list[str]:
        initiatives = Initiative.objects.filter(campaign__unit=self.office)
        counts = dict(initiatives.values_list("status").annotate(n=Count("id")))
        states = ", ".join(f"{s.label} {counts[s.value]}" for s in S if counts.get(s.value))
        councils = Council.objects.filter(campaign__unit=self.office)
        return [
            _("Sáng kiến: %(c)d đợt xét, %(n)d sáng kiến (%(s)s)")
            % {"c": len(self.campaigns), "n": initiatives.count(), "s": states},
            _("Hội đồng sáng kiến: %(n)d (%(o)d cấp Phòng); phiếu chấm: %(p)d; quyết định công nhận: %(d)d")
            % {
                "n": councils.count(),
                "o": councils.filter(level=CouncilLevel.OFFICE).count(),
                "p": Score.objects.filter(council__in=councils).count(),
                "d": Decision.objects.filter(campaign__unit=self.office).count(),
            },
            _("Chỉ tiêu %(code)s tính từ nguồn “%(key)s”")
            % {"code": data.INDICATOR[0], "key": data.INDICATOR[1]},
        ]
