"""Judges: automatic assignment, the sanity check, scoresheets with optimistic locking, awards, advancement."""

import itertools
import threading
from collections import Counter

import pytest
from django.db import connection

from sangtao.contests import judging, selectors, services
from sangtao.contests.models import (
    Award,
    AwardCertificate,
    AwardKind,
    Entry,
    EntryMember,
    EntryStatus,
    JudgeAssignment,
    RoundStatus,
    Score,
)
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.orgs.models import SchoolLevel
from sangtao.testing.concurrency import POSTGRES_ONLY, at_once
from sangtao.testing.factories import (
    EntryFactory,
    EntryMemberFactory,
    JudgeFactory,
    OrgUnitFactory,
    StaffFactory,
    UserFactory,
)

from .conftest import judge_user, register

SERIAL = itertools.count(1)


def _pool(cw, world, *units, round_=None, expertise=None):
    round_ = round_ or cw.round1
    judges = []
    for i, unit in enumerate(units):
        judge = JudgeFactory(round=round_, user=judge_user(f"gk-{next(SERIAL)}", unit), unit=unit)
        if expertise and expertise[i]:
            judge.expertise.set(expertise[i])
        judges.append(judge)
    return judges


def _entries(cw, schools, category=None):
    return [EntryFactory(round=cw.round1, school=s, category=category or cw.science) for s in schools]


def _score(judge, entry, points, version=0):
    assignment = JudgeAssignment.objects.get(judge=judge, entry=entry)
    criteria = list(entry.round.criteria.all())
    values = dict(zip([c.pk for c in criteria], points, strict=True))
    return judging.score_save(actor=judge.user, assignment=assignment, points=values, version=version)


def _two_criteria(world, cw, round_=None):
    services.criteria_set(
        actor=world.specialist,
        round=round_ or cw.round1,
        rows=[
            {"label": "Ý tưởng", "max_points": 50, "weight": 1},
            {"label": "Sản phẩm", "max_points": 50, "weight": 1},
        ],
    )


# ── Assignment ─────────────────────────────────────────────────────────────────────────────────────


def test_automatic_assignment_never_gives_a_judge_their_own_schools_entry(world, cw):
    schools = [world.school_a, cw.school_c, world.school_b] * 4
    _pool(cw, world, world.school_a, cw.school_c, world.school_b, cw.team_dd)
    _entries(cw, schools)
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    pairs = JudgeAssignment.objects.filter(entry__round=cw.round1).select_related("judge", "entry")
    assert pairs and all(a.judge.unit_id != a.entry.school_id for a in pairs)


def test_automatic_assignment_gives_every_entry_k_judges_and_balances_the_load(world, cw):
    others = [OrgUnitFactory(parent=world.office, level=SchoolLevel.THCS) for _ in range(5)]
    judges = _pool(cw, world, *others[:4], cw.team_dd)
    _entries(cw, [world.school_a, world.school_b, cw.school_c] * 5)  # 15 entries × 2 = 30 slots for 5 judges
    made = judging.assignments_auto(actor=world.specialist, round=cw.round1)
    per_entry = Counter(
        JudgeAssignment.objects.filter(entry__round=cw.round1).values_list("entry_id", flat=True)
    )
    load = Counter(JudgeAssignment.objects.filter(entry__round=cw.round1).values_list("judge_id", flat=True))
    assert made == 30 and set(per_entry.values()) == {2}
    assert sorted(load[j.pk] for j in judges) == [6, 6, 6, 6, 6]
    assert selectors.assignment_problems(cw.round1) == []


def test_automatic_assignment_prefers_judges_of_the_entrys_category(world, cw):
    units = [OrgUnitFactory(parent=world.office, level=SchoolLevel.THCS) for _ in range(4)]
    scientists = _pool(cw, world, *units, expertise=[[cw.science], [cw.science], [cw.tech], [cw.tech]])
    _entries(cw, [world.school_a, world.school_b], category=cw.science)
    _entries(cw, [world.school_a, world.school_b], category=cw.tech)
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    for assignment in JudgeAssignment.objects.filter(entry__round=cw.round1).select_related("entry"):
        expected = scientists[:2] if assignment.entry.category_id == cw.science.pk else scientists[2:]
        assert assignment.judge_id in {j.pk for j in expected}


def test_automatic_assignment_keeps_existing_ones_and_fills_the_gaps(world, cw):
    j1, j2, _j3 = _pool(cw, world, cw.school_c, cw.team_dd, world.school_b)
    (entry,) = _entries(cw, [world.school_a])
    judging.assignment_add(actor=world.specialist, entry=entry, judge=j1)
    assert judging.assignments_auto(actor=world.specialist, round=cw.round1) == 1
    assert entry.assignments.filter(judge=j1, is_manual=True).exists() and entry.assignments.count() == 2


