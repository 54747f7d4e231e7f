"""``kiepe soak``: the production topology on one machine under faults; one table at the end.

Two app processes and two workers (``benchmarks.soak_proc``) on a fresh PostgreSQL schema, a
fake SMS provider (HTTP, in this process) that records every message it accepts, and residents
who order through the REST API from both apps (register, three products of different shops, a
window, checkout). While they order, the soak

1. makes the SMS provider and Telegram refuse everything for a while (an outage; a minute in the
   full run),
2. kills a Rasa server with SIGKILL and starts it again,
3. kills a worker with SIGKILL while it holds leased deliveries (mid-dispatch) and restarts it,
4. kills an app process with SIGKILL and restarts it,

then stops the load and waits until every delivery is done. It counts from the database and
the provider: orders acknowledged and orders stored (lost = acknowledged but not stored), shop
SMS expected (sub-orders of shops without Telegram) and sent, sent twice, deliveries that
failed and then went through, and p99 of the checkout request before, during and after each
fault. A message sent twice is counted apart when the provider accepted its first copy within
the last two seconds before a worker was killed: the worker died between the provider
accepting it and the commit that records it (the one case the outbox cannot close).

Beside them, web-chat residents talk to both apps through two Rasa servers (when a model is
trained), and every third shop has its orders on Telegram (a fake Bot API the workers' pushes
reach over HTTP, which fails with the SMS provider). One Rasa server is killed with SIGKILL and
started again. Not here yet: voice conversations. ``--quick`` takes about three minutes, the
full run (a minute-long outage, more residents) about eight.
"""

from __future__ import annotations

import json
import os
import random
import re
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

    def __init__(self, delay: float = 0.02) -> None:
        self.delay = delay  # how long the provider takes to answer (Twilio: a few hundred ms)
        self.failing = False
        self.accepted: list[tuple[float, str, str]] = []
        self.refused = 0
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                time.sleep(fake.delay)  # a provider takes a moment: a kill can fall between accept and commit
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


@dataclass
class Chat:
    """Web-chat residents (``benchmarks.conversation.Shopper``) talking to ``/chat/turn`` of the apps,
    through Rasa where the apps have it; one conversation after another until ``stop``."""

    ports: list[int]
    stop: threading.Event
    turns: list[tuple[float, float]] = field(default_factory=list)  # (when, seconds)
    errors: Counter = field(default_factory=Counter)
    placed: list[str] = field(default_factory=list)  # order references the chat gave residents
    conversations: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def chatter(self, index: int) -> None:
        from benchmarks.conversation import Shopper

        number = 0
        while not self.stop.is_set():
            number += 1
            port = self.ports[(index + number) % len(self.ports)]
            shopper = Shopper(index * 1000 + number, seed=7)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30.0) as client:
                body: dict | None = shopper.first_turn()
                while body is not None and not self.stop.is_set():
                    started = time.monotonic()
                    try:
                        answer = client.post("/chat/turn", json=body, headers=shopper.headers())
                    except httpx.HTTPError as exc:
                        with self.lock:
                            self.errors[type(exc).__name__] += 1
                        time.sleep(0.5)
                        break  # the app is gone (killed): the resident starts again, on the other one
                    with self.lock:
                        self.turns.append((started, time.monotonic() - started))
                    if answer.status_code == 503:  # turned away under load: the page sends it again
                        time.sleep(float(answer.headers.get("Retry-After", "1")))
                        continue
                    if answer.status_code != 200:
                        with self.lock:
                            self.errors[f"HTTP {answer.status_code}"] += 1
                        break
                    shopper.remember(answer.cookies)
                    replies = answer.json()["replies"]
                    for reply in replies:
                        found = _REFERENCE.search(reply.get("text", ""))
                        if found and "aufgegeben" in reply.get("text", ""):
                            with self.lock:
                                self.placed.append(found.group(0))
                    body = shopper.next_turn(replies)
                    time.sleep(random.uniform(0.5, 1.5))
            with self.lock:
                self.conversations += 1


_REFERENCE = re.compile(r"K-\d{4}-\d{6}")


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


