"""Delivery and pick-up windows: generation from the weekly template, listing, holding a place.

Capacity is never exceeded, also under concurrency, because ``Slot.taken`` changes only through
single conditional UPDATEs whose WHERE clause is the rule itself:

* take a place:  ``UPDATE slots SET taken = taken + 1 WHERE id = :id AND taken < capacity``
* give it back:  first move the hold out of an active state with a guarded UPDATE
  (``... WHERE id = :id AND status = 'held'``) and decrement only if that touched one row,
  so two releases, or a release racing the expiry sweep, never free two places.

Reading ``taken`` and then writing it (read-then-write) overbooks on PostgreSQL; a row-level
UPDATE re-checks its WHERE clause after waiting for a concurrent writer, so it cannot.

Every function works inside the caller's session (one unit of work, ``with db.session()``),
takes ids rather than objects from other sessions, and takes the clock as ``now``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Subquery, func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from ordering import shop_rules
from ordering.db import affected_rows
from ordering.errors import (
    HoldExpired,
    HoldReleased,
    Invalid,
    NoPlaceForUnverified,
    NotFound,
    SlotUnavailable,
    WindowClosedForBooking,
    WindowFull,
    WindowNotFound,
)
from ordering.models import (
    HoldStatus,
    Municipality,
    PickupStation,
    Region,
    Slot,
    SlotHold,
    WindowKind,
)

DEFAULT_HOLD_MINUTES = 15
DEFAULT_UNVERIFIED_SHARE = 0.5  # of a window's places that unverified holders may hold together
PHONE_HOLD_MINUTES = 30  # a caller needs longer: reading back the order, asking at home

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip

HELD = HoldStatus.held.value
BOOKED = HoldStatus.booked.value
RELEASED = HoldStatus.released.value
EXPIRED = HoldStatus.expired.value


# ---------------------------------------------------------------- formatting


def _clock(moment: datetime, *, is_end: bool = False) -> str:
    hour = 24 if is_end and moment.hour == 0 and moment.minute == 0 else moment.hour
    return f"{hour}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}"


def format_moment(moment: datetime) -> str:
    """"Donnerstag, 26. November, 7 Uhr" ("7:30 Uhr"), in the local time given: a deadline."""
    clock = f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}:{moment.minute:02d}"
    return f"{WEEKDAY_NAMES[moment.weekday()]}, {moment.day}. {MONTH_NAMES[moment.month - 1]}, {clock} Uhr"


def format_window(start: datetime, end: datetime, *, with_date: bool = True) -> str:
    """"Samstag, 28. November, 9–13 Uhr" (or "Samstag 9–13 Uhr", the button label, without date).

    Give local times (``WindowView.start``); names are spelled out here rather than taken from
    the C library's locale, which servers rarely have installed for German.
    """
    weekday = WEEKDAY_NAMES[start.weekday()]
    hours = f"{_clock(start)}–{_clock(end, is_end=True)} Uhr"
    if not with_date:
        return f"{weekday} {hours}"
    return f"{weekday}, {start.day}. {MONTH_NAMES[start.month - 1]}, {hours}"


# ---------------------------------------------------------------- generation


def _parse_clock(text: str, template_id: int) -> time:
    try:
        hour, minute = (int(part) for part in text.split(":"))
        return time(hour, minute)
    except ValueError:
        raise Invalid(f"window template {template_id}: time {text!r} is not HH:MM", field="start") from None


def _local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    # zoneinfo gives the right offset on either side of a DST change for wall-clock times.
    return datetime.combine(day, at, tzinfo=tz).astimezone(ZoneInfo("UTC"))


def _targets(region: Region, kind: str) -> list[tuple[int | None, int | None]]:
    """(municipality_id, station_id) pairs a template line makes windows for."""
    if kind == WindowKind.delivery.value:
        return [(m.id, None) for m in region.municipalities]
    if kind == WindowKind.pickup.value:
        return [(None, s.id) for s in region.stations if s.active]
    raise Invalid(f"unknown window kind {kind!r}", field="kind")


# kind, municipality id, station id, start: the slots table's unique key.
SlotKey = tuple[str, int | None, int | None, datetime]


class SlotSpec(TypedDict):
    """What the template says of one window besides its key."""

    end: datetime
    cutoff: datetime
    capacity: int


def _wanted_slots(region: Region, start_date: date, days: int) -> dict[SlotKey, SlotSpec]:
    """What the template asks for, keyed like the slots table's unique key."""
    tz = ZoneInfo(region.timezone)
    wanted: dict[SlotKey, SlotSpec] = {}
    for template in sorted(region.window_templates, key=lambda t: t.id):
        unknown = set(template.days) - set(WEEKDAY_KEYS)
        if unknown:
            raise Invalid(f"window template {template.id}: unknown days {sorted(unknown)}", field="days")
        cutoff_hours = (
            region.delivery_cutoff_hours if template.kind == WindowKind.delivery.value else region.pickup_cutoff_hours
        )
        starts_at = _parse_clock(template.start, template.id)
        ends_at = _parse_clock(template.end, template.id)
        targets = _targets(region, template.kind)
        for offset in range(days):
            day = start_date + timedelta(days=offset)
            if WEEKDAY_KEYS[day.weekday()] not in template.days:
                continue
            if shop_rules.public_holiday(region, day):
                continue  # no windows on the region's public holidays (an existing one is withdrawn)
            start = _local_to_utc(day, starts_at, tz)
            end = _local_to_utc(day, ends_at, tz)
            for municipality_id, station_id in targets:
                # The first template line wins where two lines describe the same window.
                wanted.setdefault(
                    (template.kind, municipality_id, station_id, start),
                    {"end": end, "cutoff": start - timedelta(hours=cutoff_hours), "capacity": template.capacity},
                )
    return wanted


