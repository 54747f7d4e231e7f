"""``kiepe soak``: the production topology on one machine under faults; one table at the end.

Two app processes and two workers (``benchmarks.soak_proc``) on a fresh PostgreSQL schema, a
fake SMS provider (HTTP, in this process) that records every message it accepts, and residents
who order through the REST API from both apps (register, three products of different shops, a
window, checkout). While they order, the soak

1. makes the SMS provider refuse everything for a while (an outage),
2. kills a worker with SIGKILL while it holds leased deliveries (mid-dispatch) and restarts it,
3. kills an app process with SIGKILL and restarts it,

then stops the load and waits until every delivery is done. It counts from the database and
the provider: orders acknowledged and orders stored (lost = acknowledged but not stored), shop
SMS expected (sub-orders of shops without Telegram) and sent, sent twice, deliveries that
failed and then went through, and p99 of the checkout request before, during and after each
fault. A message sent twice is counted apart when the provider accepted its first copy within
the last two seconds before a worker was killed: the worker died between the provider
accepting it and the commit that records it (the one case the outbox cannot close).

Not here yet (issue 15): chat and voice conversations through Rasa, killing a Rasa server,
Telegram faults. ``--quick`` takes about two minutes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

ADMIN_TOKEN = "soak-admin-token-" + "x" * 24
QUERIES = ("milch", "brötchen", "kartoffeln", "eier", "käse", "äpfel", "brot", "honig", "wurst", "saft")


# ---------------------------------------------------------------- the fake SMS provider


class FakeSms:
    """Accepts ``POST /send`` {to, text} unless told to fail; remembers when it accepted what."""

    def __init__(self) -> None:
        self.failing = False
        self.accepted: list[tuple[float, str, str]] = []
        self.refused = 0
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                time.sleep(0.02)  # a provider takes a moment: a kill can fall between accept and commit
                with fake.lock:
                    if fake.failing:
                        fake.refused += 1
                        status, answer = 503, {"error": "outage"}
                    else:
                        fake.accepted.append((time.monotonic(), body["to"], body["text"]))
                        status, answer = 200, {"sid": "SM" + uuid.uuid4().hex}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


# ---------------------------------------------------------------- processes


@dataclass
class Proc:
    role: str
    config_path: Path
    port: int | None = None
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "benchmarks.soak_proc", self.role,
                                         str(self.config_path)], cwd=Path(__file__).resolve().parent.parent,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def _wait_until_up(port: int, timeout: float = 60.0) -> None:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the app on port {port} did not come up")


# ---------------------------------------------------------------- residents


@dataclass
class Load:
    ports: list[int]
    region: str
    stop: threading.Event = field(default_factory=threading.Event)
    acknowledged: list[str] = field(default_factory=list)  # order references the residents were given
    checkouts: list[tuple[float, float]] = field(default_factory=list)  # (when, seconds)
    errors: Counter = field(default_factory=Counter)  # what residents saw: 5xx, connection refused …
    refused: int = 0  # 409s (a window full, a minimum order): the shop rules, not failures
    lock: threading.Lock = field(default_factory=threading.Lock)

    def resident(self, index: int) -> None:
        rng = random.Random(index)
        while not self.stop.is_set():
            port = self.ports[rng.randrange(len(self.ports))]
            try:
                self._order(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0), rng, index)
            except httpx.HTTPError as exc:
                with self.lock:
                    self.errors[type(exc).__name__] += 1
                time.sleep(0.5)
            time.sleep(rng.uniform(0.5, 1.5))

    def _order(self, client: httpx.Client, rng: random.Random, index: int) -> None:
        phone = f"02541 {rng.randrange(100000, 999999)}"
        answer = client.post(f"/api/regions/{self.region}/residents",
                             json={"name": f"Soak {index}", "phone": phone, "street": "Markt 1", "postcode": "48653"})
        if not self._ok(answer):
            return
        me = {"Authorization": f"Bearer {answer.json()['token']}"}
        shops: set[int] = set()
        for query in rng.sample(QUERIES, len(QUERIES)):
            hits = [p for p in client.get(f"/api/regions/{self.region}/products", params={"q": query}).json()
                    if p["shop_id"] not in shops]  # three shops: three parts, three shop messages
            if not hits:
                continue
            product = hits[0]
            if self._ok(client.post("/api/me/cart/lines", json={"product_id": product["id"], "quantity": "1"},
                                    headers=me)):
                shops.add(product["shop_id"])
            if len(shops) >= 3:
                break
        windows = [w for w in client.get(f"/api/regions/{self.region}/windows",
                                         params={"municipality": "coesfeld"}).json() if w["free"] > 0]
        if not windows or not self._ok(client.put("/api/me/cart/window",
                                                  json={"slot_id": rng.choice(windows)["slot_id"]}, headers=me)):
            return
        started = time.monotonic()
        answer = client.post("/api/me/checkout", json={"payment_method": "on_delivery"}, headers=me)
        with self.lock:
            self.checkouts.append((started, time.monotonic() - started))
        if self._ok(answer):
            with self.lock:
                self.acknowledged.append(answer.json()["reference"])

    def _ok(self, answer: httpx.Response) -> bool:
        if answer.status_code < 300:
            return True
        with self.lock:
            if answer.status_code >= 500:
                self.errors[f"HTTP {answer.status_code}"] += 1
            else:
                self.refused += 1
        return False


# ---------------------------------------------------------------- the run


@dataclass
class Fault:
    name: str
    start: float
    end: float


def _p99(values: list[float]) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000:.0f} ms"


def run(postgres_url: str, *, quick: bool, residents: int | None = None, say=print) -> str:
    from bot.bootstrap import prepare
    from bot.composition import build_container
    from bot.settings import Settings
    from nlu.rasa_env import free_port

    scale = 1 if quick else 3
    residents = residents or (12 if quick else 30)
    schema = f"soak_{uuid.uuid4().hex[:10]}"
    url = postgres_url.replace("postgresql://", "postgresql+psycopg://", 1) if postgres_url.startswith(
        "postgresql://") else postgres_url
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db_url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    sms = FakeSms()
    procs: list[Proc] = []
    tmp = Path(tempfile.mkdtemp(prefix="kiepe-soak-"))
    try:
        say("preparing the database (migrations, demo region, windows) …")
        container = build_container(Settings(database_url=db_url, rasa_manage=False, admin_token=ADMIN_TOKEN))
        for line in prepare(container):
            say(f"  {line}")
        with container.database.session() as s:  # room for every order of the run
            s.execute(text("UPDATE slots SET capacity = 1000 WHERE capacity > 0"))
        region = container.database.engine.connect().execute(text("SELECT slug FROM regions LIMIT 1")).scalar_one()
        base = {"database_url": db_url, "sms_url": sms.url, "lease_seconds": 5.0, "retry_first_seconds": 2.0,
                "retry_max_seconds": 8.0, "deadline_seconds": 900}
        ports = [free_port(), free_port()]
        for n, port in enumerate(ports):
            path = tmp / f"app{n}.json"
            path.write_text(json.dumps({**base, "port": port}))
            procs.append(Proc("app", path, port))
        for n in range(2):
            path = tmp / f"worker{n}.json"
            path.write_text(json.dumps(base))
            procs.append(Proc("worker", path))
        for proc in procs:
            proc.start()
        for port in ports:
            _wait_until_up(port)
        say(f"2 apps on ports {ports[0]}, {ports[1]}; 2 workers; {residents} residents ordering")

        load = Load(ports, region)
        threads = [threading.Thread(target=load.resident, args=(i,), daemon=True) for i in range(residents)]
        t0 = time.monotonic()
        for thread in threads:
            thread.start()
        faults: list[Fault] = []
        step = 15.0 * scale

        time.sleep(step)
        say("fault: the SMS provider refuses everything")
        sms.failing = True
        start = time.monotonic()
        time.sleep(step)
        sms.failing = False
        faults.append(Fault("SMS outage", start, time.monotonic()))

        time.sleep(step / 2)
        say("fault: SIGKILL a worker while it holds leased deliveries")
        start = time.monotonic()
        worker = procs[2]
        kill_at = _kill_mid_dispatch(worker, container, timeout=step)
        time.sleep(2.0)
        worker.start()
        faults.append(Fault("worker killed", start, time.monotonic() + 5.0))  # its leases run out after 5 s

        time.sleep(step / 2)
        say("fault: SIGKILL an app process")
        start = time.monotonic()
        procs[0].kill()
        time.sleep(2.0)
        procs[0].start()
        _wait_until_up(ports[0])
        faults.append(Fault("app killed", start, time.monotonic()))

        time.sleep(step / 2)
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        t_end = time.monotonic()
        say("load stopped; waiting for the outbox to drain …")
        drained = _drain(container, timeout=90.0)
        return _table(container, sms, load, faults, kill_at, t0, t_end, drained, residents)
    finally:
        for proc in procs:
            proc.stop()
        sms.server.shutdown()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _kill_mid_dispatch(worker: Proc, container, timeout: float) -> float:
    """SIGKILL ``worker`` at a moment when it holds a leased delivery (or after ``timeout``)."""
    until = time.monotonic() + timeout
    pid = worker.process.pid if worker.process else -1
    while time.monotonic() < until:
        with container.database.engine.connect() as conn:
            held = conn.execute(text("SELECT count(*) FROM event_deliveries WHERE status = 'pending' "
                                     "AND leased_until > now() AND lease_token IS NOT NULL")).scalar_one()
        if held:
            break
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    worker.process.wait() if worker.process else None
    return time.monotonic()


def _drain(container, timeout: float) -> bool:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        with container.database.engine.connect() as conn:
            left = conn.execute(text("SELECT (SELECT count(*) FROM order_events WHERE dispatched_at IS NULL) + "
                                     "(SELECT count(*) FROM event_deliveries WHERE status = 'pending')")).scalar_one()
        if left == 0:
            return True
        time.sleep(0.5)
    return False


def _table(container, sms: FakeSms, load: Load, faults: list[Fault], kill_at: float, t0: float, t_end: float,
           drained: bool, residents: int) -> str:
    from bot.channels.sms.subscribers import _shop_number
    from ordering.models import Order, Shop, SubOrder

    with container.database.session() as s:
        stored = {o.reference for o in s.query(Order)}
        shop_numbers = {n for n in (_shop_number(shop) for shop in s.query(Shop)) if n}
        expected = s.query(SubOrder).join(Shop).filter(Shop.telegram_chat_id.is_(None), Shop.phone.isnot(None)).count()
        with container.database.engine.connect() as conn:
            recovered = conn.execute(text("SELECT count(*) FROM event_deliveries WHERE status = 'delivered' "
                                          "AND first_failed_at IS NOT NULL")).scalar_one()
            parked = conn.execute(text("SELECT count(*) FROM event_deliveries WHERE status = 'failed'")).scalar_one()
    to_shops = [(at, to, body) for at, to, body in sms.accepted if to in shop_numbers]
    copies = Counter((to, body) for _, to, body in to_shops)
    first_at = {}
    for at, to, body in to_shops:
        first_at.setdefault((to, body), at)
    twice = [key for key, n in copies.items() if n > 1]
    by_kill = [key for key in twice if kill_at - 2.0 <= first_at[key] <= kill_at]
    lost = [ref for ref in load.acknowledged if ref not in stored]

    rows = [
        ("residents (REST API), minutes", f"{residents}, {(t_end - t0) / 60:.1f}"),
        ("checkouts tried / orders acknowledged", f"{len(load.checkouts)} / {len(load.acknowledged)}"),
        ("errors seen by residents", ", ".join(f"{k} {v}" for k, v in load.errors.items()) or "0"),
        ("refused by the shop rules (409)", str(load.refused)),
        ("orders lost (acknowledged, not stored)", f"{len(lost)}  (must be 0)"),
        ("shop SMS expected", str(expected)),
        ("shop SMS sent", str(len(copies))),
        ("shop SMS sent twice", f"{len(twice) - len(by_kill)}  (must be 0)"),
        ("  … duplicated by a kill at the worst moment", str(len(by_kill))),
        ("SMS refused during the outage", str(sms.refused)),
        ("deliveries failed, then delivered", str(recovered)),
        ("deliveries parked as failed", str(parked)),
        ("outbox drained afterwards", "yes" if drained else "NO"),
    ]
    before = [d for at, d in load.checkouts if at < faults[0].start]
    rows.append(("checkout p99 before the faults", _p99(before)))
    for n, fault in enumerate(faults):
        until = faults[n + 1].start if n + 1 < len(faults) else t_end
        during = [d for at, d in load.checkouts if fault.start <= at <= fault.end]
        after = [d for at, d in load.checkouts if fault.end < at <= until]
        rows.append((f"checkout p99 during / after: {fault.name}", f"{_p99(during)} / {_p99(after)}"))
    width = max(len(name) for name, _ in rows)
    lines = ["kiepe soak: 2 apps, 2 workers, PostgreSQL; faults: SMS outage, worker SIGKILL, app SIGKILL", ""]
    lines += [f"{name.ljust(width)}  {value}" for name, value in rows]
    return "\n".join(lines)
