"""Kiepe's Prometheus metrics (``prometheus-client``), served at ``/metrics``.

Counted as things happen, in this process:

* ``kiepe_turns_total{channel}`` and ``kiepe_turn_seconds{channel}``: every dialogue turn
  (``MeteredTurns`` wraps the one dialogue);
* ``kiepe_nlu_seconds`` and ``kiepe_nlu_failures_total{kind}`` (``MeteredNlu``);
* ``kiepe_external_call_failures_total{service,operation,error}``: every exception a Stripe or
  Twilio adapter raises through its port (``count_failures`` wraps the adapter);
* ``kiepe_turns_in_flight``, ``kiepe_turns_waiting`` and ``kiepe_turns_turned_away_total{channel}``:
  admission control under overload (``bot.application.admission``).

Computed on each scrape from the database, for the whole installation (cheap: a few
aggregate queries over indexed columns): the outbox backlog, the age of its oldest pending
event, the events given up on, and the holds and bookings of every window still to come.

Several processes (``kiepe serve --workers N``): prometheus-client keeps each process's
counters in files under ``PROMETHEUS_MULTIPROC_DIR`` when that variable is set before the
processes start; a scrape of any one worker then adds all of them up. ``kiepe serve`` sets it
to a fresh directory when it starts more than one worker and the variable is not set.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any, TypeVar, cast

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, or_, select

from bot.application.outbox_tables import FAILED, PENDING, EventDelivery
from bot.application.ports import TurnHandler
from bot.application.turns import Reply, Turn
from nlu.result import NluPort, NluResult
from ordering.db import Database
from ordering.models import HoldStatus, OrderEvent, Slot, SlotHold

log = logging.getLogger(__name__)
T = TypeVar("T")

TURN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0)
NLU_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0)

TURNS = Counter("kiepe_turns", "dialogue turns taken, per channel", ["channel"])
TURN_SECONDS = Histogram("kiepe_turn_seconds", "time to answer one dialogue turn", ["channel"], buckets=TURN_BUCKETS)
NLU_SECONDS = Histogram("kiepe_nlu_seconds", "time of one NLU parse (Rasa), failures included", buckets=NLU_BUCKETS)
NLU_FAILURES = Counter("kiepe_nlu_failures", "NLU parses that failed: unavailable or nonsense", ["kind"])
EXTERNAL_FAILURES = Counter("kiepe_external_call_failures", "calls to Stripe or Twilio that raised an error",
                            ["service", "operation", "error"])
IN_FLIGHT = Gauge("kiepe_turns_in_flight", "turns admitted and not yet answered", multiprocess_mode="livesum")
WAITING = Gauge("kiepe_turns_waiting", "turns waiting to be admitted", multiprocess_mode="livesum")
TURNED_AWAY = Counter("kiepe_turns_turned_away", "turns not admitted under overload (503 or 'Einen Moment bitte')",
                      ["channel"])


class MeteredTurns:
    """The dialogue, counted: turns per channel and their latency."""

    def __init__(self, inner: TurnHandler) -> None:
        self.inner = inner

    async def handle(self, turn: Turn) -> list[Reply]:
        started = time.perf_counter()
        try:
            return await self.inner.handle(turn)
        finally:
            TURNS.labels(turn.channel).inc()
            TURN_SECONDS.labels(turn.channel).observe(time.perf_counter() - started)


class MeteredNlu:
    """The NLU port, timed; a parse that comes back unavailable counts as a failure."""

    def __init__(self, inner: NluPort) -> None:
        self.inner = inner

    async def parse(self, text: str) -> NluResult:
        started = time.perf_counter()
        result = await self.inner.parse(text)
        if text.strip():  # an empty text never reaches Rasa
            NLU_SECONDS.observe(time.perf_counter() - started)
            if not result.available:
                NLU_FAILURES.labels(result.intent).inc()
        return result

    def __getattr__(self, name: str) -> Any:  # the client's own attributes (servers, breakers …)
        return getattr(self.inner, name)


class _FailureCounting:
    """Forwards every attribute to an adapter; an exception out of one of its methods is counted."""

    def __init__(self, target: object, service: str) -> None:
        self._target = target
        self._service = service

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute) or name.startswith("_"):
            return attribute
        service = self._service

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return attribute(*args, **kwargs)
            except Exception as exc:
                EXTERNAL_FAILURES.labels(service, name, type(exc).__name__).inc()
                raise

        return call

    def __repr__(self) -> str:
        return f"counted({self._target!r})"


def count_failures(adapter: T, service: str) -> T:
    """``adapter`` (a Stripe gateway, a Twilio notifier) whose raised errors are counted per method."""
    return cast(T, _FailureCounting(adapter, service))


# ---------------------------------------------------------------- computed on scrape


class DatabaseCollector(Collector):
    """Outbox and window figures, read from the database when Prometheus asks."""

    def __init__(self, database: Database, now: Callable[[], datetime] | None = None) -> None:
        """``now``: the installation's clock, which says which windows are still to come."""
        self.database = database
        self.now = now or (lambda: datetime.now(timezone.utc))

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            figures = self._read()
        except Exception:  # a scrape must not fail because the database is away: /readyz says so
            log.exception("metrics: the database could not be read")
            up = GaugeMetricFamily("kiepe_database_up", "the database answered the metrics queries")
            up.add_metric([], 0)
            yield up
            return
        yield from figures

    def _read(self) -> list[GaugeMetricFamily]:
        now = self.now()
        # pending: not yet handed out to its subscribers, or a subscriber still to be told (retrying);
        # failed: a subscriber's delivery parked after its last attempt (bot.application.dead_letters)
        waiting = select(EventDelivery.event_id).where(EventDelivery.status == PENDING)
        pending_where = or_(OrderEvent.dispatched_at.is_(None), OrderEvent.id.in_(waiting))
        with self.database.read_session() as s:
            pending, oldest = s.execute(
                select(func.count(OrderEvent.id), func.min(OrderEvent.at)).where(pending_where)).one()
            failed = s.scalar(select(func.count(EventDelivery.id)).where(EventDelivery.status == FAILED)) or 0
            windows = s.execute(
                select(Slot.id, Slot.kind, Slot.start, Slot.capacity, SlotHold.status, func.count(SlotHold.id))
                .outerjoin(SlotHold, (SlotHold.slot_id == Slot.id)
                           & SlotHold.status.in_((HoldStatus.held.value, HoldStatus.booked.value)))
                .where(Slot.end > now)
                .group_by(Slot.id, Slot.kind, Slot.start, Slot.capacity, SlotHold.status)).all()
        up = GaugeMetricFamily("kiepe_database_up", "the database answered the metrics queries")
        up.add_metric([], 1)
        backlog = GaugeMetricFamily("kiepe_outbox_pending", "order events not yet handed to every subscriber")
        backlog.add_metric([], pending or 0)
        age = GaugeMetricFamily("kiepe_outbox_oldest_pending_seconds", "age of the oldest pending order event")
        # events are stamped with the wall clock (not the installation's Clock, which tests may set)
        wall = datetime.now(timezone.utc)
        age.add_metric([], max(0.0, (wall - _utc(oldest)).total_seconds()) if oldest else 0.0)
        given_up = GaugeMetricFamily("kiepe_events_failed", "order events given up on after every retry")
        given_up.add_metric([], failed)
        places = GaugeMetricFamily("kiepe_window_places", "places of a window still to come, by state",
                                   labels=["slot", "kind", "start", "state"])
        capacity: dict[tuple[str, str, str], int] = {}
        for slot_id, kind, start, cap, status, count in windows:
            key = (str(slot_id), kind, _utc(start).isoformat())
            capacity[key] = cap
            if status is not None:
                places.add_metric([*key, status], count)
        caps = GaugeMetricFamily("kiepe_window_capacity", "places of a window still to come",
                                 labels=["slot", "kind", "start"])
        for key, cap in capacity.items():
            caps.add_metric(list(key), cap)
        return [up, backlog, age, given_up, places, caps]


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition(database: Database, now: Callable[[], datetime] | None = None) -> tuple[bytes, str]:
    """The text Prometheus scrapes: this process's (or, with PROMETHEUS_MULTIPROC_DIR, every
    worker's) counters, then the figures read from the database."""
    from_db = CollectorRegistry(auto_describe=False)
    from_db.register(DatabaseCollector(database, now))
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    return counted + generate_latest(from_db), CONTENT_TYPE_LATEST
