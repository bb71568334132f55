"""Reads of the programmes app: each takes the user and keeps to the user's units (STYLE 3)."""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.http import Http404
from django.utils.translation import pgettext_lazy

from sangtao.accounts import permissions as perms
from sangtao.accounts.models import Role
from sangtao.core import clock
from sangtao.core.events import events_for
from sangtao.core.text import folded_search
from sangtao.orgs.models import OrgUnit, SchoolYear, UnitYearStats

from .models import (
    Answer,
    AnswerEvidence,
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Enrolment,
    EnrolmentStatus,
    MeterReading,
    Programme,
    ProgrammeStatus,
    SolarInstallation,
)

# ── Visibility ─────────────────────────────────────────────────────────────────────────────────────


def _ancestor_ids(units) -> set[int]:
    return {int(p) for u in units for p in u.path.strip("/").split("/") if p}


def _partner_unit_ids(user) -> list[int]:
    return [u.pk for u in perms.role_units(user, Role.PARTNER)]


def with_enrolled_count(programmes):
    """Each programme with the number of schools taking part (enrolled), for the export."""
    return programmes.annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
    )


def programmes_for_user(user, *, q: str = "", year: str = "", kind: str = ""):
    """Programmes of an office above or within the user's units, and those a partner agency reviews.

    Drafts are seen by the office that prepares them only.
    """
    if not user.is_authenticated:
        return Programme.objects.none()
    units = perms.role_units(user)
    office = perms.scope_q(user, "owner_unit", Role.ADMIN, Role.LEADER, Role.SPECIALIST)
    seen = (
        Q(owner_unit_id__in=_ancestor_ids(units))
        | perms.scope_q(user, "owner_unit")
        | Q(partner_unit_id__in=_partner_unit_ids(user))
    )
    qs = Programme.objects.filter(office | (seen & ~Q(status=ProgrammeStatus.DRAFT)))
    if q:
        qs = qs.filter(folded_search("name", q))
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("criteria_set", "owner_unit", "partner_unit").order_by("-year", "name", "id")


def get_programme_for_user(user, pk) -> Programme:
    programme = programmes_for_user(user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def enrolment_q(user, prefix: str = "") -> Q:
    """Enrolments the user may read: of units in their scope, or of a programme their agency reviews."""
    return perms.scope_q(user, f"{prefix}unit") | Q(
        **{f"{prefix}programme__partner_unit_id__in": _partner_unit_ids(user)}
    )


def _latest(field_name: str):
    latest = Assessment.objects.filter(enrolment=OuterRef("pk")).order_by("-round")
    return Subquery(latest.values(field_name)[:1])


STAGE_LABELS = {
    EnrolmentStatus.REQUESTED: pgettext_lazy("stage", "Đăng ký, chờ Phòng chấp nhận"),
    EnrolmentStatus.ENROLLED: pgettext_lazy("stage", "Đã tham gia, chưa tự đánh giá"),
    EnrolmentStatus.DECLINED: pgettext_lazy("stage", "Không được chấp nhận"),
    EnrolmentStatus.WITHDRAWN: pgettext_lazy("stage", "Đã rút"),
    **{s.value: s.label for s in AssessmentStatus},
}
STAGES = [
    ("requested", STAGE_LABELS[EnrolmentStatus.REQUESTED]),
    ("enrolled", STAGE_LABELS[EnrolmentStatus.ENROLLED]),
    *AssessmentStatus.choices,
]


def enrolments_of(programme: Programme, user, *, stage: str = "", q: str = ""):
    """The programme's schools that the user may see, each with its latest round's status and scores."""
    qs = (
        programme.enrolments.filter(enrolment_q(user))
        .select_related("unit", "programme")
        .annotate(
            latest_id=_latest("pk"),
            latest_round=_latest("round"),
            latest_status=_latest("status"),
            latest_max=_latest("max_score"),
            latest_self=_latest("self_score"),
            latest_final=_latest("final_score"),
            latest_level=_latest("level__name"),
            latest_recognised_on=_latest("recognised_on"),
            latest_valid_until=_latest("valid_until"),
        )
    )
    if q:
        qs = qs.filter(folded_search("unit__name", q))
    if stage in ("requested", "enrolled"):
        qs = qs.filter(status=stage, latest_status__isnull=True)
    elif stage:
        qs = qs.filter(latest_status=stage)
    return qs.order_by("unit__path", "id")


def decorate(enrolments):
    """Stage, label and percent for rows of `enrolments_of` (in Python: no query)."""
    for e in enrolments:
        e.stage = e.latest_status or e.status
        e.stage_label = STAGE_LABELS.get(e.stage, e.stage)
        e.latest_percent = (
            (e.latest_final * 100 / e.latest_max).quantize(Decimal("0.1"))
            if e.latest_final is not None and e.latest_max
            else None
        )
    return enrolments


def stage_counts(programme: Programme, user) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in decorate(list(enrolments_of(programme, user).select_related(None).only("id", "status"))):
        counts[e.stage] = counts.get(e.stage, 0) + 1
    return counts


def get_enrolment_for_user(user, pk) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(enrolment_q(user))
        .filter(Q(programme__in=programmes_for_user(user)))
        .select_related("unit", "programme__criteria_set", "programme__owner_unit", "programme__partner_unit")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def my_enrolments(user):
    """The enrolments of the schools the user heads, coordinates or teaches in."""
    units = perms.role_units(user, Role.PRINCIPAL, Role.COORDINATOR, Role.TEACHER)
    if not units:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(perms.scope_q(user, "unit", Role.PRINCIPAL, Role.COORDINATOR, Role.TEACHER))
        .exclude(programme__status=ProgrammeStatus.DRAFT)
        .select_related("unit", "programme")
        .annotate(
            latest_id=_latest("pk"),
            latest_status=_latest("status"),
            latest_round=_latest("round"),
            latest_max=_latest("max_score"),
            latest_self=_latest("self_score"),
            latest_final=_latest("final_score"),
            latest_level=_latest("level__name"),
            latest_recognised_on=_latest("recognised_on"),
            latest_valid_until=_latest("valid_until"),
        )
        .order_by("-programme__year", "programme__name", "unit__path")
    )


