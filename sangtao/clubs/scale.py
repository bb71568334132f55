"""Clubs of a generated data set (see sangtao/scale/generator.py): the office's rule of an active club,
the clubs of the schools with their members and their activity log since September.

Uneven as in real life: secondary schools have several clubs, most preschools none; a few clubs log an
activity every week, many only now and then, and some stopped before the months the rule looks at.
"""

import datetime

from sangtao.core.text import fold

from .demo import KINDS, NAMES, SCHEDULES, TITLES, TYPES_BY_LEVEL
from .models import ActivityRule, Club, ClubActivity, ClubMember, ClubStatus

# How many clubs a school of each level tends to have, relative to the others.
CLUB_WEIGHT = {"MN": 0.15, "TH": 1.0, "THCS": 2.0, "THPT": 2.5, "MULTI": 2.0, "DVTN": 0.5}
FIRST_DAY = datetime.date(2023, 9, 5)


def generate(ctx):
    rng, scale = ctx.rng, ctx.scale
    ctx.write(ActivityRule, ["unit_id"], [(ctx.office_id,)])
    schools = ctx.schools
    per_school = ctx.apportion(scale.clubs, [CLUB_WEIGHT[s.level] * rng.paretovariate(1.5) for s in schools])
    clubs = []  # (id, school, type)
    club_ids = iter(ctx.ids(Club, scale.clubs))
    rows = []
    for school, n in zip(schools, per_school, strict=True):
        types = TYPES_BY_LEVEL.get(school.level, TYPES_BY_LEVEL["THCS"])
        for i in range(n):
            cid = next(club_ids)
            club_type = types[i % len(types)]
            name = NAMES[club_type] + (f" {i // len(types) + 1}" if i >= len(types) else "")
            status = ctx.pick(
                [(ClubStatus.ACTIVE.value, 88), (ClubStatus.PAUSED.value, 8), (ClubStatus.CLOSED.value, 4)]
            )
            decided = ctx.day_between(datetime.date(2019, 9, 5), FIRST_DAY)
            rows.append(
                (
                    cid,
                    school.id,
                    name,
                    fold(name),
                    club_type.value,
                    f"{rng.randint(10, 250)}/QĐ-{school.code}",
                    decided,
                    rng.choice(SCHEDULES),
                    status,
                    ctx.coordinators[school.id],
                )
            )
            clubs.append((cid, school, status))
    ctx.write(
        Club,
        [
            "id",
            "unit_id",
            "name",
            "name_folded",
            "club_type",
            "decision_number",
            "decision_date",
            "meeting_schedule",
            "status",
            "created_by_id",
        ],
        rows,
    )

    members = []
    for cid, school, _status in clubs:
        registry = ctx.registries[school.id]
        # A head from the staff, then pupils (a few clubs stay under the rule's five members).
        staff_offset = registry.managers + rng.randrange(max(1, registry.teachers))
        members.append((cid, registry.staff_first + staff_offset, None, "head", FIRST_DAY, None))
        size = min(registry.student_count, int(rng.triangular(2, 30, 14)))
        for offset in rng.sample(range(registry.student_count), size):
            left = ctx.day_between(FIRST_DAY, ctx.story_day) if rng.random() < 0.06 else None
            members.append((cid, None, registry.student_first + offset, "member", FIRST_DAY, left))
    ctx.write(ClubMember, ["club_id", "staff_id", "student_id", "role", "joined_on", "left_on"], members)

    kinds, weights = zip(*KINDS, strict=True)
    live = [(cid, school) for cid, school, status in clubs if status != ClubStatus.CLOSED]
    counts = ctx.apportion(scale.activities, ctx.skewed(len(live), 1.3))
    days = (ctx.story_day - FIRST_DAY).days

    def activities():
        for (cid, school), n in zip(live, counts, strict=True):
            # A club that stopped: its activities end weeks before the story's day.
            stopped = days - rng.randint(40, 120) if rng.random() < 0.15 else days
            for _ in range(n):
                kind = rng.choices(kinds, weights=weights)[0]
                day = FIRST_DAY + datetime.timedelta(days=rng.randint(0, max(0, stopped)))
                yield (
                    cid,
                    day,
                    rng.choice(TITLES[kind]),
                    kind.value,
                    rng.randint(5, 60),
                    ctx.coordinators[school.id],
                )

    ctx.write(
        ClubActivity, ["club_id", "date", "title", "kind", "participants", "created_by_id"], activities()
    )
    ctx.compute_indicator("CT01", "clubs.active_schools")
    ctx.log(f"  {len(clubs)} clubs, {len(members)} members, {ctx.counts['clubs.ClubActivity']} activities")
