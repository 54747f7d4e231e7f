"""Erasure by whatever identifies a resident: a phone number, a Telegram id, a web session.

Residents who came by phone, Telegram or the web chat have no API token to ask for erasure
themselves; the region admin erases them on request, through ``POST /api/admin/erasure`` or
``kiepe residents erase``. Besides ``ordering.erasure`` (resident, orders, conversations,
carts, SMS codes) this removes what the channels keep (the phone's call records) through the
``ChannelErasure`` the composition root gives it, so this use case names no channel.

A phone number identifies the resident who proved it (an SMS code, or calling from it). Anyone
else who merely typed the number in loses the number, not their account (``forget_number``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session

from ordering import erasure, residents
from ordering.erasure import ErasureReport
from ordering.errors import Invalid, NotFound
from ordering.models import Conversation, Resident


@dataclass(frozen=True)
class ChannelErasure:
    """The channels' part: how a web session names its conversation, and how the phone's call
    records of some numbers and conversation keys are deleted (returning how many)."""

    web_conversation_key: Callable[[str], str]
    erase_call_records: Callable[[Session, set[str], set[str]], int]


def _web_key(channels: ChannelErasure, web_session: str) -> str:
    """The conversation key of a web session: given as the stored key ("web:<hash>"), or as what the
    visitor can read in their browser, the session id or the whole cookie value ("<id>.<signature>")."""
    if web_session.startswith("web:"):
        return web_session
    return channels.web_conversation_key(web_session.partition(".")[0])


def _conversations(session: Session, channels: ChannelErasure, phone: str | None, telegram_id: int | None,
                   web_session: str | None) -> list[Conversation]:
    """Conversations keyed by the identifier: a caller's number, a Telegram chat (private, or a
    member's in a group: "<group>:<user>"), a web session (keyed by a hash of its id)."""
    keys = []
    if phone:
        keys.append(Conversation.external_id == phone)
    if telegram_id is not None:
        keys.append((Conversation.channel == "telegram") & or_(
            Conversation.external_id == str(telegram_id), Conversation.external_id.like(f"%:{telegram_id}")))
    if web_session:
        keys.append((Conversation.channel == "web") & (Conversation.external_id == _web_key(channels, web_session)))
    return list(session.scalars(select(Conversation).where(or_(*keys)))) if keys else []


def _residents(session: Session, phone: str | None, telegram_id: int | None,
               conversations: list[Conversation]) -> list[Resident]:
    found: dict[int, Resident] = {}
    for resident in (residents.find_by_phone(session, phone) if phone else None,
                     residents.find_by_telegram(session, telegram_id) if telegram_id is not None else None):
        if resident is not None:
            found[resident.id] = resident
    for conversation in conversations:
        if conversation.resident_id and conversation.resident_id not in found:
            resident = session.get(Resident, conversation.resident_id)
            if resident is not None:
                found[resident.id] = resident
    return [r for r in found.values() if r.erased_at is None]


def erase(session: Session, channels: ChannelErasure, *, now: datetime, phone: str | None = None, telegram_id: int | None = None,
          web_session: str | None = None) -> ErasureReport:
    """Erase everything personal that the given identifier leads to; NotFound if it leads nowhere."""
    if phone is None and telegram_id is None and web_session is None:
        raise Invalid("name a phone number, a Telegram id or a web session to erase", field="identifier")
    if phone is not None:
        phone = residents.normalize_phone(phone)
    conversations = _conversations(session, channels, phone, telegram_id, web_session)
    found = _residents(session, phone, telegram_id, conversations)
    phones = {phone} if phone else set()
    phones |= {r.phone for r in found if r.phone}
    keys = {c.external_id for c in conversations if c.channel == "voice"} | phones
    report = ErasureReport()
    for resident in found:
        keys |= {c.external_id for c in session.scalars(select(Conversation).where(
            Conversation.resident_id == resident.id, Conversation.channel == "voice"))}
        report.add(erasure.erase_resident(session, resident, now))
    # Conversations without a resident (a caller who never gave a name, an anonymous web chat).
    leftover = [c for c in conversations if not inspect(c).was_deleted and not inspect(c).deleted]
    report.add(erasure.erase_conversations(session, leftover))
    report.call_records = channels.erase_call_records(session, phones, keys) if phones or keys else 0
    if phone:  # a number typed in by someone who never proved it: the number goes, their account stays
        report.numbers_removed = erasure.forget_number(session, phone)
    session.flush()
    if not (report.residents or report.conversations or report.call_records or report.numbers_removed):
        raise NotFound("nothing is stored under this identifier")
    return report

