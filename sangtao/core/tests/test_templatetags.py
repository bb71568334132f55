from decimal import Decimal

from django.utils import translation

from sangtao.core.templatetags.sangtao import pct, with_unit


def test_a_value_carries_its_unit_with_vietnamese_numbers():
    with translation.override("vi"):
        assert (with_unit(Decimal("42.857"), "%"), with_unit(Decimal("67"), "sáng kiến"), with_unit(None, "%"),
                with_unit(Decimal("1234.5"), "kWh")) == ("42,9%", "67 sáng kiến", "—", "1.234,5 kWh")


def test_a_share_without_data_is_a_dash_not_zero():
    assert (pct(None), pct(0.5)) == ("—", "50%")


def test_shares_and_numbers_are_rounded_not_cut():
    from sangtao.core.templatetags.sangtao import num

    with translation.override("vi"):
        assert (pct(2 / 3), pct(0.4285, 1), num(Decimal("99.96"), 1)) == ("67%", "42,9%", "100,0")
