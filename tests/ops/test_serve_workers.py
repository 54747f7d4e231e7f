"""``kiepe serve --workers N``: refused on SQLite; on PostgreSQL two real worker processes
whose metrics add up in one scrape (PROMETHEUS_MULTIPROC_DIR)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from nlu.rasa_env import free_port
from tests.conftest import _PG_OK, POSTGRES_URL, drop_postgres_schema, make_postgres_database
from tests.support import secrets

KIEPE = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parents[2]


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIEPE_", "PROMETHEUS_"))}
    env.update(KIEPE_RASA_MANAGE="false", KIEPE_RASA_URL=f"http://127.0.0.1:{free_port()}",
               KIEPE_ADMIN_TOKEN=secrets.ADMIN_TOKEN, KIEPE_LINK_SECRET=secrets.LINK_SECRET, **values)
    return env


def test_several_workers_are_refused_on_sqlite(tmp_path):
    done = subprocess.run([*KIEPE, "serve", "--workers", "2", "--no-nlu"], cwd=ROOT, capture_output=True, text=True,
                          env=_env(KIEPE_DATABASE_URL=f"sqlite:///{tmp_path / 'k.db'}"), timeout=60)
    assert done.returncode != 0
    assert "--workers 2 needs PostgreSQL" in done.stderr and "KIEPE_DATABASE_URL" in done.stderr
    assert not (tmp_path / "k.db").exists()  # refused before touching the database


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not _PG_OK:
        if os.environ.get("CI"):
            pytest.fail(f"CI requires PostgreSQL at {POSTGRES_URL}")
        pytest.skip("PostgreSQL not reachable")
    database, schema = make_postgres_database()
    url = database.url
    database.dispose()
    try:
        yield url
    finally:
        drop_postgres_schema(schema)


@pytest.mark.postgres
def test_two_workers_serve_and_their_metrics_add_up(pg_url, tmp_path):
    port = free_port()
    proc = subprocess.Popen([*KIEPE, "serve", "--workers", "2", "--no-nlu", "--port", str(port)], cwd=ROOT,
                            env=_env(KIEPE_DATABASE_URL=pg_url, KIEPE_LOG_LEVEL="WARNING"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, trust_env=False, timeout=10) as http:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if http.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "kiepe serve --workers 2 did not get ready"
                time.sleep(0.3)
            turns = 12
            for _ in range(turns):  # new connections: the kernel spreads them over both workers
                with httpx.Client(base_url=base, trust_env=False, timeout=30) as one:
                    assert one.post("/chat/turn", json={}, headers={"X-Kiepe-Chat": "1"}).status_code == 200
            for _ in range(3):  # whichever worker answers the scrape sees every worker's turns
                page = http.get("/metrics", headers={"Authorization": f"Bearer {secrets.ADMIN_TOKEN}"})
                assert page.status_code == 200
                counted = sum(s.value for f in text_string_to_metric_families(page.text) for s in f.samples
                              if s.name == "kiepe_turns_total" and s.labels.get("channel") == "web")
                assert counted == turns
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
