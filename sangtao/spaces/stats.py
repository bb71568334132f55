"""Indicators that the spaces app computes (see sangtao/plans/indicators.py).

Only what the office has accepted counts (a school's new or changed record waits for review). Every
school asked gets a value: once the module is in use the indicator is never "no data".
"""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure, Plan

from .models import ReviewStatus, Space, TechModel


def _year_end(indicator) -> datetime.date:
    year = Plan.objects.filter(pk=indicator.plan_id).values_list("year", flat=True).first()
    return datetime.date(year, 8, 31)


def _schools_with_space(indicator, unit_ids):
    """1 for a school with at least one accepted creative space in use by the end of the plan's school year."""
    have = set(
        Space.objects.filter(
            unit_id__in=unit_ids, status=ReviewStatus.ACCEPTED, opened_on__lte=_year_end(indicator)
        )
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return {uid: 1 if uid in have else 0 for uid in unit_ids}


def _models_applied(indicator, unit_ids):
    """Accepted S&T application models applied by the end of the plan's school year, per school."""
    counts = dict(
        TechModel.objects.filter(
            unit_id__in=unit_ids, status=ReviewStatus.ACCEPTED, since__lte=_year_end(indicator)
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return {uid: counts.get(uid, 0) for uid in unit_ids}


INDICATORS = [
    StatSource(
        key="spaces.schools_with_space",
        name=_("Trường có không gian sáng tạo"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_schools_with_space,
        description=_("Tỷ lệ trường có ít nhất một không gian sáng tạo được Phòng ghi nhận."),
    ),
    StatSource(
        key="spaces.models_applied",
        name=_("Mô hình ứng dụng khoa học và công nghệ"),
        measure=Measure.COUNT,
        compute=_models_applied,
        description=_(
            "Số mô hình ứng dụng khoa học và công nghệ trong quản lý, dạy học được Phòng ghi nhận."
        ),
    ),
]


def _records_serving(user, task):
    """For a task measured (itself or through a sub-task) by a spaces indicator (seed II.3): the spaces and
    models of the schools, as far as the user sees them."""
    from django.urls import reverse

    from sangtao.plans.models import Indicator
    from sangtao.plans.records import TaskRecord

    from .selectors import models_for_user, spaces_for_user

    keys = set(
        Indicator.objects.filter(
            Q(task=task) | Q(task__parent=task), source_key__startswith="spaces."
        ).values_list("source_key", flat=True)
    )
    if not keys:
        return []
    records = []
    if "spaces.schools_with_space" in keys:
        for s in spaces_for_user(user)[:50]:
            records.append(
                TaskRecord(
                    group=_("Không gian sáng tạo"),
                    title=s.name,
                    url=reverse("spaces:space", args=[s.pk]),
                    unit=s.unit.display_short,
                    status=s.get_status_display(),
                    date=s.opened_on,
                )
            )
    if "spaces.models_applied" in keys:
        for m in models_for_user(user)[:50]:
            records.append(
                TaskRecord(
                    group=_("Mô hình ứng dụng khoa học và công nghệ"),
                    title=m.name,
                    url=reverse("spaces:model", args=[m.pk]),
                    unit=m.unit.display_short,
                    status=m.get_status_display(),
                    date=m.since,
                )
            )
    return records


TASK_RECORDS = [_records_serving]


def _space_links(user, pks):
    from django.urls import reverse

    from .selectors import spaces_for_user

    return {
        pk: reverse("spaces:space", args=[pk])
        for pk in spaces_for_user(user).filter(pk__in=pks).values_list("pk", flat=True)
    }


def _model_links(user, pks):
    from django.urls import reverse

    from .selectors import models_for_user

    return {
        pk: reverse("spaces:model", args=[pk])
        for pk in models_for_user(user).filter(pk__in=pks).values_list("pk", flat=True)
    }


# Evidence records linked from the assignment page (sangtao/plans/records.py).
RECORD_LINKS = {"spaces.creativespace": _space_links, "spaces.techmodel": _model_links}
