"""The scheme's life: set up, computed from other apps' indicators, scored by hand, finalised, unlocked."""

from decimal import Decimal

import pytest

from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.emulation import services
from sangtao.emulation.models import (
    CriterionKind,
    CriterionScore,
    ItemState,
    RuleKind,
    Scheme,
    SchemeStatus,
    SchoolScore,
)
from sangtao.emulation.scoring import evaluate_sources, plan_indicators_by_key
from sangtao.emulation.tasks import recompute_emulation_schemes
from sangtao.plans.models import IndicatorSource
from sangtao.testing.factories import IndicatorFactory, OrgUnitFactory, PlanFactory, TaskFactory

from .conftest import publish_article
from .factories import CriterionFactory, SchemeFactory

D = Decimal


def row(scheme, unit) -> SchoolScore:
    return SchoolScore.objects.get(scheme=scheme, unit=unit)


def item(scheme, unit, code) -> CriterionScore:
    return CriterionScore.objects.get(score__scheme=scheme, score__unit=unit, criterion__code=code)


def score_all_by_hand(world, scheme, points="8"):
    manual = scheme.criteria.get(kind=CriterionKind.MANUAL)
    units = [s.unit for s in SchoolScore.objects.filter(scheme=scheme).select_related("unit")]
    services.manual_scores_set(
        actor=world.specialist, criterion=manual, entries=[(u, points, "Đạt yêu cầu") for u in units]
    )


# ── Computing ──────────────────────────────────────────────────────────────────────────────────────


def test_it_scores_the_schools_of_the_khoi_from_the_articles_they_published(world, scheme, other_school):
    publish_article(world, world.school_a)
    publish_article(world, world.school_a, title="Ngày hội STEM")
    publish_article(world, other_school)
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert set(SchoolScore.objects.filter(scheme=scheme).values_list("unit__code", flat=True)) == {
        "THCS-A",
        "THCS-C",
    }  # school B is a TH school: not in the THCS khối
    a = item(scheme, world.school_a, "TC1")
    assert (a.state, a.value, a.points, a.rule_text) == (
        ItemState.SCORED,
        D(2),
        D(10),
        "từ 1: 5 điểm; từ 2: 10 điểm",
    )
    assert item(scheme, other_school, "TC1").points == D(5)
    assert (row(scheme, world.school_a).rank, row(scheme, other_school).rank) == (1, 2)
    scheme.refresh_from_db()
    assert scheme.computed_at is not None


def test_a_new_article_changes_the_score_after_recomputing(world, scheme):
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert row(scheme, world.school_a).total == 0
    publish_article(world, world.school_a)
    assert row(scheme, world.school_a).total == 0  # nothing moves until recomputed
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert row(scheme, world.school_a).total == D(5)


def test_equal_totals_share_the_rank(world, scheme, other_school):
    publish_article(world, world.school_a)
    publish_article(world, other_school)
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert row(scheme, world.school_a).rank == row(scheme, other_school).rank == 1


def test_a_source_no_longer_declared_scores_nothing_and_says_so(world, scheme):
    CriterionFactory(scheme=scheme, code="TC9", source_key="programmes.retired_source")
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    gone = item(scheme, world.school_a, "TC9")
    assert (gone.state, gone.points, gone.value) == (ItemState.SOURCE_GONE, D(0), None)
    assert gone.get_state_display() == "Nguồn dữ liệu không còn"


def test_a_school_without_data_gets_no_points_but_is_marked_so(world, scheme):
    CriterionFactory(
        scheme=scheme, code="TC3", source_key="plans.reports_on_time", steps=[["1", "10"]]
    )  # the plan has no reporting period: no school has a value
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert item(scheme, world.school_a, "TC3").state == ItemState.NO_DATA


def test_the_weight_multiplies_the_points(world, scheme):
    scheme.criteria.filter(code="TC1").update(weight=D("1.5"))
    publish_article(world, world.school_a)
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert (item(scheme, world.school_a, "TC1").weighted, row(scheme, world.school_a).total) == (
        D("7.5"),
        D("7.5"),
    )


