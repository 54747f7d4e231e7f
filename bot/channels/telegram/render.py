"""Dialogue replies and shop cards as Telegram messages with inline keyboards.

A ``Choice`` becomes a button whose ``callback_data`` is ``Choice.value`` (Telegram allows
1–64 bytes); a ``Reply.link`` becomes a URL button. Shop buttons carry short prefixed
values ("so:a:17") that the residents' dialogue never produces, so one callback handler
can tell them apart by pattern.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.application.turns import Choice, Reply
from bot.channels.telegram.buttons import OrderButton, ProposalButton, SubstituteButton
from ordering import weighing
from ordering.models import Product, SubOrder

log = logging.getLogger(__name__)

MAX_CALLBACK_BYTES = 64
SHORT_LABEL = 18  # two buttons fit side by side on a phone up to about this length
LINK_LABEL = "💳 Jetzt bezahlen"

# The shop side's callback data: typed in bot.channels.telegram.buttons.


def fits(value: str) -> bool:
    return 1 <= len(value.encode("utf-8")) <= MAX_CALLBACK_BYTES


def _button(choice: Choice) -> InlineKeyboardButton | None:
    if not fits(choice.value):
        # Telegram would refuse the whole message; better one button less than no answer.
        log.error("choice value longer than %s bytes dropped: %r", MAX_CALLBACK_BYTES, choice.value)
        return None
    return InlineKeyboardButton(choice.label, callback_data=choice.value)


def choice_rows(choices: Sequence[Choice]) -> list[list[InlineKeyboardButton]]:
    """Short labels two to a row ("Ja" "Nein", "+" "−"), long ones (windows, products) one per row."""
    buttons = [b for b in (_button(c) for c in choices) if b is not None]
    if buttons and all(len(b.text) <= SHORT_LABEL for b in buttons):
        return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return [[b] for b in buttons]


def is_web_link(url: str) -> bool:
    # Telegram accepts URL buttons for public http(s) addresses only.
    return url.startswith(("https://", "http://")) and "://localhost" not in url and "://127." not in url


def reply_markup(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = choice_rows(reply.choices)
    if reply.link and is_web_link(reply.link):
        rows.insert(0, [InlineKeyboardButton(LINK_LABEL, url=reply.link)])
    return InlineKeyboardMarkup(rows) if rows else None


def reply_text(reply: Reply) -> str:
    """The text; a link Telegram cannot show as a button is written out instead."""
    if reply.link and not is_web_link(reply.link):
        return f"{reply.text}\n{reply.link}"
    return reply.text


def label_of(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The label of the button with this callback data in a message's keyboard."""
    for row in (markup.inline_keyboard if markup else ()):
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


# ---------------------------------------------------------------- shops


def shop_order_keyboard(sub: SubOrder) -> InlineKeyboardMarkup | None:
    """Annehmen / Artikel ablehnen / Fertig while open; only Fertig once accepted; none when done."""
    if sub.status == "placed":
        return InlineKeyboardMarkup([
            [InlineKeyboardButton("✅ Annehmen", callback_data=str(OrderButton("a", sub.id))),
             InlineKeyboardButton("✖️ Artikel ablehnen", callback_data=str(OrderButton("r", sub.id)))],
            *weigh_rows(sub),
            [InlineKeyboardButton("📦 Fertig", callback_data=str(OrderButton("f", sub.id)))],
        ])
    if sub.status in ("confirmed", "partly_confirmed"):
        return InlineKeyboardMarkup([*weigh_rows(sub),
                                     [InlineKeyboardButton("📦 Fertig", callback_data=str(OrderButton("f", sub.id)))]])
    return None


def weigh_rows(sub: SubOrder) -> list[list[InlineKeyboardButton]]:
    """One "⚖️ Rinderhack wiegen" per weighed item still offered (weighed ones may be corrected)."""
    rows = []
    for line in weighing.weighed_lines(sub.lines):
        if line.rejected:
            continue
        label = f"⚖️ {line.name} wiegen" if line.weighed_quantity is None else f"⚖️ {line.name} neu wiegen"
        rows.append([InlineKeyboardButton(label[:60], callback_data=str(OrderButton("w", sub.id, line.id)))])
    return rows


def shop_lines_keyboard(sub: SubOrder, offered: frozenset[int] = frozenset()) -> InlineKeyboardMarkup:
    """Per item still offered a button that rejects it and one that offers a substitute (issue 17;
    not twice: ``offered`` lines), then "Alles ablehnen" and "Zurück"."""
    rows = [[InlineKeyboardButton(f"✖️ {line.name}"[:60], callback_data=str(OrderButton("x", sub.id, line.id)))]
            + ([] if line.id in offered else
               [InlineKeyboardButton("🔁 Ersatz", callback_data=str(OrderButton("e", sub.id, line.id)))])
            for line in sub.lines if not line.rejected and not line.is_deposit]  # the Pfand goes with its goods
    rows.append([InlineKeyboardButton("❌ Alles ablehnen", callback_data=str(OrderButton("n", sub.id))),
                 InlineKeyboardButton("↩️ Zurück", callback_data=str(OrderButton("b", sub.id)))])
    return InlineKeyboardMarkup(rows)


def substitutes_keyboard(sub: SubOrder, line_id: int, products: list[Product]) -> InlineKeyboardMarkup:
    """The shop's goods it may offer instead of one line (at most five), then "Zurück"."""
    rows = [[InlineKeyboardButton(f"🔁 {p.name}"[:60], callback_data=str(SubstituteButton(sub.id, line_id, p.id)))]
            for p in products[:5]]
    rows.append([InlineKeyboardButton("↩️ Zurück", callback_data=str(OrderButton("r", sub.id)))])
    return InlineKeyboardMarkup(rows)


def proposal_keyboard(key: str, vat: int) -> InlineKeyboardMarkup:
    other = 7 if vat == 19 else 19
    return InlineKeyboardMarkup([
        [InlineKeyboardButton("✅ So einstellen", callback_data=str(ProposalButton("ok", key)))],
        [InlineKeyboardButton(f"MwSt. {other} %", callback_data=str(ProposalButton("vat", key))),
         InlineKeyboardButton("✖️ Verwerfen", callback_data=str(ProposalButton("no", key)))],
    ])
