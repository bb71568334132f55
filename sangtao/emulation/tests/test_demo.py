"""The demo's three schemes of plan 454/KH-GDĐT, computed from the demo data of the other apps."""

import time

import pytest
from django.db import transaction
from django.utils import translation

from sangtao.communication.demo import load_communication_demo
from sangtao.emulation.demo import CRITERIA, criteria_for, load_emulation_demo
from sangtao.emulation.models import CriterionKind, ItemState, Scheme, SchemeStatus, SchoolScore
from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.plans.indicators import indicator_results, stat_sources
from sangtao.plans.models import Indicator


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        with translation.override("vi"):
            load_communication_demo(story_day=STORY_DAY)
            started = time.monotonic()
            lines = load_emulation_demo(story_day=STORY_DAY)
        yield {"lines": lines, "seconds": time.monotonic() - started}
        transaction.set_rollback(True)


def test_it_sets_up_a_scheme_per_khoi_and_computes_it(demo, db):
    print(f"emulation demo loaded in {demo['seconds']:.1f} s")
    schemes = list(Scheme.objects.order_by("order"))
    assert [(s.group_name, s.levels, s.status) for s in schemes] == [
        ("Khối Mầm non", ["MN"], SchemeStatus.OPEN),
        ("Khối Tiểu học", ["TH"], SchemeStatus.OPEN),
        ("Khối Trung học cơ sở", ["THCS"], SchemeStatus.OPEN),
    ]
    assert all(s.computed_at and s.computed_at.date() == STORY_DAY for s in schemes)
    assert [s.scores.count() for s in schemes] == [30, 22, 16]
    assert demo["lines"][0].startswith("Thi đua Khối Mầm non:")


def test_every_criterion_reads_a_declared_source(demo, db):
    keys = set(Scheme.objects.get(levels=["THCS"]).criteria.values_list("source_key", flat=True)) - {""}
    assert "communication.articles_published" in keys
    assert "programmes.green_score" in keys  # its source is declared now: the green-school line is in
    assert keys <= set(stat_sources())


def test_the_green_school_line_joins_once_its_source_is_declared(monkeypatch):
    declared = {c.source_key: object() for c in CRITERIA if c.source_key}
    monkeypatch.setattr("sangtao.emulation.demo.stat_sources", lambda: declared)
    assert "programmes.green_score" in {c.source_key for c in criteria_for(["THCS"])}
    del declared["programmes.green_score"]
    assert "programmes.green_score" not in {c.source_key for c in criteria_for(["THCS"])}
    assert [c.code for c in criteria_for(["MN"])] == [
        "TC1",
        "TC2",
        "TC3",
        "TC4",
        "TC5",
        "TC6",
        "TC7",
        "TC8",
        "TC10",
    ]


def test_the_articles_criterion_agrees_with_the_plans_indicator(demo, db):
    scheme = Scheme.objects.get(levels=["THCS"])
    indicator = Indicator.objects.get(plan=scheme.plan, source_key="communication.articles_published")
    rows = SchoolScore.objects.filter(scheme=scheme).select_related("unit")
    result = indicator_results([indicator], [r.unit for r in rows])[0]
    values = dict(scheme.scores.filter(items__criterion__code="TC1").values_list("unit_id", "items__value"))
    assert values == {uid: v for uid, v in result.by_unit.items()}
    assert any(values.values())


def test_most_schools_are_scored_by_hand_and_some_wait(demo, db):
    scheme = Scheme.objects.get(levels=["THCS"])
    manual = scheme.criteria.get(kind=CriterionKind.MANUAL)
    states = list(manual.items.values_list("state", flat=True))
    assert states.count(ItemState.NOT_SCORED) == 2
    assert states.count(ItemState.HAND_SCORED) == 14
    assert manual.items.filter(state=ItemState.HAND_SCORED).exclude(comment="").count() == 14


def test_ranks_run_from_one_and_only_the_primary_table_is_published(demo, db):
    for scheme in Scheme.objects.all():
        ranks = sorted(scheme.scores.values_list("rank", flat=True))
        assert ranks[0] == 1 and None not in ranks
    assert list(Scheme.objects.filter(published=True).values_list("group_name", flat=True)) == [
        "Khối Tiểu học"
    ]
