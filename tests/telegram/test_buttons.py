"""The Telegram channel's own callback data: one parser each, and what it writes it reads back."""

from __future__ import annotations

import pytest

from bot.channels.telegram import buttons as b


@pytest.mark.parametrize("button", [
    b.OrderButton("a", 12), b.OrderButton("x", 12, 34), b.ProposalButton("vat", "k7m3"),
    b.PickButton("a", 5, "1"), b.PickButton("p", 5, "1290"),
])
def test_what_is_written_is_read_back(button):
    assert b.parse(str(button)) == button


@pytest.mark.parametrize("data", [
    None, "", "so", "so:a", "so:a:x", "so::12", "so:x:12:y", "so:a:1:2:3", "pp:ok", "pp::k", "pp:ok:",
    "sc:a:5", "sc:z:5:1", "sc:p:5:None", "sc:p:x:1", "slot:6", "zz:a:1",
])
def test_anything_else_is_none(data):
    assert b.parse(data) is None


def test_the_values_on_cards_already_sent_still_parse():
    assert b.parse("so:a:7") == b.OrderButton("a", 7)
    assert b.parse("so:x:7:9") == b.OrderButton("x", 7, 9)
    assert b.parse("sc:p:3:1290") == b.PickButton("p", 3, "1290")


@pytest.mark.parametrize("button", [b.SubstituteAnswerButton(17, accepted=True), b.SubstituteAnswerButton(17, accepted=False)])
def test_a_substitute_answer_is_read_back(button):
    assert b.parse_substitute_answer(str(button)) == button


def test_substitute_answers_already_sent_still_parse():
    assert b.parse_substitute_answer("ersatz:7:ja") == b.SubstituteAnswerButton(7, accepted=True)
    assert b.parse_substitute_answer("ersatz:7:nein") == b.SubstituteAnswerButton(7, accepted=False)


@pytest.mark.parametrize("data", [
    None, "", "ersatz", "ersatz:7", "ersatz:7:", "ersatz::ja", "ersatz:x:ja", "ersatz:7:vielleicht",
    "ersatz:7:ja:1", "ersatz:-7:ja", "ersatz:1234567890123:ja", "sp:1:2:3", "ersatzz:7:ja",
])
def test_any_other_substitute_answer_is_none(data):
    assert b.parse_substitute_answer(data) is None
