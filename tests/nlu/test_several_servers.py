"""Several Rasa servers behind one NLU client: real HTTP servers in processes of their own.

Parses are spread round-robin; a server killed with SIGKILL is skipped (its own circuit
breaker opens) without a single parse failing; with every server down the client degrades
as with one; a server started again gets its share back after the cool-down.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nlu.client import CircuitBreaker, RasaNluClient, server_urls
from nlu.intents import Intent
from nlu.rasa_env import free_port

pytestmark = pytest.mark.anyio
SERVER = Path(__file__).with_name("parse_server.py")


class Servers:
    def __init__(self) -> None:
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.ports: dict[str, int] = {}

    def start(self, name: str, port: int | None = None) -> None:
        port = port or free_port()
        proc = subprocess.Popen([sys.executable, str(SERVER), str(port), name], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 10
        while True:  # listening (the line comes after bind, but be sure)
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1, trust_env=False)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, f"server {name} did not come up"
                time.sleep(0.05)
        self.procs[name], self.ports[name] = proc, port

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.kill(name)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def servers() -> Iterator[Servers]:
    s = Servers()
    try:
        for name in ("a", "b", "c"):
            s.start(name)
        yield s
    finally:
        s.stop_all()


def _served_by(intent: str) -> str:
    assert intent.startswith("served_by_"), intent
    return intent.removeprefix("served_by_")


def test_urls_are_read_comma_separated() -> None:
    assert server_urls(" http://a:5005/, http://b:5005 ,") == ["http://a:5005", "http://b:5005"]
    with pytest.raises(ValueError):
        server_urls(" , ")


async def test_parses_are_spread_round_robin(servers: Servers) -> None:
    urls = ",".join(servers.url(n) for n in ("a", "b", "c"))
    async with RasaNluClient(urls) as client:
        answered = Counter([_served_by((await client.parse(f"zwei brötchen {i}")).intent) for i in range(9)])
    assert answered == {"a": 3, "b": 3, "c": 3}


async def test_a_killed_server_is_skipped_and_comes_back(servers: Servers) -> None:
    urls = ",".join(servers.url(n) for n in ("a", "b", "c"))
    async with RasaNluClient(urls, failure_threshold=2, cooldown=0.5, timeout=1.0) as client:
        port_b = servers.ports["b"]
        servers.kill("b")
        results = [await client.parse(f"milch {i}") for i in range(12)]
        assert all(r.available for r in results), [r.intent for r in results if not r.available]
        answered = Counter(_served_by(r.intent) for r in results)
        assert set(answered) == {"a", "c"} and sum(answered.values()) == 12
        assert client.servers[1].breaker.state in (CircuitBreaker.OPEN, CircuitBreaker.HALF_OPEN)

        servers.start("b", port_b)  # restarted on its old address
        time.sleep(0.6)  # past the cool-down: its circuit lets a trial through
        again = Counter([_served_by((await client.parse(f"eier {i}")).intent) for i in range(9)])
        assert again["b"] >= 2 and client.servers[1].breaker.state == CircuitBreaker.CLOSED


async def test_all_servers_down_degrades_quickly(servers: Servers) -> None:
    urls = ",".join(servers.url(n) for n in ("a", "b"))
    async with RasaNluClient(urls, failure_threshold=1, cooldown=30, timeout=1.0) as client:
        assert (await client.parse("hallo")).available
        servers.kill("a")
        servers.kill("b")
        t0 = time.monotonic()
        first = await client.parse("hallo")
        assert first.intent == Intent.NLU_UNAVAILABLE and not first.available
        assert not client.available  # every circuit open: the dialogue runs on buttons
        t1 = time.monotonic()
        again = await client.parse("hallo")  # answered at once: no request goes out
        assert again.intent == Intent.NLU_UNAVAILABLE and time.monotonic() - t1 < 0.05
    assert t1 - t0 < 1.0  # refused connections, no waiting for timeouts
