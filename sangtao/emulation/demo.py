"""Demo records of the emulation app, on top of the demo plan (called by sangtao/demo's load_demo, last).

The office's Bộ phận Thi đua – Khen thưởng sets up a scheme for each of the three khối of plan 454/KH-GDĐT
from the criteria below, computes it from what the other apps' demos recorded (clubs, training,
initiatives, contests, news, documents and national days, semester reports), and scores its one hand
criterion for most schools, as of the demo's day (mid-March 2024: the tables are provisional, not
finalised). The table of the primary khối is published to its schools.

The criteria are data: adding a line (e.g. the green-school score once `programmes.green_score` is
declared) adds a criterion to every khối it applies to. A line whose source is not declared is skipped.
"""

import datetime
import random
from decimal import Decimal
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sangtao.accounts.models import User
from sangtao.core.models import StatusEvent
from sangtao.orgs.models import OrgUnit
from sangtao.plans.indicators import stat_sources
from sangtao.plans.models import Plan

from . import services
from .models import CriterionKind, RuleKind, Scheme
from .scoring import scheme_units

OFFICE_CODE = "PGDDT-Q12"
PLAN_NUMBER = "454/KH-GDĐT"
SCORER = "cv-bp-tdkt"  # the specialist of Bộ phận Thi đua – Khen thưởng
LEADER = "demo-leader"
TASK_NUMBER = "III.1.3"  # Bộ phận Thi đua – Khen thưởng: S&T and innovation in the emulation scoring

COMMUNICATION = "Truyền thông KH, CN và ĐMST"
INNOVATION = "Đổi mới sáng tạo"
MANAGEMENT = "Quản lý, báo cáo"
MN, TH, THCS = "MN", "TH", "THCS"


class DemoCriterion(NamedTuple):
    code: str
    group: str
    name: str
    source_key: str  # "" for a criterion the office scores by hand
    rule: str  # RuleKind value, "" for a hand-scored one
    steps: tuple  # ((threshold, points), …) for RuleKind.STEPS
    cap: str  # the value that earns full points, for RuleKind.LINEAR
    max_points: str
    levels: tuple = ()  # the khối it applies to; () for all
    description: str = ""


S, L = RuleKind.STEPS, RuleKind.LINEAR

CRITERIA = [
    DemoCriterion(
        "TC1",
        COMMUNICATION,
        "Tin bài về KH, CN và ĐMST được đăng trên trang tin",
        "communication.articles_published",
        L,
        (),
        "4",
        "15",
        description="Mỗi tin bài được Phòng duyệt đăng trong năm học; đạt 4 tin bài trở lên được tối đa.",
    ),
    DemoCriterion(
        "TC2",
        COMMUNICATION,
        "Xác nhận đủ văn bản, cẩm nang pháp luật về KH&CN được gửi",
        "outreach.documents_acknowledged",
        S,
        ((1, 5),),
        "",
        "5",
    ),
    DemoCriterion(
        "TC3",
        COMMUNICATION,
        "Hưởng ứng Ngày Đổi mới sáng tạo (1/10) và Ngày KH&CN (18/5)",
        "outreach.responded_national_days",
        S,
        ((1, 10),),
        "",
        "10",
    ),
    DemoCriterion(
        "TC4",
        INNOVATION,
        "Có câu lạc bộ đổi mới sáng tạo hoạt động theo quy tắc của Phòng",
        "clubs.active_schools",
        S,
        ((1, 15),),
        "",
        "15",
    ),
    DemoCriterion(
        "TC5",
        INNOVATION,
        "Đủ các nhóm đối tượng tham gia bồi dưỡng ĐMST, khởi nghiệp, STEM",
        "training.target_groups_covered",
        S,
        ((1, 10),),
        "",
        "10",
    ),
    DemoCriterion(
        "TC6",
        INNOVATION,
        "Sáng kiến được công nhận cấp trường hoặc cấp Phòng",
        "initiatives.recognised",
        S,
        ((1, 5), (2, 10), (3, 15)),
        "",
        "15",
    ),
    DemoCriterion(
        "TC7",
        INNOVATION,
        "Bài dự thi hội thi sáng tạo trong năm học",
        "contests.entries",
        L,
        (),
        "3",
        "10",
        levels=(TH, THCS),
    ),
    DemoCriterion(
        "TC7",
        INNOVATION,
        "Sáng kiến đã nộp xét trong năm học",
        "initiatives.submitted",
        L,
        (),
        "3",
        "10",
        levels=(MN,),
        description="Khối Mầm non không dự hội thi sáng tạo kỹ thuật: tính số sáng kiến đã nộp.",
    ),
    DemoCriterion(
        "TC8",
        MANAGEMENT,
        "Nộp báo cáo sơ kết học kỳ I đúng hạn",
        "plans.reports_on_time",
        S,
        ((1, 10),),
        "",
        "10",
    ),
    DemoCriterion(
        "TC9",
        "Trường học xanh",
        "Điểm đánh giá “Trường học xanh” (0–100)",
        "programmes.green_score",
        L,
        (),
        "100",
        "10",
    ),
    DemoCriterion(
        "TC10",
        MANAGEMENT,
        "Chất lượng tổ chức phong trào, đánh giá của Phòng",
        "",
        "",
        (),
        "",
        "10",
        description="Phòng đánh giá qua kiểm tra, dự giờ và báo cáo của trường.",
    ),
]

