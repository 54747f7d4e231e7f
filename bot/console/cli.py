"""``kiepe console add-user``: create a console account (the first coordinator, shop staff, couriers)."""

from __future__ import annotations

import argparse
import getpass
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    console = subparsers.add_parser("console", help="the web console at /console/: accounts")
    commands = console.add_subparsers(dest="console_command", metavar="COMMAND")
    add = commands.add_parser("add-user", help="create a console account (asks for the password)")
    add.add_argument("username", help="the login name: a-z, 0-9, '.', '_', '-'")
    add.add_argument("--role", required=True, choices=("coordinator", "shop", "courier"))
    add.add_argument("--shop", help="the shop's id (slug) in the catalog, for shop staff")
    add.add_argument("--region", help="the region's id (slug); default: the only one")
    add.add_argument("--name", default="", help="the person's name as the console shows it")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of stdin (for scripts)")
    add.add_argument("--database-url", help="SQLAlchemy URL (default: KIEPE_DATABASE_URL or the local SQLite file)")
    add.set_defaults(func=_add_user)
    console.set_defaults(func=lambda _args: console.print_help() or 2)


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Passwort: ")
    if first != getpass.getpass("Passwort wiederholen: "):
        print("Die Passwörter stimmen nicht überein.", file=sys.stderr)
        return None
    return first


def _add_user(args: argparse.Namespace) -> int:
    from bot.console import accounts
    from bot.settings import get_settings
    from ordering.db import Database
    from ordering.errors import OrderingError

    password = _password(args)
    if password is None:
        return 1
    database = Database(args.database_url or get_settings().database_url)
    try:
        with database.session() as s:
            user = accounts.create_user(s, username=args.username, password=password, role=args.role,
                                        region_slug=args.region, shop_slug=args.shop, display_name=args.name)
            print(f"Konto {user.username} ({user.role}) angelegt. Anmelden unter /console/")
    except OrderingError as exc:
        print(f"kiepe console add-user: {exc.message}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    return 0