def test_an_entry_without_enough_independent_judges_is_left_short_and_reported(world, cw):
    _pool(cw, world, world.school_a, cw.team_dd)
    _entries(cw, [world.school_a])
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    kinds = [p.kind for p in selectors.assignment_problems(cw.round1)]
    assert kinds == ["missing"]


def test_a_manual_assignment_of_a_judge_from_the_entrys_school_is_refused(world, cw):
    (judge,) = _pool(cw, world, world.school_a)
    (entry,) = _entries(cw, [world.school_a])
    with pytest.raises(ApplicationError, match="không được chấm bài của đơn vị mình"):
        judging.assignment_add(actor=world.specialist, entry=entry, judge=judge)


def test_a_mentor_cannot_judge_the_entry_they_mentor(world, cw):
    (judge,) = _pool(cw, world, cw.team_dd)
    entry = register(world, cw, mentors=[StaffFactory(unit=world.school_a, user=judge.user)])
    with pytest.raises(ApplicationError, match="giáo viên hướng dẫn"):
        judging.assignment_add(actor=world.specialist, entry=entry, judge=judge)


def test_a_manual_overload_is_allowed_with_a_warning(world, cw):
    busy, _idle = _pool(cw, world, cw.school_c, cw.team_dd)
    entries = _entries(cw, [world.school_a] * 3)
    warnings = []
    for entry in entries:
        _a, warnings = judging.assignment_add(actor=world.specialist, entry=entry, judge=busy)
    assert warnings and "trên mức trung bình" in warnings[0]


def test_the_sanity_check_lists_every_problem(world, cw):
    own, other, idle = _pool(
        cw, world, world.school_a, cw.school_c, cw.team_dd, expertise=[[], [cw.tech], []]
    )
    entries = _entries(cw, [world.school_a, world.school_b, world.school_b, world.school_b])
    JudgeAssignment.objects.create(entry=entries[0], judge=own)  # slipped in around the service
    for entry in entries[1:]:
        JudgeAssignment.objects.create(entry=entry, judge=other)
    problems = selectors.assignment_problems(cw.round1)
    kinds = Counter(p.kind for p in problems)
    assert kinds == {"missing": 4, "conflict": 1, "overload": 1, "expertise": 3}
    assert any(str(own.user) in p.message for p in problems if p.kind == "conflict")
    assert idle.assignments.count() == 0


def test_judging_does_not_start_while_the_check_finds_an_error(world, cw):
    _pool(cw, world, cw.team_dd)
    register(world, cw)
    with pytest.raises(ApplicationError, match="Chưa bắt đầu chấm được, còn 1 vấn đề"):
        judging.round_start_judging(actor=world.specialist, round=cw.round1)


def test_starting_the_judging_accepts_the_entries_and_tells_the_judges(world, cw):
    judges = _pool(cw, world, cw.team_dd, cw.school_c)
    entry = register(world, cw)
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    judging.round_start_judging(actor=world.specialist, round=cw.round1)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ELIGIBLE and cw.round1.status == RoundStatus.JUDGING
    assert all(j.user.notifications.filter(title__startswith="Mời chấm").exists() for j in judges)


# ── Scoring ────────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def judged(world, cw):
    """Four entries of school A and B in one category, judged by the office's and school C's judges."""
    _two_criteria(world, cw)
    j1, j2 = _pool(cw, world, cw.team_dd, cw.school_c)
    entries = _entries(cw, [world.school_a, world.school_b, world.school_a, world.school_b])
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    judging.round_start_judging(actor=world.specialist, round=cw.round1)
    return j1, j2, entries


def test_a_judge_saves_integer_scores_within_bounds(judged):
    j1, _j2, entries = judged
    score = _score(j1, entries[0], [40, 35])
    assert score.total == 75 and score.version == 1 and score.submitted_at
    assert [e.action for e in events_for(score)] == ["score"]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([51, 10], "từ 0 đến 50"),
        ([-1, 10], "từ 0 đến 50"),
        (["7.5", 10], "số nguyên"),
        (["", 10], "Chưa nhập điểm"),
    ],
)
def test_it_rejects_scores_out_of_bounds_or_not_whole(judged, points, message):
    j1, _j2, entries = judged
    with pytest.raises(ApplicationError, match=message):
        _score(j1, entries[0], points)


