"""What Kiepe's NLU hands to the dialogue: plain frozen dataclasses, no Rasa or HTTP types.

`NluResult.available` is False when the NLU service could not be asked (down, slow, broken
answer, circuit open); the dialogue then falls back to buttons / DTMF menus.  The intent is
the name of an `nlu.intents.Intent` (a `StrEnum`, so the two compare equal); besides the
domain's own it may be:

* ``Intent.NOT_UNDERSTOOD`` -- the text was understood as nothing (Rasa's low-confidence
  fallback, an empty text, or an answer that made no sense);
* ``Intent.NLU_UNAVAILABLE`` -- the service could not be reached in time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from nlu.intents import Intent

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
    intent: str  # the name Rasa answered with: an `Intent`'s value (equal to it), or one of ours
    confidence: float = 0.0
    entities: tuple[Entity, ...] = ()
    available: bool = True
    ranking: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    @property
    def understood(self) -> bool:
        return self.available and self.intent not in (Intent.NOT_UNDERSTOOD, Intent.NLU_UNAVAILABLE)

    def values(self, entity: str) -> list[str]:
        """Values of all entities of one type, in the order spoken."""
        return [e.value for e in sorted(self.entities, key=lambda e: e.start) if e.entity == entity]

    def first(self, entity: str) -> str | None:
        vals = self.values(entity)
        return vals[0] if vals else None

    def item_groups(self) -> list[dict[str, str | None]]:
        """One dict {product, quantity, unit, shop} per cart item, in the order spoken.

        Items are the Rasa entity groups when those are consistent (each group one unbroken
        run of entities with at most one of each field, and with several items each has its
        product).  Otherwise -- the model left entities without a group, interleaved groups or
        split an item in two -- items are rebuilt by position, which is how
        German orders are said: quantity and unit join the next product, a shop joins the
        product it follows ("zwei liter milch vom hof schulze").  A shop said once for several
        items ("vom metzger hätte ich ...", "beides vom hof schulze") carries no group and
        fills every item without a shop of its own.  Items without a product (e.g. "mach drei
        draus") are kept: the dialogue resolves them against the cart.
        """
        ents = sorted((e for e in self.entities if e.entity in ITEM_FIELDS),
                      key=lambda e: (e.start, e.end))
        grouped = [e for e in ents if e.group is not None]
        items: list[Item]
        shared: list[str]
        items, shared = [], []
        if grouped and _groups_consistent(grouped) and all(
                e.group is not None or e.entity == "shop" for e in ents):
            items, shared = _by_group(ents)
        if not items or (len(items) > 1 and any(it["product"] is None for it in items)):
            # no usable groups, or a group split off its product ("sechs" | "brötchen")
            items, shared = _by_position(ents)
        if len(shared) == 1:
            if not items:
                items.append(dict.fromkeys(ITEM_FIELDS))
            for it in items:
                if it["shop"] is None:
                    it["shop"] = shared[0]
        return items


Item = dict[str, "str | None"]


def _groups_consistent(ents: list[Entity]) -> bool:
    seen: set[str] = set()
    fields: set[str] = set()
    current: str | None = None
    for e in ents:
        if e.group != current:
            if e.group in seen:
                return False  # the group was interrupted by another one
            seen.add(e.group)  # type: ignore[arg-type]
            current, fields = e.group, set()
        if e.entity in fields:
            return False  # two products (or quantities ...) in one item
        fields.add(e.entity)
    return True


def _by_group(ents: list[Entity]) -> tuple[list[Item], list[str]]:
    items: dict[str, Item] = {}
    shared: list[str] = []
    for e in ents:
        if e.group is None:
            shared.append(e.value)
        else:
            items.setdefault(e.group, dict.fromkeys(ITEM_FIELDS))[e.entity] = e.value
    return list(items.values()), shared


def _by_position(ents: list[Entity]) -> tuple[list[Item], list[str]]:
    items: list[Item] = []
    shared: list[str] = []
    pending: dict[str, str] = {}  # quantity/unit waiting for their product
    for e in ents:
        if e.entity in ("quantity", "unit"):
            if e.entity in pending:  # "zwei ... drei" without product in between
                items.append({**dict.fromkeys(ITEM_FIELDS), **pending})
                pending = {}
            pending[e.entity] = e.value
        elif e.entity == "product":
            last = items[-1] if items else None
            if last is not None and last["product"] is None and not pending:
                last["product"] = e.value  # "brötchen sechs stück" style leftovers
            else:
                items.append({**dict.fromkeys(ITEM_FIELDS), **pending, "product": e.value})
            pending = {}
        else:
            last = items[-1] if items else None
            if last is not None and last["shop"] is None and not pending:
                last["shop"] = e.value
            else:
                shared.append(e.value)
    if pending:
        last = items[-1] if items else None
        if last is not None and all(last[k] is None for k in pending):
            last.update(pending)  # postposed: "milch zwei liter"
        else:
            items.append({**dict.fromkeys(ITEM_FIELDS), **pending})
    return items, shared


@runtime_checkable
class NluPort(Protocol):
    """What the dialogue needs from an NLU: never raises, always returns a result."""

    async def parse(self, text: str) -> NluResult: ...
