"""Reads of the emulation app: each takes the user and keeps to what the user may see (STYLE 3)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role
from sangtao.core.events import events_for
from sangtao.orgs.models import UnitKind
from sangtao.plans.indicators import stat_sources
from sangtao.plans.models import Plan
from sangtao.plans.records import TaskRecord, task_record_sources

from . import permissions as rules
from .models import Criterion, CriterionKind, CriterionScore, ItemState, Scheme, SchemeStatus, SchoolScore
from .scoring import plan_indicators_by_key, scheme_units

# ── Schemes ────────────────────────────────────────────────────────────────────────────────────────


def _school_scheme_ids(user) -> list[int]:
    """Schemes (not drafts) of the khối of each school where the user holds a role."""
    schools = [u for u in perms.role_units(user) if u.kind in (UnitKind.SCHOOL, UnitKind.AFFILIATED)]
    if not schools:
        return []
    above = {int(p) for u in schools for p in u.path.strip("/").split("/") if p}
    candidates = (
        Scheme.objects.exclude(status=SchemeStatus.DRAFT)
        .filter(plan__issuing_unit_id__in=above)
        .values_list("pk", "levels", "plan__issuing_unit__path")
    )
    return [
        pk
        for pk, levels, issuer_path in candidates
        if any(u.level in (levels or []) and u.path.startswith(issuer_path) for u in schools)
    ]


def schemes_for_user(user, *, year: int | None = None):
    """The office's schemes (drafts included), the observers' (not drafts), a school's khối (not drafts)."""
    if not user.is_authenticated:
        return Scheme.objects.none()
    office = perms.scope_q(user, "plan__issuing_unit", *rules.OFFICE)
    observer = perms.scope_q(user, "plan__issuing_unit", Role.OBSERVER) & ~Q(status=SchemeStatus.DRAFT)
    qs = Scheme.objects.filter(office | observer | Q(pk__in=_school_scheme_ids(user)))
    if year:
        qs = qs.filter(plan__year=year)
    return qs.select_related("plan", "plan__issuing_unit", "task").order_by(
        "-plan__year", "order", "group_name", "pk"
    )


def get_scheme_for_user(user, pk: int) -> Scheme:
    scheme = schemes_for_user(user).filter(pk=pk).first()
    if scheme is None:
        raise Http404
    return scheme


def manageable_plans(user):
    """Plans whose schemes the user may set up (the office that issued them)."""
    if not user.is_authenticated:
        return Plan.objects.none()
    return (
        Plan.objects.filter(perms.scope_q(user, "issuing_unit", *rules.OFFICE))
        .select_related("issuing_unit")
        .order_by("-year", "-issued_on", "-pk")
    )


def copyable_schemes(user):
    return schemes_for_user(user).filter(perms.scope_q(user, "plan__issuing_unit", *rules.OFFICE))


# ── Criteria ───────────────────────────────────────────────────────────────────────────────────────


@dataclass
class CriterionView:
    criterion: Criterion
    source_name: str = ""
    source_missing: bool = False
    indicator_url: str = ""


def criteria_of(scheme: Scheme) -> list[CriterionView]:
    """The criteria with their source's name, or the plain notice that the source is gone (two queries)."""
    criteria = list(scheme.criteria.all())
    sources = stat_sources()
    keys = {c.source_key for c in criteria if c.kind == CriterionKind.COMPUTED}
    indicators = plan_indicators_by_key(scheme.plan, keys) if keys else {}
    rows = []
    for c in criteria:
        view = CriterionView(criterion=c)
        if c.kind == CriterionKind.COMPUTED:
            source = sources.get(c.source_key)
            view.source_missing = source is None
            view.source_name = str(source.name) if source else c.source_key
            if c.source_key in indicators:
                view.indicator_url = reverse("plans:indicator", args=[indicators[c.source_key].pk])
        rows.append(view)
    return rows


