"""The domain's exception tree. Every use case raises one of these for bad input.

An error carries facts, not prose: its type says what went wrong, its fields say about what (the
product's name, the shop, the amount, the window), ``message`` says it precisely in English for
developers and logs, ``field`` names the input at fault. The edges decide what an error means to
their callers: the HTTP status is ``bot/api/errors.py``'s (NotFound 404, Invalid 422, Conflict
409, Forbidden 403, any other 400); the German sentence a resident (or a shop) reads is
``bot/application/error_wording.py``'s. Nothing in ``ordering`` words an error in German.

    OrderingError
    ├── NotFound                 something named does not exist (or is not yours to see)
    │   ├── WindowNotFound       no such delivery or pick-up window
    │   └── UnknownVoucher       no paid voucher with this code
    ├── Invalid                  the request itself is wrong (a quantity of 1.5 pieces)
    │   ├── QuantityNotUnderstood, QuantityNotPositive
    │   ├── WholePiecesOnly      product: sold by the piece only
    │   ├── QuantityTooLarge     most, unit: more than one line may hold
    │   ├── VoucherAmountOutOfRange  shop, min_cents, max_cents
    │   ├── EmptyCart, ContactMissing, AddressMissing, NoWindowChosen
    │   ├── WindowElsewhere      a delivery window for another municipality than the address
    │   ├── PaymentMethodNotOffered  method
    │   ├── VouchersOnlineOnly, VoucherForOtherShop
    │   ├── PhoneNotUnderstood, PhoneIncomplete, PhoneMissing
    │   ├── PostcodeMalformed, PostcodeNotServed (postcode), NameInvalid, StreetInvalid
    │   ├── PostcodeAmbiguous (postcode, names, ids): several municipalities share the postcode
    │   ├── MunicipalityNotOfPostcode (postcode, municipality, names, ids), PostcodeMissing
    │   ├── weighing, said to shops: WeightNotUnderstood, WeightTooFine, WeightNotPositive,
    │   │   NothingToWeigh, WhichLine (names), NoSuchLine (position, count), NotWeighed (line),
    │   │   TooHeavy (most, tolerance, ordered, unit)
    │   ├── a shop's substitute, said to shops: SubstituteUnfit (product, line),
    │   │   OtherDeposit (product, line), SubstituteTooDear (product, most_cents)
    │   ├── empties, said to drivers: EmptiesCountInvalid, EmptiesNotDelivered (kind),
    │   │   TooManyEmpties (kind, most)
    │   ├── ListingError         (ordering.listing) a shop's caption or command the bot cannot read:
    │   │   PriceNotUnderstood (text), PriceTooFine, PriceOutOfRange (most_cents), CaptionMissing,
    │   │   PriceMissing (caption), ProductNameMissing, ProductNameTooLong (most)
    │   └── CatalogError         (ordering.catalog_file) a catalog file with problems (operators only)
    ├── Conflict                 the request is fine but the state forbids it now
    │   ├── SlotUnavailable      a window cannot be (or stay) booked
    │   │   ├── HoldReleased     the resident's hold on a window was given up
    │   │   └── WindowUnavailable    start, end (local time): the window named
    │   │       ├── WindowFull, WindowClosedForBooking (past its cutoff)
    │   │       ├── NoPlaceForUnverified  the places kept for unverified chats are taken
    │   │       └── HoldExpired  the hold expired and the window cannot be booked again
    │   ├── InvalidTransition    a sub-order status change that is not allowed (status, new)
    │   ├── CartClosed           the cart is ordered or abandoned already
    │   ├── SoldOut              product, in_cart (it sold out after it was put in the cart)
    │   ├── NoVouchers           shop: the shop sells no vouchers
    │   ├── StationClosed        the pick-up station of the window is closed
    │   ├── ShopClosed           (ordering.shop_rules) closures: shops closed on the window's day
    │   ├── BelowMinimumOrder    (ordering.shop_rules) parts: shops below their minimum order
    │   ├── CancelTooLate        a shop confirmed its part already
    │   ├── OfferDecided (by_resident), AnswerTooLate, OrderCancelled: a substitute offer's answer
    │   ├── PackedAlready, LineSettled (line, offered), TooLateToAsk: a shop's substitute offer (said to shops)
    │   ├── VoucherAfterPayment, VoucherSpent
    │   ├── PhoneAlreadyVerified, CodeExpired
    │   ├── WeighingClosed, WeightSettled     (said to shops)
    │   └── EmptiesBeforeHandover, EmptiesAfterPayment (said to drivers)
    ├── Forbidden                an actor acting on what is not theirs
    └── WebhookRejected          (ordering.payments.webhooks) a webhook that is not the provider's,
                                 too old or of the wrong shape (never shown to residents)

    ExternalServiceError an outside service refused or failed a call; callers retry later
    ├── PaymentGatewayError (ordering.ports) the payment provider
    └── SmsError            (integrations.twilio_sms) the SMS provider

    ConfigurationError   the installation's settings are missing or unsafe (an operator's
                         error, never a resident's: no HTTP status, Kiepe or the feature
                         does not start)

    UnreadableRecord     a row written earlier that this code cannot read: a bug or a damaged
    │                    row, never a resident's error (the work that needed it fails and is
    │                    retried or parked)
    └── EventDetailsUnreadable  event, key: an order event's details of another shape
                         (ordering.event_details)

An edge may add its own subclasses of these (``bot.ratelimit.TooManyRequests``, the API's
``Unauthorized`` …); such a class says its own HTTP ``status`` and German ``german_text``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal


class OrderingError(Exception):
    """Base of all domain errors; ``message`` is precise (English) for shops' tools and developers."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(OrderingError):
    pass


