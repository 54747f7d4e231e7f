"""The webhook through the FastAPI app: secret token, one handling per update, start-up, link codes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.app import create_app
from bot.channels.telegram.app import build_application, use_application
from bot.clock import Clock
from bot.composition import build_container
from nlu.offline import OfflineNlu
from ordering.models import Product, Shop
from tests.ordering.conftest import NOW
from tests.telegram.conftest import (
    ADMIN_TOKEN,
    SECRET,
    RecordingRequest,
    Telegram,
    make_settings,
)

SCHULZE_CHAT = 7001


@pytest.fixture
def served(world) -> Iterator[tuple[TestClient, RecordingRequest, Telegram]]:
    settings = make_settings(world, public_url="https://kiepe.example")
    container = build_container(settings, database=world.db, clock=Clock(NOW), nlu=OfflineNlu())
    rec = RecordingRequest()
    application = build_application(container, request=rec)
    use_application(container, application)  # the lifespan initialises and wires this one
    app = create_app(container)
    with TestClient(app) as client:
        yield client, rec, Telegram(application, rec, container)


def post(client: TestClient, update: dict, secret: str | None = SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/telegram/webhook", json=update, headers=headers)


def link_code(client: TestClient, shop_id: int) -> str:
    answer = client.post(f"/api/admin/shops/{shop_id}/telegram-link-code",
                         headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["command"] == f"/link {body['code']}" and body["shop"] == "hof-schulze"
    assert body["deep_link"] == f"https://t.me/kiepe_test_bot?start={body['code']}"
    return body["code"]


def test_start_up_sets_the_webhook_with_the_secret(served):
    _, rec, _ = served
    assert [c.method for c in rec.calls[:2]] == ["getMe", "setWebhook"]
    hook = rec.of("setWebhook")[0].params
    assert hook["url"] == "https://kiepe.example/telegram/webhook" and hook["secret_token"] == SECRET
    assert hook["allowed_updates"] == ["message", "callback_query"]


def test_a_wrong_or_missing_secret_is_refused_with_403(served, world):
    client, rec, tg = served
    update = tg.message_json(SCHULZE_CHAT, SCHULZE_CHAT, "/start")
    assert post(client, update, secret="guessed").status_code == 403
    assert post(client, update, secret=None).status_code == 403
    assert not rec.of("sendMessage")


def test_the_webhook_links_a_shop_and_handles_a_repeat_once(served, world):
    client, rec, tg = served
    code = link_code(client, world.shops["hof-schulze"])
    assert post(client, tg.message_json(SCHULZE_CHAT, SCHULZE_CHAT, f"/start {code}")).status_code == 200
    assert "mit Hof Schulze verknüpft" in rec.last_text(SCHULZE_CHAT)

    update = tg.message_json(SCHULZE_CHAT, SCHULZE_CHAT, "Preis Kartoffeln 2,20")
    assert post(client, update).status_code == 200
    assert post(client, update).status_code == 200  # Telegram repeating after a timeout
    assert rec.texts(SCHULZE_CHAT).count("Kartoffeln kostet jetzt 2,20 € je kg.") == 1
    with world.db.session() as s:
        assert s.get(Shop, world.shops["hof-schulze"]).telegram_chat_id == SCHULZE_CHAT
        assert s.scalar(select(Product.price_cents).where(Product.slug == "kartoffeln")) == 220


def test_a_photo_through_the_webhook_becomes_a_proposal(served, world):
    client, rec, tg = served
    post(client, tg.message_json(SCHULZE_CHAT, SCHULZE_CHAT, f"/link {link_code(client, world.shops['hof-schulze'])}"))
    post(client, tg.photo_json(SCHULZE_CHAT, SCHULZE_CHAT, "Bio-Eier 10er 3,20"))
    assert rec.last_text(SCHULZE_CHAT).startswith("So würde ich es einstellen:\nBio-Eier, 10er – 3,20 € je Stück, 7 % MwSt., Eier")
    post(client, tg.photo_json(SCHULZE_CHAT, SCHULZE_CHAT, "Bio-Eier"))
    assert rec.last_text(SCHULZE_CHAT).startswith("Ich finde keinen Preis in „Bio-Eier“.")


def test_the_link_code_endpoint_is_for_the_admin_only(served, world):
    client, _, _ = served
    url = f"/api/admin/shops/{world.shops['hof-schulze']}/telegram-link-code"
    assert client.post(url).status_code == 401
    assert client.post(url, headers={"Authorization": "Bearer wrong"}).status_code in (401, 403)
    assert client.post("/api/admin/shops/999/telegram-link-code",
                       headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).status_code == 404


def test_without_a_token_the_app_runs_and_the_webhook_refuses(world):
    container = build_container(make_settings(world, telegram_token=None), database=world.db, clock=Clock(NOW),
                                nlu=OfflineNlu())
    app = create_app(container)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.post("/telegram/webhook", json={"update_id": 1},
                           headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}).status_code == 403


def test_no_webhook_without_a_secret(world):
    settings = make_settings(world, public_url="https://kiepe.example", telegram_secret_token=None)
    container = build_container(settings, database=world.db, clock=Clock(NOW), nlu=OfflineNlu())
    rec = RecordingRequest()
    use_application(container, build_application(container, request=rec))
    app = create_app(container)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
    assert not rec.of("setWebhook")
