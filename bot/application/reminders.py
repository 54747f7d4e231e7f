"""Shops that leave an order unanswered are reminded, and the admin is told; on every channel.

``Reminders.run_once`` only writes "shop_reminded" and "shop_escalated" events (the order's
history shows them); the outbox's handlers send them: a Telegram shop gets a card with the
buttons again, a shop without Telegram an SMS, the admin a Telegram message and (with
``KIEPE_ADMIN_PHONE``) an SMS. ``write_due`` is a timed job of the worker (``bot.worker``),
whether or not Telegram is configured.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import anyio
from sqlalchemy import select

from bot.application.event_details import ShopUnanswered
from bot.application.event_names import EventName
from bot.application.events import EventBus
from bot.clock import Clock
from ordering import substitutes
from ordering.db import Database
from ordering.models import Order, OrderEvent, SubOrder

log = logging.getLogger(__name__)

REMINDED: str = EventName.shop_reminded.value  # the plain strings, as stored
ESCALATED: str = EventName.shop_escalated.value


class Reminders:
    """Remind after ``remind_after``, escalate after ``escalate_after``; each once per sub-order."""

    def __init__(self, database: Database, clock: Clock, events: EventBus, *, remind_after: timedelta,
                 escalate_after: timedelta) -> None:
        self.database = database
        self.clock = clock
        self.events = events
        self.remind_after = remind_after
        self.escalate_after = escalate_after

    def write_due(self, now: datetime) -> int:
        """Write reminder and escalation events for sub-orders unanswered too long; returns how many.
        Substitutes unanswered by their deadline are decided here too (issue 17), one event each."""
        written = 0
        with self.database.session() as s:
            written += len(substitutes.apply_lapsed(s, now))
            open_subs = s.scalars(
                select(SubOrder).join(Order)
                .where(SubOrder.status == "placed", Order.created_at <= now - self.remind_after)
                .order_by(SubOrder.id)
            ).all()
            for sub in open_subs:
                done = set(s.scalars(select(OrderEvent.event).where(OrderEvent.sub_order_id == sub.id,
                                                                    OrderEvent.event.in_((REMINDED, ESCALATED)))))
                age = now - sub.order.created_at
                minutes = int(age.total_seconds() // 60)
                for event, after in ((REMINDED, self.remind_after), (ESCALATED, self.escalate_after)):
                    if event not in done and age >= after:
                        sub.order.events.append(OrderEvent(sub_order_id=sub.id, at=now, actor="system",
                                                           event=event, detail=ShopUnanswered(minutes).to_json()))
                        written += 1
        return written

    async def run_once(self, now: datetime | None = None) -> int:
        """One round: write what is due and hand it to the handlers now. Returns events written."""
        written = await anyio.to_thread.run_sync(self.write_due, now or self.clock.now())
        if written:
            await self.events.dispatch_pending()
        return written
