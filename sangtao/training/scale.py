"""Training of a generated data set (see sangtao/scale/generator.py): courses of the Department and of the
ward offices, their sessions, the people schools sent and the attendance of every session held.

The demo's courses are the templates (titles, topics, target groups, levels, session topics). Sizes are
uneven: a few large courses for a whole ward, many small workshops. Most courses of the school year were
held before the story's day; the rest are open for registration.
"""

import datetime
import math

from sangtao.core.text import fold

from .demo import COURSES
from .models import Attendance, Course, Nomination, Session

YEAR_START = datetime.date(2023, 9, 11)
YEAR_END = datetime.date(2024, 5, 20)
TASK_NUMBERS = ["II.1.1", "III.1.1", "I.4"]


def generate(ctx):
    rng, scale = ctx.rng, ctx.scale
    authorities = ctx.authorities
    under = {aid: [s for s in ctx.schools if s.path.startswith(path)] for aid, path, _name in authorities}
    organisers = [a for a in authorities if under[a[0]]]
    weights = [3.0 if aid == ctx.office_id else 1.0 for aid, _p, _n in organisers]
    course_ids = ctx.ids(Course, scale.courses)
    courses, sessions, links = [], [], []
    plans = []  # (course id, audience schools, groups, session ids, held, future)
    session_ids = iter(ctx.ids(Session, scale.courses * 6))
    for i, cid in enumerate(course_ids):
        template = COURSES[i % len(COURSES)]
        aid, _path, name = rng.choices(organisers, weights=weights)[0]
        n_sessions = max(1, min(6, round(rng.triangular(1, 6, 4))))
        future = rng.random() < 0.1
        first = (
            ctx.day_between(ctx.story_day + datetime.timedelta(days=7), YEAR_END)
            if future
            else ctx.day_between(YEAR_START, ctx.story_day - datetime.timedelta(days=7 * n_sessions))
        )
        days = [first + datetime.timedelta(days=7 * k) for k in range(n_sessions)]
        held = [d for d in days if d <= ctx.story_day]
        status = "open" if future else ("completed" if len(held) == n_sessions else "in_progress")
        title = f"{template['title']} ({name})"
        groups = list(template["groups"])
        opens = first - datetime.timedelta(days=rng.randint(20, 40))
        courses.append(
            (
                cid,
                title[:300],
                fold(title[:300]),
                template["kind"],
                template["topics"],
                aid,
                aid,
                template["mode"],
                template["venue"] or name,
                template["hours"],
                groups,
                template["levels"],
                template["capacity"],
                opens,
                opens + datetime.timedelta(days=14),
                status,
                ctx.authority_users.get(aid),
            )
        )
        ids = []
        for day, spec in zip(days, template["sessions"] * 6, strict=False):
            sid = next(session_ids)
            ids.append((sid, day))
            sessions.append((sid, cid, day, spec[1], spec[2], template["venue"] or name, spec[3]))
        plans.append((cid, under[aid], groups, template["levels"], ids, future))
        if rng.random() < 0.2:
            links.append((cid, ctx.tasks[rng.choice(TASK_NUMBERS)]))

    # People sent: as many as it takes for the attendance records of the sessions held.
    held_courses = [p for p in plans if not p[5]]
    budgets = ctx.apportion(scale.attendance, ctx.skewed(len(held_courses), 1.6))
    budget = dict(zip((p[0] for p in held_courses), budgets, strict=True))
    nominations, attendance = [], []
    nomination_ids = iter(range(ctx.ids(Nomination, 0).start, 10**12))
    for cid, schools, groups, levels, ids, future in plans:
        schools = [s for s in schools if not levels or s.level in levels] or schools
        held = [(sid, ctx.at(day)) for sid, day in ids if day <= ctx.story_day]
        approved_needed = 0 if future or not held else max(1, math.ceil(budget[cid] / len(held)))
        extra = max(1, approved_needed // 6) if not future else rng.randint(5, 40)
        taken = set()
        wanted, attempts, n = approved_needed + extra, 0, -1
        while len(taken) < wanted and attempts < wanted * 4:
            attempts += 1
            school = rng.choice(schools)
            registry = ctx.registries[school.id]
            pupil = "HS" in groups and (len(groups) == 1 or rng.random() < 0.3)
            if pupil:
                offset = rng.randrange(registry.student_count)
                person = (None, registry.student_first + offset)
            else:
                offset = rng.randrange(registry.staff_count)
                if registry.staff_group(offset) not in groups and registry.teachers:
                    offset = registry.managers + rng.randrange(registry.teachers)
                person = (registry.staff_first + offset, None)
            if person in taken:
                continue  # already sent to this course: draw someone else
            taken.add(person)
            n += 1
            nid = next(nomination_ids)
            if future:
                status = "nominated"
            elif n < approved_needed:
                status = "approved"
            else:
                status = ctx.pick([("declined", 40), ("withdrawn", 30), ("nominated", 30)])
            decided = (
                ctx.at(ids[0][1] - datetime.timedelta(days=5)) if status in ("approved", "declined") else None
            )
            nominations.append((nid, cid, school.id, *person, status, ctx.coordinators[school.id], decided))
            if status == "approved":
                for sid, marked in held:
                    attendance.append((sid, nid, rng.random() < 0.9, marked))
    ctx.ids(Nomination, len(nominations))
    # A course takes everyone its organiser accepted.
    sent = {}
    for row in nominations:
        sent[row[1]] = sent.get(row[1], 0) + 1
    courses = [(*row[:12], max(row[12], sent.get(row[0], 0)), *row[13:]) for row in courses]
    ctx.write(
        Course,
        [
            "id",
            "title",
            "title_folded",
            "kind",
            "topics",
            "organiser_id",
            "audience_id",
            "mode",
            "venue",
            "credit_hours",
            "target_groups",
            "levels",
            "capacity",
            "registration_opens",
            "registration_closes",
            "status",
            "created_by_id",
        ],
        courses,
    )
    ctx.write(Session, ["id", "course_id", "date", "start_time", "end_time", "place", "topic"], sessions)
    ctx.write(Course.tasks.through, ["course_id", "task_id"], links)
    ctx.write(
        Nomination,
        ["id", "course_id", "school_id", "staff_id", "student_id", "status", "nominated_by_id", "decided_at"],
        nominations,
    )
    ctx.write(Attendance, ["session_id", "nomination_id", "present", "marked_at"], attendance)
    ctx.compute_indicator("CT02", "training.target_groups_covered")
    ctx.compute_indicator("CT03", "training.schools_sent_people")
    ctx.log(
        f"  {len(courses)} courses, {len(sessions)} sessions, {len(nominations)} nominations, "
        f"{len(attendance)} attendance records"
    )
