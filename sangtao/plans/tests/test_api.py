"""The plans API: who reads and changes what, the plan loop through the API, and query counts.

The `pw` fixture (conftest.py) is an issued plan with one section and one task led by Tổ Phổ thông,
co-operated by Phòng Kinh tế, assigned to schools A and B, with a manual indicator CT01.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangtao.plans.models import AssignmentStatus, IndicatorSource, IndicatorValue, PlanStatus
from sangtao.testing.factories import (
    AssignmentFactory,
    IndicatorFactory,
    OrgUnitFactory,
    PlanFactory,
    TaskFactory,
)

SIGNED_IN = [
    "admin",
    "leader",
    "specialist",
    "principal_a",
    "coordinator_a",
    "teacher_a",
    "principal_b",
    "partner",
    "observer",
]

# persona → answer to GET of school A's assignment
ASSIGNMENT_READ = {
    "admin": 200,
    "leader": 200,
    "specialist": 200,
    "principal_a": 200,
    "coordinator_a": 200,
    "teacher_a": 200,
    "principal_b": 404,
    "partner": 200,
    "observer": 200,
    "anonymous": 401,
}
# persona → answer to PATCH of school A's assignment (progress, report)
ASSIGNMENT_UPDATE = {
    "admin": 403,
    "leader": 403,
    "specialist": 403,
    "principal_a": 200,
    "coordinator_a": 200,
    "teacher_a": 403,
    "principal_b": 404,
    "partner": 403,
    "observer": 403,
    "anonymous": 401,
}
# persona → answer to POST of a link to school A's assignment
EVIDENCE_ADD = {
    "admin": 403,
    "leader": 403,
    "specialist": 403,
    "principal_a": 201,
    "coordinator_a": 201,
    "teacher_a": 403,
    "principal_b": 404,
    "partner": 403,
    "observer": 403,
    "anonymous": 401,
}
# persona → answer to POST submit of school A's assignment (it has a report)
ASSIGNMENT_SUBMIT = {
    "admin": 403,
    "leader": 403,
    "specialist": 403,
    "principal_a": 200,
    "coordinator_a": 403,
    "teacher_a": 403,
    "principal_b": 404,
    "partner": 403,
    "observer": 403,
    "anonymous": 401,
}
# persona → answer to POST approve of school A's submitted assignment
ASSIGNMENT_APPROVE = {
    "admin": 200,
    "leader": 200,
    "specialist": 200,
    "principal_a": 403,
    "coordinator_a": 403,
    "teacher_a": 403,
    "principal_b": 404,
    "partner": 403,
    "observer": 403,
    "anonymous": 401,
}


def api(name, *args):
    return reverse(f"api:{name}", args=args)


def submitted(pw):
    pw.a.report_text = "Đã thành lập câu lạc bộ."
    pw.a.status = AssignmentStatus.SUBMITTED
    pw.a.save()
    return pw.a


# ── Plans ──────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_persona_concerned_reads_the_issued_plan(client_for, pw, persona):
    client = client_for(persona)
    listed = client.get(api("plan-list")).json()["results"]
    assert [p["id"] for p in listed] == [pw.plan.pk]
    for url in (
        api("plan-detail", pw.plan.pk),
        api("plan-tasks", pw.plan.pk),
        api("plan-indicators", pw.plan.pk),
        api("plan-dashboard", pw.plan.pk),
        api("task-detail", pw.task.pk),
        api("indicator-values", pw.plan.indicators.get().pk),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["plan-list", "assignment-list"])
def test_anonymous_gets_401_on_lists(client_for, pw, name):
    response = client_for("anonymous").get(api(name))
    assert response.status_code == 401 and response.json()["detail"].startswith("Bạn chưa đăng nhập")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("specialist", 200),
        ("leader", 200),
        ("principal_a", 404),
        ("observer", 404),
        ("partner", 404),
        ("principal_b", 404),
    ],
)
def test_a_draft_plan_is_seen_by_the_office_only(client_for, world, persona, expected):
    draft = PlanFactory(issuing_unit=world.office, status=PlanStatus.DRAFT)
    task = TaskFactory(plan=draft)
    AssignmentFactory(task=task, unit=world.school_a)
    client = client_for(persona)
    for url in (
        api("plan-detail", draft.pk),
        api("plan-tasks", draft.pk),
        api("plan-dashboard", draft.pk),
        api("task-detail", task.pk),
    ):
        assert client.get(url).status_code == expected, url


def test_a_missing_plan_is_404_with_a_vietnamese_message(client_for, pw):
    response = client_for("specialist").get(api("plan-detail", pw.plan.pk + 1000))
    assert response.status_code == 404 and response.json() == {
        "detail": "Không tìm thấy (hoặc bạn không có quyền xem)."
    }


def test_plan_detail_has_its_bases_and_recipients(client_for, pw, world):
    pw.plan.bases.create(text="Căn cứ Luật Giáo dục 2019;", order=1)
    pw.plan.recipients.create(unit=world.ubnd, label="UBND Quận 12", purpose="report", order=1)
    body = client_for("principal_a").get(api("plan-detail", pw.plan.pk)).json()
    assert body["bases"] == [{"id": pw.plan.bases.get().pk, "order": 1, "text": "Căn cứ Luật Giáo dục 2019;"}]
    assert body["recipients"][0]["unit"]["id"] == world.ubnd.pk
    assert body["recipients"][0]["purpose_label"] == "để báo cáo"
    assert body["issuing_unit"]["id"] == world.office.pk and body["status"] == "issued"


def test_plans_are_filtered_by_words_without_diacritics(client_for, pw, world):
    PlanFactory(issuing_unit=world.office, title="Kế hoạch thi đua khen thưởng")
    listed = client_for("specialist").get(api("plan-list"), {"q": "thi dua"}).json()["results"]
    assert [p["title"] for p in listed] == ["Kế hoạch thi đua khen thưởng"]


def test_a_bad_plan_filter_is_400_in_vietnamese(client_for, pw):
    response = client_for("specialist").get(api("plan-list"), {"status": "nope"})
    assert response.status_code == 400
    assert response.json()["detail"] == "status: “nope” không phải là lựa chọn hợp lệ."


def test_tasks_come_flat_with_their_parent(client_for, pw):
    rows = client_for("specialist").get(api("plan-tasks", pw.plan.pk)).json()
    assert [(r["id"], r["parent"], r["depth"], r["children"]) for r in rows] == [
        (pw.section.pk, None, 0, []),
        (pw.task.pk, pw.section.pk, 1, []),
    ]
    assert rows[0]["assignments"]["total"] == 2 and rows[1]["assignments"]["not_started"] == 2
    assert rows[1]["lead_unit"]["id"] == pw.task.lead_unit_id and len(rows[1]["partner_units"]) == 1


def test_tasks_come_as_a_tree(client_for, pw):
    rows = client_for("specialist").get(api("plan-tasks", pw.plan.pk), {"layout": "tree"}).json()
    assert [r["id"] for r in rows] == [pw.section.pk]
    assert [c["id"] for c in rows[0]["children"]] == [pw.task.pk]


def test_school_b_counts_only_its_own_assignments_in_the_tree(client_for, pw):
    rows = client_for("principal_b").get(api("plan-tasks", pw.plan.pk)).json()
    assert rows[1]["assignments"]["total"] == 1


def test_dashboard_gives_counts_sections_periods_and_indicators(client_for, pw):
    AssignmentFactory(
        task=pw.task,
        unit=OrgUnitFactory(parent=pw.plan.issuing_unit),
        due=datetime.date.today() - datetime.timedelta(days=1),
    )
    body = client_for("specialist").get(api("plan-dashboard", pw.plan.pk)).json()
    counts = {row["status"]: row["count"] for row in body["status_counts"]}
    assert counts == {"not_started": 3, "in_progress": 0, "submitted": 0, "returned": 0, "approved": 0}
    assert body["total_assignments"] == 3 and body["overdue_count"] == 1 and body["unit_count"] == 3
    assert [s["id"] for s in body["sections"]] == [pw.section.pk] and body["sections"][0]["total"] == 3
    assert body["periods"][0]["id"] == pw.period.pk and body["periods"][0]["expected"] == 3
    assert [i["code"] for i in body["indicators"]] == ["CT01"]


def test_dashboard_is_scoped_for_a_school(client_for, pw):
    body = client_for("principal_b").get(api("plan-dashboard", pw.plan.pk)).json()
    assert body["total_assignments"] == 1 and body["unit_count"] == 1


# ── Tasks ──────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("persona", "units"),
    [
        ("specialist", {"a", "b"}),
        ("observer", {"a", "b"}),
        ("partner", {"a", "b"}),
        ("principal_a", {"a"}),
        ("principal_b", {"b"}),
    ],
)
def test_a_task_shows_the_assignments_the_user_may_see(client_for, pw, persona, units):
    body = client_for(persona).get(api("task-detail", pw.task.pk)).json()
    assert {row["id"] for row in body["assignments"]} == {getattr(pw, u).pk for u in units}
    assert body["plan"]["id"] == pw.plan.pk and body["parent"]["id"] == pw.section.pk


# ── Assignments: the permission matrix ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("persona", "expected"), ASSIGNMENT_READ.items())
def test_reading_school_a_assignment(client_for, pw, persona, expected):
    assert client_for(persona).get(api("assignment-detail", pw.a.pk)).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), ASSIGNMENT_UPDATE.items())
def test_updating_school_a_assignment(client_for, pw, persona, expected):
    response = client_for(persona).patch(
        api("assignment-detail", pw.a.pk), {"progress": 40}, content_type="application/json"
    )
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), EVIDENCE_ADD.items())
def test_adding_evidence_to_school_a_assignment(client_for, pw, persona, expected):
    response = client_for(persona).post(
        api("assignment-evidence", pw.a.pk),
        {"title": "Quyết định thành lập CLB", "url": "https://truong.edu.vn/clb"},
        content_type="application/json",
    )
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), ASSIGNMENT_SUBMIT.items())
def test_submitting_school_a_assignment(client_for, pw, persona, expected):
    pw.a.report_text = "Đã thành lập câu lạc bộ."
    pw.a.save()
    assert client_for(persona).post(api("assignment-submit", pw.a.pk)).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), ASSIGNMENT_APPROVE.items())
def test_approving_school_a_assignment(client_for, pw, persona, expected):
    submitted(pw)
    response = client_for(persona).post(
        api("assignment-approve", pw.a.pk), {"comment": "Tốt."}, content_type="application/json"
    )
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), ASSIGNMENT_APPROVE.items())
def test_returning_school_a_assignment(client_for, pw, persona, expected):
    submitted(pw)
    response = client_for(persona).post(
        api("assignment-return", pw.a.pk), {"reason": "Thiếu minh chứng."}, content_type="application/json"
    )
    assert response.status_code == expected


def test_principal_b_never_sees_school_a_in_the_list(client_for, pw):
    listed = client_for("principal_b").get(api("assignment-list")).json()["results"]
    assert [a["id"] for a in listed] == [pw.b.pk]


def test_partner_lists_the_assignments_of_tasks_its_unit_co_operates_on(client_for, pw, world):
    AssignmentFactory(task=TaskFactory(plan=pw.plan), unit=world.school_a)  # a task without the partner
    listed = client_for("partner").get(api("assignment-list")).json()["results"]
    assert sorted(a["id"] for a in listed) == sorted([pw.a.pk, pw.b.pk])


def test_a_refusal_says_why_in_vietnamese(client_for, pw):
    response = client_for("teacher_a").patch(
        api("assignment-detail", pw.a.pk), {"progress": 40}, content_type="application/json"
    )
    assert response.json() == {
        "detail": "Chỉ thủ trưởng hoặc cán bộ phụ trách của đơn vị mới cập nhật được nhiệm vụ này."
    }


def test_abilities_tell_the_client_what_the_user_may_do(client_for, pw):
    submitted(pw)
    principal = client_for("principal_a").get(api("assignment-detail", pw.a.pk)).json()["abilities"]
    specialist = client_for("specialist").get(api("assignment-detail", pw.a.pk)).json()["abilities"]
    assert principal == {"can_edit": False, "can_submit": False, "can_review": False, "can_reopen": False}
    assert specialist == {"can_edit": False, "can_submit": False, "can_review": True, "can_reopen": False}


def test_put_is_not_allowed_on_an_assignment(client_for, pw):
    response = client_for("principal_a").put(
        api("assignment-detail", pw.a.pk), {"progress": 10}, content_type="application/json"
    )
    assert response.status_code == 405


# ── Assignments: filters and input ─────────────────────────────────────────────────────────────────


def test_assignments_are_filtered_by_status_plan_unit_and_overdue(client_for, pw, world):
    late = AssignmentFactory(
        task=TaskFactory(plan=pw.plan),
        unit=world.school_a,
        due=datetime.date.today() - datetime.timedelta(days=3),
    )
    submitted(pw)
    client = client_for("specialist")

    def ids(**params):
        return sorted(a["id"] for a in client.get(api("assignment-list"), params).json()["results"])

    assert ids(status="submitted") == [pw.a.pk]
    assert ids(unit=world.school_b.pk) == [pw.b.pk]
    assert ids(plan=pw.plan.pk) == sorted([pw.a.pk, pw.b.pk, late.pk])
    assert ids(plan=pw.plan.pk + 1000) == []
    assert ids(overdue="true") == [late.pk]


def test_progress_above_100_is_refused_in_vietnamese(client_for, pw):
    response = client_for("coordinator_a").patch(
        api("assignment-detail", pw.a.pk), {"progress": 150}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "progress: Giá trị phải nhỏ hơn hoặc bằng 100."
    assert response.json()["errors"] == {"progress": ["Giá trị phải nhỏ hơn hoặc bằng 100."]}


def test_a_patch_keeps_what_it_does_not_mention(client_for, pw):
    pw.a.report_text = "Báo cáo cũ"
    pw.a.save()
    body = (
        client_for("coordinator_a")
        .patch(api("assignment-detail", pw.a.pk), {"progress": 30}, content_type="application/json")
        .json()
    )
    assert body["progress"] == 30 and body["report_text"] == "Báo cáo cũ" and body["status"] == "in_progress"


def test_a_link_without_url_is_refused_in_vietnamese(client_for, pw):
    response = client_for("coordinator_a").post(
        api("assignment-evidence", pw.a.pk), {"title": "Ảnh"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"] == "Hãy nhập đường dẫn."


def test_file_evidence_is_uploaded_as_multipart_and_downloaded_through_the_page(client_for, pw):
    upload = SimpleUploadedFile(
        "bao-cao.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf"
    )
    response = client_for("coordinator_a").post(
        api("assignment-evidence", pw.a.pk), {"title": "Báo cáo", "file": upload}
    )
    body = response.json()
    assert response.status_code == 201 and body["kind"] == "file" and body["file_name"].endswith(".pdf")
    assert body["download_url"] == "http://testserver" + reverse("plans:evidence_download", args=[body["id"]])
    detail = client_for("principal_a").get(api("assignment-detail", pw.a.pk)).json()
    assert [e["id"] for e in detail["evidence"]] == [body["id"]]


def test_a_file_whose_content_does_not_match_is_refused(client_for, pw):
    upload = SimpleUploadedFile("bao-cao.pdf", b"this is not a pdf at all", content_type="application/pdf")
    response = client_for("coordinator_a").post(api("assignment-evidence", pw.a.pk), {"file": upload})
    assert response.status_code == 400 and "không đúng với đuôi .pdf" in response.json()["detail"]


def test_return_without_reason_is_refused_in_vietnamese(client_for, pw):
    submitted(pw)
    response = client_for("specialist").post(
        api("assignment-return", pw.a.pk), {"reason": "  "}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."}


def test_submitting_twice_is_a_conflict(client_for, pw):
    submitted(pw)
    response = client_for("principal_a").post(api("assignment-submit", pw.a.pk))
    assert response.status_code == 409 and response.json() == {
        "detail": "Nhiệm vụ đã được nộp hoặc đã duyệt."
    }


def test_submitting_an_empty_report_is_refused(client_for, pw):
    response = client_for("principal_a").post(api("assignment-submit", pw.a.pk))
    assert response.status_code == 400
    assert response.json()["detail"] == "Hãy nhập báo cáo kết quả hoặc đính kèm minh chứng trước khi nộp."


# ── The loop, end to end ───────────────────────────────────────────────────────────────────────────


def test_the_plan_loop_runs_through_the_api(client_for, pw, world):
    coordinator, principal, specialist = (
        client_for("coordinator_a"),
        client_for("principal_a"),
        client_for("specialist"),
    )
    url = api("assignment-detail", pw.a.pk)

    body = coordinator.patch(
        url, {"progress": 60, "report_text": "Đã thành lập CLB ĐMST."}, content_type="application/json"
    ).json()
    assert (body["status"], body["progress"]) == ("in_progress", 60)
    link = coordinator.post(
        api("assignment-evidence", pw.a.pk),
        {"kind": "link", "title": "Quyết định thành lập", "url": "https://truong.edu.vn/qd"},
        content_type="application/json",
    )
    assert link.status_code == 201 and link.json()["download_url"] is None

    assert principal.post(api("assignment-submit", pw.a.pk)).json()["status"] == "submitted"
    returned = specialist.post(
        api("assignment-return", pw.a.pk),
        {"reason": "Bổ sung danh sách thành viên."},
        content_type="application/json",
    ).json()
    assert returned["status"] == "returned" and returned["return_reason"] == "Bổ sung danh sách thành viên."

    assert coordinator.patch(url, {"progress": 90}, content_type="application/json").status_code == 200
    assert principal.post(api("assignment-submit", pw.a.pk)).json()["status"] == "submitted"
    approved = specialist.post(
        api("assignment-approve", pw.a.pk), {"comment": "Đạt."}, content_type="application/json"
    ).json()

    assert (approved["status"], approved["progress"]) == ("approved", 100)
    assert approved["reviewed_by"]["id"] == world.specialist.pk
    assert [(e["action"], e["to_status"]) for e in approved["events"]] == [
        ("start", "in_progress"),
        ("submit", "submitted"),
        ("return", "returned"),
        ("submit", "submitted"),
        ("approve", "approved"),
    ]
    assert approved["events"][2]["reason"] == "Bổ sung danh sách thành viên."
    assert [e["title"] for e in approved["evidence"]] == ["Quyết định thành lập"]

    locked = coordinator.patch(url, {"progress": 10}, content_type="application/json")
    assert locked.status_code == 409 and locked.json() == {
        "detail": "Nhiệm vụ đang ở trạng thái “Đã duyệt” nên không sửa được."
    }


def test_the_loop_works_with_a_token(client_for, pw, world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.principal_a)
    pw.a.report_text = "Báo cáo"
    pw.a.save()
    response = client_for("anonymous").post(
        api("assignment-submit", pw.a.pk), HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"


# ── Indicators ─────────────────────────────────────────────────────────────────────────────────────


def put_values(client, indicator, values):
    return client.put(
        api("indicator-values", indicator.pk), {"values": values}, content_type="application/json"
    )


def test_a_principal_enters_a_value_and_the_plan_indicator_moves(client_for, pw, world):
    indicator = pw.plan.indicators.get()
    response = put_values(client_for("principal_a"), indicator, [{"unit": world.school_a.pk, "value": 1}])
    assert response.status_code == 200
    assert [(r["unit"]["id"], r["value"], r["can_edit"]) for r in response.json()["values"]] == [
        (world.school_a.pk, 1.0, True)
    ]
    [office] = client_for("specialist").get(api("plan-indicators", pw.plan.pk)).json()
    assert (office["actual"], office["target"], office["percent_of_target"], office["has_data"]) == (
        50.0,
        50.0,
        100.0,
        True,
    )
    by_level = {row["level"]: (row["actual"], row["has_data"]) for row in office["by_level"]}
    assert by_level == {"THCS": (100.0, True), "TH": (None, False)}
    [school] = client_for("principal_a").get(api("plan-indicators", pw.plan.pk)).json()
    assert school["actual"] == 100.0 and [u["unit"]["id"] for u in school["by_unit"]] == [world.school_a.pk]


def test_an_indicator_without_data_says_so(client_for, pw):
    [row] = client_for("specialist").get(api("plan-indicators", pw.plan.pk)).json()
    assert (row["actual"], row["has_data"], row["percent_of_target"]) == (None, False, None)
    assert row["no_data_reason"] == "Chưa có số liệu."


def test_principal_b_cannot_enter_school_a_values(client_for, pw, world):
    response = put_values(
        client_for("principal_b"), pw.plan.indicators.get(), [{"unit": world.school_a.pk, "value": 1}]
    )
    assert response.status_code == 403 and not IndicatorValue.objects.exists()


def test_values_are_all_or_nothing(client_for, pw, world):
    response = put_values(
        client_for("principal_b"),
        pw.plan.indicators.get(),
        [{"unit": world.school_b.pk, "value": 1}, {"unit": world.school_a.pk, "value": 1}],
    )
    assert response.status_code == 403 and not IndicatorValue.objects.exists()


def test_a_share_takes_only_0_or_1(client_for, pw, world):
    response = put_values(
        client_for("principal_a"), pw.plan.indicators.get(), [{"unit": world.school_a.pk, "value": 2}]
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Chỉ tiêu tỷ lệ: nhập 1 nếu đơn vị đạt, 0 nếu chưa đạt."


def test_a_unit_outside_the_plan_is_refused(client_for, pw, world):
    response = put_values(
        client_for("specialist"), pw.plan.indicators.get(), [{"unit": world.team_pt.pk, "value": 1}]
    )
    assert response.status_code == 400 and response.json()["unit"] == world.team_pt.pk


def test_a_computed_indicator_is_not_entered_by_hand(client_for, pw, world):
    computed = IndicatorFactory(
        plan=pw.plan, source=IndicatorSource.COMPUTED, source_key="plans.task_completed"
    )
    response = put_values(client_for("principal_a"), computed, [{"unit": world.school_a.pk, "value": 1}])
    assert response.status_code == 409
    assert client_for("principal_a").get(api("indicator-values", computed.pk)).json()["editable"] is False


@pytest.mark.parametrize(
    ("persona", "units"),
    [("specialist", ["a", "b"]), ("observer", ["a", "b"]), ("principal_a", ["a"]), ("principal_b", ["b"])],
)
def test_indicator_values_are_scoped(client_for, pw, world, persona, units):
    rows = client_for(persona).get(api("indicator-values", pw.plan.indicators.get().pk)).json()["values"]
    assert [r["unit"]["id"] for r in rows] == [getattr(world, f"school_{u}").pk for u in units]


def test_the_indicator_of_a_draft_plan_is_404_for_a_school(client_for, world):
    draft = PlanFactory(issuing_unit=world.office, status=PlanStatus.DRAFT)
    indicator = IndicatorFactory(plan=draft)
    assert client_for("principal_a").get(api("indicator-values", indicator.pk)).status_code == 404


# ── Query counts: the same with 2 and with 20 rows ─────────────────────────────────────────────────


def more_assignments(pw, n):
    for _ in range(n):
        AssignmentFactory(
            task=TaskFactory(plan=pw.plan, parent=pw.section),
            unit=OrgUnitFactory(parent=pw.plan.issuing_unit),
        )


@pytest.mark.parametrize("name", ["assignment-list", "plan-list"])
def test_list_queries_do_not_grow_with_rows(
    client_for, pw, name, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for("specialist")
    with django_assert_max_num_queries(10) as two:
        assert client.get(api(name)).status_code == 200
    more_assignments(pw, 18)
    PlanFactory.create_batch(18, issuing_unit=pw.plan.issuing_unit)
    with django_assert_num_queries(len(two)):
        assert client.get(api(name)).status_code == 200


@pytest.mark.parametrize("name", ["plan-tasks", "plan-dashboard", "plan-indicators"])
def test_plan_views_queries_do_not_grow_with_rows(
    client_for, pw, name, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for("specialist")
    with django_assert_max_num_queries(40) as two:
        assert client.get(api(name, pw.plan.pk)).status_code == 200
    more_assignments(pw, 18)
    with django_assert_num_queries(len(two)):
        assert client.get(api(name, pw.plan.pk)).status_code == 200


def test_task_detail_queries_do_not_grow_with_units(
    client_for, pw, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for("specialist")
    with django_assert_max_num_queries(15) as two:
        assert client.get(api("task-detail", pw.task.pk)).status_code == 200
    for _ in range(18):
        AssignmentFactory(task=pw.task, unit=OrgUnitFactory(parent=pw.plan.issuing_unit))
    with django_assert_num_queries(len(two)):
        assert client.get(api("task-detail", pw.task.pk)).status_code == 200


def test_an_indicator_for_another_level_is_refused(client_for, pw, world):
    primary_only = IndicatorFactory(plan=pw.plan, levels=["TH"])
    response = put_values(client_for("principal_a"), primary_only, [{"unit": world.school_a.pk, "value": 1}])
    assert response.status_code == 400
    assert response.json()["detail"] == f"Chỉ tiêu không áp dụng cho cấp học của {world.school_a.name}."
