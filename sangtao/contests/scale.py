"""Contests of a generated data set (see sangtao/scale/generator.py): contests of the Department, of the
ward offices and of schools, each with its fields, one round with the standard rubric, a pool of judges,
the schools' team entries, the judges' score sheets and, for finished contests, the awards.

Uneven: a few contests draw hundreds of entries, most a dozen or two.
"""

import datetime
from decimal import Decimal

from sangtao.core.text import fold

from .demo import CATEGORIES
from .models import (
    AWARD_ORDER,
    RUBRIC_TEMPLATE,
    AwardQuota,
    Category,
    Contest,
    Criterion,
    Entry,
    EntryMember,
    EntryMentor,
    Judge,
    JudgeAssignment,
    Round,
    Score,
)
from .models import Award as AwardRow

ELIGIBLE = ["TH", "THCS", "THPT", "MULTI", "DVTN"]
# Five or six judges score each entry (300,000 score sheets for 60,000 entries at city scale).
JUDGES_PER_ENTRY = (5, 6)
AWARDS_PER_CATEGORY = [1, 2, 3, 4]  # Nhất, Nhì, Ba, Khuyến khích
FIRST_DAY = datetime.date(2023, 10, 2)


def generate(ctx):
    rng, scale = ctx.rng, ctx.scale
    eligible = [s for s in ctx.schools if s.level in ELIGIBLE]
    under = {aid: [s for s in eligible if s.path.startswith(path)] for aid, path, _n in ctx.authorities}
    judge_pool = [(uid, sid) for sid, uid in ctx.principals.items()] + [
        (uid, aid) for aid, uid in ctx.authority_users.items()
    ]
    category_names = list(CATEGORIES)
    contests, categories, rounds, criteria, quotas, judges = [], [], [], [], [], []
    plan = []  # (contest id, round id, schools, [(category id, titles)], criterion weights, judge ids, published)
    contest_ids = ctx.ids(Contest, scale.contests)
    round_ids = ctx.ids(Round, scale.contests)
    category_ids = iter(ctx.ids(Category, scale.contests * len(category_names)))
    criterion_ids = iter(ctx.ids(Criterion, scale.contests * len(RUBRIC_TEMPLATE)))
    judge_ids = iter(ctx.ids(Judge, scale.contests * 8))
    for cid, rid in zip(contest_ids, round_ids, strict=True):
        draw = rng.random()
        if draw < 0.1 or len(ctx.authorities) == 1 and draw < 0.6:
            organiser, schools, level, who = (
                ctx.office_id,
                under[ctx.office_id],
                "office",
                ctx.authorities[0][2],
            )
        elif draw < 0.6:
            aid, _path, who = rng.choice(ctx.authorities[1:])
            organiser, schools, level = aid, under[aid], "office"
        else:
            school = rng.choice(eligible)
            organiser, schools, level, who = school.id, [school], "school", school.short_name
        if not schools:
            organiser, schools, level, who = (
                ctx.office_id,
                under[ctx.office_id],
                "office",
                ctx.authorities[0][2],
            )
        name = f"Hội thi Sáng tạo thanh thiếu niên nhi đồng – {who} – năm học 2023-2024"
        opens = ctx.day_between(FIRST_DAY, ctx.story_day - datetime.timedelta(days=30))
        published = rng.random() < 0.55
        contests.append(
            (
                cid,
                name[:300],
                fold(name[:300]),
                organiser,
                ctx.year.pk,
                sorted({s.level for s in schools}),
                1,
                12,
                3,
                opens,
                opens + datetime.timedelta(days=30),
                "finished" if published else "open",
            )
        )
        picked = []
        for order, cname in enumerate(rng.sample(category_names, rng.randint(2, len(category_names)))):
            cat_id = next(category_ids)
            categories.append((cat_id, cid, cname, order))
            picked.append((cat_id, CATEGORIES[cname]))
        per_entry = JUDGES_PER_ENTRY[1] if rng.random() < 0.35 else JUDGES_PER_ENTRY[0]
        rounds.append(
            (
                rid,
                cid,
                1,
                "Vòng sơ khảo" if level == "office" else "Vòng cấp trường",
                level,
                "mean",
                per_entry,
                opens + datetime.timedelta(days=35),
                opens + datetime.timedelta(days=50),
                "published" if published else "judging",
                ctx.at(opens + datetime.timedelta(days=55)) if published else None,
            )
        )
        weights = []
        for order, (label, points) in enumerate(RUBRIC_TEMPLATE):
            crit_id = next(criterion_ids)
            criteria.append((crit_id, rid, order, str(label), points, Decimal(1)))
            weights.append((crit_id, points))
        quotas.extend(
            (rid, award.value, count) for award, count in zip(AWARD_ORDER, AWARDS_PER_CATEGORY, strict=True)
        )
        pool = []
        for uid, unit_id in rng.sample(judge_pool, min(len(judge_pool), rng.randint(per_entry, 8))):
            jid = next(judge_ids)
            judges.append((jid, rid, uid, unit_id))
            pool.append(jid)
        plan.append((cid, rid, schools, picked, weights, pool[:8], per_entry, published))
    ctx.write(
        Contest,
        [
            "id",
            "name",
            "name_folded",
            "organiser_id",
            "school_year_id",
            "eligible_levels",
            "min_grade",
            "max_grade",
            "max_team_size",
            "registration_opens",
            "registration_closes",
            "status",
        ],
        contests,
    )
    ctx.write(Category, ["id", "contest_id", "name", "order"], categories)
    ctx.write(
        Round,
        [
            "id",
            "contest_id",
            "order",
            "name",
            "level",
            "aggregation",
            "judges_per_entry",
            "judging_starts",
            "judging_ends",
            "status",
            "published_at",
        ],
        rounds,
    )
    ctx.write(Criterion, ["id", "round_id", "order", "label", "max_points", "weight"], criteria)
    ctx.write(AwardQuota, ["round_id", "award", "count"], quotas)
    ctx.write(Judge, ["id", "round_id", "user_id", "unit_id"], judges)
    _entries(ctx, plan)
    ctx.compute_indicator("CT04", "contests.schools_participating")


