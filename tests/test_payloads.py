"""Button values: one parser, and what it writes it reads back."""

from __future__ import annotations

import typing
from datetime import date
from decimal import Decimal

import pytest

from bot.application import payloads as p

EVERY_KIND = [
    p.CART, p.CHECKOUT, p.MORE, p.HELP, p.HANDOFF, p.REPEAT, p.WINDOWS, p.REORDER, p.STATUS, p.YES, p.NO,
    p.Add(17), p.Pick("hof-schulze", "frischmilch"), p.Qty(Decimal("1.5")), p.Qty(Decimal("0.25")),
    p.Step(3, up=True), p.Step(3, up=False), p.Edit(3), p.Remove(4), p.Amount(2000),
    p.MinOrder("add", "hof-schulze"), p.MinOrder("drop", "hof-schulze"),
    p.Browse(), p.Browse(2), p.Town("coesfeld"), p.Town("coesfeld", 1), p.ShopPage("terstegen", 2),
    p.Category("terstegen", "Brot", 0), p.Category("terstegen", "Obst/Gemüse", 1), p.Category("s", "A|B", 3),
    p.Fulfil("delivery"), p.Fulfil("pickup"), p.Station("coesfeld-markt"), p.Place("ehrenberg"), p.Slot(6), p.Days(0), p.Days(2),
    p.Day(date(2026, 11, 28)), p.Pay("online"), p.LinkTo("self"), p.LinkTo("other"),
]


@pytest.mark.parametrize("payload", EVERY_KIND, ids=str)
def test_what_is_written_is_read_back(payload):
    assert p.parse_payload(str(payload)) == payload


def test_every_kind_of_payload_is_tried():
    assert {type(x) for x in EVERY_KIND} == set(typing.get_args(p.Payload))
    assert {x.word for x in EVERY_KIND if isinstance(x, p.Command)} == set(typing.get_args(p.Word))


@pytest.mark.parametrize(("value", "payload"), [
    # what the dialogue and the channels have always written: buttons already sent must still work
    ("cart", p.CART), ("checkout", p.CHECKOUT), ("more", p.MORE), ("help", p.HELP), ("handoff", p.HANDOFF),
    ("repeat", p.REPEAT), ("windows", p.WINDOWS), ("reorder", p.REORDER), ("status", p.STATUS),
    ("yes", p.YES), ("no", p.NO),
    ("slot:6", p.Slot(6)), ("pick:3/17", p.Pick("3", "17")), ("qty:0.5", p.Qty(Decimal("0.5"))),
    ("qty:1", p.Qty(Decimal("1"))), ("fulfil:delivery", p.Fulfil("delivery")), ("fulfil:pickup", p.Fulfil("pickup")),
    ("inc:12", p.Step(12, up=True)), ("dec:12", p.Step(12, up=False)), ("remove:12", p.Remove(12)),
    ("edit:12", p.Edit(12)), ("add:5", p.Add(5)), ("amount:1000", p.Amount(1000)),
    ("station:coesfeld-markt", p.Station("coesfeld-markt")), ("pay:on_delivery", p.Pay("on_delivery")),
    ("link:self", p.LinkTo("self")), ("link:other", p.LinkTo("other")),
    ("minorder:add:hof-schulze", p.MinOrder("add", "hof-schulze")),
    ("minorder:drop:hof-schulze", p.MinOrder("drop", "hof-schulze")),
    ("days:0", p.Days(0)), ("days:", p.Days(0)), ("days:3", p.Days(3)), ("day:2026-11-28", p.Day(date(2026, 11, 28))),
    ("browse:", p.Browse(0)), ("browse:1", p.Browse(1)), ("browse:0", p.Browse(0)),
    ("browse:2|0", p.Browse(0)),  # the town list's "Von vorn" as it was once written: the first page
    ("muni:coesfeld|0", p.Town("coesfeld")), ("muni:coesfeld|2", p.Town("coesfeld", 2)),
    ("muni:coesfeld", p.Town("coesfeld")), ("shop:terstegen|0", p.ShopPage("terstegen")),
    ("cat:terstegen/Brot|0", p.Category("terstegen", "Brot")), ("cat:terstegen/Brot|1", p.Category("terstegen", "Brot", 1)),
])
def test_the_values_the_dialogue_has_always_written_still_parse(value, payload):
    assert p.parse_payload(value) == payload


@pytest.mark.parametrize("value", ["cart", "yes", "no", "slot:6", "pick:3/17", "qty:0.25", "inc:4", "dec:4",
                                   "minorder:drop:hof", "browse:", "browse:1", "muni:coesfeld|0",
                                   "shop:terstegen|1", "cat:terstegen/Brot|0", "day:2026-11-28", "days:0",
                                   "link:self", "fulfil:pickup"])
def test_the_values_written_now_are_the_values_written_before(value):
    assert str(p.parse_payload(value)) == value


@pytest.mark.parametrize("value", [
    None, "", ":", "Cart", "cart ", "yes:", "unknown", "unknown:1", "ja",
    "slot:", "slot:abc", "slot:-1", "slot:1e3", "slot:٣", "slot:1234567890123", "slot: 6",
    "add:", "add:x", "edit:1.5", "remove:", "inc:", "dec:x", "inc:-2", "amount:12.5", "amount:",
    "pick:x", "pick:/y", "pick:x/", "qty:lots", "qty:NaN", "qty:Infinity", "qty:",
    "station:", "place:", "pay:", "fulfil:", "fulfil:drone", "link:", "link:mother",
    "minorder:", "minorder:add", "minorder:add:", "minorder:keep:hof",
    "days:x", "days:-1", "day:", "day:tomorrow", "day:2026-13-01", "day:20261128", "day:2026-11-28T10:00",
    "browse:x", "browse:1|x", "browse:x|0", "muni:", "muni:|0", "muni:coesfeld|x", "shop:", "shop:|1",
    "cat:", "cat:terstegen|0", "cat:/Brot|0", "cat:terstegen/|0", "cat:terstegen/Brot|-1",
    "so:a:12", "ersatz:1:ja", "\x00", "slot:6\n",
])
def test_anything_else_is_none(value):
    assert p.parse_payload(value) is None
