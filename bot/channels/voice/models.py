"""What the phone channel remembers per call: Twilio's status reports and the keypad state.

The dialogue keeps the conversation (cart, questions) in ``conversations``; this table keeps
only what belongs to one phone call: its status history (``/voice/status``), what each key
means right now, how often the caller was silent, and the SMS already sent during the call.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, delete, or_
from sqlalchemy.orm import Mapped, Session, mapped_column

from ordering.models import Base, UTCDateTime, utcnow

TERMINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})


class CallRecord(Base):
    __tablename__ = "call_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    # Caller id as Twilio sent it and, where it is a number, normalised to E.164.
    from_number: Mapped[str | None] = mapped_column(String(32))
    caller_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    to_number: Mapped[str | None] = mapped_column(String(32))
    conversation_key: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="in-progress")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    turns: Mapped[int] = mapped_column(Integer, default=0)
    # {"keys": {"1": {"value": …, "label": …}}, "say": [...], "silences": n, "links_sent": [...], ...}
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    # Status callbacks as they came: [{"status": …, "at": …, "sequence": …}]
    events: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def erase_call_records(session: Session, phones: set[str], keys: set[str]) -> int:
    """Delete the call records of these numbers (caller or Twilio's From) and conversation keys."""
    result = session.execute(delete(CallRecord).where(or_(
        CallRecord.caller_phone.in_(phones), CallRecord.from_number.in_(phones), CallRecord.conversation_key.in_(keys),
    )))
    return int(getattr(result, "rowcount", 0) or 0)
