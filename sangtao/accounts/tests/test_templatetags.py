from datetime import timedelta

from sangtao.accounts.templatetags.accounts import minutes


def test_it_shows_a_lock_out_period_in_whole_minutes():
    assert minutes(timedelta(minutes=15)) == 15


def test_it_rounds_a_part_minute_up():
    assert minutes(timedelta(minutes=14, seconds=1)) == 15


def test_it_shows_nothing_for_no_period():
    assert minutes(None) == ""
