"""What Kiepe's NLU hands to the dialogue: plain frozen dataclasses, no Rasa or HTTP types.

`NluResult.available` is False when the NLU service could not be asked (down, slow, broken
answer, circuit open); the dialogue then falls back to buttons / DTMF menus.  Intents besides
the domain's own (see `INTENTS`) are:

* ``not_understood`` -- the text was understood as nothing (Rasa's low-confidence fallback, an
  empty text, or an answer that made no sense);
* ``nlu_unavailable`` -- the service could not be reached in time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

NOT_UNDERSTOOD = "not_understood"
NLU_UNAVAILABLE = "nlu_unavailable"

# Intents of nlu/rasa_project/domain.yml (kept in sync by tests/nlu/test_client.py).
INTENTS: tuple[str, ...] = (
    "greet", "add_items", "change_item", "remove_item", "show_cart", "ask_product", "ask_shop",
    "choose_delivery", "choose_pickup", "choose_day", "checkout", "affirm", "deny", "cancel",
    "order_status", "reorder", "voucher", "book_service", "repeat", "human_handoff", "help",
    "out_of_scope", "goodbye", "thanks",
)
ENTITY_TYPES: tuple[str, ...] = (
    "product", "quantity", "unit", "shop", "day", "daypart", "time", "amount", "station",
)
ITEM_FIELDS: tuple[str, ...] = ("product", "quantity", "unit", "shop")


@dataclass(frozen=True)
class Entity:
    """One extracted entity.

    `value` is what Rasa returns: the words as spoken ("zwei", "ein halbes", "kilo",
    "samstag", "hof schulze"); the project defines no synonyms, so nlu/resolution parses the
    raw German.  `text` is the span of `NluResult.text` (the same words).
    """

    entity: str
    value: str
    start: int
    end: int
    group: str | None = None
    role: str | None = None
    confidence: float | None = None
    text: str = ""


@dataclass(frozen=True)
class NluResult:
    text: str
    intent: str
    confidence: float = 0.0
    entities: tuple[Entity, ...] = ()
    available: bool = True
    ranking: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    @property
    def understood(self) -> bool:
        return self.available and self.intent not in (NOT_UNDERSTOOD, NLU_UNAVAILABLE)

    def values(self, entity: str) -> list[str]:
        """Values of all entities of one type, in the order spoken."""
        return [e.value for e in sorted(self.entities, key=lambda e: e.start) if e.entity == entity]

    def first(self, entity: str) -> str | None:
        vals = self.values(entity)
        return vals[0] if vals else None

    def item_groups(self) -> list[dict[str, str | None]]:
        """One dict {product, quantity, unit, shop} per cart item, in the order spoken.

        Items are Rasa entity groups.  Entities the model left without a group are placed by
        position: a quantity or unit joins the next product, a product without one opens a
        new item, and a shop joins the item it follows.  A shop said once for several items
        ("beides vom hof schulze", "vom metzger hätte ich ...") fills every item that has no
        shop of its own.  Groups without a product (e.g. "mach drei draus") are kept: the
        dialogue resolves them against the cart.
        """
        ents = sorted((e for e in self.entities if e.entity in ITEM_FIELDS),
                      key=lambda e: (e.start, e.end))
        if not ents:
            return []
        items: list[dict[str, str | None]] = []
        by_group: dict[str, dict[str, str | None]] = {}
        shared_shops: list[str] = []
        pending: dict[str, str] = {}  # ungrouped quantity/unit waiting for its product
        last: dict[str, str | None] | None = None

        def new_item() -> dict[str, str | None]:
            it: dict[str, str | None] = dict.fromkeys(ITEM_FIELDS)
            items.append(it)
            return it

        for e in ents:
            if e.group:
                it = by_group.get(e.group)
                if it is None:
                    it = by_group[e.group] = new_item()
                if it.get(e.entity) is None:
                    it[e.entity] = e.value
                last = it
                continue
            if e.entity in ("quantity", "unit"):
                pending[e.entity] = e.value
            elif e.entity == "product":
                it = new_item()
                it["product"] = e.value
                it.update(pending)
                pending.clear()
                last = it
            else:  # an ungrouped shop is said for the whole order
                shared_shops.append(e.value)
        if pending:
            if last is not None and all(last[k] is None for k in pending):
                last.update(pending)
            else:
                new_item().update(pending)
        if len(shared_shops) == 1:
            if not items:
                new_item()
            for it in items:
                if it["shop"] is None:
                    it["shop"] = shared_shops[0]
        return items


@runtime_checkable
class NluPort(Protocol):
    """What the dialogue needs from an NLU: never raises, always returns a result."""

    async def parse(self, text: str) -> NluResult: ...
