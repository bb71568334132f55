"""The demo's trend lines (called last by sangtao/demo's load_demo, once every app has told its story).

The demo plan's monthly snapshots are back-filled from September 2023 to the story's month, each month as
of its last day (the running month as of the story's day), as `manage.py backfill_snapshots` would.
"""

import datetime

from django.utils.translation import gettext as _

from sangtao.orgs.models import OrgUnit
from sangtao.plans.models import Plan

from .selectors import month_label
from .services import snapshots_backfill

OFFICE_CODE = "PGDDT-Q12"
PLAN_NUMBER = "454/KH-GDĐT"


def load_dashboards_demo(*, story_day: datetime.date) -> list[str]:
    """Back-fill the demo plan's snapshots up to `story_day`; return the summary lines to print."""
    office = OrgUnit.objects.filter(code=OFFICE_CODE, is_demo=True).first()
    plan = Plan.objects.filter(number=PLAN_NUMBER, issuing_unit=office).first() if office else None
    if plan is None:
        return []
    months = snapshots_backfill(plan=plan, start=datetime.date(2023, 9, 1), end=story_day, today=story_day)
    if not months:
        return [_("Xu hướng chỉ tiêu: số liệu theo tháng đã có, không tính lại.")]
    return [
        _("Xu hướng chỉ tiêu: số liệu các tháng %(first)s – %(last)s")
        % {"first": month_label(months[0]), "last": month_label(months[-1])}
    ]
