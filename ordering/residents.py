"""Residents: registration, lookup by phone or Telegram id, and erasure of personal data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from ordering.catalog import decide_municipality, municipalities_for_postcode, municipality_named
from ordering.errors import (
    Conflict,
    Invalid,
    NameInvalid,
    NotFound,
    PhoneIncomplete,
    PhoneNotUnderstood,
    PostcodeMalformed,
    PostcodeMissing,
    PostcodeNotServed,
    StreetInvalid,
)
from ordering.models import Municipality, PickupStation, Resident

if TYPE_CHECKING:
    from ordering.erasure import ErasureReport

_PHONE_JUNK = re.compile(r"[\s\-/().]")


def normalize_phone(text: str, country_code: str = "49") -> str:
    """Normalise a German or international number to E.164: "02541 / 12 34-5" -> "+49254112345"."""
    raw = _PHONE_JUNK.sub("", (text or "").replace("(0)", ""))
    if raw.startswith("+"):
        digits = raw[1:]
    elif raw.startswith("00"):
        digits = raw[2:]
    elif raw.startswith("0"):
        digits = country_code + raw[1:]
    else:
        raise PhoneNotUnderstood(f"phone number {text!r} has neither a leading 0, 00 nor +")
    if not digits.isdigit() or not 7 <= len(digits) <= 15 or digits.startswith("0"):
        raise PhoneIncomplete(f"phone number {text!r} is not a valid number (E.164 allows 7 to 15 digits)")
    return "+" + digits


def municipality_for_postcode(session: Session, region_id: int | None, postcode: str, *,
                              municipality: str | None = None, town: str | None = None,
                              current: Municipality | None = None) -> Municipality:
    """The region's municipality a postcode belongs to, or Invalid (outside the delivery area; no
    region, as for a resident not yet in one, serves none).

    Several municipalities may share a postcode (Hilders and Ehrenberg share 36115): then
    ``municipality`` (id or name), ``town`` (when it is one of their names) or ``current`` (the one
    stored with this postcode) decides, and where none does, ``PostcodeAmbiguous`` names them all.
    """
    postcode = (postcode or "").strip()
    if not re.fullmatch(r"\d{5}", postcode):
        raise PostcodeMalformed(f"postcode {postcode!r} must have five digits")
    candidates = municipalities_for_postcode(session, region_id, postcode)
    if not candidates:
        raise PostcodeNotServed(f"postcode {postcode} is not served by this region", postcode=postcode)
    return decide_municipality(candidates, postcode, municipality=municipality, town=town, current=current)


@dataclass(frozen=True)
class ResidentData:
    """What a resident tells us; every field optional so channels can fill it step by step."""

    name: str | None = None
    phone: str | None = None
    telegram_id: int | None = None
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    # Where several municipalities share the postcode: which one (its id or name). Without it the
    # town decides, when it is one of their names.
    municipality: str | None = None
    preferred_station: str | None = None  # station slug


def register_resident(session: Session, region_id: int, data: ResidentData) -> Resident:
    """Create a resident; a Telegram id already known is a Conflict (a phone number is not: see
    ``find_by_phone``)."""
    resident = Resident(region_id=region_id)
    session.add(resident)
    update_resident(session, resident, data)
    return resident


def update_resident(session: Session, resident: Resident, data: ResidentData) -> Resident:
    """Apply the given fields (None leaves a field as it is), validating each."""
    if resident.erased_at is not None:
        raise Conflict(f"resident {resident.id} was erased and cannot be changed")
    if data.name is not None:
        name = " ".join(data.name.split())
        if not 1 <= len(name) <= 200:
            raise NameInvalid("name must have 1 to 200 characters")
        resident.name = name
    if data.phone is not None:
        phone = normalize_phone(data.phone)
        if phone != resident.phone:
            # Anyone may give any number to be reached on; it proves nothing until verified.
            resident.phone, resident.phone_verified_at = phone, None
    if data.telegram_id is not None:
        _ensure_unique(session, Resident.telegram_id, data.telegram_id, resident, "telegram_id")
        resident.telegram_id = data.telegram_id
    if data.street is not None:
        street = " ".join(data.street.split())
        if not 3 <= len(street) <= 200:
            raise StreetInvalid("street must have 3 to 200 characters")
        resident.street = street
    if data.postcode is not None or data.municipality is not None:
        postcode = (data.postcode if data.postcode is not None else resident.postcode or "").strip()
        if not postcode:
            raise PostcodeMissing("a municipality is chosen together with a postcode, and the resident has none")
        # The same postcode again keeps the municipality stored with it, unless told otherwise.
        current = resident.municipality if postcode == resident.postcode else None
        municipality = municipality_for_postcode(session, resident.region_id, postcode,
                                                 municipality=data.municipality, town=data.town, current=current)
        resident.postcode = postcode
        resident.municipality = municipality  # the relationship, not the id: read back at once (the API)
        resident.town = _town(data.town, municipality)
    elif data.town is not None:
        resident.town = data.town.strip()
        if resident.postcode:  # a town that names another municipality of a shared postcode moves the resident
            named = municipality_named(municipalities_for_postcode(session, resident.region_id, resident.postcode),
                                       data.town)
            if named is not None:
                resident.municipality = named
                resident.town = _town(data.town, named)
    if data.preferred_station is not None:
        station = session.scalar(
            select(PickupStation).where(
                PickupStation.region_id == resident.region_id, PickupStation.slug == data.preferred_station
            )
        )
        if station is None:
            raise NotFound(f"pick-up station {data.preferred_station!r} does not exist", field="preferred_station")
        resident.preferred_station_id = station.id
    session.flush()
    return resident


def _town(said: str | None, municipality: Municipality) -> str:
    """The town of the address: as the resident wrote it ("Wüstensachsen", a village of the
    municipality), but the municipality's own spelling where it names it ("ehrenberg")."""
    if not said or not said.strip() or municipality_named([municipality], said) is not None:
        return municipality.name
    return said.strip()


