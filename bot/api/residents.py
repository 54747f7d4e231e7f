"""A resident's own data, cart, checkout and orders (bearer token from registration)."""

from __future__ import annotations

import logging
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Request, Response

from bot.api.catalog import RegionSlug, region_by_slug, window_out
from bot.api.deps import ContainerDep, ResidentDep, SessionDep, new_token
from bot.api.schemas import (
    CartOut,
    CheckoutIn,
    LineIn,
    OrderOut,
    PhoneCodeIn,
    Price,
    QuantityIn,
    ResidentCreated,
    ResidentIn,
    ResidentOut,
    ResidentPatch,
    SubstituteAnswerIn,
    SubstituteOut,
    VoucherIn,
    WindowChoice,
    error_responses,
)
from bot.api.throttle import client_of, limits_of
from bot.application import payments
from ordering import cart as carts
from ordering import checkout as checkouts
from ordering import orders, phone_verification, residents, substitutes, windows
from ordering.errors import Conflict, Invalid, NotFound
from ordering.models import Region, Resident

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["residents"], responses=error_responses(401, 404, 409, 422))
LineId = Annotated[int, Path(ge=1, le=2_147_483_647)]
OrderRef = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9-]+$")]


# This API's own refusals, with the sentence the resident's app shows (``german_text``).
class SmsNotSetUp(Conflict):
    """No SMS provider on this installation (KIEPE_TWILIO_*): no code can be sent."""

    german_text = "SMS können wir gerade nicht verschicken."


class WrongCode(Invalid):
    german_text = "Der Code stimmt leider nicht."


class NoRegion(NotFound):
    german_text = "Sie sind keiner Region zugeordnet."


class OnlinePaymentNotSetUp(Invalid):
    """No payment provider on this installation: on_delivery or invoice only."""

    german_text = "Online bezahlen geht hier leider noch nicht."


def resident_out(r: Resident) -> ResidentOut:
    return ResidentOut(id=r.id, name=r.name, phone=r.phone, street=r.street, postcode=r.postcode, town=r.town,
                       municipality=r.municipality.slug if r.municipality else None,
                       preferred_station=r.preferred_station.slug if r.preferred_station else None,
                       phone_verified=r.phone_verified_at is not None)


@router.post("/regions/{region}/residents", response_model=ResidentCreated, status_code=201)
def register(region: RegionSlug, body: ResidentIn, s: SessionDep, c: ContainerDep, request: Request) -> ResidentCreated:
    """Register a resident; the answer carries their bearer token, shown only this once. Where SMS is
    set up, a code goes to the phone number to prove it (``/me/phone/verify``)."""
    limits_of(request).hit(limits_of(request).registrations, client_of(request))
    r = region_by_slug(s, region)
    resident = residents.register_resident(s, r.id, residents.ResidentData(
        name=body.name, phone=body.phone, street=body.street, postcode=body.postcode, town=body.town,
        municipality=body.municipality, preferred_station=body.preferred_station))
    token, resident.api_token_hash = new_token()
    s.flush()
    _offer_code(s, c, resident)
    return ResidentCreated(**resident_out(resident).model_dump(), token=token)


def _offer_code(s, c, resident: Resident) -> None:
    """Registration sends the code at once where SMS is set up; ``POST /me/phone/code`` again later."""
    sms = c.sms
    if sms is None:
        return
    try:
        phone_verification.send_code(s, resident, sms, c.clock.now())
    except Exception:  # noqa: BLE001 - the account is made; the code can be asked for again
        log.exception("verification code for resident %s could not be sent", resident.id)


@router.post("/me/phone/code", status_code=202)
def send_phone_code(resident: ResidentDep, s: SessionDep, c: ContainerDep, request: Request) -> Response:
    """Send a six-digit code by SMS to my number. Until I send it back (``/me/phone/verify``) my
    number reaches me, but calls from it are not tied to this account."""
    limits_of(request).hit(limits_of(request).phone_codes, f"resident:{resident.id}")
    sms = c.sms
    if sms is None:
        raise SmsNotSetUp("SMS is not set up on this installation (KIEPE_TWILIO_*): no code can be sent")
    phone_verification.send_code(s, resident, sms, c.clock.now())
    return Response(status_code=202)


