"""Messages Telegram sends on its own: new orders to shops, news to residents, reminders.

All of them are subscribers of the order-event outbox (``bot.events``): they run after the
change is committed and are retried when Telegram is away, so each is idempotent: a sent
message is recorded in ``processed_events`` (source "telegram") and never sent twice.
Reminders work the same way: ``remind_unanswered`` only writes "shop_reminded" and
"shop_escalated" events (the order's history shows them), the subscribers send them.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.channels.telegram import messages, render
from bot.events import EventView
from integrations.telegram_notifier import TelegramNotifier
from ordering.models import Cart, Order, OrderEvent, ProcessedEvent, Resident, SubOrder

if TYPE_CHECKING:
    from bot.composition import Container

log = logging.getLogger(__name__)

SOURCE = "telegram"
GROUP_PREFIX = "tg-group:"
RESIDENT_EVENTS = ("confirmed", "partly_confirmed", "rejected", "ready", "with_courier", "at_station")
REMINDED, ESCALATED = "shop_reminded", "shop_escalated"


def group_cart_key(chat_id: int) -> str:
    return f"{GROUP_PREFIX}{chat_id}"


def resident_chat(session, order: Order) -> int | None:
    """Where a resident reads news: the family group whose cart it was, else their private chat."""
    if order.cart_id is not None:
        cart = session.get(Cart, order.cart_id)
        if cart is not None and cart.owner_key and cart.owner_key.startswith(GROUP_PREFIX):
            return int(cart.owner_key[len(GROUP_PREFIX):])
    if order.resident_id is not None:
        resident = session.get(Resident, order.resident_id)
        if resident is not None and resident.erased_at is None and resident.telegram_id:
            return resident.telegram_id  # a private chat's id is the user's id
    return None


def _sent_before(container: Container, key: str) -> bool:
    with container.database.session() as s:
        return s.get(ProcessedEvent, key) is not None


def _mark_sent(container: Container, key: str) -> None:
    try:
        with container.database.session() as s:
            s.add(ProcessedEvent(id=key, source=SOURCE, at=container.clock.now()))
    except IntegrityError:
        pass  # another worker sent it at the same time; nothing to undo


class Pushes:
    """The outbox subscribers, bound to one notifier (one bot)."""

    def __init__(self, notifier: TelegramNotifier) -> None:
        self.notifier = notifier

    def subscribe(self, container: Container) -> None:
        events = container.events
        events.subscribe("placed", self.on_placed)
        for name in RESIDENT_EVENTS:
            events.subscribe(name, self.on_resident_news)
        events.subscribe("cancelled", self.on_cancelled)
        events.subscribe(REMINDED, self.on_reminded)
        events.subscribe(ESCALATED, self.on_escalated)

    async def _once(self, container: Container, key: str, send) -> None:
        """Send unless this exact message went out before; record it after Telegram took it."""
        key = f"telegram-push:{key}"
        if _sent_before(container, key):
            return
        await send()
        _mark_sent(container, key)

    async def on_placed(self, container: Container, view: EventView) -> None:
        """Each shop with a linked chat gets its part of the new order as a card with buttons."""
        with container.database.session() as s:
            order = s.get(Order, view.order_id)
            cards = [(sub.id, sub.shop.telegram_chat_id, messages.shop_order_text(s, sub),
                      render.shop_order_keyboard(sub))
                     for sub in order.sub_orders if sub.shop.telegram_chat_id]
        for sub_id, chat_id, text, markup in cards:
            await self._once(container, f"{view.id}:{sub_id}",
                             lambda c=chat_id, t=text, m=markup: self.notifier.send(c, t, markup=m, html=True))

    async def on_resident_news(self, container: Container, view: EventView) -> None:
        """A shop accepted, rejected items (with the refund), packed, or the order is on its way."""
        if view.sub_order_id is None:
            return
        with container.database.session() as s:
            sub = s.get(SubOrder, view.sub_order_id)
            chat_id = resident_chat(s, sub.order)
            text = messages.resident_news(s, view.event, sub) if chat_id else None
        if chat_id and text:
            await self._once(container, f"{view.id}:{chat_id}", lambda: self.notifier.send(chat_id, text))

    async def on_cancelled(self, container: Container, view: EventView) -> None:
        """A shop hears when a resident or the admin cancelled its part (not when it rejected itself)."""
        if view.sub_order_id is None or view.actor.startswith("shop:"):
            return
        with container.database.session() as s:
            sub = s.get(SubOrder, view.sub_order_id)
            chat_id = sub.shop.telegram_chat_id
            text = f"🚫 Bestellung {sub.order.reference} wurde storniert. Bitte nicht packen."
        if chat_id:
            await self._once(container, f"{view.id}:{chat_id}", lambda: self.notifier.send(chat_id, text))

    async def on_reminded(self, container: Container, view: EventView) -> None:
        """The shop's reminder, with the card's buttons again so it can answer right there."""
        with container.database.session() as s:
            sub = s.get(SubOrder, view.sub_order_id)
            chat_id = sub.shop.telegram_chat_id
            text = messages.reminder_text(sub, int(view.detail.get("minutes", 0)))
            markup = render.shop_order_keyboard(sub)
        if chat_id:
            await self._once(container, f"{view.id}:{chat_id}",
                             lambda: self.notifier.send(chat_id, text, markup=markup))

    async def on_escalated(self, container: Container, view: EventView) -> None:
        """The region's admin learns of an order a shop leaves unanswered (to phone the shop)."""
        admin_chat = container.settings.telegram_admin_chat_id
        if admin_chat is None:
            log.warning("sub-order %s unanswered, but no telegram_admin_chat_id is set", view.sub_order_id)
            return
        with container.database.session() as s:
            sub = s.get(SubOrder, view.sub_order_id)
            text = messages.escalation_text(s, sub, int(view.detail.get("minutes", 0)))
        await self._once(container, f"{view.id}:{admin_chat}", lambda: self.notifier.send(admin_chat, text))