def test_it_evaluates_through_the_plans_own_indicator_when_there_is_one(world, plan):
    """plans.task_completed reads the indicator's task: the plan's indicator decides which task counts."""
    task = TaskFactory(plan=plan)
    other = TaskFactory(plan=plan)
    indicator = IndicatorFactory(
        plan=plan, task=task, source=IndicatorSource.COMPUTED, source_key="plans.task_completed", code="CT11"
    )
    from sangtao.testing.factories import AssignmentFactory

    AssignmentFactory(task=task, unit=world.school_a, status="approved")
    AssignmentFactory(task=other, unit=world.school_a, status="in_progress")
    assert plan_indicators_by_key(plan, ["plans.task_completed"]) == {"plans.task_completed": indicator}
    found = evaluate_sources(plan, ["plans.task_completed"], [world.school_a.pk])["plans.task_completed"]
    assert found.values == {world.school_a.pk: D(1)}


def test_without_a_plan_indicator_it_uses_the_whole_plan(world, plan):
    task = TaskFactory(plan=plan)
    other = TaskFactory(plan=plan)
    from sangtao.testing.factories import AssignmentFactory

    AssignmentFactory(task=task, unit=world.school_a, status="approved")
    AssignmentFactory(task=other, unit=world.school_a, status="in_progress")
    found = evaluate_sources(plan, ["plans.task_completed"], [world.school_a.pk])["plans.task_completed"]
    assert found.indicator is None
    assert found.values == {world.school_a.pk: D(0)}


def test_a_closed_school_leaves_the_table(world, scheme, other_school):
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    other_school.closed_on = other_school.created_at.date()
    other_school.save()
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert list(SchoolScore.objects.filter(scheme=scheme).values_list("unit__code", flat=True)) == ["THCS-A"]


def test_the_daily_job_recomputes_open_schemes_and_leaves_finalised_ones(world, scheme, plan):
    final = SchemeFactory(plan=plan, group_name="Khối Tiểu học", levels=["TH"], status=SchemeStatus.FINAL)
    assert recompute_emulation_schemes.call(reschedule=False) == 1
    scheme.refresh_from_db()
    final.refresh_from_db()
    assert scheme.computed_at is not None and final.computed_at is None
    assert events_for(scheme).filter(action="compute", actor__isnull=True).exists()


# ── Hand scores ────────────────────────────────────────────────────────────────────────────────────


def test_the_office_scores_by_hand_with_a_comment_and_it_survives_recomputing(world, scheme):
    manual = scheme.criteria.get(code="TC2")
    services.manual_scores_set(
        actor=world.specialist,
        criterion=manual,
        entries=[(world.school_a, "8,5", "Tổ chức tốt ngày hội STEM")],
    )
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    hand = item(scheme, world.school_a, "TC2")
    assert (hand.state, hand.points, hand.comment, hand.scored_by) == (
        ItemState.HAND_SCORED,
        D("8.5"),
        "Tổ chức tốt ngày hội STEM",
        world.specialist,
    )
    assert row(scheme, world.school_a).total == D("8.5")
    assert events_for(scheme).filter(action="manual_score").exists()


def test_hand_scores_are_all_or_nothing(world, scheme, other_school):
    manual = scheme.criteria.get(code="TC2")
    with pytest.raises(ApplicationError) as exc:
        services.manual_scores_set(
            actor=world.specialist,
            criterion=manual,
            entries=[(world.school_a, "8", ""), (other_school, "12", ""), (world.school_b, "5", "")],
        )
    assert "Trường THCS Trần Quang Khải: Điểm phải từ 0 đến 10." in exc.value.message
    assert "Trường Tiểu học Lê Văn Thọ: không thuộc khối thi đua này." in exc.value.message
    assert not CriterionScore.objects.filter(state=ItemState.HAND_SCORED).exists()


def test_a_school_cannot_score_itself(world, scheme):
    with pytest.raises(PermissionDeniedError):
        services.manual_scores_set(
            actor=world.principal_a,
            criterion=scheme.criteria.get(code="TC2"),
            entries=[(world.school_a, "10", "")],
        )


def test_a_computed_criterion_is_not_scored_by_hand(world, scheme):
    with pytest.raises(ApplicationError):
        services.manual_scores_set(
            actor=world.specialist,
            criterion=scheme.criteria.get(code="TC1"),
            entries=[(world.school_a, "5", "")],
        )


