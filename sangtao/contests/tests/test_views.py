"""Contest pages: who may read and do what (persona matrices), the school's form, the judge's phone form,
the public results and the certificate, and query counts that do not grow with the data."""

import io
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sangtao.contests import judging, services
from sangtao.contests.models import Award, Entry, EntryStatus, Judge, JudgeAssignment, RoundStatus
from sangtao.orgs.models import SchoolLevel
from sangtao.testing.factories import (
    ContestFactory,
    EntryFactory,
    EntryMemberFactory,
    JudgeFactory,
    OrgUnitFactory,
    StudentFactory,
)

from .conftest import judge_user, register

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
]


@dataclass
class Flow:
    entry_a: Entry
    entry_b: Entry
    judge_c: Judge  # school C: may judge A and B
    judge_o: Judge  # the office
    judge_a: Judge  # school A: never A's entry


@pytest.fixture
def flow(world, cw):
    """Two submitted entries (A and B), three judges, assignment done, judging started."""
    services.criteria_set(
        actor=world.specialist,
        round=cw.round1,
        rows=[
            {"label": "Ý tưởng", "max_points": 50, "weight": 1},
            {"label": "Sản phẩm", "max_points": 50, "weight": 1},
        ],
    )
    entry_a = register(world, cw, members=[cw.a8, cw.a9], title="Máy lọc nước mini")
    entry_b = register(world, cw, school=world.school_b, members=[cw.b5], title="Thùng rác thông minh")
    judges = [
        judging.judge_add(actor=world.specialist, round=cw.round1, user=u)
        for u in (cw.judge_c, cw.judge_o, cw.judge_a)
    ]
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    judging.round_start_judging(actor=world.specialist, round=cw.round1)
    return Flow(entry_a=entry_a, entry_b=entry_b, judge_c=judges[0], judge_o=judges[1], judge_a=judges[2])


def _assignment(judge, entry):
    return JudgeAssignment.objects.get(judge=judge, entry=entry)


def _points(entry, values):
    return {f"c{c.pk}": v for c, v in zip(entry.round.criteria.all(), values, strict=True)}


def _publish(world, cw, flow):
    for assignment in JudgeAssignment.objects.filter(entry__round=cw.round1).select_related("judge__user"):
        score = [45, 45] if assignment.entry_id == flow.entry_a.pk else [30, 30]
        judging.score_save(
            actor=assignment.judge.user,
            assignment=assignment,
            points=dict(zip([c.pk for c in cw.round1.criteria.all()], score, strict=True)),
            version=0,
        )
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    judging.round_publish(actor=world.specialist, round=cw.round1)


# ── Persona matrices ───────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_persona_reads_the_contest_list_and_the_contest(client_for, cw, persona):
    client = client_for(persona)
    assert client.get(reverse("contests:list")).status_code == 200
    assert client.get(reverse("contests:detail", args=[cw.contest.pk])).status_code == 200


@pytest.mark.parametrize("name", ["contests:list", "contests:judge_queue", "contests:create"])
def test_anonymous_is_sent_to_login(client_for, name):
    response = client_for("anonymous").get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_draft_contest_is_hidden_from_schools(client_for, world):
    draft = ContestFactory(organiser=world.office, status="draft")
    for persona, expected in [("principal_a", 404), ("observer", 404), ("specialist", 200), ("partner", 404)]:
        assert client_for(persona).get(reverse("contests:detail", args=[draft.pk])).status_code == expected, (
            persona
        )


def test_a_contest_of_another_office_is_not_found(client_for, world):
    other = ContestFactory()
    assert client_for("principal_a").get(reverse("contests:detail", args=[other.pk])).status_code == 404


ROUND_PAGE = {
    "admin": 200,
    "leader": 200,
    "specialist": 200,
    "partner": 200,
    "observer": 200,
    "principal_a": 403,
    "coordinator_a": 403,
    "teacher_a": 403,
    "principal_b": 403,
}


@pytest.mark.parametrize(("persona", "expected"), ROUND_PAGE.items())
def test_the_round_page_is_for_those_who_run_or_oversee_the_contest(client_for, flow, cw, persona, expected):
    client = client_for(persona)
    for name in (
        "contests:round",
        "contests:results",
        "contests:export_entries",
        "contests:export_scores",
        "contests:export_results",
    ):
        assert client.get(reverse(name, args=[cw.round1.pk])).status_code == expected, name


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("specialist", 200),
        ("partner", 200),
        ("leader", 200),
        ("principal_a", 403),
        ("observer", 403),
        ("teacher_a", 403),
    ],
)
def test_only_organisers_edit_a_round(client_for, cw, persona, expected):
    assert (
        client_for(persona).get(reverse("contests:round_edit", args=[cw.round1.pk])).status_code == expected
    )


