"""Reads of the reports app: which reports a person sees, and the content of a report as rows.

The content (`report_content`) is the query half of a report (STYLE 7): sections and tasks of the plan with
what was done, the indicator table from `plans.selectors.indicator_figures` (the one source of the numbers
that the dashboards and the API show), the tables and the charts. `word.py` and `annex.py` only format it.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from sangtao.accounts.models import User
from sangtao.core import clock
from sangtao.core.events import events_for
from sangtao.core.nd30 import lower_first
from sangtao.orgs.models import OrgUnit, SchoolLevel, UnitKind
from sangtao.plans import selectors as plan_selectors
from sangtao.plans.models import Assignment, AssignmentStatus, Measure, Plan, ReportingPeriod, TaskKind
from sangtao.plans.selectors import Scope

from . import permissions as rperms
from .charts import BAR, HBAR, Chart, Series, format_number
from .models import Report, ReportStatus, ReportVersion

# How many schools' own words a task quotes in the document; the annex lists them all.
QUOTED_REPORTS = 5


# ── Which reports ──────────────────────────────────────────────────────────────────────────────────


def reports_for_user(user: User, *, plan_id: int | None = None, status: str = ""):
    if not user.is_authenticated:
        return Report.objects.none()
    qs = Report.objects.filter(rperms.readable_q(user))
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("plan", "period", "unit").order_by("-signed_on", "-id")


def get_report_for_user(user: User, pk: int) -> Report:
    report = (
        reports_for_user(user)
        .select_related("plan__issuing_unit", "unit__parent", "created_by", "finalised_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def get_version_for_user(user: User, pk: int) -> ReportVersion:
    version = ReportVersion.objects.select_related("report").filter(pk=pk).first()
    if version is None or not rperms.can_read(user, version.report):
        raise Http404
    return version


def versions_of(report: Report):
    return report.versions.select_related("created_by").order_by("-number")


def units_for_new_report(user: User):
    """The units the user may report for: office staff any unit of their scope, a principal their school."""
    office = rperms.office_units(user)
    schools = rperms.principal_units(user)
    qs = OrgUnit.objects.none()
    if office:
        qs = OrgUnit.objects.within(office).exclude(kind=UnitKind.TEAM)
    if schools:
        qs = qs | OrgUnit.objects.within(schools).schools()
    return qs.order_by("path")


def periods_of(plan: Plan):
    return ReportingPeriod.objects.filter(plan=plan).order_by("due", "id")


# ── The content of a report ────────────────────────────────────────────────────────────────────────


def report_as_of(period: ReportingPeriod) -> datetime.date:
    """Figures as at the period's end, or today while the period is still running."""
    return min(period.end, clock.today())


def report_scope(report_or_unit, level: str = "") -> Scope:
    unit = getattr(report_or_unit, "unit", report_or_unit)
    return Scope(level=getattr(report_or_unit, "level", level) or "", unit=unit)


def _plain(value) -> str:
    return format_number(value) if value is not None else "–"


def pct(value) -> str:
    return format_number(value, "%") if value is not None else "–"


def figure(value, unit_of_measure: str) -> str:
    return (
        format_number(value, "%" if unit_of_measure == "%" else unit_of_measure) if value is not None else "–"
    )


@dataclass
class IndicatorRow:
    code: str
    name: str
    unit_of_measure: str
    measure: str
    target: Decimal | None
    actual: Decimal | None
    percent_of_target: Decimal | None
    on_track: bool | None
    no_data_reason: str
    task_id: int | None
    by_level: dict[str, Decimal | None]
    by_unit: dict[int, Decimal | None]

    @property
    def verdict(self) -> str:
        if self.on_track is None:
            return self.no_data_reason or "Chưa có số liệu"
        return "Đạt" if self.on_track else "Chưa đạt"

    def as_figure(self) -> dict:
        """What a version keeps of this row: the numbers as strings (JSON has no Decimal)."""
        return {
            "code": self.code,
            "name": self.name,
            "target": None if self.target is None else str(self.target),
            "actual": None if self.actual is None else str(self.actual),
            "percent_of_target": None if self.percent_of_target is None else str(self.percent_of_target),
        }


