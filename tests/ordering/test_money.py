from decimal import Decimal

import pytest

from ordering.money import MoneyError, cents_to_str, format_euro, line_total, parse_cents, vat_included


@pytest.mark.parametrize("text,cents", [("4.10", 410), ("0", 0), ("12.9", 1290), ("1234.56", 123456), (3, 300)])
def test_parse_cents(text, cents):
    assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["4,10", "-1.00", "1.234", "abc", "", "nan", "inf", True])
def test_parse_cents_refuses(text):
    with pytest.raises(MoneyError):
        parse_cents(text)


@pytest.mark.parametrize("cents,text", [(1290, "12,90 €"), (5, "0,05 €"), (123456, "1.234,56 €"), (-350, "-3,50 €")])
def test_format_euro(cents, text):
    assert format_euro(cents) == text


def test_cents_to_str_round_trips():
    for cents in (0, 7, 410, 99999):
        assert parse_cents(cents_to_str(cents)) == cents


def test_line_total_rounds_half_up():
    assert line_total(Decimal("0.35"), 1290) == 452  # 451.5 -> 452
    assert line_total(Decimal("3"), 129) == 387


def test_vat_included():
    assert vat_included(107, 7) == 7
    assert vat_included(1190, 19) == 190
