"""Every order event's details as a type: ``DETAILS`` says which, ``parse_details`` reads them.

The domain's shapes are ``ordering.event_details``'s; the two the application writes itself are
here: ``ShopUnanswered`` (the reminder job's "shop_reminded" and "shop_escalated") and
``DeliveryParked`` (the outbox's "delivery_parked"). Handlers get the typed details from
``EventView.details`` (or ``details_of(Shape)``) and never read the stored JSON by key.
``tests/test_event_details.py`` checks that every ``EventName`` has a shape here and that each
shape reads the JSON written before the types existed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.application.event_names import EventName
from ordering.errors import EventDetailsUnreadable
from ordering.event_details import (
    AgeChecked,
    AgeCheckFailed,
    DetailsReader,
    EmptiesReturned,
    HandoverNoted,
    Json,
    LineRejected,
    LineWeighed,
    Placed,
    StatusChanged,
    SubstituteDecided,
    SubstitutePreference,
    SubstituteProposed,
)


@dataclass(frozen=True)
class ShopUnanswered:
    """A shop has left its part unanswered for ``minutes`` since the order (bot.application.reminders)."""

    minutes: int

    def to_json(self) -> Json:
        return {"minutes": self.minutes}

    @classmethod
    def from_json(cls, raw: object) -> ShopUnanswered:
        return cls(minutes=DetailsReader("shop reminder", raw).whole("minutes"))


@dataclass(frozen=True)
class DeliveryParked:
    """A delivery given up after its last attempt (bot.application.events): which, of what, to whom."""

    delivery_id: int
    event_id: int
    event: str  # the name of the event that was not delivered, as stored
    subscriber: str
    attempts: int
    error: str

    def to_json(self) -> Json:
        return {"delivery_id": self.delivery_id, "event_id": self.event_id, "event": self.event,
                "subscriber": self.subscriber, "attempts": self.attempts, "error": self.error}

    @classmethod
    def from_json(cls, raw: object) -> DeliveryParked:
        r = DetailsReader("delivery_parked", raw)
        return cls(delivery_id=r.whole("delivery_id"), event_id=r.whole("event_id"), event=r.text("event"),
                   subscriber=r.text("subscriber"), attempts=r.whole("attempts"), error=r.text("error"))


EventDetails = (Placed | StatusChanged | LineRejected | LineWeighed | AgeChecked | AgeCheckFailed | EmptiesReturned
                | HandoverNoted | SubstitutePreference | SubstituteProposed | SubstituteDecided | ShopUnanswered
                | DeliveryParked)

# Which shape each event's details have: the one table.
DETAILS: Mapping[EventName, type[EventDetails]] = {
    EventName.placed: Placed,
    EventName.confirmed: StatusChanged,
    EventName.partly_confirmed: StatusChanged,
    EventName.rejected: StatusChanged,
    EventName.ready: StatusChanged,
    EventName.with_courier: StatusChanged,
    EventName.at_station: StatusChanged,
    EventName.delivered: StatusChanged,
    EventName.collected: StatusChanged,
    EventName.cancelled: StatusChanged,
    EventName.line_rejected: LineRejected,
    EventName.line_weighed: LineWeighed,
    EventName.age_checked: AgeChecked,
    EventName.age_check_failed: AgeCheckFailed,
    EventName.empties_returned: EmptiesReturned,
    EventName.handover_noted: HandoverNoted,
    EventName.substitute_preference: SubstitutePreference,
    EventName.substitute_proposed: SubstituteProposed,
    EventName.substitute_accepted: SubstituteDecided,
    EventName.substitute_declined: SubstituteDecided,
    EventName.shop_reminded: ShopUnanswered,
    EventName.shop_escalated: ShopUnanswered,
    EventName.delivery_parked: DeliveryParked,
}
_BY_STORED_NAME: dict[str, type[EventDetails]] = {name.value: shape for name, shape in DETAILS.items()}


def parse_details(event: str, raw: object) -> EventDetails:
    """The typed details of an event named ``event`` whose stored ``detail`` is ``raw``.

    Raises ``EventDetailsUnreadable`` (never a KeyError or TypeError) for a name that is no
    ``EventName`` or details of another shape; every row Kiepe has written reads.
    """
    shape = _BY_STORED_NAME.get(event)
    if shape is None:
        raise EventDetailsUnreadable(f"{event!r} is no EventName with details: they have no type", event=event)
    try:
        return shape.from_json(raw)
    except EventDetailsUnreadable as e:  # a shape shared by several events names the one at fault
        raise EventDetailsUnreadable(f"{event} details: {e}", event=event, key=e.key) from None
