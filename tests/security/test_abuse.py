"""Attacks played against the real app: floods, token guessing, forged proxy headers, and (further
down) shop SMS answers and identities tied by an unverified phone number.

Each test reproduces an attack of issue 13 and checks that it no longer succeeds.
"""

from __future__ import annotations

import re
import secrets
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
import redis
from sqlalchemy import select

from bot.channels.sms import texts as sms_texts
from bot.channels.web.session import COOKIE
from bot.ratelimit import RateLimits
from ordering import cart as carts
from ordering import checkout
from ordering.models import ANSWER_CODE_ALPHABET, Order, Resident, Shop, SubOrder
from tests.ordering.conftest import NOW
from tests.security.conftest import ADMIN_TOKEN, ATTACKER
from tests.voice.conftest import ANNA
from tests.voice.twilio_harness import ACCOUNT_SID, FROM_NUMBER, post_signed

REDIS_URL = "redis://127.0.0.1:6379/0"
HOF_PHONE = "+4925417070"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CHAT = {"X-Kiepe-Chat": "1"}  # what the chat page's script sends with every POST


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _register(client, n: int):
    return client.post("/api/regions/testland/residents", json={
        "name": f"Flood {n}", "phone": f"0151 {2000000 + n}", "street": "Markt 1", "postcode": "48653"})


def _retry_after(response) -> int:
    assert response.status_code == 429, response.text
    assert response.json()["error"] == "TooManyRequests"
    return int(response.headers["Retry-After"])


# ---------------------------------------------------------------- finding 9: rate limits


def _guess(client, n: int, headers: dict | None = None):
    """The n-th wrong token, in turn at the admin, the shop and the resident API."""
    path = ("/api/admin/regions/testland/orders", "/api/shop/sub-orders", "/api/me")[n % 3]
    return client.get(path, headers={**_bearer(secrets.token_urlsafe(24)), **(headers or {})})


def test_600_wrong_tokens_lock_the_client_out(make_client):
    client = make_client()
    answers = [_guess(client, n) for n in range(600)]
    refused = [a.status_code for a in answers[:10]]
    assert set(refused) <= {401, 403} and len(refused) == 10  # the limit: 10 per 15 minutes
    assert {a.status_code for a in answers[10:]} == {429}
    assert all(0 < _retry_after(a) <= 15 * 60 for a in answers[10:])
    # Locked out means locked out: the right token does not get through from this client either …
    assert client.get("/api/admin/regions/testland/orders", headers=ADMIN).status_code == 429
    # … while everyone else goes on as before.
    other = make_client(client=("198.51.100.7", 40000), container=client.app.state.container)
    assert other.get("/api/admin/regions/testland/orders", headers=ADMIN).status_code == 200


def test_a_missing_token_is_no_guess(make_client):
    client = make_client()
    assert {client.get("/api/me").status_code for _ in range(30)} == {401}


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(make_client):
    # Straight from the internet, a made-up header does not make every guess a new client.
    direct = make_client(trusted_proxies="10.0.0.0/8")
    spoofed = [_guess(direct, n, {"X-Forwarded-For": f"192.0.2.{n}"}).status_code for n in range(12)]
    assert spoofed[-1] == 429
    # Behind the proxy, the forwarded address is the client: one locked out, the next not.
    proxy = make_client(client=("10.0.0.1", 5000), container=direct.app.state.container)
    locked = [_guess(proxy, n, {"X-Forwarded-For": "192.0.2.200, 10.0.0.9"}).status_code for n in range(11)]
    assert locked[-1] == 429
    fine = proxy.get("/api/admin/regions/testland/orders", headers={**ADMIN, "X-Forwarded-For": "192.0.2.201"})
    assert fine.status_code == 200


def test_registration_flood_gets_429(make_client):
    client = make_client()
    statuses = [_register(client, n).status_code for n in range(200)]
    assert statuses[:10] == [201] * 10  # the limit: 10 an hour per client
    assert set(statuses[10:]) == {429}
    assert _retry_after(_register(client, 999)) > 0


