"""The phone announces the keys ("Drücken Sie 1 für …") unless the reply says its text names
them (``Reply.names_keys``); it no longer looks for "1 für" in the text."""

from __future__ import annotations

from bot.application.turns import Choice, Reply, Turn
from bot.dialogue.context import YES_NO

ANNOUNCED = "Drücken Sie 1 für Ja, 2 für Nein."


class Scripted:
    """A dialogue that answers every turn with the same replies."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)

    async def handle(self, turn: Turn) -> list[Reply]:
        return self.replies


def test_a_reply_that_names_the_keys_its_own_way_is_not_announced_again(phone_app):
    phone_app.container.dialogue = Scripted(
        Reply("Sagen Sie Ja, oder drücken Sie die Eins; für Nein die Zwei.", YES_NO, names_keys=True))
    said = phone_app.phone().call()
    assert said.gather is not None and said.gather.get("numDigits") == "1"
    assert "Drücken Sie" not in said.text


def test_a_text_that_only_happens_to_say_1_fuer_still_gets_the_keys(phone_app):
    phone_app.container.dialogue = Scripted(Reply("Die Brötchen gibt es heute 1 für 45 Cent. Passt das?", YES_NO))
    said = phone_app.phone().call()
    assert said.text.endswith(ANNOUNCED)


def test_asked_again_after_a_hash_the_flag_is_remembered(phone_app):
    phone_app.container.dialogue = Scripted(
        Reply("Sie können auch Tasten drücken: Eins für Ja, Zwei für Nein.", YES_NO, names_keys=True))
    phone = phone_app.phone()
    phone.call()
    again = phone.press("#")  # only "#": the question once more, from the call's own state
    assert again.text == "Sie können auch Tasten drücken: Eins für Ja, Zwei für Nein."

    phone_app.container.dialogue = Scripted(Reply("Noch etwas?", (Choice("Ja", "yes"), Choice("Nein", "no"))))
    assert phone.say("hm").text.endswith(ANNOUNCED)
    assert phone.press("#").text.endswith(ANNOUNCED)
