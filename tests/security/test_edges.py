"""The audit's attacks (issue 13), played against the real app: each once succeeded, now must fail.

Sections follow the findings: production secrets (1), link codes (2, 3), body sizes (11),
Stripe event shapes (12), revealing errors (13), web-chat sessions (14).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.telegram import linking
from bot.channels.telegram.app import build_application, use_application
from bot.clock import Clock
from bot.composition import build_container
from bot.production import ConfigurationError
from bot.settings import DEFAULT_ADMIN_TOKEN, Settings
from nlu.offline import OfflineNlu
from tests.ordering.conftest import NOW, World, build_world
from tests.support import secrets
from tests.telegram.conftest import RecordingRequest, Telegram, make_settings

SHOP_CHAT = 7001
ATTACKER_CHATS = (6601, 6602, 6603, 6604)


@pytest.fixture
def world(db) -> World:
    return build_world(db)


# ---------------------------------------------------------------- 1: production secrets


def test_a_public_app_with_the_default_admin_token_does_not_start(world):
    settings = Settings(database_url=world.db.url, public_url="https://kiepe.example", rasa_manage=False)
    assert settings.admin_token == DEFAULT_ADMIN_TOKEN
    with pytest.raises(ConfigurationError, match="KIEPE_ADMIN_TOKEN is the built-in development default"):
        create_app(build_container(settings, database=world.db, nlu=OfflineNlu()))


def test_an_app_listening_on_all_interfaces_with_weak_secrets_does_not_start(world):
    settings = Settings(database_url=world.db.url, host="0.0.0.0", admin_token="short", rasa_manage=False,
                        link_secret=secrets.LINK_SECRET)
    with pytest.raises(ConfigurationError, match="KIEPE_ADMIN_TOKEN has 5 characters"):
        create_app(build_container(settings, database=world.db, nlu=OfflineNlu()))


def test_kiepe_serve_refuses_weak_secrets_before_touching_the_database(monkeypatch, tmp_path, capsys):
    from bot.cli import main
    from bot.settings import get_settings

    database = tmp_path / "never.db"
    monkeypatch.setenv("KIEPE_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("KIEPE_PUBLIC_URL", "https://kiepe.example")
    monkeypatch.setenv("KIEPE_STRIPE_WEBHOOK_SECRET", "whsec_short")
    for name in ("KIEPE_ADMIN_TOKEN", "KIEPE_LINK_SECRET", "KIEPE_HOST"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    try:
        assert main(["serve", "--no-nlu"]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert "refuses to start" in err and "KIEPE_PUBLIC_URL=https://kiepe.example" in err
    assert "KIEPE_LINK_SECRET is not set" in err and "KIEPE_STRIPE_WEBHOOK_SECRET has 11 characters" in err
    assert not database.exists()


def test_the_admin_token_of_a_public_app_is_the_configured_one(world):
    """Once the app starts in production, only the strong token reaches the admin API."""
    settings = Settings(database_url=world.db.url, public_url="https://kiepe.example", rasa_manage=False,
                        admin_token=secrets.ADMIN_TOKEN, link_secret=secrets.LINK_SECRET)
    with TestClient(create_app(build_container(settings, database=world.db, nlu=OfflineNlu()))) as client:
        url = "/api/admin/regions/testland/orders"
        assert client.get(url, headers={"Authorization": f"Bearer {DEFAULT_ADMIN_TOKEN}"}).status_code == 403
        assert client.get(url, headers={"Authorization": f"Bearer {secrets.ADMIN_TOKEN}"}).status_code == 200


# ---------------------------------------------------------------- 2, 3: Telegram link codes


@pytest.fixture
def served(world) -> Iterator[tuple[TestClient, RecordingRequest, Telegram]]:
    """The app with the Telegram webhook, as in production (public URL, strong secrets)."""
    settings = make_settings(world, public_url="https://kiepe.example")
    container = build_container(settings, database=world.db, clock=Clock(NOW), nlu=OfflineNlu())
    rec = RecordingRequest()
    application = build_application(container, request=rec)
    use_application(container, application)
    with TestClient(create_app(container)) as client:
        yield client, rec, Telegram(application, rec, container)


def _say(client: TestClient, tg: Telegram, chat_id: int, text: str) -> None:
    answer = client.post("/telegram/webhook", json=tg.message_json(chat_id, chat_id, text),
                         headers={"X-Telegram-Bot-Api-Secret-Token": secrets.TELEGRAM_SECRET_TOKEN})
    assert answer.status_code == 200


def _issued_code(client: TestClient, shop_id: int) -> str:
    answer = client.post(f"/api/admin/shops/{shop_id}/telegram-link-code",
                         headers={"Authorization": f"Bearer {secrets.ADMIN_TOKEN}"})
    assert answer.status_code == 200, answer.text
    return answer.json()["code"]


def _linked_chat(world: World, slug: str) -> int | None:
    from ordering.models import Shop

    with world.db.session() as s:
        return s.get(Shop, world.shops[slug]).telegram_chat_id


def _forge(key: bytes, shop_id: int, expires: int, nonce: int) -> str:
    """A code in the issued format, signed with ``key``: what an attacker who knew the key would send."""
    body = struct.pack(">IIQ", shop_id, expires, nonce)
    mac = hmac.new(key, body, hashlib.sha256).digest()[:9]
    return base64.b32encode(body + mac).decode().rstrip("=")


def test_a_link_code_cannot_be_forged_with_the_admin_token(served, world):
    """Whoever knows the admin token (it is typed into API calls) learns nothing about link codes."""
    client, rec, tg = served
    expires = int((NOW + timedelta(hours=1)).timestamp())
    guesses = [
        hashlib.sha256(f"kiepe-telegram-link:{secrets.ADMIN_TOKEN}".encode()).digest(),  # the old derivation
        hmac.new(secrets.ADMIN_TOKEN.encode(), b"kiepe:telegram-link", hashlib.sha256).digest(),  # today's, wrong secret
    ]
    for chat, key in zip(ATTACKER_CHATS, guesses):
        _say(client, tg, chat, f"/link {_forge(key, world.shops['hof-schulze'], expires, 1)}")
        assert "kenne ich nicht" in rec.last_text(chat)
    assert _linked_chat(world, "hof-schulze") is None


def test_a_one_time_link_code_works_once_whatever_its_spelling(served, world):
    client, rec, tg = served
    code = _issued_code(client, world.shops["hof-schulze"])
    _say(client, tg, SHOP_CHAT, f"/link {code}")
    assert "verknüpft" in rec.last_text(SHOP_CHAT)
    spellings = [code.lower(), code + "======", code[:20] + " " + code[20:], code.swapcase()]
    for chat, spelling in zip(ATTACKER_CHATS, spellings):
        _say(client, tg, chat, f"/link {spelling}")
        assert "verknüpft" not in rec.last_text(chat), spelling
    assert _linked_chat(world, "hof-schulze") == SHOP_CHAT


def test_the_nonce_is_spent_even_when_the_encoding_differs(world):
    """Two encodings of the same bytes (were four before): the second redemption is refused."""
    from ordering.errors import Conflict, Invalid
    from ordering.models import Shop

    container = build_container(make_settings(world), database=world.db, clock=Clock(NOW), nlu=OfflineNlu())
    key = linking.signing_key(container)
    with world.db.session() as s:
        code = linking.make_code(key, s.get(Shop, world.shops["hof-schulze"]), NOW, hours=1).code
    with world.db.session() as s:
        linking.redeem(s, key, code, SHOP_CHAT, NOW)
    raw = base64.b32decode(code)
    for other in (code.lower(), base64.b32encode(raw).decode()):  # same bytes; padded is not canonical
        with pytest.raises((Conflict, Invalid)), world.db.session() as s:
            linking.redeem(s, key, other, ATTACKER_CHATS[0], NOW)
    assert _linked_chat(world, "hof-schulze") == SHOP_CHAT


# ---------------------------------------------------------------- 12: Stripe events of the wrong shape


@pytest.fixture
def stripe_app(world) -> Iterator[TestClient]:
    """The app with Stripe's webhook configured; the gateway is never reached by these events."""
    from integrations.stripe_gateway import StripeGateway

    settings = Settings(database_url=world.db.url, rasa_manage=False, dispatch_events=False,
                        stripe_webhook_secret=secrets.STRIPE_WEBHOOK_SECRET)
    gateway = StripeGateway("sk_test_unused", api_base="http://127.0.0.1:9", max_network_retries=0)
    container = build_container(settings, database=world.db, clock=Clock(NOW), nlu=OfflineNlu(), gateway=gateway)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def _deliver(client: TestClient, event: object):
    import json
    import time

    from ordering.payments.webhooks import sign

    body = json.dumps(event).encode()
    return client.post("/webhooks/stripe", content=body, headers={
        "Content-Type": "application/json",
        "Stripe-Signature": sign(body, secrets.STRIPE_WEBHOOK_SECRET, int(time.time()))})


