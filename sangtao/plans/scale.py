"""The plan of a generated data set (see sangtao/scale/generator.py): the office's plan for 2024, issued,
with the tasks, indicators and reporting periods of 454/KH-GDĐT, an assignment for every implementing
school and half a school year of work on them (statuses, report texts, link evidence, the status events
of each step), semester-I reports and the values schools typed for the manual indicators.

The statuses follow the demo's weights by deadline (sangtao/plans/demo.py), a few schools lag on
everything, and every status has the events the services would have written.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from sangtao.core.models import StatusEvent
from sangtao.core.text import fold
from sangtao.orgs import demo_data as data

from .demo import ISSUE_DAY, LAGGING, STORY_DAY, WEIGHTS
from .models import (
    Assignment,
    AssignmentStatus,
    Evidence,
    Indicator,
    IndicatorValue,
    PeriodReport,
    Plan,
    PlanBasis,
    PlanRecipient,
    ReportingPeriod,
    Task,
)

S = AssignmentStatus
LAGGING_SHARE = 0.06
# Schools that typed values for a manual indicator: "share" 1/0, or a range for counts.
ENTRIES = {**data.INDICATOR_ENTRIES, "CT02": "share", "CT04": (0, 3), "CT09": (0, 1), "CT10": (0, 5)}


def _levels(levels):
    """The demo's levels, with the city's upper-secondary and multi-level schools wherever THCS is."""
    if not levels:
        return levels
    return [*levels, "THPT", "MULTI"] if "THCS" in levels else list(levels)


def generate(ctx):
    rng = ctx.rng
    city = ctx.scale.wards > 0
    office_name = "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh" if city else "Phòng Văn hóa – Xã hội"
    place = "TP. Hồ Chí Minh"
    number = "3516/KH-SGDĐT" if city else "454/KH-VHXH"
    title = data.PLAN["title"].replace("ngành Giáo dục và Đào tạo Quận 12", f"ngành Giáo dục {place}")
    leader = ctx.users["scale-leader"]
    (plan_id,) = ctx.ids(Plan, 1)
    ctx.plan_id = plan_id
    ctx.write(
        Plan,
        [
            "id",
            "number",
            "issued_on",
            "place",
            "issuing_unit_id",
            "title",
            "title_folded",
            "year",
            "status",
            "preamble",
            "closing",
            "signer_name",
            "signer_title",
        ],
        [
            (
                plan_id,
                number,
                ISSUE_DAY,
                place,
                ctx.office_id,
                title,
                fold(f"{number} {title}"),
                data.PLAN["year"],
                "issued",
                data.PLAN["preamble"].replace("Phòng Giáo dục và Đào tạo Quận 12", office_name),
                data.PLAN["closing"],
                ctx.names.person()[0],
                data.PLAN["signer_title"],
            )
        ],
    )
    ctx.write(
        PlanBasis, ["plan_id", "text", "order"], [(plan_id, text, i) for i, text in enumerate(data.BASES)]
    )
    ctx.write(
        PlanRecipient,
        ["plan_id", "unit_id", "label", "purpose", "order"],
        [
            (plan_id, ctx.root_id, "UBND Thành phố" if city else "UBND phường", "report", 0),
            *(
                (plan_id, pid, f"Đơn vị phối hợp {i + 1}", "cooperate", i + 1)
                for i, pid in enumerate(ctx.partners.values())
            ),
            (plan_id, None, "Các trường và đơn vị trực thuộc", "implement", 9),
        ],
    )

    # Tasks, parents before children.
    tasks, partners, order = [], [], iter(range(1, 10_000))
    specs = {}

    def walk(node, parent_id):
        (tid,) = ctx.ids(Task, 1)
        ctx.tasks[node["number"]] = tid
        if node["kind"] == "task":
            levels = _levels(node["levels"])
            rule = {"kinds": data.IMPLEMENTING_KINDS, "levels": levels} if levels else {}
            tasks.append(
                (
                    tid,
                    plan_id,
                    parent_id,
                    "task",
                    node["number"],
                    node["title"],
                    node["description"],
                    ctx.teams[node["lead"]],
                    rule,
                    node["start"],
                    node["end"],
                    node["output"],
                    next(order),
                )
            )
            partners.extend((tid, ctx.partners.get(code) or ctx.teams[code]) for code in node["partners"])
            specs[tid] = (node["number"], levels, node["end"])
        else:
            tasks.append(
                (
                    tid,
                    plan_id,
                    parent_id,
                    "section",
                    node["number"],
                    node["title"],
                    "",
                    None,
                    {},
                    None,
                    None,
                    "",
                    next(order),
                )
            )
        for child in node["children"]:
            walk(child, tid)

    for node in data.TASKS:
        walk(node, None)
    ctx.write(
        Task,
        [
            "id",
            "plan_id",
            "parent_id",
            "kind",
            "number",
            "title",
            "description",
            "lead_unit_id",
            "implementing_rule",
            "start",
            "end",
            "expected_output",
            "order",
        ],
        tasks,
    )
    ctx.write(Task.partner_units.through, ["task_id", "orgunit_id"], partners)
    indicator_ids = ctx.ids(Indicator, len(data.INDICATORS))
    ctx.write(
        Indicator,
        [
            "id",
            "plan_id",
            "task_id",
            "code",
            "name",
            "measure",
            "target",
            "unit_of_measure",
            "source",
            "source_key",
            "order",
        ],
        [
            (
                iid,
                plan_id,
                ctx.tasks.get(spec.task),
                spec.code,
                spec.name,
                spec.measure,
                spec.target,
                spec.unit_of_measure,
                spec.source,
                spec.source_key,
                i,
            )
            for i, (iid, spec) in enumerate(zip(indicator_ids, data.INDICATORS, strict=True))
        ],
    )
    period_ids = ctx.ids(ReportingPeriod, len(data.PERIODS))
    ctx.write(
        ReportingPeriod,
        ["id", "plan_id", "name", "kind", "start", "end", "due"],
        [(pid, plan_id, *spec) for pid, spec in zip(period_ids, data.PERIODS, strict=True)],
    )

    _work(ctx, specs, leader)
    _period_reports(ctx, period_ids[0], data.PERIODS[0][4])
    values = []
    for iid, spec in zip(indicator_ids, data.INDICATORS, strict=True):
        kind = ENTRIES.get(spec.code)
        if spec.source != "manual" or kind is None:
            continue
        for school in ctx.schools:
            if rng.random() < 0.6:
                value = int(rng.random() < 0.7) if kind == "share" else rng.randint(*kind)
                values.append((iid, school.id, value, ctx.coordinators[school.id]))
    ctx.write(IndicatorValue, ["indicator_id", "unit_id", "value", "entered_by_id"], values)
    ctx.log(
        f"  {len(tasks)} tasks, {ctx.counts['plans.Assignment']} assignments, "
        f"{ctx.counts['core.StatusEvent']} events"
    )


def _work(ctx, specs, leader):
    """Assignments with their statuses, evidence and events."""
    rng = ctx.rng
    lagging = {s.id for s in ctx.schools if rng.random() < LAGGING_SHARE}
    content_type = ContentType.objects.db_manager(ctx.using).get_for_model(Assignment).pk
    reviewers = {}
    assignments, events, evidence = [], [], []
    for tid, (number, levels, end) in specs.items():
        if not levels:
            continue
        reviewers[tid] = leader
        for school in ctx.schools:
            if school.level not in levels:
                continue
            if school.id in lagging:
                weights = LAGGING
            elif end <= data.MID:
                weights = WEIGHTS["early"]
            elif end <= STORY_DAY + datetime.timedelta(days=30):
                weights = WEIGHTS["spring"]
            else:
                weights = WEIGHTS["late"]
            status = ctx.pick(weights)
            assignments.append((tid, school, number, end, status))
    ids = ctx.ids(Assignment, len(assignments))
    rows = []
    for aid, (tid, school, number, end, status) in zip(ids, assignments, strict=True):
        head, coordinator = ctx.principals[school.id], ctx.coordinators[school.id]
        assigned = ctx.at(ISSUE_DAY)
        events.append((content_type, aid, leader, "assign", "", S.NOT_STARTED.value, "", assigned))
        progress, report, submitted_at, reviewed_at, reviewed_by, reason = 0, "", None, None, None, ""
        if status != S.NOT_STARTED:
            began = ctx.at(
                ctx.day_between(data.START, min(STORY_DAY, data.START + datetime.timedelta(days=90)))
            )
            events.append(
                (content_type, aid, coordinator, "start", S.NOT_STARTED.value, S.IN_PROGRESS.value, "", began)
            )
            report = data.REPORTS[number].format(
                n=rng.randint(15, 180), m=rng.randint(2, 12), p=rng.randint(3, 40)
            )
            progress = rng.randrange(10, 75, 5) if status == S.IN_PROGRESS else rng.randint(70, 100)
            for title, _kind in data.EVIDENCE[number][: 1 + int(rng.random() < 0.3)]:
                if status != S.IN_PROGRESS or rng.random() < 0.25:
                    url = f"https://{school.code.lower()}.{data.EMAIL_DOMAIN}/tin-tuc/{slugify(fold(title))}"
                    evidence.append((aid, "link", title, url, coordinator, began))
            if status in (S.SUBMITTED, S.APPROVED, S.RETURNED):
                day = min(STORY_DAY, began.date() + datetime.timedelta(days=rng.randint(14, 60)))
                submitted_at = ctx.at(day)
                events.append(
                    (
                        content_type,
                        aid,
                        head,
                        "submit",
                        S.IN_PROGRESS.value,
                        S.SUBMITTED.value,
                        "",
                        submitted_at,
                    )
                )
            if status in (S.APPROVED, S.RETURNED):
                reviewed_at = ctx.at(
                    min(STORY_DAY, submitted_at.date() + datetime.timedelta(days=rng.randint(1, 6)))
                )
                reviewed_by = leader
                if status == S.RETURNED:
                    reason = rng.choice(data.RETURN_REASONS)
                action = "approve" if status == S.APPROVED else "return"
                events.append(
                    (content_type, aid, leader, action, S.SUBMITTED.value, status, reason, reviewed_at)
                )
        rows.append(
            (
                aid,
                tid,
                school.id,
                status,
                progress,
                report,
                end,
                submitted_at,
                reviewed_at,
                reviewed_by,
                reason,
            )
        )
    ctx.write(
        Assignment,
        [
            "id",
            "task_id",
            "unit_id",
            "status",
            "progress",
            "report_text",
            "due",
            "submitted_at",
            "reviewed_at",
            "reviewed_by_id",
            "return_reason",
        ],
        rows,
    )
    ctx.write(
        StatusEvent,
        ["content_type_id", "object_id", "actor_id", "action", "from_status", "to_status", "reason", "at"],
        events,
    )
    ctx.write(Evidence, ["assignment_id", "kind", "title", "url", "added_by_id", "created_at"], evidence)


def _period_reports(ctx, period_id, due):
    """Semester I: most schools reported, a quarter of them late; the office approved most."""
    rng = ctx.rng
    rows = []
    for school in ctx.schools:
        draw = rng.random()
        if draw < 0.08:
            continue
        if draw < 0.12:
            rows.append(
                (period_id, school.id, "draft", data.PERIOD_SUMMARY.format(done=3, total=16), None, None, "")
            )
            continue
        late = rng.random() < 0.25
        at = ctx.at(due + datetime.timedelta(days=rng.randint(1, 9) if late else -rng.randint(0, 8)))
        status = ctx.pick([("approved", 75), ("submitted", 18), ("returned", 7)])
        reason = data.PERIOD_RETURN_REASON if status == "returned" else ""
        summary = data.PERIOD_SUMMARY.format(done=rng.randint(4, 14), total=16)
        rows.append((period_id, school.id, status, summary, at, at, reason))
    ctx.write(
        PeriodReport,
        ["period_id", "unit_id", "status", "summary", "submitted_at", "first_submitted_at", "return_reason"],
        rows,
    )