# ── The table ──────────────────────────────────────────────────────────────────────────────────────


@dataclass
class TableRow:
    score: SchoolScore
    cells: list  # (CriterionView, CriterionScore or None) per criterion, in the criteria's order
    tied: bool = False


@dataclass
class ScoreTable:
    scheme: Scheme
    criteria: list[CriterionView]
    rows: list[TableRow]
    reads_all: bool
    max_total: object = None
    unscored: int = 0  # hand-scored cells not yet scored, among the rows shown
    ranked: int = 0  # schools ranked in the whole khối
    gone: list = field(default_factory=list)  # criteria whose source is no longer declared


def _items_prefetch():
    return Prefetch("items", queryset=CriterionScore.objects.order_by("criterion__order", "criterion_id"))


def score_table(user, scheme: Scheme) -> ScoreTable:
    """Every row the user may see, in rank order (queries: criteria, indicators, rows, items)."""
    reads_all = rules.reads_all(user, scheme)
    criteria = criteria_of(scheme)
    rows = SchoolScore.objects.filter(scheme=scheme)
    if not reads_all:
        rows = rows.filter(perms.scope_q(user)) if scheme.status != SchemeStatus.DRAFT else rows.none()
    rows = list(
        rows.select_related("unit").prefetch_related(_items_prefetch()).order_by("rank", "unit__name", "pk")
    )
    # A school that sees only its own row still learns whether it shares its rank, and out of how many.
    ranks = (
        [r.rank for r in rows]
        if reads_all or not rows
        else list(SchoolScore.objects.filter(scheme=scheme).values_list("rank", flat=True))
    )
    counts = Counter(ranks)
    table_rows = []
    unscored = 0
    for row in rows:
        by_criterion = {item.criterion_id: item for item in row.items.all()}
        cells = [(view, by_criterion.get(view.criterion.pk)) for view in criteria]
        unscored += sum(1 for _v, cell in cells if cell is not None and cell.state == ItemState.NOT_SCORED)
        table_rows.append(
            TableRow(score=row, cells=cells, tied=row.rank is not None and counts[row.rank] > 1)
        )
    return ScoreTable(
        scheme=scheme,
        criteria=criteria,
        rows=table_rows,
        reads_all=reads_all,
        max_total=sum((v.criterion.weighted_max for v in criteria), start=0),
        unscored=unscored,
        ranked=len(ranks),
        gone=[v for v in criteria if v.source_missing],
    )


def khoi_size(scheme: Scheme) -> int:
    return len(scheme_units(scheme))


def get_score_for_user(user, pk: int) -> SchoolScore:
    """A school's row: the office and observers read every row, a school its own (all, once published)."""
    score = (
        SchoolScore.objects.select_related("scheme__plan__issuing_unit", "scheme__task", "unit")
        .filter(pk=pk)
        .first()
    )
    if score is None:
        raise Http404
    get_scheme_for_user(user, score.scheme_id)
    if not rules.can_read_row(user, score.scheme, score.unit):
        raise Http404
    return score


# ── A school's breakdown ───────────────────────────────────────────────────────────────────────────


@dataclass
class Link:
    label: str
    url: str


@dataclass
class BreakdownLine:
    view: CriterionView
    item: CriterionScore | None
    links: list[Link] = field(default_factory=list)
    records: list[TaskRecord] = field(default_factory=list)


