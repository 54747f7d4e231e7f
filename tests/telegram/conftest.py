"""The Telegram channel against a recording Bot API: real Update JSON in, recorded API calls out.

``RecordingRequest`` replaces python-telegram-bot's HTTP layer (``BaseRequest``): every call is
kept with its parameters and answered with Telegram-shaped JSON, so the whole library (update
parsing, handlers, keyboards, ``Bot`` methods) runs as in production, only without a network.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

import ordering.listing
import ordering.payments  # noqa: F401 - registers the payment tables before create_all
from bot.channels.telegram.app import build_application, wire
from bot.clock import Clock
from bot.composition import Container, build_container
from bot.settings import Settings
from nlu.offline import OfflineNlu
from tests.ordering.conftest import NOW, World, build_world
from tests.support import secrets

TOKEN = "123456:TEST-token"
SECRET = secrets.TELEGRAM_SECRET_TOKEN
ADMIN_TOKEN = secrets.ADMIN_TOKEN
ADMIN_CHAT = -900
BOT_ID = 123456
BOT_USERNAME = "kiepe_test_bot"


@dataclass
class Call:
    method: str
    params: dict[str, Any]


class RecordingRequest(BaseRequest):
    """A Bot API that answers every call like Telegram would and remembers it."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._message_ids = itertools.count(5000)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None,
                         pool_timeout=None) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        self.calls.append(Call(name, params))
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        return {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": int(NOW.timestamp()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": None},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Kiepe", "username": BOT_USERNAME},
            **extra,
        }

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Kiepe", "username": BOT_USERNAME,
                    "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
        if name in ("sendMessage", "editMessageText"):
            return self._message(params, text=params.get("text", ""))
        if name == "sendPhoto":
            return self._message(params, caption=params.get("caption"),
                                 photo=[{"file_id": str(params.get("photo")), "file_unique_id": "u1",
                                         "width": 800, "height": 600}])
        if name == "getFile":
            return {"file_id": params.get("file_id"), "file_unique_id": "u1", "file_size": 1000,
                    "file_path": "photos/file_1.jpg"}
        if name == "getUpdates":
            return []
        return True  # answerCallbackQuery, setWebhook, deleteWebhook, editMessageReplyMarkup …

    # -------------------------------------------------------- reading what was sent

    def of(self, *methods: str) -> list[Call]:
        return [c for c in self.calls if c.method in methods]

    def to(self, chat_id: int, *methods: str) -> list[Call]:
        methods = methods or ("sendMessage", "sendPhoto", "editMessageText")
        return [c for c in self.of(*methods) if int(c.params.get("chat_id", 0)) == chat_id]

    def texts(self, chat_id: int) -> list[str]:
        return [c.params.get("text") or c.params.get("caption") or "" for c in self.to(chat_id)]

    def last_text(self, chat_id: int) -> str:
        texts = self.texts(chat_id)
        assert texts, f"nothing sent to {chat_id}; calls: {[c.method for c in self.calls]}"
        return texts[-1]

    def buttons(self, call: Call) -> list[tuple[str, str]]:
        """(label, callback_data or url) of a call's inline keyboard."""
        markup = call.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [(b["text"], b.get("callback_data") or b.get("url")) for row in markup.get("inline_keyboard", [])
                for b in row]

    def clear(self) -> None:
        self.calls.clear()


@dataclass
class Telegram:
    """Builds real Update JSON and feeds it to the application, one new update id each."""

    application: Application
    rec: RecordingRequest
    container: Container
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    message_ids: itertools.count = field(default_factory=lambda: itertools.count(100))
    clock_step: timedelta = timedelta(seconds=20)

    def _tick(self) -> int:
        now = self.container.clock.now() + self.clock_step
        self.container.clock.set(now)
        return int(now.timestamp())

    @staticmethod
    def chat(chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Anna"}
        return {"id": chat_id, "type": "group", "title": "Familie Brüggemann"}

    @staticmethod
    def user(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"Nutzer{user_id}", "language_code": "de"}

    def message_json(self, chat_id: int, user_id: int, text: str | None = None, **extra: Any) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": next(self.message_ids), "date": self._tick(),
                                   "chat": self.chat(chat_id), "from": self.user(user_id), **extra}
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self.ids), "message": message}

    def photo_json(self, chat_id: int, user_id: int, caption: str | None, file_id: str = "AgACphoto1") -> dict[str, Any]:
        photo = [{"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
                 {"file_id": file_id, "file_unique_id": "b", "width": 1280, "height": 960}]
        extra: dict[str, Any] = {"photo": photo}
        if caption is not None:
            extra["caption"] = caption
        return self.message_json(chat_id, user_id, **extra)

    def callback_json(self, chat_id: int, user_id: int, data: str, message_id: int = 4000,
                      text: str = "…") -> dict[str, Any]:
        self._tick()
        return {"update_id": next(self.ids), "callback_query": {
            "id": f"cb{next(self.message_ids)}", "from": self.user(user_id), "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": {"message_id": message_id, "date": int(NOW.timestamp()), "chat": self.chat(chat_id),
                        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Kiepe"}, "text": text},
        }}

    async def feed(self, data: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(data, self.application.bot))

    async def say(self, chat_id: int, text: str, user_id: int | None = None) -> None:
        await self.feed(self.message_json(chat_id, user_id or abs(chat_id), text))

    async def press(self, chat_id: int, data: str, user_id: int | None = None, message_id: int = 4000) -> None:
        await self.feed(self.callback_json(chat_id, user_id or abs(chat_id), data, message_id))

    async def photo(self, chat_id: int, caption: str | None, user_id: int | None = None) -> None:
        await self.feed(self.photo_json(chat_id, user_id or abs(chat_id), caption))

    def reply_buttons(self, chat_id: int) -> list[tuple[str, str]]:
        """The buttons of the last message sent to a chat."""
        calls = self.rec.to(chat_id)
        assert calls, f"nothing sent to {chat_id}"
        return self.rec.buttons(calls[-1])

    def button_or_none(self, chat_id: int, fragment: str) -> str | None:
        """The callback data of the newest button in a chat whose label contains ``fragment``."""
        for call in reversed(self.rec.to(chat_id)):
            for label, data in self.rec.buttons(call):
                if fragment.casefold() in label.casefold():
                    return data
        return None

    def button(self, chat_id: int, fragment: str) -> str:
        data = self.button_or_none(chat_id, fragment)
        assert data is not None, f"no button {fragment!r} in chat {chat_id}: {self.rec.texts(chat_id)[-3:]}"
        return data


def make_settings(world: World, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": world.db.url, "admin_token": ADMIN_TOKEN, "link_secret": secrets.LINK_SECRET, "rasa_manage": False, "dispatch_events": False,
        "telegram_token": TOKEN, "telegram_secret_token": SECRET, "telegram_admin_chat_id": ADMIN_CHAT,
        "telegram_remind_after_minutes": 30, "telegram_escalate_after_minutes": 90,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def world(db) -> World:
    return build_world(db)


@pytest.fixture
def container(world: World) -> Container:
    return build_container(make_settings(world), database=world.db, clock=Clock(NOW), nlu=OfflineNlu())


@pytest.fixture
def rec() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def tg(container: Container, rec: RecordingRequest) -> AsyncIterator[Telegram]:
    application = build_application(container, request=rec)
    await application.initialize()
    wire(container, application)
    try:
        yield Telegram(application, rec, container)
    finally:
        await application.shutdown()


def at(moment: datetime) -> Clock:
    return Clock(moment)
