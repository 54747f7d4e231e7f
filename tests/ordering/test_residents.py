from datetime import timedelta
from decimal import Decimal

import pytest

from bot.application.error_wording import resident_text
from ordering import cart as carts
from ordering import checkout, residents
from ordering.errors import Conflict, Invalid
from ordering.models import Order, Resident
from tests.ordering.conftest import NOW


@pytest.mark.parametrize(
    "raw,e164",
    [
        ("+49 2541 000000", "+492541000000"),
        ("02541 / 12 34-5", "+49254112345"),
        ("0049 171 1234567", "+491711234567"),
        ("+49 (0) 2541 98765", "+49254198765"),
        ("0171-1234567", "+491711234567"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw, e164):
    assert residents.normalize_phone(raw) == e164


@pytest.mark.parametrize("raw", ["12345", "0", "+49", "abc", "", "+0049123456"])
def test_bad_phone_numbers_are_refused_kindly(raw):
    with pytest.raises(Invalid) as exc:
        residents.normalize_phone(raw)
    assert exc.value.field == "phone"
    assert "Telefonnummer" in resident_text(exc.value)


def test_postcode_decides_the_municipality(world):
    with world.db.session() as s:
        r = residents.register_resident(s, world.region_id, residents.ResidentData(
            name="Hildegard Schulte", phone="02541 111111", street="Letter Straße 5", postcode="48653"))
        assert r.municipality.slug == "coesfeld" and r.town == "Coesfeld"


def test_postcode_outside_the_region_is_refused(world):
    with world.db.session() as s, pytest.raises(Invalid) as exc:
        residents.register_resident(s, world.region_id, residents.ResidentData(name="X", postcode="10115"))
    assert "außerhalb" in resident_text(exc.value)


def test_a_typed_number_finds_nobody_until_it_is_proved(world):
    with world.db.session() as s:
        a = residents.register_resident(s, world.region_id, residents.ResidentData(name="A", phone="02541 111111"))
        # Anyone may give the same number (to be reached on); it proves nothing, so it blocks nobody.
        b = residents.register_resident(s, world.region_id, residents.ResidentData(name="B", phone="+492541111111"))
        assert residents.find_by_phone(s, "02541 111111") is None
        residents.mark_phone_verified(s, a, NOW)
        assert residents.find_by_phone(s, "+49 2541 111111").name == "A"
        residents.mark_phone_verified(s, b, NOW)  # the number changed hands: B proved it now
        assert residents.find_by_phone(s, "02541 111111").name == "B" and a.phone_verified_at is None
        residents.update_resident(s, b, residents.ResidentData(phone="02541 222222"))
        assert b.phone_verified_at is None  # a new number is unproved again


def test_lookup_by_phone_and_telegram(world):
    with world.db.session() as s:
        a = residents.register_resident(s, world.region_id, residents.ResidentData(
            name="A", phone="02541 111111", telegram_id=4242))
        residents.mark_phone_verified(s, a, NOW)
    with world.db.session() as s:
        assert residents.find_by_phone(s, "+49 2541 111111").name == "A"
        assert residents.find_by_telegram(s, 4242).name == "A"
        assert residents.find_by_phone(s, "nonsense") is None
        with pytest.raises(Conflict):  # a Telegram id is proved by Telegram: it stays one person's
            residents.register_resident(s, world.region_id, residents.ResidentData(name="B", telegram_id=4242))


def test_erasure_removes_personal_data_but_keeps_the_order(world):
    slot = world.slot("delivery", NOW.replace(hour=9) + timedelta(days=1))
    with world.db.session() as s:
        r = residents.register_resident(s, world.region_id, residents.ResidentData(
            name="Hildegard Schulte", phone="02541 111111", street="Letter Straße 5", postcode="48653",
            telegram_id=77))
        cart = carts.open_cart(s, world.region_id, resident_id=r.id)
        carts.add_product(s, cart, world.products["weizenbroetchen"], Decimal(6))
        checkout.choose_window(s, cart, slot, now=NOW)
        order = checkout.checkout(s, cart, now=NOW)
        resident_id, order_id = r.id, order.id
    with world.db.session() as s:
        residents.erase_resident(s, resident_id, NOW)
    with world.db.session() as s:
        r = s.get(Resident, resident_id)
        assert (r.name, r.phone, r.street, r.telegram_id, r.postcode, r.town) == (None,) * 6
        assert r.erased_at is not None
        order = s.get(Order, order_id)
        assert order.customer_name is None and order.customer_phone is None and order.street is None
        assert order.postcode is None and order.town is None
        assert [line.name for sub in order.sub_orders for line in sub.lines] == ["Weizenbrötchen"]
        assert order.created_at == NOW and order.reference
        assert order.personal_data_erased
        assert order.total_cents == 6 * 45 + 350  # the bookkeeping stays
        assert residents.find_by_phone(s, "02541 111111") is None
