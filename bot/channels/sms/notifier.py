"""The SMS sender the channels use: the container's own, else Twilio built from the settings."""

from __future__ import annotations

import logging

from bot.composition import Container
from ordering.ports import Notifier

log = logging.getLogger(__name__)


def sms_notifier(container: Container) -> Notifier | None:
    """``container.extras["sms"]`` when set (tests put a recording client there), else a TwilioSms
    built from the settings once per container. None when Twilio is not configured.
    """
    built = container.extras.get("sms")
    if built is None:
        from integrations.twilio_sms import TwilioSms

        try:
            built = TwilioSms.from_settings(container.settings)
        except RuntimeError as exc:
            log.warning("SMS disabled: %s", exc)
            return None
        container.extras["sms"] = built
    return built
