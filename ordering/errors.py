"""The domain's exception tree. Every use case raises one of these for bad input.

The edges decide what an error means to their callers: the API maps them to HTTP statuses
(``bot/api/errors.py``: NotFound 404, Invalid 422, Conflict 409, Forbidden 403, any other
400); the dialogue and the channels say ``resident_message``, a kind German sentence.

    OrderingError
    ├── NotFound         something named does not exist (or is not yours to see)
    ├── Invalid          the request itself is wrong (a quantity of 1.5 pieces)
    ├── Conflict         the request is fine but the state forbids it now
    │   ├── SlotUnavailable   full, past its cutoff, or expired hold
    │   └── InvalidTransition a sub-order status change that is not allowed
    ├── Forbidden        an actor acting on what is not theirs
    └── WebhookRejected  (ordering.payments.webhooks) a webhook that is not the provider's,
                         too old or of the wrong shape

    ExternalServiceError an outside service refused or failed a call; callers retry later
    ├── PaymentGatewayError (ordering.ports) the payment provider
    └── SmsError            (integrations.twilio_sms) the SMS provider

    ConfigurationError   the installation's settings are missing or unsafe (an operator's
                         error, never a resident's: no HTTP status, Kiepe or the feature
                         does not start)
"""

from __future__ import annotations


class OrderingError(Exception):
    """Base of all domain errors; ``message`` is precise (English) for shops and developers."""

    def __init__(self, message: str, *, resident_message: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # What a resident reads or hears: German, short, kind.
        self.resident_message = resident_message or "Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal."


class NotFound(OrderingError):
    pass


class Invalid(OrderingError):
    pass


class Conflict(OrderingError):
    pass


class SlotUnavailable(Conflict):
    pass


class InvalidTransition(Conflict):
    pass


class Forbidden(OrderingError):
    pass


class ExternalServiceError(Exception):
    """An outside service (payments, SMS, a chat platform) refused or failed a call."""


class ConfigurationError(Exception):
    """The settings are unsafe, inconsistent or missing for a feature; it does not start with them."""
