"""The arithmetic of judging: totals, mean vs z-score (a worked example), ranking with ties, quotas."""

from decimal import Decimal
from types import SimpleNamespace

from sangtao.contests import scoring
from sangtao.contests.models import Aggregation, AwardKind

D = Decimal

# The worked example. Judge 1 is harsh and scores entries 1 and 2; judge 2 is lenient and scores 3 and 4.
#
#   entry  judge  total     judge's mean / sd     z
#     1      1      60          55 / 5           +1
#     2      1      50          55 / 5           -1
#     3      2      90          85 / 5           +1
#     4      2      80          85 / 5           -1
#
# Grand mean 70, grand sd = sqrt((10² + 20² + 20² + 10²) / 4) = sqrt(250) = 15.8114.
# Mean ranks 3 > 4 > 1 > 2: the lenient judge's entries win. Z-score: 1 and 3 both 70 + 15.81 = 85.81,
# 2 and 4 both 70 - 15.81 = 54.19: each judge's better entry comes first, and the pairs are tied.
TOTALS = [(1, 1, D(60)), (2, 1, D(50)), (3, 2, D(90)), (4, 2, D(80))]


def test_the_mean_is_the_average_of_the_judges_totals():
    totals = [(1, 1, D(70)), (1, 2, D(81)), (2, 1, D(64))]
    assert scoring.aggregate(totals, Aggregation.MEAN) == {1: D("75.50"), 2: D("64.00")}


def test_the_mean_favours_entries_of_a_lenient_judge():
    scores = scoring.aggregate(TOTALS, Aggregation.MEAN)
    assert sorted(scores, key=scores.get, reverse=True) == [3, 4, 1, 2]


def test_zscore_puts_each_judges_scale_on_the_rounds_scale():
    scores = scoring.aggregate(TOTALS, Aggregation.ZSCORE)
    assert scores == {1: D("85.81"), 2: D("54.19"), 3: D("85.81"), 4: D("54.19")}


def test_zscore_of_a_judge_with_one_score_is_the_rounds_mean():
    scores = scoring.aggregate([(1, 1, D(60)), (2, 2, D(90))], Aggregation.ZSCORE)
    assert scores == {1: D("75.00"), 2: D("75.00")}


def test_zscore_averages_the_zs_of_an_entrys_judges():
    # Entry 1 is the best for both judges; entry 3 the worst for both.
    totals = [(1, 1, D(70)), (2, 1, D(60)), (3, 1, D(50)), (1, 2, D(95)), (2, 2, D(90)), (3, 2, D(85))]
    scores = scoring.aggregate(totals, Aggregation.ZSCORE)
    assert scores[1] > scores[2] > scores[3] and scores[2] == D("75.00")


def test_weighted_total_counts_each_criterion_by_its_weight():
    criteria = [
        SimpleNamespace(pk=1, weight=D("1.5"), max_points=10),
        SimpleNamespace(pk=2, weight=D(1), max_points=20),
    ]
    assert scoring.weighted_total({"1": 8, "2": 15}, criteria) == D("27.00")
    assert scoring.max_total(criteria) == D("35.00")


def test_ranking_is_per_category_and_ties_share_a_rank():
    scores = {1: D(80), 2: D(75), 3: D(75), 4: D(60), 5: D(90)}
    ranking = scoring.rank(scores, {1: 10, 2: 10, 3: 10, 4: 10, 5: 20})
    ranks = {r.entry_id: (r.rank, r.tie) for r in ranking.rows}
    assert ranks == {1: (1, False), 2: (2, True), 3: (2, True), 4: (4, False), 5: (1, False)}


def test_quota_gives_awards_in_rank_order_in_each_category():
    scores = {1: D(90), 2: D(80), 3: D(70), 4: D(60), 5: D(88)}
    ranking = scoring.allocate(
        scoring.rank(scores, {1: 1, 2: 1, 3: 1, 4: 1, 5: 2}),
        {AwardKind.NHAT: 1, AwardKind.NHI: 1, AwardKind.BA: 1},
    )
    awards = {r.entry_id: r.award for r in ranking.rows}
    assert awards == {1: "nhat", 2: "nhi", 3: "ba", 4: "", 5: "nhat"}


def test_a_tie_across_a_quota_boundary_is_flagged_for_the_organiser():
    scores = {1: D(90), 2: D(80), 3: D(80), 4: D(60)}
    ranking = scoring.allocate(
        scoring.rank(scores, dict.fromkeys(scores, 1)), {AwardKind.NHAT: 1, AwardKind.NHI: 1, AwardKind.BA: 0}
    )
    flagged = {r.entry_id for r in ranking.boundary_ties}
    assert flagged == {2, 3} and {r.entry_id: r.award for r in ranking.rows}[3] == ""


def test_a_tie_inside_one_award_is_a_tie_but_not_a_boundary_problem():
    scores = {1: D(80), 2: D(80), 3: D(60)}
    ranking = scoring.allocate(scoring.rank(scores, dict.fromkeys(scores, 1)), {AwardKind.KHUYEN_KHICH: 3})
    assert {r.entry_id for r in ranking.ties} == {1, 2} and ranking.boundary_ties == []
