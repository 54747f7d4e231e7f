"""The small parts of the phone channel: keys, spoken forms, hints, the card-number guard."""

from __future__ import annotations

import pytest

from bot.channels.voice.guard import has_payment_data
from bot.channels.voice.hints import MAX_CHARS, MAX_PHRASES, build_hints
from bot.channels.voice.keypad import choice_for, key_map, keypad_prompt, speakable
from bot.dialogue.types import Choice

YES_NO = (Choice("Ja", "yes"), Choice("Nein", "no"))


def test_choices_become_keys_and_keys_become_choices():
    keys = key_map(YES_NO)
    assert keypad_prompt(keys) == "Drücken Sie 1 für Ja, 2 für Nein."
    assert choice_for("1", keys) == "yes" and choice_for("2#", keys) == "no"
    assert choice_for("3", keys) is None and choice_for("0", keys) is None and choice_for("", keys) is None
    assert keypad_prompt({}) == ""


def test_labels_with_commas_are_read_as_sentences_and_symbols_as_words():
    keys = key_map((Choice("Samstag, 28. November, 9–13 Uhr", "slot:1"), Choice("Montag, 30. November, 9–12 Uhr", "slot:2")))
    assert keypad_prompt(keys) == ("Drücken Sie 1 für Samstag, 28. November, 9 bis 13 Uhr. "
                                   "2 für Montag, 30. November, 9 bis 12 Uhr.")
    assert speakable("Zusammen 12,90 €, Gutschein 20 €, 3,00 €") == "Zusammen 12 Euro 90, Gutschein 20 Euro, 3 Euro"


def test_hints_are_one_bounded_comma_separated_string():
    hints = build_hints(["Milch", "milch", "Brot, hell", "x" * 150, *[f"Produkt {i}" for i in range(1000)]])
    phrases = hints.split(", ")
    assert phrases[:3] == ["Milch", "Brot hell", "x" * 100]  # no duplicates, no inner commas, 100 chars each
    assert len(phrases) <= MAX_PHRASES and len(hints) <= MAX_CHARS


@pytest.mark.parametrize(("words", "refused"), [
    ("4111 1111 1111 1111", True),
    ("meine Karte: 5555-5555-5555-4444", True),
    ("Kreditkarte 1234 5678 9012", True),
    ("DE89 3704 0044 0532 0130 00", True),
    ("zwei Liter Milch und 6 Brötchen", False),
    ("meine Tochter hat die 0151 23456789", False),
    ("plus 49 151 23456789", False),
    ("Postleitzahl 48653", False),
])
def test_payment_data_is_recognised(words, refused):
    assert has_payment_data(words) is refused


def test_long_texts_are_spoken_in_pieces_and_plain_without_a_rate():
    import xml.etree.ElementTree as ET

    from bot.channels.voice import twiml

    voice = twiml.Voice(gather_url="/voice/gather", silence_url="/voice/silence", dial_url="/voice/dial")
    long_text = " ".join(f"Position {i}: zwei Flaschen Frischmilch vom Hof Schulze, 2 Euro 58." for i in range(80))
    root = ET.fromstring(twiml.ask([long_text], key_map(YES_NO), voice))
    says = root.find("Gather").findall("Say")
    assert len(says) > 3 and all(len(s.text) <= twiml.MAX_SAY_CHARS for s in says)
    assert " ".join(s.text for s in says[:-1]) == long_text  # nothing lost, plain text (no rate set)
    assert says[-1].text == "Drücken Sie 1 für Ja, 2 für Nein."


@pytest.mark.parametrize(("keys", "refused"), [
    ("4111111111111111", True), ("4111111111111112#", True), ("48653", False), ("015112345678#", False),
    ("0025412345678901", False), ("1", False), ("", False),
])
def test_keyed_payment_data_is_recognised(keys, refused):
    from bot.channels.voice.guard import keyed_payment_data

    assert keyed_payment_data(keys) is refused


def test_a_very_long_sentence_is_cut_without_reordering():
    from bot.channels.voice.twiml import MAX_SAY_CHARS, _chunks

    text = "Kurz. " + "x" * 4000 + ". Ende."
    pieces = _chunks(text)
    assert pieces[0] == "Kurz." and all(len(p) <= MAX_SAY_CHARS for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
