"""``kiepe worker`` (outbox dispatch and timed jobs in a process of their own) and
``kiepe events failed|retry|prune`` (deliveries parked as failed; delivered ones past their retention)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from bot.settings import get_settings

log = logging.getLogger("kiepe")


def register(subparsers: argparse._SubParsersAction) -> None:
    worker = subparsers.add_parser("worker", help="run the outbox dispatch and the timed jobs (any number of them)")
    worker.set_defaults(func=_worker)
    events = subparsers.add_parser("events", help="the outbox: deliveries parked as failed, old delivered ones")
    commands = events.add_subparsers(dest="events_command", metavar="COMMAND", required=True)
    failed = commands.add_parser("failed", help="list deliveries parked after their last attempt")
    failed.add_argument("--limit", type=int, default=200)
    failed.set_defaults(func=_failed)
    retry = commands.add_parser("retry", help="send parked deliveries again (only the subscriber that failed)")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, action="append", dest="ids", metavar="N",
                       help="a delivery id from `kiepe events failed` (repeatable)")
    which.add_argument("--all", action="store_true", help="every parked delivery")
    retry.add_argument("--no-send", action="store_true",
                       help="only put them back in the queue; a running worker sends them")
    retry.set_defaults(func=_retry)
    prune = commands.add_parser("prune", help="delete delivered deliveries older than the retention "
                                              "(failed and pending ones stay)")
    prune.add_argument("--older-than", type=float, default=None, metavar="DAYS",
                       help="age in days (default: KIEPE_OUTBOX_RETENTION_DAYS, 14)")
    prune.set_defaults(func=_prune)


async def _with_telegram(container, work):
    """Run ``work()`` with the Telegram pushes subscribed where a bot token is set (they send messages)."""
    if not container.settings.telegram_token:
        return await work()
    from bot.channels.telegram.app import build_application, wire

    application = build_application(container)
    await application.initialize()
    wire(container, application)
    try:
        return await work()
    finally:
        await application.shutdown()


def _worker(args: argparse.Namespace) -> int:
    from bot.composition import build_container
    from bot.logs import configure_logging
    from bot.migrate import upgrade
    from bot.worker import Worker

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    container = build_container(settings)
    upgrade(container.database.engine)  # a worker may start before the app: the tables it needs
    worker = Worker(container, kind="worker")

    async def main() -> None:
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            if task is not None:
                loop.add_signal_handler(sig, task.cancel)  # stop cleanly: the heartbeat row goes
        with contextlib.suppress(asyncio.CancelledError):
            await _with_telegram(container, worker.run)

    print(f"Kiepe worker {worker.id} läuft. Beenden mit Strg+C.", file=sys.stderr, flush=True)
    asyncio.run(main())
    return 0


def _failed(args: argparse.Namespace) -> int:
    from bot.application import dead_letters
    from ordering.db import Database

    database = Database(get_settings().database_url)
    try:
        with database.read_session() as s:
            rows = dead_letters.parked(s, limit=args.limit)
    finally:
        database.dispose()
    if not rows:
        print("No failed deliveries.")
        return 0
    header = ("id", "event", "order", "subscriber", "attempts", "last error", "since")
    table = [header] + [(str(r.id), f"{r.event_id} {r.event}", r.order_reference, r.subscriber, str(r.attempts),
                         r.last_error[:60], r.since.strftime("%Y-%m-%d %H:%M")) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * width for width in widths))
    print(f"\n{len(rows)} failed. Send again: kiepe events retry --id N | --all")
    return 1


def _retry(args: argparse.Namespace) -> int:
    from bot.application.dead_letters import retry_parked
    from bot.composition import build_container

    container = build_container(get_settings())
    with container.database.session() as s:
        count = retry_parked(s, container.clock.now(), None if args.all else args.ids)
    print(f"{count} deliveries put back in the queue.")
    if count == 0 or args.no_send:
        return 0 if count or args.all else 1
    sent = asyncio.run(_with_telegram(container, container.events.dispatch_pending))
    print(f"{sent} delivered now; the rest are retried with backoff (kiepe events failed shows what is parked).")
    return 0


def _prune(args: argparse.Namespace) -> int:
    from datetime import datetime, timedelta, timezone

    from bot.application.outbox_retention import prune_delivered
    from ordering.db import Database

    settings = get_settings()
    days = settings.outbox_retention_days if args.older_than is None else args.older_than
    if days < 0:
        print("--older-than must be 0 or more days.", file=sys.stderr)
        return 2
    database = Database(settings.database_url)
    try:
        pruned = prune_delivered(database, datetime.now(timezone.utc), timedelta(days=days))
    finally:
        database.dispose()
    print(f"{pruned} delivered deliveries older than {days:g} days deleted (failed and pending ones are kept).")
    return 0
