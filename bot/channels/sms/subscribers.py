"""Outbox subscribers on "placed": shops without Telegram get their part by SMS, phone
residents a summary. Idempotent: each SMS is noted in ``processed_events`` once sent, so a
retried event never sends it twice (only the ones that failed go out again)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.channels.sms import texts
from bot.channels.sms.notifier import sms_notifier
from bot.composition import Container
from bot.events import EventBus, EventView
from ordering.errors import Invalid
from ordering.models import Order, ProcessedEvent, Region
from ordering.residents import normalize_phone

log = logging.getLogger(__name__)
SOURCE = "sms"


def subscribe(events: EventBus) -> None:
    """Register the SMS subscribers on the outbox (once per process)."""
    events.subscribe("placed", send_shop_orders)
    events.subscribe("placed", send_phone_summary)


def _already_sent(container: Container, key: str) -> bool:
    with container.database.session() as s:
        return s.get(ProcessedEvent, key) is not None


def _mark_sent(container: Container, key: str, to: str, text: str) -> None:
    with container.database.session() as s:
        if s.get(ProcessedEvent, key) is None:
            s.add(ProcessedEvent(id=key, source=SOURCE, at=container.clock.now(), payload=f"{to}\n{text}"))


def _messages_for_shops(s: Session, order: Order) -> list[tuple[str, str, str]]:
    """(key, to, text) per sub-order whose shop has no Telegram chat but a phone."""
    region = s.get(Region, order.region_id)
    window = texts.window_of(order, region.timezone if region else None)
    out = []
    for sub in order.sub_orders:
        shop = sub.shop
        if shop.telegram_chat_id is not None:
            continue  # the Telegram channel tells this shop
        if not shop.phone:
            log.warning("shop %s has neither Telegram nor a phone: sub-order %s is not announced", shop.slug, sub.id)
            continue
        try:
            to = normalize_phone(shop.phone)
        except Invalid:
            log.error("shop %s has an invalid phone %r: sub-order %s is not announced", shop.slug, shop.phone, sub.id)
            continue
        out.append((f"sms:shop-order:{sub.id}", to, texts.shop_new_order(sub, window)))
    return out


def send_shop_orders(container: Container, event: EventView) -> None:
    with container.database.session() as s:
        order = s.get(Order, event.order_id)
        messages = _messages_for_shops(s, order) if order is not None else []
    _send_all(container, messages)


def send_phone_summary(container: Container, event: EventView) -> None:
    """A resident who ordered by phone gets what they ordered in writing."""
    with container.database.session() as s:
        order = s.get(Order, event.order_id)
        if order is None or order.channel != "voice" or not order.customer_phone:
            return
        region = s.get(Region, order.region_id)
        text = texts.resident_summary(order, texts.window_of(order, region.timezone if region else None))
        messages = [(f"sms:summary:{order.id}", order.customer_phone, text)]
    _send_all(container, messages)


def _send_all(container: Container, messages: list[tuple[str, str, str]]) -> None:
    if not messages:
        return
    notifier = sms_notifier(container)
    if notifier is None:
        raise RuntimeError("SMS is not configured (KIEPE_TWILIO_*); the event stays for a retry")
    failed: Exception | None = None
    for key, to, text in messages:
        if _already_sent(container, key):
            continue
        try:
            notifier.send_text(to, text)
        except Exception as exc:  # noqa: BLE001 - keep going for the others, retry this one later
            log.exception("SMS %s to %s failed", key, to)
            failed = exc
            continue
        _mark_sent(container, key, to, text)
    if failed is not None:
        raise failed
