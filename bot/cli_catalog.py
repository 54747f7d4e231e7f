"""``kiepe catalog validate FILE`` and ``kiepe catalog import FILE``."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import inspect

from ordering.catalog_file import CatalogError, CatalogSpec, read_catalog
from ordering.catalog_import import import_catalog
from ordering.db import Database
from ordering.errors import OrderingError


def register(subparsers: argparse._SubParsersAction) -> None:
    catalog = subparsers.add_parser("catalog", help="check and import kiepe-catalog/1 files")
    commands = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    validate = commands.add_parser("validate", help="check a catalog file and summarize it")
    validate.add_argument("file", help="a kiepe-catalog/1 YAML file")
    validate.set_defaults(func=run_validate)

    load = commands.add_parser("import", help="validate a catalog file, then create or update the region from it")
    load.add_argument("file", help="a kiepe-catalog/1 YAML file")
    load.add_argument("--database-url", help="SQLAlchemy URL (default: KIEPE_DATABASE_URL or the local SQLite file)")
    load.set_defaults(func=run_import)


def _read(path: str) -> CatalogSpec | None:
    """The catalog, or None after printing why it cannot be used; warnings go to stderr."""
    try:
        spec = read_catalog(path)
        for warning in spec.warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        return spec
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror or exc}", file=sys.stderr)
    except CatalogError as exc:
        print(exc.message, file=sys.stderr)
    return None


def run_validate(args: argparse.Namespace) -> int:
    spec = _read(args.file)
    if spec is None:
        return 1
    print(f"{args.file}: valid")
    print(spec.summary())
    return 0


def run_import(args: argparse.Namespace) -> int:
    spec = _read(args.file)
    if spec is None:
        return 1
    url = args.database_url
    if url is None:
        from bot.settings import get_settings  # only when needed: reading settings reads the environment

        url = get_settings().database_url
    database = Database(url)
    try:
        if not inspect(database.engine).has_table("regions"):
            # An empty database gets its tables here for now; Alembic will own this (kiepe db upgrade).
            database.create_all()
        with database.session() as session:
            report = import_catalog(session, spec)
    except OrderingError as exc:
        print(f"{args.file}: not imported: {exc.message}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(f"{args.file}: imported")
    print("\n".join(report.lines()))
    return 0
