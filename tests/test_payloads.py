"""Button values: one parser, and what it writes it reads back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.application import payloads as p


@pytest.mark.parametrize("payload", [
    p.Slot(6), p.Station("coesfeld-markt"), p.Pay("online"), p.Fulfil("pickup"), p.Amount(2000),
    p.Pick("hof-schulze", "frischmilch"), p.Qty(Decimal("1.5")), p.Edit(3), p.Remove(4), p.Add(17),
])
def test_what_is_written_is_read_back(payload):
    assert p.parse(str(payload)) == payload


@pytest.mark.parametrize("value", [
    None, "", "cart", "yes", "slot:", "slot:abc", "slot:-1", "slot:1e3", "slot:٣", "pick:x", "pick:/y",
    "qty:lots", "qty:NaN", "station:", "unknown:1", "amount:12.5",
])
def test_anything_else_is_none(value):
    assert p.parse(value) is None


def test_the_values_the_dialogue_has_always_written_still_parse():
    assert p.parse("slot:6") == p.Slot(6)
    assert p.parse("pick:3/17") == p.Pick("3", "17")
    assert p.parse("qty:0.5") == p.Qty(Decimal("0.5"))
    assert p.parse("fulfil:delivery") == p.Fulfil("delivery")
