"""``ordering.ports.Notifier`` over Twilio's REST API (``messages.create``): SMS to residents and shops.

Only this module and the phone/SMS channel packages import ``twilio``. Tests pass their own
``http_client`` (a ``twilio.http.HttpClient``), so no request ever leaves the machine.
"""

from __future__ import annotations

import logging

from twilio.base.exceptions import TwilioException
from twilio.http import HttpClient
from twilio.rest import Client

from ordering.errors import ConfigurationError, ExternalServiceError

log = logging.getLogger(__name__)

# A German SMS of more than 10 parts is a mistake somewhere (Twilio's own limit is 1,600 characters).
MAX_SMS_CHARS = 1600


class SmsError(ExternalServiceError):
    """Twilio refused or failed to accept a message."""


class TwilioSms:
    """Sends plain-text SMS from the installation's Twilio number."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str, *,
                 http_client: HttpClient | None = None, status_callback: str | None = None) -> None:
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.from_number = from_number
        self.status_callback = status_callback

    @classmethod
    def from_settings(cls, settings, *, http_client: HttpClient | None = None) -> TwilioSms:
        missing = [name for name in ("twilio_account_sid", "twilio_auth_token", "twilio_from_number")
                   if not getattr(settings, name, None)]
        if missing:
            raise ConfigurationError("SMS needs " + ", ".join("KIEPE_" + name.upper() for name in missing))
        return cls(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_from_number,
                   http_client=http_client)

    def send_text(self, to: str, text: str) -> str:
        """Send ``text`` to the E.164 number ``to``; returns the message SID (``SM…``)."""
        if not to:
            raise SmsError("no recipient number")
        body = text if len(text) <= MAX_SMS_CHARS else text[: MAX_SMS_CHARS - 1] + "…"
        kwargs = {"to": to, "from_": self.from_number, "body": body}
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        try:
            message = self.client.messages.create(**kwargs)
        except TwilioException as exc:
            raise SmsError(f"SMS to ***{to[-2:]} failed: {exc}") from exc
        log.info("SMS %s to ***%s accepted", message.sid, to[-2:])  # never the whole number
        return message.sid
