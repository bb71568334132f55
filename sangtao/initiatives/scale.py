"""Initiatives of a generated data set (see sangtao/scale/generator.py): the 2023-2024 campaign of the
Department and of every ward office, and the schools' applications at every stage, with their authors.

Texts come from the demo's applications (sangtao/initiatives/demo_data.py), so the similarity warning
has something to find; their folded forms are computed once per text. Larger schools write more.
"""

import datetime
from decimal import Decimal

from sangtao.core.text import fold

from .demo_data import INITIATIVES, PLAN_TASKS
from .models import Campaign, Initiative, InitiativeAuthor
from .rubric import default_criteria

STATES = [
    ("draft", 10),
    ("submitted", 30),
    ("in_review", 15),
    ("recognised_school", 25),
    ("forwarded", 6),
    ("recognised_office", 6),
    ("not_recognised", 5),
    ("withdrawn", 3),
]
RECOGNISED = {"recognised_school", "forwarded", "recognised_office"}


def generate(ctx):
    rng, scale = ctx.rng, ctx.scale
    campaign_ids = ctx.ids(Campaign, len(ctx.authorities))
    campaign_of = {}
    rows, links = [], []
    for cid, (aid, _path, name) in zip(campaign_ids, ctx.authorities, strict=True):
        title = f"Phong trào phát huy sáng kiến, đổi mới sáng tạo năm học 2023-2024 – {name}"
        rows.append(
            (
                cid,
                ctx.year.pk,
                title,
                fold(title),
                aid,
                datetime.date(2023, 11, 6),
                datetime.date(2024, 4, 30),
                default_criteria(),
                "open",
                ctx.authority_users.get(aid),
            )
        )
        campaign_of[aid] = cid
        links.extend((cid, ctx.tasks[number]) for number in PLAN_TASKS if number in ctx.tasks)
    ctx.write(
        Campaign,
        [
            "id",
            "school_year_id",
            "title",
            "title_folded",
            "unit_id",
            "opens_on",
            "closes_on",
            "criteria",
            "status",
            "created_by_id",
        ],
        rows,
    )
    ctx.write(Campaign.tasks.through, ["campaign_id", "task_id"], links)

    templates = [
        (
            spec,
            fold(spec.title)[:500],
            fold(" ".join([spec.current_state, spec.solution, spec.novelty, spec.where, spec.benefit])),
        )
        for spec in INITIATIVES
    ]
    counts = ctx.apportion(scale.initiatives, [s.staff * rng.paretovariate(1.5) for s in ctx.schools])
    ids = iter(ctx.ids(Initiative, scale.initiatives))
    initiatives, authors = [], []
    for school, n in zip(ctx.schools, counts, strict=True):
        registry = ctx.registries[school.id]
        for _ in range(n):
            iid = next(ids)
            spec, title_folded, text_folded = rng.choice(templates)
            state = ctx.pick(STATES)
            submitted = (
                None
                if state == "draft"
                else ctx.at(ctx.day_between(datetime.date(2023, 11, 6), ctx.story_day))
            )
            recognised = (
                submitted.date() + datetime.timedelta(days=rng.randint(10, 60))
                if state in RECOGNISED
                else None
            )
            if recognised and recognised > ctx.story_day:
                recognised = ctx.story_day
            result = (
                Decimal(rng.randint(70, 98))
                if state in RECOGNISED
                else (Decimal(rng.randint(40, 64)) if state == "not_recognised" else None)
            )
            initiatives.append(
                (
                    iid,
                    campaign_of[school.parent_id],
                    school.id,
                    spec.title,
                    title_folded,
                    spec.field,
                    spec.current_state,
                    spec.solution,
                    spec.novelty,
                    school.name,
                    spec.benefit,
                    text_folded,
                    state,
                    submitted,
                    recognised,
                    result,
                    ctx.coordinators[school.id],
                )
            )
            shares = (100,) if rng.random() < 0.6 else (60, 40)
            for order, share in enumerate(shares):
                staff_id = registry.staff_first + registry.managers + rng.randrange(max(1, registry.teachers))
                authors.append(
                    (iid, staff_id, ctx.staff_names[staff_id], "Giáo viên", school.id, Decimal(share), order)
                )
    ctx.write(
        Initiative,
        [
            "id",
            "campaign_id",
            "unit_id",
            "title",
            "title_folded",
            "field",
            "current_state",
            "solution",
            "novelty",
            "applied_where",
            "benefit",
            "text_folded",
            "status",
            "submitted_at",
            "recognised_on",
            "result",
            "created_by_id",
        ],
        initiatives,
    )
    ctx.write(
        InitiativeAuthor,
        ["initiative_id", "staff_id", "full_name", "position", "unit_id", "share", "order"],
        authors,
    )
    ctx.compute_indicator("CT05", "initiatives.submitted")
    ctx.log(f"  {len(rows)} campaigns, {len(initiatives)} initiatives, {len(authors)} authors")
