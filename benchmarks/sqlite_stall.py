"""How long chat turns wait while the in-process worker works on SQLite (``make run``'s set-up).

    python -m benchmarks.sqlite_stall [--seconds 60] [--residents 8] [--chatters 8] [--sms-delay 0.3]

One ``kiepe serve`` process (``benchmarks.soak_proc serve``: the app with the worker inside it,
outbox dispatch and timed jobs) on a fresh SQLite database with the demo region. SMS go to the
soak's fake provider, which takes ``--sms-delay`` seconds per message as a real provider's round
trip does. Residents order through the REST API (register, three shops' goods, a window,
checkout), so every order is three shop SMS; web-chat residents talk to ``/chat/turn`` (rule-based
understanding: no Rasa, so the figures are the app's and the database's); the timed jobs run
every 10 s, with reminders after one minute and escalations to the admin after two (so the
reminder job has more and more unanswered orders to go through, and writes events for them).

It prints the latency of chat turns and checkouts (p50, p99, max), how many took over 2 s and
over 10 s, the errors, and the SMS sent. A measurement, not a test: nothing is asserted. Run it
on the code before and after a change to compare.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from benchmarks.soak import ADMIN_TOKEN, Chat, FakeSms, Load, Proc, _wait_until_up


def _figures(values: list[float]) -> str:
    if not values:
        return "–"
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    slow, stuck = sum(v > 2.0 for v in values), sum(v > 10.0 for v in values)
    return (f"n {len(values)}, p50 {at(0.5) * 1000:.0f} ms, p99 {at(0.99) * 1000:.0f} ms, max {ordered[-1]:.1f} s, "
            f"> 2 s: {slow}, > 10 s: {stuck}")


def run(seconds: float, residents: int, chatters: int, sms_delay: float, say=print) -> str:
    from bot.bootstrap import prepare
    from bot.composition import build_container
    from bot.settings import Settings
    from nlu.rasa_env import free_port

    tmp = Path(tempfile.mkdtemp(prefix="kiepe-stall-"))
    db_url = f"sqlite:///{tmp / 'kiepe.db'}"
    sms = FakeSms(delay=sms_delay)
    say("preparing the database (migrations, demo region, windows) …")
    container = build_container(Settings(database_url=db_url, rasa_manage=False, admin_token=ADMIN_TOKEN))
    for line in prepare(container):
        say(f"  {line}")
    with container.database.session() as s:
        s.execute(text("UPDATE slots SET capacity = 1000 WHERE capacity > 0"))
        region = s.execute(text("SELECT slug FROM regions LIMIT 1")).scalar_one()
    port = free_port()
    config = tmp / "serve.json"
    config.write_text(json.dumps({"database_url": db_url, "sms_url": sms.url, "port": port, "lease_seconds": 120.0,
                                  "retry_first_seconds": 5.0, "retry_max_seconds": 60.0, "deadline_seconds": 900,
                                  "job_seconds": 10, "remind_after_minutes": 1, "escalate_after_minutes": 2,
                                  "admin_phone": "+4915199999999", "lock_report": str(tmp / "write-lock.txt")}))
    proc = Proc("serve", config, port)
    proc.start()
    try:
        _wait_until_up(port)
        say(f"kiepe serve (in-process worker) on port {port}; {residents} REST residents, {chatters} chatters, "
            f"{seconds:.0f} s")
        load = Load([port], region)
        chat = Chat([port], load.stop)
        threads = [threading.Thread(target=load.resident, args=(i,), daemon=True) for i in range(residents)]
        threads += [threading.Thread(target=chat.chatter, args=(i,), daemon=True) for i in range(chatters)]
        t0 = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        load.stop.set()
        for thread in threads:
            thread.join(timeout=90)
        elapsed = time.monotonic() - t0
    finally:
        proc.stop()
        sms.server.shutdown()
    errors = Counter(load.errors) + chat.errors
    rows = [
        ("machine", f"{platform.node()}, load average {' '.join(f'{x:.1f}' for x in _loadavg())}"),
        ("run", f"{elapsed:.0f} s, SMS provider {sms_delay * 1000:.0f} ms per message"),
        ("chat turns (POST /chat/turn)", _figures([d for _, d in chat.turns])),
        ("checkouts (POST /api/me/checkout)", _figures([d for _, d in load.checkouts])),
        ("orders acknowledged (REST) / placed (chat)", f"{len(load.acknowledged)} / {len(chat.placed)}"),
        ("errors", ", ".join(f"{k} {v}" for k, v in errors.items()) or "0"),
        ("SMS accepted by the provider", str(len(sms.accepted))),
    ]
    width = max(len(name) for name, _ in rows)
    report = tmp / "write-lock.txt"
    holds = report.read_text().splitlines()[:12] if report.exists() else []
    return "\n".join(["SQLite, kiepe serve with the worker inside", ""]
                     + [f"{name.ljust(width)}  {value}" for name, value in rows]
                     + ["", "write lock (the app process):", *holds])


def _loadavg() -> tuple[float, float, float]:
    import os

    return os.getloadavg()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--residents", type=int, default=8)
    parser.add_argument("--chatters", type=int, default=8)
    parser.add_argument("--sms-delay", type=float, default=0.3)
    args = parser.parse_args(argv)
    print(run(args.seconds, args.residents, args.chatters, args.sms_delay,
              say=lambda line: print(f"[stall] {line}", file=sys.stderr, flush=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
