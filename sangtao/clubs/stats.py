"""Indicators that the clubs app computes (see sangtao/plans/indicators.py).

Every school of `unit_ids` gets a value: a school without a club counts as 0, so that once the module is
in use the indicator is never "no data" (seed plan III.1: "đảm bảo 50% trường học có câu lạc bộ hoạt động").
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure

from .models import Club, ClubStatus
from .selectors import active_school_values


def _active_schools(indicator, unit_ids):
    """1 for a school with at least one club active by the rule of its authority, else 0 (two queries)."""
    return active_school_values(list(unit_ids))


def _clubs_registered(indicator, unit_ids):
    """Clubs registered and not closed, per school (one query)."""
    counts = dict(
        Club.objects.filter(unit_id__in=unit_ids)
        .exclude(status=ClubStatus.CLOSED)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return {uid: counts.get(uid, 0) for uid in unit_ids}


INDICATORS = [
    StatSource(
        key="clubs.active_schools",
        name=_("Trường có câu lạc bộ đổi mới sáng tạo hoạt động"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_active_schools,
        description=_(
            "Tỷ lệ trường có ít nhất một câu lạc bộ đạt quy tắc hoạt động của Phòng "
            "(đủ thành viên, có hoạt động trong mỗi tháng học gần nhất)."
        ),
    ),
    StatSource(
        key="clubs.clubs_registered",
        name=_("Số câu lạc bộ đã đăng ký"),
        measure=Measure.COUNT,
        compute=_clubs_registered,
        description=_("Số câu lạc bộ chưa giải thể của các trường."),
    ),
]
