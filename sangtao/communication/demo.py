"""Demo records of the communication app, on top of the demo plan (called by sangtao/demo's load_demo).

About 60 articles of many schools and of the office, dated through the 2023-24 school year, in every
status; a third report on task II.2.1.c ("Cung cấp tin, bài … cổng thông tin điện tử Quận 12").
The approver is the Tổ Hành chính tổng hợp's specialist. Then the plan's indicator CT06 (454/KH-GDĐT)
switches to the computed source "communication.articles_published" and its typed values are deleted.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import User
from sangtao.core.models import StatusEvent
from sangtao.orgs import demo_data as data
from sangtao.orgs.models import IMPLEMENTING_KINDS, OrgUnit
from sangtao.plans.models import Indicator, IndicatorSource, IndicatorValue, Task

from .models import Article, ArticleCategory, ArticleStatus
from .sanitize import clean_html

PLAN_NUMBER = "454/KH-GDĐT"
INDICATOR_CODE = "CT06"
COUNT = 60
FIRST_DAY = datetime.date(2023, 9, 5)

TOPICS = {
    ArticleCategory.POLICY: [
        "Triển khai Nghị quyết 57-NQ/TW về phát triển khoa học, công nghệ",
        "Phổ biến Luật Khoa học, công nghệ và đổi mới sáng tạo",
    ],
    ArticleCategory.INNOVATION: [
        "Giáo viên chia sẻ sáng kiến dạy học số",
        "Ngày hội ý tưởng sáng tạo của học sinh",
    ],
    ArticleCategory.STEM: ["Học sinh lắp ráp robot trong giờ STEM", "Bài học STEM về năng lượng mặt trời"],
    ArticleCategory.GREEN: ["Vườn rau sạch trong sân trường", "Phân loại rác tại nguồn cùng học sinh"],
    ArticleCategory.EXAMPLE: [
        "Cô giáo nhiều năm liền đạt giải sáng kiến",
        "Học sinh đạt giải thi khoa học kỹ thuật",
    ],
    ArticleCategory.EVENT: [
        "Hưởng ứng Ngày Khoa học và Công nghệ Việt Nam 18/5",
        "Hưởng ứng Ngày Đổi mới sáng tạo Việt Nam 1/10",
    ],
}
# status, weight
STATES = [
    (ArticleStatus.PUBLISHED, 60),
    (ArticleStatus.SUBMITTED, 10),
    (ArticleStatus.DRAFT, 10),
    (ArticleStatus.RETURNED, 7),
    (ArticleStatus.SCHEDULED, 5),
    (ArticleStatus.UNPUBLISHED, 8),
]


def load_communication_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=data.OFFICE["code"], is_demo=True).first()
    if office is None or Article.objects.filter(unit__is_demo=True).exists():
        return []
    with transaction.atomic():
        return _build(office, story_day)


def _build(office, story_day):
    rng = random.Random(4546)
    tz = timezone.get_current_timezone()
    schools = list(office.children.filter(kind__in=IMPLEMENTING_KINDS).order_by("sort_order", "pk"))
    writers = dict(
        User.objects.filter(
            is_demo=True, role_assignments__role="coordinator", role_assignments__unit__in=schools
        ).values_list("role_assignments__unit", "pk")
    )
    approver = (
        User.objects.filter(username="cv-to-hcth").first()
        or User.objects.filter(username="demo-leader").first()
    )
    office_writer = User.objects.filter(username="demo-leader").first()
    task = Task.objects.filter(plan__number=PLAN_NUMBER, title__startswith="Cung cấp tin").first()
    span = (story_day - FIRST_DAY).days
    by_code = {s.code: s for s in schools}
    units = [by_code[c] for c in (data.SCHOOL_A, data.SCHOOL_B) if c in by_code] + rng.sample(
        [s for s in schools if s.code not in (data.SCHOOL_A, data.SCHOOL_B)],
        min(25, max(0, len(schools) - 2)),
    )
    events, articles = [], []
    for i in range(COUNT):
        unit = office if i % 8 == 0 else units[i % len(units)]
        category = rng.choice(list(ArticleCategory))
        title = f"{rng.choice(TOPICS[category])} – {unit.short_name or unit.name}"
        status = rng.choices([s for s, _w in STATES], weights=[w for _s, w in STATES])[0]
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(max(span, 1)))
        at = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(9), rng.choice([0, 15, 30])), tz)
        if status == ArticleStatus.SCHEDULED:
            at = datetime.datetime.combine(
                story_day + datetime.timedelta(days=rng.randrange(2, 20)), datetime.time(7, 30), tz
            )
        author = office_writer if unit == office else writers.get(unit.pk)
        article = Article(
            title=title,
            slug=f"demo-{i + 1:03d}-{unit.code.lower()}"[:120],
            category=category,
            unit=unit,
            author_id=author.pk if hasattr(author, "pk") else author,
            summary=_("%(unit)s đưa tin: %(title)s.") % {"unit": unit.name, "title": title.split(" – ")[0]},
            body=clean_html(
                f"<p>{title}.</p><ul><li>Thời gian: {day:%d/%m/%Y}</li>"
                f"<li>Đơn vị: {unit.name}</li></ul><p>Hoạt động thu hút đông đảo học sinh.</p>"
            ),
            tags="đổi mới sáng tạo, " + ArticleCategory(category).label.lower(),
            task=task if task and i % 3 == 0 else None,
            status=status,
            publish_at=at
            if status in (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED, ArticleStatus.UNPUBLISHED)
            else None,
            return_reason=_("Ảnh minh hoạ chưa rõ, đề nghị bổ sung.")
            if status == ArticleStatus.RETURNED
            else "",
        )
        article.save()
        articles.append(article)
        steps = [("create", "", "draft", author)]
        if status != ArticleStatus.DRAFT:
            steps.append(("submit", "draft", "submitted", author))
        if status == ArticleStatus.RETURNED:
            steps.append(("return", "submitted", "returned", approver))
        if status in (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED, ArticleStatus.UNPUBLISHED):
            steps.append(
                ("publish", "submitted", "scheduled" if status == "scheduled" else "published", approver)
            )
        if status == ArticleStatus.UNPUBLISHED:
            steps.append(("unpublish", "published", "unpublished", approver))
        for action, before, after, actor in steps:
            events.append((article, action, before, after, actor))
    ct = ContentType.objects.get_for_model(Article)
    StatusEvent.objects.bulk_create(
        [
            StatusEvent(
                content_type=ct,
                object_id=a.pk,
                action=act,
                from_status=b,
                to_status=t,
                actor_id=actor.pk if hasattr(actor, "pk") else actor,
                reason=a.return_reason if act == "return" else "",
            )
            for a, act, b, t, actor in events
        ]
    )
    indicators = Indicator.objects.filter(
        plan__number=PLAN_NUMBER, plan__issuing_unit=office, code=INDICATOR_CODE
    )
    switched = indicators.update(
        source=IndicatorSource.COMPUTED, source_key="communication.articles_published"
    )
    IndicatorValue.objects.filter(indicator__in=indicators).delete()
    published = sum(1 for a in articles if a.current_status == ArticleStatus.PUBLISHED)
    lines = [
        _("Tin bài: %(n)d bài của %(u)d đơn vị (%(p)d đã đăng), %(t)d bài gắn nhiệm vụ II.2.1.c.")
        % {
            "n": len(articles),
            "u": len({a.unit_id for a in articles}),
            "p": published,
            "t": sum(1 for a in articles if a.task_id),
        }
    ]
    if switched:
        lines.append(_("Chỉ tiêu CT06 chuyển sang tính tự động từ số tin bài được đăng."))
    return lines
