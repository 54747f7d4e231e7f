"""``kiepe telegram poll|set-webhook`` and ``kiepe shops link-code SLUG``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from sqlalchemy import select


def register(subparsers: argparse._SubParsersAction) -> None:
    telegram = subparsers.add_parser("telegram", help="the Telegram bot for residents and shops")
    actions = telegram.add_subparsers(dest="telegram_command", metavar="ACTION", required=True)
    poll = actions.add_parser("poll", help="run the bot by long polling (local use, no public address needed)")
    poll.set_defaults(func=_poll)
    hook = actions.add_parser("set-webhook", help="point Telegram at KIEPE_PUBLIC_URL/telegram/webhook")
    hook.set_defaults(func=_set_webhook)

    shops = subparsers.add_parser("shops", help="shops and their chats")
    shop_actions = shops.add_subparsers(dest="shops_command", metavar="ACTION", required=True)
    code = shop_actions.add_parser("link-code", help="a one-time code that links a shop's Telegram chat")
    code.add_argument("slug", metavar="SLUG", help="the shop's id in the catalog, e.g. hof-schulze")
    code.add_argument("--region", metavar="SLUG", help="the region (default: KIEPE_REGION_SLUG or the only one)")
    code.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: KIEPE_DATABASE_URL)")
    code.set_defaults(func=_link_code)


def _container():
    """The container, or None (with a message) when no bot token is configured."""
    from bot.composition import build_container

    container = build_container()
    if not container.settings.telegram_token:
        print("KIEPE_TELEGRAM_TOKEN is not set (the token from @BotFather).", file=sys.stderr)
        return None
    return container


def _poll(args: argparse.Namespace) -> int:
    from bot.channels.telegram.app import build_application, wire
    from bot.channels.telegram.pushes import forget_loop
    from bot.worker import Worker

    container = _container()
    if container is None:
        return 2

    async def post_init(application) -> None:
        wire(container, application)
        # Application.create_task ties the job to the application: it ends when polling stops.
        if container.settings.in_process_worker:  # outbox, reminders, expiry …: bot.worker
            application.create_task(Worker(container, kind="telegram").run())
        application.create_task(forget_loop(container.database, container.clock,
                                            container.settings.telegram_reminder_interval_seconds))

    application = build_application(container, post_init=post_init)
    print("Telegram bot läuft (Polling). Beenden mit Strg+C.", file=sys.stderr)
    application.run_polling(allowed_updates=["message", "callback_query"])
    return 0


def _set_webhook(args: argparse.Namespace) -> int:
    from bot.channels.telegram.app import build_application, set_webhook, webhook_url

    container = _container()
    if container is None:
        return 2
    if not container.settings.public_url:
        print("KIEPE_PUBLIC_URL is not set; use `kiepe telegram poll` locally.", file=sys.stderr)
        return 2
    if not container.settings.telegram_secret_token:
        print("KIEPE_TELEGRAM_SECRET_TOKEN is not set; the webhook would refuse every update.", file=sys.stderr)
        return 2

    async def run() -> bool:
        application = build_application(container)
        async with application:
            return await set_webhook(application, container)

    ok = asyncio.run(run())
    print(f"webhook {'set' if ok else 'NOT set'}: {webhook_url(container)}")
    return 0 if ok else 1


def _link_code(args: argparse.Namespace) -> int:
    from bot.channels.telegram.linking import make_code, signing_key
    from bot.clock import Clock
    from bot.installation_keys import LocalKeys
    from bot.settings import get_settings
    from ordering.db import Database
    from ordering.models import Region, Shop

    settings = get_settings()
    database = Database(args.database_url or settings.database_url)
    try:
        key = signing_key(LocalKeys(settings, database))
        with database.session() as s:
            query = select(Shop).where(Shop.slug == args.slug)
            region_slug = args.region or settings.region_slug
            if region_slug:
                query = query.join(Region, Shop.region_id == Region.id).where(Region.slug == region_slug)
            found = s.scalars(query).all()
            if len(found) != 1:
                where = f" in region {region_slug!r}" if region_slug else ""
                print(f"no single shop {args.slug!r}{where}" + (" (give --region)" if found else ""), file=sys.stderr)
                return 1
            link = make_code(key, found[0], Clock().now(), hours=settings.telegram_link_code_hours)
    finally:
        database.dispose()
    print(f"Code für {args.slug}: {link.code}")
    print(f"Im Telegram-Chat des Geschäfts senden: /link {link.code}")
    print(f"Gültig bis {link.expires_at:%Y-%m-%d %H:%M} UTC, nur einmal verwendbar.")
    return 0