def _new_chat_session(client, how: str = "turn"):
    """Ask the app for a new web chat session, as a script that drops its cookies every time does:
    the page, a turn without a cookie, or "Neu beginnen"."""
    client.cookies.clear()
    if how == "page":
        return client.get("/")
    if how == "restart":
        return client.post("/chat/session", headers=CHAT)
    return client.post("/chat/turn", json={}, headers=CHAT)


def test_chat_session_flood_gets_429(make_client):
    client = make_client()
    answers = [_new_chat_session(client) for _ in range(40)]
    statuses = [a.status_code for a in answers]
    assert statuses[:30] == [200] * 30  # the limit: 30 new sessions an hour per client
    assert set(statuses[30:]) == {429}
    assert all(COOKIE not in a.cookies for a in answers[30:])  # no session issued past the limit
    flooded = _new_chat_session(client)
    assert _retry_after(flooded) > 0 and "Bitte versuchen Sie es" in flooded.json()["resident_message"]
    # Every way to a new session counts: the page, "Neu beginnen", a cookie the app did not issue.
    assert _retry_after(_new_chat_session(client, "page")) > 0
    assert _retry_after(_new_chat_session(client, "restart")) > 0
    planted = client.post("/chat/turn", json={}, headers={**CHAT, "Cookie": f"{COOKIE}={uuid.uuid4().hex}.forged"})
    assert _retry_after(planted) > 0
    # A session the app already issued goes on.
    first = answers[0].cookies[COOKIE]
    client.cookies.clear()
    known = client.post("/chat/turn", json={"text": "Hilfe"}, headers={**CHAT, "Cookie": f"{COOKIE}={first}"})
    assert known.status_code == 200 and COOKIE not in known.cookies


@pytest.mark.parametrize("how", ["page", "restart"])
def test_new_sessions_by_the_page_or_restart_count_too(make_client, how):
    client = make_client()
    statuses = [_new_chat_session(client, how).status_code for _ in range(32)]
    assert statuses[:30] == [200 if how == "page" else 204] * 30 and statuses[30:] == [429, 429]
    assert _retry_after(_new_chat_session(client, "turn")) > 0  # one limit for all three ways


