"""Indicators that the training app computes (see sangtao/plans/indicators.py).

Both count the courses of the indicator's plan year: those whose first session falls between September
of the year before and August of the plan's year (plan 2024 → school year 2023-2024). Taking part means an
approved nominee who was present at a session (or completed the course).
"""

from django.utils.translation import gettext_lazy as _

from sangtao.plans.activity import last_dates
from sangtao.plans.indicators import StatSource
from sangtao.plans.models import Measure

from .models import Nomination, expected_groups
from .selectors import participation_by_school


def _target_groups_covered(indicator, unit_ids):
    """1 when every target group expected at the school's level took part in innovation, startup, STEM or
    energy training of the year (CBQL, GV, NV, HS at TH and THCS; CBQL, GV, NV at MN)."""
    schools = participation_by_school(list(unit_ids), indicator.plan.year)
    return {
        unit_id: int(
            unit_id in schools and set(expected_groups(schools[unit_id].level)) <= schools[unit_id].covered
        )
        for unit_id in unit_ids
    }


def _schools_sent_people(indicator, unit_ids):
    """1 when the school had at least one approved nominee who attended training of the year."""
    schools = participation_by_school(list(unit_ids), indicator.plan.year)
    return {unit_id: int(unit_id in schools) for unit_id in unit_ids}


INDICATORS = [
    StatSource(
        key="training.target_groups_covered",
        name=_("Trường có đủ các nhóm đối tượng tham gia bồi dưỡng ĐMST, khởi nghiệp, STEM, năng lượng"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_target_groups_covered,
        description=_(
            "Tỷ lệ trường mà mọi nhóm đối tượng của cấp học (CBQL, GV, NV, HS ở TH, THCS; CBQL, GV, NV ở MN) "
            "đã có người tham gia bồi dưỡng về đổi mới sáng tạo, khởi nghiệp, STEM hoặc năng lượng trong năm học."
        ),
    ),
    StatSource(
        key="training.schools_sent_people",
        name=_("Trường cử người tham gia đào tạo, bồi dưỡng"),
        measure=Measure.SHARE_OF_UNITS,
        compute=_schools_sent_people,
        description=_(
            "Tỷ lệ trường có người được duyệt và đã tham dự ít nhất một buổi bồi dưỡng trong năm học."
        ),
    ),
]


def _courses_serving(user, task):
    """Courses organised for this task, as far as the user may see them."""
    from django.urls import reverse

    from sangtao.plans.records import TaskRecord

    from .selectors import courses_for_task

    return [
        TaskRecord(
            group=_("Khóa bồi dưỡng, tập huấn"),
            title=course.title,
            url=reverse("training:course", args=[course.pk]),
            unit=course.organiser.display_short,
            status=course.get_status_display(),
        )
        for course in courses_for_task(user, task).select_related("organiser")[:50]
    ]


TASK_RECORDS = [_courses_serving]


def _nominations(unit_ids, start, end):
    """A school that sent someone to a course was active that day."""
    return last_dates(Nomination.objects.all(), "school_id", "created_at", unit_ids, start, end)


ACTIVITY = [_nominations]


def _course_links(user, pks):
    """A course links to its page, when the user sees the course."""
    from django.urls import reverse

    from .selectors import courses_for_user

    ids = courses_for_user(user).filter(pk__in=pks).values_list("pk", flat=True)
    return {pk: reverse("training:course", args=[pk]) for pk in ids}


# Evidence records linked from the assignment page (sangtao/plans/records.py).
RECORD_LINKS = {"training.course": _course_links}
