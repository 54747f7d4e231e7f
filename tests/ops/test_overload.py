"""Bounded admission under overload, against the real app (ASGI) with a dialogue that is held.

The dialogue here waits until the test lets it go, so "the process is full" is a state the
test controls; everything in front of it (the middleware, the webhooks, the signature check,
the call records in the database) is the real thing.
"""

from __future__ import annotations

import asyncio
import time
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import httpx
import pytest

from bot.app import create_app
from bot.application.admission import Admission
from bot.application.turns import Reply, Turn
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.ordering.conftest import NOW, World, build_world
from tests.support import secrets
from tests.voice.conftest import unused_address
from tests.voice.twilio_harness import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_URL, sign

pytestmark = pytest.mark.anyio
CHAT = {"X-Kiepe-Chat": "1"}


class HeldDialogue:
    """Answers each turn only once ``release`` is set; records what it was given."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.turns: list[Turn] = []
        self.finished = 0

    async def handle(self, turn: Turn) -> list[Reply]:
        self.turns.append(turn)
        await self.release.wait()
        self.finished += 1
        return [Reply(f"Verstanden: {turn.text or turn.choice or 'Hallo'}")]


@pytest.fixture
def world(db) -> World:
    return build_world(db)


def _app(world: World, **settings: object):
    values: dict[str, object] = dict(
        database_url=world.db.url, admin_token=secrets.ADMIN_TOKEN, link_secret=secrets.LINK_SECRET,
        rasa_manage=False, rasa_url=unused_address(), dispatch_events=False,
        housekeeping_interval_seconds=0, public_url=PUBLIC_URL, twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=AUTH_TOKEN, twilio_from_number=FROM_NUMBER, max_turns_in_flight=1, max_turns_waiting=1,
        chat_admission_wait_seconds=0.1, voice_admission_wait_seconds=0.3, telegram_admission_wait_seconds=5)
    values.update(settings)
    container = build_container(Settings(**values), database=world.db, clock=Clock(NOW))
    held = HeldDialogue()
    container.dialogue = held
    return create_app(container), held


def _http(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC_URL)


async def _until(condition, seconds: float = 30.0) -> None:
    """Wait for a condition of the test (not a speed: a loaded CI machine may take a while)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.01)


async def test_the_gate_admits_a_bounded_number_and_queues_boundedly():
    gate = Admission(limit=2, max_waiting=1)
    assert await gate.enter(0) and await gate.enter(0)
    assert not await gate.enter(0)  # full, and not willing to wait
    waiter = asyncio.create_task(gate.enter(5))
    await asyncio.sleep(0.01)
    assert gate.waiting == 1
    assert not await gate.enter(5)  # the queue is full: refused at once, not after 5 s
    gate.leave()
    assert await waiter and gate.in_flight == 2 and gate.waiting == 0
    t0 = time.monotonic()
    assert not await gate.enter(0.1)  # waited, nothing came free
    assert 0.09 <= time.monotonic() - t0 < 1.0
    gate.leave()
    gate.leave()
    assert gate.in_flight == 0 and await gate.enter(0)


async def test_web_chat_gets_a_quick_503_and_the_admitted_turn_runs_to_its_end(world):
    app, held = _app(world)
    async with _http(app) as http:
        first = asyncio.create_task(http.post("/chat/turn", json={"text": "zwei brötchen"}, headers=CHAT))
        await _until(lambda: len(held.turns) == 1)
        t0 = time.monotonic()
        busy = await http.post("/chat/turn", json={"text": "milch"}, headers=CHAT)
        assert time.monotonic() - t0 < 1.0
        assert busy.status_code == 503 and busy.headers["retry-after"] == "2"
        assert "noch einmal" in busy.json()["resident_message"]
        assert len(held.turns) == 1  # the refused turn never reached the dialogue
        held.release.set()
        done = await first
        assert done.status_code == 200 and done.json()["replies"][0]["text"] == "Verstanden: zwei brötchen"
        again = await http.post("/chat/turn", json={"text": "milch"}, headers=CHAT)
        assert again.status_code == 200 and held.finished == 2


