"""Shops without Telegram send what they weighed by SMS: "GEWICHT K7M3PX 0,312".

The code is the sub-order's answer code (as for "JA K7M3PX"), the weight is in kg (or l), or
"312 g". When a part has several weighed items, the order SMS numbers them ("1 = Rinderhack,
2 = Bratwurst") and the shop names one before the weight: "GEWICHT K7M3PX 2 0,450". The same
checks as the answers apply: the shop's own number, a code of that shop, wrong codes counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.application.error_wording import shop_text
from ordering import weighing
from ordering.errors import Invalid, OrderingError
from ordering.models import ANSWER_CODE_LENGTH, Shop, SubOrder
from ordering.money import format_euro

_COMMAND = re.compile(
    rf"^\s*gewicht\b[\s,.:;#-]*(?P<code>[A-Za-z0-9]{{{ANSWER_CODE_LENGTH}}})\b[\s,.:;#-]*"
    r"(?:(?P<position>\d{1,2})\s+)?(?P<weight>\S.*?)\s*$",
    re.IGNORECASE | re.DOTALL,
)
EXAMPLE = "GEWICHT {code} 0,312"
HELP = ("Kiepe: Bitte schicken Sie das Gewicht so: GEWICHT, den Code aus unserer SMS und das Gewicht in kg, "
        "zum Beispiel GEWICHT K7M3PX 0,312. Bei mehreren Artikeln zum Abwiegen die Nummer davor: "
        "GEWICHT K7M3PX 2 0,312.")
NO_SUCH_ORDER = "Kiepe: Den Code {code} kenne ich für Ihr Geschäft nicht. Bitte prüfen Sie den Code in unserer SMS."
WEIGHED = "Kiepe: Danke! {name} bei Bestellung {code}: {amount}, {price}. Neue Summe {total}."
REFUSED = "Kiepe: {name}: {reason} Es wurde nichts geändert."


@dataclass(frozen=True)
class WeightCommand:
    code: str  # upper case
    position: int | None
    weight: str  # as sent; parsed by ordering.weighing.parse_weight


def parse(body: str | None) -> WeightCommand | None:
    """A "GEWICHT …" message, or None when the message is something else."""
    match = _COMMAND.match(body or "")
    if match is None:
        if re.match(r"^\s*gewicht\b", body or "", re.IGNORECASE):
            return WeightCommand("", None, "")  # the word without a usable code: help
        return None
    position = int(match["position"]) if match["position"] else None
    weight = match["weight"]
    if position is not None:
        try:
            weighing.parse_weight(weight)
        except Invalid:  # "GEWICHT K7M3PX 1 kg" is one kilo, not item 1
            position, weight = None, f"{match['position']} {weight}"
    return WeightCommand(match["code"].upper(), position, weight)


def shop_lines_help(sub: SubOrder) -> str:
    """For the shop's order SMS: what to weigh and how to send it ("" without weighed goods)."""
    lines = [line for line in weighing.weighed_lines(sub.lines) if not line.rejected]
    if not lines:
        return ""
    code = sub.answer_code
    if len(lines) == 1:
        return (f"Abzuwiegen: {lines[0].name}, höchstens {weighing.format_amount(weighing.max_quantity(lines[0]), lines[0].unit)}. "
                f"Gewicht bitte per SMS: {EXAMPLE.format(code=code)}\n")
    numbered = ", ".join(f"{i} = {line.name} (höchstens {weighing.format_amount(weighing.max_quantity(line), line.unit)})"
                         for i, line in enumerate(lines, 1))
    return f"Abzuwiegen: {numbered}. Gewicht bitte mit Nummer: GEWICHT {code} 1 0,312\n"


def apply(session: Session, shops: list[Shop], command: WeightCommand, now: datetime,
          wrong_code: Callable[[], None]) -> str:
    """Record the weight; the answer names the new price, or why nothing changed."""
    if not command.code:
        return HELP
    query = select(SubOrder).where(SubOrder.answer_code == command.code, SubOrder.shop_id.in_([s.id for s in shops]))
    sub = session.scalar(query.with_for_update())
    if sub is None:
        wrong_code()
        return NO_SUCH_ORDER.format(code=command.code)
    shop = next(s for s in shops if s.id == sub.shop_id)
    name = "Gewicht"
    try:
        line = weighing.weighed_line(sub, command.position)
        name = line.name
        quantity: Decimal = weighing.parse_weight(command.weight)
        weighing.record_weight(session, sub, line.id, quantity, actor=f"shop:{shop.slug}", now=now)
    except OrderingError as exc:
        return REFUSED.format(name=name, reason=shop_text(exc))
    return WEIGHED.format(name=line.name, code=sub.answer_code, amount=weighing.format_amount(quantity, line.unit),
                          price=format_euro(line.total_cents), total=format_euro(sub.subtotal_cents))