def test_one_token_cannot_hammer_the_api(make_client):
    client = make_client(rate_limit_per_token="5/minute")
    token = _register(client, 1).json()["token"]
    statuses = [client.get("/api/me", headers=_bearer(token)).status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3


def test_one_client_cannot_hammer_the_api(make_client):
    client = make_client(rate_limit_per_client="20/minute")
    statuses = [client.get("/api/regions/testland/shops").status_code for _ in range(25)]
    assert statuses == [200] * 20 + [429] * 5
    assert client.get("/healthz").status_code == 200  # not an API route: not counted


# ---------------------------------------------------------------- shared by several processes


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own on the shared Redis; only those keys are removed after."""
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    prefix = f"kiepe-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    for key in server.scan_iter(match=f"{prefix}*"):
        server.delete(key)
    server.close()


def test_two_processes_share_the_lockout_through_redis(make_client, world, redis_prefix):
    shared = {"redis_url": REDIS_URL, "rate_limit_key_prefix": redis_prefix}
    first, second = make_client(**shared), make_client(**shared)  # two apps, as two processes would be
    assert first.app.state.container is not second.app.state.container
    statuses = [_guess(first if n % 2 else second, n).status_code for n in range(12)]
    assert statuses[:10].count(429) == 0 and statuses[10:] == [429, 429]
    limits: RateLimits = first.app.state.container.rate_limits
    assert not limits.in_memory
    keys = redis.Redis.from_url(REDIS_URL).keys(f"{redis_prefix}*")
    assert keys and all(ATTACKER[0].encode() in k for k in keys)


# ---------------------------------------------------------------- finding 10: shops' SMS answers


def _shop_sms(phone_app, body: str, sid: str) -> str:
    response = post_signed(phone_app.client, "/sms/inbound", {
        "MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": HOF_PHONE, "To": FROM_NUMBER, "Body": body})
    assert response.status_code == 200
    return ET.fromstring(response.text).find("Message").text


def _order_at_the_farm(world) -> SubOrder:
    slot_id = world.slot("delivery", NOW.replace(hour=9) + timedelta(days=1))
    with world.db.session() as s:
        s.get(Shop, world.shops["hof-schulze"]).phone = HOF_PHONE  # public: on the shop's website, in the API
        anna = s.scalar(select(Resident).where(Resident.phone == ANNA))
        cart = carts.open_cart(s, world.region_id, resident_id=anna.id)
        carts.add_product(s, cart, world.products["frischmilch"], Decimal(2))
        checkout.choose_window(s, cart, slot_id, now=NOW)
        order = checkout.checkout(s, cart, now=NOW, payment_method="on_delivery", channel="web")
        s.expunge(sub := order.sub_orders[0])
        return sub


def _sub_status(world, sub_id: int) -> str:
    with world.db.session() as s:
        return s.get(SubOrder, sub_id).status


def test_a_faked_shop_number_cannot_answer_by_order_id(phone_app):
    sub = _order_at_the_farm(phone_app.world)
    # The attacker sends from the shop's (public) number, naming sequential ids.
    answers = [_shop_sms(phone_app, f"NEIN {n}", f"SMid{n}") for n in range(1, 4)]
    assert _sub_status(phone_app.world, sub.id) == "placed"
    # And learns nothing from the answers: no open orders, no ids, no codes.
    for answer in answers + [_shop_sms(phone_app, "hallo?", "SMhello")]:
        assert "Offen" not in answer and sub.answer_code not in answer and f" {sub.id}" not in answer


def test_guessing_answer_codes_locks_the_number_out(phone_app):
    sub = _order_at_the_farm(phone_app.world)
    for n in range(10):
        assert _shop_sms(phone_app, f"NEIN AAAA{n:02d}", f"SMguess{n}").startswith("Kiepe: Den Code")
    # Locked out: even the right code waits now, and the order stays as it was.
    assert _shop_sms(phone_app, f"NEIN {sub.answer_code}", "SMright") == sms_texts.TOO_MANY_WRONG
    assert _sub_status(phone_app.world, sub.id) == "placed"


def test_the_shop_answers_with_the_code_from_its_sms(phone_app):
    sub = _order_at_the_farm(phone_app.world)
    assert len(sub.answer_code) == 6 and set(sub.answer_code) <= set(ANSWER_CODE_ALPHABET)
    assert _shop_sms(phone_app, f"ja {sub.answer_code.lower()}", "SMok") == (
        f"Kiepe: Danke! Bestellung {sub.answer_code} ist bestätigt.")
    assert _sub_status(phone_app.world, sub.id) == "confirmed"


# ---------------------------------------------------------------- finding 4: a phone number is no identity

VICTIM = "+4915177777777"


def _attacker_registers_the_victims_number(client) -> tuple[str, dict]:
    created = client.post("/api/regions/testland/residents", json={
        "name": "Mallory", "phone": "0151 77777777", "street": "Diebesweg 13", "postcode": "48653"})
    assert created.status_code == 201 and created.json()["phone_verified"] is False
    return created.json()["token"], created.json()


def _victim_orders_by_phone(phone) -> str:
    hello = phone.call()
    assert "Mallory" not in hello.text
    phone.say("zwei Flaschen Frischmilch")
    phone.say("Bestellen")
    where = phone.press("1")  # delivery
    assert "Postleitzahl" in where.text and "Diebesweg" not in where.text
    phone.say("48653")
    phone.press("1")  # Tuesday
    phone.say("Vera Ohnesorg")
    readback = phone.say("Kirchplatz 1")
    assert "Lieferung an Kirchplatz 1, 48653 Coesfeld" in readback.text
    placed = phone.press("1")
    assert "aufgegeben" in placed.text
    return placed.text


def test_a_number_someone_else_registered_does_not_capture_the_callers_order(phone_app):
    token, _ = _attacker_registers_the_victims_number(phone_app.client)
    _victim_orders_by_phone(phone_app.phone(VICTIM))
    with phone_app.world.db.session() as s:
        order = s.scalar(select(Order).where(Order.channel == "voice"))
        assert order.street == "Kirchplatz 1" and order.customer_name == "Vera Ohnesorg"
        reference = order.reference
    # The attacker's token neither sees nor cancels it.
    assert phone_app.client.get("/api/me/orders", headers=_bearer(token)).json() == []
    cancel = phone_app.client.post(f"/api/me/orders/{reference}/cancel", headers=_bearer(token))
    assert cancel.status_code == 404
    # And a code to prove the number went to the number, not to the attacker.
    codes = [m for m in phone_app.twilio.messages if "Ihr Code lautet" in m["Body"]]
    assert [m["To"] for m in codes] == [VICTIM]


def test_a_number_proved_by_its_sms_code_ties_calls_to_the_account(phone_app):
    created = phone_app.client.post("/api/regions/testland/residents", json={
        "name": "Vera Ohnesorg", "phone": "0151 77777777", "street": "Kirchplatz 1", "postcode": "48653"})
    token = created.json()["token"]
    sms = next(m for m in phone_app.twilio.messages if m["To"] == VICTIM)["Body"]
    code = re.search(r"\b(\d{6})\b", sms).group(1)
    verified = phone_app.client.post("/api/me/phone/verify", json={"code": code}, headers=_bearer(token))
    assert verified.status_code == 200 and verified.json()["phone_verified"] is True

    phone = phone_app.phone(VICTIM)
    hello = phone.call()
    assert "Vera" not in hello.text  # greeted without the name
    phone.say("zwei Flaschen Frischmilch")
    phone.say("Bestellen")
    asked = phone.press("1")  # delivery: the stored address is used only after the postcode
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in asked.text and "Kirchplatz" not in asked.text
    phone.say("48653")
    readback = phone.press("1")
    assert "Lieferung an Kirchplatz 1, 48653 Coesfeld" in readback.text
    phone.press("1")
    assert len(phone_app.client.get("/api/me/orders", headers=_bearer(token)).json()) == 1


def test_a_wrong_postcode_hears_nothing_of_the_account(phone_app):
    # Anna (verified number) ordered before; someone calls with her number faked.
    _order_at_the_farm(phone_app.world)
    phone = phone_app.phone(ANNA)
    hello = phone.call()
    assert "Anna" not in hello.text and "Frischmilch" not in hello.text  # no "das Gleiche" before the postcode
    asked = phone.say("Wo bleibt meine Bestellung?")
    assert "Zur Sicherheit: Wie lautet Ihre Postleitzahl?" in asked.text and "K-" not in asked.text
    refused = phone.say("48727")  # not Anna's
    assert "finde ich nichts" in refused.text
    for words in ("Wo bleibt meine Bestellung?", "das Gleiche wie letztes Mal", "Bestellen"):
        said = phone.say(words).text
        assert "Frischmilch" not in said and "Markt 3" not in said and "K-" not in said, said
    with phone_app.world.db.session() as s:
        anna = s.scalar(select(Resident).where(Resident.name == "Anna Schulte"))
        assert anna.postcode == "48653" and anna.street == "Markt 3"  # untouched


def test_wrong_sms_codes_run_out(make_client, world):
    client = make_client()
    sent = []
    client.app.state.container.sms = type("Sms", (), {"send_text": lambda _s, to, text: sent.append(text)})()
    token = _register(client, 7).json()["token"]
    code = re.search(r"\b(\d{6})\b", sent[-1]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    statuses = [client.post("/api/me/phone/verify", json={"code": wrong}, headers=_bearer(token)).status_code
                for _ in range(5)]
    assert statuses == [422] * 5
    right = client.post("/api/me/phone/verify", json={"code": code}, headers=_bearer(token))
    assert right.status_code == 409  # the tries are used up (they were counted though each try failed)
    assert client.post("/api/me/phone/code", headers=_bearer(token)).status_code == 202
    code = re.search(r"\b(\d{6})\b", sent[-1]).group(1)
    assert client.post("/api/me/phone/verify", json={"code": code}, headers=_bearer(token)).json()["phone_verified"]