@pytest.mark.parametrize("event", [
    {"id": "evt_no_object_id", "type": "checkout.session.completed", "data": {"object": {"object": "checkout.session"}}},
    {"id": "evt_no_data", "type": "checkout.session.expired"},
    {"id": "evt_list_data", "type": "checkout.session.completed", "data": ["cs_1"]},
    {"id": "evt_string_object", "type": "payment_intent.succeeded", "data": {"object": "pi_1"}},
    {"id": ["evt_list_id"], "type": "checkout.session.completed", "data": {"object": {"id": "cs_1"}}},
    ["not", "an", "event"],
])
def test_a_signed_stripe_event_of_the_wrong_shape_gets_a_400_not_a_500(stripe_app, world, event):
    from ordering.models import ProcessedEvent

    answer = _deliver(stripe_app, event)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "Rejected"
    with world.db.session() as s:
        assert s.query(ProcessedEvent).count() == 0  # nothing marked: a corrected retry is processed


def test_odd_but_harmless_stripe_events_are_answered(stripe_app):
    intent = {"id": "evt_odd_metadata", "type": "payment_intent.succeeded",
              "data": {"object": {"id": "pi_1", "metadata": ["kiepe_payment", "1"]}}}
    assert _deliver(stripe_app, intent).json() == {"status": "processed"}
    unknown = {"id": "evt_unknown_session", "type": "checkout.session.completed",
               "data": {"object": {"id": "cs_not_ours"}}}
    assert _deliver(stripe_app, unknown).json() == {"status": "processed"}  # another app's session: nothing to do


