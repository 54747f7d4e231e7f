"""What the Telegram channel writes to shops and pushes to residents (German, no Telegram types).

Shops are addressed plainly ("Neue Bestellung …"), residents with "Sie". Money as "12,90 €",
windows as "Samstag, 28. November, 9–13 Uhr" in the region's time zone.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.buttons import SubstituteAnswerButton
from nlu.resolution.quantity import format_quantity
from ordering import deposits, orders, weighing
from ordering.age_checks import sub_order_min_age
from ordering.models import Order, OrderLine, Region, SubOrder
from ordering.money import format_euro
from ordering.substitutes import ACCEPTED, SubstituteOffer
from ordering.windows import format_window

SHOP_STATUS = {
    "placed": "⏳ Wartet auf Ihre Antwort",
    "confirmed": "✅ Angenommen",
    "partly_confirmed": "✅ Angenommen (ohne abgelehnte Artikel)",
    "rejected": "❌ Abgelehnt",
    "ready": "📦 Fertig gepackt",
    "with_courier": "🚚 Beim Kurier",
    "at_station": "🏪 An der Abholstation",
    "delivered": "✔️ Zugestellt",
    "collected": "✔️ Abgeholt",
    "cancelled": "🚫 Storniert",
}


def window_of(session: Session, order: Order) -> str:
    """"Samstag, 28. November, 9–13 Uhr" in the region's time zone."""
    tz = ZoneInfo(session.get_one(Region, order.region_id).timezone)
    return format_window(order.slot.start.astimezone(tz), order.slot.end.astimezone(tz))


def line_text(line: OrderLine) -> str:
    """"2 Flaschen Frischmilch (1 l) – 2,58 €", "1,5 Kilo Kartoffeln – 2,70 €"."""
    if line.voucher_cents is not None:
        return f"{line.name} – {format_euro(line.voucher_cents)}"
    if line.is_deposit:
        return f"{deposits.describe(line)} – {format_euro(line.total_cents)}"
    amount = format_quantity(line.quantity, line) if line.quantity is not None else ""
    if weighing.is_weighed(line):  # "etwa 300 Gramm" until weighed, then what the scale said
        amount = (f"⚖️ {format_quantity(line.weighed_quantity, line)}" if line.weighed_quantity is not None
                  else f"etwa {amount}")
    amount = f"{amount} ×" if amount.isdigit() or amount.replace(",", "").isdigit() else amount
    size = f" ({line.size})" if line.size else ""
    return f"{amount} {line.name}{size} – {format_euro(line.total_cents)}"


def fulfilment_text(session: Session, order: Order) -> str:
    when = window_of(session, order)
    if order.fulfilment == "delivery":
        where = f" nach {order.municipality.name}" if order.municipality else ""
        return f"🚚 Lieferung{where}: {when}"
    station = order.station.name if order.station else "Abholstation"
    return f"🏪 Abholung an „{station}“: {when}"


def shop_order_text(session: Session, sub: SubOrder, *, note: str | None = None) -> str:
    """The shop's card for one sub-order: reference, window, items, total and status."""
    order = sub.order
    lines = []
    for line in sub.lines:
        text = line_text(line)
        lines.append(f"• <s>{_esc(text)}</s> (abgelehnt)" if line.rejected else f"• {_esc(text)}")
    parts = [
        f"<b>Bestellung {order.reference}</b>",
        _esc(fulfilment_text(session, order)),
        "",
        *lines,
        "",
        f"Summe: {format_euro(orders.confirmed_cents(sub))}",
        f"Status: {SHOP_STATUS.get(sub.status, sub.status)}",
    ]
    if age := sub_order_min_age(sub):
        parts.append(f"🪪 Ab {age} Jahren: Ausweis prüfen bei der Übergabe.")
    if note:
        parts.append(_esc(note))
    return "\n".join(parts)


def _esc(text: str) -> str:
    # The card uses HTML for bold and strike-through; names may contain "&" ("Obst & Gemüse").
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def refund_cents(order: Order, sub: SubOrder) -> int:
    """What the resident gets back (or pays less) because of this shop's rejected items.

    When nobody supplies anything any more the delivery fee comes back too.
    """
    cents = sum(line.total_cents for line in sub.lines if line.rejected)
    if order.status == "cancelled":
        cents += order.delivery_fee_cents
    return cents


