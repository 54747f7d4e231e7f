"""Messages Telegram sends on its own: new orders to shops, news to residents, reminders.

All of them are handlers of the order-event outbox (``bot.application.events``): they run
after the change is committed and are retried when Telegram is away, so each is idempotent: a
sent message is recorded in ``processed_events`` (source "telegram") and never sent twice.
Reminders work the same way: ``bot.application.reminders`` only writes "shop_reminded" and
"shop_escalated" events (the order's history shows them), the handlers here send them.
Whether a shop or a resident is Telegram's business at all is decided in
``bot.application.recipients``, once for both channels; the handlers send where its route says so.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import anyio
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup

from bot.application.dead_letters import parked_alert
from bot.application.event_details import DeliveryParked, ShopUnanswered
from bot.application.event_names import EventName
from bot.application.events import EventBus, EventView
from bot.application.recipients import resident_route, shop_route
from bot.channels.telegram import messages, render
from bot.clock import Clock
from integrations.telegram_notifier import TelegramNotifier
from ordering.db import Database
from ordering.event_details import LineWeighed, SubstituteDecided, SubstituteProposed
from ordering.models import Order, ProcessedEvent, Region, SubOrder
from ordering.substitutes import SubstituteOffer
from ordering.windows import format_moment

log = logging.getLogger(__name__)

SOURCE = "telegram"
_T = TypeVar("_T")
RESIDENT_EVENTS: tuple[EventName, ...] = (EventName.confirmed, EventName.partly_confirmed, EventName.rejected,
                                          EventName.ready, EventName.with_courier, EventName.at_station,
                                          EventName.line_weighed)


def resident_chat(session: Session, order: Order) -> int | None:
    """Where a resident reads news: the family group whose cart it was, else their private chat
    (``bot.application.recipients``, the rule both channels follow)."""
    return resident_route(session, order).telegram()


def _sub_order(session: Session, sub_order_id: int | None) -> SubOrder:
    """The event's sub-order; an event whose sub-order is gone fails (and is retried, then given up)."""
    sub = session.get(SubOrder, sub_order_id) if sub_order_id is not None else None
    if sub is None:
        raise LookupError(f"sub-order {sub_order_id} of an order event does not exist")
    return sub


# (event, subscriber name, method): the outbox records each delivery under the name. The
# composition root announces them before the bot starts (``EventBus.expect``), so events
# dispatched in between wait for the pushes instead of missing them.
SUBSCRIPTIONS: tuple[tuple[EventName, str, str], ...] = (
    (EventName.placed, "telegram.shop_order", "on_placed"),
    *((name, "telegram.resident_news", "on_resident_news") for name in RESIDENT_EVENTS),
    (EventName.cancelled, "telegram.cancelled", "on_cancelled"),
    (EventName.shop_reminded, "telegram.shop_reminder", "on_reminded"),
    (EventName.shop_escalated, "telegram.escalation", "on_escalated"),
    (EventName.delivery_parked, "telegram.admin_alert", "on_delivery_parked"),
    # Issue 17: the resident's substitute question with buttons, and a deadline's outcome
    (EventName.substitute_proposed, "telegram.substitute_question", "on_substitute_proposed"),
    *((name, "telegram.substitute_outcome", "on_substitute_decided")
      for name in (EventName.substitute_accepted, EventName.substitute_declined)),
)