# ---------------------------------------------------------------- 11: body sizes


@pytest.fixture
def app_client(world) -> Iterator[TestClient]:
    """The app with its default limits and every webhook configured, so each would read its body."""
    from integrations.stripe_gateway import StripeGateway

    settings = make_settings(world, public_url="https://kiepe.example", rasa_url="http://127.0.0.1:9",
                             stripe_webhook_secret=secrets.STRIPE_WEBHOOK_SECRET,
                             twilio_auth_token=secrets.TWILIO_AUTH_TOKEN)
    gateway = StripeGateway("sk_test_unused", api_base="http://127.0.0.1:9", max_network_retries=0)
    container = build_container(settings, database=world.db, clock=Clock(NOW), nlu=OfflineNlu(), gateway=gateway)
    use_application(container, build_application(container, request=RecordingRequest()))
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def _streamed(total: int, chunk: int = 64 * 1024):
    """A body sent in chunks without Content-Length (chunked transfer): only counting finds its size."""
    sent = 0
    while sent < total:
        yield b" " * min(chunk, total - sent)
        sent += chunk


TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize("path, headers", [
    ("/chat/turn", {"Content-Type": "application/json"}),
    ("/api/regions/testland/residents", {"Content-Type": "application/json"}),
    ("/telegram/webhook", {"Content-Type": "application/json"}),
    ("/voice/incoming", {"Content-Type": "application/x-www-form-urlencoded"}),
    ("/sms/inbound", {"Content-Type": "application/x-www-form-urlencoded"}),
    ("/webhooks/stripe", {"Content-Type": "application/json"}),
])
def test_a_ten_megabyte_body_is_refused_with_413(app_client, path, headers):
    headers = {**headers, "X-Telegram-Bot-Api-Secret-Token": secrets.TELEGRAM_SECRET_TOKEN}
    declared = app_client.post(path, content=b"{" + b" " * TEN_MB + b"}", headers=headers)
    assert declared.status_code == 413, declared.text
    streamed = app_client.post(path, content=_streamed(TEN_MB), headers=headers)
    assert streamed.status_code == 413, streamed.text
    assert streamed.headers["x-content-type-options"] == "nosniff"