ENTRY_A_PAGE = {
    "admin": 200,
    "leader": 200,
    "specialist": 200,
    "partner": 200,
    "observer": 200,
    "principal_a": 200,
    "coordinator_a": 200,
    "teacher_a": 200,
    "principal_b": 404,
}


@pytest.mark.parametrize(("persona", "expected"), ENTRY_A_PAGE.items())
def test_school_as_entry_is_seen_by_its_school_and_the_organisers(client_for, flow, persona, expected):
    assert client_for(persona).get(reverse("contests:entry", args=[flow.entry_a.pk])).status_code == expected


def test_a_judge_reads_only_the_entries_assigned_to_them(client_as, flow, cw):
    assert client_as(cw.judge_c).get(reverse("contests:entry", args=[flow.entry_a.pk])).status_code == 200
    assert client_as(cw.judge_a).get(reverse("contests:entry", args=[flow.entry_a.pk])).status_code == 404


def test_names_of_minors_are_initials_for_judges_and_full_for_the_school(client_for, client_as, flow, cw):
    judge_view = client_as(cw.judge_c).get(reverse("contests:entry", args=[flow.entry_a.pk])).content.decode()
    school_view = (
        client_for("principal_a").get(reverse("contests:entry", args=[flow.entry_a.pk])).content.decode()
    )
    assert "H.Đ.A." in judge_view and "Huỳnh Đức Anh" not in judge_view
    assert "Huỳnh Đức Anh" in school_view


REGISTER = {
    "principal_a": 200,
    "coordinator_a": 200,
    "principal_b": 200,
    "teacher_a": 403,
    "specialist": 403,
    "observer": 403,
    "partner": 403,
    "leader": 403,
}


@pytest.mark.parametrize(("persona", "expected"), REGISTER.items())
def test_the_registration_form_is_for_a_schools_head_and_coordinator(client_for, cw, persona, expected):
    assert client_for(persona).get(reverse("contests:register", args=[cw.contest.pk])).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("principal_a", 200),
        ("coordinator_a", 200),
        ("principal_b", 404),
        ("teacher_a", 404),
        ("observer", 404),
    ],
)
def test_the_consent_page_is_for_the_students_school(client_for, cw, persona, expected):
    assert client_for(persona).get(reverse("contests:consent", args=[cw.a8.pk])).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("specialist", 200), ("leader", 200), ("principal_a", 403), ("coordinator_a", 403), ("observer", 403)],
)
def test_only_office_staff_and_school_heads_create_contests(client_for, world, persona, expected):
    # A principal may create one for their own school; the page is open to them (the organiser list says which).
    expected = 200 if persona in ("principal_a", "coordinator_a") else expected
    assert client_for(persona).get(reverse("contests:create")).status_code == expected


# ── The school's registration ──────────────────────────────────────────────────────────────────────


def _form(cw, **extra):
    data = {
        "school": "",
        "category": cw.science.pk,
        "title": "Đèn học tự tắt",
        "abstract": "Tiết kiệm điện.",
        "link": "",
        "members": [cw.a8.pk],
        "mentors": [cw.mentor_a.pk],
        "action": "submit",
    }
    data.update(extra)
    return data


def test_a_school_registers_a_team_from_its_registry(client_for, world, cw):
    response = client_for("coordinator_a").post(
        reverse("contests:register", args=[cw.contest.pk]), _form(cw, school=world.school_a.pk)
    )
    entry = Entry.objects.get(title="Đèn học tự tắt")
    assert response.status_code == 302 and entry.status == EntryStatus.SUBMITTED
    assert list(entry.members.values_list("student__full_name", flat=True)) == ["Huỳnh Đức Anh"]


def test_an_ineligible_team_gets_a_vietnamese_message_and_keeps_what_was_typed(client_for, world, cw):
    cw.contest.min_grade = 9
    cw.contest.save()
    response = client_for("principal_a").post(
        reverse("contests:register", args=[cw.contest.pk]), _form(cw, school=world.school_a.pk)
    )
    body = response.content.decode()
    assert response.status_code == 400 and "không thuộc các khối được dự thi" in body
    assert "Đèn học tự tắt" in body and f'value="{cw.a8.pk}" checked' in body
    assert not Entry.objects.filter(status=EntryStatus.SUBMITTED).exists()


