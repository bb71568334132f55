"""The pages: who sees which rows, the office's buttons, the forms keeping what was typed, the export, and
query counts that stay flat as the khối grows."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sangtao.emulation import services
from sangtao.emulation.models import CriterionKind, ItemState, Scheme, SchemeStatus, SchoolScore
from sangtao.testing.factories import IndicatorFactory, OrgUnitFactory, TaskFactory

from .conftest import publish_article
from .factories import CriterionFactory, ManualCriterionFactory, SchemeFactory


@pytest.fixture
def computed(world, scheme, other_school):
    publish_article(world, world.school_a)
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    return {
        "scheme": scheme,
        "a": SchoolScore.objects.get(scheme=scheme, unit=world.school_a),
        "c": SchoolScore.objects.get(scheme=scheme, unit=other_school),
    }


def urls(computed):
    scheme = computed["scheme"]
    return [
        reverse("emulation:index"),
        reverse("emulation:detail", args=[scheme.pk]),
        reverse("emulation:criteria", args=[scheme.pk]),
        reverse("emulation:score", args=[computed["a"].pk]),
        reverse("emulation:score", args=[computed["c"].pk]),
        reverse("emulation:export", args=[scheme.pk]),
    ]


# index, table, criteria, school A's breakdown, school C's breakdown, export
MATRIX = {
    "admin": (200, 200, 200, 200, 200, 200),
    "leader": (200, 200, 200, 200, 200, 200),
    "specialist": (200, 200, 200, 200, 200, 200),
    "principal_a": (200, 200, 200, 200, 404, 200),
    "coordinator_a": (200, 200, 200, 200, 404, 200),
    "teacher_a": (200, 200, 200, 200, 404, 200),
    "principal_b": (200, 404, 404, 404, 404, 404),
    "partner": (200, 404, 404, 404, 404, 404),
    "observer": (200, 200, 200, 200, 200, 200),
    "anonymous": (302, 302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_it_applies_the_permission_matrix(client_for, computed, persona):
    client = client_for(persona)
    assert tuple(client.get(u).status_code for u in urls(computed)) == MATRIX[persona]


@pytest.mark.parametrize("persona", ["principal_a", "principal_b", "teacher_a"])
def test_once_published_the_khoi_sees_every_row(client_for, world, computed, persona):
    services.scheme_publish(actor=world.specialist, scheme=computed["scheme"], published=True)
    expected = {"principal_a": 200, "teacher_a": 200, "principal_b": 404}[persona]
    assert (
        client_for(persona).get(reverse("emulation:score", args=[computed["c"].pk])).status_code == expected
    )


def test_a_school_sees_its_own_row_and_rank_but_not_the_others(client_for, computed):
    page = (
        client_for("principal_a")
        .get(reverse("emulation:detail", args=[computed["scheme"].pk]))
        .content.decode()
    )
    assert "Trường THCS Nguyễn Ảnh Thủ" in page
    assert "Trường THCS Trần Quang Khải" not in page
    assert "/ 2" in page  # rank out of the two schools of the khối
    assert "Bảng điểm của cả khối hiển thị khi Phòng công bố" in page


def test_the_office_sees_every_row_with_its_buttons(client_for, computed):
    page = (
        client_for("specialist")
        .get(reverse("emulation:detail", args=[computed["scheme"].pk]))
        .content.decode()
    )
    assert "Trường THCS Trần Quang Khải" in page and "Tính lại điểm" in page
    assert "Chốt bảng điểm" not in page  # the leader's button
    assert (
        "Chốt bảng điểm"
        in client_for("leader")
        .get(reverse("emulation:detail", args=[computed["scheme"].pk]))
        .content.decode()
    )


def test_a_draft_is_the_offices_only(client_for, world, plan):
    draft = SchemeFactory(plan=plan, status=SchemeStatus.DRAFT)
    url = reverse("emulation:detail", args=[draft.pk])
    assert [client_for(p).get(url).status_code for p in ("specialist", "observer", "principal_a")] == [
        200,
        404,
        404,
    ]


def test_the_breakdown_shows_value_rule_points_and_links_to_the_records(client_for, world, computed, plan):
    task = TaskFactory(plan=plan, number="II.2.1.c")
    indicator = IndicatorFactory(
        plan=plan, task=task, code="CT06", source="computed", source_key="communication.articles_published"
    )
    article = publish_article(world, world.school_a, title="Ngày hội STEM của trường")
    article.task = task
    article.save()
    page = client_for("principal_a").get(reverse("emulation:score", args=[computed["a"].pk])).content.decode()
    assert "từ 1: 5 điểm; từ 2: 10 điểm" in page
    assert reverse("plans:indicator", args=[indicator.pk]) in page
    assert reverse("plans:task", args=[task.pk]) in page
    assert reverse("communication:unit", args=[world.school_a.pk]) in page
    assert "Ngày hội STEM của trường" in page  # the article itself, attached to the task


def test_the_breakdown_tells_when_a_source_is_gone(client_for, world, computed):
    CriterionFactory(scheme=computed["scheme"], code="TC9", source_key="programmes.retired_source")
    services.scheme_recompute(actor=world.specialist, scheme=computed["scheme"])
    page = client_for("specialist").get(reverse("emulation:score", args=[computed["a"].pk])).content.decode()
    assert "nguồn dữ liệu không còn" in page
    table = (
        client_for("specialist")
        .get(reverse("emulation:detail", args=[computed["scheme"].pk]))
        .content.decode()
    )
    assert "Tiêu chí có nguồn dữ liệu không còn" in table


def test_recompute_button_updates_the_table(client_for, world, computed):
    publish_article(world, world.school_a, title="Bài thứ hai")
    response = client_for("specialist").post(
        reverse("emulation:action", args=[computed["scheme"].pk, "recompute"])
    )
    assert response.status_code == 302
    computed["a"].refresh_from_db()
    assert computed["a"].total == Decimal(10)


def test_a_finalised_table_refuses_recompute_with_the_reason(client_for, world, computed):
    scheme = computed["scheme"]
    manual = scheme.criteria.get(kind=CriterionKind.MANUAL)
    services.manual_scores_set(
        actor=world.specialist,
        criterion=manual,
        entries=[(computed["a"].unit, "9", ""), (computed["c"].unit, "7", "")],
    )
    client = client_for("leader")
    client.post(reverse("emulation:action", args=[scheme.pk, "finalise"]))
    response = client.post(reverse("emulation:action", args=[scheme.pk, "recompute"]), follow=True)
    page = response.content.decode()
    assert "Bảng điểm đã chốt" in page and "mở khóa" in page
    assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.FINAL


def test_a_school_cannot_recompute(client_for, computed):
    before = Scheme.objects.get(pk=computed["scheme"].pk).computed_at
    client_for("principal_a").post(reverse("emulation:action", args=[computed["scheme"].pk, "recompute"]))
    assert Scheme.objects.get(pk=computed["scheme"].pk).computed_at == before


def test_unlock_without_a_reason_keeps_the_table_locked(client_for, world, computed):
    scheme = computed["scheme"]
    scheme.criteria.filter(kind=CriterionKind.MANUAL).delete()
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    services.scheme_finalise(actor=world.leader, scheme=scheme)
    response = client_for("leader").post(reverse("emulation:unlock", args=[scheme.pk]), {"reason": ""})
    assert response.status_code == 400
    assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.FINAL
    client_for("leader").post(reverse("emulation:unlock", args=[scheme.pk]), {"reason": "Chấm lại TC1"})
    assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.OPEN


def test_the_office_scores_by_hand_on_one_page(client_for, world, computed, other_school):
    manual = computed["scheme"].criteria.get(kind=CriterionKind.MANUAL)
    url = reverse("emulation:manual_scores", args=[manual.pk])
    data = {
        f"points_{world.school_a.pk}": "8,5",
        f"comment_{world.school_a.pk}": "Tốt",
        f"points_{other_school.pk}": "11",
        f"comment_{other_school.pk}": "Giữ lại nhận xét này",
    }
    response = client_for("specialist").post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Giữ lại nhận xét này" in page and "Phải nhỏ hơn hoặc bằng 10" in page
    assert not SchoolScore.objects.filter(items__state=ItemState.HAND_SCORED).exists()
    data[f"points_{other_school.pk}"] = "7"
    assert client_for("specialist").post(url, data).status_code == 302
    computed["a"].refresh_from_db()
    assert computed["a"].total == Decimal("13.5")
    assert client_for("principal_a").get(url).status_code == 403


def test_the_office_adds_a_criterion_and_keeps_a_bad_one_typed(client_for, computed):
    url = reverse("emulation:criteria", args=[computed["scheme"].pk])
    data = {
        "code": "TC5",
        "name": "Câu lạc bộ hoạt động",
        "kind": "computed",
        "source_key": "clubs.active_schools",
        "rule": "steps",
        "steps": "một: năm",
        "max_points": "15",
        "weight": "1",
    }
    response = client_for("specialist").post(url, data)
    assert response.status_code == 400
    assert (
        "Không hiểu mức" in response.content.decode() and "Câu lạc bộ hoạt động" in response.content.decode()
    )
    data["steps"] = "1: 15"
    assert client_for("specialist").post(url, data).status_code == 302
    criterion = computed["scheme"].criteria.get(code="TC5")
    assert criterion.steps == [["1", "15"]]
    assert Scheme.objects.get(pk=computed["scheme"].pk).stale
    assert client_for("principal_a").post(url, data).status_code == 403


def test_the_office_creates_and_copies_schemes(client_for, world, plan):
    response = client_for("specialist").post(
        reverse("emulation:create"),
        {"plan": plan.pk, "group_name": "Khối Mầm non", "levels": ["MN"], "order": 1},
    )
    assert response.status_code == 302
    source = Scheme.objects.get(group_name="Khối Mầm non")
    ManualCriterionFactory(scheme=source, code="TC1")
    from sangtao.testing.factories import PlanFactory

    target = PlanFactory(issuing_unit=world.office, year=plan.year + 1, number="99/KH-GDĐT")
    response = client_for("specialist").post(
        reverse("emulation:copy"), {"schemes": [source.pk], "plan": target.pk}
    )
    assert response.status_code == 302
    assert Scheme.objects.get(plan=target).criteria.count() == 1
    assert client_for("principal_a").get(reverse("emulation:create")).status_code == 403
    assert client_for("observer").get(reverse("emulation:copy")).status_code == 403


def test_the_export_is_the_table_as_the_office_prints_it(client_for, world, computed):
    computed["scheme"].criteria.filter(code="TC1").update(group="Truyền thông")
    response = client_for("specialist").get(reverse("emulation:export", args=[computed["scheme"].pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM HỌC" in " ".join(cells)
    assert "Khối thi đua: Khối Trung học cơ sở (Trung học cơ sở)" in cells
    for heading in ("STT", "Đơn vị", "Tổng điểm", "Xếp hạng", "Truyền thông", "(tối đa 10)"):
        assert heading in cells
    assert any(c.startswith("TC1. ") for c in cells)
    rows = {
        r[1]: r
        for r in ws.iter_rows(values_only=True)
        if r[1] in ("Trường THCS Nguyễn Ảnh Thủ", "Trường THCS Trần Quang Khải")
    }
    assert rows["Trường THCS Nguyễn Ảnh Thủ"][-2:] == (5, 1)
    assert rows["Trường THCS Trần Quang Khải"][-2:] == (0, 2)


def test_a_schools_export_holds_its_own_row_only(client_for, computed):
    response = client_for("principal_a").get(reverse("emulation:export", args=[computed["scheme"].pk]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [r[1] for r in ws.iter_rows(values_only=True)]
    assert "Trường THCS Nguyễn Ảnh Thủ" in names and "Trường THCS Trần Quang Khải" not in names


@pytest.mark.parametrize("n", [2, 25])
def test_it_keeps_query_counts_flat(client_for, world, scheme, django_assert_max_num_queries, n):
    for i in range(n):
        unit = OrgUnitFactory(parent=world.office, code=f"THCS-{i}", level="THCS")
        publish_article(world, unit, title=f"Tin {i}")
    CriterionFactory(scheme=scheme, code="TC3", source_key="clubs.active_schools", steps=[["1", "10"]])
    with django_assert_max_num_queries(22):
        services.scheme_recompute(actor=world.specialist, scheme=scheme)
    a = SchoolScore.objects.get(scheme=scheme, unit=world.school_a)
    office, school = client_for("specialist"), client_for("principal_a")
    with django_assert_max_num_queries(13):
        assert office.get(reverse("emulation:detail", args=[scheme.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert school.get(reverse("emulation:detail", args=[scheme.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert office.get(reverse("emulation:score", args=[a.pk])).status_code == 200
    with django_assert_max_num_queries(9):
        assert office.get(reverse("emulation:index")).status_code == 200
    with django_assert_max_num_queries(11):
        assert office.get(reverse("emulation:export", args=[scheme.pk])).status_code == 200
    with django_assert_max_num_queries(11):
        assert office.get(reverse("emulation:criteria", args=[scheme.pk])).status_code == 200
    manual = ManualCriterionFactory(scheme=scheme, code="TC9")
    with django_assert_max_num_queries(11):
        assert office.get(reverse("emulation:manual_scores", args=[manual.pk])).status_code == 200


def test_the_history_stays_with_the_office_and_observers(client_for, world, computed):
    services.scheme_publish(actor=world.specialist, scheme=computed["scheme"], published=True)
    url = reverse("emulation:detail", args=[computed["scheme"].pk])
    seen = {
        p: "Lịch sử" in client_for(p).get(url).content.decode()
        for p in ("specialist", "observer", "principal_a")
    }
    assert seen == {"specialist": True, "observer": True, "principal_a": False}


def test_the_scheme_list_exports_what_each_person_may_see(client_for, world, scheme, plan):
    """The scheme list as .xlsx with Vietnamese headings: the office gets its draft; a school of another
    khối (B, TH) gets no row of the THCS khối."""
    SchemeFactory(plan=plan, group_name="Khối Mầm non", levels=["MN"], status=SchemeStatus.DRAFT)
    url = reverse("emulation:index") + "?format=xlsx"

    def rows(persona):
        response = client_for(persona).get(url)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return [tuple(r) for r in sheet.iter_rows(values_only=True)]

    office = rows("specialist")
    assert office[0][:3] == ("Khối thi đua", "Năm học", "Kế hoạch")
    assert {r[0] for r in office[1:]} == {scheme.group_name, "Khối Mầm non"}
    assert [r for r in rows("principal_b")[1:] if r[0] == scheme.group_name] == []
