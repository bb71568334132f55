import datetime

import pytest
from django.urls import reverse

from sangtao.dashboards.tests.conftest import report, set_value
from sangtao.plans import services
from sangtao.testing.factories import AssignmentFactory, IndicatorFactory, OrgUnitFactory, TaskFactory


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("leader", "/dashboard/office/"),
        ("specialist", "/dashboard/office/"),
        ("observer", "/dashboard/office/"),
        ("principal_a", "/dashboard/school/"),
        ("teacher_a", "/dashboard/school/"),
        ("partner", "/dashboard/partner/"),
        ("anonymous", "/news/"),
    ],
)
def test_home_sends_each_person_to_their_page(client_for, pw, persona, target):
    response = client_for(persona).get("/")
    assert response.status_code == 302 and target in response["Location"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("leader", 200),
        ("specialist", 200),
        ("observer", 200),
        ("principal_a", 403),
        ("partner", 403),
        ("principal_b", 403),
    ],
)
def test_office_dashboard_is_for_the_office_and_observers(client_for, pw, persona, expected):
    assert client_for(persona).get(reverse("dashboards:office", args=[pw.plan.pk])).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("principal_a", 200), ("teacher_a", 200), ("leader", 200), ("principal_b", 404), ("partner", 404)],
)
def test_school_dashboard_is_scoped(client_for, world, pw, persona, expected):
    assert (
        client_for(persona).get(reverse("dashboards:school", args=[world.school_a.pk])).status_code
        == expected
    )


def test_the_office_dashboard_shows_an_approval(client_for, world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=100, report_text="Xong")
    services.assignment_submit(actor=world.principal_a, assignment=pw.a)
    services.assignment_approve(actor=world.specialist, assignment=pw.a)
    body = client_for("leader").get(reverse("dashboards:office", args=[pw.plan.pk])).content.decode()
    assert "1/2" in body  # one of the two assignments of the section approved


def test_an_indicator_without_data_says_so(client_for, pw):
    body = client_for("leader").get(reverse("dashboards:office", args=[pw.plan.pk])).content.decode()
    assert "Chưa có số liệu" in body


def test_the_school_dashboard_lists_what_was_returned(client_for, world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=50, report_text="Một nửa")
    services.assignment_submit(actor=world.principal_a, assignment=pw.a)
    services.assignment_return(actor=world.specialist, assignment=pw.a, reason="Cần ảnh hoạt động")
    body = (
        client_for("principal_a").get(reverse("dashboards:school", args=[world.school_a.pk])).content.decode()
    )
    assert "Cần ảnh hoạt động" in body


@pytest.mark.parametrize(("persona", "name"), [("leader", "office"), ("principal_a", "school")])
def test_dashboard_queries_are_the_same_with_10_and_200_schools(
    client_for, world, pw, django_assert_max_num_queries, persona, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    IndicatorFactory(plan=pw.plan, code="CT11", source="computed", source_key="plans.task_completed")
    IndicatorFactory(plan=pw.plan, code="CT12", source="computed", source_key="plans.reports_on_time")
    args = [pw.plan.pk] if name == "office" else [world.school_a.pk]
    client = client_for(persona)
    for _ in range(8):
        AssignmentFactory(task=pw.task, unit=OrgUnitFactory(parent=world.office))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(f"dashboards:{name}", args=args))
    for i in range(190):
        AssignmentFactory(
            task=pw.task, unit=OrgUnitFactory(parent=world.office, level="TH" if i % 2 else "MN")
        )
    TaskFactory(plan=pw.plan, parent=pw.section)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(f"dashboards:{name}", args=args))


# ── Office dashboard by period and level, levels, reporting rates (as of 15/03/2024) ───────────────


def _pages(dw, world):
    plan = dw.plan.pk
    return {
        "office": reverse("dashboards:office", args=[plan]),
        "level": reverse("dashboards:level", args=[plan, "THCS"]),
        "reporting": reverse("dashboards:reporting", args=[plan]),
        "export": reverse("dashboards:reporting_export", args=[plan]),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("leader", 200),
        ("specialist", 200),
        ("observer", 200),
        ("principal_a", 403),
        ("teacher_a", 403),
        ("partner", 404),
    ],
)
@pytest.mark.parametrize("page", ["office", "level", "reporting", "export"])
def test_the_office_pages_are_for_the_office_and_observers(client_for, world, dw, persona, expected, page):
    assert client_for(persona).get(_pages(dw, world)[page]).status_code == expected


def test_the_observer_reads_but_reaches_no_write_action(client_for, world, dw):
    client = client_for("observer")
    body = client.get(reverse("dashboards:office", args=[dw.plan.pk])).content.decode()
    assert 'method="post"' not in body.split('id="main"')[1]  # no form that writes, only the filters (GET)
    refresh = reverse("dashboards:snapshots_refresh", args=[dw.plan.pk])
    assert client.post(refresh).status_code == 403
    assignment = dw.task.assignments.first()
    assert client.post(reverse("plans:assignment_approve", args=[assignment.pk])).status_code >= 400
    assignment.refresh_from_db()
    assert assignment.status == "not_started"


