"""Indicators that the clubs app computes (see sangtao/plans/indicators.py).

Every school of `unit_ids` gets a value: a school without a club counts as 0, so that once the module is
in use the indicator is never "no data" (seed plan III.1: "đảm bảo 50% trường học có câu lạc bộ hoạt động").
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from sangtao.plans.activity import last_dates
from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure

from .models import Club, ClubActivity, ClubStatus
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


def _clubs_serving(user, task):
    """Clubs that schools attached to this task as evidence, or, for a task measured by a clubs
    indicator, the clubs of the schools assigned to it — as far as the user may see them."""
    from django.db.models import Q
    from django.urls import reverse

    from sangtao.plans.models import Evidence
    from sangtao.plans.records import TaskRecord

    from .selectors import clubs_for_user

    refs = Evidence.objects.filter(assignment__task=task, record_ref__startswith="clubs.club:").values_list(
        "record_ref", flat=True
    )
    ids = [int(ref.split(":", 1)[1]) for ref in refs]
    measured = task.indicators.filter(source_key__startswith="clubs.").exists()
    q = Q(pk__in=ids) | (Q(unit__assignments__task=task) if measured else Q(pk__in=[]))
    clubs = (
        clubs_for_user(user)
        .filter(q)
        .exclude(status=ClubStatus.CLOSED)
        .distinct()
        .order_by("unit__path", "name")
    )
    return [
        TaskRecord(
            group=_("Câu lạc bộ"),
            title=club.name,
            url=reverse("clubs:detail", args=[club.pk]),
            unit=club.unit.display_short,
            status=club.get_club_type_display(),
        )
        for club in clubs[:50]
    ]


TASK_RECORDS = [_clubs_serving]


def _club_activities(unit_ids, start, end):
    """A club's activity log entry counts for its school on the day it happened."""
    return last_dates(ClubActivity.objects.all(), "club__unit_id", "date", unit_ids, start, end)


ACTIVITY = [_club_activities]


def _club_links(user, pks):
    """A club links to its page, when the user sees the club."""
    from django.urls import reverse

    from .selectors import clubs_for_user

    ids = clubs_for_user(user).filter(pk__in=pks).values_list("pk", flat=True)
    return {pk: reverse("clubs:detail", args=[pk]) for pk in ids}


# Evidence records linked from the assignment page (sangtao/plans/records.py).
RECORD_LINKS = {"clubs.club": _club_links}
