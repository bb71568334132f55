"""News of a generated data set (see sangtao/scale/generator.py): articles of the schools and offices at
every stage of the approval workflow, with the status events of each step.

A few schools write every week, most a couple of times a year; a tenth of the articles are the offices'.
"""

import datetime

from django.contrib.contenttypes.models import ContentType

from sangtao.core.models import StatusEvent
from sangtao.core.text import fold

from .demo import STATES, TOPICS
from .models import Article, ArticleCategory

FIRST_DAY = datetime.date(2023, 9, 5)
STEPS = {
    "draft": [("create", "", "draft")],
    "submitted": [("create", "", "draft"), ("submit", "draft", "submitted")],
    "returned": [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
    ],
    "scheduled": [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("publish", "submitted", "scheduled"),
    ],
    "published": [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("publish", "submitted", "published"),
    ],
    "unpublished": [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("publish", "submitted", "published"),
        ("unpublish", "published", "unpublished"),
    ],
}
RETURN_REASON = "Ảnh minh hoạ chưa rõ, đề nghị bổ sung."


def generate(ctx):
    rng, scale = ctx.rng, ctx.scale
    writers = [(s.id, s.short_name, s.name, ctx.coordinators[s.id]) for s in ctx.schools]
    offices = [(aid, name, name, ctx.authority_users.get(aid)) for aid, _path, name in ctx.authorities]
    school_counts = ctx.apportion(scale.articles - scale.articles // 10, ctx.skewed(len(writers), 1.2))
    office_counts = ctx.apportion(scale.articles // 10, [1.0] * len(offices))
    task_id = ctx.tasks.get("II.2.1.c")
    approver = ctx.users["scale-leader"]
    content_type = ContentType.objects.db_manager(ctx.using).get_for_model(Article).pk
    categories = list(ArticleCategory)
    statuses, weights = zip(*((s.value, w) for s, w in STATES), strict=True)
    span = (ctx.story_day - FIRST_DAY).days
    ids = iter(ctx.ids(Article, scale.articles))
    articles, events = [], []
    for (unit_id, short, name, author), n in zip(
        writers + offices, school_counts + office_counts, strict=True
    ):
        for _ in range(n):
            aid = next(ids)
            category = rng.choice(categories)
            topic = rng.choice(TOPICS[category])
            title = f"{topic} – {short}"[:250]
            status = rng.choices(statuses, weights=weights)[0]
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
            created = ctx.at(day)
            publish_at = None
            if status == "scheduled":
                publish_at = ctx.at(ctx.story_day + datetime.timedelta(days=rng.randrange(2, 20)))
            elif status in ("published", "unpublished"):
                publish_at = created + datetime.timedelta(days=rng.randint(0, 3))
            summary = f"{name} đưa tin: {topic}."
            tags = f"đổi mới sáng tạo, {str(category.label).lower()}"
            body = (
                f"<p>{title}.</p><ul><li>Thời gian: {day:%d/%m/%Y}</li><li>Đơn vị: {name}</li></ul>"
                "<p>Hoạt động thu hút đông đảo học sinh.</p>"
            )
            slug = f"{fold(topic).replace(' ', '-')[:100]}-{aid}"
            articles.append(
                (
                    aid,
                    title,
                    fold(title),
                    slug,
                    summary,
                    body,
                    fold(f"{title} {summary} {tags}"),
                    category.value,
                    tags,
                    unit_id,
                    author,
                    task_id if rng.random() < 0.1 else None,
                    status,
                    publish_at,
                    RETURN_REASON if status == "returned" else "",
                    created,
                )
            )
            for action, before, after in STEPS[status]:
                actor = author if action in ("create", "submit") else approver
                events.append(
                    (
                        content_type,
                        aid,
                        actor,
                        action,
                        before,
                        after,
                        RETURN_REASON if action == "return" else "",
                        created,
                    )
                )
    ctx.write(
        Article,
        [
            "id",
            "title",
            "title_folded",
            "slug",
            "summary",
            "body",
            "text_folded",
            "category",
            "tags",
            "unit_id",
            "author_id",
            "task_id",
            "status",
            "publish_at",
            "return_reason",
            "created_at",
        ],
        articles,
    )
    ctx.write(
        StatusEvent,
        ["content_type_id", "object_id", "actor_id", "action", "from_status", "to_status", "reason", "at"],
        events,
    )
    ctx.compute_indicator("CT06", "communication.articles_published")
    ctx.log(f"  {len(articles)} articles, {len(events)} events")