SCHEMES = [
    ("Khối Mầm non", [MN], 1),
    ("Khối Tiểu học", [TH], 2),
    ("Khối Trung học cơ sở", [THCS], 3),
]
PUBLISHED = {"Khối Tiểu học"}

COMMENTS = [
    (Decimal("9"), "Tổ chức tốt hoạt động trải nghiệm STEM; hồ sơ đầy đủ."),
    (Decimal("8.5"), "Triển khai đúng kế hoạch; cần lan tỏa thêm các mô hình hay."),
    (Decimal("8"), "Có đầu tư cho phong trào; minh chứng còn ít."),
    (Decimal("7"), "Thực hiện đạt yêu cầu; cần chủ động báo cáo đúng hạn."),
    (Decimal("9.5"), "Nổi bật với mô hình ứng dụng công nghệ trong quản lý, giảng dạy."),
    (Decimal("6.5"), "Phong trào chưa đều; cần sự quan tâm của lãnh đạo nhà trường."),
]


def criteria_for(levels) -> list[DemoCriterion]:
    """The lines that apply to a khối and whose source is declared (a missing source is skipped)."""
    declared = stat_sources()
    return [
        c
        for c in CRITERIA
        if (not c.levels or set(c.levels) & set(levels)) and (not c.source_key or c.source_key in declared)
    ]


def load_emulation_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo schemes and compute them as of `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=OFFICE_CODE, is_demo=True).first()
    plan = Plan.objects.filter(number=PLAN_NUMBER, issuing_unit=office).first() if office else None
    if plan is None:
        return []
    if Scheme.objects.filter(plan=plan).exists():
        return [_("Thi đua: dữ liệu mẫu đã có, không nạp lại.")]
    users = {u.username: u for u in User.objects.filter(username__in=[SCORER, LEADER])}
    scorer = users.get(SCORER) or users[LEADER]
    task = plan.tasks.filter(number=TASK_NUMBER).first()
    rng = random.Random(3112)
    first_event = (StatusEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    lines = []
    with transaction.atomic(), override_settings(SANGTAO_TODAY=story_day):
        for group_name, levels, order in SCHEMES:
            scheme = services.scheme_create(
                actor=scorer, plan=plan, group_name=group_name, levels=levels, order=order, task=task
            )
            criteria = criteria_for(levels)
            for i, c in enumerate(criteria, start=1):
                services.criterion_save(
                    actor=scorer,
                    scheme=scheme,
                    order=i,
                    code=c.code,
                    group=c.group,
                    name=c.name,
                    description=c.description,
                    kind=CriterionKind.COMPUTED if c.source_key else CriterionKind.MANUAL,
                    source_key=c.source_key,
                    rule=c.rule,
                    steps=[[str(t), str(p)] for t, p in c.steps],
                    cap=Decimal(c.cap) if c.cap else None,
                    max_points=Decimal(c.max_points),
                    weight=Decimal(1),
                )
            services.scheme_open(actor=scorer, scheme=scheme)
            units = scheme_units(scheme)
            # A couple of schools are still waiting for the office's visit: their hand score is pending.
            visited = rng.sample(units, max(0, len(units) - 2))
            for criterion in scheme.criteria.filter(kind=CriterionKind.MANUAL):
                entries = []
                for unit in visited:
                    points, comment = rng.choice(COMMENTS)
                    entries.append((unit, min(points, criterion.max_points), comment))
                services.manual_scores_set(actor=scorer, criterion=criterion, entries=entries)
            services.scheme_recompute(actor=scorer, scheme=scheme)
            if group_name in PUBLISHED:
                services.scheme_publish(actor=scorer, scheme=scheme, published=True)
            lines.append(
                _("Thi đua %(g)s: %(c)d tiêu chí, %(n)d đơn vị, đã tính điểm")
                % {"g": group_name, "c": len(criteria), "n": len(units)}
            )
        _backdate_events(first_event, story_day)
    skipped = sorted({c.source_key for c in CRITERIA if c.source_key and c.source_key not in stat_sources()})
    if skipped:
        lines.append(_("Thi đua: bỏ qua tiêu chí có nguồn chưa khai báo: %(k)s") % {"k": ", ".join(skipped)})
    return lines


def _backdate_events(first_event: int, story_day: datetime.date) -> None:
    """The scheme's steps happened in the story (set up in February, computed on the demo's morning)."""
    ct = ContentType.objects.get_for_model(Scheme)
    events = list(StatusEvent.objects.filter(pk__gte=first_event, content_type=ct).order_by("pk"))
    start = timezone.make_aware(
        datetime.datetime.combine(story_day - datetime.timedelta(days=30), datetime.time(8))
    )
    step = datetime.timedelta(minutes=7)
    for i, event in enumerate(events):
        at = start + i * step
        if event.action in ("compute", "publish"):
            at = timezone.make_aware(
                datetime.datetime.combine(story_day, datetime.time(7))
            ) + i * datetime.timedelta(seconds=30)
        event.at = at
    StatusEvent.objects.bulk_update(events, ["at"], batch_size=500)