# ── Finalising and unlocking ───────────────────────────────────────────────────────────────────────


def test_the_leader_finalises_and_then_nothing_changes(world, scheme):
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    score_all_by_hand(world, scheme)
    services.scheme_finalise(actor=world.leader, scheme=scheme)
    scheme.refresh_from_db()
    assert (scheme.status, scheme.finalised_by) == (SchemeStatus.FINAL, world.leader)
    with pytest.raises(ConflictError) as exc:
        services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert "Bảng điểm đã chốt" in exc.value.message and "mở khóa" in exc.value.message
    with pytest.raises(ConflictError):
        services.manual_scores_set(
            actor=world.specialist,
            criterion=scheme.criteria.get(code="TC2"),
            entries=[(world.school_a, "1", "")],
        )
    with pytest.raises(ConflictError):
        services.criterion_save(
            actor=world.specialist, scheme=scheme, criterion=scheme.criteria.get(code="TC1"), name="Đổi tên"
        )
    with pytest.raises(ConflictError):
        services.criterion_delete(actor=world.specialist, criterion=scheme.criteria.get(code="TC1"))


def test_only_the_leader_finalises(world, scheme):
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    score_all_by_hand(world, scheme)
    for actor in (world.specialist, world.admin, world.principal_a, world.observer):
        with pytest.raises(PermissionDeniedError):
            services.scheme_finalise(actor=actor, scheme=scheme)


def test_it_refuses_to_finalise_with_hand_scores_missing_or_criteria_changed(world, scheme):
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    with pytest.raises(ConflictError) as exc:
        services.scheme_finalise(actor=world.leader, scheme=scheme)
    assert "chưa chấm" in exc.value.message
    score_all_by_hand(world, scheme)
    services.criterion_save(
        actor=world.specialist,
        scheme=scheme,
        criterion=scheme.criteria.get(code="TC1"),
        max_points=D(20),
        steps=[["1", "10"], ["2", "20"]],
    )
    with pytest.raises(ConflictError) as exc:
        services.scheme_finalise(actor=world.leader, scheme=scheme)
    assert "tính lại" in exc.value.message


def test_unlocking_needs_a_reason_and_is_recorded(world, scheme):
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    score_all_by_hand(world, scheme)
    services.scheme_finalise(actor=world.leader, scheme=scheme)
    with pytest.raises(ApplicationError):
        services.scheme_unlock(actor=world.leader, scheme=scheme, reason="  ")
    with pytest.raises(PermissionDeniedError):
        services.scheme_unlock(actor=world.specialist, scheme=scheme, reason="Sai sót")
    services.scheme_unlock(
        actor=world.leader, scheme=scheme, reason="Trường A khiếu nại điểm TC2, cần chấm lại."
    )
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.OPEN and scheme.finalised_at is None
    actions = list(events_for(scheme).values_list("action", "from_status", "to_status", "reason"))
    assert ("finalise", "open", "final", "") in actions
    assert ("unlock", "final", "open", "Trường A khiếu nại điểm TC2, cần chấm lại.") in actions
    services.scheme_recompute(actor=world.specialist, scheme=scheme)  # allowed again


# ── Setting up ─────────────────────────────────────────────────────────────────────────────────────