def test_a_stale_save_is_refused_and_the_first_score_kept(judged):
    j1, _j2, entries = judged
    _score(j1, entries[0], [40, 35], version=0)  # from the phone
    with pytest.raises(ConflictError, match="vừa được lưu ở nơi khác") as info:
        _score(j1, entries[0], [10, 10], version=0)  # from the laptop, opened before the phone saved
    assert info.value.extra["version"] == 1
    assert Score.objects.get(assignment__entry=entries[0], assignment__judge=j1).total == 75
    assert _score(j1, entries[0], [10, 10], version=1).total == 20  # saved knowingly, from the latest version


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; PostgreSQL shows the race"
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_never_both_win(world, cw):
    _two_criteria(world, cw)
    (judge,) = _pool(cw, world, cw.team_dd)
    cw.round1.judges_per_entry = 1
    cw.round1.save()
    (entry,) = _entries(cw, [world.school_a])
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    judging.round_start_judging(actor=world.specialist, round=cw.round1)
    assignment = JudgeAssignment.objects.get()
    Score.objects.create(assignment=assignment)
    criteria = [c.pk for c in cw.round1.criteria.all()]
    outcomes, barrier = [], threading.Barrier(2)

    def save(points):
        barrier.wait()
        try:
            judging.score_save(
                actor=judge.user,
                assignment=assignment,
                points=dict(zip(criteria, points, strict=True)),
                version=0,
            )
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(p,)) for p in ([40, 40], [10, 10])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"] and Score.objects.get().version == 1


@pytest.mark.skipif(**POSTGRES_ONLY)
@pytest.mark.django_db(transaction=True)
def test_two_judges_scoring_the_same_entry_at_the_same_moment_are_both_kept(world, cw):
    _two_criteria(world, cw)
    judges = _pool(cw, world, cw.team_dd, cw.team_dd)
    (entry,) = _entries(cw, [world.school_a])
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    judging.round_start_judging(actor=world.specialist, round=cw.round1)
    first, second = judges
    outcomes = at_once(lambda: _score(first, entry, [40, 40]), lambda: _score(second, entry, [10, 10]))
    assert [type(o) for o in outcomes] == [Score, Score]
    assert sorted(Score.objects.filter(assignment__entry=entry).values_list("total", flat=True)) == [20, 80]


def test_a_judge_scores_only_their_own_assignments(judged):
    j1, j2, entries = judged
    theirs = JudgeAssignment.objects.filter(judge=j2).first()
    with pytest.raises(PermissionDeniedError):
        judging.score_save(actor=j1.user, assignment=theirs, points={}, version=0)


def test_a_judge_from_school_a_cannot_score_school_as_entry_even_if_assigned_by_hand(world, cw, judged):
    (own,) = _pool(cw, world, world.school_a)
    JudgeAssignment.objects.create(entry=judged[2][0], judge=own)  # around the service, as a bad import would
    with pytest.raises(PermissionDeniedError, match="không được chấm bài của đơn vị mình"):
        _score(own, judged[2][0], [10, 10])


def test_scores_are_refused_outside_the_judging(world, cw, judged):
    j1, _j2, entries = judged
    cw.round1.status = RoundStatus.REVIEW
    cw.round1.save()
    with pytest.raises(ConflictError, match="không trong thời gian chấm"):
        _score(j1, entries[0], [10, 10])


def test_the_rubric_is_locked_once_a_judge_has_scored(world, cw, judged):
    j1, _j2, entries = judged
    _score(j1, entries[0], [10, 10])
    with pytest.raises(ConflictError):
        services.criteria_set(actor=world.specialist, round=cw.round1, rows=[{"label": "x", "max_points": 5}])


# ── Results, awards, publication, advancement, certificates ───────────────────────────────────────


def _score_all(judged, table):
    j1, j2, entries = judged
    for (entry, judge), points in table.items():
        _score({1: j1, 2: j2}[judge], entries[entry], points)


def test_closing_needs_every_scoresheet(world, cw, judged):
    j1, _j2, entries = judged
    _score(j1, entries[0], [10, 10])
    with pytest.raises(ApplicationError, match="Còn 7 phiếu chấm chưa nộp"):
        judging.round_close_scoring(actor=world.specialist, round=cw.round1)


