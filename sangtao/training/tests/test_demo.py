"""The training demo: a dozen courses of 2023-2024 on top of the demo plan, told through the services."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from sangtao.core.models import StatusEvent
from sangtao.orgs import demo_data
from sangtao.orgs.models import OrgUnit
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results
from sangtao.plans.models import IndicatorSource, IndicatorValue, Plan
from sangtao.plans.selectors import implementing_units
from sangtao.training.demo import load_training_demo
from sangtao.training.models import Certificate, Course, CourseStatus, Nomination, NominationStatus


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Both demos, loaded once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        lines = load_training_demo(story_day=STORY_DAY)
        on_commit = list(connection.run_on_commit)
        yield {"lines": lines, "on_commit": on_commit}
        transaction.set_rollback(True)


@pytest.fixture
def plan(demo, db):
    return Plan.objects.get(number="454/KH-GDĐT")


def test_it_makes_a_dozen_courses_of_every_organiser(demo, db):
    courses = Course.objects.filter(organiser__is_demo=True)
    organisers = set(courses.values_list("organiser__code", flat=True))
    assert courses.count() >= 12 and organisers == {"PGDDT-Q12", "PKT-Q12", "SGDDT-HCM"}
    assert demo["lines"][0].startswith("Bồi dưỡng: 13 khóa")


def test_finished_courses_have_certificates_and_open_ones_take_nominations_on_the_story_day(demo, db):
    completed = Course.objects.filter(organiser__is_demo=True, status=CourseStatus.COMPLETED)
    open_now = Course.objects.filter(
        organiser__is_demo=True,
        status=CourseStatus.OPEN,
        registration_opens__lte=STORY_DAY,
        registration_closes__gte=STORY_DAY,
    )
    assert completed.count() >= 7 and open_now.count() == 2
    assert Certificate.objects.filter(nomination__course__in=completed).count() > 100
    assert not Certificate.objects.filter(nomination__course__in=open_now).exists()


def test_every_status_of_a_nomination_is_in_the_story(demo, db):
    statuses = set(
        Nomination.objects.filter(course__organiser__is_demo=True).values_list("status", flat=True)
    )
    assert statuses == {NominationStatus.APPROVED, NominationStatus.DECLINED, NominationStatus.NOMINATED}


def test_school_a_can_still_nominate_to_the_office_course_open_on_the_story_day(demo, db):
    school_a = OrgUnit.objects.get(code=demo_data.SCHOOL_A)
    course = Course.objects.get(title__startswith="Bồi dưỡng đổi mới sáng tạo trong dạy học")
    assert course.quotas.get(school=school_a).places == 3
    assert not course.nominations.filter(school=school_a).exists()


def test_the_demo_teacher_has_certificates(demo, db):
    assert Certificate.objects.filter(nomination__staff__user__username="demo-teacher-a").count() >= 2


def test_events_are_moved_to_the_story_days(demo, db):
    course = Course.objects.get(title__startswith="Bồi dưỡng phương pháp dạy học STEM")
    opened = StatusEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Course), object_id=course.pk, action="open"
    )
    assert opened.at.date() == datetime.date(2023, 9, 18)
    assert Certificate.objects.filter(nomination__course=course).first().issued_on == datetime.date(
        2023, 10, 18
    )


def test_ct02_and_ct03_are_computed_from_training(plan):
    indicators = list(plan.indicators.filter(code__in=["CT02", "CT03"]).order_by("code"))
    assert [(i.source, i.source_key) for i in indicators] == [
        (IndicatorSource.COMPUTED, "training.target_groups_covered"),
        (IndicatorSource.COMPUTED, "training.schools_sent_people"),
    ]
    assert not IndicatorValue.objects.filter(indicator__in=indicators).exists()
    ct02, ct03 = indicator_results(indicators, implementing_units(plan))
    assert 0 < ct02.overall.actual < ct03.overall.actual <= 100


def test_loading_sends_no_mail_and_keeps_the_addresses(demo, db):
    from sangtao.accounts.models import User

    assert demo["on_commit"] == []
    assert User.objects.get(username="demo-teacher-a").email.endswith(demo_data.EMAIL_DOMAIN)


def test_it_refuses_to_load_twice(demo, db):
    assert load_training_demo(story_day=STORY_DAY) == ["Bồi dưỡng: dữ liệu mẫu đã có, không nạp lại."]