class Pushes:
    """The outbox handlers, bound to one notifier (one bot), the database and the admin's chat."""

    def __init__(self, notifier: TelegramNotifier, database: Database, clock: Clock,
                 admin_chat_id: int | None) -> None:
        self.notifier = notifier
        self.database = database
        self.clock = clock
        self.admin_chat_id = admin_chat_id

    # The handlers run on the dispatcher's event loop: every database step runs in a worker thread,
    # reads in a read-only session, and nothing is sent inside a transaction (see
    # ``bot.channels.sms.subscribers``: a write-lock wait on the loop stalls the whole process).

    async def _read(self, read: Callable[[Session], _T]) -> _T:
        """``read(session)`` in a read-only session, in a worker thread."""
        def run() -> _T:
            with self.database.read_session() as s:
                return read(s)
        return await anyio.to_thread.run_sync(run)

    def _sent_before(self, key: str) -> bool:
        with self.database.read_session() as s:
            return s.get(ProcessedEvent, key) is not None

    def _mark_sent(self, key: str) -> None:
        try:
            with self.database.session() as s:
                s.add(ProcessedEvent(id=key, source=SOURCE, at=self.clock.now()))
        except IntegrityError:
            pass  # another worker sent it at the same time; nothing to undo

    def subscribe(self, events: EventBus) -> None:
        for event, name, method in SUBSCRIPTIONS:
            events.subscribe(event, getattr(self, method), name=name)

    async def _once(self, key: str, send: Callable[[], Awaitable[object]]) -> None:
        """Send unless this exact message went out before; record it after Telegram took it."""
        key = f"telegram-push:{key}"
        if await anyio.to_thread.run_sync(self._sent_before, key):
            return
        await send()
        await anyio.to_thread.run_sync(self._mark_sent, key)

    async def on_placed(self, view: EventView) -> None:
        """Each shop with a linked chat gets its part of the new order as a card with buttons."""
        def read(s: Session) -> list[tuple[int, int, str, InlineKeyboardMarkup | None]]:
            order = s.get(Order, view.order_id)
            if order is None:
                raise LookupError(f"order {view.order_id} of an order event does not exist")
            routes = [(sub, shop_route(sub.shop).telegram()) for sub in order.sub_orders]
            return [(sub.id, chat_id, messages.shop_order_text(s, sub), render.shop_order_keyboard(sub))
                    for sub, chat_id in routes if chat_id is not None]
        cards = await self._read(read)
        for sub_id, chat_id, text, markup in cards:
            await self._once(f"{view.id}:{sub_id}",
                             functools.partial(self.notifier.send, chat_id, text, markup=markup, html=True))

    async def on_resident_news(self, view: EventView) -> None:
        """A shop accepted, rejected items (with the refund), packed, or the order is on its way."""
        if view.sub_order_id is None:
            return
        if view.event == EventName.line_weighed and not view.details_of(LineWeighed).order_final:
            return  # the final amount once, when the last weighed item is weighed
        def read(s: Session) -> tuple[int | None, str | None]:
            sub = _sub_order(s, view.sub_order_id)
            chat_id = resident_chat(s, sub.order)
            return chat_id, messages.resident_news(s, view.event, sub) if chat_id else None
        chat_id, text = await self._read(read)
        if chat_id and text:
            await self._once(f"{view.id}:{chat_id}", lambda: self.notifier.send(chat_id, text))

    async def on_substitute_proposed(self, view: EventView) -> None:
        """A Telegram resident is asked about a shop's substitute, with "Ja" and "Nein" buttons (issue 17);
        residents without Telegram get an SMS (``bot.channels.sms``)."""
        offer_id = view.details_of(SubstituteProposed).offer_id
        def read(s: Session) -> tuple[int, str, InlineKeyboardMarkup | None] | None:
            offer = s.get(SubstituteOffer, offer_id)
            chat_id = resident_chat(s, offer.sub_order.order) if offer is not None else None
            if offer is None or chat_id is None or offer.status != "proposed":
                return None
            region = s.get(Region, offer.sub_order.order.region_id)
            deadline = format_moment(offer.deadline.astimezone(ZoneInfo(region.timezone if region else "Europe/Berlin")))
            return (chat_id, *messages.substitute_question(offer, deadline))
        question = await self._read(read)
        if question is None:
            return
        chat_id, text, markup = question
        await self._once(f"{view.id}:{chat_id}", lambda: self.notifier.send(chat_id, text, markup=markup))

    async def on_substitute_decided(self, view: EventView) -> None:
        """The outcome when the deadline decided (an answer by button is answered in place)."""
        if view.actor != "system":
            return
        offer_id = view.details_of(SubstituteDecided).offer_id
        def read(s: Session) -> tuple[int | None, str]:
            offer = s.get(SubstituteOffer, offer_id)
            chat_id = resident_chat(s, offer.sub_order.order) if offer is not None else None
            return chat_id, messages.substitute_outcome(offer) if offer is not None else ""
        chat_id, text = await self._read(read)
        if chat_id is not None:
            await self._once(f"{view.id}:{chat_id}", lambda: self.notifier.send(chat_id, text))

    async def on_cancelled(self, view: EventView) -> None:
        """A shop hears when a resident or the admin cancelled its part (not when it rejected itself)."""
        if view.sub_order_id is None or view.actor.startswith("shop:"):
            return
        def read(s: Session) -> tuple[int | None, str]:
            sub = _sub_order(s, view.sub_order_id)
            return shop_route(sub.shop).telegram(), f"🚫 Bestellung {sub.order.reference} wurde storniert. Bitte nicht packen."
        chat_id, text = await self._read(read)
        if chat_id is not None:
            await self._once(f"{view.id}:{chat_id}", lambda: self.notifier.send(chat_id, text))

    async def on_reminded(self, view: EventView) -> None:
        """The shop's reminder, with the card's buttons again so it can answer right there; not once
        it has answered (a reminder sent late, on a retry), as its SMS reminder is not either."""
        minutes = view.details_of(ShopUnanswered).minutes
        def read(s: Session) -> tuple[int | None, str, InlineKeyboardMarkup | None]:
            sub = _sub_order(s, view.sub_order_id)
            chat_id = shop_route(sub.shop).telegram() if sub.status == "placed" else None
            return (chat_id, messages.reminder_text(sub, minutes),
                    render.shop_order_keyboard(sub))
        chat_id, text, markup = await self._read(read)
        if chat_id is not None:
            await self._once(f"{view.id}:{chat_id}",
                             lambda: self.notifier.send(chat_id, text, markup=markup))

    async def on_delivery_parked(self, view: EventView) -> None:
        """The region's admin learns that a message was parked as failed after its last attempt."""
        admin_chat = self.admin_chat_id
        if admin_chat is None:
            return
        parked = view.details_of(DeliveryParked)
        def read(s: Session) -> str:
            order = s.get(Order, view.order_id)
            return "⚠️ " + parked_alert(parked, order.reference if order is not None else "?")
        text = await self._read(read)
        await self._once(f"{view.id}:{admin_chat}", lambda: self.notifier.send(admin_chat, text))

    async def on_escalated(self, view: EventView) -> None:
        """The region's admin learns of an order a shop leaves unanswered (to phone the shop)."""
        admin_chat = self.admin_chat_id
        if admin_chat is None:
            log.warning("sub-order %s unanswered, but no telegram_admin_chat_id is set", view.sub_order_id)
            return
        minutes = view.details_of(ShopUnanswered).minutes
        def read(s: Session) -> str:
            return messages.escalation_text(s, _sub_order(s, view.sub_order_id), minutes)
        text = await self._read(read)
        await self._once(f"{view.id}:{admin_chat}", lambda: self.notifier.send(admin_chat, text))


# ---------------------------------------------------------------- the channel's own housekeeping


def forget_old_updates(database: Database, now: datetime, keep: timedelta = timedelta(days=7)) -> int:
    """Drop update ids older than a week: Telegram repeats an update for a day at most."""
    with database.session() as s:
        result = s.execute(delete(ProcessedEvent).where(ProcessedEvent.source == SOURCE,
                                                        ProcessedEvent.id.like("telegram-update:%"),
                                                        ProcessedEvent.at < now - keep))
        return int(getattr(result, "rowcount", 0) or 0)


async def forget_loop(database: Database, clock: Clock, interval_seconds: float) -> None:
    """Forget old update ids every ``interval_seconds`` (at least 10) until cancelled."""
    interval = max(interval_seconds, 10)
    while True:
        try:
            await anyio.to_thread.run_sync(forget_old_updates, database, clock.now())
        except Exception:  # noqa: BLE001 - the next round tries again
            log.exception("forgetting old Telegram updates failed")
        await asyncio.sleep(interval)