def run(postgres_url: str, *, quick: bool, residents: int | None = None, chatters: int | None = None,
        rasa: bool = True, say=print) -> str:
    from bot.bootstrap import prepare
    from bot.composition import build_container
    from bot.settings import Settings
    from nlu.rasa_env import free_port

    scale = 1 if quick else 3
    residents = residents or (12 if quick else 20)
    chatters = chatters if chatters is not None else (6 if quick else 12)
    schema = f"soak_{uuid.uuid4().hex[:10]}"
    url = postgres_url.replace("postgresql://", "postgresql+psycopg://", 1) if postgres_url.startswith(
        "postgresql://") else postgres_url
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db_url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    sms, telegram = FakeSms(), FakeSms()
    procs: list[Proc] = []
    servers: list = []
    tmp = Path(tempfile.mkdtemp(prefix="kiepe-soak-"))
    try:
        say("preparing the database (migrations, demo region, windows) …")
        container = build_container(Settings(database_url=db_url, rasa_manage=False, admin_token=ADMIN_TOKEN))
        for line in prepare(container):
            say(f"  {line}")
        with container.database.session() as s:  # room for every order of the run
            s.execute(text("UPDATE slots SET capacity = 1000 WHERE capacity > 0"))
            # every third shop has linked its Telegram chat: its orders go there, the others' by SMS
            s.execute(text("UPDATE shops SET telegram_chat_id = 900000 + id WHERE id % 3 = 0"))
        region = container.database.engine.connect().execute(text("SELECT slug FROM regions LIMIT 1")).scalar_one()
        rasa_urls = _start_rasa(servers, say) if rasa else []
        base = {"database_url": db_url, "sms_url": sms.url, "telegram_url": telegram.url, "lease_seconds": 5.0,
                "retry_first_seconds": 2.0, "retry_max_seconds": 8.0, "deadline_seconds": 1500}
        if rasa_urls:
            base |= {"rasa_url": ",".join(rasa_urls), "nlu_timeout": 2.0}
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
        say(f"2 apps on ports {ports[0]}, {ports[1]}; 2 workers; {len(rasa_urls)} Rasa servers; "
            f"{residents} residents ordering by the REST API, {chatters} in the web chat")

        load = Load(ports, region)
        chat = Chat(ports, load.stop)
        threads = [threading.Thread(target=load.resident, args=(i,), daemon=True) for i in range(residents)]
        threads += [threading.Thread(target=chat.chatter, args=(i,), daemon=True) for i in range(chatters)]
        t0 = time.monotonic()
        for thread in threads:
            thread.start()
        faults: list[Fault] = []
        step = 15.0 * scale
        outage = 15.0 if quick else 60.0  # the "fail for a minute"

        time.sleep(step)
        say(f"fault: the SMS provider and Telegram refuse everything for {outage:.0f} s")
        sms.failing = telegram.failing = True
        start = time.monotonic()
        time.sleep(outage)
        sms.failing = telegram.failing = False
        faults.append(Fault("SMS and Telegram outage", start, time.monotonic()))

        if servers:
            time.sleep(step / 2)
            say("fault: SIGKILL a Rasa server, then start it again")
            start = time.monotonic()
            servers[0] = _kill_and_restart_rasa(servers[0], say)
            faults.append(Fault("Rasa server killed", start, time.monotonic()))

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
            thread.join(timeout=60)
        t_end = time.monotonic()
        say("load stopped; waiting for the outbox to drain …")
        drained = _drain(container, timeout=120.0)
        return _table(container, sms, telegram, load, chat, faults, kill_at, t0, t_end, drained, residents,
                      chatters, len(rasa_urls))
    finally:
        for proc in procs:
            proc.stop()
        for server in servers:
            server.stop()
        sms.server.shutdown()
        telegram.server.shutdown()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _start_rasa(servers: list, say) -> list[str]:
    """Two Rasa servers on the current model (none when it is not trained: the chat is rule-based then)."""
    from nlu import rasa_env

    model = rasa_env.model_path()
    if not model.exists() or not rasa_env.venv_ready():
        say(f"no trained Rasa model ({model.name}): the web chat runs on rule-based understanding")
        return []
    for _ in range(2):
        servers.append(rasa_env.serve(port=rasa_env.free_port(), model=model, verbose=False))
    for server in servers:
        rasa_env.wait_until_ready(server.url, timeout=600, server=server)
        for _ in range(3):  # a server's first parses are slow (the model warms up): not the app's latency
            httpx.post(f"{server.url}/model/parse", json={"text": "2 Liter Milch vom Hof Schulze"}, timeout=120.0)
    say(f"Rasa servers ready: {', '.join(s.url for s in servers)}")
    return [s.url for s in servers]


def _kill_and_restart_rasa(server, say):
    """SIGKILL the Rasa server's process group, start it again on the same port, wait until it answers."""
    from nlu import rasa_env

    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait()
    port = int(server.url.rsplit(":", 1)[-1])
    time.sleep(2.0)
    started = time.monotonic()
    again = rasa_env.serve(port=port, model=server.model, verbose=False)
    rasa_env.wait_until_ready(again.url, timeout=600, server=again)
    say(f"  Rasa on port {port} answers again after {time.monotonic() - started:.0f} s")
    return again


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