def assessments_for_user(user, *, status: str = "", programme_id=None):
    """Assessments the user may read. A partner agency sees those sent to it and those it has reviewed."""
    partner = Q(enrolment__programme__partner_unit_id__in=_partner_unit_ids(user)) & ~Q(
        status__in=[AssessmentStatus.DRAFT]
    )
    qs = Assessment.objects.filter(perms.scope_q(user, "enrolment__unit") | partner).exclude(
        enrolment__programme__status=ProgrammeStatus.DRAFT
    )
    if status:
        qs = qs.filter(status=status)
    if programme_id:
        qs = qs.filter(enrolment__programme_id=programme_id)
    return qs.select_related(
        "enrolment__unit",
        "enrolment__programme__partner_unit",
        "enrolment__programme__owner_unit",
        "enrolment__programme__criteria_set",
        "level",
    ).order_by("enrolment__unit__path", "-round", "id")


def get_assessment_for_user(user, pk) -> Assessment:
    assessment = assessments_for_user(user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


def answers_of(assessment: Assessment):
    return list(
        assessment.answers.select_related("criterion__group")
        .prefetch_related(Prefetch("evidence", queryset=AnswerEvidence.objects.order_by("id")))
        .order_by("criterion__group__order", "criterion__order", "criterion_id")
    )


def grouped_answers(answers) -> list[tuple[CriterionGroup, list[Answer]]]:
    groups: dict[int, tuple] = {}
    for a in answers:
        groups.setdefault(a.criterion.group_id, (a.criterion.group, []))[1].append(a)
    return list(groups.values())


def criteria_sets_for_user(user):
    if not perms.is_office(user):
        return CriteriaSet.objects.none()
    return CriteriaSet.objects.order_by("name", "-version", "id")


def with_criteria_totals(criteria_sets):
    """Each set with its number of criteria and its total maximum points, for the export."""
    return criteria_sets.annotate(
        criteria_count=Count("groups__criteria"), max_total=Sum("groups__criteria__max_points")
    )


def get_criteria_set_for_user(user, pk) -> CriteriaSet:
    """The office edits sets; anybody who sees a programme reads its set through the programme's page."""
    criteria_set = CriteriaSet.objects.filter(pk=pk).first()
    visible = criteria_set is not None and (
        perms.is_office(user) or programmes_for_user(user).filter(criteria_set=criteria_set).exists()
    )
    if not visible:
        raise Http404
    return criteria_set


def criteria_of(criteria_set: CriteriaSet):
    return list(
        criteria_set.groups.prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id"))
        ).order_by("order", "id")
    )


