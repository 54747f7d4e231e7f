"""A phone number is proved by a code sent to it by SMS: right code once, within 15 minutes, five tries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from ordering import phone_verification, residents
from ordering.errors import Conflict
from ordering.models import PhoneVerification
from tests.ordering.conftest import NOW


class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send_text(self, to: str, text: str) -> None:
        self.sent.append((to, text))

    def code(self) -> str:
        return re.search(r"\b(\d{6})\b", self.sent[-1][1]).group(1)


def _resident(s, world):
    return residents.register_resident(s, world.region_id, residents.ResidentData(name="A", phone="0151 1234567"))


def test_the_code_from_the_sms_proves_the_number(world):
    sms = Outbox()
    with world.db.session() as s:
        resident = _resident(s, world)
        phone_verification.send_code(s, resident, sms, NOW)
        assert sms.sent[0][0] == "+491511234567" and sms.sent[0][1].startswith("Kiepe: Ihr Code lautet ")
        assert sms.code() not in s.get(PhoneVerification, resident.id).code_hash  # only a hash is kept
        wrong = "000000" if sms.code() != "000000" else "111111"
        assert phone_verification.confirm_code(s, resident, wrong, NOW) is False
        assert resident.phone_verified_at is None
        assert phone_verification.confirm_code(s, resident, sms.code(), NOW + timedelta(minutes=5)) is True
        assert residents.find_by_phone(s, "0151 1234567").id == resident.id
        with pytest.raises(Conflict):  # used: gone
            phone_verification.confirm_code(s, resident, sms.code(), NOW)


def test_codes_expire_and_run_out_of_tries(world):
    sms = Outbox()
    with world.db.session() as s:
        resident = _resident(s, world)
        phone_verification.send_code(s, resident, sms, NOW)
        with pytest.raises(Conflict):
            phone_verification.confirm_code(s, resident, sms.code(), NOW + timedelta(minutes=16))
        phone_verification.send_code(s, resident, sms, NOW)
        wrong = "000000" if sms.code() != "000000" else "111111"
        for _ in range(phone_verification.MAX_ATTEMPTS):
            assert phone_verification.confirm_code(s, resident, wrong, NOW) is False
        with pytest.raises(Conflict):  # five wrong tries: even the right code is refused now
            phone_verification.confirm_code(s, resident, sms.code(), NOW)
        assert resident.phone_verified_at is None