@dataclass
class TaskBlock:
    """A section or a task of the plan, with what the units in scope did under it by the report's day."""

    number: str
    title: str
    is_section: bool
    depth: int
    lead_unit: str = ""
    expected: int = 0
    done: int = 0
    late: int = 0
    indicators: list[IndicatorRow] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (unit, approved report text)
    more_quotes: int = 0

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def share_done(self) -> Decimal | None:
        if not self.expected:
            return None
        return (Decimal(self.done) * 100 / Decimal(self.expected)).quantize(Decimal("0.1"))


@dataclass
class Table:
    """A table of the report: printed in the .docx and written as its own sheet of the annex.

    `rows` hold the raw values (numbers stay numbers in the annex); `formats` says how the document prints
    a column (e.g. 45.0 → "45,0%").
    """

    title: str
    headers: list[str]
    rows: list[list]
    numeric: set[int] = field(default_factory=set)  # column indexes aligned right
    formats: dict[int, Callable] = field(default_factory=dict)

    def printed(self) -> list[list[str]]:
        return [
            [
                self.formats[i](v) if i in self.formats else ("" if v is None else str(v))
                for i, v in enumerate(row)
            ]
            for row in self.rows
        ]


@dataclass
class ReportContent:
    plan: Plan
    period: ReportingPeriod
    unit: OrgUnit
    level: str
    as_of: datetime.date
    units: list[OrgUnit]
    indicators: list[IndicatorRow]
    blocks: list[TaskBlock]
    sections: list[TaskBlock]
    approved_reports: list[dict]
    reporting: dict
    tables: list[Table] = field(default_factory=list)
    # "indicators", "sections" and, when the scope spans several levels, "levels".
    charts: dict[str, Chart] = field(default_factory=dict)

    @property
    def levels(self) -> list[str]:
        return [lv for lv in SchoolLevel.values if any(u.level == lv for u in self.units)]

    @property
    def figures(self) -> list[dict]:
        return [row.as_figure() for row in self.indicators]


def _indicator_rows(results) -> list[IndicatorRow]:
    rows = []
    for r in results:
        ind = r.indicator
        rows.append(
            IndicatorRow(
                code=ind.code,
                name=ind.name,
                unit_of_measure=ind.unit_of_measure,
                measure=ind.measure,
                target=ind.target,
                actual=r.overall.actual,
                percent_of_target=r.percent_of_target,
                on_track=r.on_track,
                no_data_reason=r.no_data_reason,
                task_id=ind.task_id,
                by_level={level: agg.actual for level, agg in r.by_level.items()},
                by_unit=dict(r.by_unit),
            )
        )
    return rows


def _done_by(assignment_status: str, reviewed_at, as_of: datetime.date) -> bool:
    if assignment_status != AssignmentStatus.APPROVED:
        return False
    return reviewed_at is None or timezone.localdate(reviewed_at) <= as_of


def _blocks(plan: Plan, units: list[OrgUnit], indicators: list[IndicatorRow], as_of: datetime.date):
    """Every section and task in the plan's order, with counts rolled up from tasks to their sections."""
    tasks = list(plan.tasks.select_related("lead_unit").order_by("order", "id"))
    unit_ids = [u.pk for u in units]
    names = {u.pk: u.display_short for u in units}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"expected": 0, "done": 0, "late": 0})
    quotes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    approved_reports = []
    task_by_id = {t.pk: t for t in tasks}
    rows = (
        Assignment.objects.filter(task__plan=plan, unit_id__in=unit_ids)
        .order_by("task_id", "unit__path")
        .values_list("task_id", "unit_id", "status", "reviewed_at", "due", "report_text")
    )
    for task_id, unit_id, status, reviewed_at, due, text in rows:
        done = _done_by(status, reviewed_at, as_of)
        c = counts[task_id]
        c["expected"] += 1
        c["done"] += done
        c["late"] += bool(not done and due and due < as_of)
        if done and text.strip():
            quotes[task_id].append((names[unit_id], text.strip()))
            task = task_by_id[task_id]
            approved_reports.append(
                {
                    "task": str(task),
                    "unit": names[unit_id],
                    "text": text.strip(),
                    "reviewed_at": timezone.localdate(reviewed_at) if reviewed_at else None,
                }
            )
    by_task: dict[int | None, list[IndicatorRow]] = defaultdict(list)
    for row in indicators:
        by_task[row.task_id].append(row)

    children: dict[int | None, list] = defaultdict(list)
    for t in tasks:
        children[t.parent_id if t.parent_id in task_by_id else None].append(t)

    blocks: list[TaskBlock] = []
    sections: list[TaskBlock] = []

    def walk(task, depth) -> dict[str, int]:
        own = counts[task.pk]
        block = TaskBlock(
            number=task.number,
            title=task.title,
            is_section=task.kind == TaskKind.SECTION,
            depth=depth,
            lead_unit=task.lead_unit.display_short if task.lead_unit else "",
            indicators=by_task.get(task.pk, []),
            quotes=quotes[task.pk][:QUOTED_REPORTS],
            more_quotes=max(len(quotes[task.pk]) - QUOTED_REPORTS, 0),
        )
        blocks.append(block)
        total = dict(own)
        for child in children[task.pk]:
            sub = walk(child, depth + 1)
            for key in total:
                total[key] += sub[key]
        block.expected, block.done, block.late = total["expected"], total["done"], total["late"]
        if depth == 0:
            sections.append(block)
        return total

    for root in children[None]:
        walk(root, 0)
    return blocks, sections, approved_reports