@router.post("/me/phone/verify", response_model=ResidentOut)
def verify_phone(body: PhoneCodeIn, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> ResidentOut:
    """Send back the code from the SMS: my number is verified."""
    if not phone_verification.confirm_code(s, resident, body.code, c.clock.now()):
        s.commit()  # the failed try counts even though the answer is an error
        raise WrongCode("the code is wrong", field="code")
    return resident_out(resident)


@router.get("/me", response_model=ResidentOut)
def me(resident: ResidentDep) -> ResidentOut:
    return resident_out(resident)


@router.patch("/me", response_model=ResidentOut)
def update_me(body: ResidentPatch, resident: ResidentDep, s: SessionDep) -> ResidentOut:
    residents.update_resident(s, resident, residents.ResidentData(**body.model_dump()))
    return resident_out(resident)


@router.delete("/me", status_code=204)
def erase_me(resident: ResidentDep, s: SessionDep, c: ContainerDep) -> Response:
    """Delete my personal data; my orders stay for the legal retention, anonymised."""
    cart = _my_cart(s, resident)
    checkouts.release_window(s, cart)
    residents.erase_resident(s, resident.id, c.clock.now())
    return Response(status_code=204)


def _cart_out(s, c, cart) -> CartOut:
    region = s.get(Region, cart.region_id)
    hold = cart.hold if cart.hold is not None and cart.hold.status in ("held", "booked") else None
    window = window_out(windows.get_window(s, hold.slot_id, now=c.clock.now())) if hold else None
    return CartOut.of(carts.summarize(cart, region), status=cart.status, fulfilment=cart.fulfilment if hold else None,
                      window=window, hold_expires_at=hold.expires_at if hold and hold.status == "held" else None)


def _my_cart(s, resident: Resident):
    if resident.region_id is None:  # residents who registered through the API always have one
        raise NoRegion("you have no region")
    return carts.open_cart(s, resident.region_id, resident_id=resident.id)


@router.get("/me/cart", response_model=CartOut)
def get_cart(resident: ResidentDep, s: SessionDep, c: ContainerDep) -> CartOut:
    return _cart_out(s, c, _my_cart(s, resident))


@router.post("/me/cart/lines", response_model=CartOut, status_code=201)
def add_line(body: LineIn, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> CartOut:
    """Add a product in its own unit (whole pieces; kg and l to the gram)."""
    cart = _my_cart(s, resident)
    carts.add_product(s, cart, body.product_id, carts.parse_quantity(body.quantity))
    return _cart_out(s, c, cart)


@router.put("/me/cart/lines/{line_id}", response_model=CartOut)
def set_line(line_id: LineId, body: QuantityIn, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> CartOut:
    cart = _my_cart(s, resident)
    carts.set_quantity(s, cart, line_id, carts.parse_quantity(body.quantity))
    return _cart_out(s, c, cart)


@router.delete("/me/cart/lines/{line_id}", response_model=CartOut)
def delete_line(line_id: LineId, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> CartOut:
    cart = _my_cart(s, resident)
    carts.remove_line(s, cart, line_id)
    return _cart_out(s, c, cart)


@router.post("/me/cart/vouchers", response_model=CartOut, status_code=201)
def add_voucher(body: VoucherIn, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> CartOut:
    """Put a voucher for a shop into the cart (an amount within the shop's range)."""
    cart = _my_cart(s, resident)
    carts.add_voucher(s, cart, body.shop_id, body.amount_cents)
    return _cart_out(s, c, cart)


@router.put("/me/cart/window", response_model=CartOut)
def choose_window(body: WindowChoice, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> CartOut:
    """Hold a place in a delivery or pick-up window while checking out (15 minutes)."""
    cart = _my_cart(s, resident)
    # A token from an anonymous registration: its holds count towards the unverified share.
    checkouts.choose_window(s, cart, body.slot_id, now=c.clock.now(), hold_minutes=c.settings.hold_minutes,
                            unverified_share=c.settings.unverified_hold_share)
    return _cart_out(s, c, cart)


@router.delete("/me/cart/window", response_model=CartOut)
def release_window(resident: ResidentDep, s: SessionDep, c: ContainerDep) -> CartOut:
    cart = _my_cart(s, resident)
    checkouts.release_window(s, cart)
    return _cart_out(s, c, cart)


@router.post("/me/checkout", response_model=OrderOut, status_code=201)
def checkout(body: CheckoutIn, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> OrderOut:
    """Place the order: one order, one sub-order per shop, the window booked."""
    cart = _my_cart(s, resident)
    if body.payment_method == "online" and c.gateway is None:
        raise OnlinePaymentNotSetUp("online payment is not set up on this installation; choose on_delivery or invoice",
                                    field="payment_method")
    order = checkouts.checkout(s, cart, now=c.clock.now(), payment_method=body.payment_method,
                               actor=f"resident:{resident.id}", channel="api")
    payments.settle_checkout(s, order, body.voucher_codes)
    if body.substitutes:
        substitutes.set_preference(s, order.id, body.substitutes, actor=f"resident:{resident.id}", now=c.clock.now())
    out = order_out(s, order)
    out.payment_url = payments.open_payment(c.gateway, c.settings, s, order)
    return out


def window_label(s, order) -> str:
    """"Samstag, 28. November, 9–13 Uhr" in the region's time zone."""
    tz = ZoneInfo(s.get(Region, order.region_id).timezone)
    return windows.format_window(order.slot.start.astimezone(tz), order.slot.end.astimezone(tz))


def order_out(s, order) -> OrderOut:
    out = OrderOut.of(order, window_label(s, order))
    out.substitutes = [SubstituteOut(id=o.id, line_id=o.line_id, ordered=o.ordered_name, ordered_price=Price.of(o.ordered_cents),
                                     offered=o.product.name, offered_price=Price.of(o.offered_cents), status=o.status,
                                     decided_by=o.decided_by, deadline=o.deadline)
                       for o in substitutes.offers_of_order(s, order.id)]
    return out


@router.get("/me/orders", response_model=list[OrderOut])
def my_orders(resident: ResidentDep, s: SessionDep) -> list[OrderOut]:
    return [order_out(s, o) for o in orders.orders_of_resident(s, resident.id)]


@router.get("/me/orders/{reference}", response_model=OrderOut)
def my_order(reference: OrderRef, resident: ResidentDep, s: SessionDep) -> OrderOut:
    order = orders.get_order_by_reference(s, reference)
    if order.resident_id != resident.id:
        raise NotFound(f"order {reference} does not exist")
    return order_out(s, order)


@router.post("/me/substitutes/{offer_id}", response_model=OrderOut)
def answer_substitute(offer_id: Annotated[int, Path(ge=1, le=2_147_483_647)], body: SubstituteAnswerIn,
                      resident: ResidentDep, s: SessionDep, c: ContainerDep) -> OrderOut:
    """Take or refuse the substitute a shop offered (before its deadline); the money follows."""
    offer = substitutes.answer(s, offer_id, body.accept, actor=f"resident:{resident.id}", now=c.clock.now(),
                               resident_id=resident.id)
    return order_out(s, orders.get_order(s, offer.order_id))


@router.post("/me/orders/{reference}/cancel", response_model=OrderOut)
def cancel(reference: OrderRef, resident: ResidentDep, s: SessionDep, c: ContainerDep) -> OrderOut:
    """Cancel while no shop has confirmed; the window is released."""
    order = orders.get_order_by_reference(s, reference)
    orders.cancel_order(s, order.id, actor=f"resident:{resident.id}", now=c.clock.now(), resident_id=resident.id)
    return order_out(s, order)
