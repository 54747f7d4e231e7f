"""What an order event says besides its name: the details the domain writes, as types.

``OrderEvent.detail`` is JSON. Each event the domain writes has a shape here, a frozen dataclass
with ``to_json()`` (what the writer stores) and ``from_json(raw)`` (what a reader gets back).
The JSON is exactly what was stored before these types existed, so old rows read as new ones do.
Reading never fails with a ``KeyError`` or a ``TypeError``: a row of another shape raises
``EventDetailsUnreadable`` naming the event and the key at fault.

Which event has which shape is ``bot.application.event_details.DETAILS`` (keyed by
``EventName``; the domain writes event names as plain strings and knows nothing of bot). The
details written by the application itself (reminders, a parked delivery) are shaped there too.

    shape                  events
    Placed                 placed
    StatusChanged          the sub-order statuses (ordering.models.SubOrderStatus), and
                           the order-level "cancelled" (no previous status)
    LineRejected           line_rejected
    LineWeighed            line_weighed
    AgeChecked             age_checked
    AgeCheckFailed         age_check_failed
    EmptiesReturned        empties_returned
    HandoverNoted          handover_noted
    SubstitutePreference   substitute_preference
    SubstituteProposed     substitute_proposed
    SubstituteDecided      substitute_accepted, substitute_declined
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ordering.errors import EventDetailsUnreadable
from ordering.models import SubOrderStatus

Json = dict[str, Any]


class DetailsReader:
    """Reads one stored ``detail``; every value of the wrong kind is an ``EventDetailsUnreadable``."""

    def __init__(self, shape: str, raw: object) -> None:
        if raw is None:
            raw = {}
        if not isinstance(raw, Mapping):
            raise EventDetailsUnreadable(f"{shape}: details are {type(raw).__name__}, not an object", event=shape)
        self.shape = shape
        self.raw: Mapping[str, object] = raw

    def _value(self, key: str, *, optional: bool = False) -> object:
        if key not in self.raw and not optional:
            raise EventDetailsUnreadable(f"{self.shape}: no {key!r} in {dict(self.raw)!r}", event=self.shape, key=key)
        return self.raw.get(key)

    def _wrong(self, key: str, value: object, wanted: str) -> EventDetailsUnreadable:
        return EventDetailsUnreadable(f"{self.shape}: {key!r} is {value!r}, not {wanted}", event=self.shape, key=key)

    def nullable_text(self, key: str) -> str | None:
        """``key`` present, its value a text or null."""
        self._value(key)
        return self.optional_text(key)

    def whole(self, key: str) -> int:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(key, value, "a whole number")
        return value

    def optional_whole(self, key: str) -> int | None:
        return None if self._value(key, optional=True) is None else self.whole(key)

    def text(self, key: str) -> str:
        value = self._value(key)
        if not isinstance(value, str):
            raise self._wrong(key, value, "a text")
        return value

    def optional_text(self, key: str) -> str | None:
        """``key`` missing or null: None."""
        return None if self._value(key, optional=True) is None else self.text(key)

    def flag(self, key: str) -> bool:
        value = self._value(key)
        if not isinstance(value, bool):
            raise self._wrong(key, value, "true or false")
        return value

    def quantity(self, key: str) -> Decimal | None:
        """A quantity stored as its text ("1.500"); null, or the text "None" older rows hold, is None."""
        value = self._value(key)
        if value is None or value == "None":
            return None
        if not isinstance(value, str):
            raise self._wrong(key, value, "a number as text")
        try:
            return Decimal(value)
        except InvalidOperation:
            raise self._wrong(key, value, "a number as text") from None

    def wholes(self, key: str) -> tuple[int, ...]:
        value = self._value(key)
        if not isinstance(value, list) or any(isinstance(v, bool) or not isinstance(v, int) for v in value):
            raise self._wrong(key, value, "a list of whole numbers")
        return tuple(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._value(key)
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            raise self._wrong(key, value, "a list of texts")
        return tuple(value)

    def counts(self, key: str) -> tuple[tuple[str, int], ...]:
        value = self._value(key)
        if not isinstance(value, Mapping) or any(isinstance(v, bool) or not isinstance(v, int)
                                                 for v in value.values()):
            raise self._wrong(key, value, "counts by name")
        return tuple((str(k), int(v)) for k, v in value.items())

    def status(self, key: str) -> SubOrderStatus | None:
        """A sub-order status by its stored value; missing or null: None."""
        value = self.optional_text(key)
        if value is None:
            return None
        try:
            return SubOrderStatus(value)
        except ValueError:
            raise self._wrong(key, value, "a sub-order status") from None


@dataclass(frozen=True)
class Placed:
    """The order was placed (ordering.checkout): its total and the window booked."""

    total_cents: int
    slot_id: int

    def to_json(self) -> Json:
        return {"total_cents": self.total_cents, "slot_id": self.slot_id}

    @classmethod
    def from_json(cls, raw: object) -> Placed:
        r = DetailsReader("placed", raw)
        return cls(total_cents=r.whole("total_cents"), slot_id=r.whole("slot_id"))


@dataclass(frozen=True)
class StatusChanged:
    """A sub-order's new status (the event's name) and the one before (stored as "from").

    The order-level "cancelled", written beside its sub-orders' own, has no previous status.
    A shop's decision says what it will supply (``confirmed_cents``, from ``confirm``) or why it
    supplies nothing (``reason``, from ``reject``).
    """

    previous: SubOrderStatus | None
    confirmed_cents: int | None = None
    reason: str | None = None

    def to_json(self) -> Json:
        out: Json = {}
        if self.previous is not None:
            out["from"] = self.previous.value
        if self.confirmed_cents is not None:
            out["confirmed_cents"] = self.confirmed_cents
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    @classmethod
    def from_json(cls, raw: object) -> StatusChanged:
        r = DetailsReader("status change", raw)
        return cls(previous=r.status("from"), confirmed_cents=r.optional_whole("confirmed_cents"),
                   reason=r.optional_text("reason"))


@dataclass(frozen=True)
class LineRejected:
    """A shop cannot supply one line (ordering.orders.reject_line)."""

    line_id: int
    name: str

    def to_json(self) -> Json:
        return {"line_id": self.line_id, "name": self.name}

    @classmethod
    def from_json(cls, raw: object) -> LineRejected:
        r = DetailsReader("line_rejected", raw)
        return cls(line_id=r.whole("line_id"), name=r.text("name"))


@dataclass(frozen=True)
class LineWeighed:
    """A shop weighed a line (ordering.weighing): the amounts, the price before and after, and
    whether every weighed line of the order is now final (``order_final``)."""

    line_id: int
    name: str
    ordered: Decimal | None
    weighed: Decimal | None
    unit: str | None
    from_cents: int
    to_cents: int
    order_total_cents: int
    order_final: bool

    def to_json(self) -> Json:
        return {"line_id": self.line_id, "name": self.name, "ordered": _text(self.ordered),
                "weighed": _text(self.weighed), "unit": self.unit, "from_cents": self.from_cents,
                "to_cents": self.to_cents, "order_total_cents": self.order_total_cents,
                "order_final": self.order_final}

    @classmethod
    def from_json(cls, raw: object) -> LineWeighed:
        r = DetailsReader("line_weighed", raw)
        return cls(line_id=r.whole("line_id"), name=r.text("name"), ordered=r.quantity("ordered"),
                   weighed=r.quantity("weighed"), unit=r.optional_text("unit"), from_cents=r.whole("from_cents"),
                   to_cents=r.whole("to_cents"), order_total_cents=r.whole("order_total_cents"),
                   order_final=r.flag("order_final"))


@dataclass(frozen=True)
class AgeChecked:
    """The ID was checked at hand-over (ordering.age_checks)."""

    passed: bool
    min_age: int | None

    def to_json(self) -> Json:
        return {"passed": self.passed, "min_age": self.min_age}

    @classmethod
    def from_json(cls, raw: object) -> AgeChecked:
        r = DetailsReader("age_checked", raw)
        return cls(passed=r.flag("passed"), min_age=r.optional_whole("min_age"))


@dataclass(frozen=True)
class AgeCheckFailed:
    """The age-restricted lines of one shop's part (with their Pfand) taken back at the door."""

    lines: tuple[int, ...]
    names: tuple[str, ...]
    cents: int

    def to_json(self) -> Json:
        return {"lines": list(self.lines), "names": list(self.names), "cents": self.cents}

    @classmethod
    def from_json(cls, raw: object) -> AgeCheckFailed:
        r = DetailsReader("age_check_failed", raw)
        return cls(lines=r.wholes("lines"), names=r.texts("names"), cents=r.whole("cents"))


