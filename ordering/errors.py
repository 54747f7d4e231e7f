"""The domain's exception tree. Every use case raises one of these for bad input.

The API maps them to HTTP statuses (NotFound 404, Invalid 422, Conflict 409,
Forbidden 403); the dialogue turns ``resident_message`` into a kind German sentence.

    OrderingError
    ├── NotFound         something named does not exist (or is not yours to see)
    ├── Invalid          the request itself is wrong (a quantity of 1.5 pieces)
    ├── Conflict         the request is fine but the state forbids it now
    │   ├── SlotUnavailable   full, past its cutoff, or expired hold
    │   └── InvalidTransition a sub-order status change that is not allowed
    └── Forbidden        an actor acting on what is not theirs

    ConfigurationError   the installation's settings are missing or unsafe (an operator's
                         error, never a resident's: no HTTP status, Kiepe or the feature
                         does not start)
"""

from __future__ import annotations


class OrderingError(Exception):
    """Base of all domain errors; ``message`` is precise (English) for shops and developers."""

    status = 400

    def __init__(self, message: str, *, resident_message: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # What a resident reads or hears: German, short, kind.
        self.resident_message = resident_message or "Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal."


class NotFound(OrderingError):
    status = 404


class Invalid(OrderingError):
    status = 422


class Conflict(OrderingError):
    status = 409


class SlotUnavailable(Conflict):
    pass


class InvalidTransition(Conflict):
    pass


class Forbidden(OrderingError):
    status = 403


class ConfigurationError(Exception):
    """The settings are unsafe, inconsistent or missing for a feature; it does not start with them."""
