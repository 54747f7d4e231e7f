"""The FastAPI application: REST API today, channel webhooks and the web chat as they land."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import asynccontextmanager
from functools import partial

import anyio
from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from bot import installation_keys
from bot.api import admin, admin_events, catalog, ops, residents, shops, stripe_webhook
from bot.api.errors import install_error_handlers
from bot.api.headers import SecurityHeaders
from bot.api.overload import install_admission
from bot.api.throttle import install_rate_limits
from bot.application.container import Container
from bot.application.jobs import latest_beat
from bot.composition import CHANNELS, build_container
from bot.console import routes as console
from bot.production import check_safe_to_serve
from bot.worker import Worker
from ordering.errors import ConfigurationError

API_DESCRIPTION = """Kiepe: one marketplace for the local shops of nine Münsterland municipalities.

Residents order from several shops in one cart and pay one total; shops see only their own
part of each order; the courier and the pick-up stations get their lists.

Authentication: `Authorization: Bearer <token>`. Residents get theirs when they register,
shops from the region admin, the admin from the installation's settings.
"""


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Run the worker (outbox dispatch, reminders, expiry, reconcile, windows: ``bot.worker``)
    beside the requests unless ``kiepe worker`` runs it apart; stop it with the app."""
    container: Container = app.state.container
    # The web chat signs its cookies with a key the first request would otherwise create on the
    # event loop (a write transaction on a fresh local database): made here, in a worker thread.
    # Only a head start: exposed without KIEPE_LINK_SECRET, or before the tables exist, the first
    # request makes (or refuses) it as before.
    with contextlib.suppress(ConfigurationError, SQLAlchemyError):
        await anyio.to_thread.run_sync(installation_keys.key, container, "web-session")
    with contextlib.suppress(SQLAlchemyError):  # before the tables exist, the first turn loads them
        await anyio.to_thread.run_sync(container.warm_up)
    tasks = []
    if container.settings.in_process_worker:
        tasks.append(asyncio.create_task(Worker(container, kind="serve").run()))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app(container: Container | None = None) -> FastAPI:
    container = container or build_container()
    check_safe_to_serve(container.settings)  # ConfigurationError: exposed with weak secrets
    # Every body is counted as it streams in (not just Content-Length): 413 above the limit.
    # Small for chat, API and webhooks; catalog uploads get the larger limit.
    app = FastAPI(title="Kiepe", version="0.1.0", description=API_DESCRIPTION, lifespan=lifespan,
                  max_body_size=container.settings.max_body_bytes)
    app.state.container = container
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    install_rate_limits(app)  # per client on /api and /chat; 429 with Retry-After
    install_admission(app, container.settings)  # turns in flight bounded: 503, a wait, "Einen Moment bitte"
    # /readyz reads the workers' newest heartbeat through this (checked where KIEPE_EXPECT_WORKER)
    app.state.worker_heartbeat = partial(latest_beat, container.database)
    app.include_router(ops.router)  # /healthz, /readyz, /metrics
    for module in (catalog, residents, shops, admin, admin_events):
        app.include_router(module.router)
    app.include_router(admin.uploads, max_body_size=container.settings.max_upload_bytes)
    app.include_router(stripe_webhook.router)
    for channel in CHANNELS:  # web chat, Telegram, phone, SMS: see bot.composition
        app.include_router(channel)
    console.install(app)  # /console/: coordinators, shops and couriers log in (bot/console)
    return app