def _ensure_unique(
    session: Session, column: InstrumentedAttribute[Any], value: object, resident: Resident, field: str
) -> None:
    other = session.scalar(select(Resident).where(column == value, Resident.id != resident.id))
    if other is not None:
        # Neither the value nor whose it is: the caller may be probing for someone else's number.
        raise Conflict(f"this {field} cannot be used for this account", field=field)


def find_by_phone(session: Session, phone: str) -> Resident | None:
    """The resident who proved this number (SMS code, or calling from it); a number someone
    merely typed in finds nobody, so it cannot tie a caller to another person's account."""
    try:
        normalized = normalize_phone(phone)
    except Invalid:
        return None
    return session.scalar(select(Resident).where(Resident.phone == normalized, Resident.phone_verified_at.is_not(None),
                                                 Resident.erased_at.is_(None)))


def mark_phone_verified(session: Session, resident: Resident, now: datetime) -> None:
    """The resident proved their number now. Whoever had proved it before loses that (numbers
    are passed on to new owners); they keep it as a number to reach them on."""
    session.execute(update(Resident).where(Resident.phone == resident.phone, Resident.id != resident.id,
                                           Resident.phone_verified_at.is_not(None)).values(phone_verified_at=None))
    resident.phone_verified_at = now
    session.flush()


def find_by_telegram(session: Session, telegram_id: int) -> Resident | None:
    return session.scalar(select(Resident).where(Resident.telegram_id == telegram_id))


def get_resident(session: Session, resident_id: int) -> Resident:
    resident = session.get(Resident, resident_id)
    if resident is None or resident.erased_at is not None:
        raise NotFound(f"resident {resident_id} does not exist")
    return resident


def erase_resident(session: Session, resident_id: int, now: datetime) -> ErasureReport:
    """Delete a resident's personal data (GDPR Art. 17); see ``ordering.erasure`` for what stays.

    Returns the ``ErasureReport``.
    """
    from ordering import erasure

    return erasure.erase_resident(session, get_resident(session, resident_id), now)
