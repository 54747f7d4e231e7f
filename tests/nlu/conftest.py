"""Fixtures for the NLU tests: anyio backend, a misbehaving fake Rasa, and a real Rasa server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class FakeRasa:
    """A tiny HTTP server on 127.0.0.1 whose answers the test scripts.

    `behaviours` is a queue of what to do with the next requests ("ok", "slow", "garbage",
    "500", "wrong_shape"); when it runs dry, `default` applies.
    """

    url: str = ""
    default: str = "ok"
    behaviours: list[str] = field(default_factory=list)
    delay: float = 1.0
    requests: int = 0
    answer: dict = field(default_factory=lambda: {
        "text": "zwei liter milch",
        "intent": {"name": "add_items", "confidence": 0.97},
        "entities": [
            {"entity": "quantity", "start": 0, "end": 4, "value": "2", "group": "1",
             "confidence_entity": 0.99, "extractor": "DIETClassifier"},
            {"entity": "unit", "start": 5, "end": 10, "value": "l", "group": "1"},
            {"entity": "product", "start": 11, "end": 16, "value": "milch", "group": "1"},
        ],
        "intent_ranking": [{"name": "add_items", "confidence": 0.97},
                           {"name": "change_item", "confidence": 0.02}],
    })

    def next_behaviour(self) -> str:
        self.requests += 1
        return self.behaviours.pop(0) if self.behaviours else self.default


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            self.rfile.read(length)
            what = fake.next_behaviour()
            if what == "slow":
                time.sleep(fake.delay)
                what = "ok"
            if what == "500":
                body, status = b'{"error": "boom"}', 500
            elif what == "garbage":
                body, status = b"<html>not json{{", 200
            elif what == "wrong_shape":
                body, status = b'{"intent": "add_items", "entities": 3}', 200
            else:
                body, status = json.dumps(fake.answer).encode(), 200
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: that is the point of the slow tests

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