def versions_of(criteria_set: CriteriaSet):
    return CriteriaSet.objects.filter(lineage=criteria_set.lineage).order_by("-version")


def evidence_for_user(user, pk) -> AnswerEvidence:
    evidence = (
        AnswerEvidence.objects.filter(answer__assessment__in=assessments_for_user(user))
        .select_related("answer__assessment")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


ACTION_LABELS = {
    "create": pgettext_lazy("timeline", "Tạo"),
    "open": pgettext_lazy("timeline", "Triển khai"),
    "close": pgettext_lazy("timeline", "Kết thúc"),
    "enrol": pgettext_lazy("timeline", "Phòng đăng ký cho trường"),
    "request": pgettext_lazy("timeline", "Trường đăng ký tham gia"),
    "accept": pgettext_lazy("timeline", "Phòng chấp nhận"),
    "decline": pgettext_lazy("timeline", "Phòng không chấp nhận"),
    "withdraw": pgettext_lazy("timeline", "Trường rút khỏi mô hình"),
    "start": pgettext_lazy("timeline", "Bắt đầu tự đánh giá"),
    "renew": pgettext_lazy("timeline", "Đánh giá lại để gia hạn"),
    "submit": pgettext_lazy("timeline", "Hiệu trưởng nộp"),
    "forward": pgettext_lazy("timeline", "Chuyển đơn vị phối hợp thẩm định"),
    "partner_review": pgettext_lazy("timeline", "Đơn vị phối hợp đã thẩm định"),
    "return": pgettext_lazy("timeline", "Trả lại"),
    "decide": pgettext_lazy("timeline", "Phòng kết luận"),
    "expire": pgettext_lazy("timeline", "Hết hạn công nhận"),
    "freeze": pgettext_lazy("timeline", "Khóa bộ tiêu chí"),
    "new_version": pgettext_lazy("timeline", "Tạo phiên bản mới"),
    "copy": pgettext_lazy("timeline", "Sao chép"),
    "flag": pgettext_lazy("timeline", "Xác nhận số liệu bất thường"),
    "check": pgettext_lazy("timeline", "Phòng đã kiểm tra"),
}
STATUS_LABELS = {
    **dict(AssessmentStatus.choices),
    **dict(EnrolmentStatus.choices),
    **dict(ProgrammeStatus.choices),
    "frozen": pgettext_lazy("status", "Đã khóa"),
    "flagged": pgettext_lazy("status", "Bất thường"),
    "checked": pgettext_lazy("status", "Đã kiểm tra"),
}


def timeline(*targets) -> list:
    events = []
    for target in targets:
        events += list(events_for(target))
    events.sort(key=lambda ev: (ev.at, ev.pk))
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        same = ev.from_status == ev.to_status
        ev.from_label = "" if same else STATUS_LABELS.get(ev.from_status, ev.from_status)
        ev.to_label = "" if same else STATUS_LABELS.get(ev.to_status, ev.to_status)
    return events


def enrolment_timeline(enrolment: Enrolment) -> list:
    """The enrolment's events and those of each of its rounds, in one list (two queries per round at most)."""
    from django.contrib.contenttypes.models import ContentType

    from sangtao.core.models import StatusEvent

    ids = list(enrolment.assessments.values_list("pk", flat=True))
    events = list(
        StatusEvent.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Enrolment), object_id=enrolment.pk)
            | Q(content_type=ContentType.objects.get_for_model(Assessment), object_id__in=ids)
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    for ev in events:
        ev.action_label = ACTION_LABELS.get(ev.action, ev.action)
        same = ev.from_status == ev.to_status
        ev.from_label = "" if same else STATUS_LABELS.get(ev.from_status, ev.from_status)
        ev.to_label = "" if same else STATUS_LABELS.get(ev.to_status, ev.to_status)
    return events


# ── Meter readings and energy ──────────────────────────────────────────────────────────────────────


def reading_units_for_user(user):
    """The schools whose readings the user may read."""
    return perms.scope_units(user).schools()


def readings_for_user(user, *, unit=None, flagged: bool | None = None, year: int | None = None):
    qs = MeterReading.objects.filter(perms.scope_q(user))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if flagged is not None:
        qs = qs.filter(flagged=flagged)
    if year:
        start, end = school_year_bounds(year)
        qs = qs.filter(month__range=(start, end))
    return qs.select_related("unit", "flag_checked_by").order_by("unit__path", "-month", "id")