def generate_slots(
    session: Session, region: Region, start_date: date, days: int = 14, *, now: datetime | None = None
) -> int:
    """Create the region's windows for ``days`` days from ``start_date``; return how many are new.

    Idempotent. Existing windows take over template changes (end, capacity, cutoff) but keep
    ``taken``; a window the template no longer has is closed (capacity 0), not deleted, because
    holds and orders refer to it. With ``now``, windows that have already started are left alone.
    """
    # Two generators at once would both insert: the unique key does not stop it, since one of
    # municipality_id/station_id is always NULL. Locking the region row serialises them.
    session.execute(select(Region.id).where(Region.id == region.id).with_for_update())
    tz = ZoneInfo(region.timezone)
    range_start = _local_to_utc(start_date, time(0), tz)
    range_end = _local_to_utc(start_date + timedelta(days=days), time(0), tz)
    if now is not None:
        range_start = max(range_start, now)

    wanted = {key: spec for key, spec in _wanted_slots(region, start_date, days).items() if key[3] >= range_start}
    existing = session.scalars(
        select(Slot).where(Slot.region_id == region.id, Slot.start >= range_start, Slot.start < range_end)
    ).all()

    for slot in existing:
        spec = wanted.pop((slot.kind, slot.municipality_id, slot.station_id, slot.start), None)
        if spec is None:
            slot.capacity = 0  # withdrawn from the template: no new holds, bookings stay valid
            continue
        # Plain attribute changes: the UPDATE names only changed columns, never ``taken``.
        slot.end, slot.cutoff, slot.capacity = spec["end"], spec["cutoff"], spec["capacity"]

    for (kind, municipality_id, station_id, start), spec in wanted.items():
        session.add(
            Slot(
                region_id=region.id,
                kind=kind,
                municipality_id=municipality_id,
                station_id=station_id,
                start=start,
                taken=0,
                **spec,
            )
        )
    session.flush()
    return len(wanted)


# ---------------------------------------------------------------- listing


@dataclass(frozen=True)
class WindowView:
    """A window as a resident, a button or the courier sees it; times are local and aware."""

    slot_id: int
    kind: str
    municipality_slug: str | None
    municipality_name: str | None
    station_slug: str | None
    station_name: str | None
    start: datetime
    end: datetime
    capacity: int
    free: int
    open: bool  # bookable now: before its cutoff and not full

    @property
    def label(self) -> str:
        return format_window(self.start, self.end)

    @property
    def short_label(self) -> str:
        return format_window(self.start, self.end, with_date=False)


def _due_holds_per_slot(now: datetime) -> Subquery:
    """Holds past their expiry the sweep has not reached yet; they no longer block a place."""
    return (
        select(SlotHold.slot_id, func.count().label("due"))
        .where(SlotHold.status == HELD, SlotHold.expires_at <= now)
        .group_by(SlotHold.slot_id)
        .subquery()
    )


def _view(slot: Slot, due: int, tz: ZoneInfo, now: datetime) -> WindowView:
    free = max(slot.capacity - (slot.taken - due), 0)
    return WindowView(
        slot_id=slot.id,
        kind=slot.kind,
        municipality_slug=slot.municipality.slug if slot.municipality else None,
        municipality_name=slot.municipality.name if slot.municipality else None,
        station_slug=slot.station.slug if slot.station else None,
        station_name=slot.station.name if slot.station else None,
        start=slot.start.astimezone(tz),
        end=slot.end.astimezone(tz),
        capacity=slot.capacity,
        free=free,
        open=now < slot.cutoff and free > 0,
    )


