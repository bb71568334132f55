"""Indicators that the programmes app computes (see sangtao/plans/indicators.py)."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangtao.plans.indicators import AVERAGE, StatSource
from sangtao.plans.models import Measure, Plan

from .models import Assessment, AssessmentStatus, Enrolment, EnrolmentStatus, ProgrammeKind, ProgrammeStatus


def _plan_year(indicator) -> int:
    return Plan.objects.filter(pk=indicator.plan_id).values_list("year", flat=True).first()


def _green_enrolments(indicator, unit_ids):
    return Enrolment.objects.filter(
        unit_id__in=unit_ids,
        status=EnrolmentStatus.ENROLLED,
        programme__kind=ProgrammeKind.GREEN,
        programme__year=_plan_year(indicator),
    ).exclude(programme__status=ProgrammeStatus.DRAFT)


def _enrolled(indicator, unit_ids):
    """1 for each school enrolled in a green-school programme of the plan's year (COUNT: no row, no data)."""
    return dict.fromkeys(
        _green_enrolments(indicator, unit_ids).values_list("unit_id", flat=True).distinct(), 1
    )


def _recognised(indicator, unit_ids):
    """1 for each school whose green-school recognition of the plan's year is in force."""
    rows = Assessment.objects.filter(
        enrolment__in=_green_enrolments(indicator, unit_ids), status=AssessmentStatus.RECOGNISED
    ).values_list("enrolment__unit_id", flat=True)
    return dict.fromkeys(rows.distinct(), 1)


def _energy_saving(indicator, unit_ids):
    """Per school: the % of electricity per pupil saved against the previous school year (same months)."""
    from .selectors import energy_rows

    rows = energy_rows(list(unit_ids), _plan_year(indicator))
    return {unit_id: row.saving for unit_id, row in rows.items() if row.saving is not None}


def green_scores(unit_ids, year: int) -> dict[int, Decimal]:
    """Per school: its latest reviewed green-school score of `year` as a % of the maximum (no review, no value)."""
    rows = (
        Assessment.objects.filter(
            enrolment__unit_id__in=unit_ids,
            enrolment__programme__kind=ProgrammeKind.GREEN,
            enrolment__programme__year=year,
            final_score__isnull=False,
        )
        .filter(
            Q(status=AssessmentStatus.RECOGNISED)
            | Q(status=AssessmentStatus.NOT_RECOGNISED)
            | Q(status=AssessmentStatus.EXPIRED)
        )
        .order_by("enrolment__unit_id", "round")
        .values_list("enrolment__unit_id", "final_score", "max_score")
    )
    scores = {}
    for unit_id, final, maximum in rows:  # ordered by round: the latest wins
        if maximum:
            scores[unit_id] = (final * 100 / maximum).quantize(Decimal("0.1"))
    return scores


def _green_score(indicator, unit_ids):
    return green_scores(unit_ids, _plan_year(indicator))


INDICATORS = [
    StatSource(
        key="programmes.enrolled",
        name=_("Trường tham gia mô hình “Trường học xanh”"),
        measure=Measure.COUNT,
        compute=_enrolled,
        description=_("Số trường đã tham gia một mô hình Trường học xanh của năm kế hoạch."),
    ),
    StatSource(
        key="programmes.recognised",
        name=_("Trường được công nhận “Trường học xanh”"),
        measure=Measure.COUNT,
        compute=_recognised,
        description=_("Số trường có công nhận Trường học xanh của năm kế hoạch đang còn hiệu lực."),
    ),
    StatSource(
        key="programmes.energy_saving",
        name=_("Mức tiết kiệm điện bình quân trên mỗi học sinh (%)"),
        measure=AVERAGE,
        compute=_energy_saving,
        description=_(
            "Tỷ lệ điện năng tiêu thụ trên mỗi học sinh giảm so với cùng các tháng của năm học trước, "
            "bình quân các trường có số liệu."
        ),
    ),
    StatSource(
        key="programmes.green_score",
        name=_("Điểm Trường học xanh (% điểm tối đa)"),
        measure=AVERAGE,
        compute=_green_score,
        description=_(
            "Điểm thẩm định Trường học xanh của trường, tính theo % điểm tối đa; chưa thẩm định thì chưa có số liệu."
        ),
    ),
]


def _records_serving(user, task):
    """Enrolments of the programmes run for this task (or a sub-task), as far as the user sees them."""
    from django.urls import reverse

    from sangtao.plans.records import TaskRecord

    from .selectors import decorate, enrolment_q, programmes_for_user

    programmes = programmes_for_user(user).filter(Q(task=task) | Q(task__parent=task))
    enrolments = decorate(
        list(
            Enrolment.objects.filter(enrolment_q(user), programme__in=programmes)
            .select_related("unit", "programme")
            .annotate(**_latest_annotations())
            .order_by("unit__path", "id")[:50]
        )
    )
    return [
        TaskRecord(
            group=_("Trường tham gia mô hình"),
            title=f"{e.programme.name} — {e.unit.display_short}",
            url=reverse("programmes:enrolment", args=[e.pk]),
            unit=e.unit.display_short,
            status=str(e.stage_label),
            date=e.enrolled_on,
        )
        for e in enrolments
    ]


def _latest_annotations():
    from .selectors import _latest

    return {
        "latest_status": _latest("status"),
        "latest_final": _latest("final_score"),
        "latest_max": _latest("max_score"),
    }


TASK_RECORDS = [_records_serving]
