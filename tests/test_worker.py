"""The worker's timed jobs run once per interval however many workers run; heartbeats."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import anyio
import pytest

from bot.application.jobs import Heartbeat, JobLeases, latest_beat
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from bot.worker import Worker
from nlu.offline import OfflineNlu
from ordering.db import Database

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def _worker(db: Database, clock: Clock, **settings) -> Worker:
    container = build_container(Settings(database_url=db.url, rasa_manage=False, **settings), database=db,
                                clock=clock, nlu=OfflineNlu())
    return Worker(container)


async def test_each_job_runs_once_per_interval_across_workers(db):
    clock = Clock(NOW)
    first, second = _worker(db, clock), _worker(db, clock)
    assert {j.name for j in first.jobs()} == {"shop_reminders", "expiry", "outbox_prune", "windows_generate"}  # no Stripe

    assert await first.run_due_jobs() == ["shop_reminders"]  # the others wait one interval first
    assert await second.run_due_jobs() == []
    clock.set(NOW + timedelta(minutes=5))
    assert await second.run_due_jobs() == ["shop_reminders"]
    assert await first.run_due_jobs() == []
    clock.set(NOW + timedelta(hours=6))
    ran = await first.run_due_jobs() + await second.run_due_jobs()
    assert sorted(ran) == ["expiry", "outbox_prune", "shop_reminders", "windows_generate"]


def test_a_job_held_by_a_killed_worker_is_taken_over_when_its_lease_runs_out(db):
    hour, lease = timedelta(hours=1), timedelta(minutes=15)
    killed, other = JobLeases(db, "killed", lease), JobLeases(db, "other", lease)
    assert killed.claim("expiry", hour, NOW) is not None  # and then the process dies
    later = NOW + hour + timedelta(minutes=1)
    assert other.claim("expiry", hour, NOW + timedelta(minutes=10)) is None  # still running, and not due
    claim = other.claim("expiry", hour, later)
    assert claim is not None
    other.finish(claim, later)
    assert other.claim("expiry", hour, later + timedelta(minutes=1)) is None  # ran a minute ago


def test_heartbeats_say_when_a_worker_was_last_alive(db):
    assert latest_beat(db) is None
    one, two = Heartbeat(db, "host:1:a", "worker"), Heartbeat(db, "host:2:b", "serve")
    one.beat(NOW)
    two.beat(NOW + timedelta(seconds=15))
    one.beat(NOW + timedelta(seconds=20))
    assert latest_beat(db) == NOW + timedelta(seconds=20)
    one.stop()
    assert latest_beat(db) == NOW + timedelta(seconds=15)
    one.beat(NOW + timedelta(days=2))  # forgets rows of workers silent for a day
    assert latest_beat(db) == NOW + timedelta(days=2)
    two.stop()
    one.stop()
    assert latest_beat(db) is None


def test_workers_racing_for_a_job_on_postgresql_run_it_once(pg_db):
    """Eight threads with their own connections claim the same job at the same moment."""
    barrier, won, errors = threading.Barrier(8), [], []

    def race(n: int) -> None:
        database = Database(pg_db.url)
        try:
            leases = JobLeases(database, f"w{n}", timedelta(minutes=15))
            barrier.wait()
            if leases.claim("windows_generate", timedelta(hours=6), NOW) is not None:
                won.append(n)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            database.dispose()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(won) == 1


async def test_the_worker_loop_beats_and_dispatches_until_cancelled(db):
    worker = _worker(db, Clock())
    async with anyio.create_task_group() as tg:
        tg.start_soon(worker.run)
        with anyio.fail_after(10):
            while latest_beat(db) is None:
                await anyio.sleep(0.05)
        tg.cancel_scope.cancel()
    assert latest_beat(db) is None  # a worker that stops cleanly takes its row with it
