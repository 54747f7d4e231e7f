"""Liveness and readiness: what ``/healthz`` and ``/readyz`` answer.

* alive: the process answers at all (no dependency is asked);
* ready: the database answers a query. The NLU is reported, never required: when no Rasa
  server answers, Kiepe still serves turns with buttons and simple sentences ("degraded").
  Where ``KIEPE_EXPECT_WORKER`` says a separate ``kiepe worker`` runs the outbox and the timed
  jobs, its last heartbeat must be recent too: that is read through a ``HeartbeatSource`` the
  app is given (the worker writes it), so this module does not know how it is stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import anyio
import httpx
from sqlalchemy import text

from bot.settings import Settings
from nlu.client import server_urls
from ordering.db import Database

# When did a worker last say it is alive? None: never (or not known).
HeartbeatSource = Callable[[], datetime | None]
CHECK_TIMEOUT_S = 2.0
NLU_TIMEOUT_S = 1.0


@dataclass
class Readiness:
    ready: bool
    checks: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {"status": "ready" if self.ready else "not ready", **self.checks}


def _ping(database: Database) -> None:
    with database.read_session() as s:
        s.execute(text("SELECT 1"))


async def database_check(database: Database) -> dict[str, Any]:
    try:
        with anyio.fail_after(CHECK_TIMEOUT_S):
            await anyio.to_thread.run_sync(_ping, database, abandon_on_cancel=True)
    except TimeoutError:
        return {"ok": False, "error": f"no answer within {CHECK_TIMEOUT_S:.0f} s"}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "dialect": database.dialect}


async def nlu_check(rasa_url: str) -> dict[str, Any]:
    """Ask every Rasa server ``GET /`` at once; none answering means degraded, not down."""
    urls = server_urls(rasa_url)

    async def answers(http: httpx.AsyncClient, url: str) -> bool:
        try:
            return (await http.get(url + "/", timeout=NLU_TIMEOUT_S)).status_code == 200
        except httpx.HTTPError:
            return False

    async with httpx.AsyncClient(trust_env=False) as http:
        up = await asyncio.gather(*(answers(http, url) for url in urls))
    servers = {url: ("up" if ok else "down") for url, ok in zip(urls, up)}
    mode = "full" if all(up) else "reduced" if any(up) else "degraded"
    return {"mode": mode, "servers": servers,
            **({"note": "no Rasa server answers: turns are served with buttons and simple sentences"}
               if mode == "degraded" else {})}


def worker_check(settings: Settings, heartbeat: HeartbeatSource | None,
                 now: datetime | None = None) -> dict[str, Any] | None:
    """None where no separate worker is expected (the app dispatches the outbox itself)."""
    if not settings.expect_worker:
        return None
    if heartbeat is None:
        return {"ok": False, "error": "a worker is expected, but this app has no way to read its heartbeat"}
    last = heartbeat()
    if last is None:
        return {"ok": False, "error": "no worker has reported yet"}
    last = last if last.tzinfo else last.replace(tzinfo=timezone.utc)
    age = ((now or datetime.now(timezone.utc)) - last).total_seconds()
    limit = settings.worker_heartbeat_max_age_seconds
    return {"ok": age <= limit, "last_heartbeat_seconds_ago": round(age, 1), "limit_seconds": limit}


async def readiness(settings: Settings, database: Database, heartbeat: HeartbeatSource | None) -> Readiness:
    db, nlu = await asyncio.gather(database_check(database), nlu_check(settings.rasa_url))
    checks: dict[str, Any] = {"database": db, "nlu": nlu}
    ready = bool(db["ok"])
    worker = await anyio.to_thread.run_sync(worker_check, settings, heartbeat)
    if worker is not None:
        checks["worker"] = worker
        ready = ready and bool(worker["ok"])
    return Readiness(ready, checks)
