"""What Kiepe writes by SMS (German, Sie-form, short): shops' new orders, residents' summaries."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.channels.sms.shop_weights import shop_lines_help
from nlu.resolution.quantity import format_quantity
from ordering import deposits, weighing
from ordering.age_checks import sub_order_min_age
from ordering.models import Order, OrderLine, SubOrder
from ordering.money import format_euro
from ordering.windows import format_window

ANSWER_HELP = "Bitte antworten Sie mit JA {code} oder NEIN {code}."


def line_text(line: OrderLine) -> str:
    """"2 Flaschen Frischmilch (1 l): 2,58 €", "Gutschein Hof Schulze: 20,00 €"."""
    if line.voucher_cents is not None:
        return f"{line.name}: {format_euro(line.total_cents)}"
    if line.is_deposit:
        return f"{deposits.describe(line)}: {format_euro(line.total_cents)}"
    amount = format_quantity(line.quantity, line) if line.quantity is not None else ""
    if weighing.is_weighed(line):  # "etwa 300 Gramm" until weighed, then what the scale said
        amount = (format_quantity(line.weighed_quantity, line) if line.weighed_quantity is not None
                  else f"etwa {amount}")
    size = f" ({line.size})" if line.size else ""
    return f"{amount} {line.name}{size}: {format_euro(line.total_cents)}".strip()


def id_check_note(sub: SubOrder) -> str:
    """"Ab 18 Jahren: Ausweis prüfen bei der Übergabe.\n" when the part has age-restricted goods."""
    age = sub_order_min_age(sub)
    return f"Ab {age} Jahren: Ausweis prüfen bei der Übergabe.\n" if age else ""


def window_of(order: Order, timezone: str | None) -> str:
    """"Samstag, 28. November, 9–13 Uhr" in the region's time zone."""
    tz = ZoneInfo(timezone or "Europe/Berlin")
    return format_window(order.slot.start.astimezone(tz), order.slot.end.astimezone(tz))


def fulfilment_text(order: Order, window: str) -> str:
    if order.fulfilment == "pickup" and order.station is not None:
        return f"Abholung {order.station.name}, {window}"
    return f"Lieferung {window}"


def shop_new_order(sub: SubOrder, window: str) -> str:
    order = sub.order
    lines = "\n".join(line_text(l) for l in sub.lines)
    return (
        f"Kiepe: Neue Bestellung {order.reference} für {sub.shop.name}, Code {sub.answer_code}.\n"
        f"{fulfilment_text(order, window)}.\n"
        f"{lines}\n"
        f"Summe {format_euro(sub.subtotal_cents)}.\n"
        + id_check_note(sub)
        + shop_lines_help(sub)
        + ANSWER_HELP.format(code=sub.answer_code)
    )


WEIGHED_NOTE = "Abgerechnet wird nach Gewicht; den Endbetrag schicken wir Ihnen, sobald alles abgewogen ist."

PAYMENT_TEXTS = {
    "on_delivery": "Sie bezahlen bei der Übergabe.",
    "online": "Den Link zum Bezahlen bekommen Sie per SMS.",
    "invoice": "Sie bekommen eine Rechnung.",
}


def resident_summary(order: Order, window: str) -> str:
    greeting = f"Danke für Ihre Bestellung, {order.customer_name}!" if order.customer_name else "Danke für Ihre Bestellung!"
    parts = [f"Kiepe: {greeting}", f"Bestellnummer {order.reference}."]
    for sub in order.sub_orders:
        parts.append(f"{sub.shop.name}: " + ", ".join(line_text(l) for l in sub.lines))
    if order.delivery_fee_cents:
        parts.append(f"Liefergebühr: {format_euro(order.delivery_fee_cents)}")
    parts.append(f"Zusammen: {format_euro(order.total_cents)}")
    if weighing.order_has_weighed_goods(order):
        parts.append(WEIGHED_NOTE)
    parts.append(f"{fulfilment_text(order, window)}.")
    payment = PAYMENT_TEXTS.get(order.payment_method)
    if payment:
        if order.payment_method == "on_delivery" and order.fulfilment == "pickup":
            payment = "Sie bezahlen bei der Abholung."
        parts.append(payment)
    return "\n".join(parts)


