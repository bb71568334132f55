"""Invariants the models hold by themselves."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sangtao.contests.models import Award, AwardKind
from sangtao.testing.factories import (
    ContestCategoryFactory,
    ContestFactory,
    ContestRoundFactory,
    EntryFactory,
)


def test_a_contest_needs_its_grades_and_dates_in_order(db):
    contest = ContestFactory.build(
        min_grade=9,
        max_grade=3,
        registration_opens=datetime.date(2024, 2, 1),
        registration_closes=datetime.date(2024, 1, 1),
        eligible_levels=["XX"],
    )
    with pytest.raises(ValidationError) as info:
        contest.clean()
    assert set(info.value.message_dict) == {"max_grade", "registration_closes", "eligible_levels"}


def test_an_entrys_category_belongs_to_its_contest(db):
    entry = EntryFactory.build(round=ContestRoundFactory(), category=ContestCategoryFactory())
    with pytest.raises(ValidationError, match="Lĩnh vực không thuộc hội thi này"):
        entry.clean()


def test_titles_and_names_are_folded_for_search(db):
    entry = EntryFactory(title="Máy lọc nước")
    assert (
        entry.title_folded == "may loc nuoc"
        and ContestFactory(name="Ngày hội STEM").name_folded == "ngay hoi stem"
    )


def test_awards_sort_in_the_order_of_the_ranks(db):
    assert [Award(award=a).award_order for a in (AwardKind.NHAT, AwardKind.KHUYEN_KHICH)] == [0, 3]


def test_the_levels_label_reads_in_vietnamese(db):
    assert ContestFactory.build(eligible_levels=["TH", "THCS"]).levels_label == "Tiểu học, Trung học cơ sở"