def _reporting(plan: Plan, period: ReportingPeriod, units: list[OrgUnit]) -> dict:
    for row in plan_selectors.period_completeness(plan, units):
        if row["period"].pk == period.pk:
            return row
    return {"expected": len(units), "submitted": 0, "on_time": 0, "rate": None, "timely_rate": None}


def _tables_and_charts(content: ReportContent) -> None:
    levels = content.levels
    content.tables.append(
        Table(
            title="Kết quả thực hiện các chỉ tiêu",
            headers=[
                "STT",
                "Mã",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Chỉ tiêu kế hoạch",
                "Thực hiện",
                "% so với chỉ tiêu",
                "Đánh giá",
            ],
            rows=[
                [i, r.code, r.name, r.unit_of_measure, r.target, r.actual, r.percent_of_target, r.verdict]
                for i, r in enumerate(content.indicators, start=1)
            ],
            numeric={0, 4, 5, 6},
            formats={4: _plain, 5: _plain, 6: pct},
        )
    )
    content.tables.append(
        Table(
            title="Tiến độ thực hiện theo nội dung kế hoạch",
            headers=[
                "Nội dung",
                "Số lượt giao",
                "Đã hoàn thành",
                "Quá hạn chưa hoàn thành",
                "Tỷ lệ hoàn thành (%)",
            ],
            rows=[[s.heading, s.expected, s.done, s.late, s.share_done] for s in content.sections],
            numeric={1, 2, 3, 4},
            formats={4: pct},
        )
    )
    reporting = content.reporting
    content.tables.append(
        Table(
            title="Tình hình nộp báo cáo kỳ",
            headers=[
                "Kỳ báo cáo",
                "Số đơn vị phải nộp",
                "Đã nộp",
                "Nộp đúng hạn",
                "Tỷ lệ nộp (%)",
                "Tỷ lệ đúng hạn (%)",
            ],
            rows=[
                [
                    content.period.name,
                    reporting["expected"],
                    reporting["submitted"],
                    reporting["on_time"],
                    _percent(reporting["rate"]),
                    _percent(reporting["timely_rate"]),
                ]
            ],
            numeric={1, 2, 3, 4, 5},
            formats={4: pct, 5: pct},
        )
    )
    if len(levels) > 1:
        shares = [r for r in content.indicators if r.measure == Measure.SHARE_OF_UNITS]
        content.tables.append(
            Table(
                title="Chỉ tiêu tỷ lệ theo cấp học",
                headers=["Mã", "Chỉ tiêu"] + [f"{SchoolLevel(lv).label} (%)" for lv in levels],
                rows=[[r.code, r.name] + [r.by_level.get(lv) for lv in levels] for r in shares],
                numeric=set(range(2, 2 + len(levels))),
                formats=dict.fromkeys(range(2, 2 + len(levels)), pct),
            )
        )

    measured = [r for r in content.indicators if r.percent_of_target is not None]
    if measured:
        content.charts["indicators"] = Chart(
            title="Mức độ hoàn thành chỉ tiêu (% so với chỉ tiêu kế hoạch)",
            labels=[r.code for r in measured],
            series=[
                Series(
                    "Thực hiện so với chỉ tiêu", [min(r.percent_of_target, Decimal(150)) for r in measured]
                )
            ],
            kind=HBAR,
            unit="%",
            target=100,
            target_label="Chỉ tiêu kế hoạch (100%)",
            width=6.3,
        )
    if content.sections:
        content.charts["sections"] = Chart(
            title="Tỷ lệ hoàn thành nhiệm vụ theo nội dung kế hoạch",
            labels=[s.number or s.title[:20] for s in content.sections],
            series=[Series("Tỷ lệ hoàn thành", [s.share_done for s in content.sections])],
            kind=BAR,
            unit="%",
            y_max=100,
            width=6.3,
        )
    if len(levels) > 1:
        shares = [
            r for r in content.indicators if r.measure == Measure.SHARE_OF_UNITS and r.actual is not None
        ]
        if shares:
            content.charts["levels"] = Chart(
                title="Chỉ tiêu tỷ lệ theo cấp học (%)",
                labels=[r.code for r in shares],
                series=[
                    Series(str(SchoolLevel(lv).label), [r.by_level.get(lv) for r in shares]) for lv in levels
                ],
                kind=BAR,
                unit="%",
                y_max=100,
                width=6.3,
            )