def _money_back(order: Order, cents: int) -> str:
    if cents <= 0:
        return ""
    if order.payment_method == "online":
        return f" {format_euro(cents)} erstatten wir Ihnen."
    return f" Sie zahlen {format_euro(cents)} weniger."


def resident_news(session: Session, event: str, sub: SubOrder) -> str | None:
    """The push for a resident when a shop decided or the order moved on; None for no push."""
    order, shop = sub.order, sub.shop.name
    reference = order.reference
    if event == "confirmed":
        return f"✅ {shop} hat Ihre Bestellung {reference} angenommen."
    if event == "partly_confirmed":
        missing = ", ".join(line.name for line in sub.lines if line.rejected)
        return (f"✅ {shop} hat Ihre Bestellung {reference} angenommen, hat aber leider nicht: {missing}."
                + _money_back(order, refund_cents(order, sub)))
    if event == "rejected":
        return (f"❌ {shop} kann Ihre Bestellung {reference} leider nicht liefern."
                + _money_back(order, refund_cents(order, sub)))
    if event == "ready":
        return f"📦 {shop} hat Ihre Bestellung {reference} fertig gepackt."
    if event == "line_weighed":  # sent only for the weight that made the order's amount final
        return f"⚖️ {weighing.final_amount_text(order)}"
    if event == "with_courier":
        return f"🚚 Ihre Bestellung von {shop} ist unterwegs zu Ihnen: {window_of(session, order)}."
    if event == "at_station":
        station = f"der Station „{order.station.name}“" if order.station else "der Abholstation"
        return f"🏪 Ihre Bestellung von {shop} liegt an {station} bereit. Abholung: {window_of(session, order)}."
    return None


def reminder_text(sub: SubOrder, minutes: int) -> str:
    return (f"⏰ Bestellung {sub.order.reference} wartet seit {minutes} Minuten auf Ihre Antwort. "
            "Bitte annehmen oder Artikel ablehnen.")


def escalation_text(session: Session, sub: SubOrder, minutes: int) -> str:
    order = sub.order
    phone = f", Tel. {sub.shop.phone}" if sub.shop.phone else ""
    linked = "" if sub.shop.telegram_chat_id else " (kein Telegram verknüpft)"
    return (f"⚠️ {sub.shop.name}{phone}{linked} hat Bestellung {order.reference} seit {minutes} Minuten "
            f"nicht beantwortet. {fulfilment_text(session, order)}, {format_euro(sub.subtotal_cents)}.")


# ---------------------------------------------------------------- substitutes (issue 17)

def substitute_question(offer: SubstituteOffer, deadline: str) -> tuple[str, InlineKeyboardMarkup]:
    saving = offer.ordered_cents - offer.offered_cents
    price = f"Sie zahlen {format_euro(saving)} weniger" if saving > 0 else "zum gleichen Preis"
    text = (f"🔁 {offer.sub_order.shop.name} hat {offer.ordered_name} leider nicht. Statt dessen: "
            f"{offer.product.name}, {format_euro(offer.offered_cents)} ({price}). Ist Ihnen das recht? "
            f"Bitte antworten Sie bis {deadline}.")
    yes, no = SubstituteAnswerButton(offer.id, accepted=True), SubstituteAnswerButton(offer.id, accepted=False)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("✅ Ja, gern", callback_data=str(yes)),
                                    InlineKeyboardButton("❌ Nein, danke", callback_data=str(no))]])
    return text, markup


def substitute_outcome(offer: SubstituteOffer) -> str:
    online = offer.sub_order.order.payment_method == "online"
    back = offer.money_back_cents
    if offer.status == ACCEPTED:
        text = f"✅ Sie bekommen {offer.product.name} statt {offer.ordered_name}."
    else:
        text = f"👍 Sie bekommen keinen Ersatz für {offer.ordered_name}."
    if back > 0:
        text += f" {format_euro(back)} " + ("erstatten wir Ihnen." if online else "zahlen Sie weniger.")
    return text