def test_the_office_refreshes_the_trend_and_comes_back_to_its_filters(client_for, world, dw):
    response = client_for("leader").post(
        reverse("dashboards:snapshots_refresh", args=[dw.plan.pk]), {"period": dw.semester.pk, "level": "TH"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?period={dw.semester.pk}&level=TH")
    from sangtao.dashboards.models import IndicatorSnapshot

    assert IndicatorSnapshot.objects.filter(indicator__plan=dw.plan).exists()


def test_the_filters_stay_in_the_url_and_a_wrong_one_says_so(client_for, world, dw):
    client = client_for("leader")
    url = reverse("dashboards:office", args=[dw.plan.pk])
    body = client.get(f"{url}?period={dw.semester.pk}&level=THCS").content.decode()
    assert "10/01/2024" in body and 'id="unit-count">1<' in body
    assert f"/level/THCS/?period={dw.semester.pk}" in body  # the drill-down keeps the period
    body = client.get(f"{url}?period=99999").content.decode()
    assert "Kỳ báo cáo không thuộc kế hoạch này." in body and 'id="unit-count">2<' in body


def test_the_level_page_lists_its_schools_with_their_values(client_for, world, dw):
    set_value(dw.share, world.school_a, 1)
    set_value(dw.count, world.school_a, 4)
    body = client_for("leader").get(reverse("dashboards:level", args=[dw.plan.pk, "THCS"])).content.decode()
    assert world.school_a.name in body and world.school_b.name not in body
    assert reverse("dashboards:school", args=[world.school_a.pk]) in body
    assert "Đạt" in body and ">4<" in body


def test_an_unknown_level_is_not_found(client_for, world, dw):
    assert client_for("leader").get(reverse("dashboards:level", args=[dw.plan.pk, "XYZ"])).status_code == 404


def test_the_reporting_rates_export_to_xlsx_with_vietnamese_headings(client_for, world, dw):
    import io

    from openpyxl import load_workbook

    report(dw.semester, world.school_a, datetime.date(2024, 1, 12))
    response = client_for("leader").get(
        reverse("dashboards:reporting_export", args=[dw.plan.pk]) + f"?period={dw.semester.pk}"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kỳ báo cáo", "Hạn nộp", "Mã đơn vị", "Đơn vị")
    by_unit = {row[3]: row for row in rows[1:]}
    assert by_unit[world.school_a.name][5] == "Có" and by_unit[world.school_a.name][7] == "Có"
    assert (
        by_unit[world.school_b.name][5] == "Không" and by_unit[world.school_b.name][8] == "Chưa nộp (quá hạn)"
    )


def test_the_school_page_shows_its_standing_and_what_is_left(client_for, world, dw):
    set_value(dw.count, world.school_a, 4)
    body = (
        client_for("principal_a")
        .get(reverse("dashboards:school", args=[world.school_a.pk]) + f"?plan={dw.plan.pk}")
        .content.decode()
    )
    assert 'id="standings"' in body and "bình quân 4,0/trường" in body
    assert "Sơ kết học kỳ I" in body and "Nhập số liệu chỉ tiêu" in body
    assert "<img" in body  # the count chart, drawn on the server


def test_a_school_cannot_read_another_schools_dashboard_even_through_a_plan(client_for, world, dw):
    url = reverse("dashboards:school", args=[world.school_a.pk]) + f"?plan={dw.plan.pk}"
    assert client_for("principal_b").get(url).status_code == 404


def _grow(world, dw, n):
    """n more schools of every level, each assigned the task, with a value, a report and a club activity."""
    from sangtao.clubs.models import Club, ClubActivity
    from sangtao.dashboards.services import snapshot_take

    for i in range(n):
        school = OrgUnitFactory(parent=world.office, level=["MN", "TH", "THCS"][i % 3])
        AssignmentFactory(task=dw.task, unit=school)
        set_value(dw.count, school, i)
        set_value(dw.share, school, i % 2)
        report(dw.semester, school, datetime.date(2024, 1, 14 + i % 3))
        club = Club.objects.create(unit=school, name=f"CLB {i}")
        ClubActivity.objects.create(club=club, date=datetime.date(2024, 2, 1), title="Sinh hoạt")
    snapshot_take(plan=dw.plan, month=datetime.date(2024, 1, 1))


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("leader", "office"),
        ("observer", "office"),
        ("leader", "office_filtered"),
        ("leader", "level"),
        ("leader", "reporting"),
        ("leader", "export"),
        ("principal_a", "school"),
        ("leader", "school"),
    ],
)
def test_every_dashboard_page_makes_as_many_queries_with_5_or_60_schools(
    client_for, world, dw, django_assert_max_num_queries, persona, page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = _pages(dw, world) | {
        "office_filtered": reverse("dashboards:office", args=[dw.plan.pk])
        + f"?period={dw.semester.pk}&level=TH",
        "school": reverse("dashboards:school", args=[world.school_a.pk]) + f"?plan={dw.plan.pk}",
    }
    client = client_for(persona)
    _grow(world, dw, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(urls[page]).status_code == 200
    _grow(world, dw, 57)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(urls[page]).status_code == 200


def test_the_level_page_exports_its_schools_to_xlsx(client_for, world, dw):
    import io

    from openpyxl import load_workbook

    set_value(dw.share, world.school_a, 1)
    set_value(dw.count, world.school_a, 4)
    set_value(dw.count, world.school_b, 9)
    response = client_for("observer").get(
        reverse("dashboards:level", args=[dw.plan.pk, "THCS"]), {"format": "xlsx", "period": dw.semester.pk}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[0][:5] == (
        "Mã đơn vị",
        "Trường",
        "Nhiệm vụ đã duyệt",
        "Nhiệm vụ được giao",
        "Hoạt động gần nhất trong học kỳ",
    )
    assert [r[1] for r in rows[1:]] == [world.school_a.name]  # the TH school is not in the THCS sheet
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values[f"{dw.share.code} — {dw.share.name}"] == "Đạt"
    assert values[f"{dw.count.code} — {dw.count.name}"] == 4


def test_a_school_cannot_export_a_level(client_for, world, dw):
    response = client_for("principal_a").get(
        reverse("dashboards:level", args=[dw.plan.pk, "THCS"]), {"format": "xlsx"}
    )
    assert response.status_code == 403