class Invalid(OrderingError):
    pass


class Conflict(OrderingError):
    pass


class SlotUnavailable(Conflict):
    pass


class InvalidTransition(Conflict):
    """``status`` → ``new`` is not a sub-order change the rules allow (either may be unknown: None)."""

    def __init__(self, message: str, *, status: str | None = None, new: str | None = None) -> None:
        super().__init__(message)
        self.status, self.new = status, new


class Forbidden(OrderingError):
    pass


class ExternalServiceError(Exception):
    """An outside service (payments, SMS, a chat platform) refused or failed a call."""


class ConfigurationError(Exception):
    """The settings are unsafe, inconsistent or missing for a feature; it does not start with them."""


class UnreadableRecord(Exception):
    """A stored row this code cannot read (another shape than it writes): a bug or a damaged row."""


class EventDetailsUnreadable(UnreadableRecord):
    """``event``'s stored details are not of its shape; ``key`` is the detail at fault (None: the whole)."""

    def __init__(self, message: str, *, event: str, key: str | None = None) -> None:
        super().__init__(message)
        self.event, self.key = event, key


# ---------------------------------------------------------------- not found


class WindowNotFound(NotFound):
    def __init__(self, message: str, *, field: str | None = "slot") -> None:
        super().__init__(message, field=field)


class UnknownVoucher(NotFound):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------- quantities and the cart


class QuantityNotUnderstood(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="quantity")


class QuantityNotPositive(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="quantity")


class WholePiecesOnly(Invalid):
    """``product`` (its name) is sold by the piece; the quantity was not whole."""

    def __init__(self, message: str, *, product: str) -> None:
        super().__init__(message, field="quantity")
        self.product = product


class QuantityTooLarge(Invalid):
    """More than ``most`` of ``unit`` ("piece", "kg", "l") on one line."""

    def __init__(self, message: str, *, most: Decimal, unit: str) -> None:
        super().__init__(message, field="quantity")
        self.most, self.unit = most, unit


class CartClosed(Conflict):
    """The cart was ordered (or given up) already; it cannot change."""


class SoldOut(Conflict):
    """``product`` (its name) is not available; ``in_cart``: it sold out after it was put in the cart."""

    def __init__(self, message: str, *, product: str, in_cart: bool = False) -> None:
        super().__init__(message, field="product_id")
        self.product, self.in_cart = product, in_cart


class NoVouchers(Conflict):
    """``shop`` (its name) sells no vouchers."""

    def __init__(self, message: str, *, shop: str) -> None:
        super().__init__(message, field="shop_id")
        self.shop = shop