def test_the_office_sets_up_a_scheme_and_opens_it(world, plan):
    scheme = services.scheme_create(
        actor=world.specialist, plan=plan, group_name="Khối Tiểu học", levels=["TH"]
    )
    assert scheme.status == SchemeStatus.DRAFT
    with pytest.raises(ApplicationError):
        services.scheme_open(actor=world.specialist, scheme=scheme)
    services.criterion_save(
        actor=world.specialist,
        scheme=scheme,
        code="TC1",
        name="Câu lạc bộ hoạt động",
        kind=CriterionKind.COMPUTED,
        source_key="clubs.active_schools",
        rule=RuleKind.STEPS,
        steps=[["1", "15"]],
        max_points=D(15),
    )
    services.scheme_open(actor=world.specialist, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.OPEN
    assert [e.action for e in events_for(scheme)] == ["create", "criteria", "open"]


@pytest.mark.parametrize("persona", ["principal_a", "observer", "partner", "teacher_a"])
def test_only_the_office_sets_up_schemes(world, plan, persona):
    with pytest.raises(PermissionDeniedError):
        services.scheme_create(actor=world.persona(persona), plan=plan, group_name="Khối X", levels=["TH"])


def test_a_khoi_is_unique_per_plan(world, scheme):
    with pytest.raises(ConflictError):
        services.scheme_create(
            actor=world.specialist, plan=scheme.plan, group_name="khối trung học cơ sở", levels=["THCS"]
        )


def test_a_scheme_needs_a_level(world, plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.scheme_create(actor=world.specialist, plan=plan, group_name="Khối rỗng", levels=[])


def test_it_copies_last_years_schemes_with_their_criteria(world, scheme):
    next_plan = PlanFactory(issuing_unit=world.office, year=scheme.plan.year + 1, number="120/KH-GDĐT")
    scheme.criteria.filter(code="TC1").update(weight=D("2"), group="Truyền thông")
    [copy] = services.schemes_copy(actor=world.specialist, schemes=[scheme], plan=next_plan)
    assert (copy.plan, copy.status, copy.copied_from, copy.levels) == (
        next_plan,
        SchemeStatus.DRAFT,
        scheme,
        ["THCS"],
    )
    copied = list(copy.criteria.values_list("code", "kind", "source_key", "weight", "group", "steps"))
    original = list(scheme.criteria.values_list("code", "kind", "source_key", "weight", "group", "steps"))
    assert copied == original
    with pytest.raises(ConflictError):
        services.schemes_copy(actor=world.specialist, schemes=[scheme], plan=next_plan)
    assert Scheme.objects.filter(plan=next_plan).count() == 1


def test_editing_a_criterion_marks_the_table_for_recomputation(world, scheme):
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    services.criterion_save(
        actor=world.specialist, scheme=scheme, criterion=scheme.criteria.get(code="TC1"), weight=D(2)
    )
    scheme.refresh_from_db()
    assert scheme.stale
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    scheme.refresh_from_db()
    assert not scheme.stale


def test_a_school_of_another_office_is_never_in_the_khoi(world, scheme):
    elsewhere = OrgUnitFactory(kind="authority", level="", code="PGD-KHAC", name="Phòng GD&ĐT khác")
    OrgUnitFactory(parent=elsewhere, level="THCS", code="THCS-X")
    services.scheme_recompute(actor=world.specialist, scheme=scheme)
    assert not SchoolScore.objects.filter(scheme=scheme, unit__code="THCS-X").exists()


def test_the_daily_job_is_registered():
    from sangtao.core.jobs import daily_jobs

    assert recompute_emulation_schemes in daily_jobs()


def test_the_plan_task_lists_the_schemes_serving_it(world, scheme):
    from sangtao.plans.records import records_for_task

    task = TaskFactory(plan=scheme.plan, number="III.1.3")
    scheme.task = task
    scheme.save()
    office = dict(records_for_task(world.leader, task))
    assert [r.title for r in office["Bảng điểm thi đua"]] == [f"Khối Trung học cơ sở — {scheme.school_year}"]
    assert "Bảng điểm thi đua" not in dict(records_for_task(world.partner, task))


def test_a_copy_serves_the_same_task_of_the_new_plan(world, scheme):
    scheme.task = TaskFactory(plan=scheme.plan, number="III.1.3")
    scheme.save()
    next_plan = PlanFactory(issuing_unit=world.office, year=scheme.plan.year + 1, number="120/KH-GDĐT")
    same = TaskFactory(plan=next_plan, number="III.1.3")
    [copy] = services.schemes_copy(actor=world.specialist, schemes=[scheme], plan=next_plan)
    assert copy.task == same


def test_a_scheme_serves_a_task_of_its_own_plan(world, scheme):
    from django.core.exceptions import ValidationError

    elsewhere = TaskFactory()
    with pytest.raises(ValidationError):
        services.scheme_update(
            actor=world.specialist,
            scheme=scheme,
            group_name=scheme.group_name,
            levels=scheme.levels,
            task=elsewhere,
        )
