"""Proving a phone number: a six-digit code goes to it by SMS, the resident sends it back.

Only a hash of the code is stored; a code lasts 15 minutes and allows five tries, then a new one
is needed. Sending is the caller's business (a ``Notifier``), so this module stays free of SDKs.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ordering.errors import CodeExpired, PhoneAlreadyVerified, PhoneMissing
from ordering.models import PhoneVerification, Resident
from ordering.ports import Notifier
from ordering.residents import mark_phone_verified

VALID_FOR = timedelta(minutes=15)
MAX_ATTEMPTS = 5
CODE_DIGITS = 6


def _hash(resident_id: int, code: str) -> str:
    return hashlib.sha256(f"{resident_id}:{code}".encode()).hexdigest()


def send_code(session: Session, resident: Resident, sms: Notifier, now: datetime) -> None:
    """A new code to the resident's number (the previous one stops working)."""
    if not resident.phone:
        raise PhoneMissing("the resident has no phone number to verify")
    if resident.phone_verified_at is not None:
        raise PhoneAlreadyVerified("the phone number is already verified")
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    pending = session.get(PhoneVerification, resident.id) or PhoneVerification(resident_id=resident.id)
    pending.phone, pending.code_hash = resident.phone, _hash(resident.id, code)
    pending.expires_at, pending.attempts = now + VALID_FOR, 0
    session.add(pending)
    session.flush()
    sms.send_text(resident.phone, f"Kiepe: Ihr Code lautet {code}. Er gilt 15 Minuten.")


def confirm_code(session: Session, resident: Resident, code: str, now: datetime) -> bool:
    """Mark the number verified when the code fits (True). A wrong code counts a try and returns
    False: the caller must commit that before answering, or the tries would never run out.
    Conflict when there is no valid code (none, expired, tries used up)."""
    pending = session.get(PhoneVerification, resident.id)
    if pending is None or pending.phone != resident.phone or pending.expires_at <= now \
            or pending.attempts >= MAX_ATTEMPTS:
        raise CodeExpired("no valid code for this number: ask for a new one")
    if not secrets.compare_digest(pending.code_hash, _hash(resident.id, (code or "").strip())):
        pending.attempts += 1
        session.flush()
        return False
    session.delete(pending)
    mark_phone_verified(session, resident, now)
    return True
