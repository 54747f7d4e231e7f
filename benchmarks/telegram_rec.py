"""A Bot API inside the app process that answers like Telegram and notes when each reply left.

``BenchRequest`` replaces python-telegram-bot's HTTP layer, so the whole library (update parsing,
handlers, keyboards, ``Bot.send_message``) runs as in production, but nothing leaves the machine.
For every message sent it keeps ``time.monotonic()`` per chat (a clock shared by all processes of
the machine), which the client reads back through ``GET /_bench/telegram/sent`` (a route only the
benchmark's app instance has) to time "update in → reply sent".
"""

from __future__ import annotations

import itertools
import json
import time
from collections import defaultdict, deque
from typing import Any

from fastapi import APIRouter, Request
from telegram.request import BaseRequest, RequestData

BOT_ID = 424242
BOT_USERNAME = "kiepe_bench_bot"
TOKEN = f"{BOT_ID}:BENCH-not-a-real-token"
SENDING = ("sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup")
KEEP_PER_CHAT = 64


class BenchRequest(BaseRequest):
    """Answers every Bot API call with Telegram-shaped JSON and stamps the messages sent."""

    def __init__(self) -> None:
        self.sent: dict[int, deque[tuple[float, str]]] = defaultdict(lambda: deque(maxlen=KEEP_PER_CHAT))
        self.calls = 0
        self._message_ids = itertools.count(10_000)

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
        stamp = time.monotonic()
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        self.calls += 1
        if name in SENDING:
            try:
                self.sent[int(params.get("chat_id", 0))].append((stamp, name))
            except (TypeError, ValueError):
                pass
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        try:
            chat_id = int(params.get("chat_id", 0))
        except (TypeError, ValueError):
            chat_id = 0
        return {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Kiepe", "username": BOT_USERNAME},
            **extra,
        }

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Kiepe", "username": BOT_USERNAME,
                    "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
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
        return True  # answerCallbackQuery, setWebhook, deleteWebhook, …

    def stamps(self, chat_id: int, since: float = 0.0) -> list[tuple[float, str]]:
        return [s for s in self.sent.get(chat_id, ()) if s[0] >= since]


router = APIRouter(include_in_schema=False)


@router.get("/_bench/telegram/sent")
def sent(request: Request, chat_id: int, since: float = 0.0) -> dict[str, Any]:
    """What was sent to ``chat_id`` since the monotonic time ``since`` (the benchmark's client asks)."""
    rec: BenchRequest | None = getattr(request.app.state, "bench_request", None)
    if rec is None:
        return {"stamps": []}
    return {"stamps": rec.stamps(chat_id, since)}


@router.get("/_bench/stats")
def stats(request: Request) -> dict[str, Any]:
    """Counters of the app process: SQL statements sent so far, Bot API calls."""
    rec: BenchRequest | None = getattr(request.app.state, "bench_request", None)
    return {**getattr(request.app.state, "bench_stats", {}), "bot_api_calls": rec.calls if rec else 0}
