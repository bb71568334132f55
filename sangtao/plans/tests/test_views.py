"""Who may read and change what on the plan pages (the permission matrix of the foundation issue)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangtao.plans import services
from sangtao.plans.models import AssignmentStatus, EvidenceKind, PlanStatus
from sangtao.testing.factories import AssignmentFactory, OrgUnitFactory, PlanFactory, TaskFactory

READ_PAGES = ["plans:list", "plans:my_assignments"]

# persona → status code for GET of school A's assignment page
ASSIGNMENT_READ = {
    "leader": 200, "specialist": 200, "admin": 200, "principal_a": 200, "coordinator_a": 200, "teacher_a": 200,
    "principal_b": 404, "partner": 200, "observer": 200,
}


@pytest.mark.parametrize("persona", ["leader", "specialist", "principal_a", "teacher_a", "principal_b", "partner",
                                     "observer", "admin"])
@pytest.mark.parametrize("name", READ_PAGES)
def test_every_signed_in_persona_reads_the_lists(client_for, pw, persona, name):
    assert client_for(persona).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", READ_PAGES)
def test_anonymous_is_sent_to_login(client_for, name):
    response = client_for("anonymous").get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("persona", "expected"), ASSIGNMENT_READ.items())
def test_assignment_page_is_scoped(client_for, pw, persona, expected):
    assert client_for(persona).get(reverse("plans:assignment", args=[pw.a.pk])).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("principal_a", 200), ("principal_b", 200), ("observer", 200),
                                                    ("teacher_a", 200), ("partner", 200)])
def test_plan_pages_are_readable_by_those_concerned(client_for, pw, persona, expected):
    client = client_for(persona)
    for url in (reverse("plans:detail", args=[pw.plan.pk]), reverse("plans:document", args=[pw.plan.pk]),
                reverse("plans:task", args=[pw.task.pk]), reverse("plans:indicators", args=[pw.plan.pk]),
                reverse("plans:period", args=[pw.period.pk])):
        assert client.get(url).status_code == expected, url


def test_school_b_does_not_see_school_a_on_the_task_page(client_for, pw):
    body = client_for("principal_b").get(reverse("plans:task", args=[pw.task.pk])).content.decode()
    assert pw.b.unit.name in body and pw.a.unit.name not in body


def test_a_draft_plan_is_hidden_from_schools_and_observers(client_for, world):
    draft = PlanFactory(issuing_unit=world.office, status=PlanStatus.DRAFT)
    for persona, expected in [("principal_a", 404), ("observer", 404), ("specialist", 200)]:
        assert client_for(persona).get(reverse("plans:detail", args=[draft.pk])).status_code == expected, persona


@pytest.mark.parametrize(("persona", "expected"), [("specialist", 200), ("leader", 200), ("principal_a", 403),
                                                    ("observer", 403), ("partner", 403)])
def test_only_office_staff_create_plans(client_for, world, persona, expected):
    assert client_for(persona).get(reverse("plans:create")).status_code == expected


def test_specialist_creates_a_plan_and_a_leader_issues_it(client_for, world):
    response = client_for("specialist").post(reverse("plans:create"), {
        "number": "12/KH-GDĐT", "issued_on": "15/11/2024", "place": "Quận 12", "title": "Kế hoạch thử", "year": 2025,
        "bases_text": "Căn cứ Luật Giáo dục 2019;\nCăn cứ Kế hoạch 1/KH-UBND",
        "recipients-TOTAL_FORMS": 0, "recipients-INITIAL_FORMS": 0,
    })
    plan = world.office.plans.get(number="12/KH-GDĐT")
    assert response.status_code == 302 and plan.bases.count() == 2 and plan.issued_on.day == 15
    client_for("specialist").post(reverse("plans:task_create", args=[plan.pk]), {
        "kind": "task", "number": "1", "title": "Thành lập CLB", "rule_levels": ["THCS"], "order": 1,
    })
    response = client_for("leader").post(reverse("plans:issue", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED and plan.tasks.get().assignments.get().unit == world.school_a


def test_a_bad_plan_form_keeps_what_was_typed(client_for, world):
    response = client_for("specialist").post(reverse("plans:create"), {"number": "", "title": "Giữ nguyên chữ này",
                                                                      "year": "abc", "recipients-TOTAL_FORMS": 0,
                                                                      "recipients-INITIAL_FORMS": 0})
    assert response.status_code == 200 and "Giữ nguyên chữ này" in response.content.decode()


def test_principal_submits_and_specialist_returns_then_approves(client_for, world, pw):
    coordinator, principal, specialist = client_for("coordinator_a"), client_for("principal_a"), client_for("specialist")
    coordinator.post(reverse("plans:assignment_progress", args=[pw.a.pk]), {"progress": 70, "report_text": "Đã làm"})
    principal.post(reverse("plans:assignment_submit", args=[pw.a.pk]))
    specialist.post(reverse("plans:assignment_return", args=[pw.a.pk]), {"reason": "Thiếu ảnh"})
    principal.post(reverse("plans:assignment_submit", args=[pw.a.pk]))
    specialist.post(reverse("plans:assignment_approve", args=[pw.a.pk]), {"comment": ""})
    pw.a.refresh_from_db()
    assert pw.a.status == AssignmentStatus.APPROVED


def test_return_without_reason_keeps_the_page_with_an_error(client_for, world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=10, report_text="x")
    services.assignment_submit(actor=world.principal_a, assignment=pw.a)
    response = client_for("specialist").post(reverse("plans:assignment_return", args=[pw.a.pk]), {"reason": ""})
    assert response.status_code == 400 and "Lý do trả lại" in response.content.decode()


def test_a_forbidden_action_shows_a_vietnamese_message(client_for, world, pw):
    services.assignment_update(actor=world.coordinator_a, assignment=pw.a, progress=10, report_text="x")
    response = client_for("coordinator_a").post(reverse("plans:assignment_submit", args=[pw.a.pk]))
    assert response.status_code == 403 and "Chỉ thủ trưởng" in response.content.decode()


def test_school_b_cannot_post_to_school_a(client_for, pw):
    response = client_for("principal_b").post(reverse("plans:assignment_progress", args=[pw.a.pk]),
                                              {"progress": 50, "report_text": "x"})
    assert response.status_code == 404


def test_evidence_upload_and_download_are_permission_checked(client_for, world, pw):
    upload = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    client_for("coordinator_a").post(reverse("plans:evidence_add", args=[pw.a.pk]),
                                     {"kind": "file", "title": "Ảnh", "file": upload})
    evidence = pw.a.evidence.get()
    url = reverse("plans:evidence_download", args=[evidence.pk])
    ok = client_for("principal_a").get(url)
    assert (ok.status_code, ok["Content-Disposition"].startswith("attachment"), ok["X-Content-Type-Options"]) == (
        200, True, "nosniff")
    assert client_for("principal_b").get(url).status_code == 404
    assert client_for("anonymous").get(url).status_code == 302


def test_a_bad_upload_keeps_the_title_typed(client_for, world, pw):
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client_for("coordinator_a").post(reverse("plans:evidence_add", args=[pw.a.pk]),
                                                {"kind": "file", "title": "Tiêu đề đã gõ", "file": fake})
    body = response.content.decode()
    assert response.status_code == 400 and "Tiêu đề đã gõ" in body and "không đúng" in body


def test_htmx_evidence_link_returns_the_partial(client_for, world, pw):
    response = client_for("coordinator_a").post(reverse("plans:evidence_add", args=[pw.a.pk]),
                                                {"kind": "link", "title": "Bài báo", "url": "https://example.org/a"},
                                                headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="evidence"' in body and "<html" not in body


def test_school_sets_a_manual_indicator_value(client_for, world, pw):
    indicator = pw.plan.indicators.get()
    client_for("coordinator_a").post(reverse("plans:indicator", args=[indicator.pk]),
                                     {"unit": world.school_a.pk, "value": "1"})
    assert indicator.values.get().unit == world.school_a


def test_school_b_cannot_set_a_value_for_school_a(client_for, world, pw):
    indicator = pw.plan.indicators.get()
    response = client_for("principal_b").post(reverse("plans:indicator", args=[indicator.pk]),
                                              {"unit": world.school_a.pk, "value": "1"})
    assert response.status_code == 403 and not indicator.values.exists()


def test_period_report_submitted_by_the_head(client_for, world, pw):
    client_for("principal_a").post(reverse("plans:period", args=[pw.period.pk]),
                                   {"action": "submit", "summary": "Kết quả học kỳ I"})
    assert pw.period.reports.get().status == "submitted"


def _grow(world, pw, n):
    for i in range(n):
        unit = OrgUnitFactory(parent=world.office, level="THCS")
        AssignmentFactory(task=pw.task, unit=unit)
        TaskFactory(plan=pw.plan, parent=pw.section, title=f"Việc {i}")


@pytest.mark.parametrize(("persona", "name"), [("specialist", "plans:my_assignments"), ("principal_a", "plans:list"),
                                                ("specialist", "plans:detail"), ("specialist", "plans:task"),
                                                ("specialist", "plans:indicators")])
def test_page_queries_do_not_grow_with_the_data(client_for, world, pw, django_assert_max_num_queries, persona, name):
    args = {"plans:detail": [pw.plan.pk], "plans:task": [pw.task.pk], "plans:indicators": [pw.plan.pk]}.get(name, [])
    client = client_for(persona)
    client.get(reverse(name, args=args))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name, args=args))
    _grow(world, pw, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(name, args=args))


def test_assignment_events_show_on_the_timeline(client_for, world, pw):
    services.evidence_add(actor=world.coordinator_a, assignment=pw.a, kind=EvidenceKind.LINK, title="x",
                          url="https://example.org")
    body = client_for("principal_a").get(reverse("plans:assignment", args=[pw.a.pk])).content.decode()
    assert "Bắt đầu thực hiện" in body


def test_assignments_export_to_excel_is_scoped(client_for, pw):
    import io

    from openpyxl import load_workbook

    response = client_for("principal_b").get(reverse("plans:my_assignments") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Nhiệm vụ" and [r[4] for r in rows[1:]] == [pw.b.unit.code]


def test_indicators_export_to_excel(client_for, pw):
    import io

    from openpyxl import load_workbook

    response = client_for("leader").get(reverse("plans:indicators", args=[pw.plan.pk]) + "?format=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][0] == "CT01" and rows[1][8] == "Chưa có số liệu."


def test_plan_form_saves_recipients_and_the_original_document(client_for, world):
    docx = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client_for("specialist").post(reverse("plans:create"), {
        "number": "9/KH", "title": "Kế hoạch có nơi nhận", "year": 2025, "document": docx,
        "recipients-TOTAL_FORMS": 2, "recipients-INITIAL_FORMS": 0,
        "recipients-0-label": "UBND Q.12", "recipients-0-purpose": "report", "recipients-0-order": 1,
        "recipients-1-label": "", "recipients-1-purpose": "", "recipients-1-order": "0",
    })
    plan = world.office.plans.get(number="9/KH")
    download = client_for("principal_a").get(reverse("plans:document_file", args=[plan.pk]))
    assert [r.label for r in plan.recipients.all()] == ["UBND Q.12"] and download.status_code == 404  # draft
    assert client_for("leader").get(reverse("plans:document_file", args=[plan.pk])).status_code == 200


def test_plan_form_refuses_a_disguised_document(client_for, world):
    fake = SimpleUploadedFile("ke-hoach.docx", b"MZ\x90\x00 not a docx", content_type="application/msword")
    response = client_for("specialist").post(reverse("plans:create"), {
        "number": "10/KH", "title": "Kế hoạch", "year": 2025, "document": fake,
        "recipients-TOTAL_FORMS": 0, "recipients-INITIAL_FORMS": 0,
    })
    assert response.status_code == 200 and not world.office.plans.filter(number="10/KH").exists()


def test_school_activities_are_added_and_removed_by_the_school_only(client_for, world, pw):
    client_for("coordinator_a").post(reverse("plans:activity_add", args=[pw.a.pk]),
                                     {"title": "Họp thành lập CLB", "planned_on": "20/03/2024"})
    activity = pw.a.activities.get()
    assert activity.planned_on.month == 3
    assert client_for("teacher_a").post(reverse("plans:activity_remove", args=[activity.pk])).status_code == 403
    client_for("principal_a").post(reverse("plans:activity_remove", args=[activity.pk]))
    assert not pw.a.activities.exists()
