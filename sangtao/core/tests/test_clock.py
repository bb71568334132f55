import datetime

from sangtao.core import clock


def test_today_is_the_real_date_unless_fixed(settings):
    settings.SANGTAO_TODAY = None
    assert clock.today() == datetime.date.today() or abs((clock.today() - datetime.date.today()).days) <= 1


def test_the_demo_can_fix_the_date_but_keeps_the_time(settings):
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 15)
    assert (clock.today(), clock.now().date()) == (datetime.date(2024, 3, 15), datetime.date(2024, 3, 15))


def test_as_of_moves_the_clock_for_a_block_and_restores_it(settings):
    settings.SANGTAO_TODAY = datetime.date(2024, 3, 15)
    with clock.as_of(datetime.date(2024, 1, 15)):
        assert clock.today() == datetime.date(2024, 1, 15)
        with clock.as_of(datetime.date(2023, 12, 31)):
            assert clock.now().date() == datetime.date(2023, 12, 31)
        assert clock.today() == datetime.date(2024, 1, 15)
    assert clock.today() == datetime.date(2024, 3, 15)
