"""Order events as a transactional outbox: notifications and payments react after commit.

Use cases write an OrderEvent in the same transaction as the change ("placed",
"confirmed", "line_rejected", "ready", "cancelled" …). After the request or turn,
``dispatch_pending`` hands each new event to its subscribers: the shop's Telegram or
SMS message, the resident's push message, the payment split. A subscriber that fails
leaves the event for a later retry (up to MAX_ATTEMPTS), so nothing is lost when
Telegram or Stripe is briefly away; subscribers must therefore be idempotent.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from ordering.models import OrderEvent

if TYPE_CHECKING:
    from bot.composition import Container

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class EventView:
    id: int
    order_id: int
    sub_order_id: int | None
    event: str
    actor: str
    detail: dict
    at: datetime


Handler = Callable[["Container", EventView], Awaitable[None] | None]


class EventBus:
    """Subscribers per event name ("*" for all)."""

    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._wake: asyncio.Event | None = None

    def nudge(self) -> None:
        """Something was written: wake the dispatcher loop (if one runs) now instead of later."""
        if self._wake is not None:
            self._wake.set()

    async def run(self, container: Container, interval: float = 2.0) -> None:
        """The dispatcher loop of a serving process: after a nudge, or every ``interval`` seconds."""
        self._wake = asyncio.Event()
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=interval)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.dispatch_pending(container)
            except Exception:  # noqa: BLE001 - the loop outlives a broken database moment
                log.exception("event dispatch failed")

    def subscribe(self, event: str, handler: Handler) -> None:
        self._handlers[event].append(handler)

    def handlers_for(self, event: str) -> list[Handler]:
        return [*self._handlers.get(event, ()), *self._handlers.get("*", ())]

    async def dispatch_pending(self, container: Container, limit: int = 200) -> int:
        """Hand undispatched events to their subscribers, oldest first; returns how many were handled."""
        database = container.database
        with database.session() as s:
            rows = s.scalars(
                select(OrderEvent)
                .where(OrderEvent.dispatched_at.is_(None), OrderEvent.dispatch_attempts < MAX_ATTEMPTS)
                .order_by(OrderEvent.id)
                .limit(limit)
            ).all()
            pending = [EventView(e.id, e.order_id, e.sub_order_id, e.event, e.actor, dict(e.detail or {}), e.at)
                       for e in rows]
        handled = 0
        for view in pending:
            if not self._claim(container, view.id):
                continue  # another worker has it
            try:
                for handler in self.handlers_for(view.event):
                    result = handler(container, view)
                    if inspect.isawaitable(result):
                        await result
                handled += 1
            except Exception:  # noqa: BLE001 - one failing subscriber must not stop the others' events
                log.exception("event %s (%s) failed; will retry", view.id, view.event)
                self._unclaim(container, view.id)
        return handled

    @staticmethod
    def _claim(container: Container, event_id: int) -> bool:
        with container.database.session() as s:
            result = s.execute(
                update(OrderEvent)
                .where(OrderEvent.id == event_id, OrderEvent.dispatched_at.is_(None))
                .values(dispatched_at=container.clock.now(), dispatch_attempts=OrderEvent.dispatch_attempts + 1)
            )
            return result.rowcount == 1

    @staticmethod
    def _unclaim(container: Container, event_id: int) -> None:
        with container.database.session() as s:
            s.execute(update(OrderEvent).where(OrderEvent.id == event_id).values(dispatched_at=None))
