"""``kiepe residents erase``: erase a resident's personal data by phone, Telegram id or web session."""

from __future__ import annotations

import argparse
import sys

from bot.clock import Clock
from bot.settings import get_settings
from ordering.db import Database
from ordering.errors import OrderingError


def register(subparsers: argparse._SubParsersAction) -> None:
    residents = subparsers.add_parser("residents", help="residents' personal data")
    sub = residents.add_subparsers(dest="residents_command", metavar="ACTION", required=True)
    erase = sub.add_parser("erase", help="erase a resident's personal data (orders stay, anonymised)")
    who = erase.add_mutually_exclusive_group(required=True)
    who.add_argument("--phone", help="the phone number they called or ordered with, e.g. 02541 123456")
    who.add_argument("--telegram", type=int, help="their Telegram user id")
    who.add_argument("--web-session", help="the web chat session id (or the whole kiepe_session cookie value); "
                          "write --web-session=VALUE, since an id may begin with '-'")
    erase.add_argument("--database-url", default=None, help="default: KIEPE_DATABASE_URL or the local SQLite file")
    erase.set_defaults(func=_erase)


def _erase(args: argparse.Namespace) -> int:
    import bot.tables  # noqa: F401 - call records are a channel's table
    from bot.application import erasure
    from bot.composition import channel_erasure

    database = Database(args.database_url or get_settings().database_url)
    try:
        with database.session() as s:
            report = erasure.erase(s, channel_erasure(), now=Clock().now(), phone=args.phone, telegram_id=args.telegram,
                                   web_session=args.web_session)
    except OrderingError as exc:
        print(f"nothing erased: {exc.message}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(f"erased: {report.residents} resident(s), {report.conversations} conversation(s), "
          f"{report.call_records} call record(s), {report.carts_emptied} cart(s) emptied, "
          f"the number removed from {report.numbers_removed} other account(s); "
          f"{report.orders_anonymised} order(s) kept for bookkeeping without personal data")
    return 0
