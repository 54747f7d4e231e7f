"""A stand-in for ``rasa run --enable-api`` for the bench's smoke test: /status, /version, /model/parse.

It answers every parse with Rasa's own fallback intent, so the dialogue falls back to its
rule-based understanding; the point is the benchmark's plumbing, not the NLU.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/status"):
            self._send({"model_file": "fake.tar.gz", "num_active_training_jobs": 0})
        else:
            self._send({"version": "0.0-fake", "minimum_compatible_version": "0.0"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        text = json.loads(self.rfile.read(length) or b"{}").get("text", "")
        self._send({"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}, "entities": [],
                    "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.3}]})


@contextmanager
def fake_rasa() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":  # a fake for trying `kiepe bench --rasa-url` by hand
    import time

    with fake_rasa() as url:
        print(url, flush=True)
        time.sleep(600)
