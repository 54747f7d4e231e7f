"""The expiry job: unused web sessions, idle carts, overdue holds.

A timed job of the worker (``bot.worker``), claimed so one worker runs it per interval. Were
two to run it at once, nothing would break: each step is idempotent, and holds another
process is working on are skipped (``windows.sweep_expired``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

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