def flagged_for_office(user):
    """Flagged readings in the office's scope, those not yet checked first."""
    qs = MeterReading.objects.filter(
        perms.scope_q(user, "unit", Role.ADMIN, Role.LEADER, Role.SPECIALIST, Role.OBSERVER)
    )
    return (
        qs.filter(flagged=True)
        .select_related("unit", "entered_by", "flag_checked_by")
        .order_by("flag_checked_by", "-month", "unit__path", "id")
    )


def solar_of(unit):
    return SolarInstallation.objects.filter(unit=unit).order_by("-installed_on", "id")


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """School year (year-1)-(year): 1 September to 31 August (readings are stored by month)."""
    return datetime.date(year - 1, 9, 1), datetime.date(year, 8, 1)


def current_energy_year(today: datetime.date | None = None) -> int:
    today = today or clock.today()
    return today.year + 1 if today.month >= 9 else today.year


def school_year_months(year: int) -> list[datetime.date]:
    return [datetime.date(year - 1, m, 1) for m in (9, 10, 11, 12)] + [
        datetime.date(year, m, 1) for m in range(1, 9)
    ]


def _students(unit_ids, years: list[int]) -> dict[tuple[int, int], int]:
    """Headcount per (unit, school year); a year without stats borrows the nearest year's (one query)."""
    names = {f"{y - 1}-{y}": y for y in years}
    rows = UnitYearStats.objects.filter(unit_id__in=unit_ids, students__gt=0).values_list(
        "unit_id", "year__name", "students"
    )
    known: dict[int, dict[int, int]] = {}
    for unit_id, name, students in rows:
        try:
            end = int(name.split("-")[1])
        except (IndexError, ValueError):
            continue
        known.setdefault(unit_id, {})[end] = students
    found = {}
    for unit_id, by_year in known.items():
        for y in names.values():
            nearest = min(by_year, key=lambda k: (abs(k - y), -k))
            found[(unit_id, y)] = by_year[nearest]
    return found


@dataclass
class EnergyRow:
    unit: OrgUnit | None
    unit_id: int
    months: int = 0  # months compared (present in both years)
    kwh: Decimal | None = (
        None  # this year, over the compared months (or every month when there is no previous)
    )
    kwh_prev: Decimal | None = None
    students: int | None = None
    students_prev: int | None = None
    water: Decimal | None = None
    per_pupil: Decimal | None = None  # kWh per pupil per month, this year
    per_pupil_prev: Decimal | None = None
    saving: Decimal | None = None  # % saved per pupil vs the previous year (positive: less used)
    water_per_pupil: Decimal | None = None  # m³ per pupil per month
    benchmark: Decimal | None = None  # median kWh per pupil per month of the schools of the same level
    solar_kwp: Decimal | None = None
    flagged: int = 0


def energy_rows(unit_ids, year: int, *, units: dict[int, OrgUnit] | None = None) -> dict[int, EnergyRow]:
    """Per school: kWh per pupil this school year and last (over the months both years have), the saving,
    water per pupil. A fixed number of queries whatever the number of schools. Flagged months that the office
    has not checked yet are left out (`flagged` counts them)."""
    start, end = school_year_bounds(year)
    prev_start, prev_end = school_year_bounds(year - 1)
    readings = MeterReading.objects.filter(unit_id__in=unit_ids, month__range=(prev_start, end)).values_list(
        "unit_id", "month", "electricity_kwh", "water_m3", "flagged", "flag_checked_by_id"
    )
    data: dict[int, dict[datetime.date, tuple]] = {}
    for unit_id, month, kwh, m3, flagged, checked in readings:
        # A flagged month counts once the office has checked it; until then it stays out of the sums.
        data.setdefault(unit_id, {})[month] = (kwh, m3, flagged and checked is None)
    students = _students(unit_ids, [year, year - 1])
    solar: dict[int, Decimal] = {}
    for unit_id, kwp in SolarInstallation.objects.filter(
        unit_id__in=unit_ids, installed_on__lte=end.replace(day=28)
    ).values_list("unit_id", "capacity_kwp"):
        solar[unit_id] = solar.get(unit_id, Decimal(0)) + kwp
    rows = {}
    for unit_id in unit_ids:
        row = EnergyRow(unit=(units or {}).get(unit_id), unit_id=unit_id, solar_kwp=solar.get(unit_id))
        months = data.get(unit_id, {})
        row.students, row.students_prev = students.get((unit_id, year)), students.get((unit_id, year - 1))
        row.flagged = sum(1 for m, v in months.items() if start <= m <= end and v[2])
        this = {m: v for m, v in months.items() if start <= m <= end and v[0] is not None and not v[2]}
        prev = {}
        for m, v in months.items():
            if prev_start <= m <= prev_end and v[0] is not None and not v[2]:
                prev[m.replace(year=m.year + 1)] = v
        both = sorted(set(this) & set(prev))
        water = [v[1] for m, v in months.items() if start <= m <= end and v[1] is not None and not v[2]]
        if water and row.students:
            row.water = sum(water, Decimal(0))
            row.water_per_pupil = (row.water / len(water) / row.students).quantize(Decimal("0.001"))
        if this and row.students:
            row.kwh = sum((this[m][0] for m in this), Decimal(0))
            row.per_pupil = (row.kwh / len(this) / row.students).quantize(Decimal("0.01"))
        if both and row.students and row.students_prev:
            row.months = len(both)
            cur = sum((this[m][0] for m in both), Decimal(0)) / row.students
            old = sum((prev[m][0] for m in both), Decimal(0)) / row.students_prev
            row.kwh_prev = sum((prev[m][0] for m in both), Decimal(0))
            row.per_pupil_prev = (old / len(both)).quantize(Decimal("0.01"))
            if old > 0:
                row.saving = ((old - cur) * 100 / old).quantize(Decimal("0.1"))
        rows[unit_id] = row
    return rows


