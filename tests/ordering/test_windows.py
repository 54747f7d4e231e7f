"""Windows: generation (incl. DST), cutoff, holds and their whole life, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.application.error_wording import resident_text
from ordering.errors import SlotUnavailable
from ordering.models import Cart, Municipality, PickupStation, Region, Slot, SlotHold, WindowTemplate
from ordering.windows import (
    confirm_hold,
    format_window,
    generate_slots,
    get_window,
    hold_slot,
    open_windows,
    release_hold,
    sweep_expired,
    unverified_places,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def make_region(session, *, saturday_capacity: int = 15) -> Region:
    """The catalog example: two municipalities, one station, the weekly template."""
    region = Region(
        slug="muensterland-mitte", name="Münsterland Mitte", delivery_cutoff_hours=12, pickup_cutoff_hours=6
    )
    session.add(region)
    session.flush()
    coesfeld = Municipality(region_id=region.id, slug="coesfeld", name="Coesfeld", postcodes=["48653"])
    billerbeck = Municipality(region_id=region.id, slug="billerbeck", name="Billerbeck", postcodes=["48727"])
    session.add_all([coesfeld, billerbeck])
    session.flush()
    session.add(PickupStation(region_id=region.id, municipality_id=coesfeld.id, slug="coesfeld-markt",
                              name="Abholstation am Markt"))
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    for kind, days, start, end, capacity in (
        ("delivery", weekdays, "09:00", "12:00", 10),
        ("delivery", weekdays, "15:00", "18:00", 10),
        ("delivery", ["sat"], "09:00", "13:00", saturday_capacity),
        ("pickup", weekdays + ["sat"], "16:00", "19:00", 20),
    ):
        session.add(WindowTemplate(region_id=region.id, kind=kind, days=days, start=start, end=end, capacity=capacity))
    session.flush()
    session.refresh(region)
    return region


def seed(db, start: date = date(2026, 11, 23), days: int = 7, **kwargs) -> int:
    """A region with generated windows; returns the region id."""
    with db.session() as s:
        region = make_region(s, **kwargs)
        generate_slots(s, region, start, days)
        return region.id


def slot_at(db, start: datetime, kind: str = "delivery", municipality: str = "coesfeld") -> int:
    with db.session() as s:
        query = select(Slot.id).where(Slot.kind == kind, Slot.start == start)
        if kind == "delivery":
            query = query.join(Municipality, Municipality.id == Slot.municipality_id)
            query = query.where(Municipality.slug == municipality)
        return s.scalar(query)


def new_cart(db, region_id: int) -> int:
    with db.session() as s:
        cart = Cart(region_id=region_id)
        s.add(cart)
        s.flush()
        return cart.id


def slot_state(db, slot_id: int) -> tuple[int, int, int]:
    """(taken, capacity, held + booked holds): taken must always equal the last."""
    with db.session() as s:
        slot = s.get(Slot, slot_id)
        active = s.scalar(
            select(func.count()).where(SlotHold.slot_id == slot_id, SlotHold.status.in_(["held", "booked"]))
        )
        return slot.taken, slot.capacity, active


def set_capacity(db, slot_id: int, capacity: int) -> None:
    with db.session() as s:
        s.get(Slot, slot_id).capacity = capacity


SATURDAY = local(2026, 11, 28, 9)  # delivery window Sa 9–13, cutoff Fr 21:00
BEFORE = local(2026, 11, 26, 9)


# ---------------------------------------------------------------- formatting


def test_format_window_spells_out_german_names_and_hides_full_hours():
    assert format_window(SATURDAY, local(2026, 11, 28, 13)) == "Samstag, 28. November, 9–13 Uhr"
    assert format_window(local(2026, 3, 2, 9, 30), local(2026, 3, 2, 12)) == "Montag, 2. März, 9:30–12 Uhr"
    assert format_window(local(2026, 3, 2, 16), local(2026, 3, 2, 18, 45)) == "Montag, 2. März, 16–18:45 Uhr"
    assert format_window(SATURDAY, local(2026, 11, 28, 13), with_date=False) == "Samstag 9–13 Uhr"


# ---------------------------------------------------------------- generation


def test_generation_follows_the_weekly_template(db):
    seed(db)  # Monday 23 to Sunday 29 November 2026
    with db.session() as s:
        slots = s.scalars(select(Slot)).all()
        delivery = [x for x in slots if x.kind == "delivery"]
        pickup = [x for x in slots if x.kind == "pickup"]
        assert len(delivery) == 2 * (5 * 2 + 1)  # two municipalities, 2 windows Mon–Fri, 1 on Saturday
        assert len(pickup) == 6  # one station, Mon–Sat
        saturday = [x for x in delivery if x.start == SATURDAY]
        assert len(saturday) == 2
        assert saturday[0].end == local(2026, 11, 28, 13)
        assert saturday[0].cutoff == local(2026, 11, 27, 21)
        assert saturday[0].capacity == 15 and saturday[0].taken == 0
        assert saturday[0].start.utcoffset() == timedelta(0)  # stored and returned as UTC
        pickup_saturday = next(x for x in pickup if x.start.astimezone(BERLIN).day == 28)
        assert pickup_saturday.cutoff == local(2026, 11, 28, 10)  # six hours before 16:00


@pytest.mark.parametrize(
    "start_date, before_change, after_change",
    [
        # Summer time starts Sunday 29 March 2026: 9:00 is 08:00 UTC on Saturday, 07:00 UTC on Monday.
        (date(2026, 3, 27), datetime(2026, 3, 28, 8, tzinfo=UTC), datetime(2026, 3, 30, 7, tzinfo=UTC)),
        # Summer time ends Sunday 25 October 2026: 9:00 is 07:00 UTC on Saturday, 08:00 UTC on Monday.
        (date(2026, 10, 23), datetime(2026, 10, 24, 7, tzinfo=UTC), datetime(2026, 10, 26, 8, tzinfo=UTC)),
    ],
)
def test_generation_keeps_local_time_across_the_dst_change(db, start_date, before_change, after_change):
    region_id = seed(db, start=start_date, days=4)
    with db.session() as s:
        starts = set(s.scalars(select(Slot.start).where(Slot.kind == "delivery")).all())
    assert before_change in starts and after_change in starts
    for moment in starts:
        assert moment.astimezone(BERLIN).hour in (9, 15)
    with db.session() as s:
        views = open_windows(s, region_id, "delivery", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert {(v.start.hour, v.end.hour) for v in views} == {(9, 12), (15, 18), (9, 13)}
    saturday = next(v for v in views if v.start.weekday() == 5)
    assert saturday.start.utcoffset() != next(v for v in views if v.start.weekday() == 0).start.utcoffset()


def test_generation_is_idempotent_and_takes_over_template_changes_but_not_taken(db):
    region_id = seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        hold_slot(s, slot_id, None, BEFORE)
    with db.session() as s:
        assert generate_slots(s, s.get(Region, region_id), date(2026, 11, 23), 7) == 0
        total = s.scalar(select(func.count()).select_from(Slot))
    assert total == 28
    with db.session() as s:
        region = s.get(Region, region_id)
        region.delivery_cutoff_hours = 24
        saturday_line = next(t for t in region.window_templates if t.days == ["sat"])
        saturday_line.capacity = 20
        saturday_line.end = "14:00"
    with db.session() as s:
        assert generate_slots(s, s.get(Region, region_id), date(2026, 11, 23), 14) == 28  # the second week is new
    with db.session() as s:
        slot = s.get(Slot, slot_id)
        assert (slot.capacity, slot.taken) == (20, 1)
        assert slot.end == local(2026, 11, 28, 14)
        assert slot.cutoff == local(2026, 11, 27, 9)


def test_withdrawn_window_is_closed_not_deleted(db):
    region_id = seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        confirm_hold(s, hold_slot(s, slot_id, None, BEFORE).id, BEFORE)
    with db.session() as s:
        region = s.get(Region, region_id)
        s.delete(next(t for t in region.window_templates if t.days == ["sat"]))
    with db.session() as s:
        generate_slots(s, s.get(Region, region_id), date(2026, 11, 23), 7)
    assert slot_state(db, slot_id) == (1, 0, 1)  # booking kept, no new place
    with db.session() as s:
        listed = open_windows(s, region_id, "delivery", now=BEFORE, include_closed=True)
        assert slot_id not in {v.slot_id for v in listed}


def test_generation_with_now_leaves_started_windows_alone(db):
    region_id = seed(db)
    with db.session() as s:
        region = s.get(Region, region_id)
        for line in region.window_templates:
            line.capacity = 99
    with db.session() as s:
        generate_slots(s, s.get(Region, region_id), date(2026, 11, 23), 7, now=local(2026, 11, 25, 12))
    with db.session() as s:
        capacities = {x.start.astimezone(BERLIN).day: x.capacity for x in s.scalars(select(Slot)) if x.kind == "pickup"}
    assert capacities[24] == 20 and capacities[25] == 99


# ---------------------------------------------------------------- listing and cutoff


def test_open_windows_respects_cutoff(db):
    region_id = seed(db)
    with db.session() as s:
        coesfeld = s.scalar(select(Municipality.id).where(Municipality.slug == "coesfeld"))
        just_before = open_windows(s, region_id, "delivery", coesfeld, now=local(2026, 11, 27, 20, 59))
        at_cutoff = open_windows(s, region_id, "delivery", coesfeld, now=local(2026, 11, 27, 21))
    assert just_before[-1].start == SATURDAY and just_before[-1].open
    assert SATURDAY not in {v.start for v in at_cutoff}
    view = just_before[-1]
    assert (view.municipality_slug, view.municipality_name, view.station_slug) == ("coesfeld", "Coesfeld", None)
    assert view.start.tzinfo is not None and view.start.hour == 9
    assert view.label == "Samstag, 28. November, 9–13 Uhr"

    slot_id = view.slot_id
    with pytest.raises(SlotUnavailable) as raised, db.session() as s:
        hold_slot(s, slot_id, None, local(2026, 11, 27, 21))
    assert "kann nicht mehr gebucht werden" in resident_text(raised.value)
    assert slot_state(db, slot_id) == (0, 15, 0)


def test_open_windows_filters_station_and_limit(db):
    region_id = seed(db)
    with db.session() as s:
        station = s.scalar(select(PickupStation.id))
        views = open_windows(s, region_id, "pickup", station_id=station, now=BEFORE, limit=2)
    assert [v.start for v in views] == [local(2026, 11, 26, 16), local(2026, 11, 27, 16)]
    assert views[0].station_slug == "coesfeld-markt" and views[0].free == 20


def test_full_window_is_not_offered_and_counts_expired_holds_as_free(db):
    region_id = seed(db)
    slot_id = slot_at(db, SATURDAY)
    set_capacity(db, slot_id, 1)
    with db.session() as s:
        hold_slot(s, slot_id, None, BEFORE)
    with db.session() as s:
        assert slot_id not in {v.slot_id for v in open_windows(s, region_id, "delivery", now=BEFORE)}
        listed = open_windows(s, region_id, "delivery", now=BEFORE, include_closed=True)
        closed = [v for v in listed if v.slot_id == slot_id]
        assert closed[0].open is False and closed[0].free == 0
        later = BEFORE + timedelta(minutes=15)  # the hold is due, though not swept yet
        assert slot_id in {v.slot_id for v in open_windows(s, region_id, "delivery", now=later)}
        assert get_window(s, slot_id, now=later).free == 1


# ---------------------------------------------------------------- holds


def test_hold_takes_a_place_until_it_expires(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        hold = hold_slot(s, slot_id, None, BEFORE)
        phone_hold = hold_slot(s, slot_id, None, BEFORE, minutes=30)
    assert hold.status == "held" and hold.expires_at == BEFORE + timedelta(minutes=15)
    assert phone_hold.expires_at == BEFORE + timedelta(minutes=30)
    assert slot_state(db, slot_id) == (2, 15, 2)


def test_capacity_is_reached_exactly(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    set_capacity(db, slot_id, 3)
    for _ in range(3):
        with db.session() as s:
            hold_slot(s, slot_id, None, BEFORE)
    with pytest.raises(SlotUnavailable) as raised, db.session() as s:
        hold_slot(s, slot_id, None, BEFORE)
    assert "schon voll" in resident_text(raised.value)
    assert "Samstag, 28. November, 9–13 Uhr" in resident_text(raised.value)
    assert slot_state(db, slot_id) == (3, 3, 3)


def test_confirm_books_and_is_idempotent(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        hold_id = hold_slot(s, slot_id, None, BEFORE).id
    with db.session() as s:
        booked = confirm_hold(s, hold_id, BEFORE + timedelta(minutes=14))
    assert booked.status == "booked" and booked.expires_at is None
    with db.session() as s:
        assert confirm_hold(s, hold_id, BEFORE + timedelta(hours=3)).status == "booked"
    with db.session() as s:
        assert sweep_expired(s, BEFORE + timedelta(days=1)) == 0
    assert slot_state(db, slot_id) == (1, 15, 1)


def test_confirming_an_expired_hold_retakes_a_free_place(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        hold_id = hold_slot(s, slot_id, None, BEFORE).id
    with db.session() as s:
        assert sweep_expired(s, BEFORE + timedelta(minutes=20)) == 1
    assert slot_state(db, slot_id) == (0, 15, 0)
    with db.session() as s:
        assert confirm_hold(s, hold_id, BEFORE + timedelta(minutes=21)).status == "booked"
    assert slot_state(db, slot_id) == (1, 15, 1)


def test_confirming_an_expired_hold_of_a_full_window_fails(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    set_capacity(db, slot_id, 1)
    with db.session() as s:
        hold_id = hold_slot(s, slot_id, None, BEFORE).id
    later = BEFORE + timedelta(minutes=16)
    with db.session() as s:
        hold_slot(s, slot_id, None, later)  # sweeps the due hold lazily and takes its place
    with pytest.raises(SlotUnavailable) as raised, db.session() as s:
        confirm_hold(s, hold_id, later)
    assert "abgelaufen" in resident_text(raised.value)
    assert slot_state(db, slot_id) == (1, 1, 1)
    with db.session() as s:
        assert s.get(SlotHold, hold_id).status == "expired"


def test_confirming_a_due_but_unswept_hold_counts_its_place_once(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    set_capacity(db, slot_id, 1)
    with db.session() as s:
        hold_id = hold_slot(s, slot_id, None, BEFORE).id
    with db.session() as s:
        assert confirm_hold(s, hold_id, BEFORE + timedelta(hours=1)).status == "booked"
    assert slot_state(db, slot_id) == (1, 1, 1)


def test_confirm_after_cutoff_with_expired_hold_fails(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        hold_id = hold_slot(s, slot_id, None, local(2026, 11, 27, 20, 50)).id
    with pytest.raises(SlotUnavailable), db.session() as s:
        confirm_hold(s, hold_id, local(2026, 11, 27, 21, 10))
    with db.session() as s:  # a valid hold taken before the cutoff may still be booked after it
        hold_id = hold_slot(s, slot_id, None, local(2026, 11, 27, 20, 55)).id
    with db.session() as s:
        assert confirm_hold(s, hold_id, local(2026, 11, 27, 21, 5)).status == "booked"


def test_release_frees_once(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        held = hold_slot(s, slot_id, None, BEFORE).id
        booked = confirm_hold(s, hold_slot(s, slot_id, None, BEFORE).id, BEFORE).id
    assert slot_state(db, slot_id) == (2, 15, 2)
    with db.session() as s:
        assert release_hold(s, held) is True
    with db.session() as s:
        assert release_hold(s, held) is False  # a double release frees nothing more
    with db.session() as s:
        assert release_hold(s, booked) is True  # the order was cancelled
    assert slot_state(db, slot_id) == (0, 15, 0)
    with db.session() as s:
        assert s.get(SlotHold, held).status == "released"
    with pytest.raises(SlotUnavailable), db.session() as s:
        confirm_hold(s, held, BEFORE)


def test_sweep_expires_due_holds_once(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    with db.session() as s:
        first = hold_slot(s, slot_id, None, BEFORE).id
        hold_slot(s, slot_id, None, BEFORE + timedelta(minutes=10))
    with db.session() as s:
        assert sweep_expired(s, BEFORE + timedelta(minutes=15)) == 1
    with db.session() as s:
        assert sweep_expired(s, BEFORE + timedelta(minutes=15)) == 0
        assert release_hold(s, first) is False  # already expired, its place already freed
    assert slot_state(db, slot_id) == (1, 15, 1)
    with db.session() as s:
        assert sweep_expired(s, BEFORE + timedelta(minutes=25)) == 1
    assert slot_state(db, slot_id) == (0, 15, 0)


def test_a_cart_holds_one_place(db):
    region_id = seed(db)
    saturday = slot_at(db, SATURDAY)
    friday = slot_at(db, local(2026, 11, 27, 15))
    cart_id = new_cart(db, region_id)
    with db.session() as s:
        first = hold_slot(s, saturday, cart_id, BEFORE)
    with db.session() as s:
        again = hold_slot(s, saturday, cart_id, BEFORE + timedelta(minutes=10))
    assert again.id == first.id and again.expires_at == BEFORE + timedelta(minutes=15)  # not extended
    assert slot_state(db, saturday) == (1, 15, 1)
    with db.session() as s:
        other = hold_slot(s, friday, cart_id, BEFORE + timedelta(minutes=11))
    assert other.id != first.id
    assert slot_state(db, saturday) == (0, 15, 0)
    assert slot_state(db, friday) == (1, 10, 1)


def test_a_hold_is_never_extended_past_its_first_expiry(db):
    region_id = seed(db)
    saturday = slot_at(db, SATURDAY)
    cart_id = new_cart(db, region_id)
    with db.session() as s:
        first = hold_slot(s, saturday, cart_id, BEFORE)
    for minutes in (5, 10, 14):  # choosing the same window again and again
        with db.session() as s:
            assert hold_slot(s, saturday, cart_id, BEFORE + timedelta(minutes=minutes)).expires_at == first.expires_at
    with db.session() as s:
        assert sweep_expired(s, BEFORE + timedelta(minutes=15)) == 1
        assert s.get(SlotHold, first.id).status == "expired"
    assert slot_state(db, saturday) == (0, 15, 0)


@pytest.mark.parametrize("capacity, share, places", [
    (10, 0.5, 5), (15, 0.5, 7), (3, 0.5, 1), (1, 0.5, 1), (2, 0.5, 1), (10, 0.0, 0), (10, 1.0, 10), (0, 0.5, 0),
])
def test_unverified_places_round_down_but_leave_one(capacity, share, places):
    assert unverified_places(capacity, share) == places


def test_unverified_holds_take_at_most_their_share_of_a_window(db):
    region_id = seed(db, saturday_capacity=10)
    saturday = slot_at(db, SATURDAY)
    carts = [new_cart(db, region_id) for _ in range(8)]
    for cart_id in carts[:5]:
        with db.session() as s:
            assert hold_slot(s, saturday, cart_id, BEFORE, unverified_share=0.5).unverified
    with pytest.raises(SlotUnavailable) as refused, db.session() as s:
        hold_slot(s, saturday, carts[5], BEFORE, unverified_share=0.5)
    assert "keinen Platz freihalten" in resident_text(refused.value)
    with db.session() as s:  # a known holder (phone, Telegram) still gets a place
        assert not hold_slot(s, saturday, carts[6], BEFORE).unverified
    with db.session() as s:  # re-choosing its own window is no new hold, share or not
        hold_slot(s, saturday, carts[0], BEFORE + timedelta(minutes=1), unverified_share=0.5)
    assert slot_state(db, saturday) == (6, 10, 6)
    with db.session() as s:  # an expired anonymous hold frees its share again
        assert sweep_expired(s, BEFORE + timedelta(minutes=15)) == 6
        assert hold_slot(s, saturday, carts[7], BEFORE + timedelta(minutes=15), unverified_share=0.5).unverified


def test_failed_hold_leaves_nothing_behind(db):
    seed(db)
    slot_id = slot_at(db, SATURDAY)
    set_capacity(db, slot_id, 0)
    with pytest.raises(SlotUnavailable), db.session() as s:
        hold_slot(s, slot_id, None, BEFORE)
    assert slot_state(db, slot_id) == (0, 0, 0)


# ---------------------------------------------------------------- command line


def test_cli_generates_and_lists_windows(db, capsys):
    from bot import cli

    url = db.engine.url.render_as_string(hide_password=False)
    seed(db)
    assert cli.main(["windows", "generate", "--days", "3", "--database-url", url]) == 0
    assert cli.main(["windows", "generate", "--days", "3", "--database-url", url]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("muensterland-mitte: ") and second.startswith("muensterland-mitte: 0 new windows")

    now = "2026-11-26T09:00:00+01:00"
    assert cli.main(["windows", "list", "--municipality", "coesfeld", "--now", now, "--database-url", url]) == 0
    listed = capsys.readouterr().out
    assert "Samstag, 28. November, 9–13 Uhr" in listed and "Coesfeld" in listed and "Billerbeck" not in listed
    assert cli.main(["windows", "list", "--station", "coesfeld-markt", "--now", now, "--database-url", url]) == 0
    assert " 20 of 20  free" in capsys.readouterr().out
    assert cli.main(["windows", "list", "--station", "nowhere", "--database-url", url]) == 1


def test_switching_to_a_full_window_keeps_the_old_hold(db):
    region_id = seed(db)
    saturday = slot_at(db, SATURDAY)
    friday = slot_at(db, local(2026, 11, 27, 15))
    set_capacity(db, friday, 0)
    cart_id = new_cart(db, region_id)
    with db.session() as s:
        hold_id = hold_slot(s, saturday, cart_id, BEFORE).id
    with db.session() as s:  # the caller catches the refusal and commits its unit of work anyway
        with pytest.raises(SlotUnavailable):
            hold_slot(s, friday, cart_id, BEFORE)
    assert slot_state(db, saturday) == (1, 15, 1)
    with db.session() as s:
        assert s.get(SlotHold, hold_id).status == "held"