async def test_telegram_updates_wait_in_a_bounded_queue(world):
    app, held = _app(world)
    async with _http(app) as http:
        chat = asyncio.create_task(http.post("/chat/turn", json={"text": "eier"}, headers=CHAT))
        await _until(lambda: len(held.turns) == 1)
        queued = asyncio.create_task(http.post("/telegram/webhook", json={"update_id": 1}))
        await asyncio.sleep(0.2)
        assert not queued.done()  # waiting for a place, not refused
        full = await http.post("/telegram/webhook", json={"update_id": 2})
        assert full.status_code == 503 and "retry-after" in full.headers  # Telegram sends it again
        held.release.set()
        assert (await chat).status_code == 200
        # admitted once the chat turn ended; no bot is configured here, so the webhook itself says 403
        assert (await queued).status_code == 403


def _signed(http: httpx.AsyncClient, url: str, params: dict[str, str]):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return http.post(path, data=params, headers={"X-Twilio-Signature": sign(url, params)})


async def test_a_phone_turn_hears_one_moment_and_is_retried_with_what_was_said(world):
    app, held = _app(world)
    call = {"CallSid": "CA" + uuid.uuid4().hex, "AccountSid": ACCOUNT_SID, "From": "+4915112345678",
            "To": FROM_NUMBER, "Direction": "inbound", "CallStatus": "in-progress"}
    async with _http(app) as http:
        chat = asyncio.create_task(http.post("/chat/turn", json={"text": "eier"}, headers=CHAT))
        await _until(lambda: len(held.turns) == 1)
        t0 = time.monotonic()
        wait = await _signed(http, PUBLIC_URL + "/voice/gather",
                             {**call, "SpeechResult": "zwei Liter Milch", "Confidence": "0.9"})
        assert time.monotonic() - t0 < 2.0  # well inside Twilio's 15 s
        root = ET.fromstring(wait.text)
        assert wait.status_code == 200 and root.find("Say").text == "Einen Moment bitte."
        redirect = root.find("Redirect")
        assert redirect.get("method") == "POST" and redirect.text.startswith(PUBLIC_URL + "/voice/gather?")
        assert len(held.turns) == 1  # nothing of the phone turn has started

        held.release.set()
        assert (await chat).status_code == 200
        # Twilio follows the redirect with the call's parameters only; what was said comes from the query
        retried = await _signed(http, redirect.text, call)
        assert retried.status_code == 200 and "Verstanden: zwei Liter Milch" in retried.text
        assert held.turns[-1].channel == "voice" and held.turns[-1].text == "zwei Liter Milch"


async def test_a_caller_is_not_kept_in_a_loop(world):
    app, held = _app(world)
    call = {"CallSid": "CA" + uuid.uuid4().hex, "AccountSid": ACCOUNT_SID, "From": "+4915112345678",
            "To": FROM_NUMBER, "Direction": "inbound", "CallStatus": "in-progress"}
    async with _http(app) as http:
        chat = asyncio.create_task(http.post("/chat/turn", json={"text": "eier"}, headers=CHAT))
        await _until(lambda: len(held.turns) == 1)
        url = PUBLIC_URL + "/voice/gather?SpeechResult=Brot&kiepe_retry=2"  # the third round
        served = asyncio.create_task(_signed(http, url, call))
        await _until(lambda: len(held.turns) == 2)  # admitted beyond the limit after waiting
        held.release.set()
        assert (await chat).status_code == 200
        answer = await served
        assert "Verstanden: Brot" in answer.text and "Einen Moment" not in answer.text


async def test_a_forged_redirect_is_refused(world):
    app, _held = _app(world)
    call = {"CallSid": "CA1", "AccountSid": ACCOUNT_SID, "From": "+4915112345678", "To": FROM_NUMBER}
    async with _http(app) as http:
        signed_for = PUBLIC_URL + "/voice/gather?SpeechResult=Brot"
        forged = await http.post("/voice/gather?SpeechResult=Wein", data=call,
                                 headers={"X-Twilio-Signature": sign(signed_for, call)})
    assert forged.status_code == 403
