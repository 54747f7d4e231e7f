"""Erasing a resident's personal data (GDPR Art. 17), keeping only what bookkeeping law requires.

Kept, without anyone's name, phone, address or postcode: orders with their sub-orders, lines,
amounts, dates, window and events, the payments and the ledger (invoices and booking records,
§147 AO and §257 HGB: 8 years for booking records, 10 for books). Everything else that can
name the resident goes: the resident's details, the conversations (their keys are phone
numbers, Telegram chat ids and web session ids; their transcripts what was said), the lines of
open carts and the window they held, and cart keys naming a web session.

The channels' own records (phone call records) are erased by ``bot.erasure``, which calls this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from ordering import windows
from ordering.db import affected_rows
from ordering.models import Cart, CartLine, Conversation, Order, PhoneVerification, Resident

PERSONAL_ORDER_FIELDS = dict(customer_name=None, customer_phone=None, street=None, postcode=None, town=None,
                             personal_data_erased=True)
PERSONAL_RESIDENT_FIELDS = ("name", "phone", "phone_verified_at", "telegram_id", "street", "postcode", "town",
                            "municipality_id", "api_token_hash", "preferred_station_id")


@dataclass
class ErasureReport:
    """What an erasure touched (counts only: the report itself must name nobody)."""

    residents: int = 0
    orders_anonymised: int = 0
    conversations: int = 0
    carts_emptied: int = 0
    call_records: int = 0
    numbers_removed: int = 0  # residents who only typed the erased number keep their account, not the number
    resident_ids: list[int] = field(default_factory=list)

    def add(self, other: ErasureReport) -> None:
        for name in ("residents", "orders_anonymised", "conversations", "carts_emptied", "call_records",
                     "numbers_removed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.resident_ids += other.resident_ids


def _empty_carts(session: Session, carts: list[Cart]) -> int:
    """Give back held windows, delete the lines of open carts, forget web-session keys."""
    for cart in carts:
        if cart.status == "open":
            windows.release_cart_holds(session, cart.id)
            cart.hold_id = None
            session.execute(delete(CartLine).where(CartLine.cart_id == cart.id))
        if cart.owner_key and not cart.owner_key.startswith("tg-group:"):  # a family group's cart is theirs
            cart.owner_key = None
    session.flush()
    return len(carts)


def erase_conversations(session: Session, conversations: list[Conversation]) -> ErasureReport:
    """Delete conversations and empty the carts that were keyed by them (no resident needed)."""
    keys = [f"{c.channel}:{c.external_id}" for c in conversations]
    cart_ids = {c.cart_id for c in conversations if c.cart_id}
    carts = session.scalars(select(Cart).where(or_(Cart.owner_key.in_(keys), Cart.id.in_(cart_ids)))).all() \
        if keys else []
    report = ErasureReport(carts_emptied=_empty_carts(session, [c for c in carts if c.resident_id is None]))
    for conversation in conversations:
        session.delete(conversation)
    report.conversations = len(conversations)
    session.flush()
    return report


def forget_number(session: Session, phone: str) -> int:
    """Remove a phone number from every resident who gave it without proving it (an SMS code or a
    call from it), from their orders and from pending SMS codes; returns how many residents held it.

    Erasure by number, on the request of whoever proved to the admin that the number is theirs:
    such an account may be someone else's (a typo, or an attacker who typed the victim's number),
    so only the number, which is the requester's, goes; the account stays.
    """
    holders = list(session.scalars(select(Resident).where(
        Resident.phone == phone, Resident.phone_verified_at.is_(None), Resident.erased_at.is_(None))))
    for resident in holders:
        resident.phone = None
    session.execute(update(Order).where(Order.customer_phone == phone).values(customer_phone=None))
    session.execute(delete(PhoneVerification).where(PhoneVerification.phone == phone))
    session.flush()
    return len(holders)


def erase_resident(session: Session, resident: Resident, now: datetime) -> ErasureReport:
    """Erase one resident (see module docstring); erasing twice erases nothing more."""
    report = ErasureReport(residents=1, resident_ids=[resident.id])
    result = session.execute(update(Order).where(Order.resident_id == resident.id).values(**PERSONAL_ORDER_FIELDS))
    report.orders_anonymised = affected_rows(result)
    if resident.phone:  # orders placed for this number by someone else's cart (a family group)
        result = session.execute(update(Order).where(Order.customer_phone == resident.phone)
                                 .values(**PERSONAL_ORDER_FIELDS))
        report.orders_anonymised += affected_rows(result)
    report.carts_emptied = _empty_carts(session, list(session.scalars(select(Cart).where(
        Cart.resident_id == resident.id))))
    conversations = session.scalars(select(Conversation).where(Conversation.resident_id == resident.id)).all()
    report.add(erase_conversations(session, list(conversations)))
    # pending SMS codes name the number they were sent to
    session.execute(delete(PhoneVerification).where(PhoneVerification.resident_id == resident.id))
    for name in PERSONAL_RESIDENT_FIELDS:
        setattr(resident, name, None)
    resident.erased_at = resident.erased_at or now
    session.flush()
    return report
