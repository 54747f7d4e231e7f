"""``kiepe db upgrade``: bring the database schema up to date."""

from __future__ import annotations

import argparse

from bot.migrate import upgrade
from bot.settings import get_settings
from ordering.db import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="apply all migrations (safe to repeat)")
    up.add_argument("--database-url", default=None, help="default: KIEPE_DATABASE_URL or the local SQLite file")
    up.set_defaults(func=_upgrade)
    rev = db_sub.add_parser("revision", help="write a migration for model changes (developers)")
    rev.add_argument("message", help="what the migration does, e.g. 'add shop opening hours'")
    rev.set_defaults(func=_revision)


def _upgrade(args: argparse.Namespace) -> int:
    database = Database(args.database_url or get_settings().database_url)
    upgrade(database.engine)
    print(f"database schema is up to date ({database.dialect})")
    return 0


def _revision(args: argparse.Namespace) -> int:
    from bot.migrate import new_revision

    new_revision(args.message)
    return 0