# ---------------------------------------------------------------- answers to shops

UNKNOWN_NUMBER = ("Kiepe: Diese Nummer gehört zu keinem Geschäft bei Kiepe. "
                  "Bitte antworten Sie von der Telefonnummer Ihres Geschäfts.")
NOT_UNDERSTOOD = ("Kiepe: Das habe ich nicht verstanden. Bitte antworten Sie mit JA oder NEIN und dem Code "
                  "aus unserer SMS, zum Beispiel JA K7M3PX.")
NO_SUCH_ORDER = "Kiepe: Den Code {code} kenne ich für Ihr Geschäft nicht. Bitte prüfen Sie den Code in unserer SMS."
TOO_MANY_WRONG = "Kiepe: Zu viele falsche Codes. Bitte versuchen Sie es später noch einmal."
CONFIRMED = "Kiepe: Danke! Bestellung {code} ist bestätigt."
PARTLY_CONFIRMED = "Kiepe: Danke! Bestellung {code} ist bestätigt, ohne: {names}."
REJECTED = "Kiepe: Bestellung {code} ist abgelehnt. Wir informieren die Kundschaft."
ALREADY = "Kiepe: Bestellung {code} ist schon {status}. Es hat sich nichts geändert."
TRY_AGAIN = "Kiepe: Das hat gerade nicht geklappt. Bitte schicken Sie Ihre Antwort in ein paar Minuten noch einmal."
STATUS_WORDS = {
    "confirmed": "bestätigt",
    "partly_confirmed": "bestätigt",
    "rejected": "abgelehnt",
    "ready": "fertig gepackt",
    "with_courier": "beim Kurier",
    "at_station": "an der Abholstation",
    "delivered": "zugestellt",
    "collected": "abgeholt",
    "cancelled": "storniert",
}


def shop_cancelled(sub: SubOrder) -> str:
    return f"Kiepe: Bestellung {sub.order.reference} (Code {sub.answer_code}) wurde storniert. Bitte nicht packen."


def shop_reminder(sub: SubOrder, minutes: int) -> str:
    return (f"Kiepe: Erinnerung: Bestellung {sub.order.reference} (Code {sub.answer_code}) wartet seit {minutes} "
            f"Minuten auf Ihre Antwort. " + ANSWER_HELP.format(code=sub.answer_code))


def admin_escalation(sub: SubOrder, minutes: int) -> str:
    """The region admin hears of a shop that leaves an order unanswered, to phone it."""
    phone = f" (Tel. {sub.shop.phone})" if sub.shop.phone else ""
    return (f"Kiepe: {sub.shop.name}{phone} hat Bestellung {sub.order.reference} seit {minutes} Minuten "
            f"nicht beantwortet. Bitte rufen Sie dort an.")


def resident_news(event: str, sub: SubOrder, hotline: str | None) -> str | None:
    """What a phone resident (without Telegram) reads when a shop cannot supply all of it."""
    reference, shop = sub.order.reference, sub.shop.name
    if event == "line_weighed":
        return f"Kiepe: {weighing.final_amount_text(sub.order)}"
    if event == "rejected":
        text = f"Kiepe: {shop} kann Ihre Bestellung {reference} leider nicht liefern."
    elif event == "partly_confirmed":
        missing = ", ".join(l.name for l in sub.lines if l.rejected)
        text = (f"Kiepe: {shop} kann leider nicht alles liefern. Es fehlt: {missing}. "
                f"Den Rest Ihrer Bestellung {reference} bekommen Sie wie geplant.")
    else:
        return None
    return text + (f" Fragen? Rufen Sie uns an: {hotline}." if hotline else "")
