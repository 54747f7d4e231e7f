"""Outbox subscribers. Shops without Telegram get their part of a new order ("placed"),
reminders ("shop_reminded") and cancellations ("cancelled") by SMS; residents who ordered by phone (and have no Telegram) get
a summary of the order and word when a shop cannot supply ("rejected", "partly_confirmed").
Who is told by SMS rather than Telegram is decided in ``bot.application.recipients``, once for
both channels; the handlers here send only where its route says SMS.
Idempotent: each SMS is noted in ``processed_events`` once sent, so a retried event never
sends it twice (only the ones that failed go out again)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar
from zoneinfo import ZoneInfo

import anyio
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.application.dead_letters import parked_alert
from bot.application.event_details import DeliveryParked, ShopUnanswered
from bot.application.event_names import EventName
from bot.application.events import EventView
from bot.application.recipients import Channel, resident_route, shop_route
from bot.application.reminders import REMINDED
from bot.channels.sms import substitutes as substitute_texts
from bot.channels.sms import texts
from bot.clock import Clock
from bot.privacy.identifiers import mask_phone
from ordering import weighing
from ordering.db import Database
from ordering.errors import ConfigurationError
from ordering.event_details import LineWeighed, SubstituteDecided, SubstituteProposed
from ordering.models import Order, ProcessedEvent, Region, SubOrder
from ordering.ports import Notifier
from ordering.substitutes import SubstituteOffer
from ordering.windows import format_moment

log = logging.getLogger(__name__)
SOURCE = "sms"
_T = TypeVar("_T")


SHOP_REMINDED = REMINDED  # written by the reminder job (bot.application.reminders)
RESIDENT_NEWS: tuple[EventName, ...] = (EventName.rejected, EventName.partly_confirmed, EventName.line_weighed)


def _messages_for_shops(s: Session, order: Order) -> list[tuple[str, str, str]]:
    """(key, to, text) per sub-order whose shop is told by SMS (``bot.application.recipients``)."""
    region = s.get(Region, order.region_id)
    window = texts.window_of(order, region.timezone if region else None)
    out = []
    for sub in order.sub_orders:
        if sub.status in ("cancelled", "rejected"):
            continue  # a retry after a cancellation: "Bitte nicht packen" must stay the last word
        route = shop_route(sub.shop)
        if route.channel is Channel.NONE:
            log.warning("shop %s: %s: sub-order %s is not announced (the escalation tells the admin)",
                        sub.shop.slug, route.why, sub.id)
        to = route.sms()
        if to is not None:  # else the Telegram channel tells this shop, or nobody can
            out.append((f"sms:shop-order:{sub.id}", to, texts.shop_new_order(sub, window)))
    return out


class SmsNotices:
    """The SMS handlers of the outbox, bound to the database and the SMS port (None: not set up)."""

    def __init__(self, database: Database, clock: Clock, sms: Notifier | None, *,
                 admin_phone: str | None = None) -> None:
        self.database = database
        self.clock = clock
        self.sms = sms
        self.admin_phone = admin_phone  # the region admin's mobile: escalations and parked messages

    # The handlers run on the dispatcher's event loop. Every database step runs in a worker thread
    # (``anyio.to_thread``), reads in a read-only session: on SQLite a write transaction waits for
    # the write lock, and a wait on the event loop would stall every request of the process (and
    # deadlock with a request whose unit of work commits through the loop). No SMS is sent inside
    # a transaction: the provider's round trip never holds the write lock.

    def _already_sent(self, key: str) -> bool:
        with self.database.read_session() as s:
            return s.get(ProcessedEvent, key) is not None

    def _mark_sent(self, key: str) -> None:
        # Only the key: the number and the text are personal data and stay out of this table.
        try:
            with self.database.session() as s:
                if s.get(ProcessedEvent, key) is None:
                    s.add(ProcessedEvent(id=key, source=SOURCE, at=self.clock.now()))
        except IntegrityError:
            pass  # another worker sent it at the same moment

    async def _read(self, read: Callable[[Session], _T]) -> _T:
        """``read(session)`` in a read-only session, in a worker thread."""
        def run() -> _T:
            with self.database.read_session() as s:
                return read(s)
        return await anyio.to_thread.run_sync(run)

    async def send_shop_orders(self, event: EventView) -> None:
        def read(s: Session) -> list[tuple[str, str, str]]:
            order = s.get(Order, event.order_id)
            return _messages_for_shops(s, order) if order is not None else []
        await self._send_all(await self._read(read))

    async def send_phone_summary(self, event: EventView) -> None:
        """A resident who ordered by phone gets what they ordered in writing."""
        def read(s: Session) -> list[tuple[str, str, str]]:
            order = s.get(Order, event.order_id)
            if order is None or order.channel != "voice" or not order.customer_phone:
                return []
            region = s.get(Region, order.region_id)
            text = texts.resident_summary(order, texts.window_of(order, region.timezone if region else None))
            return [(f"sms:summary:{order.id}", order.customer_phone, text)]
        await self._send_all(await self._read(read))

    async def _send_all(self, messages: list[tuple[str, str, str]]) -> None:
        """Send each (key, to, text) not sent before; a failure is raised after trying the others."""
        if not messages:
            return
        notifier = self.sms
        if notifier is None:
            raise ConfigurationError("SMS is not configured (KIEPE_TWILIO_*); the event stays for a retry")
        failed: Exception | None = None
        for key, to, text in messages:
            if await anyio.to_thread.run_sync(self._already_sent, key):
                continue
            try:  # Twilio's client is synchronous: off the event loop
                await anyio.to_thread.run_sync(notifier.send_text, to, text)
            except Exception as exc:
                log.exception("SMS %s to %s failed", key, mask_phone(to))
                failed = exc
                continue
            await anyio.to_thread.run_sync(self._mark_sent, key)
        if failed is not None:
            raise failed

    async def send_shop_cancellation(self, event: EventView) -> None:
        """A shop told by SMS hears when a resident or the admin cancelled its part, so nobody packs
        it (as Telegram shops do; not when the shop rejected the part itself)."""
        if event.sub_order_id is None or event.actor.startswith("shop:"):
            return
        def read(s: Session) -> tuple[str | None, str | None]:
            sub = s.get(SubOrder, event.sub_order_id)
            if sub is None:
                return None, None
            return shop_route(sub.shop).sms(), texts.shop_cancelled(sub)
        to, text = await self._read(read)
        if to is not None and text is not None:
            await self._send_all([(f"sms:cancelled:{event.id}", to, text)])

    async def send_shop_reminder(self, event: EventView) -> None:
        """A shop that has not answered yet is reminded by SMS (Telegram shops on Telegram)."""
        if event.sub_order_id is None:
            return
        def read(s: Session) -> tuple[str | None, str | None]:
            sub = s.get(SubOrder, event.sub_order_id)
            to = shop_route(sub.shop).sms() if sub is not None and sub.status == "placed" else None
            return to, texts.shop_reminder(sub, event.details_of(ShopUnanswered).minutes) if to and sub else None
        to, text = await self._read(read)
        if to and text:
            await self._send_all([(f"sms:reminder:{event.id}", to, text)])

    async def send_substitute_question(self, event: EventView) -> None:
        """A shop proposed a substitute: the resident is asked by SMS (issue 17), whatever channel they
        ordered by, since every order has a phone: the web chat's and the API's residents too. Telegram
        residents are asked there, with buttons (``bot.channels.telegram.pushes``)."""
        offer_id = event.details_of(SubstituteProposed).offer_id
        def read(s: Session) -> list[tuple[str, str, str]]:
            offer = s.get(SubstituteOffer, offer_id)
            to = self._resident_number(s, offer.sub_order.order) if offer is not None else None
            if offer is None or to is None or offer.status != "proposed":
                return []
            region = s.get(Region, offer.sub_order.order.region_id)
            deadline = offer.deadline.astimezone(ZoneInfo(region.timezone if region else "Europe/Berlin"))
            text = substitute_texts.question(offer, offer.sub_order.shop.name, format_moment(deadline))
            return [(f"sms:substitute:{offer.id}", to, text)]
        await self._send_all(await self._read(read))

    async def send_substitute_outcome(self, event: EventView) -> None:
        """What the resident gets (or gets back) once the substitute is decided."""
        offer_id = event.details_of(SubstituteDecided).offer_id
        def read(s: Session) -> list[tuple[str, str, str]]:
            offer = s.get(SubstituteOffer, offer_id)
            to = self._resident_number(s, offer.sub_order.order) if offer is not None else None
            if offer is None or to is None:
                return []
            text = substitute_texts.outcome(offer, offer.sub_order.order.payment_method == "online")
            return [(f"sms:substitute-outcome:{offer.id}", to, text)]
        await self._send_all(await self._read(read))

    @staticmethod
    def _resident_number(s: Session, order: Order) -> str | None:
        """The number a question to the resident goes to by SMS (None: Telegram asks them with
        buttons, they asked us to forget them, or there is no phone)."""
        return resident_route(s, order, asks=True).sms()

    async def send_admin_escalation(self, event: EventView) -> None:
        """The admin's SMS when a shop leaves an order unanswered (Telegram admins get it there too)."""
        if self.admin_phone is None or event.sub_order_id is None:
            return
        minutes = event.details_of(ShopUnanswered).minutes
        def read(s: Session) -> str | None:
            sub = s.get(SubOrder, event.sub_order_id)
            return texts.admin_escalation(sub, minutes) if sub is not None else None
        text = await self._read(read)
        if text:
            await self._send_all([(f"sms:escalation:{event.id}", self.admin_phone, text)])

    async def send_admin_alert(self, event: EventView) -> None:
        """The admin's SMS when a message was parked as failed after its last attempt."""
        if self.admin_phone is None:
            return
        parked = event.details_of(DeliveryParked)
        def read(s: Session) -> str:
            order = s.get(Order, event.order_id)
            return parked_alert(parked, order.reference if order is not None else "?")
        text = await self._read(read)
        await self._send_all([(f"sms:parked:{event.id}", self.admin_phone, text)])

    async def send_resident_news(self, event: EventView) -> None:
        """A phone resident hears by SMS when a shop rejects all or part of their order (unless
        Telegram tells them: ``bot.application.recipients.resident_route``)."""
        if event.sub_order_id is None:
            return
        if event.event == EventName.line_weighed and not event.details_of(LineWeighed).order_final:
            return  # the final amount once, when the last weighed item is weighed
        def read(s: Session) -> list[tuple[str, str, str]]:
            sub = s.get(SubOrder, event.sub_order_id)
            order = sub.order if sub is not None else None
            to = resident_route(s, order).sms() if order is not None else None
            if sub is None or order is None or to is None:
                return []  # Telegram tells them, they ordered on the web, or asked us to forget them
            if event.event == "line_weighed" and order.weighed_payment == weighing.AUTHORISE:
                return []  # the capture's payment message names the amount taken
            region = s.get(Region, order.region_id)
            text = texts.resident_news(event.event, sub, region.hotline if region else None)
            return [(f"sms:news:{event.id}", to, text)] if text else []
        await self._send_all(await self._read(read))
