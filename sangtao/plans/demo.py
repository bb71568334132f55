"""The demo: Quận 12's education sector in 2024 and its plan 454/KH-GDĐT, half-way through the school year.

`load_demo` builds the units, people and plan from `sangtao.orgs.demo_data`, issues the plan, then lets
the people of every school work on it through the same services that the pages call, so that statuses,
events and notifications are what clicking would have produced. The story stands in mid-March 2024:
the semester-I deadline (15/01/2024) has passed, the year-end one (31/05/2024) has not. Afterwards the
timestamps of that story (events, submission and review times, evidence, notifications) are moved to the
days on which it happened, so that "on time" and "late" mean what they say.

Nothing here runs in production: the `load_demo` command refuses unless `SANGTAO_DEMO` is on.
"""

import datetime
import random
import struct
import time
import unicodedata
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from auditlog.context import disable_auditlog, set_actor
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from sangtao.accounts.models import Notification, Role, RoleAssignment, Staff, Student, User
from sangtao.core.models import StatusEvent
from sangtao.core.text import fold
from sangtao.orgs import demo_data as data
from sangtao.orgs.models import OrgUnit, SchoolYear, UnitKind, UnitYearStats

from . import services
from .models import (
    Assignment,
    AssignmentStatus,
    Evidence,
    Indicator,
    PeriodReport,
    PeriodReportStatus,
    Plan,
    PlanBasis,
    PlanImport,
    PlanRecipient,
    ReportingPeriod,
    Task,
    TaskKind,
)

STORY_DAY = datetime.date(2024, 3, 15)
ISSUE_DAY = datetime.date(2023, 10, 30)  # the plan is dated and assigned that day
S = AssignmentStatus

# What a school has done with each task by mid-March, by the task's deadline: (status, weight).
WEIGHTS = {
    "early": [(S.APPROVED, 45), (S.SUBMITTED, 15), (S.RETURNED, 8), (S.IN_PROGRESS, 20), (S.NOT_STARTED, 12)],
    "spring": [
        (S.APPROVED, 15),
        (S.SUBMITTED, 20),
        (S.RETURNED, 5),
        (S.IN_PROGRESS, 40),
        (S.NOT_STARTED, 20),
    ],
    "late": [(S.APPROVED, 6), (S.SUBMITTED, 8), (S.RETURNED, 4), (S.IN_PROGRESS, 42), (S.NOT_STARTED, 40)],
}
# A few schools are behind on everything: the office must be able to see who.
LAGGING = [(S.IN_PROGRESS, 30), (S.NOT_STARTED, 70)]
# Schools A and B are fixed: the persona tests and the browser test rely on them.
FIXED = {
    data.SCHOOL_A: {
        data.SCHOOL_A_IN_PROGRESS_TASK: S.IN_PROGRESS,  # without evidence: the browser test attaches some
        "I.2": S.APPROVED,
        "II.2.1.a": S.APPROVED,
        "II.2.1.b": S.APPROVED,
        "II.3.1": S.APPROVED,
        "II.1.1": S.RETURNED,
    },
    data.SCHOOL_B: {
        "I.4": S.SUBMITTED,
        "I.2": S.APPROVED,
        "II.2.1.a": S.APPROVED,
        "II.3.1": S.RETURNED,
        "I.1": S.IN_PROGRESS,
        "II.1.1": S.IN_PROGRESS,
    },
}


def load_demo(*, password: str, today: datetime.date | None = None) -> dict | None:
    """Load the demo once; returns counts of what was made, or None when demo units already exist.

    The story's dates never pass `today` (by default the real one), nor mid-March 2024.
    """
    if OrgUnit.objects.filter(is_demo=True).exists():
        return None
    started = time.monotonic()
    story_day = min(STORY_DAY, today or timezone.localdate())
    with transaction.atomic():
        builder = _Builder(password=password, story_day=story_day)
        builder.run()
    summary = builder.summary()
    summary["seconds"] = round(time.monotonic() - started, 1)
    summary["story_day"] = story_day
    return summary


