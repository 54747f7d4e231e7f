"""Booking contention: many clients book the same few windows at once on PostgreSQL.

    python -m benchmarks.contention CONFIG.json OUT.json

A fresh schema with a small region; ``windows`` delivery windows get ``capacity`` places each.
``clients`` threads (each its own resident's cart, through the app's own connection pool:
``ordering.db.Database``) are released together; each books ``attempts`` times a window
chosen at random among those few, the way checkout does it: ``hold_slot`` in one unit of work
(choosing the window), ``confirm_hold`` in the next (placing the order). Places are fewer
than attempts, so the windows fill up during the race and the last places are fought over.

Afterwards every window is checked: ``taken`` must equal its active holds (held + booked)
and neither may exceed ``capacity``; anything above is an overbooking.
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

REGION = """
format: kiepe-catalog/1
region:
  id: benchland
  name: Benchland
  timezone: Europe/Berlin
  currency: EUR
  municipalities:
    - {id: coesfeld, name: Coesfeld, postcodes: ["48653"]}
  pickup_stations:
    - {id: coesfeld-markt, name: Abholstation am Markt, municipality: coesfeld, address: "Markt 1, 48653 Coesfeld"}
  delivery:
    fee: "3.50"
    cutoff_hours: 12
    windows:
      - {days: [mon, tue, wed, thu, fri, sat], start: "09:00", end: "12:00", capacity: 10}
      - {days: [mon, tue, wed, thu, fri, sat], start: "15:00", end: "18:00", capacity: 10}
  pickup:
    cutoff_hours: 6
    windows:
      - {days: [mon, tue, wed, thu, fri, sat], start: "16:00", end: "19:00", capacity: 2}
shops:
  - id: hof-schulze
    name: Hof Schulze
    kind: direct_marketer
    municipality: coesfeld
    products:
      - {id: frischmilch, name: Frischmilch, unit: piece, label: Flasche, size: "1 l", price: "1.29", vat: 7}
"""


def _schema_url(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def _normal(url: str) -> str:
    return "postgresql+psycopg://" + url[len("postgresql://"):] if url.startswith("postgresql://") else url


def race(config: dict[str, Any]) -> dict[str, Any]:
    import bot.tables  # noqa: F401 - every table
    from ordering import windows
    from ordering.catalog_file import parse_catalog
    from ordering.catalog_import import import_catalog
    from ordering.db import Database
    from ordering.errors import SlotUnavailable
    from ordering.models import Cart, Region, Slot, SlotHold

    url = _normal(config["postgres_url"])
    clients, attempts = int(config["clients"]), int(config["attempts"])
    n_windows, capacity = int(config["windows"]), int(config["capacity"])
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = Database(_schema_url(url, schema))
    try:
        db.create_all()
        now = datetime.now(timezone.utc)
        with db.session() as s:
            import_catalog(s, parse_catalog(REGION))
        with db.session() as s:
            region = s.scalar(select(Region))
            windows.generate_slots(s, region, now.date(), 10)
            slot_ids = list(s.scalars(select(Slot.id).where(Slot.kind == "delivery", Slot.cutoff > now + timedelta(hours=1))
                                      .order_by(Slot.start).limit(n_windows)))
            for slot_id in slot_ids:
                s.get(Slot, slot_id).capacity = capacity
            carts = [Cart(region_id=region.id) for _ in range(clients * attempts)]  # one per order
            s.add_all(carts)
            s.flush()
            cart_ids = [c.id for c in carts]
        if len(slot_ids) < n_windows:
            raise RuntimeError(f"only {len(slot_ids)} open windows to race for")

        barrier = threading.Barrier(clients + 1)
        outcomes: Counter = Counter()
        samples: list[str] = []
        lock = threading.Lock()
        durations: list[float] = []

        def client(index: int) -> None:
            rnd = random.Random(index)
            barrier.wait()
            for attempt in range(attempts):
                cart_id = cart_ids[index * attempts + attempt]
                slot_id = rnd.choice(slot_ids)
                t0 = time.monotonic()
                try:
                    with db.session() as s:
                        hold_id = windows.hold_slot(s, slot_id, cart_id, datetime.now(timezone.utc)).id
                    with db.session() as s:
                        windows.confirm_hold(s, hold_id, datetime.now(timezone.utc))
                    kind = "booked"
                except SlotUnavailable:
                    kind = "refused"
                except Exception as exc:  # noqa: BLE001 - deadlocks, serialisation failures: counted
                    kind = "error"
                    with lock:
                        samples.append(f"{type(exc).__name__}: {str(exc)[:160]}")
                with lock:
                    outcomes[kind] += 1
                    durations.append(time.monotonic() - t0)

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
        for t in threads:
            t.start()
        barrier.wait()
        t0 = time.monotonic()
        for t in threads:
            t.join(timeout=float(config.get("join_timeout", 300)))
        elapsed = time.monotonic() - t0
        hung = sum(t.is_alive() for t in threads)

        overbooked = inconsistent = 0
        per_slot = []
        with db.session() as s:
            for slot_id in slot_ids:
                slot = s.get(Slot, slot_id)
                active = s.scalar(select(func.count()).where(SlotHold.slot_id == slot_id,
                                                             SlotHold.status.in_(("held", "booked"))))
                overbooked += max(0, active - slot.capacity, slot.taken - slot.capacity)
                inconsistent += int(slot.taken != active)
                per_slot.append({"slot": slot_id, "capacity": slot.capacity, "taken": slot.taken, "active": active})
        from benchmarks.stats import summary

        return {"clients": clients, "attempts": clients * attempts, "windows": n_windows, "capacity": capacity,
                "places": n_windows * capacity, "booked": outcomes["booked"], "refused": outcomes["refused"],
                "errors": outcomes["error"], "hung": hung, "error_samples": samples[:5],
                "elapsed_s": round(elapsed, 3),
                "bookings_per_s": round(outcomes["booked"] / elapsed, 2) if elapsed > 0 else None,
                "attempts_per_s": round(sum(outcomes.values()) / elapsed, 2) if elapsed > 0 else None,
                "attempt_ms": summary([d * 1000 for d in durations]),
                "overbookings": overbooked, "inconsistent_windows": inconsistent, "per_window": per_slot,
                "pool": f"{db.engine.pool.size()}+{db.engine.pool._max_overflow}"}
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    from benchmarks import lifeline

    argv = sys.argv[1:] if argv is None else argv
    config = json.loads(Path(argv[0]).read_text())
    lifeline.hold(float(config.get("deadline_seconds", 600)))
    Path(argv[1]).write_text(json.dumps(race(config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
