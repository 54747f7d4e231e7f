"""The web chat's routes without a browser: the page, its static files, and ``POST /chat/turn``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.ordering.conftest import NOW, World, build_world

SESSION = "0123456789abcdef0123456789abcdef"


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


def test_an_empty_turn_is_greeted(client):
    answer = client.post("/chat/turn", json={"session": SESSION})
    assert answer.status_code == 200, answer.text
    replies = answer.json()["replies"]
    assert replies and "Kiepe" in replies[0]["text"]
    for reply in replies:
        assert set(reply) == {"text", "choices", "link", "action"}
        assert reply["action"] in ("continue", "end", "handoff")
        assert len(reply["choices"]) <= 4
        assert all(set(c) == {"label", "value"} for c in reply["choices"])


def test_a_choice_and_text_go_to_the_same_conversation(client, world):
    greeting = client.post("/chat/turn", json={"session": SESSION}).json()["replies"]
    choice = greeting[-1]["choices"][0]["value"]
    assert client.post("/chat/turn", json={"session": SESSION, "choice": choice}).status_code == 200
    assert client.post("/chat/turn", json={"session": SESSION, "text": "  zwei Brötchen  "}).status_code == 200
    from sqlalchemy import select

    from ordering.models import Conversation

    with world.db.session() as s:
        conversations = s.scalars(select(Conversation).where(Conversation.channel == "web")).all()
        assert [c.external_id for c in conversations] == [f"web:{SESSION}"]
        assert [e["user"] for e in conversations[0].transcript] == ["", choice, "zwei Brötchen"]


@pytest.mark.parametrize("body, field", [
    ({}, "body.session"),
    ({"session": "short"}, "body.session"),
    ({"session": "x" * 65}, "body.session"),
    ({"session": "has spaces in it ok?"}, "body.session"),
    ({"session": SESSION, "text": "a" * 1001}, "body.text"),
    ({"session": SESSION, "text": "   "}, "body.text"),
    ({"session": SESSION, "text": "null\x00byte"}, "body.text"),
    ({"session": SESSION, "text": 42}, "body.text"),
    ({"session": SESSION, "choice": ""}, "body.choice"),
    ({"session": SESSION, "choice": "c" * 201}, "body.choice"),
    ({"session": SESSION, "text": "ja", "choice": "yes"}, "body"),
    ({"session": SESSION, "dtmf": "1"}, "body.dtmf"),
])
def test_bad_turns_get_a_clear_422(client, body, field):
    answer = client.post("/chat/turn", json=body)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["error"] == "Invalid"
    assert problem["field"] == field, problem


def test_a_body_that_is_not_json_is_refused(client):
    answer = client.post("/chat/turn", content=b"text=hallo", headers={"Content-Type": "application/json"})
    assert answer.status_code == 422


def test_the_longest_allowed_text_is_answered(client):
    answer = client.post("/chat/turn", json={"session": SESSION, "text": "Brot " * 200})
    assert answer.status_code == 200, answer.text
