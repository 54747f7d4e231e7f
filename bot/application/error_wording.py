"""The German sentences for the domain's errors: what a resident (or a shop) reads when Kiepe refuses.

``ordering`` raises errors that carry facts (``ordering/errors.py``: the type says what went wrong,
the fields say about what); this module is where they become German, once, for every edge: the
dialogue and the resident channels say ``resident_text(error)``; the shop desks (Telegram shop
chat, SMS to shops, the console) say ``shop_text(error)``; the API puts ``resident_text`` in its
error body's ``resident_message``. The HTTP status is the API's (``bot/api/errors.py``).

Residents read kind, short sentences in the Sie-form. Shops and drivers read what to do next.
Each error type has its sentence in ``FOR_RESIDENTS`` or ``FOR_SHOPS`` (the audience that meets
it); either function falls back to the other table, so an error one audience never meets still
reads well if it reaches it. Types never put before a resident are listed in
``NEVER_SHOWN_TO_RESIDENTS``; ``tests/test_error_wording.py`` walks the tree and checks that
every type is in one of the three.

An edge's own error class (``bot.ratelimit.TooManyRequests``, the web chat's
``DialogueUnavailable`` …) says its sentence itself in ``german_text``, as it says its HTTP
``status``: the edges sit above this module and it does not import them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ordering.catalog_file import CatalogError
from ordering.errors import (
    AddressMissing,
    AnswerTooLate,
    CancelTooLate,
    CartClosed,
    CodeExpired,
    ConfigurationError,
    Conflict,
    ContactMissing,
    EmptiesAfterPayment,
    EmptiesBeforeHandover,
    EmptiesCountInvalid,
    EmptiesNotDelivered,
    EmptyCart,
    ExternalServiceError,
    Forbidden,
    HoldExpired,
    HoldReleased,
    Invalid,
    InvalidTransition,
    LineSettled,
    MunicipalityNotOfPostcode,
    NameInvalid,
    NoPlaceForUnverified,
    NoSuchLine,
    NotFound,
    NothingToWeigh,
    NotWeighed,
    NoVouchers,
    NoWindowChosen,
    OfferDecided,
    OrderCancelled,
    OrderingError,
    OtherDeposit,
    PackedAlready,
    PaymentMethodNotOffered,
    PhoneAlreadyVerified,
    PhoneIncomplete,
    PhoneMissing,
    PhoneNotUnderstood,
    PostcodeAmbiguous,
    PostcodeMalformed,
    PostcodeMissing,
    PostcodeNotServed,
    QuantityNotPositive,
    QuantityNotUnderstood,
    QuantityTooLarge,
    SlotUnavailable,
    SoldOut,
    StationClosed,
    StreetInvalid,
    SubstituteTooDear,
    SubstituteUnfit,
    TooHeavy,
    TooLateToAsk,
    TooManyEmpties,
    UnknownVoucher,
    VoucherAfterPayment,
    VoucherAmountOutOfRange,
    VoucherForOtherShop,
    VouchersOnlineOnly,
    VoucherSpent,
    WeighingClosed,
    WeightNotPositive,
    WeightNotUnderstood,
    WeightSettled,
    WeightTooFine,
    WhichLine,
    WholePiecesOnly,
    WindowClosedForBooking,
    WindowElsewhere,
    WindowFull,
    WindowNotFound,
    WindowUnavailable,
)
from ordering.listing import (
    EXAMPLE,
    CaptionMissing,
    ListingError,
    PriceMissing,
    PriceNotUnderstood,
    PriceOutOfRange,
    PriceTooFine,
    ProductNameMissing,
    ProductNameTooLong,
)
from ordering.money import format_euro
from ordering.payments.webhooks import WebhookRejected
from ordering.ports import PaymentGatewayError
from ordering.shop_rules import BelowMinimumOrder, ShopClosed
from ordering.weighing import format_amount
from ordering.windows import format_window

__all__ = ["FOR_RESIDENTS", "FOR_SHOPS", "GENERIC", "NEVER_SHOWN_TO_RESIDENTS", "names_in_words", "resident_text",
           "shop_text"]

# When nothing more precise fits (the bare NotFound/Invalid/Conflict of a request a resident cannot make).
GENERIC = "Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal."

Wording = Callable[[Any], str]


def _same(sentence: str) -> Wording:
    return lambda _error: sentence


def _window(error: WindowUnavailable) -> str:
    return format_window(error.start, error.end)


def _quantity_too_large(error: QuantityTooLarge) -> str:
    unit = "Stück" if error.unit == "piece" else error.unit
    return f"Bitte höchstens {error.most} {unit} auf einmal."


def _voucher_range(error: VoucherAmountOutOfRange) -> str:
    return f"Gutscheine für {error.shop} gibt es von {format_euro(error.min_cents)} bis {format_euro(error.max_cents)}."


def _shop_closed(error: ShopClosed) -> str:
    return " ".join(closure.sentence() for closure in error.closures) + " Bitte wählen Sie einen anderen Tag."


def _below_minimum(error: BelowMinimumOrder) -> str:
    sentences = [f"Bei {part.shop_name} fehlen noch {format_euro(part.missing_cents)} bis zum Mindestbestellwert "
                 f"von {format_euro(part.min_order_cents)}." for part in error.parts]
    return " ".join(sentences) + " Bitte nehmen Sie dort noch etwas dazu oder lassen Sie diesen Teil weg."


def names_in_words(names: tuple[str, ...] | list[str]) -> str:
    """"Hilders", "Hilders und Ehrenberg", "Hilders, Ehrenberg und Tann": names as a sentence says them."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " und " + names[-1]


