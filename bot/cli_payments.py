"""``kiepe payments …``: shop onboarding, reconcile, settlement CSV."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from sqlalchemy import select


def register(subparsers) -> None:
    parser = subparsers.add_parser("payments", help="Stripe onboarding, reconcile, settlements")
    commands = parser.add_subparsers(dest="payments_command", metavar="ACTION", required=True)

    onboard = commands.add_parser("onboard", help="create a shop's Stripe account and print its onboarding link")
    onboard.add_argument("shop", metavar="SHOP_SLUG")
    onboard.add_argument("--region", help="region slug, when the shop slug exists in several regions")
    onboard.set_defaults(func=_onboard)

    reconcile = commands.add_parser("reconcile", help="compare the ledger with Stripe, retry what failed")
    reconcile.add_argument("--since", type=date.fromisoformat, help="only orders placed on or after DATE")
    reconcile.set_defaults(func=_reconcile)

    report = commands.add_parser("settlement", help="a shop's settlement for a period as CSV")
    report.add_argument("shop", metavar="SHOP_SLUG")
    report.add_argument("--region")
    report.add_argument("--from", dest="date_from", type=date.fromisoformat, required=True, metavar="DATE")
    report.add_argument("--to", dest="date_to", type=date.fromisoformat, required=True, metavar="DATE")
    report.add_argument("--csv", dest="csv_file", metavar="FILE", help="write here instead of standard output")
    report.set_defaults(func=_settlement)


def _database():
    from bot.settings import get_settings
    from ordering.db import Database

    return Database(get_settings().database_url)


def _gateway():
    from bot.settings import get_settings
    from integrations.stripe_gateway import StripeGateway

    return StripeGateway.from_settings(get_settings())


def _shop(session, slug: str, region_slug: str | None):
    from ordering.models import Region, Shop

    query = select(Shop).where(Shop.slug == slug)
    if region_slug:
        query = query.join(Region, Region.id == Shop.region_id).where(Region.slug == region_slug)
    shops = list(session.scalars(query))
    if not shops:
        raise SystemExit(f"no shop {slug!r}")
    if len(shops) > 1:
        raise SystemExit(f"shop {slug!r} exists in several regions; name one with --region")
    return shops[0]


def _onboard(args: argparse.Namespace) -> int:
    from bot.settings import get_settings
    from ordering.payments import service

    base = (get_settings().public_url or "http://127.0.0.1:8000").rstrip("/")
    database = _database()
    with database.session() as session:
        shop = _shop(session, args.shop, args.region)
        link = service.onboard_shop(
            session, shop.id, _gateway(), refresh_url=f"{base}/shops/stripe/refresh", return_url=f"{base}/shops/stripe/done"
        )
        print(f"{shop.name}: Stripe account {shop.stripe_account_id}")
        print(link)
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from ordering.payments.reconcile import reconcile

    since = datetime.combine(args.since, datetime.min.time(), timezone.utc) if args.since else None
    database = _database()
    with database.session() as session:
        report = reconcile(session, _gateway(), since=since)
    print(f"{report.orders_checked} orders checked")
    for line in report.fixed:
        print(f"fixed:   {line}")
    for line in report.problems:
        print(f"PROBLEM: {line}")
    return 0 if report.ok else 1


def _settlement(args: argparse.Namespace) -> int:
    from ordering.payments import settlement

    if args.date_to < args.date_from:
        raise SystemExit("--to is before --from")
    database = _database()
    with database.session() as session:
        shop = _shop(session, args.shop, args.region)
        rows = settlement.settlement_rows(session, shop.id, args.date_from, args.date_to)
    if args.csv_file:
        with open(args.csv_file, "w", encoding="utf-8", newline="") as out:
            settlement.write_csv(rows, out)
        print(f"{len(rows)} rows written to {args.csv_file}")
    else:
        settlement.write_csv(rows, sys.stdout)
    return 0
