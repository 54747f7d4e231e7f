"""Unused web chat sessions and idle carts are forgotten; what is in use stays."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from ordering import cart as carts
from ordering import checkout
from ordering.expiry import ExpiryRules, expire_unused
from ordering.models import Cart, Conversation, Resident, SlotHold, utcnow
from tests.ordering.conftest import NOW

RULES = ExpiryRules(web_session_empty=timedelta(hours=24), web_session_idle=timedelta(days=30),
                    cart_idle=timedelta(days=14))
LATER = NOW + timedelta(days=40)


def _web_session(s, world, key: str, *, lines: int = 0, resident: Resident | None = None,
                 used=NOW) -> Conversation:
    cart = carts.open_cart(s, world.region_id, owner_key=f"web:{key}")
    for _ in range(lines):
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(1))
    conversation = Conversation(channel="web", external_id=key, cart_id=cart.id, state={}, transcript=[],
                                resident_id=resident.id if resident else None, updated_at=used)
    cart.updated_at = used
    s.add(conversation)
    s.flush()
    return conversation


def test_unused_web_sessions_go_and_their_carts_with_them(world):
    slot_id = world.slot("delivery", NOW.replace(hour=9) + timedelta(days=1))
    with world.db.session() as s:
        _web_session(s, world, "empty-old", used=LATER - timedelta(hours=25))
        _web_session(s, world, "empty-new", used=LATER - timedelta(hours=2))
        _web_session(s, world, "shopping", lines=1, used=LATER - timedelta(days=3))
        idle = _web_session(s, world, "idle", lines=1, used=LATER - timedelta(days=31))
        checkout.choose_window(s, s.get(Cart, idle.cart_id), slot_id, now=NOW)
        idle_cart = idle.cart_id
    with world.db.session() as s:
        expired = expire_unused(s, LATER, RULES)
    with world.db.session() as s:
        left = set(s.scalars(select(Conversation.external_id).where(Conversation.channel == "web")))
        assert left == {"empty-new", "shopping"}
        cart = s.get(Cart, idle_cart)
        assert cart.status == "abandoned" and cart.lines == []
        assert s.scalar(select(SlotHold.status).where(SlotHold.cart_id == idle_cart)) == "released"
    assert expired.web_sessions == 2


def test_idle_carts_are_abandoned_carts_in_use_stay(world):
    now = utcnow() + timedelta(days=1)  # a cart's last use is stamped on the real clock
    with world.db.session() as s:
        resident = Resident(region_id=world.region_id, name="Ida")
        s.add(resident)
        s.flush()
        old = carts.open_cart(s, world.region_id, resident_id=resident.id)
        carts.add_product(s, old, world.products["frischmilch"], Decimal(1))
        old.updated_at = now - timedelta(days=15)
        group = carts.open_cart(s, world.region_id, owner_key="telegram-group:1")
        carts.add_product(s, group, world.products["frischmilch"], Decimal(1))
        old_id, group_id = old.id, group.id
    with world.db.session() as s:
        # The group's cart was filled just now (add_product marks it in use).
        assert expire_unused(s, now, RULES).carts == 1
    with world.db.session() as s:
        assert s.get(Cart, old_id).status == "abandoned"
        assert s.get(Cart, group_id).status == "open"