def _postcode_ambiguous(error: PostcodeAmbiguous) -> str:
    """The question the dialogue asks, and the sentence an app shows: the town decides."""
    return f"Die Postleitzahl {error.postcode} gilt für {names_in_words(error.names)}. In welchem Ort wohnen Sie?"


def _not_of_postcode(error: MunicipalityNotOfPostcode) -> str:
    if len(error.names) == 1:
        return f"Die Postleitzahl {error.postcode} gehört zu {error.names[0]}. Bitte prüfen Sie Postleitzahl und Ort."
    return (f"Die Postleitzahl {error.postcode} gilt für {names_in_words(error.names)}. "
            "Bitte wählen Sie einen dieser Orte.")


# ---------------------------------------------------------------- residents (Sie-form, short, kind)

FOR_RESIDENTS: Mapping[type[OrderingError], Wording] = {
    OrderingError: _same(GENERIC),
    NotFound: _same(GENERIC),
    Invalid: _same(GENERIC),
    Conflict: _same(GENERIC),
    Forbidden: _same(GENERIC),
    SlotUnavailable: _same(GENERIC),
    # quantities and the cart
    QuantityNotUnderstood: _same("Die Menge habe ich nicht verstanden."),
    QuantityNotPositive: _same("Die Menge muss größer als null sein."),
    WholePiecesOnly: lambda e: f"{e.product} gibt es nur stückweise. Wie viele möchten Sie?",
    QuantityTooLarge: _quantity_too_large,
    CartClosed: _same("Diese Bestellung ist schon abgeschlossen."),
    SoldOut: lambda e: f"{e.product} ist {'inzwischen' if e.in_cart else 'gerade'} leider ausverkauft.",
    NoVouchers: lambda e: f"{e.shop} bietet leider keine Gutscheine an.",
    VoucherAmountOutOfRange: _voucher_range,
    # windows
    WindowNotFound: _same("Dieses Zeitfenster gibt es nicht."),
    WindowUnavailable: _same("Dieses Zeitfenster kann nicht mehr gebucht werden. Bitte wählen Sie ein anderes."),
    WindowFull: lambda e: f"Dieses Zeitfenster ({_window(e)}) ist leider schon voll. Bitte wählen Sie ein anderes.",
    WindowClosedForBooking: lambda e: f"Das Zeitfenster {_window(e)} kann nicht mehr gebucht werden, der "
                                      "Bestellschluss ist vorbei. Bitte wählen Sie ein anderes.",
    NoPlaceForUnverified: lambda e: f"Für das Zeitfenster {_window(e)} kann ich Ihnen hier im Chat gerade keinen "
                                    "Platz freihalten. Bitte wählen Sie ein anderes, oder bestellen Sie per Telefon.",
    HoldExpired: lambda e: f"Ihre Reservierung für {_window(e)} ist abgelaufen und das Zeitfenster kann nicht mehr "
                           "gebucht werden. Bitte wählen Sie ein anderes.",
    HoldReleased: _same("Ihre Reservierung für das Zeitfenster besteht nicht mehr. Bitte wählen Sie es neu."),
    ShopClosed: _shop_closed,
    # checkout
    EmptyCart: _same("Ihr Warenkorb ist noch leer. Was darf ich für Sie notieren?"),
    ContactMissing: _same("Für die Bestellung brauche ich noch Ihren Namen und Ihre Telefonnummer."),
    AddressMissing: _same("Für die Lieferung brauche ich noch Ihre Adresse."),
    NoWindowChosen: _same("Bitte wählen Sie zuerst ein Zeitfenster für Lieferung oder Abholung."),
    WindowElsewhere: _same("Dieses Lieferfenster gilt für einen anderen Ort als Ihre Adresse."),
    StationClosed: _same("Diese Abholstation ist zurzeit geschlossen."),
    PaymentMethodNotOffered: _same("Diese Zahlungsart bieten wir leider nicht an."),
    VouchersOnlineOnly: _same("Gutscheine können nur online bezahlt werden."),
    BelowMinimumOrder: _below_minimum,
    # orders
    InvalidTransition: _same("Das geht bei dieser Bestellung gerade nicht mehr."),
    CancelTooLate: _same("Die Geschäfte haben Ihre Bestellung schon bestätigt. "
                         "Bitte rufen Sie uns an, wenn Sie sie nicht mehr möchten."),
    # vouchers
    UnknownVoucher: _same("Diesen Gutschein-Code kenne ich leider nicht."),
    VoucherAfterPayment: _same("Der Gutschein muss vor dem Bezahlen eingelöst werden."),
    VoucherForOtherShop: _same("Dieser Gutschein gilt nur für ein anderes Geschäft."),
    VoucherSpent: _same("Auf diesem Gutschein ist leider kein Guthaben mehr."),
    # the resident's details
    PhoneNotUnderstood: _same("Die Telefonnummer habe ich nicht verstanden. Bitte mit Vorwahl, zum Beispiel "
                              "02541 123456."),
    PhoneIncomplete: _same("Die Telefonnummer scheint nicht vollständig zu sein. Bitte noch einmal mit Vorwahl."),
    PhoneMissing: _same("Bitte geben Sie zuerst Ihre Telefonnummer an."),
    PhoneAlreadyVerified: _same("Ihre Telefonnummer ist schon bestätigt."),
    CodeExpired: _same("Dieser Code gilt nicht mehr. Bitte fordern Sie einen neuen an."),
    PostcodeMalformed: _same("Die Postleitzahl hat fünf Ziffern, zum Beispiel 48653."),
    PostcodeNotServed: lambda e: f"Die Postleitzahl {e.postcode} liegt leider außerhalb unseres Liefergebiets.",
    PostcodeAmbiguous: _postcode_ambiguous,
    MunicipalityNotOfPostcode: _not_of_postcode,
    PostcodeMissing: _same("Bitte nennen Sie mir auch Ihre Postleitzahl."),
    NameInvalid: _same("Wie ist Ihr Name?"),
    StreetInvalid: _same("Wie lautet Ihre Straße mit Hausnummer?"),
    # substitutes
    OfferDecided: lambda e: ("Darauf haben Sie schon geantwortet." if e.by_resident
                             else "Dafür ist die Frist leider abgelaufen. Es bleibt, wie besprochen."),
    AnswerTooLate: _same("Dafür ist es leider zu spät: die Frist ist abgelaufen."),
    OrderCancelled: _same("Diese Bestellung ist storniert."),
}