def _percent(rate) -> Decimal | None:
    return None if rate is None else (Decimal(str(rate)) * 100).quantize(Decimal("0.1"))


def report_content(user: User, report: Report) -> ReportContent:
    """Everything the document and its annex say, computed as of the period's end for the report's scope."""
    plan, period = report.plan, report.period
    as_of = report_as_of(period)
    scope = report_scope(report)
    units = scope.narrow(plan_selectors.implementing_units(plan, user))
    results = plan_selectors.indicator_figures(user, plan, as_of=as_of, scope=scope)
    indicators = _indicator_rows(results)
    with clock.as_of(as_of):
        blocks, sections, approved = _blocks(plan, units, indicators, as_of)
        reporting = _reporting(plan, period, units)
    content = ReportContent(
        plan=plan,
        period=period,
        unit=report.unit,
        level=report.level,
        as_of=as_of,
        units=units,
        indicators=indicators,
        blocks=blocks,
        sections=sections,
        approved_reports=approved,
        reporting=reporting,
    )
    _tables_and_charts(content)
    return content


# ── A first draft of the assessment, from the figures ──────────────────────────────────────────────


def draft_paragraphs(content: ReportContent) -> dict[str, str]:
    """Strengths, limits, causes and directions as a starting point the office rewrites in its own words."""
    met = [r for r in content.indicators if r.on_track]
    below = [r for r in content.indicators if r.on_track is False]
    no_data = [r for r in content.indicators if r.on_track is None]
    total = sum(s.expected for s in content.sections)
    done = sum(s.done for s in content.sections)
    late = sum(s.late for s in content.sections)
    best = sorted((s for s in content.sections if s.expected), key=lambda s: s.share_done or 0, reverse=True)
    reporting = content.reporting
    n_units = len(content.units)

    strengths = [
        f"Các đơn vị đã triển khai kế hoạch; tính đến {content.as_of:%d/%m/%Y}, "
        f"{done}/{total} lượt nhiệm vụ được giao đã hoàn thành và được duyệt ({pct(_share(done, total))})."
    ]
    if met:
        strengths.append(
            f"{len(met)}/{len(content.indicators)} chỉ tiêu đạt hoặc vượt chỉ tiêu kế hoạch: "
            + "; ".join(
                f"{r.code} {lower_first(r.name)} ({figure(r.actual, r.unit_of_measure)})" for r in met[:4]
            )
            + ("…" if len(met) > 4 else "")
            + "."
        )
    if best and best[0].share_done:
        strengths.append(
            f"Nội dung có tỷ lệ hoàn thành cao nhất: {best[0].heading} ({pct(best[0].share_done)})."
        )
    if reporting.get("expected"):
        strengths.append(
            f"{reporting['submitted']}/{reporting['expected']} đơn vị đã nộp báo cáo {lower_first(content.period.name)}, "
            f"trong đó {reporting['on_time']} đơn vị nộp đúng hạn."
        )

    limits = []
    if below:
        limits.append(
            f"{len(below)} chỉ tiêu chưa đạt: "
            + "; ".join(
                f"{r.code} đạt {figure(r.actual, r.unit_of_measure)}/{figure(r.target, r.unit_of_measure)}"
                for r in below
            )
            + "."
        )
    if late:
        limits.append(f"Còn {late} lượt nhiệm vụ quá hạn nhưng chưa hoàn thành.")
    if no_data:
        limits.append(f"{len(no_data)} chỉ tiêu chưa có số liệu: " + ", ".join(r.code for r in no_data) + ".")
    missing = reporting.get("expected", 0) - reporting.get("submitted", 0)
    if missing > 0:
        limits.append(f"{missing}/{n_units} đơn vị chưa nộp báo cáo kỳ.")
    if not limits:
        limits.append("Không có chỉ tiêu nào chưa đạt tại thời điểm báo cáo.")

    causes = [
        "Một số đơn vị chưa cập nhật kịp thời kết quả và minh chứng lên hệ thống; việc phối hợp giữa các "
        "bộ phận phụ trách tại đơn vị chưa thường xuyên.",
    ]
    if below:
        causes.append(
            "Các nội dung chưa đạt chỉ tiêu cần thời gian triển khai dài hơn một học kỳ (thành lập câu lạc bộ, "
            "cử cán bộ, giáo viên tham gia đào tạo) và phụ thuộc lịch tổ chức của cấp trên."
        )

    directions = []
    for r in below:
        directions.append(
            f"Tập trung hoàn thành chỉ tiêu {r.code} ({lower_first(r.name)}): hiện đạt "
            f"{figure(r.actual, r.unit_of_measure)}, chỉ tiêu {figure(r.target, r.unit_of_measure)}."
        )
    if late:
        directions.append(f"Đôn đốc các đơn vị hoàn thành {late} lượt nhiệm vụ quá hạn, cập nhật minh chứng.")
    directions.append(
        "Tiếp tục theo dõi, kiểm tra tiến độ thực hiện kế hoạch; tổng hợp, đánh giá và đề xuất khen thưởng "
        "các tập thể, cá nhân có thành tích xuất sắc."
    )
    return {
        "strengths": "\n".join(strengths),
        "limits": "\n".join(limits),
        "causes": "\n".join(causes),
        "directions": "\n".join(directions),
    }


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


