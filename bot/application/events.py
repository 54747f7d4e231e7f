"""Order events as a transactional outbox: notifications and payments react after commit.

Use cases write an OrderEvent in the same transaction as the change ("placed",
"confirmed", "line_rejected", "ready", "cancelled" …). After the request or turn,
``dispatch_pending`` hands each new event to its subscribers: the shop's Telegram or
SMS message, the resident's push message, the payment split.

Nothing is dropped. A dispatcher first records one delivery per event and subscriber
(``bot.application.outbox_tables.EventDelivery``), leased to itself; a subscriber that fails
is tried again alone, the others are not repeated, after a growing delay with jitter
(``RetryPolicy``: 30 s doubling up to 2 h, 12 attempts over about 8 hours). After the last
attempt the delivery is parked as failed and a "delivery_parked" event is written, which
tells the region admin (SMS, Telegram); ``kiepe events failed|retry`` and the admin API
show and resend parked deliveries. Claims are leases: a delivery held by a process that was
killed is taken up by another dispatcher once its lease runs out. Claims lock rows with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so any number of dispatchers share the work; on
SQLite every writing transaction begins with ``BEGIN IMMEDIATE`` (``ordering.db``), which
serialises the claims. Subscribers must be idempotent (they record what they sent): a
message is sent twice only when a process dies between the provider accepting it and the
commit that records it.

A bus that ``watch``es the database learns from its commits whether events were written, so
the dispatcher only queries after such a commit (and every ``interval`` seconds, for events
another process wrote and for retries that fell due); a turn that wrote none costs nothing
here. The dispatcher's queries and plain-function subscribers run in worker threads, never
on the event loop.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import anyio
from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session

from bot.application.event_details import DeliveryParked, EventDetails, parse_details
from bot.application.event_names import EventName
from bot.application.loop_failures import LoopFailures
from bot.application.outbox_tables import DELIVERED, FAILED, PENDING, EventDelivery
from bot.application.retry import RetryPolicy
from bot.clock import Clock
from ordering.db import Database
from ordering.errors import EventDetailsUnreadable
from ordering.models import OrderEvent

log = logging.getLogger(__name__)

# Written when a delivery is parked as failed; its own subscribers tell the region admin.
DELIVERY_PARKED: str = EventName.delivery_parked.value  # the plain string, as stored
DEFAULT_LEASE = timedelta(minutes=2)
_D = TypeVar("_D")


@dataclass(frozen=True)
class EventView:
    """A committed order event as handlers get it; its details typed (``details``, ``details_of``)."""

    id: int
    order_id: int
    sub_order_id: int | None
    event: str
    actor: str
    stored_detail: Mapping[str, Any]  # the JSON as stored: handlers read ``details`` instead
    at: datetime

    @functools.cached_property
    def details(self) -> EventDetails:
        """The details as their type (``bot.application.event_details.DETAILS``), read on first use.

        ``EventDetailsUnreadable`` for a row of another shape: the handler asking fails, and is
        retried and parked like any other failure; the other handlers of the event are not held up.
        """
        try:
            return parse_details(self.event, self.stored_detail)
        except EventDetailsUnreadable as e:
            raise EventDetailsUnreadable(f"order event {self.id}: {e}", event=self.event, key=e.key) from e

    def details_of(self, shape: type[_D]) -> _D:
        """The details, which a handler subscribed to this event knows to be a ``shape``."""
        details = self.details
        if not isinstance(details, shape):
            raise EventDetailsUnreadable(f"order event {self.id} ({self.event}) has {type(details).__name__} "
                                         f"details, not {shape.__name__}", event=self.event)
        return details


# A handler gets the event only: what else it needs it was given when it was built (the
# composition root binds each handler to its ports, as in cosmicpython's bootstrap).
Handler = Callable[[EventView], Awaitable[None] | None]


@dataclass(frozen=True)
class Claim:
    """A delivery this dispatcher holds until ``leased_until``; ``token`` proves it is still ours."""

    delivery_id: int
    subscriber: str
    attempts: int
    token: str
    view: EventView


def subscriber_name(handler: Handler) -> str:
    """The name deliveries are recorded under: where the handler is defined (stable across processes)."""
    function = getattr(handler, "__func__", handler)
    return f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', repr(function))}"


def _view(e: OrderEvent) -> EventView:
    return EventView(e.id, e.order_id, e.sub_order_id, e.event, e.actor, dict(e.detail or {}), e.at)


class EventBus:
    """Subscribers per event name ("*" for all), fed from the outbox in ``database``."""

    def __init__(self, database: Database, clock: Clock, policy: RetryPolicy | None = None, *,
                 lease: timedelta = DEFAULT_LEASE) -> None:
        self.database = database
        self.clock = clock
        self.policy = policy or RetryPolicy()
        self.lease = lease
        self._handlers: dict[str, list[tuple[str, Handler]]] = defaultdict(list)
        self._by_name: dict[str, Handler] = {}
        # Subscribers another part of this installation will add (the Telegram pushes, once the
        # bot has started): their deliveries are recorded now and sent when they join.
        self._expected: dict[str, list[str]] = defaultdict(list)
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

    def poke(self) -> None:
        """Deliveries became due (a retry asked for, a subscriber joined): the next round looks for them."""
        self._written.set()
        self.nudge()

    async def run(self, interval: float = 2.0) -> None:
        """The dispatcher loop of a serving process: after a nudge, or every ``interval`` seconds."""
        self._wake = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        failures = LoopFailures(log, "event dispatch")
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
                failures.failed()
            else:
                failures.succeeded()

    def subscribe(self, event: str, handler: Handler, *, name: str | None = None) -> str:
        """Add ``handler`` for ``event``; returns the name its deliveries are recorded under."""
        name = name or subscriber_name(handler)
        base, n = name, 1
        while name in self._by_name and self._by_name[name] != handler:
            n += 1
            name = f"{base}#{n}"  # two different handlers defined at one place (lambdas in tests)
        self._by_name[name] = handler
        if name not in self.names_for(event):
            self._handlers[event].append((name, handler))
        self.poke()  # deliveries recorded for it before it joined can go now
        return name

    def expect(self, event: str, name: str) -> None:
        """``name`` will subscribe to ``event`` later in this process: record its deliveries meanwhile."""
        if name not in self._expected[event]:
            self._expected[event].append(name)

    def handlers_for(self, event: str) -> list[Handler]:
        return [handler for _, handler in (*self._handlers.get(event, ()), *self._handlers.get("*", ()))]

    def names_for(self, event: str) -> list[str]:
        """Every subscriber that gets ``event``: present ones and expected ones."""
        names = [name for name, _ in (*self._handlers.get(event, ()), *self._handlers.get("*", ()))]
        for expected in (*self._expected.get(event, ()), *self._expected.get("*", ())):
            if expected not in names:
                names.append(expected)
        return names

    async def dispatch_pending(self, limit: int = 200, *, if_news: bool = False) -> int:
        """Hand new events and due retries to their subscribers; returns how many deliveries succeeded.

        ``if_news``: skip the query when a watching bus knows no event was written since the last
        dispatch (a request that changed nothing); the periodic round still looks for all.
        """
        if if_news and not self.may_have_news:
            return 0
        self._written.clear()  # before the query: a commit after it sets it again
        if not await anyio.to_thread.run_sync(self._has_work):
            return 0
        claims = await anyio.to_thread.run_sync(self.claim, limit)
        renew_at = self.clock.now() + self.lease / 2
        ours: set[int] | None = None  # after a renewal: the deliveries still leased to us
        delivered = 0
        for claim in claims:
            # A batch may take longer than a lease: before half of it is gone, the leases of the
            # deliveries not yet run are renewed, so none starts with its lease about to run out
            # (and is taken over meanwhile). One that was taken over already is left to its new holder.
            if self.clock.now() >= renew_at:
                ours = await anyio.to_thread.run_sync(self.renew, claim.token)
                renew_at = self.clock.now() + self.lease / 2
            if ours is not None and claim.delivery_id not in ours:
                continue
            if await self.deliver(claim):
                delivered += 1
        return delivered

    async def deliver(self, claim: Claim) -> bool:
        """Run one claimed delivery's subscriber and record the outcome; True when it succeeded."""
        handler = self._by_name[claim.subscriber]
        try:
            if inspect.iscoroutinefunction(handler):
                await handler(claim.view)
            else:
                result = await anyio.to_thread.run_sync(handler, claim.view)
                if inspect.isawaitable(result):
                    await result
        except Exception as exc:  # noqa: BLE001 - one failing subscriber must not stop the others
            log.warning("event %s (%s) to %s failed on attempt %d: %s", claim.view.id, claim.view.event,
                        claim.subscriber, claim.attempts, exc, exc_info=True)
            await anyio.to_thread.run_sync(self.record_failure, claim, exc)
            return False
        await anyio.to_thread.run_sync(self.record_success, claim)
        return True

    # ------------------------------------------------------------ the database side (worker threads)

    def _has_work(self) -> bool:
        """A read without the write lock: is there a new event or a due delivery of ours?"""
        now = self.clock.now()
        with self.database.read_session() as s:
            new = s.scalar(select(exists().where(OrderEvent.dispatched_at.is_(None))))
            return bool(new) or bool(s.scalar(select(exists().where(*self._due(now)))))

    def _due(self, now: datetime) -> tuple[Any, ...]:
        return (EventDelivery.status == PENDING, EventDelivery.next_attempt_at <= now,
                or_(EventDelivery.leased_until.is_(None), EventDelivery.leased_until <= now),
                EventDelivery.subscriber.in_(list(self._by_name)))

    def claim(self, limit: int = 200) -> list[Claim]:
        """In one transaction: record the deliveries of new events, and lease those due to us."""
        now = self.clock.now()
        token = uuid.uuid4().hex
        until = now + self.lease
        claims: list[Claim] = []
        with self.database.session() as s:
            fresh = s.scalars(select(OrderEvent).where(OrderEvent.dispatched_at.is_(None))
                              .order_by(OrderEvent.id).limit(limit).with_for_update(skip_locked=True)).all()
            new: list[tuple[EventDelivery, EventView]] = []
            for event in fresh:
                view = _view(event)
                for name in self.names_for(event.event):
                    ours = name in self._by_name
                    delivery = EventDelivery(event_id=event.id, subscriber=name, status=PENDING, next_attempt_at=now,
                                             attempts=1 if ours else 0, created_at=now,
                                             leased_until=until if ours else None, lease_token=token if ours else None)
                    s.add(delivery)
                    if ours:
                        new.append((delivery, view))
                event.dispatched_at = now
            s.flush()
            claims.extend(Claim(d.id, d.subscriber, d.attempts, token, view) for d, view in new)
            due = s.scalars(select(EventDelivery).where(*self._due(now)).order_by(EventDelivery.id)
                            .limit(limit).with_for_update(skip_locked=True)).all()
            if due:
                events = {e.id: _view(e) for e in s.scalars(
                    select(OrderEvent).where(OrderEvent.id.in_({d.event_id for d in due})))}
                for d in due:
                    d.attempts += 1
                    d.leased_until, d.lease_token = until, token
                    claims.append(Claim(d.id, d.subscriber, d.attempts, token, events[d.event_id]))
        claims.sort(key=lambda c: (c.view.id, c.delivery_id))
        return claims

    def renew(self, token: str) -> set[int]:
        """Extend the leases of every pending delivery held under ``token``; returns their ids."""
        with self.database.session() as s:
            s.execute(update(EventDelivery).where(EventDelivery.lease_token == token, EventDelivery.status == PENDING)
                      .values(leased_until=self.clock.now() + self.lease))
            return set(s.scalars(select(EventDelivery.id).where(EventDelivery.lease_token == token,
                                                                EventDelivery.status == PENDING)))

    def _ours(self, claim: Claim) -> Any:
        return (EventDelivery.id == claim.delivery_id, EventDelivery.lease_token == claim.token,
                EventDelivery.status == PENDING)

    def record_success(self, claim: Claim) -> None:
        with self.database.session() as s:
            done = s.execute(update(EventDelivery).where(*self._ours(claim)).values(
                status=DELIVERED, delivered_at=self.clock.now(), leased_until=None, lease_token=None))
            if getattr(done, "rowcount", 0) != 1:
                log.warning("delivery %s was taken over after its lease ran out; delivered twice",
                            claim.delivery_id)

    def record_failure(self, claim: Claim, error: BaseException) -> None:
        """Schedule the next attempt after a growing delay, or park the delivery after the last one."""
        now = self.clock.now()
        message = f"{type(error).__name__}: {error}"[:500]
        with self.database.session() as s:
            delivery = s.get(EventDelivery, claim.delivery_id)
            if delivery is None or delivery.lease_token != claim.token or delivery.status != PENDING:
                log.warning("delivery %s failed after its lease was taken over", claim.delivery_id)
                return
            delivery.last_error = message
            delivery.first_failed_at = delivery.first_failed_at or now
            delivery.leased_until, delivery.lease_token = None, None
            if not self.policy.gives_up_after(delivery.attempts):
                delivery.next_attempt_at = now + self.policy.delay(delivery.attempts)
                return
            delivery.status, delivery.parked_at = FAILED, now
            log.error("event %s (%s) to %s parked as failed after %d attempts: %s", claim.view.id,
                      claim.view.event, claim.subscriber, delivery.attempts, message)
            if claim.view.event != DELIVERY_PARKED:  # a failed alert is not alerted again (no loop)
                s.add(OrderEvent(order_id=claim.view.order_id, sub_order_id=claim.view.sub_order_id, at=now,
                                 actor="system", event=DELIVERY_PARKED,
                                 detail=DeliveryParked(delivery_id=delivery.id, event_id=claim.view.id,
                                                       event=claim.view.event, subscriber=claim.subscriber,
                                                       attempts=delivery.attempts, error=message).to_json()))