def _app_list_link(key: str, score: SchoolScore) -> Link | None:
    """The source app's own list, filtered to the school, where the app offers such a page."""
    unit = score.unit
    app = key.split(".", 1)[0]
    if app == "clubs":
        return Link(_("Câu lạc bộ của trường"), f"{reverse('clubs:list')}?unit={unit.pk}")
    if app == "communication":
        return Link(_("Tin bài của trường"), reverse("communication:unit", args=[unit.pk]))
    if app == "training":
        return Link(
            _("Độ phủ bồi dưỡng theo trường"),
            f"{reverse('training:coverage')}?year={score.scheme.plan.year}&level={unit.level}",
        )
    if app == "initiatives":
        return Link(_("Các đợt xét sáng kiến"), reverse("initiatives:campaigns"))
    if app == "contests":
        return Link(_("Các hội thi"), reverse("contests:list"))
    if key == "outreach.documents_acknowledged":
        return Link(_("Văn bản đã gửi"), reverse("outreach:library"))
    if key == "outreach.responded_national_days":
        return Link(_("Lịch sự kiện"), reverse("outreach:calendar"))
    return None


def _records_for(user, key: str, task, unit) -> list[TaskRecord]:
    """The records of the source's app that serve the indicator's task and belong to the school."""
    module = f"sangtao.{key.split('.', 1)[0]}.stats"
    names = {unit.name, unit.short_name, unit.display_short} - {""}
    found = []
    for source in task_record_sources():
        if source.__module__ == module:
            found += [r for r in source(user, task) if r.unit in names]
    return found[:20]


def breakdown(user, score: SchoolScore) -> list[BreakdownLine]:
    """Per criterion: the raw value, the rule applied, the points and the way back to the records."""
    scheme = score.scheme
    views = criteria_of(scheme)
    items = {
        item.criterion_id: item
        for item in CriterionScore.objects.filter(score=score).select_related("scored_by")
    }
    keys = {v.criterion.source_key for v in views if v.criterion.kind == CriterionKind.COMPUTED}
    indicators = plan_indicators_by_key(scheme.plan, keys) if keys else {}
    lines = []
    for view in views:
        criterion = view.criterion
        line = BreakdownLine(view=view, item=items.get(criterion.pk))
        if criterion.kind == CriterionKind.COMPUTED and not view.source_missing:
            indicator = indicators.get(criterion.source_key)
            if indicator is not None:
                line.links.append(
                    Link(
                        _("Chỉ tiêu %(c)s của kế hoạch") % {"c": indicator.code},
                        reverse("plans:indicator", args=[indicator.pk]),
                    )
                )
                if indicator.task_id:
                    line.links.append(
                        Link(
                            _("Nhiệm vụ %(n)s") % {"n": indicator.task.number},
                            reverse("plans:task", args=[indicator.task_id]),
                        )
                    )
                    line.records = _records_for(user, criterion.source_key, indicator.task, score.unit)
            app_link = _app_list_link(criterion.source_key, score)
            if app_link is not None:
                line.links.append(app_link)
        lines.append(line)
    return lines


# ── The timeline ───────────────────────────────────────────────────────────────────────────────────

ACTION_LABELS = {
    "create": pgettext_lazy("timeline", "Lập bảng điểm"),
    "update": pgettext_lazy("timeline", "Sửa thông tin bảng điểm"),
    "copy": pgettext_lazy("timeline", "Sao chép từ năm trước"),
    "criteria": pgettext_lazy("timeline", "Thay đổi tiêu chí"),
    "open": pgettext_lazy("timeline", "Áp dụng bảng điểm"),
    "compute": pgettext_lazy("timeline", "Tính điểm"),
    "manual_score": pgettext_lazy("timeline", "Chấm điểm tay"),
    "publish": pgettext_lazy("timeline", "Công bố cho các trường"),
    "unpublish": pgettext_lazy("timeline", "Thôi công bố"),
    "finalise": pgettext_lazy("timeline", "Chốt bảng điểm"),
    "unlock": pgettext_lazy("timeline", "Mở khóa bảng điểm"),
}


def _status_label(value: str) -> str:
    return str(SchemeStatus(value).label) if value in SchemeStatus.values else value


def scheme_events(scheme: Scheme) -> list:
    events = list(events_for(scheme).order_by("-at", "-id")[:100])
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        ev.from_label, ev.to_label = _status_label(ev.from_status), _status_label(ev.to_status)
    return events
