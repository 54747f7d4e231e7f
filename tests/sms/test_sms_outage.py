"""An SMS outage loses nothing: every shop still gets its new order, once, when SMS is back."""

from __future__ import annotations

from datetime import timedelta

import anyio
from sqlalchemy import select

from bot.application.outbox_tables import EventDelivery
from ordering.models import ProcessedEvent, Slot, SubOrder
from tests.ordering.conftest import NOW
from tests.sms.test_shop_sms import TUESDAY_9, _place


def test_ten_seconds_without_sms_lose_no_order_placed_notification(phone_app):
    """The issue's case: six orders placed while Twilio refuses every SMS for ten seconds."""
    clock = phone_app.container.clock
    outage_ends = NOW + timedelta(seconds=10)
    with phone_app.world.db.session() as s:  # room for six orders in the one window
        s.get(Slot, phone_app.world.slot("delivery", TUESDAY_9)).capacity = 10
    subs = []
    for n in range(6):  # one order every 1.5 s, all inside the outage
        clock.set(NOW + timedelta(seconds=1.5 * n))
        subs += [sub_id for slug, sub_id in _place(phone_app.world).items() if slug != "baeckerei-terstegen"]
        phone_app.twilio.fail = clock.now() < outage_ends
        anyio.run(phone_app.container.events.dispatch_pending)
    assert len(phone_app.twilio.messages) == 12  # each SMS tried once, all refused

    # The dispatcher's periodic round, every 2 s of the clock, for ten minutes.
    for step in range(300):
        clock.set(NOW + timedelta(seconds=12 + 2 * step))
        phone_app.twilio.fail = clock.now() < outage_ends
        anyio.run(phone_app.container.events.dispatch_pending)

    with phone_app.world.db.session() as s:
        sent = set(s.scalars(select(ProcessedEvent.id).where(ProcessedEvent.id.like("sms:shop-order:%"))))
        deliveries = s.scalars(select(EventDelivery).where(EventDelivery.subscriber.like("%send_shop_orders"))).all()
        assert s.scalar(select(SubOrder.id).where(SubOrder.id.in_(subs)).limit(1)) is not None
    assert sent == {f"sms:shop-order:{sub_id}" for sub_id in subs}  # every shop of every order told
    assert len(deliveries) == 6 and {d.status for d in deliveries} == {"delivered"}
    assert {d.attempts for d in deliveries} == {2}  # the first retry, about 30 s later, went through
    assert len(phone_app.twilio.messages) == 12 + 12  # and each SMS went out exactly once more


def test_the_worker_reminds_sms_shops_and_escalates_to_the_admins_phone(phone_app):
    """Reminders and escalation are the worker's job on every channel, Telegram or not."""
    from bot.clock import Clock
    from bot.composition import build_container
    from bot.worker import Worker
    from integrations.twilio_sms import TwilioSms
    from tests.voice.twilio_harness import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER

    admin = "+4915112345678"
    clock = Clock(NOW)
    settings = phone_app.container.settings.model_copy(update={"admin_phone": admin, "dispatch_events": True})
    container = build_container(settings, database=phone_app.world.db, clock=clock,
                                sms=TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=phone_app.twilio))
    worker = Worker(container)
    _place(phone_app.world)
    anyio.run(container.events.dispatch_pending)
    placed = len(phone_app.twilio.messages)

    def run_worker_at(minutes: int) -> list[str]:
        clock.set(NOW + timedelta(minutes=minutes))
        ran = anyio.run(worker.run_due_jobs)
        anyio.run(container.events.dispatch_pending)
        return ran

    assert run_worker_at(10) == ["shop_reminders"] and len(phone_app.twilio.messages) == placed  # not yet
    run_worker_at(31)
    reminders = phone_app.twilio.messages[placed:]
    assert len(reminders) == 2 and all("Erinnerung" in m["Body"] for m in reminders)
    run_worker_at(91)
    escalations = phone_app.twilio.messages[placed + 2:]
    assert [m["To"] for m in escalations] == [admin] * 3  # one per shop that keeps silent, Telegram's too
    assert all("seit 91 Minuten nicht beantwortet" in m["Body"] for m in escalations)
    run_worker_at(200)
    assert len(phone_app.twilio.messages) == placed + 2 + 3  # each once