def _entries(ctx, plan):
    rng = ctx.rng
    counts = ctx.apportion(ctx.scale.entries, ctx.skewed(len(plan), 1.4))
    entry_ids = iter(ctx.ids(Entry, ctx.scale.entries))
    entries, members, mentors, assignments, scores, awards = [], [], [], [], [], []
    assignment_ids = iter(ctx.ids(JudgeAssignment, ctx.scale.entries * JUDGES_PER_ENTRY[1]))
    for (_cid, rid, schools, picked, weights, pool, per_entry, published), n in zip(
        plan, counts, strict=True
    ):
        results = {}  # category id → [(mean, entry id)]
        for _ in range(n):
            eid = next(entry_ids)
            school = rng.choice(schools)
            registry = ctx.registries[school.id]
            cat_id, titles = rng.choice(picked)
            status = ctx.pick(
                [("eligible", 82), ("submitted", 8), ("advanced", 4), ("withdrawn", 4), ("draft", 2)]
            )
            title = rng.choice(titles)
            submitted = ctx.at(ctx.day_between(FIRST_DAY, ctx.story_day)) if status != "draft" else None
            entries.append(
                (
                    eid,
                    rid,
                    school.id,
                    cat_id,
                    title,
                    fold(title),
                    status,
                    submitted,
                    ctx.coordinators[school.id],
                )
            )
            for offset in rng.sample(
                range(registry.student_count), min(registry.student_count, rng.randint(1, 3))
            ):
                sid, grade, class_name = registry.student(offset)
                members.append((eid, sid, grade, class_name))
            if registry.teachers:
                mentors.append(
                    (eid, registry.staff_first + registry.managers + rng.randrange(registry.teachers))
                )
            if status not in ("eligible", "submitted", "advanced"):
                continue
            totals = []
            for jid in rng.sample(pool, min(len(pool), per_entry)):
                aid = next(assignment_ids)
                assignments.append((aid, eid, jid, ctx.now))
                quality = rng.uniform(0.45, 0.95)
                points = {
                    str(crit): max(0, min(top, round(top * rng.gauss(quality, 0.08))))
                    for crit, top in weights
                }
                total = Decimal(sum(points.values()))
                totals.append(total)
                scores.append(
                    (
                        aid,
                        points,
                        total,
                        1,
                        ctx.at(ctx.story_day - datetime.timedelta(days=rng.randint(1, 60))),
                    )
                )
            if published and totals:
                results.setdefault(cat_id, []).append((sum(totals) / len(totals), eid))
        for ranked in results.values():
            ranked.sort(reverse=True)
            rank = 0
            for award, count in zip(AWARD_ORDER, AWARDS_PER_CATEGORY, strict=True):
                for mean, eid in ranked[rank : rank + count]:
                    rank += 1
                    awards.append((eid, award.value, rank, mean.quantize(Decimal("0.01"))))
    ctx.write(
        Entry,
        [
            "id",
            "round_id",
            "school_id",
            "category_id",
            "title",
            "title_folded",
            "status",
            "submitted_at",
            "created_by_id",
        ],
        entries,
    )
    ctx.write(EntryMember, ["entry_id", "student_id", "grade", "class_name"], members)
    ctx.write(EntryMentor, ["entry_id", "staff_id"], mentors)
    ctx.write(JudgeAssignment, ["id", "entry_id", "judge_id", "created_at"], assignments)
    ctx.write(Score, ["assignment_id", "points", "total", "version", "submitted_at"], scores)
    ctx.write(AwardRow, ["entry_id", "award", "rank", "score"], awards)
    ctx.log(
        f"  {len(plan)} contests, {len(entries)} entries, {len(scores)} score sheets, {len(awards)} awards"
    )
