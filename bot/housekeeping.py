"""The periodic expiry job of a serving process: unused web sessions, idle carts, overdue holds.

Started beside the outbox dispatcher by the app's lifespan; the first round runs one interval
after the start. Several processes may run it at once: each step is idempotent, and holds
another process is working on are skipped (``windows.sweep_expired``).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import anyio

from bot.application.container import Container
from bot.settings import Settings
from ordering import windows
from ordering.expiry import Expired, ExpiryRules, expire_unused

log = logging.getLogger(__name__)


def rules_of(settings: Settings) -> ExpiryRules:
    return ExpiryRules(web_session_empty=timedelta(hours=settings.web_session_empty_hours),
                       web_session_idle=timedelta(days=settings.web_session_idle_days),
                       cart_idle=timedelta(days=settings.cart_idle_days))


def run_once(container: Container, now: datetime | None = None) -> Expired:
    """One round in one unit of work; returns what it expired."""
    now = now or container.clock.now()
    with container.database.session() as s:
        holds = windows.sweep_expired(s, now)
        expired = expire_unused(s, now, rules_of(container.settings))
    if holds or expired.web_sessions or expired.carts:
        log.info("expired %d holds, %d web sessions, %d carts", holds, expired.web_sessions, expired.carts)
    return expired


async def loop(container: Container) -> None:
    """Every ``housekeeping_interval_seconds`` until cancelled; a failed round is logged, not fatal."""
    interval = max(container.settings.housekeeping_interval_seconds, 10)
    while True:
        await asyncio.sleep(interval)
        try:
            await anyio.to_thread.run_sync(run_once, container)
        except Exception:  # noqa: BLE001 - the next round tries again
            log.exception("housekeeping round failed")