@dataclass(frozen=True)
class EmptiesReturned:
    """Empties taken back (ordering.deposits): how many of each deposit type, and their worth."""

    empties: tuple[tuple[str, int], ...]  # (deposit type's key, count), as written
    returned_cents: int

    def to_json(self) -> Json:
        return {"empties": dict(self.empties), "returned_cents": self.returned_cents}

    @classmethod
    def from_json(cls, raw: object) -> EmptiesReturned:
        r = DetailsReader("empties_returned", raw)
        return cls(empties=r.counts("empties"), returned_cents=r.whole("returned_cents"))


@dataclass(frozen=True)
class HandoverNoted:
    """What the courier noted at the door besides the bags (ordering.orders.note_handover)."""

    empties: int
    id_checked: bool

    def to_json(self) -> Json:
        return {"empties": self.empties, "id_checked": self.id_checked}

    @classmethod
    def from_json(cls, raw: object) -> HandoverNoted:
        r = DetailsReader("handover_noted", raw)
        return cls(empties=r.whole("empties"), id_checked=r.flag("id_checked"))


@dataclass(frozen=True)
class SubstitutePreference:
    """The resident's word on substitutes at ordering: "accept", "decline", or None (ask)."""

    preference: str | None

    def to_json(self) -> Json:
        return {"preference": self.preference}

    @classmethod
    def from_json(cls, raw: object) -> SubstitutePreference:
        r = DetailsReader("substitute_preference", raw)
        return cls(preference=r.nullable_text("preference"))