# ── Pages ──────────────────────────────────────────────────────────────────────────────────────────

# What happened, as the timeline tells it (English needs the past tense, hence the context).
ACTION_LABELS = {
    "create": pgettext_lazy("timeline", "Lập dự thảo"),
    "edit": pgettext_lazy("timeline", "Sửa nội dung sau khi đã tạo văn bản"),
    "generate": pgettext_lazy("timeline", "Yêu cầu tạo văn bản"),
    "version": pgettext_lazy("timeline", "Tạo xong phiên bản"),
    "fail": pgettext_lazy("timeline", "Tạo văn bản không thành công"),
    "finalise": pgettext_lazy("timeline", "Hoàn tất"),
}


def report_events(report: Report) -> list:
    events = list(events_for(report).order_by("at", "id"))
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
    return events


def dashboard_url(report: Report) -> str:
    """The dashboard of the report's scope, filtered to its period: the office's (or its level page) for
    the office's reports, the school's for a school's. Whoever reads the report reads that dashboard."""
    if report.unit.is_school:
        url = reverse("dashboards:school", args=[report.unit_id])
        query = {"plan": report.plan_id, "period": report.period_id}
    elif report.level:
        url = reverse("dashboards:level", args=[report.plan_id, report.level])
        query = {"period": report.period_id}
    else:
        url = reverse("dashboards:office", args=[report.plan_id])
        query = {"period": report.period_id}
    return f"{url}?{urlencode(query)}"


def report_page(user: User, report: Report) -> dict:
    """What the report's page needs beyond the report: its versions and what the user may do."""
    return {
        "dashboard_url": dashboard_url(report),
        "versions": list(versions_of(report)),
        "can_edit": report.is_editable and rperms.can_edit(user, report),
        "can_generate": report.status in (ReportStatus.DRAFT, ReportStatus.READY)
        and rperms.can_edit(user, report),
        "can_finalise": report.status == ReportStatus.READY and rperms.can_finalise(user, report),
    }
