"""The initiatives pages: a permission matrix for every URL, the loop through the pages, query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sangtao.initiatives import services
from sangtao.initiatives.models import Initiative, InitiativeStatus, Review, Score
from sangtao.plans.records import records_for_task
from sangtao.testing.factories import (
    InitiativeAuthorFactory,
    InitiativeFactory,
    OrgUnitFactory,
    PlanFactory,
    StaffFactory,
    TaskFactory,
)

from .conftest import CONTENT, MARKS, recognise_at_school

S = InitiativeStatus
PERSONAS = [
    "admin",
    "leader",
    "specialist",
    "principal_a",
    "coordinator_a",
    "teacher_a",
    "principal_b",
    "partner",
    "observer",
    "anonymous",
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def flow(world, iw):
    """A draft of teacher_a, a submitted one under school A's review (coordinator_a has scored), and one
    recognised by the office and listed in decision 15/QĐ-GDĐT."""
    draft = services.initiative_create(
        actor=world.teacher_a,
        campaign=iw.campaign,
        authors=[{"user": world.teacher_a, "share": 100}],
        **{**CONTENT, "title": "Bản nháp chưa nộp"},
    )
    services.attachment_add(
        actor=world.teacher_a,
        initiative=draft,
        file=SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
    )
    reviewed = iw.submit_by_teacher(world, title="Phiếu học tập điện tử môn Toán")
    review = services.review_start(actor=world.principal_a, initiative=reviewed)
    services.score_submit(actor=world.coordinator_a, review=review, values=MARKS)
    done = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, done)
    services.initiative_forward(actor=world.principal_a, initiative=done)
    office_review = services.review_start(actor=world.leader, initiative=done)
    services.score_submit(actor=world.leader, review=office_review, values=MARKS)
    services.score_submit(actor=world.principal_b, review=office_review, values=MARKS)
    services.review_close(actor=world.leader, review=office_review)
    decision = services.decision_issue(
        actor=world.leader,
        campaign=iw.campaign,
        unit=world.office,
        number="15/QĐ-GDĐT",
        signed_on=datetime.date(2024, 3, 12),
        place="Quận 12",
        signer_name="Khuê Mạnh Hùng",
        signer_title="TRƯỞNG PHÒNG",
        initiatives=[done],
    )
    return {
        "draft": draft,
        "reviewed": reviewed,
        "review": review,
        "done": done,
        "decision": decision,
        "campaign": iw.campaign,
        "attachment": draft.attachments.get(),
    }


def _expect(mapping, default):
    return [(p, mapping.get(p, default)) for p in PERSONAS]


def _get(client_for, persona, url):
    response = client_for(persona).get(url)
    if persona == "anonymous" and response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    return response.status_code


# ── The permission matrix: persona → status code for GET of each page ─────────────────────────────

ANON = {"anonymous": 302}
MATRIX = {
    "mine": ({**ANON}, 200),
    "campaigns": ({**ANON}, 200),
    "queue": ({**ANON}, 200),
    "campaign": ({**ANON, "partner": 404}, 200),
    "campaign_create": (
        {**ANON, "admin": 200, "leader": 200, "specialist": 200, "principal_a": 200, "principal_b": 200},
        403,
    ),
    "campaign_edit": ({**ANON, "admin": 200, "leader": 200, "specialist": 200, "partner": 404}, 403),
    "council_create": (
        {**ANON, "admin": 200, "leader": 200, "specialist": 200, "principal_b": 200, "partner": 404},
        403,
    ),
    "school_council": ({**ANON, "principal_b": 404, "partner": 404}, 200),
    "create": (
        {
            **ANON,
            "principal_a": 200,
            "coordinator_a": 200,
            "teacher_a": 200,
            "principal_b": 200,
            "partner": 404,
        },
        403,
    ),
    "draft": ({**ANON, "teacher_a": 200}, 404),
    "edit": ({**ANON, "teacher_a": 200}, 404),
    "attachment": ({**ANON, "teacher_a": 200}, 404),
    "reviewed": ({**ANON, "principal_b": 404, "partner": 404}, 200),
    "review": (
        {
            **ANON,
            "admin": 200,
            "leader": 200,
            "specialist": 200,
            "principal_a": 200,
            "coordinator_a": 200,
            "teacher_a": 200,
        },
        404,
    ),
    "review_close": (
        {
            **ANON,
            "admin": 200,
            "leader": 200,
            "specialist": 200,
            "principal_a": 200,
            "coordinator_a": 200,
            "teacher_a": 200,
        },
        404,
    ),
    "decision_create": (
        {**ANON, "admin": 200, "leader": 200, "principal_a": 200, "principal_b": 200, "partner": 404},
        403,
    ),
    "decision": ({**ANON, "partner": 404}, 200),
    "decision_docx": ({**ANON, "partner": 404}, 200),
    "decision_xlsx": ({**ANON, "partner": 404}, 200),
    "library": ({}, 200),
    "library_detail": ({}, 200),
}


def _url(name, f, iw):
    return {
        "mine": reverse("initiatives:mine"),
        "campaigns": reverse("initiatives:campaigns"),
        "queue": reverse("initiatives:queue"),
        "campaign": reverse("initiatives:campaign", args=[f["campaign"].pk]),
        "campaign_create": reverse("initiatives:campaign_create"),
        "campaign_edit": reverse("initiatives:campaign_edit", args=[f["campaign"].pk]),
        "council_create": reverse("initiatives:council_create", args=[f["campaign"].pk]),
        "school_council": reverse("initiatives:council", args=[iw.school_council.pk]),
        "create": reverse("initiatives:create") + f"?campaign={f['campaign'].pk}",
        "draft": reverse("initiatives:detail", args=[f["draft"].pk]),
        "edit": reverse("initiatives:edit", args=[f["draft"].pk]),
        "attachment": reverse("initiatives:attachment_download", args=[f["attachment"].pk]),
        "reviewed": reverse("initiatives:detail", args=[f["reviewed"].pk]),
        "review": reverse("initiatives:review", args=[f["review"].pk]),
        "review_close": reverse("initiatives:review_close", args=[f["review"].pk]),
        "decision_create": reverse("initiatives:decision_create", args=[f["campaign"].pk]),
        "decision": reverse("initiatives:decision", args=[f["decision"].pk]),
        "decision_docx": reverse("initiatives:decision_docx", args=[f["decision"].pk]),
        "decision_xlsx": reverse("initiatives:decision_xlsx", args=[f["decision"].pk]),
        "library": reverse("initiatives:library"),
        "library_detail": reverse("initiatives:library_detail", args=[f["done"].pk]),
    }[name]


@pytest.mark.parametrize("name", MATRIX)
def test_the_permission_matrix(client_for, world, iw, flow, name):
    mapping, default = MATRIX[name]
    url = _url(name, flow, iw)
    assert {p: _get(client_for, p, url) for p in PERSONAS} == dict(_expect(mapping, default))


def test_the_review_link_shows_only_for_those_who_may_open_it(client_for, flow):
    detail = reverse("initiatives:detail", args=[flow["reviewed"].pk])
    review_url = reverse("initiatives:review", args=[flow["review"].pk])
    assert review_url in client_for("coordinator_a").get(detail).text
    assert review_url not in client_for("observer").get(detail).text


def test_the_app_page_sends_anonymous_visitors_to_the_library(client_for, world):
    assert client_for("anonymous").get(reverse("initiatives:index"))["Location"] == reverse(
        "initiatives:library"
    )
    assert client_for("teacher_a").get(reverse("initiatives:index"))["Location"] == reverse(
        "initiatives:mine"
    )


# ── Scores stay hidden on the pages ────────────────────────────────────────────────────────────────


def test_a_member_sees_the_scoring_form_and_no_score_before_scoring(client_for, flow):
    body = client_for("principal_a").get(reverse("initiatives:review", args=[flow["review"].pk])).text
    assert (
        "Gửi phiếu chấm" in body and "Điểm tổng hợp" not in body and "Điểm của các thành viên được ẩn" in body
    )


def test_the_author_sees_that_they_are_excluded_and_no_score(client_for, flow):
    body = client_for("teacher_a").get(reverse("initiatives:review", args=[flow["review"].pk])).text
    assert "Bạn là tác giả của sáng kiến này" in body and "Gửi phiếu chấm" not in body
    assert "Điểm tổng hợp" not in body


def test_the_author_sees_no_partial_result_on_the_initiative_page(client_for, flow):
    body = client_for("teacher_a").get(reverse("initiatives:detail", args=[flow["reviewed"].pk])).text
    assert "Kết quả xét" not in body


def test_after_scoring_a_member_sees_the_others(client_for, flow):
    body = client_for("coordinator_a").get(reverse("initiatives:review", args=[flow["review"].pk])).text
    assert "Điểm tổng hợp" in body and "Gửi phiếu chấm" not in body


# ── The loop through the pages ─────────────────────────────────────────────────────────────────────


def test_a_teacher_writes_and_submits_through_the_pages(client_for, world, iw):
    colleague = StaffFactory(unit=world.school_a, full_name="Hồ Văn Tài")
    client = client_for("teacher_a")
    response = client.post(
        reverse("initiatives:create") + f"?campaign={iw.campaign.pk}",
        {
            **CONTENT,
            "applied_since": "15/09/2023",
            "authors-TOTAL_FORMS": 3,
            "authors-INITIAL_FORMS": 0,
            "authors-MIN_NUM_FORMS": 1,
            "authors-MAX_NUM_FORMS": 10,
            "authors-0-person": f"u{world.teacher_a.pk}",
            "authors-0-share": "70",
            "authors-1-person": f"s{colleague.pk}",
            "authors-1-share": "30",
            "authors-2-person": "",
            "authors-2-share": "",
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and initiative.applied_since == datetime.date(2023, 9, 15)
    assert sorted(initiative.authors.values_list("share", flat=True)) == [30, 70]
    client.post(reverse("initiatives:submit", args=[initiative.pk]))
    assert Initiative.objects.get().status == S.SUBMITTED


def test_shares_that_do_not_add_up_keep_what_was_typed(client_for, world, iw):
    response = client_for("teacher_a").post(
        reverse("initiatives:create") + f"?campaign={iw.campaign.pk}",
        {
            **CONTENT,
            "title": "Tên đã gõ được giữ nguyên",
            "authors-TOTAL_FORMS": 1,
            "authors-INITIAL_FORMS": 0,
            "authors-0-person": f"u{world.teacher_a.pk}",
            "authors-0-share": "90",
        },
    )
    body = response.text
    assert response.status_code == 400 and "phải bằng 100%" in body and "Tên đã gõ được giữ nguyên" in body
    assert not Initiative.objects.exists()


def test_two_members_score_and_the_chair_closes_through_the_pages(client_for, world, iw):
    initiative = iw.submit_by_teacher(world)
    client_for("principal_a").post(reverse("initiatives:review_start", args=[initiative.pk]))
    review = Review.objects.get()
    for persona in ("principal_a", "coordinator_a"):
        response = client_for(persona).post(
            reverse("initiatives:score", args=[review.pk]),
            {"c_novelty": "8,5", "c_applicability": "8", "c_benefit": "9", "comment": "Thiết thực"},
        )
        assert response.status_code == 302
    client_for("principal_a").post(reverse("initiatives:review_close", args=[review.pk]), {"reason": ""})
    initiative.refresh_from_db()
    assert initiative.status == S.RECOGNISED_SCHOOL and initiative.result is not None
    body = client_for("anonymous").get(reverse("initiatives:library") + "?q=sang+kien+so+hoa").text
    assert initiative.title in body


def test_a_bad_mark_keeps_the_form_with_the_message(client_for, world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    response = client_for("coordinator_a").post(
        reverse("initiatives:score", args=[review.pk]),
        {"c_novelty": "12", "c_applicability": "8", "c_benefit": "9", "comment": "Nhận xét đã gõ"},
    )
    assert (
        response.status_code == 400 and "từ 0 đến 10" in response.text and "Nhận xét đã gõ" in response.text
    )
    assert not Score.objects.exists()


def test_the_author_posting_a_score_gets_the_exclusion_message(client_for, world, iw):
    initiative = iw.submit_by_teacher(world)
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    response = client_for("teacher_a").post(
        reverse("initiatives:score", args=[review.pk]),
        {"c_novelty": "10", "c_applicability": "10", "c_benefit": "10"},
    )
    assert response.status_code == 400 and "Bạn là tác giả" in response.text and not Score.objects.exists()


def test_a_member_who_is_not_the_chair_cannot_close(client_for, flow):
    response = client_for("coordinator_a").post(reverse("initiatives:review_close", args=[flow["review"].pk]))
    assert response.status_code == 403


def test_another_school_cannot_post_to_a_review(client_for, flow):
    response = client_for("principal_b").post(
        reverse("initiatives:score", args=[flow["review"].pk]),
        {"c_novelty": "8", "c_applicability": "8", "c_benefit": "8"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"), [("teacher_a", 302), ("principal_a", 403), ("principal_b", 404)]
)
def test_only_the_author_withdraws(client_for, world, iw, persona, expected):
    initiative = iw.submit_by_teacher(world)
    assert (
        client_for(persona).post(reverse("initiatives:withdraw", args=[initiative.pk])).status_code
        == expected
    )


def test_a_bad_upload_is_refused_with_a_message(client_for, flow):
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf", content_type="application/pdf")
    response = client_for("teacher_a").post(
        reverse("initiatives:attachment_add", args=[flow["draft"].pk]), {"title": "Báo cáo", "file": fake}
    )
    assert response.status_code == 400 and "không đúng" in response.text


def test_the_attachment_is_served_as_an_attachment(client_for, flow):
    response = client_for("teacher_a").get(
        reverse("initiatives:attachment_download", args=[flow["attachment"].pk])
    )
    assert (
        response["Content-Disposition"].startswith("attachment")
        and response["X-Content-Type-Options"] == "nosniff"
    )


def test_the_campaign_and_the_plan_task_link_to_each_other(client_for, world, iw):
    task = TaskFactory(
        plan=PlanFactory(issuing_unit=world.office, number="454/KH-GDĐT"),
        number="II.3.1",
        title="Phát động phong trào sáng kiến",
    )
    task.partner_units.add(world.partner_unit)
    iw.campaign.tasks.add(task)
    body = client_for("teacher_a").get(reverse("initiatives:campaign", args=[iw.campaign.pk])).text
    assert "454/KH-GDĐT — II.3.1. Phát động phong trào sáng kiến" in body
    assert [r.title for _g, rows in records_for_task(world.teacher_a, task) for r in rows] == [
        iw.campaign.title
    ]
    assert iw.campaign.title in client_for("specialist").get(reverse("plans:task", args=[task.pk])).text
    # The partner reads the task it co-operates on, but the office's campaign is not theirs to see.
    partner_page = client_for("partner").get(reverse("plans:task", args=[task.pk]))
    assert partner_page.status_code == 200 and iw.campaign.title not in partner_page.text


def test_the_leader_issues_a_decision_through_the_page(client_for, world, iw):
    initiative = iw.submit_by_teacher(world)
    recognise_at_school(world, iw, initiative)
    response = client_for("principal_a").post(
        reverse("initiatives:decision_create", args=[iw.campaign.pk]),
        {
            "number": "7/QĐ-THCS",
            "signed_on": "01/03/2024",
            "place": "Quận 12",
            "signer_title": "HIỆU TRƯỞNG",
            "signer_name": "Nguyễn Văn A",
            "initiatives": [initiative.pk],
        },
    )
    assert response.status_code == 302
    decision = initiative.decisions.get()
    assert (decision.unit, decision.level) == (world.school_a, "school")


def test_the_decision_docx_opens_and_lists_the_initiatives(client_for, flow):
    response = client_for("leader").get(reverse("initiatives:decision_docx", args=[flow["decision"].pk]))
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "QUYẾT ĐỊNH" in text and "Về việc công nhận sáng kiến cấp Phòng năm học 2023-2024" in text
    assert flow["done"].title in cells


def test_the_decision_xlsx_lists_the_initiatives(client_for, flow):
    response = client_for("leader").get(reverse("initiatives:decision_xlsx", args=[flow["decision"].pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [c.value for c in sheet[2]][1] == flow["done"].title


@pytest.mark.parametrize("name", ["mine", "campaigns", "queue", "campaign", "library"])
def test_every_list_exports_to_excel(client_for, flow, iw, name):
    url = _url(name, flow, iw)
    response = client_for("principal_a").get(url + ("&" if "?" in url else "?") + "format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


# ── Query counts: the same with 2 and with 20 rows ─────────────────────────────────────────────────


def _many(world, iw, n):
    for i in range(n):
        initiative = InitiativeFactory(
            campaign=iw.campaign,
            unit=world.school_a,
            title=f"Sáng kiến số {i}",
            status=S.RECOGNISED_SCHOOL,
            submitted_at=datetime.datetime.now().astimezone(),
            recognised_on=datetime.date(2024, 2, 1),
        )
        InitiativeAuthorFactory(initiative=initiative, user=world.teacher_a, share=60)
        InitiativeAuthorFactory(
            initiative=initiative,
            user=None,
            staff=StaffFactory(unit=world.school_a),
            full_name="Đồng tác giả",
            share=40,
        )
        Review.objects.create(
            initiative=initiative,
            council=iw.school_council,
            level="school",
            criteria=iw.campaign.criteria,
            pass_mark=70,
            started_at=datetime.datetime.now().astimezone(),
        )


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        ("mine", "teacher_a"),
        ("campaign", "principal_a"),
        ("queue", "coordinator_a"),
        ("library", "anonymous"),
        ("campaigns", "specialist"),
    ],
)
def test_list_pages_use_as_many_queries_for_20_rows_as_for_2(
    client_for, world, iw, name, persona, django_assert_max_num_queries
):
    client = client_for(persona)
    url = {
        "mine": reverse("initiatives:mine"),
        "campaign": reverse("initiatives:campaign", args=[iw.campaign.pk]),
        "queue": reverse("initiatives:queue"),
        "library": reverse("initiatives:library"),
        "campaigns": reverse("initiatives:campaigns"),
    }[name]
    _many(world, iw, 2)
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    _many(world, iw, 18)
    with django_assert_max_num_queries(len(two)):
        assert client.get(url).status_code == 200


def test_the_unit_select_on_the_council_form_lists_only_units_without_a_council(client_for, world, iw):
    OrgUnitFactory(parent=world.office, name="Trường Mầm non Hoa Mai")
    body = client_for("specialist").get(reverse("initiatives:council_create", args=[iw.campaign.pk])).text
    assert "Trường Mầm non Hoa Mai" in body and world.school_b.name in body
    assert f'value="{world.school_a.pk}"' not in body