def _table(container, sms: FakeSms, telegram: FakeSms, load: Load, chat: Chat, faults: list[Fault], kill_at: float,
           t0: float, t_end: float, drained: bool, residents: int, chatters: int, rasa_servers: int) -> str:
    from bot.application.recipients import shop_route
    from ordering.models import Order, Shop, SubOrder

    with container.database.session() as s:
        stored = {o.reference for o in s.query(Order)}
        shop_numbers = {n for n in (shop_route(shop).sms() for shop in s.query(Shop)) if n}
        shop_chats = {str(shop.telegram_chat_id) for shop in s.query(Shop) if shop.telegram_chat_id}
        expected = s.query(SubOrder).join(Shop).filter(Shop.telegram_chat_id.is_(None), Shop.phone.isnot(None)).count()
        expected_tg = s.query(SubOrder).join(Shop).filter(Shop.telegram_chat_id.isnot(None)).count()
        with container.database.engine.connect() as conn:
            recovered = conn.execute(text("SELECT count(*) FROM event_deliveries WHERE status = 'delivered' "
                                          "AND first_failed_at IS NOT NULL")).scalar_one()
            parked = conn.execute(text("SELECT count(*) FROM event_deliveries WHERE status = 'failed'")).scalar_one()
    sms_copies, sms_twice, sms_by_kill = _copies(sms, shop_numbers, kill_at)
    tg_copies, tg_twice, tg_by_kill = _copies(telegram, shop_chats, kill_at)
    lost = [ref for ref in load.acknowledged if ref not in stored]
    chat_lost = [ref for ref in chat.placed if ref not in stored]

    rows = [
        ("residents: REST API / web chat; minutes", f"{residents} / {chatters}; {(t_end - t0) / 60:.1f}"),
        ("Rasa servers behind the chat", str(rasa_servers) if rasa_servers else "none (rule-based)"),
        ("checkouts tried / orders acknowledged (REST)", f"{len(load.checkouts)} / {len(load.acknowledged)}"),
        ("chat turns / conversations / orders placed", f"{len(chat.turns)} / {chat.conversations} / {len(chat.placed)}"),
        ("errors seen by residents (REST; chat)", (", ".join(f"{k} {v}" for k, v in load.errors.items()) or "0")
         + "; " + (", ".join(f"{k} {v}" for k, v in chat.errors.items()) or "0")),
        ("refused by the shop rules (409)", str(load.refused)),
        ("orders lost (acknowledged, not stored)", f"{len(lost) + len(chat_lost)}  (must be 0)"),
        ("shop SMS expected / sent", f"{expected} / {len(sms_copies)}"),
        ("shop SMS sent twice", f"{len(sms_twice) - len(sms_by_kill)}  (must be 0)"),
        ("shop Telegram messages expected / sent", f"{expected_tg} / {len(tg_copies)}"),
        ("shop Telegram messages sent twice", f"{len(tg_twice) - len(tg_by_kill)}  (must be 0)"),
        ("  … duplicated by a kill at the worst moment (SMS, Telegram)", f"{len(sms_by_kill)}, {len(tg_by_kill)}"),
        ("refused during the outage (SMS, Telegram)", f"{sms.refused}, {telegram.refused}"),
        ("deliveries failed, then delivered", str(recovered)),
        ("deliveries parked as failed", str(parked)),
        ("outbox drained afterwards", "yes" if drained else "NO"),
    ]
    checkouts = load.checkouts
    turns = chat.turns
    rows.append(("p99 before the faults: checkout; chat turn",
                 f"{_p99([d for at, d in checkouts if at < faults[0].start])}; "
                 f"{_p99([d for at, d in turns if at < faults[0].start])}"))
    for n, fault in enumerate(faults):
        until = faults[n + 1].start if n + 1 < len(faults) else t_end

        def during(values: list[tuple[float, float]], fault: Fault = fault) -> str:
            return _p99([d for at, d in values if fault.start <= at <= fault.end])

        def after(values: list[tuple[float, float]], fault: Fault = fault, until: float = until) -> str:
            return _p99([d for at, d in values if fault.end < at <= until])

        rows.append((f"p99 during / after: {fault.name} ({fault.end - fault.start:.0f} s)",
                     f"checkout {during(checkouts)} / {after(checkouts)}; chat {during(turns)} / {after(turns)}"))
    width = max(len(name) for name, _ in rows)
    lines = [f"kiepe soak: 2 apps, 2 workers, {rasa_servers} Rasa, PostgreSQL; faults: "
             + ", ".join(f.name for f in faults), ""]
    lines += [f"{name.ljust(width)}  {value}" for name, value in rows]
    return "\n".join(lines)


def _copies(provider: FakeSms, recipients: set[str], kill_at: float) -> tuple[Counter, list, list]:
    """Messages to ``recipients`` the provider accepted: copies of each, those sent twice, and those
    of them whose first copy was accepted in the two seconds before the worker was killed."""
    accepted = [(at, to, body) for at, to, body in provider.accepted if to in recipients]
    copies = Counter((to, body) for _, to, body in accepted)
    first_at: dict[tuple[str, str], float] = {}
    for at, to, body in accepted:
        first_at.setdefault((to, body), at)
    twice = [key for key, n in copies.items() if n > 1]
    return copies, twice, [key for key in twice if kill_at - 2.0 <= first_at[key] <= kill_at]