def test_closing_ranks_and_allocates_awards_by_quota_and_flags_ties(world, cw, judged):
    services.quotas_set(
        actor=world.specialist, round=cw.round1, counts={"nhat": 1, "nhi": 1, "ba": 0, "khuyen_khich": 0}
    )
    _score_all(
        judged,
        {
            (0, 1): [45, 45],
            (0, 2): [45, 45],
            (1, 1): [40, 40],
            (1, 2): [40, 40],
            (2, 1): [40, 40],
            (2, 2): [40, 40],
            (3, 1): [10, 10],
            (3, 2): [10, 10],
        },
    )
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    results = selectors.round_results(cw.round1)
    by_entry = {r.entry.pk: r for r in results.rows}
    _j1, _j2, entries = judged
    assert by_entry[entries[0].pk].award.award == AwardKind.NHAT and by_entry[entries[0].pk].score == 90
    assert {by_entry[entries[1].pk].rank, by_entry[entries[2].pk].rank} == {2}
    assert by_entry[entries[1].pk].boundary_tie and by_entry[entries[2].pk].boundary_tie
    assert Award.objects.filter(entry__round=cw.round1).count() == 2
    assert [e.action for e in events_for(cw.round1)][-2:] == ["close_scoring", "allocate"]


def test_the_organiser_settles_a_tie_with_a_recorded_reason(world, cw, judged):
    services.quotas_set(actor=world.specialist, round=cw.round1, counts={"nhat": 1, "nhi": 1})
    _score_all(
        judged,
        {
            (0, 1): [45, 45],
            (0, 2): [45, 45],
            (1, 1): [40, 40],
            (1, 2): [40, 40],
            (2, 1): [40, 40],
            (2, 2): [40, 40],
            (3, 1): [10, 10],
            (3, 2): [10, 10],
        },
    )
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    _j1, _j2, entries = judged
    with pytest.raises(ApplicationError, match="lý do"):
        judging.award_set(actor=world.specialist, entry=entries[2], award="nhi", reason="")
    award = judging.award_set(
        actor=world.specialist,
        entry=entries[2],
        award="nhi",
        reason="Đồng điểm; hội đồng bỏ phiếu, sản phẩm hoàn thiện hơn.",
    )
    assert award.is_manual and award.decided_by == world.specialist and award.rank == 2
    assert events_for(entries[2]).last().reason.startswith("Đồng điểm")
    assert "vượt cơ cấu giải" in selectors.round_results(cw.round1).warnings[0]


def test_zscore_changes_the_ranking_when_the_organiser_chooses_it(world, cw, judged):
    # Judge 1 spreads widely (90 … 20), judge 2 narrowly (40 … 70) and in the other direction.
    _score_all(
        judged,
        {
            (0, 1): [45, 45],
            (0, 2): [20, 20],
            (1, 1): [40, 40],
            (1, 2): [25, 25],
            (2, 1): [30, 30],
            (2, 2): [30, 30],
            (3, 1): [10, 10],
            (3, 2): [35, 35],
        },
    )
    _j1, _j2, entries = judged

    def order():
        rows = selectors.round_results(cw.round1).rows
        return [entries.index(r.entry) for r in sorted(rows, key=lambda r: (-r.score, r.entry.pk))]

    assert order() == [0, 1, 2, 3]  # mean: 65, 65, 60, 45 (0 and 1 tied)
    cw.round1.aggregation = "zscore"
    cw.round1.save()
    assert order() == [2, 1, 3, 0]  # each judge's scale evened out: judge 1's wide spread no longer dominates


def test_publishing_then_advancing_copies_the_winners_into_the_next_round(world, cw, judged):
    services.quotas_set(actor=world.specialist, round=cw.round1, counts={"nhat": 1, "nhi": 1})
    _score_all(
        judged,
        {
            (0, 1): [45, 45],
            (0, 2): [45, 45],
            (1, 1): [40, 40],
            (1, 2): [40, 40],
            (2, 1): [30, 30],
            (2, 2): [30, 30],
            (3, 1): [10, 10],
            (3, 2): [10, 10],
        },
    )
    _j1, _j2, entries = judged
    EntryMemberFactory(entry=entries[0])
    entries[0].mentors.create(staff=cw.mentor_a)
    with pytest.raises(ConflictError):
        judging.round_advance(actor=world.specialist, round=cw.round1, awards=["nhat"])
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    judging.round_publish(actor=world.specialist, round=cw.round1)
    assert world.principal_a.notifications.filter(title__startswith="Đã công bố kết quả").exists()
    created = judging.round_advance(actor=world.specialist, round=cw.round1, awards=["nhat", "nhi"])
    assert len(created) == 2
    first = Entry.objects.get(round=cw.round2, advanced_from=entries[0])
    assert first.status == EntryStatus.SUBMITTED and first.members.count() == 1 and first.mentors.count() == 1
    assert Entry.objects.get(pk=entries[0].pk).status == EntryStatus.ADVANCED
    assert judging.round_advance(actor=world.specialist, round=cw.round1, awards=["nhat", "nhi"]) == []


