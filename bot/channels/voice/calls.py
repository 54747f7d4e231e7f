"""The call's own memory (``call_records``) and the caller's region, read and written in short units."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.channels.voice.models import TERMINAL_STATUSES, CallRecord
from ordering.errors import Invalid
from ordering.models import Conversation, Region, Resident
from ordering.residents import normalize_phone

CHANNEL = "voice"


@dataclass
class CallState:
    """What one call remembers between two webhooks."""

    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> {"value", "label"}
    say: list[str] = field(default_factory=list)  # the last prompt, to ask again
    silences: int = 0  # in a row
    links_sent: list[str] = field(default_factory=list)
    names_keys: bool = False  # ``say`` names the keys itself (Reply.names_keys): not announced again

    @classmethod
    def of(cls, data: dict | None) -> CallState:
        data = data or {}
        return cls(keys=dict(data.get("keys") or {}), say=list(data.get("say") or []),
                   silences=int(data.get("silences") or 0), links_sent=list(data.get("links_sent") or []),
                   names_keys=bool(data.get("names_keys")))

    def to_json(self) -> dict:
        return {"keys": self.keys, "say": self.say, "silences": self.silences, "links_sent": self.links_sent,
                "names_keys": self.names_keys}


def caller_phone(from_number: str | None) -> str | None:
    """The caller's number in E.164, or None for a withheld or odd caller id ("anonymous", "+266696687")."""
    if not from_number:
        return None
    try:
        phone = normalize_phone(from_number)
    except Invalid:
        return None
    return None if phone in ("+266696687", "+7378742833", "+2562533", "+8656696") else phone


def conversation_key(phone: str | None, call_sid: str) -> str:
    """Stable per caller, so the next call from the same phone goes on where this one stopped."""
    return phone if phone else f"call:{call_sid}"


def get_or_start(session: Session, form, now: datetime) -> CallRecord:
    call_sid = form.get("CallSid") or "unknown"
    record = session.scalar(select(CallRecord).where(CallRecord.call_sid == call_sid))
    if record is None:
        phone = caller_phone(form.get("From"))
        record = CallRecord(call_sid=call_sid, from_number=(form.get("From") or "")[:32] or None, caller_phone=phone,
                            to_number=(form.get("To") or "")[:32] or None,
                            conversation_key=conversation_key(phone, call_sid), status="in-progress",
                            started_at=now, updated_at=now, state={}, events=[])
        session.add(record)
        session.flush()
    return record


def record_status(session: Session, form, now: datetime) -> CallRecord:
    """A status callback: the new status, and duration and end once the call is over."""
    record = get_or_start(session, form, now)
    status = (form.get("CallStatus") or "").strip() or "unknown"
    entry = {"status": status, "at": now.isoformat()}
    for name, key in (("SequenceNumber", "sequence"), ("Timestamp", "timestamp"), ("CallDuration", "duration")):
        if form.get(name):
            entry[key] = form.get(name)
    record.events = [*(record.events or []), entry][-50:]
    record.status = status[:20]
    if status in TERMINAL_STATUSES:
        record.ended_at = record.ended_at or now
        duration = form.get("CallDuration")
        if duration and duration.isdigit():
            record.duration_seconds = int(duration)
    record.updated_at = now
    session.flush()
    return record


def region_of(session: Session, key: str, region_slug: str | None = None) -> Region | None:
    """The region this caller's conversation runs in (else the configured or the first region)."""
    conversation = session.scalar(
        select(Conversation).where(Conversation.channel == CHANNEL, Conversation.external_id == key)
    )
    region_id = (conversation.state or {}).get("region_id") if conversation is not None else None
    region = session.get(Region, region_id) if region_id else None
    if region is None and region_slug:
        region = session.scalar(select(Region).where(Region.slug == region_slug))
    if region is None:
        region = session.scalars(select(Region).order_by(Region.id)).first()
    return region


def resident_phone(session: Session, key: str) -> str | None:
    """The number the resident of this conversation gave (a caller with a withheld number, say)."""
    conversation = session.scalar(
        select(Conversation).where(Conversation.channel == CHANNEL, Conversation.external_id == key)
    )
    if conversation is None or conversation.resident_id is None:
        return None
    resident = session.get(Resident, conversation.resident_id)
    return resident.phone if resident is not None and resident.erased_at is None else None
