"""The outbox's and the worker's own tables: deliveries per event and subscriber, job leases, heartbeats.

``order_events`` (the domain's) says what happened; ``event_deliveries`` says who has been told:
one row per event and subscriber, so a retry runs only the subscriber that failed. A row is
*pending* (waiting, or leased by a dispatcher until ``leased_until``), *delivered*, or *failed*
(parked after the last attempt: a dead letter an operator looks at and sends again).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ordering.models import Base, UTCDateTime, utcnow

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


class EventDelivery(Base):
    """One subscriber's delivery of one order event: attempts, lease, outcome."""

    __tablename__ = "event_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "subscriber"),
        Index("ix_event_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("order_events.id"), index=True)
    subscriber: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A claim is a lease: a dispatcher killed mid-delivery holds the row only until then.
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_token: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(String(500))
    first_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    parked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobLease(Base):
    """A timed job (reminders, expiry, reconcile, windows): who runs it now and when it last started.

    Shared by every worker process, so a job runs once per interval however many workers run.
    """

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(100))
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))


class WorkerHeartbeat(Base):
    """A running worker (``kiepe worker``, or the one inside ``kiepe serve``) says it is alive."""

    __tablename__ = "worker_heartbeats"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # host:pid:random
    kind: Mapped[str] = mapped_column(String(16))  # "worker" or "serve"
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
