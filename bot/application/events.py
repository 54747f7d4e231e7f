"""Order events as a transactional outbox: notifications and payments react after commit.

Use cases write an OrderEvent in the same transaction as the change ("placed",
"confirmed", "line_rejected", "ready", "cancelled" …). After the request or turn,
``dispatch_pending`` hands each new event to its subscribers: the shop's Telegram or
SMS message, the resident's push message, the payment split. A subscriber that fails
leaves the event for a later retry (up to MAX_ATTEMPTS), so nothing is lost when
Telegram or Stripe is briefly away; subscribers must therefore be idempotent.

A bus that ``watch``es the database learns from its commits whether events were written, so
the dispatcher only queries after such a commit (and every ``interval`` seconds, for events
another process wrote); a turn that wrote none costs nothing here. The dispatcher's queries
and plain-function subscribers run in worker threads, never on the event loop.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import anyio
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.clock import Clock
from ordering.db import Database
from ordering.models import OrderEvent

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class EventView:
    id: int
    order_id: int
    sub_order_id: int | None
    event: str
    actor: str
    detail: dict[str, Any]
    at: datetime


# A handler gets the event only: what else it needs it was given when it was built (the
# composition root binds each handler to its ports, as in cosmicpython's bootstrap).
Handler = Callable[[EventView], Awaitable[None] | None]


class EventBus:
    """Subscribers per event name ("*" for all), fed from the outbox in ``database``."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._watching = False
        self._written = threading.Event()  # set by a commit that wrote events, cleared by a dispatch

    def watch(self) -> None:
        """Learn from the database's commits when events were written (and wake the dispatcher then)."""
        if self._watching:
            return
        self._watching = True
        database = self.database

        def after_flush(session: Session, _context: object) -> None:
            if any(isinstance(obj, OrderEvent) for obj in session.new):
                session.info["kiepe.events_written"] = True

        def after_commit(session: Session) -> None:
            if session.info.pop("kiepe.events_written", False):
                self._written.set()
                self.nudge()

        # A rolled-back flag only costs one needless query, so rollbacks are not tracked.
        database.on_session("after_flush", after_flush)
        database.on_session("after_commit", after_commit)

    @property
    def may_have_news(self) -> bool:
        """False only when a watching bus knows this process wrote no event since its last dispatch."""
        return not self._watching or self._written.is_set()

    def nudge(self) -> None:
        """Something was written: wake the dispatcher loop (if one runs) now; safe from any thread."""
        wake, loop = self._wake, self._loop
        if wake is None or loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            wake.set()
        else:
            loop.call_soon_threadsafe(wake.set)

    async def run(self, interval: float = 2.0) -> None:
        """The dispatcher loop of a serving process: after a nudge, or every ``interval`` seconds."""
        self._wake = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        while True:
            timed_out = False
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=interval)
            except TimeoutError:
                timed_out = True
            self._wake.clear()
            if not (timed_out or self.may_have_news):
                continue  # a nudge for a turn that wrote no event
            try:
                await self.dispatch_pending()
            except Exception:  # noqa: BLE001 - the loop outlives a broken database moment
                log.exception("event dispatch failed")

    def subscribe(self, event: str, handler: Handler) -> None:
        self._handlers[event].append(handler)

    def handlers_for(self, event: str) -> list[Handler]:
        return [*self._handlers.get(event, ()), *self._handlers.get("*", ())]

    async def dispatch_pending(self, limit: int = 200, *, if_news: bool = False) -> int:
        """Hand undispatched events to their subscribers, oldest first; returns how many were handled.

        ``if_news``: skip the query when a watching bus knows no event was written since the last
        dispatch (a request that changed nothing); the periodic round still looks for all.
        """
        if if_news and not self.may_have_news:
            return 0
        self._written.clear()  # before the query: a commit after it sets it again
        pending = await anyio.to_thread.run_sync(self._pending, limit)
        handled = 0
        for view in pending:
            if not await anyio.to_thread.run_sync(self._claim, view.id):
                continue  # another worker has it
            try:
                for handler in self.handlers_for(view.event):
                    if inspect.iscoroutinefunction(handler):
                        await handler(view)
                        continue
                    result = await anyio.to_thread.run_sync(handler, view)
                    if inspect.isawaitable(result):
                        await result
                handled += 1
            except Exception:  # noqa: BLE001 - one failing subscriber must not stop the others' events
                log.exception("event %s (%s) failed; will retry", view.id, view.event)
                await anyio.to_thread.run_sync(self._unclaim, view.id)
        return handled

    def _pending(self, limit: int) -> list[EventView]:
        with self.database.read_session() as s:
            rows = s.scalars(
                select(OrderEvent)
                .where(OrderEvent.dispatched_at.is_(None), OrderEvent.dispatch_attempts < MAX_ATTEMPTS)
                .order_by(OrderEvent.id)
                .limit(limit)
            ).all()
            return [EventView(e.id, e.order_id, e.sub_order_id, e.event, e.actor, dict(e.detail or {}), e.at)
                    for e in rows]

    def _claim(self, event_id: int) -> bool:
        with self.database.session() as s:
            result = s.execute(
                update(OrderEvent)
                .where(OrderEvent.id == event_id, OrderEvent.dispatched_at.is_(None))
                .values(dispatched_at=self.clock.now(), dispatch_attempts=OrderEvent.dispatch_attempts + 1)
            )
            return getattr(result, "rowcount", 0) == 1

    def _unclaim(self, event_id: int) -> None:
        with self.database.session() as s:
            s.execute(update(OrderEvent).where(OrderEvent.id == event_id).values(dispatched_at=None))