# ---------------------------------------------------------------- reminders


def _due(container: Container, now: datetime) -> int:
    """Write reminder and escalation events for sub-orders unanswered too long; returns how many."""
    settings = container.settings
    remind_after = timedelta(minutes=settings.telegram_remind_after_minutes)
    escalate_after = timedelta(minutes=settings.telegram_escalate_after_minutes)
    written = 0
    with container.database.session() as s:
        open_subs = s.scalars(
            select(SubOrder).join(Order).where(SubOrder.status == "placed", Order.created_at <= now - remind_after)
            .order_by(SubOrder.id)
        ).all()
        for sub in open_subs:
            done = set(s.scalars(select(OrderEvent.event).where(OrderEvent.sub_order_id == sub.id,
                                                                OrderEvent.event.in_((REMINDED, ESCALATED)))))
            age = now - sub.order.created_at
            minutes = int(age.total_seconds() // 60)
            for event, after in ((REMINDED, remind_after), (ESCALATED, escalate_after)):
                if event not in done and age >= after:
                    sub.order.events.append(OrderEvent(sub_order_id=sub.id, at=now, actor="system", event=event,
                                                       detail={"minutes": minutes}))
                    written += 1
    return written


async def remind_unanswered(container: Container, now: datetime) -> int:
    """Remind shops of orders unanswered after ``telegram_remind_after_minutes`` and tell the
    admin after ``telegram_escalate_after_minutes``; each once per sub-order. Returns events written."""
    written = _due(container, now)
    if written:
        await container.events.dispatch_pending(container)
    return written


def forget_old_updates(container: Container, now: datetime, keep: timedelta = timedelta(days=7)) -> int:
    """Drop update ids older than a week: Telegram repeats an update for a day at most."""
    with container.database.session() as s:
        result = s.execute(delete(ProcessedEvent).where(ProcessedEvent.source == SOURCE,
                                                        ProcessedEvent.id.like("telegram-update:%"),
                                                        ProcessedEvent.at < now - keep))
        return result.rowcount or 0


async def reminder_loop(container: Container) -> None:
    """The periodic job: check every ``telegram_reminder_interval_seconds`` until cancelled."""
    interval = max(container.settings.telegram_reminder_interval_seconds, 10)
    while True:
        try:
            now = container.clock.now()
            await remind_unanswered(container, now)
            forget_old_updates(container, now)
        except Exception:
            log.exception("reminder round failed")
        await asyncio.sleep(interval)