# ---------------------------------------------------------------- shops and drivers (what to do next)


def _which_line(error: WhichLine) -> str:
    names = ", ".join(f"{position} = {name}" for position, name in enumerate(error.names, 1))
    return f"Bitte sagen Sie, welcher Artikel: {names}."


def _too_heavy(error: TooHeavy) -> str:
    """"Höchstens 0,330 kg (10 % über 0,300 kg).\""""
    return (f"Höchstens {format_amount(error.most, error.unit)} "
            f"({error.tolerance} % über {format_amount(error.ordered, error.unit)}).")


FOR_SHOPS: Mapping[type[OrderingError], Wording] = {
    # weighing (Telegram shop chat, SMS, console)
    WeightNotUnderstood: _same("Bitte nur das Gewicht schicken, zum Beispiel 0,312 (in kg) oder 312 g."),
    WeightTooFine: _same("Bitte das Gewicht auf das Gramm genau angeben, zum Beispiel 0,312."),
    WeightNotPositive: _same("Das Gewicht muss über null liegen. Wenn Sie den Artikel nicht haben, "
                             "lehnen Sie ihn bitte ab."),
    NothingToWeigh: _same("In dieser Bestellung ist nichts abzuwiegen."),
    WhichLine: _which_line,
    NoSuchLine: lambda e: f"Artikel {e.position} gibt es hier nicht; es sind {e.count} abzuwiegen.",
    NotWeighed: lambda e: f"{e.line} wird nicht gewogen.",
    TooHeavy: _too_heavy,
    WeighingClosed: _same("Diese Bestellung ist schon fertig gepackt oder abgeschlossen; "
                          "das Gewicht lässt sich nicht mehr ändern."),
    WeightSettled: _same("Das Gewicht ist schon abgerechnet und lässt sich nicht mehr ändern."),
    # empties taken back at the door (the drivers' console)
    EmptiesBeforeHandover: _same("Leergut kann erst bei der Übergabe zurückgenommen werden."),
    EmptiesAfterPayment: _same("Bitte das Leergut vor dem Kassieren eintragen."),
    EmptiesCountInvalid: _same("Leergut bitte als Anzahl eingeben."),
    EmptiesNotDelivered: lambda e: f"{e.kind} ist mit dieser Bestellung nicht gekommen.",
    TooManyEmpties: lambda e: f"Höchstens {e.most} × {e.kind} – so viele kamen mit dieser Bestellung.",
    # a substitute the shop offers (Telegram desk, SMS, console)
    PackedAlready: _same("Die Bestellung ist schon gepackt; Ersatz lässt sich nur vorher anbieten."),
    LineSettled: lambda e: (f"Für {e.line} ist schon Ersatz angeboten." if e.offered
                            else f"{e.line} ist schon abgelehnt."),
    TooLateToAsk: _same("Für eine Rückfrage ist es zu spät. Bitte lehnen Sie den Artikel ab."),
    SubstituteUnfit: lambda e: f"{e.product} kann {e.line} nicht ersetzen: nicht lieferbar oder in anderer Einheit.",
    OtherDeposit: lambda e: f"{e.product} hat anderes Pfand als {e.line}. Bitte Ware mit demselben Pfand anbieten.",
    SubstituteTooDear: lambda e: (f"{e.product} wäre teurer, als die Kundschaft bezahlt hat: "
                                  f"höchstens {format_euro(e.most_cents)}."),
    # a product put up for sale from the shop's Telegram chat
    ListingError: _same(f"Das habe ich nicht verstanden. Bitte Name, Größe und Preis, z. B. {EXAMPLE}."),
    PriceNotUnderstood: lambda e: f"„{e.text}“ ist kein Preis. Bitte so: 12,90",
    PriceTooFine: _same("Bitte den Preis mit höchstens zwei Nachkommastellen."),
    PriceOutOfRange: lambda e: f"Der Preis muss über 0 und höchstens {format_euro(e.most_cents)} sein.",
    CaptionMissing: _same(f"Schicken Sie das Foto bitte mit einer Bildunterschrift: Name, Größe und Preis, "
                          f"z. B. {EXAMPLE}."),
    PriceMissing: lambda e: (f"Ich finde keinen Preis in „{e.caption}“. Bitte schicken Sie das Foto noch einmal "
                             f"mit Preis in der Bildunterschrift, z. B. {EXAMPLE}."),
    ProductNameMissing: _same(f"Wie heißt das Produkt? Bitte Name, Größe und Preis, z. B. {EXAMPLE}."),
    ProductNameTooLong: lambda e: f"Der Name ist zu lang. Bitte kürzer, höchstens {e.most} Zeichen.",
}

