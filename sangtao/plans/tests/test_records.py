"""From a task to the records that prove it, as each person may see them."""

from django.urls import reverse

from sangtao.plans.records import records_for_task, task_record_sources
from sangtao.testing.factories import ClubFactory, CourseFactory, IndicatorFactory


def test_every_module_that_serves_tasks_is_collected():
    names = {f.__module__ for f in task_record_sources()}
    assert {"sangtao.clubs.stats", "sangtao.training.stats"} <= names


def test_a_task_measured_by_clubs_lists_the_clubs_of_its_schools_within_scope(world, pw, client_for):
    IndicatorFactory(
        plan=pw.plan, task=pw.task, code="CLB", source="computed", source_key="clubs.active_schools"
    )
    ClubFactory(unit=world.school_a, name="CLB Robot Nguyễn Ảnh Thủ")
    ClubFactory(unit=world.school_b, name="CLB Em yêu khoa học")
    leader = dict(records_for_task(world.leader, pw.task))
    school_b = dict(records_for_task(world.principal_b, pw.task))
    assert [r.title for r in next(iter(leader.values()))] == [
        "CLB Robot Nguyễn Ảnh Thủ",
        "CLB Em yêu khoa học",
    ]
    assert [r.title for r in next(iter(school_b.values()))] == ["CLB Em yêu khoa học"]
    body = client_for("leader").get(reverse("plans:task", args=[pw.task.pk])).content.decode()
    assert "CLB Robot Nguyễn Ảnh Thủ" in body


def test_a_course_organised_for_the_task_is_listed(world, pw):
    course = CourseFactory(organiser=world.office, title="Tập huấn STEM cho giáo viên THCS")
    course.tasks.add(pw.task)
    titles = [r.title for _, records in records_for_task(world.leader, pw.task) for r in records]
    assert "Tập huấn STEM cho giáo viên THCS" in titles


def test_record_evidence_links_to_the_record_when_the_viewer_may_see_it(world, pw, client_for):
    from sangtao.plans.models import Evidence, EvidenceKind
    from sangtao.plans.records import record_link_sources, record_links

    assert {
        "clubs.club",
        "training.course",
        "outreach.acknowledgement",
        "outreach.eventresponse",
        "outreach.bannerreport",
        "spaces.creativespace",
        "spaces.techmodel",
    } <= set(record_link_sources())
    club = ClubFactory(unit=world.school_a, name="CLB Robot Nguyễn Ảnh Thủ")
    course = CourseFactory(organiser=world.office, audience=world.office, title="Bồi dưỡng STEM")
    refs = {"club": f"clubs.club:{club.pk}", "course": f"training.course:{course.pk}"}
    for name, ref in refs.items():
        Evidence.objects.create(assignment=pw.a, kind=EvidenceKind.RECORD, title=name, record_ref=ref)
    Evidence.objects.create(
        assignment=pw.a, kind=EvidenceKind.RECORD, title="cũ", record_ref="clubs.club:999999"
    )
    page = client_for("principal_a").get(reverse("plans:assignment", args=[pw.a.pk])).content.decode()
    assert f'<a href="{reverse("clubs:detail", args=[club.pk])}">club</a>' in page
    assert f'<a href="{reverse("training:course", args=[course.pk])}">course</a>' in page
    assert "cũ" in page  # a record that no longer exists stays as text
    assert record_links(world.principal_b, refs.values()) == {
        refs["course"]: reverse("training:course", args=[course.pk])  # the course is for every school
    }
