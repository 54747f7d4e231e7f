"""Shops without Telegram send what they weighed: "GEWICHT <code> 1,620" (signed Twilio webhooks)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from bot.channels.sms.shop_weights import parse
from ordering.models import Order, OrderLine, SubOrder
from tests.sms.test_shop_sms import HOF, _code, _dispatch, _place, _sms
from tests.voice.conftest import ANNA


def _kartoffeln(world, sub_id: int) -> OrderLine:
    with world.db.session() as s:
        line = next(l for l in s.get(SubOrder, sub_id).lines if l.name == "Kartoffeln")
        s.expunge(line)
        return line


def test_the_order_sms_says_what_to_weigh_and_how(phone_app):
    subs = _place(phone_app.world)
    _dispatch(phone_app)
    code = _code(phone_app.world, subs["hof-schulze"])
    hof = next(m["Body"] for m in phone_app.twilio.messages if m["To"] == HOF)
    # 1,5 kg ordered; 10 % tolerance (the catalog names none): at most 1,650 kg.
    assert "etwa 1,5 Kilo Kartoffeln: 2,70 €" in hof
    assert f"Abzuwiegen: Kartoffeln, höchstens 1,650 kg. Gewicht bitte per SMS: GEWICHT {code} 0,312" in hof


def test_gewicht_sets_the_weighed_price_and_refuses_above_the_tolerance(phone_app):
    world = phone_app.world
    hof = _place(world)["hof-schulze"]
    code = _code(world, hof)

    answer = _sms(phone_app, HOF, f"GEWICHT {code} 1,7", "SM1")
    assert answer == "Kiepe: Kartoffeln: Höchstens 1,650 kg (10 % über 1,500 kg). Es wurde nichts geändert."
    assert _kartoffeln(world, hof).weighed_quantity is None

    answer = _sms(phone_app, HOF, f"Gewicht {code.lower()} 1,620 kg", "SM2")
    # 1,62 kg × 1,80 €/kg = 2,92 €; milk 2,58 €.
    assert answer == f"Kiepe: Danke! Kartoffeln bei Bestellung {code}: 1,620 kg, 2,92 €. Neue Summe 5,50 €."
    line = _kartoffeln(world, hof)
    assert (line.weighed_quantity, line.total_cents, line.quantity) == (Decimal("1.620"), 292, Decimal("1.500"))
    with world.db.session() as s:
        sub = s.get(SubOrder, hof)
        assert sub.subtotal_cents == 550
        assert sub.order.total_cents == sum(x.subtotal_cents for x in sub.order.sub_orders) + 350

    # A lighter cut is fine and replaces the first weight (before the money followed it).
    assert _sms(phone_app, HOF, f"GEWICHT {code} 1400 g", "SM3").endswith("1,400 kg, 2,52 €. Neue Summe 5,10 €.")
    # Twilio repeating a webhook gets the same answer and changes nothing.
    assert _sms(phone_app, HOF, f"GEWICHT {code} 1,620", "SM2").endswith("Neue Summe 5,50 €.")
    assert _kartoffeln(world, hof).weighed_quantity == Decimal("1.400")


def test_wrong_code_no_code_and_lines_sold_by_the_piece(phone_app):
    world = phone_app.world
    subs = _place(world)
    code = _code(world, subs["hof-schulze"])
    assert "Den Code" in _sms(phone_app, HOF, "GEWICHT AAAAAA 1,2", "SM1")
    assert _sms(phone_app, HOF, "Gewicht 1,2", "SM2").startswith("Kiepe: Bitte schicken Sie das Gewicht so:")
    assert "Bitte nur das Gewicht" in _sms(phone_app, HOF, f"GEWICHT {code} viel", "SM3")
    # Another shop's code is not this shop's order.
    other = _code(world, subs["weinhandlung-koenig"])
    assert "Den Code" in _sms(phone_app, HOF, f"GEWICHT {other} 1,2", "SM4")


def test_parse_names_the_line_when_several_are_weighed():
    assert parse("GEWICHT K7M3PX 2 0,312") is not None and parse("GEWICHT K7M3PX 2 0,312").position == 2
    one_kilo = parse("GEWICHT K7M3PX 1 kg")
    assert one_kilo is not None and (one_kilo.position, one_kilo.weight) == (None, "1 kg")
    plain = parse("gewicht: k7m3px 0,312")
    assert plain is not None and (plain.code, plain.position, plain.weight) == ("K7M3PX", None, "0,312")
    assert parse("JA K7M3PX") is None


def test_a_phone_resident_gets_the_final_amount_by_sms(phone_app):
    world = phone_app.world
    hof = _place(world, channel="voice")["hof-schulze"]
    _dispatch(phone_app)
    summary = next(m["Body"] for m in phone_app.twilio.messages if m["To"] == ANNA)
    assert "etwa 1,5 Kilo Kartoffeln" in summary and "Abgerechnet wird nach Gewicht" in summary
    _sms(phone_app, HOF, f"GEWICHT {_code(world, hof)} 1,620", "SM1")
    _dispatch(phone_app)
    with world.db.session() as s:
        total = s.scalar(select(Order.total_cents))
    final = [m["Body"] for m in phone_app.twilio.messages if m["To"] == ANNA and "ist abgewogen" in m["Body"]]
    euro = f"{total // 100},{total % 100:02d} €"
    assert len(final) == 1 and final[0].endswith(f"Der Endbetrag ist {euro}."), final
