"""The composition root: the one place that builds Kiepe's parts from the settings.

It alone knows every concrete adapter (Stripe, Twilio, the Rasa client) and every channel;
only the app factory (``bot.app``) and the CLI import it. Use cases and outbox handlers get
exactly the ports they use here, as in cosmicpython's ``bootstrap``: ``event_handlers`` is the
one table of who reacts to which order event.

Adding a channel: write its package under ``bot/channels/`` (a FastAPI ``router`` that turns
its transport into a ``Turn`` for ``container.dialogue`` and renders the replies), then add
one line to ``CHANNELS``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from fastapi import APIRouter

from bot.application.container import Container
from bot.application.erasure import ChannelErasure
from bot.application.event_names import EventName
from bot.application.events import EventBus, Handler
from bot.application.payments import DECISIONS, WEIGHING_EVENTS, PaymentReactions
from bot.application.reminders import Reminders
from bot.application.retry import RetryPolicy
from bot.channels import sms, telegram, voice
from bot.channels.telegram import pushes as telegram_pushes
from bot.channels.voice.models import erase_call_records
from bot.channels.web import router as web_chat
from bot.channels.web.session import conversation_key as web_conversation_key
from bot.clock import Clock
from bot.dialogue.engine import Dialogue
from bot.observability.metrics import MeteredNlu, MeteredTurns, count_failures
from bot.ratelimit import RateLimits
from bot.settings import Settings, get_settings
from nlu.client import RasaNluClient
from nlu.result import NluPort
from ordering.db import Database
from ordering.errors import ConfigurationError
from ordering.ports import Notifier, PaymentGateway

log = logging.getLogger(__name__)

# The channels, each one FastAPI router (webhooks, pages); the app factory includes them in order.
CHANNELS: tuple[APIRouter, ...] = (
    telegram.router,  # /telegram/webhook, admin link codes; starts the bot when a token is set
    web_chat.router,  # GET / (the chat), /chat/static/*, POST /chat/turn
    voice.router,  # /voice/incoming, /voice/gather, /voice/silence, /voice/dial, /voice/status …
    sms.router,  # /sms/inbound: shops answer "JA K7M3PX" (the order's code)
)


def build_container(settings: Settings | None = None, *, database: Database | None = None,
                    clock: Clock | None = None, nlu: NluPort | None = None,
                    gateway: PaymentGateway | None = None, sms: Notifier | None = None) -> Container:
    """Kiepe for ``settings``; the keyword arguments replace one adapter each (tests, benchmarks)."""
    settings = settings or get_settings()
    database = database or Database(settings.database_url)
    clock = clock or Clock()
    events = EventBus(database, clock, RetryPolicy.from_settings(settings),
                      lease=timedelta(seconds=settings.event_lease_seconds))
    sms = sms if sms is not None else _twilio_sms(settings)
    gateway = gateway or _stripe_gateway(settings)
    # Metrics: failures of Stripe and Twilio calls counted at the port, NLU and turns timed.
    sms = count_failures(sms, "twilio") if sms is not None else None
    gateway = count_failures(gateway, "stripe") if gateway is not None else None
    container = Container(
        settings=settings,
        database=database,
        clock=clock,
        events=events,
        nlu=MeteredNlu(nlu or RasaNluClient(settings.rasa_url, timeout=settings.nlu_timeout_seconds)),
        reminders=Reminders(database, clock, events,
                            remind_after=timedelta(minutes=settings.telegram_remind_after_minutes),
                            escalate_after=timedelta(minutes=settings.telegram_escalate_after_minutes)),
        payments=PaymentReactions(database, gateway, notifier=sms),
        erasure=channel_erasure(),
        rate_limits=RateLimits(settings),
        gateway=gateway,
        sms=sms,
    )
    dialogue = Dialogue(container)
    container.dialogue = MeteredTurns(dialogue)
    container.warm_up = dialogue.warm_up
    events.watch()  # dispatch after commits that wrote events
    for name, handlers in event_handlers(container).items():
        for handler in handlers:
            events.subscribe(name, handler)
    if settings.telegram_token:  # the pushes join when the bot has started; nothing is missed before
        for name, subscriber, _method in telegram_pushes.SUBSCRIPTIONS:
            events.expect(name, subscriber)
    return container


def channel_erasure() -> ChannelErasure:
    """What the channels keep about a person beside the conversations, for ``erasure.erase``."""
    return ChannelErasure(web_conversation_key=web_conversation_key, erase_call_records=erase_call_records)


def event_handlers(container: Container) -> dict[EventName, list[Handler]]:
    """Who reacts to which order event, each bound to its ports. (The Telegram pushes join when
    the bot starts, since they need the bot: ``bot.channels.telegram.app.wire``.)"""
    payments = container.payments
    texts = sms.SmsNotices(container.database, container.clock, container.sms,
                           admin_phone=container.settings.admin_phone)
    table: dict[EventName, list[Handler]] = {
        EventName.placed: [texts.send_shop_orders, texts.send_phone_summary],
        EventName.shop_reminded: [texts.send_shop_reminder],
        EventName.shop_escalated: [texts.send_admin_escalation],
        EventName.cancelled: [payments.on_cancelled, texts.send_shop_cancellation],
        EventName.delivery_parked: [texts.send_admin_alert],  # a message parked as failed: the admin is told
    }
    for name in DECISIONS:
        table.setdefault(name, []).append(payments.on_decision)
    # A failed ID check takes restricted goods back: that part is settled again (reverse, refund).
    table.setdefault(EventName.age_check_failed, []).append(payments.on_decision)
    # Issue 17: empties returned refund their Pfand; a substitute's answer moves its money. The
    # resident is asked by SMS and hears the outcome.
    for name in (EventName.empties_returned, EventName.substitute_accepted, EventName.substitute_declined):
        table.setdefault(name, []).append(payments.on_decision)
    table.setdefault(EventName.substitute_proposed, []).append(texts.send_substitute_question)
    for name in (EventName.substitute_accepted, EventName.substitute_declined):
        table.setdefault(name, []).append(texts.send_substitute_outcome)
    # Weighed goods: a weight entered, or a part packed (its estimate then stands), may be the
    # last one: capture the weighed total, or move the shop's money by it.
    for name in WEIGHING_EVENTS:
        table.setdefault(name, []).append(payments.on_weighed)
    for name in sms.RESIDENT_NEWS:
        table.setdefault(name, []).append(texts.send_resident_news)
    return table


def _twilio_sms(settings: Settings) -> Notifier | None:
    """SMS where Twilio is configured; otherwise None (and SMS handlers leave events for a retry)."""
    from integrations.twilio_sms import TwilioSms

    try:
        return TwilioSms.from_settings(settings)
    except ConfigurationError as exc:
        log.info("SMS disabled: %s", exc)
        return None


def _stripe_gateway(settings: Settings) -> PaymentGateway | None:
    """Online payment only where a Stripe key is configured; otherwise pay on delivery."""
    if not settings.stripe_api_key:
        return None
    from integrations.stripe_gateway import StripeGateway

    return StripeGateway.from_settings(settings)