class _Builder:
    def __init__(self, *, password: str, story_day: datetime.date):
        self.rng = random.Random(454)
        # One hash for everyone: hashing the password 150 times would take a minute.
        self.password_hash = make_password(password)
        self.story_day = story_day
        self.units: dict[str, OrgUnit] = {}
        self.users: dict[str, User] = {}
        self.principal: dict[int, User] = {}  # by unit id
        self.coordinator: dict[int, User] = {}
        self.specialist: dict[int, User] = {}  # by team id
        self.tasks: dict[str, Task] = {}
        # (content type id, object id) → action → story datetimes, in the order the actions happened.
        self.stamps: dict[tuple[int, int], dict[str, list[datetime.datetime]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.evidence_at: dict[int, datetime.datetime] = {}
        self.submitted_at: dict[int, datetime.datetime] = {}
        self.reviewed_at: dict[int, datetime.datetime] = {}
        self.first_event = (StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.first_notification = (
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.files = 0

    def run(self):
        year = self._years()
        self._units(year)
        self._people()
        self._registries()
        plan = self._plan()
        self._plan_import()
        # The story's two thousand scripted steps stay out of the audit trail: it records changes that
        # people make (with the moment they made them), and the story is told by the status events,
        # which are moved to their days below. Loading also takes a quarter less time this way.
        with disable_auditlog():
            self._work(plan)
            self._period_reports(plan)
            self._indicator_values(plan)
            self._backdate()
        # Addresses come last: the story above notifies people in the app, and mail sent while loading
        # would only flood the worker's log with messages about 2024.
        for user in self.users.values():
            user.email = f"{user.username}@{data.EMAIL_DOMAIN}"
            user.fold_names()  # the users page searches the address too
        User.objects.bulk_update(self.users.values(), ["email", "name_folded"], batch_size=500)

    # ── Time ────────────────────────────────────────────────────────────────────────────────────────

    def _at(self, day: datetime.date, after: datetime.datetime | None = None) -> datetime.datetime:
        """A working-hours moment on `day` (never after the story's day), later than `after`."""
        day = min(day, self.story_day)
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(7, 16), self.rng.randrange(0, 60, 5))
        )
        moment = timezone.make_aware(moment)
        if after is not None and moment <= after:
            moment = after + datetime.timedelta(minutes=self.rng.randint(20, 240))
        return moment

    def _stamp(self, obj, action: str, at: datetime.datetime):
        ct = ContentType.objects.get_for_model(obj)
        self.stamps[(ct.pk, obj.pk)][action].append(at)

    # ── Units and people ────────────────────────────────────────────────────────────────────────────

    def _years(self) -> SchoolYear:
        for name, start, end, current in data.SCHOOL_YEARS:
            SchoolYear.objects.get_or_create(
                name=name, defaults={"start": start, "end": end, "is_current": current}
            )
        return SchoolYear.objects.get(name=data.STATS_YEAR)

    def _unit(self, parent, order, **fields) -> OrgUnit:
        unit = OrgUnit(
            parent=parent,
            is_demo=True,
            province_code=data.PROVINCE_CODE,
            sort_order=order,
            email=f"{fields['code'].lower()}@{data.EMAIL_DOMAIN}",
            **fields,
        )
        unit.full_clean()
        unit.save()  # one by one: save() derives the materialised path from the parent's
        self.units[unit.code] = unit
        return unit

    def _units(self, year: SchoolYear):
        root = self._unit(None, 0, **data.ROOT)
        office = self._unit(root, 1, **data.OFFICE)
        for order, (code, name) in enumerate(data.TEAMS):
            self._unit(office, order, code=code, name=name, kind=UnitKind.TEAM)
        for order, (code, name, short) in enumerate(data.PARTNERS, start=2):
            self._unit(root, order, code=code, name=name, short_name=short, kind=UnitKind.PARTNER)
        stats = []
        for order, school in enumerate(data.SCHOOLS + data.AFFILIATED, start=10):
            kind = UnitKind.AFFILIATED if school.level == "DVTN" else UnitKind.SCHOOL
            unit = self._unit(
                office,
                order,
                kind=kind,
                code=school.code,
                name=school.name,
                short_name=school.short_name,
                level=school.level,
                ownership=school.ownership,
                ward_name=school.ward_name,
                address=school.address,
                head_name=school.head_name,
                phone=school.phone,
            )
            stats.append(
                UnitYearStats(
                    unit=unit,
                    year=year,
                    students=school.students,
                    managers=school.managers,
                    teachers=school.teachers,
                    staff=school.staff,
                )
            )
        UnitYearStats.objects.bulk_create(stats)
        self.schools = [u for u in self.units.values() if u.kind in (UnitKind.SCHOOL, UnitKind.AFFILIATED)]

    def _name(self, female: bool) -> str:
        middle = data.FEMALE_MIDDLE if female else data.MALE_MIDDLE
        given = data.FEMALE_GIVEN if female else data.MALE_GIVEN
        return f"{self.rng.choice(data.FAMILY_NAMES)} {self.rng.choice(middle)} {self.rng.choice(given)}"

    def _people(self):
        rows = []  # (user, role, scope, team)
        for spec in data.DEMO_USERS:
            scope = self.units[spec.scope]
            user = User(
                username=spec.username,
                full_name=spec.full_name or scope.head_name,
                unit=self.units[spec.home or spec.scope],
                is_staff=spec.is_staff,
            )
            rows.append((user, spec.role, scope, self.units.get(spec.team)))
        for school in self.schools:
            if school.code != data.SCHOOL_A and school.code != data.SCHOOL_B:
                head = User(username=f"ht-{school.code.lower()}", full_name=school.head_name, unit=school)
                rows.append((head, Role.PRINCIPAL, school, None))
            if school.code != data.SCHOOL_A:
                female = self.rng.random() < (0.9 if school.level == "MN" else 0.65)
                coordinator = User(
                    username=f"pt-{school.code.lower()}", full_name=self._name(female), unit=school
                )
                rows.append((coordinator, Role.COORDINATOR, school, None))
        for user, *_rest in rows:
            user.password = self.password_hash
            user.is_demo = True
        User.objects.bulk_create([row[0] for row in rows])
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=role, unit=scope, team=team) for user, role, scope, team in rows
        )
        for user, role, scope, team in rows:
            self.users[user.username] = user
            if role == Role.PRINCIPAL:
                self.principal[scope.pk] = user
            elif role == Role.COORDINATOR:
                self.coordinator[scope.pk] = user
            elif role == Role.SPECIALIST:
                self.specialist[team.pk] = user
        self.leader = self.users["demo-leader"]

    def _registries(self):
        staff = []
        for code, name, group, subject, position, username in data.STAFF:
            user = self.users.get(username)
            full_name = name or user.full_name
            staff.append(
                Staff(
                    unit=self.units[code],
                    full_name=full_name,
                    name_folded=fold(full_name),
                    group=group,
                    subject=subject,
                    position=position,
                    user=user,
                )
            )
        Staff.objects.bulk_create(staff)
        Student.objects.bulk_create(
            Student(
                unit=self.units[code],
                full_name=name,
                name_folded=fold(name),
                grade=grade,
                class_name=class_name,
            )
            for code, name, grade, class_name in data.STUDENTS
        )

    # ── The plan ────────────────────────────────────────────────────────────────────────────────────

    def _plan(self) -> Plan:
        office = self.units[data.OFFICE["code"]]
        with set_actor(self.leader):
            plan = services.plan_create(actor=self.leader, issuing_unit=office, **data.PLAN)
        self._stamp(plan, "create", self._at(datetime.date(2023, 10, 25)))
        PlanBasis.objects.bulk_create(
            PlanBasis(plan=plan, text=text, order=i) for i, text in enumerate(data.BASES)
        )
        PlanRecipient.objects.bulk_create(
            PlanRecipient(plan=plan, label=label, purpose=purpose, unit=self.units.get(code), order=i)
            for i, (label, purpose, code) in enumerate(data.RECIPIENTS)
        )
        order = iter(range(1, 1000))
        for node in data.TASKS:
            self._task(plan, None, node, order)
        for i, spec in enumerate(data.INDICATORS):
            indicator = Indicator(
                plan=plan,
                task=self.tasks.get(spec.task),
                code=spec.code,
                name=spec.name,
                measure=spec.measure,
                target=spec.target,
                unit_of_measure=spec.unit_of_measure,
                source=spec.source,
                source_key=spec.source_key,
                order=i,
            )
            indicator.full_clean()
            indicator.save()
        for name, kind, start, end, due in data.PERIODS:
            period = ReportingPeriod(plan=plan, name=name, kind=kind, start=start, end=end, due=due)
            period.full_clean()
            period.save()
        # Assign first and quietly: the issue below then finds every assignment made and sends no notice
        # to 70 schools × 16 tasks, which in a demo is noise.
        with set_actor(self.leader):
            for task in plan.tasks.filter(kind=TaskKind.TASK).order_by("order"):
                services.task_sync_assignments(task=task, actor=self.leader, notify_units=False)
            services.plan_issue(actor=self.leader, plan=plan)
        return plan

    def _plan_import(self):
        """The office's next plan, the STEM day of February 2024, read from its text and waiting for review."""
        from .importer import services as import_services

        sample = Path(__file__).parent / "importer" / "samples" / "ke-hoach-ngay-hoi-stem-q12.txt"
        specialist = self.users["demo-specialist"]
        with set_actor(specialist):
            draft = import_services.plan_import_start(
                actor=specialist,
                office=self.units[data.OFFICE["code"]],
                text=sample.read_text(encoding="utf-8"),
            )
        at = self._at(datetime.date(2024, 2, 21))
        self._stamp(draft, "create", at)
        PlanImport.objects.filter(pk=draft.pk).update(created_at=at, updated_at=at)

    def _task(self, plan: Plan, parent: Task | None, node: dict, order):
        task = Task(
            plan=plan,
            parent=parent,
            kind=node["kind"],
            number=node["number"],
            title=node["title"],
            order=next(order),
        )
        if node["kind"] == TaskKind.TASK:
            task.description = node["description"]
            task.lead_unit = self.units[node["lead"]]
            task.start, task.end = node["start"], node["end"]
            task.expected_output = node["output"]
            if node["levels"]:
                task.implementing_rule = {"kinds": data.IMPLEMENTING_KINDS, "levels": node["levels"]}
        task.full_clean()
        task.save()
        if node["kind"] == TaskKind.TASK:
            task.partner_units.set([self.units[code] for code in node["partners"]])
        self.tasks[task.number] = task
        for child in node["children"]:
            self._task(plan, task, child, order)

    # ── Half a year of work ─────────────────────────────────────────────────────────────────────────

    def _status_for(self, assignment: Assignment, lagging: bool) -> str:
        fixed = FIXED.get(assignment.unit.code)
        if fixed is not None:
            return fixed.get(assignment.task.number, S.NOT_STARTED)
        if lagging:
            weights = LAGGING
        elif assignment.task.end <= data.MID:
            weights = WEIGHTS["early"]
        elif assignment.task.end <= STORY_DAY + datetime.timedelta(days=30):
            weights = WEIGHTS["spring"]
        else:
            weights = WEIGHTS["late"]
        statuses, w = zip(*weights, strict=True)
        return self.rng.choices(statuses, weights=w)[0]

    def _work(self, plan: Plan):
        assignments = list(
            Assignment.objects.filter(task__plan=plan)
            .select_related("unit", "task__plan")
            .order_by("unit__path", "task__order")
        )
        lagging = {
            u.pk for u in self.rng.sample(self.schools, 6) if u.code not in (data.SCHOOL_A, data.SCHOOL_B)
        }
        self.status_by_unit: dict[int, Counter] = defaultdict(Counter)
        for assignment in assignments:
            status = self._status_for(assignment, assignment.unit_id in lagging)
            self.status_by_unit[assignment.unit_id][status] += 1
            if status != S.NOT_STARTED:
                self._play(assignment, status)

    def _report_text(self, number: str) -> str:
        return data.REPORTS[number].format(
            n=self.rng.randint(15, 180), m=self.rng.randint(2, 12), p=self.rng.randint(3, 40)
        )

    def _play(self, assignment: Assignment, status: str):
        unit, task = assignment.unit, assignment.task
        coordinator, head = self.coordinator[unit.pk], self.principal[unit.pk]
        reviewer = self.specialist[task.lead_unit_id]
        early = task.end <= data.MID
        began = self._at(data.START + datetime.timedelta(days=self.rng.randint(3, 40 if early else 90)))
        done = status != S.IN_PROGRESS
        progress = self.rng.randint(70, 100) if done else self.rng.randrange(10, 75, 5)
        with set_actor(coordinator):
            services.assignment_update(
                actor=coordinator,
                assignment=assignment,
                progress=progress,
                report_text=self._report_text(task.number),
            )
        self._stamp(assignment, "start", began)
        browser_case = unit.code == data.SCHOOL_A and task.number == data.SCHOOL_A_IN_PROGRESS_TASK
        if browser_case:
            return
        specs = data.EVIDENCE[task.number]
        count = (1 + int(self.rng.random() < 0.3)) if done else int(self.rng.random() < 0.25)
        for title, kind in specs[:count]:
            self._evidence(coordinator, assignment, title, kind, began)
        if not done:
            return
        if early:
            late = self.rng.random() < 0.15
            day = data.MID + datetime.timedelta(
                days=self.rng.randint(1, 10) if late else -self.rng.randint(0, 20)
            )
        else:
            day = began.date() + datetime.timedelta(days=self.rng.randint(14, 45))
        submitted = self._submit(head, assignment, self._at(day, after=began))
        if status == S.SUBMITTED:
            return
        reviewed = self._at(
            submitted.date() + datetime.timedelta(days=self.rng.randint(1, 6)), after=submitted
        )
        if status == S.RETURNED or self.rng.random() < 0.15:
            with set_actor(reviewer):
                assignment = services.assignment_return(
                    actor=reviewer, assignment=assignment, reason=self.rng.choice(data.RETURN_REASONS)
                )
            self._stamp(assignment, "return", reviewed)
            self.reviewed_at[assignment.pk] = reviewed
            if status == S.RETURNED:
                return
            # Corrected and sent again, then approved: the timeline shows the whole loop.
            with set_actor(coordinator):
                services.assignment_update(
                    actor=coordinator,
                    assignment=assignment,
                    progress=100,
                    report_text=assignment.report_text + " Đã bổ sung theo yêu cầu của Phòng.",
                )
            submitted = self._submit(
                head, assignment, self._at(reviewed.date() + datetime.timedelta(days=3), after=reviewed)
            )
            reviewed = self._at(submitted.date() + datetime.timedelta(days=2), after=submitted)
        with set_actor(reviewer):
            assignment = services.assignment_approve(
                actor=reviewer, assignment=assignment, comment=self.rng.choice(data.APPROVAL_COMMENTS)
            )
        self._stamp(assignment, "approve", reviewed)
        self.reviewed_at[assignment.pk] = reviewed

    def _submit(self, head: User, assignment: Assignment, at: datetime.datetime) -> datetime.datetime:
        with set_actor(head):
            services.assignment_submit(actor=head, assignment=assignment)
        self._stamp(assignment, "submit", at)
        self.submitted_at[assignment.pk] = at
        return at

    def _evidence(self, actor: User, assignment: Assignment, title: str, kind: str, at: datetime.datetime):
        unit, slug = assignment.unit, slugify(fold(title))
        with set_actor(actor):
            if kind == "link":
                evidence = services.evidence_add(
                    actor=actor,
                    assignment=assignment,
                    kind="link",
                    title=title,
                    url=f"https://{unit.code.lower()}.{data.EMAIL_DOMAIN}/tin-tuc/{slug}",
                )
            else:
                content = _pdf(f"{title} - {unit.name}") if kind == "pdf" else _png(self.rng)
                upload = SimpleUploadedFile(
                    f"{slug}-{unit.code.lower()}.{kind}",
                    content,
                    content_type="application/pdf" if kind == "pdf" else "image/png",
                )
                evidence = services.evidence_add(
                    actor=actor, assignment=assignment, kind="file", title=title, file=upload
                )
                self.files += 1
        self.evidence_at[evidence.pk] = at

    # ── Reports and indicator values ────────────────────────────────────────────────────────────────

    def _period_reports(self, plan: Plan):
        period = plan.periods.get(kind="semester1")
        due = period.due
        others = [u for u in self.schools if u.code not in (data.SCHOOL_A, data.SCHOOL_B)]
        self.rng.shuffle(others)
        reporting = [self.units[data.SCHOOL_A], self.units[data.SCHOOL_B]] + others[:40]
        drafting = others[40:45]
        for unit in reporting + drafting:
            counts = self.status_by_unit[unit.pk]
            summary = data.PERIOD_SUMMARY.format(
                done=counts[S.APPROVED] + counts[S.SUBMITTED], total=sum(counts.values())
            )
            with set_actor(self.coordinator[unit.pk]):
                services.period_report_save(
                    actor=self.coordinator[unit.pk], period=period, unit=unit, summary=summary
                )
        # A's report was approved, B's waits for review; of the others most are approved, a few returned.
        returned = {u.pk for u in self.rng.sample(reporting[2:], 4)}
        waiting = {self.units[data.SCHOOL_B].pk} | {
            u.pk for u in self.rng.sample([u for u in reporting[2:] if u.pk not in returned], 10)
        }
        submitted = {}
        for i, unit in enumerate(reporting):
            late = i >= 2 and self.rng.random() < 0.25
            day = due + datetime.timedelta(days=self.rng.randint(1, 9) if late else -self.rng.randint(0, 8))
            head = self.principal[unit.pk]
            with set_actor(head):
                report = services.period_report_submit(actor=head, period=period, unit=unit)
            at = submitted[report.pk] = self._at(day)
            self._stamp(report, "submit", at)
            if unit.pk in waiting:
                continue
            approve = unit.pk not in returned
            reviewer = self.specialist[self.units["TO-MN" if unit.level == "MN" else "TO-PT"].pk]
            with set_actor(reviewer):
                services.period_report_review(
                    actor=reviewer,
                    report=report,
                    approve=approve,
                    reason="" if approve else data.PERIOD_RETURN_REASON,
                )
            reviewed = self._at(at.date() + datetime.timedelta(days=self.rng.randint(1, 5)), after=at)
            self._stamp(report, "approve" if approve else "return", reviewed)
        # On time or late is judged by the first submission against the period's due date.
        for pk, at in submitted.items():
            PeriodReport.objects.filter(pk=pk).update(first_submitted_at=at, submitted_at=at)

    def _indicator_values(self, plan: Plan):
        indicators = {i.code: i for i in plan.indicators.all()}
        chance = {"CT01": 0.65, "CT03": 0.9, "CT07": 0.95, "CT08": 0.7}
        entering = [self.units[data.SCHOOL_A], self.units[data.SCHOOL_B]] + self.rng.sample(
            [u for u in self.schools if u.code not in (data.SCHOOL_A, data.SCHOOL_B)],
            len(self.schools) // 2 - 2,
        )
        for unit in entering:
            coordinator = self.coordinator[unit.pk]
            for code, kind in data.INDICATOR_ENTRIES.items():
                if kind == "share":
                    value = int(self.rng.random() < chance[code])
                else:
                    value = self.rng.randint(*kind)
                with set_actor(coordinator):
                    services.indicator_value_set(
                        actor=coordinator, indicator=indicators[code], unit=unit, value=value
                    )

    # ── Moving the story to its days ────────────────────────────────────────────────────────────────

    def _backdate(self):
        """Give each event the day it happened in the story, and each notification its event's moment.

        Events are matched by object and action, in order; a notification follows the last event
        written before it (the services write the event, then notify).
        """
        plan_ct = ContentType.objects.get_for_model(Plan)
        issued = self._at(ISSUE_DAY)
        events = list(StatusEvent.objects.filter(pk__gte=self.first_event).order_by("pk"))
        queues = {
            key: {action: list(times) for action, times in actions.items()}
            for key, actions in self.stamps.items()
        }
        real_times, story_times = [], []
        for event in events:
            times = queues.get((event.content_type_id, event.object_id), {}).get(event.action)
            real_times.append(event.at)
            if times:
                event.at = times.pop(0)
            elif event.content_type_id == plan_ct.pk and event.action == "create":
                event.at = issued - datetime.timedelta(days=5)
            else:  # "assign" and "issue"
                event.at = issued
            story_times.append(event.at)
        StatusEvent.objects.bulk_update(events, ["at"], batch_size=500)
        notifications = list(Notification.objects.filter(pk__gte=self.first_notification).order_by("pk"))
        i = 0
        for notification in notifications:
            while i + 1 < len(real_times) and real_times[i + 1] <= notification.created_at:
                i += 1
            notification.created_at = story_times[i] if story_times else issued
        Notification.objects.bulk_update(notifications, ["created_at"], batch_size=500)
        rows = list(Assignment.objects.filter(pk__in=set(self.submitted_at) | set(self.reviewed_at)))
        for row in rows:
            row.submitted_at = self.submitted_at.get(row.pk, row.submitted_at)
            row.reviewed_at = self.reviewed_at.get(row.pk, row.reviewed_at)
            row.updated_at = max(filter(None, [row.submitted_at, row.reviewed_at]))
        Assignment.objects.bulk_update(rows, ["submitted_at", "reviewed_at", "updated_at"], batch_size=500)
        evidence = list(Evidence.objects.filter(pk__in=self.evidence_at))
        for row in evidence:
            row.created_at = row.updated_at = self.evidence_at[row.pk]
        Evidence.objects.bulk_update(evidence, ["created_at", "updated_at"], batch_size=500)

    def summary(self) -> dict:
        assignments = Counter(Assignment.objects.filter(unit__is_demo=True).values_list("status", flat=True))
        reports = Counter(PeriodReport.objects.filter(unit__is_demo=True).values_list("status", flat=True))
        schools = Counter(
            OrgUnit.objects.filter(is_demo=True, kind__in=[UnitKind.SCHOOL, UnitKind.AFFILIATED]).values_list(
                "level", flat=True
            )
        )
        plan_tasks = Counter(
            Task.objects.filter(plan__issuing_unit__is_demo=True).values_list("kind", flat=True)
        )
        return {
            "units": OrgUnit.objects.filter(is_demo=True).count(),
            "schools": dict(schools),
            "users": User.objects.filter(is_demo=True).count(),
            "sections": plan_tasks[TaskKind.SECTION],
            "tasks": plan_tasks[TaskKind.TASK],
            "indicators": Indicator.objects.filter(plan__issuing_unit__is_demo=True).count(),
            "assignments": {status.label: assignments[status.value] for status in AssignmentStatus},
            "evidence": Evidence.objects.filter(assignment__unit__is_demo=True).count(),
            "files": self.files,
            "period_reports": {status.label: reports[status.value] for status in PeriodReportStatus},
            "notifications": Notification.objects.filter(pk__gte=self.first_notification).count(),
            "events": StatusEvent.objects.filter(pk__gte=self.first_event).count(),
        }


# ── Small files made in memory (they must pass core.uploads.validate_upload) ───────────────────────


def _ascii(text: str) -> str:
    """The PDF below uses a standard font without Vietnamese glyphs, so its text loses its diacritics."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("–", "-").replace("“", '"').replace("”", '"')
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.encode("ascii", "replace").decode().replace("\\", "/").replace("(", "[").replace(")", "]")


def _pdf(title: str) -> bytes:
    lines = [
        _ascii(title)[:90],
        "Minh chung mau - du lieu demo Sang Tao",
        "Ke hoach 454/KH-GDDT, nam hoc 2023-2024",
    ]
    text = "BT /F1 14 Tf 56 780 Td 20 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _png(rng: random.Random, width: int = 160, height: int = 100) -> bytes:
    """A small picture of coloured bars, standing in for a photograph."""
    bars = [bytes(rng.randint(40, 220) for _ in range(3)) for _ in range(4)]
    heights = [rng.randint(20, height - 10) for _ in bars]
    background, step = b"\xf4\xf1\xe8", width // len(bars)
    rows = b"".join(
        b"\x00"
        + b"".join(
            (colour if height - y <= h else background) * step
            for colour, h in zip(bars, heights, strict=True)
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
