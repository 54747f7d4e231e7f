"""``kiepe windows generate|list``, ``kiepe runsheet``, ``kiepe pickup-list``: windows and tour papers."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.settings import get_settings
from ordering.db import Database
from ordering.errors import OrderingError
from ordering.models import Region, WindowKind
from ordering.run_sheets import delivery_run_sheet, render_pickup_list_text, render_run_sheet_text, station_pickup_list
from ordering.windows import generate_slots, municipality_by_slug, open_windows, station_by_slug


def register(subparsers: argparse._SubParsersAction) -> None:
    windows = subparsers.add_parser("windows", help="delivery and pick-up windows")
    actions = windows.add_subparsers(dest="windows_command", metavar="ACTION", required=True)

    generate = actions.add_parser("generate", help="create windows from the weekly template (safe to repeat)")
    generate.add_argument("--days", type=int, default=None, help="horizon in days (default: KIEPE_SLOT_HORIZON_DAYS)")
    _common(generate)
    generate.set_defaults(func=_generate)

    listing = actions.add_parser("list", help="windows not yet started, with free places")
    where = listing.add_mutually_exclusive_group()
    where.add_argument("--municipality", metavar="SLUG", help="delivery windows of one municipality")
    where.add_argument("--station", metavar="SLUG", help="pick-up windows of one station")
    listing.add_argument("--open-only", action="store_true", help="only windows that can still be booked")
    listing.add_argument("--now", type=datetime.fromisoformat, default=None, help="pretend it is this time (ISO)")
    _common(listing)
    listing.set_defaults(func=_list)

    runsheet = subparsers.add_parser("runsheet", help="print the courier's sheet for a delivery window")
    runsheet.add_argument("slot_id", type=int, metavar="SLOT_ID")
    _common(runsheet)
    runsheet.set_defaults(func=_runsheet)

    pickup = subparsers.add_parser("pickup-list", help="print a station's list for a pick-up window")
    pickup.add_argument("station", metavar="STATION_SLUG")
    pickup.add_argument("slot_id", type=int, metavar="SLOT_ID")
    _common(pickup)
    pickup.set_defaults(func=_pickup_list)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region", metavar="SLUG", default=None, help="needed only when there are several regions")
    parser.add_argument("--database-url", default=None, help="default: KIEPE_DATABASE_URL or the local SQLite file")


def _database(args: argparse.Namespace) -> Database:
    return Database(args.database_url or get_settings().database_url)


def _regions(session: Session, slug: str | None) -> list[Region]:
    query = select(Region).order_by(Region.slug)
    if slug:
        query = query.where(Region.slug == slug)
    regions = list(session.scalars(query))
    if not regions:
        raise OrderingError(f"no region {slug!r}" if slug else "no region in the database; import a catalog first")
    return regions


def _one_region(session: Session, slug: str | None) -> Region:
    regions = _regions(session, slug)
    if len(regions) > 1:
        raise OrderingError(f"several regions ({', '.join(r.slug for r in regions)}); name one with --region")
    return regions[0]


def _run(args: argparse.Namespace, work) -> int:
    """One unit of work; a domain error becomes a message and exit status 1, not a traceback."""
    database = _database(args)
    try:
        with database.session() as session:
            print(work(session), end="")
        return 0
    except OrderingError as exc:
        print(f"error: {exc.message}")
        return 1
    finally:
        database.dispose()


def _generate(args: argparse.Namespace) -> int:
    days = args.days or get_settings().slot_horizon_days
    now = datetime.now(timezone.utc)

    def work(session: Session) -> str:
        lines = []
        for region in _regions(session, args.region):
            today = now.astimezone(ZoneInfo(region.timezone)).date()
            created = generate_slots(session, region, today, days, now=now)
            lines.append(f"{region.slug}: {created} new windows for {days} days from {today.isoformat()}\n")
        return "".join(lines)

    return _run(args, work)


def _list(args: argparse.Namespace) -> int:
    now = args.now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)

    def work(session: Session) -> str:
        region = _one_region(session, args.region)
        kinds = [WindowKind.delivery.value, WindowKind.pickup.value]
        where: dict[str, int] = {}
        if args.municipality:
            kinds = [WindowKind.delivery.value]
            where["municipality_id"] = municipality_by_slug(session, region.id, args.municipality).id
        elif args.station:
            kinds = [WindowKind.pickup.value]
            where["station_id"] = station_by_slug(session, region.id, args.station).id
        lines = []
        for kind in kinds:
            views = open_windows(session, region.id, kind, now=now, include_closed=not args.open_only, **where)
            for view in views:
                place = view.municipality_name or view.station_name
                state = f"{view.free:>3} of {view.capacity:<3} free" if view.open else "closed          "
                lines.append(f"{view.slot_id:>6}  {kind:<8}  {state}  {view.label:<34}  {place}\n")
        return "".join(lines) or "no windows\n"

    return _run(args, work)


def _runsheet(args: argparse.Namespace) -> int:
    return _run(args, lambda session: render_run_sheet_text(delivery_run_sheet(session, args.slot_id)))


def _pickup_list(args: argparse.Namespace) -> int:
    def work(session: Session) -> str:
        station = station_by_slug(session, _one_region(session, args.region).id, args.station)
        return render_pickup_list_text(station_pickup_list(session, station.id, args.slot_id))

    return _run(args, work)
