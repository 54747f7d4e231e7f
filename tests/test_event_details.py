"""Every order event's details have a type; each type reads what the code stored before it existed.

The JSON below is exactly what the writers stored before the types (copied from the code of
``d9ce4da``), so rows already in ``order_events`` read without a migration, and what the typed
writers store now is that same JSON again.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.application.event_details import DETAILS, DeliveryParked, ShopUnanswered, parse_details
from bot.application.event_names import EventName
from bot.application.events import EventView
from ordering import age_checks, orders, substitutes, weighing
from ordering.errors import EventDetailsUnreadable
from ordering.event_details import (
    AgeChecked,
    AgeCheckFailed,
    EmptiesReturned,
    HandoverNoted,
    LineRejected,
    LineWeighed,
    Placed,
    StatusChanged,
    SubstituteDecided,
    SubstitutePreference,
    SubstituteProposed,
)
from ordering.models import Order, OrderLine, Product
from ordering.models import SubOrderStatus as S
from tests.support.order_builders import make_order, make_region, make_shop

NOW = datetime(2030, 11, 21, 9, 0, tzinfo=timezone.utc)


def test_every_event_name_has_a_details_type():
    assert set(DETAILS) == set(EventName)
    for shape in set(DETAILS.values()):
        assert dataclasses.is_dataclass(shape) and shape.__dataclass_params__.frozen, shape
        assert callable(shape.from_json) and callable(shape.to_json)


# (event name, the JSON as the old code wrote it, the typed details)
OLD_ROWS = [
    ("placed", {"total_cents": 2580, "slot_id": 7}, Placed(total_cents=2580, slot_id=7)),
    # ordering.orders._move: {"from": old, **detail}; confirm adds confirmed_cents, reject a reason
    ("confirmed", {"from": "placed", "confirmed_cents": 1290}, StatusChanged(S.placed, confirmed_cents=1290)),
    ("partly_confirmed", {"from": "placed", "confirmed_cents": 0}, StatusChanged(S.placed, confirmed_cents=0)),
    ("rejected", {"from": "placed", "reason": ""}, StatusChanged(S.placed, reason="")),
    ("rejected", {"from": "placed", "reason": "leider ausverkauft"}, StatusChanged(S.placed, reason="leider ausverkauft")),
    ("rejected", {"from": "placed"}, StatusChanged(S.placed)),  # every line rejected one by one
    ("ready", {"from": "confirmed"}, StatusChanged(S.confirmed)),
    ("with_courier", {"from": "ready"}, StatusChanged(S.ready)),
    ("at_station", {"from": "ready"}, StatusChanged(S.ready)),
    ("delivered", {"from": "with_courier"}, StatusChanged(S.with_courier)),
    ("collected", {"from": "at_station"}, StatusChanged(S.at_station)),
    ("cancelled", {"from": "partly_confirmed"}, StatusChanged(S.partly_confirmed)),
    ("cancelled", {}, StatusChanged(None)),  # the order-level event
    ("line_rejected", {"line_id": 12, "name": "Spargel"}, LineRejected(line_id=12, name="Spargel")),
    ("line_weighed", {"line_id": 3, "name": "Rinderhack", "ordered": "0.500", "weighed": "0.512", "unit": "kg",
                      "from_cents": 645, "to_cents": 660, "order_total_cents": 1050, "order_final": True},
     LineWeighed(line_id=3, name="Rinderhack", ordered=Decimal("0.500"), weighed=Decimal("0.512"), unit="kg",
                 from_cents=645, to_cents=660, order_total_cents=1050, order_final=True)),
    ("age_checked", {"passed": False, "min_age": 18}, AgeChecked(passed=False, min_age=18)),
    ("age_checked", {"passed": True, "min_age": None}, AgeChecked(passed=True, min_age=None)),
    ("age_check_failed", {"lines": [4, 5], "names": ["Korn", "Pfand Korn"], "cents": 1698},
     AgeCheckFailed(lines=(4, 5), names=("Korn", "Pfand Korn"), cents=1698)),
    ("empties_returned", {"empties": {"bottle-8": 6, "crate-150": 1}, "returned_cents": 198},
     EmptiesReturned(empties=(("bottle-8", 6), ("crate-150", 1)), returned_cents=198)),
    ("handover_noted", {"empties": 2, "id_checked": False}, HandoverNoted(empties=2, id_checked=False)),
    ("substitute_preference", {"preference": "accept"}, SubstitutePreference("accept")),
    ("substitute_preference", {"preference": None}, SubstitutePreference(None)),
    ("substitute_proposed", {"offer_id": 9, "line_id": 3, "product": "Hafermilch", "offered_cents": 110},
     SubstituteProposed(offer_id=9, line_id=3, product="Hafermilch", offered_cents=110)),
    ("substitute_accepted", {"offer_id": 9, "savings_cents": 10, "decided_by": "resident"},
     SubstituteDecided(offer_id=9, savings_cents=10, decided_by="resident")),
    ("substitute_declined", {"offer_id": 9, "savings_cents": 0, "decided_by": "deadline"},
     SubstituteDecided(offer_id=9, savings_cents=0, decided_by="deadline")),
    ("shop_reminded", {"minutes": 30}, ShopUnanswered(30)),
    ("shop_escalated", {"minutes": 90}, ShopUnanswered(90)),
    ("delivery_parked", {"delivery_id": 4, "event_id": 17, "event": "placed", "subscriber": "sms.shop_order",
                         "attempts": 12, "error": "Twilio says no"},
     DeliveryParked(delivery_id=4, event_id=17, event="placed", subscriber="sms.shop_order", attempts=12,
                    error="Twilio says no")),
]


@pytest.mark.parametrize(("event", "stored", "typed"), OLD_ROWS, ids=[f"{e}-{i}" for i, (e, _, _) in enumerate(OLD_ROWS)])
def test_each_shape_reads_the_old_json_and_writes_it_again(event, stored, typed):
    assert parse_details(event, stored) == typed
    assert typed.to_json() == stored


def test_every_shape_is_tried_on_an_old_row():
    assert {type(typed) for _, _, typed in OLD_ROWS} == set(DETAILS.values())
    assert {event for event, _, _ in OLD_ROWS} == set(EventName)


def test_older_weighed_rows_kept_a_missing_amount_as_the_text_none():
    stored = {"line_id": 3, "name": "Hack", "ordered": "None", "weighed": "0.5", "unit": "kg", "from_cents": 0,
              "to_cents": 645, "order_total_cents": 645, "order_final": False}
    assert parse_details("line_weighed", stored).ordered is None


@pytest.mark.parametrize(("event", "stored", "key"), [
    ("placed", {"total_cents": 2580}, "slot_id"),
    ("shop_reminded", {"minutes": "30"}, "minutes"),
    ("line_weighed", {**OLD_ROWS[14][1], "order_final": 1}, "order_final"),
    ("line_weighed", {**OLD_ROWS[14][1], "weighed": "viel"}, "weighed"),
    ("age_check_failed", {"lines": [4, "5"], "names": [], "cents": 0}, "lines"),
    ("confirmed", {"from": "eaten"}, "from"),
    ("substitute_preference", {}, "preference"),
    ("handover_noted", {"empties": True, "id_checked": False}, "empties"),
])
def test_details_of_another_shape_are_a_typed_error_naming_the_key(event, stored, key):
    with pytest.raises(EventDetailsUnreadable) as caught:
        parse_details(event, stored)
    assert (caught.value.event, caught.value.key) == (event, key)


@pytest.mark.parametrize("stored", [None, {}, [], "placed", 3])
def test_no_details_or_no_object_is_read_or_refused_with_the_typed_error(stored):
    for event in EventName:
        try:
            parse_details(event, stored)
        except EventDetailsUnreadable:
            pass  # anything else (KeyError, TypeError, AttributeError) fails the test


def test_an_unknown_name_has_no_details_type():
    with pytest.raises(EventDetailsUnreadable, match="no EventName"):
        parse_details("test_news", {})


def test_a_view_gives_its_details_typed_and_names_the_event_when_they_do_not_read():
    view = EventView(5, 1, 2, "shop_reminded", "system", {"minutes": 30}, NOW)
    assert view.details == ShopUnanswered(30) and view.details_of(ShopUnanswered).minutes == 30
    with pytest.raises(EventDetailsUnreadable, match="ShopUnanswered details, not LineWeighed"):
        view.details_of(LineWeighed)
    broken = EventView(6, 1, 2, "shop_reminded", "system", {}, NOW)
    with pytest.raises(EventDetailsUnreadable, match="order event 6"):
        _ = broken.details


def test_what_the_domain_writes_reads_back_as_its_type(db):
    """The writers themselves, through the domain's use cases: each stored row parses, and its
    type writes the very JSON stored."""
    with db.session() as s:
        region = make_region(s)
        shop = make_shop(s, region, "hof")
        order = make_order(s, region, {shop: [("Milch", 120), ("Korn", 1690), ("Spargel", 990)]})
        sub = order.sub_orders[0]
        milk, korn, asparagus = sub.lines
        oats = Product(shop_id=shop.id, slug="hafermilch", name="Hafermilch", price_cents=110, vat=7, unit="piece")
        cow = Product(shop_id=shop.id, slug="milch", name="Milch", price_cents=120, vat=7, unit="piece")
        s.add_all([oats, cow])
        s.flush()
        milk.product_id, milk.quantity, milk.unit, milk.unit_price_cents = cow.id, Decimal(1), "piece", 120
        korn.min_age = order.min_age = 18
        hack = OrderLine(name="Rinderhack", vat=7, unit="kg", quantity=Decimal("0.500"), unit_price_cents=1290,
                         total_cents=645)
        sub.lines.append(hack)
        s.flush()
        sub.order.slot.start = NOW + timedelta(days=2)
        substitutes.set_preference(s, order.id, "accept", actor="resident:1", now=NOW)
        offer = substitutes.propose(s, sub.id, milk.id, oats.id, shop_id=shop.id, actor=f"shop:{shop.id}", now=NOW)
        substitutes.answer(s, offer.id, True, actor="resident:1", now=NOW)
        orders.reject_line(s, sub.id, asparagus.id, shop_id=shop.id, actor=f"shop:{shop.id}", now=NOW)
        weighing.record_weight(s, sub, hack.id, Decimal("0.512"), actor=f"shop:{shop.id}", now=NOW)
        orders.confirm(s, sub.id, shop_id=shop.id, actor=f"shop:{shop.id}", now=NOW)
        orders.mark_ready(s, sub.id, shop_id=shop.id, actor=f"shop:{shop.id}", now=NOW)
        orders.hand_over(s, sub.id, actor="courier:1", now=NOW)
        orders.note_handover(s, order.id, actor="courier:1", now=NOW, empties=2, id_checked=True)
        age_checks.record_age_check(s, order.id, passed=False, actor="courier:1", now=NOW)
        orders.complete(s, sub.id, actor="courier:1", now=NOW)

        other = make_order(s, region, {shop: [("Brot", 390)]})
        orders.reject(s, other.sub_orders[0].id, shop_id=shop.id, actor=f"shop:{shop.id}", now=NOW,
                      reason="leider ausverkauft")
        third = make_order(s, region, {shop: [("Brot", 390)]})
        orders.cancel_order(s, third.id, actor="resident:1", now=NOW)
        order_ids = (order.id, other.id, third.id)
    with db.read_session() as s:
        rows = [(e.event, e.detail) for oid in order_ids for e in s.get(Order, oid).events]
    assert [event for event, _ in rows] == [
        "substitute_preference", "substitute_proposed", "substitute_accepted", "line_rejected", "line_weighed",
        "partly_confirmed", "ready", "with_courier", "handover_noted", "age_checked", "age_check_failed",
        "delivered", "rejected", "cancelled", "cancelled"]
    for event, stored in rows:
        assert parse_details(event, stored).to_json() == stored, event
    assert parse_details(*rows[4]) == LineWeighed(
        line_id=hack.id, name="Rinderhack", ordered=Decimal("0.500"), weighed=Decimal("0.512"), unit="kg",
        from_cents=645, to_cents=660, order_total_cents=rows[4][1]["order_total_cents"], order_final=True)
    assert [parse_details(*row) for row in rows[-2:]] == [StatusChanged(S.placed), StatusChanged(None)]
