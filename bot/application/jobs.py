"""Timed jobs shared by any number of workers: a lease per job, and each worker's heartbeat.

No job library is used. ``procrastinate`` needs PostgreSQL (LISTEN/NOTIFY, PL/pgSQL), but
SQLite is the embedded default; ``dramatiq`` and ``celery`` need a broker (Redis, RabbitMQ)
that the one-command default should not; ``apscheduler`` 4 has SQLAlchemy data stores for
both databases but is still an alpha (4.0.0a6) whose API changes between releases, and 3.x
shares no schedule between processes. What Kiepe needs is small: run each of a handful of
jobs at most once per interval across all workers, and let another worker take over when one
dies. That is one row per job, claimed by a conditional update in a writing transaction
(PostgreSQL's row lock; SQLite's ``BEGIN IMMEDIATE``), and a lease that runs out.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from bot.application.outbox_tables import JobLease, WorkerHeartbeat
from ordering.db import Database


def worker_id() -> str:
    """host:pid:random — unique per process start, readable in the table."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class JobClaim:
    name: str
    token: str


class JobLeases:
    """Claims of timed jobs by one worker (``owner``)."""

    def __init__(self, database: Database, owner: str, lease: timedelta) -> None:
        self.database = database
        self.owner = owner
        self.lease = lease

    def is_due(self, name: str, interval: timedelta, now: datetime) -> bool:
        """A read without the write lock: may ``name`` start now (so a claim is worth trying)?"""
        with self.database.read_session() as s:
            row = s.get(JobLease, name)
            return row is None or _free_and_due(row, interval, now)

    def claim(self, name: str, interval: timedelta, now: datetime, *, first_after_interval: bool = False
              ) -> JobClaim | None:
        """Take ``name`` for one run when it is not running elsewhere and its interval has passed.

        ``first_after_interval``: a job never run before starts one interval from now, not at once
        (the expiry, reconcile and window jobs: ``kiepe serve`` prepared what they would do).
        """
        token = f"{self.owner}/{uuid.uuid4().hex[:8]}"
        try:
            with self.database.session() as s:
                row = s.get(JobLease, name, with_for_update=True)
                if row is None:
                    row = JobLease(name=name)
                    s.add(row)
                    if first_after_interval:
                        row.last_started_at = now
                        return None
                elif not _free_and_due(row, interval, now):
                    return None
                row.owner, row.leased_until, row.last_started_at = token, now + self.lease, now
        except IntegrityError:
            return None  # another worker created the row at the same moment, and has the job
        return JobClaim(name, token)

    def finish(self, claim: JobClaim, now: datetime, error: str | None = None) -> None:
        with self.database.session() as s:
            row = s.get(JobLease, claim.name, with_for_update=True)
            if row is None or row.owner != claim.token:
                return  # our lease ran out and another worker has it now
            row.leased_until, row.last_finished_at, row.last_error = None, now, error[:500] if error else None


def _free_and_due(row: JobLease, interval: timedelta, now: datetime) -> bool:
    if row.leased_until is not None and row.leased_until > now:
        return False
    return row.last_started_at is None or row.last_started_at + interval <= now


class Heartbeat:
    """One row per running worker; ``latest_beat`` is what a readiness check asks."""

    def __init__(self, database: Database, worker: str, kind: str) -> None:
        self.database = database
        self.worker = worker
        self.kind = kind

    def beat(self, now: datetime, forget_after: timedelta = timedelta(days=1)) -> None:
        with self.database.session() as s:
            row = s.get(WorkerHeartbeat, self.worker)
            if row is None:
                s.add(WorkerHeartbeat(id=self.worker, kind=self.kind, started_at=now, beat_at=now))
            else:
                row.beat_at = now
            s.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - forget_after))

    def stop(self) -> None:
        with self.database.session() as s:
            s.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.id == self.worker))


def latest_beat(database: Database) -> datetime | None:
    """When any worker last said it was alive (None: none ever did, or all stopped cleanly)."""
    with database.read_session() as s:
        return s.scalar(select(func.max(WorkerHeartbeat.beat_at)))