def test_an_advanced_team_is_still_one_entry_per_student(world, cw, judged):
    _score_all(
        judged,
        {
            (0, 1): [45, 45],
            (0, 2): [45, 45],
            (1, 1): [40, 40],
            (1, 2): [40, 40],
            (2, 1): [30, 30],
            (2, 2): [30, 30],
            (3, 1): [10, 10],
            (3, 2): [10, 10],
        },
    )
    _j1, _j2, entries = judged
    member = EntryMemberFactory(entry=entries[0])
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    judging.round_publish(actor=world.specialist, round=cw.round1)
    (advanced,) = judging.round_advance(actor=world.specialist, round=cw.round1, awards=["nhat"])
    problems = services.eligibility_problems(advanced, [member.student], [cw.mentor_a], check_window=False)
    assert not any("đã có tên" in p for p in problems)


def test_a_certificate_has_one_code_and_only_after_publication(world, cw, judged):
    _score_all(
        judged,
        {
            (0, 1): [45, 45],
            (0, 2): [45, 45],
            (1, 1): [40, 40],
            (1, 2): [40, 40],
            (2, 1): [30, 30],
            (2, 2): [30, 30],
            (3, 1): [10, 10],
            (3, 2): [10, 10],
        },
    )
    judging.round_close_scoring(actor=world.specialist, round=cw.round1)
    award = Award.objects.filter(award="nhat").get()
    with pytest.raises(ConflictError):
        judging.certificate_issue(actor=world.specialist, award=award)
    judging.round_publish(actor=world.specialist, round=cw.round1)
    award = Award.objects.get(pk=award.pk)
    first = judging.certificate_issue(actor=world.principal_a, award=award)
    assert first.code.startswith("HT-") and judging.certificate_issue(actor=None, award=award) == first
    assert AwardCertificate.objects.count() == 1


def test_a_withdrawn_entry_loses_its_judges(world, cw):
    _pool(cw, world, cw.team_dd, cw.school_c)
    entry = register(world, cw)
    judging.assignments_auto(actor=world.specialist, round=cw.round1)
    services.entry_withdraw(actor=world.principal_a, entry=entry)
    assert not JudgeAssignment.objects.filter(entry=entry).exists()


def test_a_judge_who_has_scored_stays_in_the_pool(world, cw, judged):
    j1, _j2, entries = judged
    _score(j1, entries[0], [10, 10])
    with pytest.raises(ConflictError):
        judging.judge_remove(actor=world.specialist, judge=j1)


def test_only_the_organiser_runs_the_judging(world, cw):
    with pytest.raises(PermissionDeniedError):
        judging.assignments_auto(actor=world.principal_a, round=cw.round1)
    with pytest.raises(PermissionDeniedError):
        judging.judge_add(actor=world.principal_a, round=cw.round1, user=UserFactory(unit=world.school_a))


def test_the_partner_agency_co_runs_the_contest(world, cw):
    judge = judging.judge_add(actor=world.partner, round=cw.round1, user=cw.judge_o)
    assert judge.unit == cw.team_dd


def test_public_names_need_consent_and_from_grade_2_the_childs_own(world, cw):
    member = register(world, cw, members=[cw.a8]).members.get()
    assert selectors.public_name(member) == "H.Đ.A."
    services.consent_record(
        actor=world.principal_a,
        student=cw.a8,
        publish_name=True,
        child_agreed=False,
        guardian_name="Huỳnh Văn Tâm",
    )
    assert (
        selectors.public_name(
            EntryMember.objects.select_related("student__contest_consent").get(pk=member.pk)
        )
        == "H.Đ.A."
    )
    services.consent_record(
        actor=world.principal_a,
        student=cw.a8,
        publish_name=True,
        child_agreed=True,
        guardian_name="Huỳnh Văn Tâm",
    )
    assert (
        selectors.public_name(
            EntryMember.objects.select_related("student__contest_consent").get(pk=member.pk)
        )
        == "Huỳnh Đức Anh"
    )


def test_a_first_grader_needs_only_the_parents_consent(world, cw):
    services.consent_record(
        actor=world.principal_b,
        student=cw.b1,
        publish_name=True,
        child_agreed=False,
        guardian_name="Lý Văn Bình",
    )
    assert selectors.may_publish_name(cw.b1, cw.b1.contest_consent)
