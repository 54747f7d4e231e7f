"""Misunderstandings, silence, keys, the hand-over, and turns that arrive together."""

from __future__ import annotations

import anyio
import pytest
from sqlalchemy import select

from ordering.models import Cart
from tests.dialogue.conftest import Talk, phone_call

pytestmark = pytest.mark.anyio


async def test_after_two_misunderstandings_the_phone_offers_keys_then_a_person(container):
    call = phone_call(container)
    await call()
    first = await call("blubb blabb")
    assert "nicht" in first and call.last[-1].action == "continue"
    second = await call("xyzzy plugh")
    assert "Tasten" in second and "1 für" in second
    third = await call("grmbl fnord")
    assert call.last[-1].action == "handoff"
    assert "verbinde" in third


async def test_zero_and_asking_for_a_person_hand_over(container):
    call = phone_call(container)
    await call()
    await call(dtmf="0")
    assert call.last[-1].action == "handoff"
    again = phone_call(container, key="call-2")
    await again("ich möchte einen menschen sprechen")
    assert again.last[-1].action == "handoff"


async def test_keys_choose_what_was_offered(container):
    call = phone_call(container)
    await call("sechs brötchen")
    offered = call.choices
    await call(dtmf="2")
    text = " ".join(r.text for r in call.last)
    assert offered[1][0].split(",")[0].split(" von ")[1] in text  # the second bakery


async def test_silence_never_ends_the_call_by_accident(container):
    call = phone_call(container)
    await call()
    text = await call(silence=True)
    assert "Sind Sie noch da?" in text and call.last[-1].action == "continue"


async def test_wie_bitte_repeats(container):
    call = phone_call(container)
    first = await call("zehn eier vom hof schulze")
    again = await call("wie bitte")
    assert first.split(".")[0] in again


async def test_nonsense_never_raises(talk):
    for said in ("", "   ", "€€€", "🙂" * 50, "x" * 2000, "1" * 40, "DROP TABLE carts;"):
        text = await talk(said)
        assert text


GARBLED_BUTTONS = ("slot:abc", "days:x", "day:morgen", "add:zz", "inc:", "remove:-1", "browse:x", "muni:",
                   "cat:terstegen|0", "fulfil:drone", "minorder:keep:x", "qty:NaN", "unknown:1", "Cart", "x" * 64)


@pytest.mark.parametrize("value", GARBLED_BUTTONS)
async def test_a_garbled_or_forged_button_gets_a_kind_answer_and_the_question_again(talk, value):
    await talk("sechs brötchen")
    asked = " ".join(r.text for r in talk.last)
    text = await talk(choice=value)
    assert text.startswith("Diese Auswahl ist nicht mehr aktuell.")
    assert "schiefgegangen" not in text
    assert asked in text  # what was asked, asked again
    await talk(choice=talk.choice_value("Terstegen"))  # and the question still works
    assert "Notiert" in " ".join(r.text for r in talk.last)


async def test_a_button_of_an_answered_question_is_no_longer_current(talk):
    await talk("sechs brötchen")
    await talk(choice=talk.choice_value("Terstegen"))
    text = await talk(choice="pick:terstegen/weizenbroetchen")
    assert text.startswith("Diese Auswahl ist nicht mehr aktuell.")


async def test_family_members_typing_at_once_keep_both_items(container):
    """Two turns of one group conversation at the same moment: the conversation row lock
    queues them, so neither item is lost."""
    mum = Talk(phone_call(container).dialogue, channel="telegram", key="tg-group-1", shared_cart_key="tg-group:1")
    dad = Talk(mum.dialogue, channel="telegram", key="tg-group-1", shared_cart_key="tg-group:1")
    async with anyio.create_task_group() as tg:
        tg.start_soon(mum, "zehn eier vom hof schulze")
        tg.start_soon(dad, "ein roggenmischbrot von terstegen")
    with container.database.session() as s:
        cart = s.scalar(select(Cart).where(Cart.owner_key == "tg-group:1"))
        assert sorted(l.product.slug for l in cart.lines) == ["eier-10er", "roggenmischbrot"]


async def test_vouchers_for_a_shop(talk, container):
    text = await talk("ich möchte einen gutschein über 20 euro für die bäckerei terstegen")
    assert "Gutschein über 20,00 €" in text
    with container.database.session() as s:
        cart = s.scalar(select(Cart).where(Cart.owner_key == "web:test-1"))
        assert [(l.shop.slug, l.voucher_cents) for l in cart.lines] == [("baeckerei-terstegen", 2000)]
    text = await talk("noch einen gutschein über 500 euro für den hof schulze")
    assert "bis" in text  # outside the shop's range: the range is named


async def test_a_voucher_amount_is_the_euros_not_the_count_and_never_a_time(talk, container):
    await talk("6 Brötchen von Terstegen\n1 Gutschein 30€ von Terstegen")
    await talk("1 Gutschein über 50 € für den Hof Schulze")
    with container.database.session() as s:
        cart = s.scalar(select(Cart).where(Cart.owner_key == "web:test-1"))
        vouchers = sorted((l.shop.slug, l.voucher_cents) for l in cart.lines if l.voucher_cents)
    assert vouchers == [("baeckerei-terstegen", 3000), ("hof-schulze", 5000)]
    from bot.dialogue.understanding import parse_euro
    assert parse_euro("Donnerstag nach 17 Uhr") is None  # no 17-euro voucher from a time of day