class VoucherAmountOutOfRange(Invalid):
    """``shop`` (its name) sells vouchers from ``min_cents`` to ``max_cents`` only."""

    def __init__(self, message: str, *, shop: str, min_cents: int, max_cents: int) -> None:
        super().__init__(message, field="amount")
        self.shop, self.min_cents, self.max_cents = shop, min_cents, max_cents


# ---------------------------------------------------------------- windows


class HoldReleased(SlotUnavailable):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="slot")


class WindowUnavailable(SlotUnavailable):
    """A window that cannot be booked; ``start`` and ``end`` in the region's local time."""

    def __init__(self, message: str, *, start: datetime, end: datetime) -> None:
        super().__init__(message, field="slot")
        self.start, self.end = start, end


class WindowFull(WindowUnavailable):
    pass


class WindowClosedForBooking(WindowUnavailable):
    """Past the window's cutoff."""


class NoPlaceForUnverified(WindowUnavailable):
    """The share of places a chat without a verified phone may hold is taken."""


class HoldExpired(WindowUnavailable):
    """The resident's hold expired, and the window is full or closed for booking meanwhile."""


# ---------------------------------------------------------------- checkout


class EmptyCart(Invalid):
    def __init__(self, message: str, *, field: str | None = "cart") -> None:
        super().__init__(message, field=field)


class ContactMissing(Invalid):
    """An order needs the resident's name and phone number."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="resident")


class AddressMissing(Invalid):
    """A delivery needs the resident's street and postcode."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="address")


class NoWindowChosen(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="slot_id")


class WindowElsewhere(Invalid):
    """A delivery window for another municipality than the resident's address."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="slot_id")


class StationClosed(Conflict):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="slot_id")


class PaymentMethodNotOffered(Invalid):
    def __init__(self, message: str, *, method: str | None) -> None:
        super().__init__(message, field="payment_method")
        self.method = method


class VouchersOnlineOnly(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="payment_method")


class CancelTooLate(Conflict):
    """A shop confirmed (or packed) its part already: the order is no longer cancelled by a resident."""


# ---------------------------------------------------------------- vouchers


class VoucherAfterPayment(Conflict):
    """Vouchers are redeemed before the payment starts."""


class VoucherForOtherShop(Invalid):
    pass


class VoucherSpent(Conflict):
    """No balance left on the voucher."""


# ---------------------------------------------------------------- residents


class PhoneNotUnderstood(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="phone")


class PhoneIncomplete(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="phone")


class PhoneMissing(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="phone")


class PhoneAlreadyVerified(Conflict):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="phone")


class CodeExpired(Conflict):
    """No valid verification code for the number (expired, used up or for another number)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="code")


class PostcodeMalformed(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="postcode")


class PostcodeNotServed(Invalid):
    def __init__(self, message: str, *, postcode: str) -> None:
        super().__init__(message, field="postcode")
        self.postcode = postcode


class PostcodeAmbiguous(Invalid):
    """Several municipalities of the region share the postcode (Hilders and Ehrenberg share 36115)
    and nothing said which one: the town's name or the municipality decides. ``names`` and ``ids``
    are the candidates' names and ids (slugs), in the same order."""

    def __init__(self, message: str, *, postcode: str, names: tuple[str, ...], ids: tuple[str, ...]) -> None:
        super().__init__(message, field="municipality")
        self.postcode = postcode
        self.names = names
        self.ids = ids


class MunicipalityNotOfPostcode(Invalid):
    """The municipality given is not one that the postcode belongs to (``names``/``ids``: those it does)."""

    def __init__(self, message: str, *, postcode: str, municipality: str, names: tuple[str, ...],
                 ids: tuple[str, ...]) -> None:
        super().__init__(message, field="municipality")
        self.postcode = postcode
        self.municipality = municipality
        self.names = names
        self.ids = ids


