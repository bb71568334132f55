"""Scoring rules: thresholds and linear-to-a-cap, their wording, their validation, and ranking with ties."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sangtao.emulation.models import Criterion, CriterionKind, RuleKind, SchoolScore, format_number
from sangtao.emulation.scoring import rank_rows

D = Decimal


def steps_criterion(**kwargs):
    fields = {
        "kind": CriterionKind.COMPUTED,
        "source_key": "clubs.clubs_registered",
        "rule": RuleKind.STEPS,
        "steps": [["1", "5"], ["3", "10"]],
        "max_points": D(10),
        "code": "TC1",
        "name": "Câu lạc bộ",
    }
    return Criterion(**{**fields, **kwargs})


@pytest.mark.parametrize(("value", "points"), [(None, 0), (0, 0), (1, 5), (2, 5), (3, 10), (40, 10)])
def test_steps_give_the_points_of_the_highest_threshold_reached(value, points):
    assert steps_criterion().points_for(value) == D(points)


@pytest.mark.parametrize(
    ("value", "points"), [(None, "0"), (0, "0"), (1, "3.75"), (2, "7.50"), (4, "15"), (9, "15"), (-3, "0")]
)
def test_linear_is_proportional_up_to_the_cap(value, points):
    criterion = steps_criterion(rule=RuleKind.LINEAR, steps=[], cap=D(4), max_points=D(15))
    assert criterion.points_for(value) == D(points)


def test_rules_read_as_the_office_writes_them():
    assert steps_criterion().rule_text == "từ 1: 5 điểm; từ 3: 10 điểm"
    linear = steps_criterion(rule=RuleKind.LINEAR, cap=D("2.5"), max_points=D(15))
    assert linear.rule_text == "Tỷ lệ thuận: đạt 2,5 trở lên được 15 điểm"
    assert steps_criterion(kind=CriterionKind.MANUAL).rule_text == "Phòng chấm tay, tối đa 10 điểm"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"source_key": ""}, "source_key"),
        ({"steps": []}, "steps"),
        ({"steps": [["3", "5"], ["1", "10"]]}, "steps"),
        ({"steps": [["1", "12"]]}, "steps"),
        ({"rule": RuleKind.LINEAR, "cap": None}, "cap"),
        ({"rule": ""}, "rule"),
    ],
)
def test_a_broken_rule_is_refused_with_its_field(fields, field):
    with pytest.raises(ValidationError) as exc:
        steps_criterion(**fields).clean()
    assert field in exc.value.message_dict


def test_equal_totals_share_a_rank_and_the_next_one_skips():
    rows = [SchoolScore(total=D(t)) for t in ("50", "70", "50", "80", "20")]
    rank_rows(rows)
    assert [r.rank for r in rows] == [3, 2, 3, 1, 5]


def test_numbers_use_the_vietnamese_decimal_comma():
    assert format_number(D("12.50")) == "12,5"
    assert format_number(D("10.00")) == "10"
    assert format_number(None) == "—"
