"""Shop rules on the phone (issue 16), as signed Twilio webhooks through the app: allergens read
one by one, and the age question answered with a key."""

from __future__ import annotations

import pytest

from ordering.residents import ResidentData, mark_phone_verified, register_resident
from tests.ordering.conftest import NOW, build_world
from tests.ordering.test_shop_rules import RULES_REGION
from tests.voice.conftest import ANNA
from tests.voice.test_phone_orders import assert_listening


@pytest.fixture
def world(db):
    world = build_world(db, RULES_REGION.replace(
        "allergens: [schwefeldioxid]", "allergens: [schwefeldioxid, sellerie]"))
    with world.db.session() as s:
        anna = register_resident(s, world.region_id, ResidentData(name="Anna Schulte", phone=ANNA, street="Markt 3",
                                                                  postcode="48653"))
        mark_phone_verified(s, anna, NOW)
    return world


def test_allergens_are_read_one_by_one_on_the_phone(phone_app):
    phone = phone_app.phone()
    phone.call()
    said = phone.say("welche allergene hat der spätburgunder trocken")
    assert_listening(said)
    assert "Laut Angabe von der Weinhandlung König enthält Spätburgunder trocken: Schwefeldioxid und Sulfite. " \
           "Und Sellerie." in said.text
    said = phone.say("ist im roggenmischbrot nuss drin")
    assert "Dazu hat der Laden keine Angabe gemacht." in said.text


def test_the_age_question_is_answered_with_a_key(phone_app):
    phone = phone_app.phone()
    phone.call()
    phone.say("eine flasche münsterländer korn")
    said = phone.say("bestellen")
    for answer in ("liefern", "vier acht sechs fünf drei", "dienstag vormittag"):
        if "Sind Sie mindestens 18 Jahre alt?" in said.text:
            break
        said = phone.say(answer)
    assert "Sind Sie mindestens 18 Jahre alt?" in said.text
    assert_listening(said)
    said = phone.press("1")  # "Drücken Sie 1 für Ja"
    assert "Danke." in said.text and "Korn" not in said.text.split("Danke.")[0]
