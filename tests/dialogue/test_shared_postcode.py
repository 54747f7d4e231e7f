"""A postcode several municipalities share (Hilders and Ehrenberg share 36115) in the dialogue: the
town said with it decides; where none was said the resident is asked, kindly and once more at most,
and the cart is never lost. Over the small Rhön region (tests/fixtures/catalogs/rhoen.yml), with the
rule-based understanding and the clock on Monday 23 November 2026, 10:00."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.clock import Clock
from bot.composition import Container, build_container
from bot.dialogue.engine import Dialogue
from bot.settings import REPO_ROOT, Settings
from nlu.offline import OfflineNlu
from ordering import windows
from ordering.catalog_file import read_catalog
from ordering.catalog_import import import_catalog
from ordering.models import Cart, CartLine, Region, Resident, SlotHold
from ordering.residents import ResidentData, mark_phone_verified, register_resident
from tests.dialogue.conftest import NOW, Talk, phone_call

pytestmark = pytest.mark.anyio

ASKED = "Die Postleitzahl 36115 gilt für Hilders und Ehrenberg. In welchem Ort wohnen Sie?"
BREAD = "6 Brötchen von der Bäckerei Ulrich"


@pytest.fixture
def container(db) -> Container:
    with db.session() as s:
        import_catalog(s, read_catalog(REPO_ROOT / "tests" / "fixtures" / "catalogs" / "rhoen.yml"))
    with db.session() as s:
        windows.generate_slots(s, s.scalar(select(Region)), date(2026, 11, 22), 16)
    settings = Settings(database_url=db.url, rasa_manage=False, dispatch_events=False)
    return build_container(settings, database=db, clock=Clock(NOW), nlu=OfflineNlu())


@pytest.fixture
def talk(container) -> Talk:
    return Talk(Dialogue(container))


def _where(container: Container, resident_id: int | None = None) -> tuple:
    """(postcode, municipality, town, street) of the resident (the newest, unless named)."""
    with container.database.session() as s:
        query = select(Resident).order_by(Resident.id.desc())
        resident = s.get(Resident, resident_id) if resident_id else s.scalars(query).first()
        return (resident.postcode, resident.municipality.slug if resident.municipality else None, resident.town,
                resident.street)


def _goods(container: Container) -> list[tuple[str, Decimal]]:
    """The open cart's lines as (product, quantity); a quantity compares equal to its whole number."""
    with container.database.session() as s:
        return sorted((line.product.slug, line.quantity) for line in s.scalars(select(CartLine))
                      if line.cart.status == "open")


def _held_municipality(container: Container) -> str:
    with container.database.session() as s:
        hold = s.scalar(select(SlotHold).where(SlotHold.status == "held"))
        return hold.slot.municipality.slug


async def _to_the_postcode_question(talk: Talk) -> None:
    await talk(BREAD)
    await talk("bestellen")
    text = await talk(choice=talk.choice_value("Liefern"))
    assert text == "Wohin sollen wir liefern? Nennen Sie mir bitte Ihre Postleitzahl."


async def test_the_postcode_alone_asks_for_the_town_and_the_answer_decides(talk, container):
    await _to_the_postcode_question(talk)
    assert await talk("36115") == ASKED
    assert talk.choices == [("Hilders", "place:hilders"), ("Ehrenberg", "place:ehrenberg")]
    assert _where(container)[:2] == (None, None)  # nothing guessed while the question waits
    text = await talk("ehrenberg")  # lower case, as typed in a hurry
    assert text.startswith("Gut, Ehrenberg. Wann passt es Ihnen?")
    assert _where(container)[:3] == ("36115", "ehrenberg", "Ehrenberg")
    await talk(choice=talk.choice_value("Dienstag, 24. November, 9–12"))
    assert _held_municipality(container) == "ehrenberg"  # Ehrenberg's window, not Hilders'
    assert _goods(container) == [("weizenbroetchen", 6)]
    for answer in ("Anna Roth", "06683 123456", "Kirchstraße 4"):
        text = await talk(answer)
    assert "Lieferung an Kirchstraße 4, 36115 Ehrenberg am Dienstag, 24. November, 9–12 Uhr" in text
    assert "Ihre Bestellung ist aufgegeben" in await talk(choice=talk.choice_value("Ja, bestellen"))


async def test_the_town_is_chosen_by_its_button(talk, container):
    await _to_the_postcode_question(talk)
    await talk("36115")
    text = await talk(choice=talk.choice_value("Hilders"))
    assert text.startswith("Gut, Hilders.")
    assert _where(container)[:2] == ("36115", "hilders")


async def test_postcode_and_town_in_one_go_ask_nothing(talk, container):
    await _to_the_postcode_question(talk)
    text = await talk("36115 Hilders")
    assert "Postleitzahl" not in text and text.startswith("Wann passt es Ihnen?")
    assert _where(container)[:3] == ("36115", "hilders", "Hilders")


async def test_a_whole_address_said_in_passing_is_kept_with_its_town(talk, container):
    await talk(BREAD)
    text = await talk("Kirchstraße 4, 36115 Ehrenberg")
    assert "In welchem Ort" not in text and "Kirchstraße 4" in text
    assert _where(container) == ("36115", "ehrenberg", "Ehrenberg", "Kirchstraße 4")
    await talk("bestellen")
    text = await talk(choice=talk.choice_value("Liefern"))
    assert text.startswith("Wann passt es Ihnen?")  # no postcode question: the address is known
    assert _goods(container) == [("weizenbroetchen", 6)]


