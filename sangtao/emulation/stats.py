"""What the emulation app contributes to the plan (see sangtao/plans/indicators.py and plans/records.py).

It declares no indicator: its scores are read from the other apps' indicators, and an emulation score
that fed an indicator would count the same records twice. The plan task a scheme serves (seed plan
III.1.3) lists the scheme among its records.
"""

INDICATORS = []


def _schemes_serving(user, task):
    """The schemes set up for this plan task, as far as the user may see them."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from sangtao.plans.records import TaskRecord

    from .selectors import schemes_for_user

    return [
        TaskRecord(
            group=_("Bảng điểm thi đua"),
            title=f"{scheme.group_name} — {scheme.school_year}",
            url=reverse("emulation:detail", args=[scheme.pk]),
            unit=scheme.plan.issuing_unit.display_short,
            status=scheme.get_status_display(),
            date=scheme.computed_at,
        )
        for scheme in schemes_for_user(user).filter(task=task)[:50]
    ]


TASK_RECORDS = [_schemes_serving]