class PostcodeMissing(Invalid):
    """A municipality was given without a postcode, and none is stored to go with it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="postcode")


class NameInvalid(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="name")


class StreetInvalid(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="street")


# ---------------------------------------------------------------- substitutes


class OfferDecided(Conflict):
    """The substitute offer was answered already (``by_resident``) or decided by its deadline."""

    def __init__(self, message: str, *, by_resident: bool) -> None:
        super().__init__(message)
        self.by_resident = by_resident


class AnswerTooLate(Conflict):
    """The resident's answer came after the offer's deadline."""


class OrderCancelled(Conflict):
    """The sub-order was cancelled or rejected: nothing to substitute."""


# A shop offering a substitute (said to shops: the Telegram desk, SMS, the console).


class PackedAlready(Conflict):
    """The sub-order is past packing: a substitute is offered before."""


class LineSettled(Conflict):
    """The ``line`` is rejected already, or has a substitute ``offered`` already."""

    def __init__(self, message: str, *, line: str, offered: bool) -> None:
        super().__init__(message)
        self.line, self.offered = line, offered


class TooLateToAsk(Conflict):
    """The resident's answer would be due too late (or already past): the shop rejects the line instead."""


class SubstituteUnfit(Invalid):
    """The ``product`` cannot replace the ``line``: not available, or sold in another unit."""

    def __init__(self, message: str, *, product: str, line: str) -> None:
        super().__init__(message, field="product_id")
        self.product, self.line = product, line


class OtherDeposit(Invalid):
    """The ``product`` carries another Pfand than the ``line``."""

    def __init__(self, message: str, *, product: str, line: str) -> None:
        super().__init__(message, field="product_id")
        self.product, self.line = product, line


class SubstituteTooDear(Invalid):
    """The ``product`` would cost more for the line than the resident paid: ``most_cents`` at most."""

    def __init__(self, message: str, *, product: str, most_cents: int) -> None:
        super().__init__(message, field="product_id")
        self.product, self.most_cents = product, most_cents


# ---------------------------------------------------------------- weighing (said to shops)


class WeightNotUnderstood(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="quantity")


class WeightTooFine(Invalid):
    """Finer than a gram."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="quantity")


class WeightNotPositive(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="quantity")


class NothingToWeigh(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="line")


class WhichLine(Invalid):
    """Several lines are weighed: ``names`` in their order (position 1 first)."""

    def __init__(self, message: str, *, names: tuple[str, ...]) -> None:
        super().__init__(message, field="line")
        self.names = names


class NoSuchLine(Invalid):
    """No weighed line at ``position``; there are ``count``."""

    def __init__(self, message: str, *, position: int, count: int) -> None:
        super().__init__(message, field="line")
        self.position, self.count = position, count


class NotWeighed(Invalid):
    """``line`` (the article's name) is sold by the piece."""

    def __init__(self, message: str, *, line: str) -> None:
        super().__init__(message, field="line")
        self.line = line


class TooHeavy(Invalid):
    """Above ``most``: ``tolerance`` per cent over the ``ordered`` quantity, in ``unit``."""

    def __init__(self, message: str, *, most: Decimal, tolerance: int, ordered: Decimal, unit: str | None) -> None:
        super().__init__(message, field="quantity")
        self.most, self.tolerance, self.ordered, self.unit = most, tolerance, ordered, unit


class WeighingClosed(Conflict):
    """The sub-order is packed, done or the line rejected: weights can no longer change."""


class WeightSettled(Conflict):
    """Online payment followed the weights already."""


# ---------------------------------------------------------------- empties (said to drivers)


class EmptiesBeforeHandover(Conflict):
    """Empties are taken back with the goods, not before."""


class EmptiesAfterPayment(Conflict):
    """The amount due was collected already; empties are noted first."""


class EmptiesCountInvalid(Invalid):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="empties")


class EmptiesNotDelivered(Invalid):
    """``kind`` (its label, "Kiste Bier") did not come with this order."""

    def __init__(self, message: str, *, kind: str) -> None:
        super().__init__(message, field="empties")
        self.kind = kind


class TooManyEmpties(Invalid):
    """At most ``most`` of ``kind`` can be taken back."""

    def __init__(self, message: str, *, kind: str, most: int) -> None:
        super().__init__(message, field="empties")
        self.kind, self.most = kind, most
