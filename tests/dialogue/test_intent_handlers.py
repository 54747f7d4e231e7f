"""Every intent is taken up somewhere: by its handler in the table, or by the goods steps.

A new `Intent` without either fails here, before a resident meets it as "not understood"."""

from __future__ import annotations

import pytest

from bot.dialogue.engine import (
    ANSWERED_AT_ONCE,
    BEFORE_THE_GOODS,
    GOODS_STEPS,
    INTENT_HANDLERS,
    OUTRANK_A_DAY,
    handles,
)
from nlu.intents import Intent

# A state of the NLU service, never what a turn wants: the dialogue then reads the keywords.
NEVER_A_TURNS_INTENT = frozenset({Intent.NLU_UNAVAILABLE})


@pytest.mark.parametrize("intent", list(Intent))
def test_every_intent_has_a_handler_or_is_read_through_the_goods_steps(intent):
    assert intent in INTENT_HANDLERS or intent in GOODS_STEPS or intent in NEVER_A_TURNS_INTENT, (
        f"{intent!r} has no handler: register one with @handles(Intent.{intent.name}) in bot/dialogue/engine.py, "
        "or read it through the goods steps (READS_GOODS)")


def test_the_early_places_and_the_day_rule_name_intents_with_handlers():
    for intent in ANSWERED_AT_ONCE | BEFORE_THE_GOODS | OUTRANK_A_DAY:
        assert intent in INTENT_HANDLERS, intent


def test_an_intent_has_one_handler():
    with pytest.raises(ValueError, match="has a handler already"):
        handles(Intent.SHOW_CART)(lambda turns, text: None)
