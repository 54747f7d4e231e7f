"""Every order event name the code writes is an EventName, with the very string stored."""

from __future__ import annotations

import re
from pathlib import Path

from bot.application.event_names import EventName
from bot.application.events import DELIVERY_PARKED
from bot.application.payments import DECISIONS, WEIGHING_EVENTS
from bot.application.reminders import ESCALATED, REMINDED
from bot.channels.sms.subscribers import RESIDENT_NEWS
from bot.channels.telegram.pushes import RESIDENT_EVENTS, SUBSCRIPTIONS
from ordering.models import SubOrderStatus
from ordering.substitutes import ACCEPTED, DECLINED

REPO = Path(__file__).resolve().parent.parent
WRITTEN = re.compile(r'\bevent="(\w+)"')


def test_every_literal_event_name_written_is_listed():
    written = {name for package in ("ordering", "bot") for path in (REPO / package).rglob("*.py")
               for name in WRITTEN.findall(path.read_text(encoding="utf-8"))}
    assert written >= {"placed", "line_weighed", "substitute_proposed"}, "the pattern still finds the writes"
    assert written - set(EventName) == set()


def test_the_names_written_from_values_are_listed():
    assert {status.value for status in SubOrderStatus} <= set(EventName)  # ordering.orders writes the new status
    assert {f"substitute_{answer}" for answer in (ACCEPTED, DECLINED)} <= set(EventName)


def test_the_constants_written_are_the_plain_stored_strings():
    for name, member in ((DELIVERY_PARKED, EventName.delivery_parked), (REMINDED, EventName.shop_reminded),
                         (ESCALATED, EventName.shop_escalated)):
        assert type(name) is str and name == member.value


def test_subscriptions_name_events_by_their_type():
    names = [event for event, _, _ in SUBSCRIPTIONS] + [*DECISIONS, *WEIGHING_EVENTS, *RESIDENT_NEWS, *RESIDENT_EVENTS]
    assert all(isinstance(name, EventName) for name in names)
    assert {str(EventName.placed), f"{EventName.placed}"} == {"placed"}  # logs and keys read the stored string
