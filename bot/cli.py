"""The ``kiepe`` command. Each area adds its subcommands through a ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that contribute subcommands; each has register(subparsers) and sets func=.
COMMAND_MODULES = (
    "bot.cli_serve",
    "bot.cli_db",
    "bot.cli_catalog",
    "bot.cli_windows",
    "bot.cli_residents",
    "bot.cli_replay",
    "bot.cli_payments",
    "bot.cli_telegram",
    "bot.cli_bench",
    "bot.cli_worker",
    "bot.cli_soak",
    "bot.console.cli",
    "nlu.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiepe", description="Kiepe: ordering from local shops by chat and phone")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from ordering.errors import ConfigurationError

    try:
        return int(args.func(args) or 0)
    except ConfigurationError as exc:  # unsafe settings: say which, no traceback
        print(f"kiepe: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