def test_chat_and_webhooks_take_small_bodies_and_refuse_a_bit_more(app_client):
    small = app_client.post("/chat/turn", json={"text": "Brot " * 200}, headers=CHAT)  # a whole turn of the page
    assert small.status_code != 413, small.text
    just_over = app_client.post("/chat/turn", content=_streamed(64 * 1024 + 1),
                                headers={"Content-Type": "application/json"})
    assert just_over.status_code == 413
    assert just_over.json()["error"] == "ContentTooLarge"


def test_a_catalog_upload_may_be_large_but_not_endless(app_client):
    admin = {"Authorization": f"Bearer {secrets.ADMIN_TOKEN}"}
    comment = "# " + "x" * 78 + "\n"
    big_catalog = {"yaml": comment * (2 * 1024 * 1024 // len(comment)) + "format: kiepe-catalog/1\n"}
    answer = app_client.post("/api/admin/catalog/validate", json=big_catalog, headers=admin)
    assert answer.status_code == 422 and answer.json()["error"] != "ContentTooLarge", answer.text[:300]
    endless = app_client.post("/api/admin/catalog/validate", content=_streamed(TEN_MB + 1024),
                              headers={**admin, "Content-Type": "application/json"})
    assert endless.status_code == 413


@pytest.mark.parametrize("method, path", [
    ("GET", "/healthz"), ("GET", "/api/regions"), ("GET", "/api/regions/nowhere"), ("POST", "/api/me/cart/lines"),
    ("GET", "/chat/static/chat.js"), ("GET", "/"),
])
def test_every_response_says_nosniff(app_client, method, path):
    answer = app_client.request(method, path)
    assert answer.headers["x-content-type-options"] == "nosniff", (path, answer.status_code)


# ---------------------------------------------------------------- 13: errors reveal nothing


HILDEGARD = {"name": "Hildegard Schulte", "phone": "02541 111111", "street": "Letter Straße 5", "postcode": "48653"}
MALLORY = {"name": "Mallory Meier", "phone": "02541 222222", "street": "Kirchstraße 1", "postcode": "48653"}


def _register(client: TestClient, body: dict) -> dict[str, str]:
    answer = client.post("/api/regions/testland/residents", json=body)
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_probing_a_phone_number_learns_neither_the_number_nor_its_owner(app_client):
    # A typed number proves nothing (only an SMS code does), so a number someone else gave is
    # accepted like any other: the answer cannot tell a taken number from a free one.
    _register(app_client, HILDEGARD)
    mallory = _register(app_client, MALLORY)
    free = app_client.post("/api/regions/testland/residents", json={**MALLORY, "phone": "02541 333333"})
    for answer, like in (
        (app_client.post("/api/regions/testland/residents", json={**MALLORY, "phone": HILDEGARD["phone"]}), free),
        (app_client.patch("/api/me", json={"phone": HILDEGARD["phone"]}, headers=mallory), free),
    ):
        assert answer.status_code in (200, 201) and answer.status_code // 100 == like.status_code // 100, answer.text
        body = answer.json()
        assert set(body) - {"token"} == set(like.json()) - {"token"}
        assert body["phone_verified"] is False and body["name"] == MALLORY["name"]
        text = answer.text
        assert "Hildegard" not in text and "Letter" not in text and "another resident" not in text, text
    assert app_client.get("/api/me", headers=mallory).json()["street"] == MALLORY["street"]


def test_cancelling_someone_elses_order_reveals_no_internal_id(app_client, world):
    from sqlalchemy import select

    from ordering.models import Order

    hildegard = _register(app_client, HILDEGARD)
    product = app_client.get("/api/regions/testland/products", params={"q": "milch"}).json()[0]["id"]
    assert app_client.post("/api/me/cart/lines", json={"product_id": product, "quantity": "2"},
                           headers=hildegard).status_code == 201
    windows = app_client.get("/api/regions/testland/windows", params={"municipality": "coesfeld"}).json()
    app_client.put("/api/me/cart/window", json={"slot_id": windows[0]["slot_id"]}, headers=hildegard)
    order = app_client.post("/api/me/checkout", json={"payment_method": "on_delivery"}, headers=hildegard)
    assert order.status_code == 201, order.text
    reference = order.json()["reference"]
    with world.db.session() as s:
        internal_id = s.scalar(select(Order.id).where(Order.reference == reference))

    mallory = _register(app_client, MALLORY)
    for answer in (app_client.post(f"/api/me/orders/{reference}/cancel", headers=mallory),
                   app_client.get(f"/api/me/orders/{reference}", headers=mallory)):
        assert answer.status_code == 404, answer.text
        assert f"order {internal_id} " not in answer.json()["message"], answer.text
        assert answer.json()["message"] == f"order {reference} does not exist"


# ---------------------------------------------------------------- 14: web-chat sessions


CHAT = {"X-Kiepe-Chat": "1"}


@pytest.fixture
def public_chat(world) -> Iterator[TestClient]:
    """The web chat of a production app (https public address, strong secrets)."""
    settings = Settings(database_url=world.db.url, rasa_manage=False, dispatch_events=False, rasa_url="http://127.0.0.1:9",
                        public_url="https://kiepe.example", admin_token=secrets.ADMIN_TOKEN,
                        link_secret=secrets.LINK_SECRET)
    container = build_container(settings, database=world.db, clock=Clock(NOW), nlu=OfflineNlu())
    with TestClient(create_app(container), base_url="https://kiepe.example", raise_server_exceptions=False) as client:
        yield client


def _web_conversations(world: World) -> list[str]:
    from sqlalchemy import select

    from ordering.models import Conversation

    with world.db.session() as s:
        return list(s.scalars(select(Conversation.external_id).where(Conversation.channel == "web")))


def test_the_client_cannot_choose_its_session_id(public_chat, world):
    from bot.channels.web.session import COOKIE

    chosen = "victim-session-0123456789abcdef"
    assert public_chat.post("/chat/turn", json={"session": chosen}, headers=CHAT).status_code == 422
    for planted in (chosen, f"{chosen}.{'A' * 32}", f"{chosen}."):
        public_chat.cookies.clear()
        public_chat.cookies.set(COOKIE, planted, domain="kiepe.example")
        answer = public_chat.post("/chat/turn", json={}, headers=CHAT)
        assert answer.status_code == 200
        issued = answer.cookies.get(COOKIE)
        assert issued and not issued.startswith(chosen), "a planted id is replaced by one of the server's"
    assert all(chosen not in key for key in _web_conversations(world))


def test_the_session_cookie_is_http_only_lax_and_secure_on_https(public_chat):
    cookie = public_chat.get("/").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie and "path=/" in cookie


@pytest.mark.parametrize("path", ["/chat/turn", "/chat/session"])
@pytest.mark.parametrize("headers", [
    {},  # a plain cross-site form or fetch without the page's header
    {"Content-Type": "text/plain"},
    {**CHAT, "Origin": "https://evil.example"},
    {**CHAT, "Origin": "null"},
    {**CHAT, "Sec-Fetch-Site": "cross-site"},
    {**CHAT, "Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another site for the chat
    {"X-Kiepe-Chat": "0"},
])
def test_state_changing_chat_requests_from_elsewhere_are_refused(public_chat, world, path, headers):
    public_chat.get("/")  # the victim's browser holds a session cookie
    answer = public_chat.post(path, content=b"{}", headers={"Content-Type": "application/json", **headers})
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"] == "CrossSiteRequest"
    assert "set-cookie" not in answer.headers, "no new session either"
    assert _web_conversations(world) == []


def test_the_chat_page_itself_is_let_through(public_chat, world):
    public_chat.get("/")
    same_origin = {**CHAT, "Origin": "https://kiepe.example", "Sec-Fetch-Site": "same-origin"}
    assert public_chat.post("/chat/turn", json={}, headers=same_origin).status_code == 200
    assert public_chat.post("/chat/session", headers=same_origin).status_code == 204
    assert len(_web_conversations(world)) == 1
