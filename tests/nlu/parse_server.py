"""A stand-in Rasa server in a process of its own: ``python parse_server.py PORT NAME``.

Answers ``POST /model/parse`` with the intent ``served_by_NAME``, so a test sees which of
several servers answered; ``GET /`` says hello like Rasa. The test kills it with SIGKILL.
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    port, name = int(sys.argv[1]), sys.argv[2]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            self._send(b"Hello from Rasa: 3.6.21", "text/plain")

        def do_POST(self) -> None:  # noqa: N802
            text = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))["text"]
            answer = {"text": text, "intent": {"name": f"served_by_{name}", "confidence": 0.99}, "entities": []}
            self._send(json.dumps(answer).encode(), "application/json")

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
