"""Acceptance: capacity holds when many clients book the same window at the same moment.

Each client is a thread with its own session and connection; a Barrier releases them together.
On PostgreSQL they really run in parallel (a read-then-write version booked 181 of 30 places);
on SQLite ``BEGIN IMMEDIATE`` makes them queue, which must be just as correct.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from ordering.db import Database
from ordering.errors import SlotUnavailable
from ordering.models import Cart, Municipality, PickupStation, Region, Slot, SlotHold, WindowTemplate
from ordering.windows import confirm_hold, generate_slots, hold_slot, sweep_expired

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 26, 9, tzinfo=BERLIN)
CLIENTS = 50


@pytest.fixture
def sqlite_file_db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'race.db'}")
    database.create_all()
    yield database
    database.dispose()


def seed_slots(db: Database) -> list[int]:
    """One municipality, a Mon–Sat delivery template for one week; returns slot ids by start."""
    with db.session() as s:
        region = Region(slug="race", name="Race", delivery_cutoff_hours=12)
        s.add(region)
        s.flush()
        municipality = Municipality(region_id=region.id, slug="coesfeld", name="Coesfeld")
        s.add(municipality)
        s.flush()
        s.add(PickupStation(region_id=region.id, municipality_id=municipality.id, slug="markt", name="Markt"))
        days = ["mon", "tue", "wed", "thu", "fri", "sat"]
        for start, end in (("08:00", "10:00"), ("10:00", "12:00"), ("14:00", "16:00"), ("16:00", "18:00")):
            s.add(WindowTemplate(region_id=region.id, kind="delivery", days=days, start=start, end=end, capacity=30))
        s.flush()
        s.refresh(region)
        generate_slots(s, region, date(2026, 11, 27), 7)
        return list(s.scalars(select(Slot.id).order_by(Slot.start)))


def run_together(db: Database, jobs: list[Callable], *, warm_connections: bool) -> list[object]:
    """Run each job in its own thread and unit of work, all released at once; return outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def client(index: int, job: Callable) -> None:
        try:
            with db.session() as s:
                if warm_connections:  # connect before the barrier so the race is on the UPDATE
                    s.execute(text("select 1"))
                barrier.wait()
                outcomes[index] = job(s)
        except Exception as exc:  # noqa: BLE001 - every outcome is examined by the test
            outcomes[index] = exc

    threads = [threading.Thread(target=client, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def holds_by_status(db: Database, slot_id: int) -> Counter:
    with db.session() as s:
        query = select(SlotHold.status, func.count()).where(SlotHold.slot_id == slot_id).group_by(SlotHold.status)
        rows = s.execute(query)
        return Counter(dict(rows.all()))


def race_for_the_last_five(db: Database, *, warm_connections: bool) -> None:
    slot_id = seed_slots(db)[-1]
    with db.session() as s:
        for _ in range(25):  # 25 of 30 places are booked already
            confirm_hold(s, hold_slot(s, slot_id, None, NOW).id, NOW)

    started = time.perf_counter()
    outcomes = run_together(
        db, [lambda s: hold_slot(s, slot_id, None, NOW)] * CLIENTS, warm_connections=warm_connections
    )
    elapsed = time.perf_counter() - started

    won = [o for o in outcomes if isinstance(o, SlotHold)]
    refused = [o for o in outcomes if isinstance(o, SlotUnavailable)]
    other = [o for o in outcomes if not isinstance(o, (SlotHold, SlotUnavailable))]
    print(f"\n{db.dialect}: {len(won)} held, {len(refused)} refused, {len(other)} other in {elapsed:.2f}s")
    assert other == []
    assert (len(won), len(refused)) == (5, 45)
    with db.session() as s:
        slot = s.get(Slot, slot_id)
        assert slot.taken == slot.capacity == 30
    assert holds_by_status(db, slot_id) == Counter({"booked": 25, "held": 5})


@pytest.mark.postgres
def test_fifty_clients_race_for_five_places_on_postgresql(pg_db):
    race_for_the_last_five(pg_db, warm_connections=True)


def test_fifty_clients_race_for_five_places_on_sqlite(sqlite_file_db):
    race_for_the_last_five(sqlite_file_db, warm_connections=False)


def confirm_against_sweep(db: Database, *, warm_connections: bool) -> None:
    """A checkout confirms at the last second while the sweep and a competitor see the hold expired.

    Whatever order the database picks, exactly one of the two customers gets the single place
    and ``taken`` equals the active holds.
    """
    slot_ids = seed_slots(db)[:12]
    with db.session() as s:
        for slot_id in slot_ids:
            s.get(Slot, slot_id).capacity = 1
    outcomes_seen: Counter = Counter()
    for slot_id in slot_ids:
        with db.session() as s:
            hold_id = hold_slot(s, slot_id, None, NOW).id
        last_second = NOW + timedelta(minutes=14, seconds=59)
        past_expiry = NOW + timedelta(minutes=15, seconds=1)
        confirmed, swept, competitor = run_together(
            db,
            [
                lambda s: confirm_hold(s, hold_id, last_second),
                lambda s: sweep_expired(s, past_expiry),
                lambda s: hold_slot(s, slot_id, None, past_expiry),
            ],
            warm_connections=warm_connections,
        )
        for outcome in (confirmed, swept, competitor):
            assert isinstance(outcome, (SlotHold, SlotUnavailable, int)), outcome
        winners = [o for o in (confirmed, competitor) if isinstance(o, SlotHold)]
        assert len(winners) == 1, (confirmed, swept, competitor)
        outcomes_seen["confirm" if isinstance(confirmed, SlotHold) else "competitor"] += 1
        statuses = holds_by_status(db, slot_id)
        assert statuses["held"] + statuses["booked"] == 1
        with db.session() as s:
            assert s.get(Slot, slot_id).taken == 1
    print(f"\n{db.dialect}: confirm vs. sweep winners {dict(outcomes_seen)}")


@pytest.mark.postgres
def test_confirm_races_expiry_sweep_on_postgresql(pg_db):
    confirm_against_sweep(pg_db, warm_connections=True)


def test_confirm_races_expiry_sweep_on_sqlite(sqlite_file_db):
    confirm_against_sweep(sqlite_file_db, warm_connections=False)


def swap_windows(db: Database, *, warm_connections: bool) -> None:
    """Pairs of residents switch to each other's window at the same moment: no deadlock, no leak."""
    first, second = seed_slots(db)[:2]
    pairs = 20
    with db.session() as s:
        region_id = s.scalar(select(Region.id))
        carts = [Cart(region_id=region_id) for _ in range(2 * pairs)]
        s.add_all(carts)
        s.flush()
        cart_ids = [cart.id for cart in carts]
        for a, b in zip(cart_ids[::2], cart_ids[1::2]):
            hold_slot(s, first, a, NOW)
            hold_slot(s, second, b, NOW)
    jobs = []
    for a, b in zip(cart_ids[::2], cart_ids[1::2]):
        jobs.append(lambda s, cart=a: hold_slot(s, second, cart, NOW))
        jobs.append(lambda s, cart=b: hold_slot(s, first, cart, NOW))
    outcomes = run_together(db, jobs, warm_connections=warm_connections)
    assert [o for o in outcomes if not isinstance(o, SlotHold)] == []
    for slot_id in (first, second):
        statuses = holds_by_status(db, slot_id)
        assert statuses == Counter({"held": pairs, "released": pairs})
        with db.session() as s:
            assert s.get(Slot, slot_id).taken == pairs


@pytest.mark.postgres
def test_swapping_windows_does_not_deadlock_on_postgresql(pg_db):
    swap_windows(pg_db, warm_connections=True)


def test_swapping_windows_on_sqlite(sqlite_file_db):
    swap_windows(sqlite_file_db, warm_connections=False)


def switch_while_sweeping(db: Database, *, warm_connections: bool) -> None:
    """Residents whose hold just expired choose another window while two sweeps run."""
    first, second = seed_slots(db)[:2]
    residents = 20
    with db.session() as s:
        region_id = s.scalar(select(Region.id))
        carts = [Cart(region_id=region_id) for _ in range(residents)]
        s.add_all(carts)
        s.flush()
        cart_ids = [cart.id for cart in carts]
        for cart_id in cart_ids:
            hold_slot(s, first, cart_id, NOW)
    later = NOW + timedelta(minutes=16)
    jobs = [lambda s, cart=cart_id: hold_slot(s, second, cart, later) for cart_id in cart_ids]
    jobs += [lambda s: sweep_expired(s, later)] * 2
    outcomes = run_together(db, jobs, warm_connections=warm_connections)
    assert [o for o in outcomes if not isinstance(o, (SlotHold, int))] == []
    assert sum(o for o in outcomes if isinstance(o, int) and not isinstance(o, bool)) <= residents
    for slot_id, expected in ((first, 0), (second, residents)):
        statuses = holds_by_status(db, slot_id)
        with db.session() as s:
            assert s.get(Slot, slot_id).taken == statuses["held"] + statuses["booked"] == expected


@pytest.mark.postgres
def test_switching_while_sweeping_on_postgresql(pg_db):
    switch_while_sweeping(pg_db, warm_connections=True)


def test_switching_while_sweeping_on_sqlite(sqlite_file_db):
    switch_while_sweeping(sqlite_file_db, warm_connections=False)
