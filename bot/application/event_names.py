"""The names of the order events (``OrderEvent.event``), as one type.

The domain writes them as plain strings (``ordering`` knows nothing of bot); the handler table
(``bot.composition.event_handlers``) and the Telegram pushes (``SUBSCRIPTIONS``) name them with
``EventName``, so a misspelt name is a mypy error instead of a handler that silently never runs.
A member's value is exactly the string stored in ``order_events``: never change one, rows already
written carry it (``tests/test_event_names.py`` checks that every name written is listed).
"""

from __future__ import annotations

from enum import StrEnum


class EventName(StrEnum):
    # A sub-order's status changes (ordering.orders; the values of ordering.models.SubOrderStatus).
    placed = "placed"
    confirmed = "confirmed"
    partly_confirmed = "partly_confirmed"
    rejected = "rejected"
    ready = "ready"
    with_courier = "with_courier"
    at_station = "at_station"
    delivered = "delivered"
    collected = "collected"
    cancelled = "cancelled"
    # The lines: rejected, weighed, ID-checked; empties taken back and the handover noted at the door.
    line_rejected = "line_rejected"
    line_weighed = "line_weighed"
    age_checked = "age_checked"
    age_check_failed = "age_check_failed"
    empties_returned = "empties_returned"
    handover_noted = "handover_noted"
    # Substitutes (issue 17): the resident's wish, the shop's offer, the answer.
    substitute_preference = "substitute_preference"
    substitute_proposed = "substitute_proposed"
    substitute_accepted = "substitute_accepted"
    substitute_declined = "substitute_declined"
    # Written by bot.application: the reminder job, and a delivery parked as failed.
    shop_reminded = "shop_reminded"
    shop_escalated = "shop_escalated"
    delivery_parked = "delivery_parked"
