"""The FastAPI side: Telegram's webhook, the admin's shop link codes, and starting the bot.

``router`` brings its own lifespan (FastAPI merges it on ``include_router``): when a token is
configured it builds and initialises the bot, subscribes the pushes, sets the webhook if a
public address is configured, and forgets old update ids now and then; all is undone on
shutdown. (Reminding shops is the application's job: ``bot.application.reminders``.)
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, FastAPI, Header, Path, Request, Response
from telegram import Update

from bot.api.deps import AdminDep, ContainerDep, SessionDep
from bot.api.schemas import Model, error_responses
from bot.application.container import Container
from bot.channels.telegram import linking
from bot.channels.telegram.app import build_application, runtime_of, set_webhook, wire
from bot.channels.telegram.pushes import forget_loop
from ordering.errors import NotFound
from ordering.models import Shop

log = logging.getLogger(__name__)

async def start_telegram(container: Container) -> bool:
    """Initialise the bot (built here unless the container has one already) and wire it."""
    runtime = runtime_of(container)
    if runtime is not None:
        application = runtime.application
    else:
        if not container.settings.telegram_token:
            return False
        application = build_application(container)
    await application.initialize()
    wire(container, application)
    runtime = runtime_of(container)
    assert runtime is not None
    if await set_webhook(application, container):
        log.info("Telegram webhook set")
    runtime.housekeeping = asyncio.create_task(forget_loop(
        container.database, container.clock, container.settings.telegram_reminder_interval_seconds))
    return True


async def stop_telegram(container: Container) -> None:
    runtime = runtime_of(container)
    if runtime is None:
        return
    task, runtime.housekeeping = runtime.housekeeping, None
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await runtime.application.shutdown()


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    container: Container = app.state.container
    started = await start_telegram(container)
    try:
        yield
    finally:
        if started:
            await stop_telegram(container)


router = APIRouter(tags=["telegram"], lifespan=lifespan)


@router.post("/telegram/webhook", include_in_schema=False)
async def webhook(
    request: Request,
    x_telegram_bot_api_secret_token: Annotated[str | None, Header()] = None,
) -> Response:
    """Telegram's updates; only with the secret token given to ``setWebhook`` (403 otherwise)."""
    container: Container = request.app.state.container
    secret = container.settings.telegram_secret_token
    runtime = runtime_of(container)
    application = runtime.application if runtime is not None else None
    given = x_telegram_bot_api_secret_token or ""
    if not secret or application is None or not hmac.compare_digest(given.encode(), secret.encode()):
        return Response(status_code=403)
    try:
        data = await request.json()
    except ValueError:
        return Response(status_code=400)
    # Errors inside handlers go to the application's error handler; Telegram always gets a 200,
    # so it does not repeat an update that would fail the same way again.
    await application.process_update(Update.de_json(data, application.bot))
    return Response(status_code=200)


# ---------------------------------------------------------------- admin: link codes


def bot_username(container: Container) -> str | None:
    """The bot's @name for deep links, once the bot has introduced itself (getMe)."""
    runtime = runtime_of(container)
    application = runtime.application if runtime is not None else None
    try:
        return application.bot.username if application is not None else None
    except RuntimeError:  # not initialised yet
        return None


class LinkCodeOut(Model):
    shop: str
    code: str
    expires_at: datetime
    deep_link: str | None = None
    command: str


@router.post("/api/admin/shops/{shop_id}/telegram-link-code", response_model=LinkCodeOut, tags=["admin"],
             responses=error_responses(401, 403, 404, 422))
async def telegram_link_code(shop_id: Annotated[int, Path(ge=1, le=2_147_483_647)], _: AdminDep, s: SessionDep,
                             c: ContainerDep) -> LinkCodeOut:
    """A one-time code the shop sends to the bot (``/link CODE``) to receive its orders there."""
    key = linking.signing_key(c)  # before the unit of work begins (locally it may store a new secret)
    shop = s.get(Shop, shop_id)
    if shop is None:
        raise NotFound(f"shop {shop_id} does not exist")
    link = linking.make_code(key, shop, c.clock.now(), hours=c.settings.telegram_link_code_hours)
    return LinkCodeOut(shop=shop.slug, code=link.code, expires_at=link.expires_at,
                       deep_link=link.deep_link(bot_username(c)), command=f"/link {link.code}")