# Errors no resident ever reads: who meets them and what they get instead.
NEVER_SHOWN_TO_RESIDENTS: Mapping[type[Exception], str] = {
    WebhookRejected: "Stripe's webhook calls: answered 400, nobody reads a sentence",
    CatalogError: "operators importing a catalog file: they read the English list of problems",
    ExternalServiceError: "callers retry later or word the outage themselves (the payment link follows by SMS …)",
    PaymentGatewayError: "as ExternalServiceError",
    ConfigurationError: "operators: Kiepe or the feature does not start, with the English reason",
}


def resident_text(error: OrderingError) -> str:
    """The German sentence a resident reads for ``error``."""
    return _text(error, FOR_RESIDENTS, FOR_SHOPS)


def shop_text(error: OrderingError) -> str:
    """The German sentence a shop (or a driver) reads for ``error``."""
    return _text(error, FOR_SHOPS, FOR_RESIDENTS)


def _text(error: OrderingError, first: Mapping[type[OrderingError], Wording],
          then: Mapping[type[OrderingError], Wording]) -> str:
    own = getattr(error, "german_text", None)  # an edge's own error says it
    if isinstance(own, str) and own:
        return own
    for cls in type(error).__mro__:  # the nearest class with a sentence
        for table in (first, then):
            wording = table.get(cls)
            if wording is not None:
                return wording(error)
    return GENERIC
