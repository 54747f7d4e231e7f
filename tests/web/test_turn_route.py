"""The web chat's routes without a browser: the page, its static files, and ``POST /chat/turn``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.web.session import COOKIE, conversation_key
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.ordering.conftest import NOW, World, build_world

CHAT = {"X-Kiepe-Chat": "1"}  # what the page's script sends with every POST


@pytest.fixture
def world(db) -> World:
    return build_world(db)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    settings = Settings(database_url=world.db.url, rasa_url="http://127.0.0.1:9", rasa_manage=False)
    app = create_app(build_container(settings, database=world.db, clock=Clock(NOW)))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_home_page_is_the_chat(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="de">' in page.text
    assert 'aria-live="polite"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    for name, kind in (("chat.css", "text/css"), ("chat.js", "text/javascript")):
        asset = client.get(f"/chat/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
        assert f"/chat/static/{name}" in page.text
    assert client.head("/").status_code == 200


@pytest.mark.parametrize("name", ["index.html", "router.py", "..%2Frouter.py", "missing.js", "%2e%2e"])
def test_only_the_chat_files_are_served(client, name):
    answer = client.get(f"/chat/static/{name}")
    assert answer.status_code == 404
    assert answer.json()["error"] == "NotFound"


def test_the_page_brings_a_session_cookie_and_keeps_it(client):
    first = client.get("/")
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # no https public address here
    assert "set-cookie" not in client.get("/").headers  # the browser sent it back: kept
    assert "set-cookie" not in client.post("/chat/turn", json={}, headers=CHAT).headers


def test_a_turn_without_a_cookie_gets_one(client):
    answer = client.post("/chat/turn", json={}, headers=CHAT)
    assert answer.status_code == 200 and answer.cookies.get(COOKIE)


def test_an_empty_turn_is_greeted(client):
    answer = client.post("/chat/turn", json={}, headers=CHAT)
    assert answer.status_code == 200, answer.text
    replies = answer.json()["replies"]
    assert replies and "Kiepe" in replies[0]["text"]
    for reply in replies:
        assert set(reply) == {"text", "choices", "link", "action"}
        assert reply["action"] in ("continue", "end", "handoff")
        assert len(reply["choices"]) <= 4
        assert all(set(c) == {"label", "value"} for c in reply["choices"])


def test_a_choice_and_text_go_to_the_same_conversation(client, world):
    client.get("/")
    session_id = client.cookies[COOKIE].split(".")[0]
    greeting = client.post("/chat/turn", json={}, headers=CHAT).json()["replies"]
    choice = greeting[-1]["choices"][0]["value"]
    assert client.post("/chat/turn", json={"choice": choice}, headers=CHAT).status_code == 200
    assert client.post("/chat/turn", json={"text": "  zwei Brötchen  "}, headers=CHAT).status_code == 200
    from sqlalchemy import select

    from ordering.models import Conversation

    with world.db.session() as s:
        conversations = s.scalars(select(Conversation).where(Conversation.channel == "web")).all()
        assert [c.external_id for c in conversations] == [conversation_key(session_id)]
        assert session_id not in conversations[0].external_id  # the credential is not stored
        assert [e["user"] for e in conversations[0].transcript] == ["", choice, "zwei Brötchen"]


def test_starting_over_gives_a_new_session(client):
    client.get("/")
    before = client.cookies[COOKIE]
    answer = client.post("/chat/session", headers=CHAT)
    assert answer.status_code == 204 and "HttpOnly" in answer.headers["set-cookie"]
    assert client.cookies[COOKIE] != before


@pytest.mark.parametrize("body, field", [
    ({"session": "0123456789abcdef0123456789abcdef"}, "body.session"),  # the client no longer names it
    ({"text": "a" * 1001}, "body.text"),
    ({"text": "   "}, "body.text"),
    ({"text": "null\x00byte"}, "body.text"),
    ({"text": 42}, "body.text"),
    ({"choice": ""}, "body.choice"),
    ({"choice": "c" * 201}, "body.choice"),
    ({"text": "ja", "choice": "yes"}, "body"),
    ({"dtmf": "1"}, "body.dtmf"),
])
def test_bad_turns_get_a_clear_422(client, body, field):
    answer = client.post("/chat/turn", json=body, headers=CHAT)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["error"] == "Invalid"
    assert problem["field"] == field, problem


def test_a_body_that_is_not_json_is_refused(client):
    answer = client.post("/chat/turn", content=b"text=hallo", headers={"Content-Type": "application/json", **CHAT})
    assert answer.status_code == 422


def test_the_longest_allowed_text_is_answered(client):
    answer = client.post("/chat/turn", json={"text": "Brot " * 200}, headers=CHAT)
    assert answer.status_code == 200, answer.text