async def test_street_and_postcode_without_the_town_ask_for_the_town(talk, container):
    await _to_the_postcode_question(talk)
    assert await talk("Kirchstraße 4, 36115") == ASKED
    text = await talk("in Ehrenberg")
    assert text.startswith("Gut, Ehrenberg.")
    assert _where(container) == ("36115", "ehrenberg", "Ehrenberg", "Kirchstraße 4")


async def test_a_postcode_of_one_municipality_asks_nothing(talk, container):
    await _to_the_postcode_question(talk)
    assert (await talk("36142")).startswith("Wann passt es Ihnen?")
    assert _where(container)[:3] == ("36142", "tann", "Tann (Rhön)")


async def test_on_the_phone_as_the_speech_recogniser_writes_it(container):
    call = phone_call(container)
    await call("sechs brötchen von der bäckerei ulrich")
    await call("das wars")
    assert await call("liefern bitte") == "Wohin sollen wir liefern? Nennen Sie mir bitte Ihre Postleitzahl."
    assert await call("drei sechs eins eins fünf") == ASKED
    text = await call("ähm in ehrenburg kirchstraße vier")  # misheard, with the street
    assert text.startswith("Gut, Ehrenberg. Wann passt es Ihnen?")
    assert _where(container) == ("36115", "ehrenberg", "Ehrenberg", "Kirchstraße 4")


async def test_on_the_phone_a_key_chooses_the_town(container):
    call = phone_call(container)
    await call("sechs brötchen von der bäckerei ulrich")
    await call("das wars")
    await call("liefern bitte")
    await call("sechsunddreißig eins eins fünf")
    text = await call(dtmf="2")
    assert text.startswith("Gut, Ehrenberg.")
    assert _where(container)[:2] == ("36115", "ehrenberg")


async def test_a_town_not_understood_is_asked_once_more_then_let_go_with_the_cart_kept(talk, container):
    await _to_the_postcode_question(talk)
    await talk("36115")
    text = await talk("Wüstensachsen")
    assert text == "Entschuldigung, den Ort habe ich nicht verstanden. Wohnen Sie in Hilders oder Ehrenberg?"
    assert [label for label, _ in talk.choices] == ["Hilders", "Ehrenberg"]
    text = await talk("Wüstensachsen")
    assert text == ("Den Ort kann ich leider nicht zuordnen. Sie können an einer Abholstation abholen, oder jemand "
                    "aus unserem Team hilft Ihnen weiter. Ihr Warenkorb bleibt gespeichert.")
    assert [label for label, _ in talk.choices] == ["Selbst abholen", "Mit einem Menschen sprechen"]
    assert _where(container)[:2] == (None, None) and _goods(container) == [("weizenbroetchen", 6)]
    text = await talk(choice=talk.choice_value("Selbst abholen"))
    assert "Wann möchten Sie abholen?" in text  # on with the cart, no third question about the town


async def test_goods_said_while_the_town_is_asked_are_added_and_the_question_waits(talk, container):
    await _to_the_postcode_question(talk)
    await talk("36115")
    text = await talk("und noch 2 Packungen Eier vom Hof")
    assert ASKED in text
    assert _goods(container) == [("eier", 2), ("weizenbroetchen", 6)]
    assert (await talk("Hilders")).startswith("Gut, Hilders.")


async def test_a_question_about_goods_waits_while_the_town_is_asked_and_comes_back(talk, container):
    await talk("Schafskäse vom Hofladen")
    asked = "Wie viel Rhöner Schafskäse möchten Sie? Zum Beispiel 200 Gramm oder ein Pfund."
    assert asked in " ".join(r.text for r in talk.last)
    assert await talk("Kirchstraße 4, 36115") == ASKED
    text = await talk("Ehrenberg")
    assert text == f"Danke, notiert: Kirchstraße 4, 36115 Ehrenberg. {asked}"
    assert [label for label, _ in talk.choices] == ["250 Gramm", "500 Gramm", "1 Kilo"]
    await talk("300 g")
    assert _goods(container) == [("schafskaese", Decimal("0.3"))]
    assert _where(container) == ("36115", "ehrenberg", "Ehrenberg", "Kirchstraße 4")


async def test_the_postcode_said_again_with_the_town_answers_the_question(talk, container):
    await _to_the_postcode_question(talk)
    await talk("36115")
    text = await talk("36115 Ehrenberg")
    assert text.startswith("Gut, Ehrenberg.")
    assert _where(container)[:2] == ("36115", "ehrenberg")


async def test_a_caller_who_says_another_shared_postcode_is_asked_the_town_and_served_there(container):
    with container.database.session() as s:
        region = s.scalar(select(Region))
        tann = register_resident(s, region.id, ResidentData(name="Karl Möller", phone="+49 2541 111111",
                                                            street="Marktplatz 2", postcode="36142"))
        mark_phone_verified(s, tann, NOW)
        tann_id = tann.id
    call = phone_call(container)
    await call("sechs brötchen von der bäckerei ulrich")
    await call("das wars")
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in await call("liefern bitte")
    assert await call("drei sechs eins eins fünf") == ASKED
    text = await call("hilders")
    assert text.startswith("Wann passt es Ihnen?")
    assert _where(container)[:2] == ("36115", "hilders")  # served as a new customer there
    assert _where(container, tann_id) == ("36142", "tann", "Tann (Rhön)", "Marktplatz 2")  # the account untouched
    with container.database.session() as s:
        cart = s.scalar(select(Cart).where(Cart.status == "open"))
        assert cart.resident_id != tann_id and [line.product.slug for line in cart.lines] == ["weizenbroetchen"]