def open_windows(
    session: Session,
    region_id: int,
    kind: str,
    municipality_id: int | None = None,
    station_id: int | None = None,
    *,
    now: datetime,
    limit: int | None = None,
    include_closed: bool = False,
) -> list[WindowView]:
    """Bookable windows (before cutoff, a place free), earliest first.

    ``include_closed`` also lists windows that have not started but are full or past their
    cutoff (``open=False``), for the admin's overview. Withdrawn windows (capacity 0) never show.
    """
    _require_aware(now)
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(f"region {region_id} not found")
    due = _due_holds_per_slot(now)
    due_count = func.coalesce(due.c.due, 0)
    query = (
        select(Slot, due_count)
        .outerjoin(due, due.c.slot_id == Slot.id)
        .options(joinedload(Slot.municipality), joinedload(Slot.station))
        .where(Slot.region_id == region_id, Slot.kind == kind, Slot.capacity > 0)
        .order_by(Slot.start, Slot.id)
    )
    if municipality_id is not None:
        query = query.where(Slot.municipality_id == municipality_id)
    if station_id is not None:
        query = query.where(Slot.station_id == station_id)
    if include_closed:
        query = query.where(Slot.start > now)
    else:
        query = query.where(Slot.cutoff > now, Slot.taken - due_count < Slot.capacity)
    if limit is not None:
        query = query.limit(limit)
    tz = ZoneInfo(region.timezone)
    return [_view(slot, due_n, tz, now) for slot, due_n in session.execute(query).all()]


def get_window(session: Session, slot_id: int, *, now: datetime) -> WindowView:
    """One window as a view (for the checkout's summary or a confirmation message)."""
    slot = _get_slot(session, slot_id)
    due = session.scalar(
        select(func.count()).where(SlotHold.slot_id == slot_id, SlotHold.status == HELD, SlotHold.expires_at <= now)
    )
    region = session.get_one(Region, slot.region_id)
    return _view(slot, due or 0, ZoneInfo(region.timezone), now)


# ---------------------------------------------------------------- holding a place


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")


def _get_slot(session: Session, slot_id: int) -> Slot:
    slot = session.get(Slot, slot_id)
    if slot is None:
        raise WindowNotFound(f"slot {slot_id} not found")
    return slot


def _local_times(session: Session, slot: Slot) -> dict[str, datetime]:
    """The window's start and end in its region's time: the facts a refusal names it by."""
    tz = ZoneInfo(session.get_one(Region, slot.region_id).timezone)
    return {"start": slot.start.astimezone(tz), "end": slot.end.astimezone(tz)}


def _slot_full(session: Session, slot: Slot) -> WindowFull:
    return WindowFull(f"slot {slot.id} is full (capacity {slot.capacity})", **_local_times(session, slot))


def _slot_past_cutoff(session: Session, slot: Slot) -> WindowClosedForBooking:
    return WindowClosedForBooking(f"slot {slot.id} closed for booking at {slot.cutoff.isoformat()}",
                                  **_local_times(session, slot))


def _forget(session: Session, cls: type, row_id: int) -> None:
    """Our UPDATEs bypass the ORM; make a loaded copy re-read its row on next access."""
    instance = session.identity_map.get(session.identity_key(cls, row_id))
    if instance is not None:
        session.expire(instance)


def _take_place(session: Session, slot_id: int, now: datetime) -> bool:
    """The one statement that hands out places: it cannot overbook, whoever runs it at once."""
    result = session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.taken < Slot.capacity, Slot.cutoff > now)
        .values(taken=Slot.taken + 1)
        .execution_options(synchronize_session=False)
    )
    _forget(session, Slot, slot_id)
    return affected_rows(result) == 1


def _give_back_place(session: Session, slot_id: int) -> None:
    # Only ever called after a guarded status change touched exactly one hold.
    session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.taken > 0)
        .values(taken=Slot.taken - 1)
        .execution_options(synchronize_session=False)
    )
    _forget(session, Slot, slot_id)