def test_searching_the_registry_keeps_the_ticked_students(client_for, world, cw):
    response = client_for("principal_a").post(
        reverse("contests:register", args=[cw.contest.pk]),
        _form(cw, school=world.school_a.pk, action="search", student_q="linh"),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Bùi Khánh Linh" in body and f'value="{cw.a8.pk}" checked' in body
    assert not Entry.objects.exists()


def test_the_htmx_search_lists_matches_without_diacritics(client_for, world, cw):
    response = client_for("principal_a").get(
        reverse("contests:student_options", args=[cw.contest.pk]),
        {"student_q": "khanh linh", "school": world.school_a.pk},
    )
    body = response.content.decode()
    assert "Bùi Khánh Linh" in body and "Huỳnh Đức Anh" not in body and "<html" not in body


def test_a_draft_is_saved_and_submitted_later(client_for, world, cw):
    client = client_for("principal_a")
    client.post(
        reverse("contests:register", args=[cw.contest.pk]), _form(cw, school=world.school_a.pk, action="save")
    )
    entry = Entry.objects.get()
    assert entry.status == EntryStatus.DRAFT
    client.post(reverse("contests:entry_submit", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_another_school_cannot_submit_or_withdraw_school_as_entry(client_for, world, cw):
    entry = register(world, cw, submit=False)
    assert (
        client_for("principal_b").post(reverse("contests:entry_submit", args=[entry.pk])).status_code == 404
    )
    assert (
        client_for("principal_b").post(reverse("contests:entry_withdraw", args=[entry.pk])).status_code == 404
    )


def test_the_organiser_returns_an_entry_from_its_page(client_for, world, cw):
    entry = register(world, cw)
    client_for("specialist").post(reverse("contests:entry_return", args=[entry.pk]), {"reason": "Thiếu tệp."})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    body = client_for("principal_a").get(reverse("contests:entry", args=[entry.pk])).content.decode()
    assert "Thiếu tệp." in body


# ── Organiser's actions ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("persona", ["principal_a", "teacher_a", "observer", "principal_b"])
def test_schools_and_observers_cannot_run_the_judging(client_for, flow, cw, persona):
    client = client_for(persona)
    for name in ("contests:assign_auto", "contests:round_close", "contests:publish", "contests:allocate"):
        assert client.post(reverse(name, args=[cw.round1.pk])).status_code == 403, name


def test_the_organiser_adds_a_judge_and_assigns_automatically(client_for, world, cw):
    register(world, cw)
    client = client_for("specialist")
    client.post(reverse("contests:judge_add", args=[cw.round1.pk]), {"user": cw.judge_c.pk})
    client.post(
        reverse("contests:judge_add", args=[cw.round1.pk]),
        {"user": cw.judge_o.pk, "expertise": [cw.science.pk]},
    )
    response = client.post(reverse("contests:assign_auto", args=[cw.round1.pk]), follow=True)
    assert "Đã phân công tự động 2 lượt chấm" in response.content.decode()
    assert "Không có vấn đề" in response.content.decode()


def test_a_manual_assignment_from_the_entrys_school_is_refused_on_the_page(client_for, world, cw):
    entry = register(world, cw)
    judge = judging.judge_add(actor=world.specialist, round=cw.round1, user=cw.judge_a)
    response = client_for("specialist").post(
        reverse("contests:assignment_add", args=[cw.round1.pk]),
        {"entry": entry.pk, "judge": judge.pk},
        follow=True,
    )
    assert "không được chấm bài của đơn vị mình" in response.content.decode()
    assert not JudgeAssignment.objects.exists()


def test_starting_with_problems_lists_them(client_for, world, cw):
    register(world, cw)
    response = client_for("specialist").post(
        reverse("contests:round_start", args=[cw.round1.pk]), follow=True
    )
    assert "Chưa bắt đầu chấm được" in response.content.decode()
    cw.round1.refresh_from_db()
    assert cw.round1.status == RoundStatus.SETUP


def test_the_round_edit_page_saves_the_rubric_and_quotas(client_for, cw):
    data = {
        "round-name": "Vòng sơ khảo",
        "round-order": 1,
        "round-level": "school",
        "round-feeds_next": "on",
        "round-aggregation": "zscore",
        "round-judges_per_entry": 3,
        "round-judging_starts": "",
        "round-judging_ends": "",
        "criteria-TOTAL_FORMS": 2,
        "criteria-INITIAL_FORMS": 0,
        "criteria-0-label": "Ý tưởng",
        "criteria-0-max_points": 60,
        "criteria-0-weight": "1",
        "criteria-1-label": "Trình bày",
        "criteria-1-max_points": 40,
        "criteria-1-weight": "0.5",
        "quota-nhat": 1,
        "quota-nhi": 1,
        "quota-ba": 2,
        "quota-khuyen_khich": 0,
    }
    response = client_for("specialist").post(reverse("contests:round_edit", args=[cw.round1.pk]), data)
    cw.round1.refresh_from_db()
    assert (
        response.status_code == 302 and cw.round1.aggregation == "zscore" and cw.round1.judges_per_entry == 3
    )
    assert [(c.label, c.max_points) for c in cw.round1.criteria.all()] == [("Ý tưởng", 60), ("Trình bày", 40)]
    assert {q.award: q.count for q in cw.round1.quotas.all()}["ba"] == 2


def test_the_specialist_creates_a_contest(client_for, world):
    from sangtao.testing.factories import SchoolYearFactory

    year = SchoolYearFactory()
    response = client_for("specialist").post(
        reverse("contests:create"),
        {
            "name": "Ngày hội STEM Quận 12",
            "organiser": world.office.pk,
            "school_year": year.pk,
            "eligible_levels": ["TH", "THCS"],
            "min_grade": 3,
            "max_grade": 9,
            "max_team_size": 3,
            "registration_opens": "01/11/2023",
            "registration_closes": "15/12/2023",
            "categories_text": "Khoa học\nKỹ thuật",
        },
    )
    assert response.status_code == 302
    contest = world.office.organised_contests.get(name="Ngày hội STEM Quận 12")
    assert contest.registration_closes.day == 15 and contest.categories.count() == 2


def test_a_bad_contest_form_keeps_what_was_typed(client_for, world):
    response = client_for("specialist").post(
        reverse("contests:create"), {"name": "Giữ tên này", "registration_opens": "31/02/2024"}
    )
    assert response.status_code == 200 and "Giữ tên này" in response.content.decode()


# ── The judge on a phone ───────────────────────────────────────────────────────────────────────────


def test_a_judge_sees_only_their_own_assignments(client_as, flow, cw):
    body = client_as(cw.judge_a).get(reverse("contests:judge_queue")).content.decode()
    assert "Thùng rác thông minh" in body and "Máy lọc nước mini" not in body


@pytest.mark.parametrize("who", ["judge_a", "judge_o_other", "specialist", "principal_a"])
def test_nobody_but_the_judge_opens_their_scoresheet(client_for, client_as, flow, cw, world, who):
    assignment = _assignment(flow.judge_c, flow.entry_a)
    client = {
        "judge_a": lambda: client_as(cw.judge_a),
        "judge_o_other": lambda: client_as(cw.judge_o),
        "specialist": lambda: client_for("specialist"),
        "principal_a": lambda: client_for("principal_a"),
    }[who]()
    assert client.get(reverse("contests:score", args=[assignment.pk])).status_code == 404
    assert client.post(reverse("contests:score", args=[assignment.pk]), {}).status_code == 404


def test_a_judge_from_school_a_cannot_score_school_as_entry(client_as, flow, cw):
    forced = JudgeAssignment.objects.create(entry=flow.entry_a, judge=flow.judge_a)
    response = client_as(cw.judge_a).post(
        reverse("contests:score", args=[forced.pk]), {**_points(flow.entry_a, [10, 10]), "version": 0}
    )
    assert response.status_code == 400 and "không được chấm bài của đơn vị mình" in response.content.decode()
    assert not JudgeAssignment.objects.filter(pk=forced.pk, score__isnull=False).exists()


def test_a_judge_scores_on_the_form(client_as, flow, cw):
    assignment = _assignment(flow.judge_c, flow.entry_a)
    client = client_as(cw.judge_c)
    page = client.get(reverse("contests:score", args=[assignment.pk])).content.decode()
    assert 'inputmode="numeric"' in page and 'max="50"' in page
    response = client.post(
        reverse("contests:score", args=[assignment.pk]),
        {**_points(flow.entry_a, [40, 35]), "comment": "Tốt", "version": 0},
    )
    assert response.status_code == 302 and assignment.score.total == 75


def test_a_stale_save_is_refused_and_the_typed_values_are_kept(client_as, flow, cw):
    assignment = _assignment(flow.judge_c, flow.entry_a)
    client = client_as(cw.judge_c)
    client.post(
        reverse("contests:score", args=[assignment.pk]), {**_points(flow.entry_a, [40, 35]), "version": 0}
    )
    response = client.post(
        reverse("contests:score", args=[assignment.pk]),
        {**_points(flow.entry_a, [12, 13]), "comment": "Từ máy khác", "version": 0},
    )
    body = response.content.decode()
    assert response.status_code == 409 and "vừa được lưu ở nơi khác" in body
    assert 'value="12"' in body and "Từ máy khác" in body and 'name="version" value="1"' in body
    assignment.refresh_from_db()
    assert assignment.score.total == 75


def test_an_out_of_bounds_score_is_refused_with_the_form_kept(client_as, flow, cw):
    assignment = _assignment(flow.judge_c, flow.entry_a)
    response = client_as(cw.judge_c).post(
        reverse("contests:score", args=[assignment.pk]), {**_points(flow.entry_a, [51, 10]), "version": 0}
    )
    assert response.status_code == 400 and 'value="51"' in response.content.decode()


# ── Results, public page, certificate ──────────────────────────────────────────────────────────────


def test_results_are_public_only_once_published(client_for, world, cw, flow):
    url = reverse("contests:public_results", args=[cw.round1.pk])
    assert client_for("anonymous").get(url).status_code == 404
    _publish(world, cw, flow)
    assert client_for("anonymous").get(url).status_code == 200


def test_the_public_page_shows_initials_without_consent_and_names_with_it(client_for, world, cw, flow):
    services.consent_record(
        actor=world.principal_a,
        student=cw.a9,
        publish_name=True,
        child_agreed=True,
        guardian_name="Bùi Văn Hòa",
    )
    _publish(world, cw, flow)
    body = (
        client_for("anonymous").get(reverse("contests:public_results", args=[cw.round1.pk])).content.decode()
    )
    assert "H.Đ.A." in body and "Huỳnh Đức Anh" not in body  # no consent: initials and school
    assert "Trường THCS Nguyễn Ảnh Thủ" in body
    assert "Bùi Khánh Linh" in body  # consent of the parent and of the child (grade 9)


def test_the_certificate_is_a_pdf_for_the_school_and_verifiable_by_anyone(
    client_for, client_as, world, cw, flow
):
    _publish(world, cw, flow)
    award = Award.objects.get(entry=flow.entry_a)
    url = reverse("contests:certificate", args=[award.pk])
    assert client_for("principal_b").get(url).status_code == 404
    assert client_as(cw.judge_c).get(url).status_code == 404
    response = client_for("principal_a").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    code = award.certificate.code
    page = client_for("anonymous").get(reverse("contests:verify", args=[code])).content.decode()
    assert "Giấy chứng nhận hợp lệ" in page and "H.Đ.A." in page and "Huỳnh Đức Anh" not in page
    assert client_for("anonymous").get(reverse("contests:verify", args=["HT-NOTHING"])).status_code == 404


def test_the_verify_lookup_redirects_to_the_code(client_for):
    response = client_for("anonymous").get(reverse("contests:verify_lookup"), {"code": " ht-abc "})
    assert response.status_code == 302 and response["Location"].endswith("/contests/verify/HT-ABC/")


def test_the_organiser_edits_an_award_with_a_reason_on_the_results_page(client_for, world, cw, flow):
    for assignment in JudgeAssignment.objects.filter(entry__round=cw.round1).select_related("judge__user"):
        judging.score_save(
            actor=assignment.judge.user,
            assignment=assignment,
            points=dict(zip([c.pk for c in cw.round1.criteria.all()], [30, 30], strict=True)),
            version=0,
        )
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    page = client_for("specialist").get(reverse("contests:results", args=[cw.round1.pk])).content.decode()
    assert "đồng điểm" in page
    client_for("specialist").post(
        reverse("contests:award_edit", args=[flow.entry_b.pk]),
        {"award": "nhat", "reason": "Hội đồng bỏ phiếu."},
    )
    assert Award.objects.get(entry=flow.entry_b).reason == "Hội đồng bỏ phiếu."


def test_results_export_lists_every_entry(client_for, world, cw, flow):
    _publish(world, cw, flow)
    response = client_for("specialist").get(reverse("contests:export_results", args=[cw.round1.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["Máy lọc nước mini", "Thùng rác thông minh"]


def test_advancing_from_the_page(client_for, world, cw, flow):
    _publish(world, cw, flow)
    client_for("specialist").post(reverse("contests:advance", args=[cw.round1.pk]), {"awards": ["nhat"]})
    assert Entry.objects.filter(round=cw.round2, advanced_from=flow.entry_a).exists()


# ── Query counts ───────────────────────────────────────────────────────────────────────────────────


def _grow(world, cw, n):
    for _ in range(n):
        school = OrgUnitFactory(parent=world.office, level=SchoolLevel.THCS)
        entry = EntryFactory(round=cw.round1, school=school, category=cw.science)
        EntryMemberFactory(entry=entry, student=StudentFactory(unit=school))
        judge = JudgeFactory(
            round=cw.round1, user=judge_user(f"gk-grow-{entry.pk}", world.office), unit=world.office
        )
        JudgeAssignment.objects.create(entry=entry, judge=judge)
        ContestFactory(organiser=world.office)


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("specialist", "contests:list"),
        ("specialist", "contests:round"),
        ("specialist", "contests:results"),
        ("principal_a", "contests:list"),
        ("specialist", "contests:detail"),
    ],
)
def test_page_queries_do_not_grow_with_the_data(
    client_for, world, cw, flow, django_assert_max_num_queries, persona, name
):
    args = {
        "contests:round": [cw.round1.pk],
        "contests:results": [cw.round1.pk],
        "contests:detail": [cw.contest.pk],
    }.get(name, [])
    client = client_for(persona)
    client.get(reverse(name, args=args))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name, args=args))
    _grow(world, cw, 18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(name, args=args))


def test_the_judge_queue_and_the_public_page_do_not_grow(
    client_as, client_for, world, cw, flow, django_assert_max_num_queries
):
    _publish(world, cw, flow)
    judge = client_as(cw.judge_c)
    public = client_for("anonymous")
    with CaptureQueriesContext(connection) as queue_small:
        judge.get(reverse("contests:judge_queue"))
    with CaptureQueriesContext(connection) as public_small:
        public.get(reverse("contests:public_results", args=[cw.round1.pk]))
    for _ in range(18):
        entry = EntryFactory(round=cw.round1, school=OrgUnitFactory(parent=world.office), category=cw.science)
        EntryMemberFactory(entry=entry)
        JudgeAssignment.objects.create(entry=entry, judge=flow.judge_c)
        Award.objects.create(entry=entry, award="khuyen_khich", rank=3)
    with django_assert_max_num_queries(len(queue_small.captured_queries)):
        judge.get(reverse("contests:judge_queue"))
    with django_assert_max_num_queries(len(public_small.captured_queries)):
        public.get(reverse("contests:public_results", args=[cw.round1.pk]))


# ── Downloads and the registry search ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("principal_a", 200), ("specialist", 200), ("observer", 200), ("principal_b", 404), ("anonymous", 302)],
)
def test_an_entry_file_is_served_only_to_those_who_see_the_entry(client_for, world, cw, persona, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile(
        "ho-so.pdf",
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
        content_type="application/pdf",
    )
    entry = services.entry_save(
        actor=world.principal_a,
        contest=cw.contest,
        school=world.school_a,
        category=cw.science,
        title="Có tệp",
        members=[cw.a8],
        mentors=[cw.mentor_a],
        file=pdf,
    )
    response = client_for(persona).get(reverse("contests:entry_file", args=[entry.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("principal_a", 200), ("principal_b", 200), ("anonymous", 302), ("teacher_a", 403), ("observer", 403)],
)
def test_the_registry_search_is_for_those_who_register(client_for, world, cw, persona, expected):
    response = client_for(persona).get(
        reverse("contests:student_options", args=[cw.contest.pk]), {"student_q": "a"}
    )
    assert response.status_code == expected


def test_the_registry_search_lists_only_the_users_own_school(client_for, world, cw):
    body = (
        client_for("principal_b")
        .get(
            reverse("contests:student_options", args=[cw.contest.pk]),
            {"student_q": "", "school": world.school_a.pk},
        )
        .content.decode()
    )
    assert "Tô Hoàng Long" in body and "Huỳnh Đức Anh" not in body


def test_the_rules_file_is_served_to_those_who_see_the_contest(client_for, world, cw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cw.contest.rules_file = SimpleUploadedFile("the-le.pdf", b"%PDF-1.4\n%%EOF\n")
    cw.contest.save()
    assert client_for("principal_b").get(reverse("contests:rules", args=[cw.contest.pk])).status_code == 200
    assert client_for("anonymous").get(reverse("contests:rules", args=[cw.contest.pk])).status_code == 302
    other = ContestFactory()
    assert client_for("principal_a").get(reverse("contests:rules", args=[other.pk])).status_code == 404