def level_benchmarks(level: str, year: int) -> Decimal | None:
    """Median kWh per pupil per month of the open schools of one level (anonymous: any user may compare)."""
    ids = list(OrgUnit.objects.active().schools().filter(level=level).values_list("pk", flat=True))
    values = [r.per_pupil for r in energy_rows(ids, year).values() if r.per_pupil is not None]
    return Decimal(statistics.median(values)).quantize(Decimal("0.01")) if values else None


def energy_overview(user, year: int, *, level: str = ""):
    """Every school in the user's scope with its energy row and its level's benchmark (fixed queries)."""
    units = list(perms.scope_units(user).schools().active().order_by("path"))
    if level:
        units = [u for u in units if u.level == level]
    by_id = {u.pk: u for u in units}
    rows = energy_rows(list(by_id), year, units=by_id)
    # The benchmark compares with every school of the level, not only those the user sees.
    levels = {u.level for u in units}
    all_ids = list(OrgUnit.objects.active().schools().filter(level__in=levels).values_list("pk", "level"))
    everyone = energy_rows([pk for pk, _lv in all_ids], year)
    medians = {}
    for lv in levels:
        values = [
            everyone[pk].per_pupil
            for pk, unit_level in all_ids
            if unit_level == lv and everyone[pk].per_pupil
        ]
        medians[lv] = Decimal(statistics.median(values)).quantize(Decimal("0.01")) if values else None
    for row in rows.values():
        row.benchmark = medians.get(row.unit.level)
    return [rows[u.pk] for u in units], medians


@dataclass
class SchoolEnergy:
    unit: OrgUnit
    year: int
    row: EnergyRow
    months: list = field(default_factory=list)  # [(month, kwh this, kwh prev, m3 this, m3 prev, flagged)]
    benchmark: Decimal | None = None


def school_energy(unit: OrgUnit, year: int) -> SchoolEnergy:
    start, end = school_year_bounds(year)
    prev_start, _prev_end = school_year_bounds(year - 1)
    readings = {r.month: r for r in MeterReading.objects.filter(unit=unit, month__range=(prev_start, end))}
    months = []
    for month in school_year_months(year):
        cur = readings.get(month)
        old = readings.get(month.replace(year=month.year - 1))
        months.append(
            (
                month,
                cur.electricity_kwh if cur else None,
                old.electricity_kwh if old else None,
                cur.water_m3 if cur else None,
                old.water_m3 if old else None,
                bool(cur and cur.flagged),
            )
        )
    row = energy_rows([unit.pk], year, units={unit.pk: unit})[unit.pk]
    return SchoolEnergy(
        unit=unit, year=year, row=row, months=months, benchmark=level_benchmarks(unit.level, year)
    )


def school_years(around: int) -> list[int]:
    names = SchoolYear.objects.values_list("name", flat=True)
    years = set()
    for name in names:
        try:
            years.add(int(name.split("-")[1]))
        except (IndexError, ValueError):
            continue
    years |= {around, around - 1}
    return sorted(years, reverse=True)