def _move_hold(
    session: Session, hold_id: int, from_statuses: tuple[str, ...], to_status: str, *extra: ColumnElement[bool]
) -> bool:
    """Guarded status change; True only for the one caller that actually moved the hold."""
    values: dict[str, str | None] = {"status": to_status}
    if to_status == BOOKED:
        values["expires_at"] = None  # a booking does not expire
    result = session.execute(
        update(SlotHold)
        .where(SlotHold.id == hold_id, SlotHold.status.in_(from_statuses), *extra)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    _forget(session, SlotHold, hold_id)
    return affected_rows(result) == 1


def _expire_if_due(session: Session, hold_id: int, slot_id: int, now: datetime) -> bool:
    if _move_hold(session, hold_id, (HELD,), EXPIRED, SlotHold.expires_at <= now):
        _give_back_place(session, slot_id)
        return True
    return False


def sweep_expired(session: Session, now: datetime, *, slot_id: int | None = None) -> int:
    """Expire holds past their time and free their places; returns how many were expired.

    Runs lazily before every hold on a slot and periodically for all. On PostgreSQL the
    candidates are locked up front and holds another transaction is working on (a confirm)
    are skipped, so a sweep never waits for a checkout; ordering by slot keeps two sweeps
    from deadlocking on the slot rows.
    """
    _require_aware(now)
    query = (
        select(SlotHold.id, SlotHold.slot_id)
        .where(SlotHold.status == HELD, SlotHold.expires_at <= now)
        .order_by(SlotHold.slot_id, SlotHold.id)
        .with_for_update(skip_locked=True)
    )
    if slot_id is not None:
        query = query.where(SlotHold.slot_id == slot_id)
    return sum(_expire_if_due(session, row.id, row.slot_id, now) for row in session.execute(query).all())


def release_cart_holds(session: Session, cart_id: int, *, keep_hold_id: int | None = None) -> int:
    """Release the cart's ``held`` holds (checkout abandoned, window changed); returns how many.

    A hold locked by another transaction is skipped: that is the sweep expiring it (its place
    comes back anyway), and waiting for it while holding a slot row could deadlock with the sweep.
    """
    hold_ids = session.scalars(
        select(SlotHold.id)
        .where(SlotHold.cart_id == cart_id, SlotHold.status == HELD, SlotHold.id != keep_hold_id)
        .with_for_update(skip_locked=True)
    ).all()
    return sum(release_hold(session, hold_id) for hold_id in hold_ids)


def hold_slot(
    session: Session,
    slot_id: int,
    cart_id: int | None,
    now: datetime,
    minutes: int = DEFAULT_HOLD_MINUTES,
    *,
    unverified_share: float | None = None,
) -> SlotHold:
    """Hold one place in a window for ``minutes`` while the resident checks out.

    A cart holds at most one place: choosing the same window again keeps its hold as it is
    (never extended past its first expiry, or a few anonymous carts could keep a window
    forever); choosing another releases the old hold, but only once the new place is secured,
    so a full window never costs the resident the place they had.

    ``unverified_share`` marks the holder as unverified (an anonymous web session): all such
    holds on the window together stay within that share of its capacity (rounded down, at
    least one place while the share is above zero).
    Raises SlotUnavailable when the window is full, past its cutoff, or its unverified share is held.
    """
    _require_aware(now)
    slot = _get_slot(session, slot_id)
    if now >= slot.cutoff:
        raise _slot_past_cutoff(session, slot)
    if cart_id is not None:
        _lock_slots_of_switch(session, slot_id, cart_id)
    sweep_expired(session, now, slot_id=slot_id)
    expires_at = now + timedelta(minutes=minutes)

    if cart_id is not None:
        same = session.scalar(
            select(SlotHold.id).where(SlotHold.cart_id == cart_id, SlotHold.slot_id == slot_id,
                                      SlotHold.status == HELD, SlotHold.expires_at > now)
        )
        if same is not None:
            release_cart_holds(session, cart_id, keep_hold_id=same)
            return _get_hold(session, same)

    if unverified_share is not None:
        _check_unverified_share(session, slot, unverified_share, now)
    if not _take_place(session, slot_id, now):
        session.refresh(slot)
        if now >= slot.cutoff:
            raise _slot_past_cutoff(session, slot)
        raise _slot_full(session, slot)
    hold = SlotHold(slot_id=slot_id, cart_id=cart_id, status=HELD, created_at=now, expires_at=expires_at,
                    unverified=unverified_share is not None)
    session.add(hold)
    session.flush()
    if cart_id is not None:
        release_cart_holds(session, cart_id, keep_hold_id=hold.id)
    return hold


def _lock_slots_of_switch(session: Session, slot_id: int, cart_id: int) -> None:
    """Switching windows writes two slot rows; lock them in id order first, so two residents
    swapping windows the opposite way at the same moment cannot deadlock (PostgreSQL)."""
    held_elsewhere = session.scalars(
        select(SlotHold.slot_id).where(
            SlotHold.cart_id == cart_id, SlotHold.status == HELD, SlotHold.slot_id != slot_id
        )
    ).all()
    if held_elsewhere:
        ids = {slot_id, *held_elsewhere}
        session.execute(select(Slot.id).where(Slot.id.in_(ids)).order_by(Slot.id).with_for_update())


def unverified_places(capacity: int, share: float) -> int:
    """How many places of a window unverified holders may hold together."""
    if share <= 0 or capacity <= 0:
        return 0
    return max(1, math.floor(capacity * share + 1e-9))


def _check_unverified_share(session: Session, slot: Slot, share: float, now: datetime) -> None:
    """Refuse an unverified hold when such holds already fill their share of the window.

    The slot row is locked first (PostgreSQL; SQLite has one writer anyway), so two anonymous
    sessions counting at the same moment cannot both take the last place of the share.
    """
    session.execute(select(Slot.id).where(Slot.id == slot.id).with_for_update())
    held = session.execute(
        select(func.count()).where(SlotHold.slot_id == slot.id, SlotHold.status == HELD,
                                   SlotHold.unverified.is_(True), SlotHold.expires_at > now)
    ).scalar_one()
    session.refresh(slot)
    if held >= unverified_places(slot.capacity, share):
        raise NoPlaceForUnverified(f"slot {slot.id}: unverified holds already take {held} of {slot.capacity} places",
                                   **_local_times(session, slot))


def _get_hold(session: Session, hold_id: int) -> SlotHold:
    hold = session.get(SlotHold, hold_id, populate_existing=True)
    if hold is None:
        raise NotFound(f"slot hold {hold_id} not found", field="hold")
    return hold


def confirm_hold(session: Session, hold_id: int, now: datetime) -> SlotHold:
    """Turn a hold into a booking (the order is placed). Confirming twice is harmless.

    A hold that has expired in the meantime gets its place back if the window still has one
    and is before its cutoff; otherwise SlotUnavailable, and the resident chooses again.
    """
    _require_aware(now)
    still_valid = or_(SlotHold.expires_at.is_(None), SlotHold.expires_at > now)
    if _move_hold(session, hold_id, (HELD,), BOOKED, still_valid):
        return _get_hold(session, hold_id)

    hold = _get_hold(session, hold_id)
    if hold.status == BOOKED:
        return hold
    if hold.status == RELEASED:
        raise HoldReleased(f"slot hold {hold_id} was released")
    # Expired, by the sweep or just now: free its place first (once), then try to take one again.
    _expire_if_due(session, hold.id, hold.slot_id, now)
    slot = _get_slot(session, hold.slot_id)
    if not _take_place(session, hold.slot_id, now):
        session.refresh(slot)
        reason = "closed for booking" if now >= slot.cutoff else "full"
        raise HoldExpired(f"slot hold {hold_id} expired and slot {slot.id} is {reason}", **_local_times(session, slot))
    if _move_hold(session, hold_id, (EXPIRED,), BOOKED):
        return _get_hold(session, hold_id)
    # A concurrent confirm re-booked this very hold first: return the place we just took.
    _give_back_place(session, hold.slot_id)
    hold = _get_hold(session, hold_id)
    if hold.status == BOOKED:
        return hold
    raise SlotUnavailable(f"slot hold {hold_id} is {hold.status}", field="slot")


def release_hold(session: Session, hold_id: int) -> bool:
    """Give a hold's place back (checkout abandoned, order cancelled); True if a place was freed.

    Releasing twice, or releasing a hold the sweep has just expired, frees nothing the second time.
    """
    hold = session.get(SlotHold, hold_id)
    if hold is None:
        raise NotFound(f"slot hold {hold_id} not found", field="hold")
    if _move_hold(session, hold_id, (HELD, BOOKED), RELEASED):
        _give_back_place(session, hold.slot_id)
        return True
    return False


def municipality_by_slug(session: Session, region_id: int, slug: str) -> Municipality:
    found = session.scalar(select(Municipality).where(Municipality.region_id == region_id, Municipality.slug == slug))
    if found is None:
        raise NotFound(f"municipality {slug!r} not found in region {region_id}", field="municipality")
    return found


def station_by_slug(session: Session, region_id: int, slug: str) -> PickupStation:
    query = select(PickupStation).where(PickupStation.region_id == region_id, PickupStation.slug == slug)
    found = session.scalar(query)
    if found is None:
        raise NotFound(f"pick-up station {slug!r} not found in region {region_id}", field="station")
    return found