@dataclass(frozen=True)
class SubstituteProposed:
    """A shop offers ``product`` instead of line ``line_id`` (ordering.substitutes.propose)."""

    offer_id: int
    line_id: int
    product: str
    offered_cents: int

    def to_json(self) -> Json:
        return {"offer_id": self.offer_id, "line_id": self.line_id, "product": self.product,
                "offered_cents": self.offered_cents}

    @classmethod
    def from_json(cls, raw: object) -> SubstituteProposed:
        r = DetailsReader("substitute_proposed", raw)
        return cls(offer_id=r.whole("offer_id"), line_id=r.whole("line_id"), product=r.text("product"),
                   offered_cents=r.whole("offered_cents"))


@dataclass(frozen=True)
class SubstituteDecided:
    """The answer to an offer (accepted or declined: the event's name), by whom, and what it saves."""

    offer_id: int
    savings_cents: int
    decided_by: str

    def to_json(self) -> Json:
        return {"offer_id": self.offer_id, "savings_cents": self.savings_cents, "decided_by": self.decided_by}

    @classmethod
    def from_json(cls, raw: object) -> SubstituteDecided:
        r = DetailsReader("substitute decision", raw)
        return cls(offer_id=r.whole("offer_id"), savings_cents=r.whole("savings_cents"), decided_by=r.text("decided_by"))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
