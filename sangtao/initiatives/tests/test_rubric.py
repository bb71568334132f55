"""The rubric: what a valid scale is, and the one formula that turns marks into a result."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sangtao.initiatives.rubric import aggregate, default_criteria, parse_marks, validate_criteria


def test_the_default_rubric_is_novelty_applicability_and_benefit():
    assert [c["key"] for c in default_criteria()] == ["novelty", "applicability", "benefit"]
    assert validate_criteria(default_criteria()) == default_criteria()


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ([], "ít nhất một"),
        ([{"key": "a", "label": "A", "weight": 0, "max": 10}], "lớn hơn 0"),
        (
            [
                {"key": "a", "label": "A", "weight": 1, "max": 10},
                {"key": "a", "label": "B", "weight": 1, "max": 10},
            ],
            "trùng",
        ),
        ([{"key": "", "label": "A", "weight": 1, "max": 10}], "mã và tên"),
        ([{"key": "a", "label": "A", "weight": "x", "max": 10}], "không phải là số"),
    ],
)
def test_it_rejects_a_bad_rubric(criteria, message):
    with pytest.raises(ValidationError, match=message):
        validate_criteria(criteria)


def test_the_result_is_the_weighted_mean_on_a_scale_of_100():
    criteria = default_criteria()
    result = aggregate(
        criteria,
        [
            {"novelty": 8, "applicability": 7, "benefit": 9},
            {"novelty": 6.5, "applicability": 8, "benefit": 7.5},
        ],
    )
    assert result.total == Decimal("76.25")
    assert result.means == {
        "novelty": Decimal("7.25"),
        "applicability": Decimal("7.50"),
        "benefit": Decimal("8.25"),
    }
    assert result.passes(70) and not result.passes(80)


def test_weights_and_maximums_of_a_custom_rubric_count():
    criteria = [
        {"key": "a", "label": "A", "weight": 3, "max": 20},
        {"key": "b", "label": "B", "weight": 1, "max": 5},
    ]
    # (3 × 10/20 + 1 × 5/5) / 4 × 100 = (1.5 + 1) / 4 × 100 = 62.5
    assert aggregate(criteria, [{"a": 10, "b": 5}]).total == Decimal("62.50")


def test_no_score_means_no_result():
    assert aggregate(default_criteria(), []).total is None


def test_marks_accept_a_comma_and_halves_only():
    assert parse_marks(default_criteria(), {"novelty": "7,5", "applicability": "8", "benefit": 9}) == {
        "novelty": 7.5,
        "applicability": 8,
        "benefit": 9,
    }
    with pytest.raises(ValidationError):
        parse_marks(default_criteria(), {"novelty": "7,25", "applicability": "8", "benefit": 9})
