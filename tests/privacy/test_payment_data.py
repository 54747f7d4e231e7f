"""Card numbers and IBANs are found by their checksums and masked; phone numbers and orders are not."""

from __future__ import annotations

import pytest

from bot.dialogue.types import Turn
from bot.privacy.payment_data import CARD_MASK, IBAN_MASK, iban_valid, luhn_valid, mask_payment_data
from tests.ordering.conftest import NOW


@pytest.mark.parametrize("typed, masked", [
    ("4111 1111 1111 1111", CARD_MASK),
    ("Meine Karte: 4111-1111-1111-1111, gültig bis 12/28", f"Meine Karte: {CARD_MASK}, gültig bis 12/28"),
    ("5555555555554444 bitte", f"{CARD_MASK} bitte"),
    ("Amex 3782 822463 10005", f"Amex {CARD_MASK}"),
    ("IBAN DE89 3704 0044 0532 0130 00 bitte abbuchen", f"IBAN {IBAN_MASK} bitte abbuchen"),
    ("de89370400440532013000", IBAN_MASK),
    ("GB82 WEST 1234 5698 7654 32.", f"{IBAN_MASK}."),
])
def test_card_numbers_and_ibans_are_masked(typed, masked):
    assert mask_payment_data(typed) == masked


@pytest.mark.parametrize("typed", [
    "4111 1111 1111 1112",  # Luhn fails
    "DE88 3704 0044 0532 0130 00",  # wrong check digits
    "2 Liter Milch und 6 Brötchen",
    "0151 23456789",  # a mobile number, typed on purpose
    "+49 2541 1234567",
    "4925411234567",  # 49… without plus, 13 digits: a German number
    "Bestellung K-2611-000012",
    "48653 Coesfeld, Markt 3",
    "",
])
def test_everything_else_stays(typed):
    assert mask_payment_data(typed) == typed


def test_checksums():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")
    assert iban_valid("DE89370400440532013000") and not iban_valid("DE89370400440532013001")


def test_a_turn_masks_its_text_and_choice_on_construction():
    turn = Turn(channel="telegram", conversation_key="42", now=NOW, text="Zahlung mit 4111 1111 1111 1111")
    assert turn.text == f"Zahlung mit {CARD_MASK}" and turn.payment_data_removed
    pressed = Turn(channel="web", conversation_key="web:x", now=NOW, choice="DE89370400440532013000")
    assert pressed.choice == IBAN_MASK and pressed.payment_data_removed
    plain = Turn(channel="web", conversation_key="web:x", now=NOW, text="zwei Brötchen")
    assert plain.text == "zwei Brötchen" and not plain.payment_data_removed
