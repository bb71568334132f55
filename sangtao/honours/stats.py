"""Indicators that the honours app computes (see sangtao/plans/indicators.py).

Counts per unit of the plan's school year (a plan of 2024 counts the commendations of 2023-2024), only
commendations in force. Every unit asked gets a value: a school without a commendation counts 0, so
that once the module is in use the indicator is never "no data". A person or a collective honoured
twice in a year (say Lao động tiên tiến and a Giấy khen) counts once.
"""

from django.utils.translation import gettext_lazy as _

from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure, Plan

from .models import Commendation, CommendationStatus, RecipientKind


def _honoured(indicator, unit_ids, kinds) -> dict[int, int]:
    year = Plan.objects.filter(pk=indicator.plan_id).values_list("year", flat=True).first()
    rows = (
        Commendation.objects.filter(
            unit_id__in=unit_ids, year=year, status=CommendationStatus.IN_FORCE, kind__in=kinds
        )
        .order_by()
        .values_list("unit_id", "staff_id", "student_id", "collective_name")
        .distinct()
    )
    honoured: dict[int, set] = {uid: set() for uid in unit_ids}
    for unit_id, staff_id, student_id, collective in rows:
        who = (
            ("staff", staff_id)
            if staff_id
            else ("student", student_id)
            if student_id
            else ("group", collective)
        )
        honoured[unit_id].add(who)
    return {uid: len(found) for uid, found in honoured.items()}


def _collectives(indicator, unit_ids):
    return _honoured(indicator, unit_ids, [RecipientKind.COLLECTIVE])


def _individuals(indicator, unit_ids):
    return _honoured(indicator, unit_ids, [RecipientKind.INDIVIDUAL])


def _both(indicator, unit_ids):
    return _honoured(indicator, unit_ids, RecipientKind.values)


INDICATORS = [
    StatSource(
        key="honours.collectives_honoured",
        name=_("Tập thể được khen thưởng"),
        measure=Measure.COUNT,
        compute=_collectives,
        description=_(
            "Số tập thể của đơn vị được khen thưởng (quyết định còn hiệu lực) trong năm học của kế hoạch."
        ),
    ),
    StatSource(
        key="honours.individuals_honoured",
        name=_("Cá nhân được khen thưởng"),
        measure=Measure.COUNT,
        compute=_individuals,
        description=_(
            "Số cá nhân của đơn vị được khen thưởng (quyết định còn hiệu lực) trong năm học của kế hoạch."
        ),
    ),
    StatSource(
        key="honours.honoured",
        name=_("Tập thể, cá nhân được tôn vinh, khen thưởng"),
        measure=Measure.COUNT,
        compute=_both,
        description=_(
            "Số tập thể và cá nhân của đơn vị được khen thưởng (quyết định còn hiệu lực) trong năm học của kế hoạch; "
            "mỗi tập thể, cá nhân tính một lần."
        ),
    ),
]


def _records_serving(user, task):
    """For a task measured by an honours indicator (seed II.3.3): the plan year's commendations and the
    schools' proposals, as far as the user sees them."""
    from django.db.models import Q
    from django.urls import reverse

    from sangtao.plans.models import Indicator
    from sangtao.plans.records import TaskRecord

    from .models import school_year_label
    from .selectors import commendations_for_user, name_for, proposals_for_user

    measured = Indicator.objects.filter(
        Q(task=task) | Q(task__parent=task), source_key__startswith="honours."
    )
    if not measured.exists():
        return []
    year = task.plan.year
    records = []
    commendations = commendations_for_user(user, year=year, status=CommendationStatus.IN_FORCE)[:50]
    for c in commendations:
        records.append(
            TaskRecord(
                group=_("Khen thưởng"),
                title=f"{name_for(user, c)} — {c.get_title_display()}",
                url=reverse("honours:commendation", args=[c.pk]),
                unit=c.unit.display_short,
                status=c.decision_number,
                date=c.decision_date,
            )
        )
    for p in proposals_for_user(user, year=year)[:50]:
        records.append(
            TaskRecord(
                group=_("Đề nghị khen thưởng"),
                title=f"{p.title} ({school_year_label(p.year)})",
                url=reverse("honours:proposal", args=[p.pk]),
                unit=p.unit.display_short,
                status=p.get_status_display(),
                date=p.submitted_at.date() if p.submitted_at else None,
            )
        )
    return records


TASK_RECORDS = [_records_serving]
