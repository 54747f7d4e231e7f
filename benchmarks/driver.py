"""The benchmark's client, a process of its own: it sends, it times, it writes JSON.

    python -m benchmarks.driver CONFIG.json OUT.json

``mode: latency`` — one client, one request at a time, interleaved per utterance so that a
change of machine load hits all three alike:

* floor: ``POST {rasa}/model/parse`` — the bare NLU;
* chat: a Telegram ``message`` update to ``POST /telegram/webhook`` (with the secret token);
  timed from just before sending to the moment the app handed its last reply message to the
  Bot API (stamped in the app by :mod:`benchmarks.telegram_rec`, read back afterwards);
* voice: a signed Twilio ``Gather`` webhook (``SpeechResult``) to ``POST /voice/gather``,
  timed until the TwiML is read.

Each conversation (Telegram chat, phone call) starts untimed (``/start``, ``/voice/incoming``)
and then takes ``turns_per_conversation`` timed turns; ``warmup`` turns per channel are not
counted (the first turn builds the catalog index).

``mode: load`` — ``concurrency`` residents at once, each running :class:`Shopper`
conversations in the web chat (``POST /chat/turn``) back to back with a think time between
turns. Residents arrive spread over ``warmup`` seconds; then for ``duration`` seconds every
turn sent is counted (however long its answer takes): turns per second, latencies, errors.
Turns sent before the window are not counted; at its end no new turn is sent.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import resource
import sys
import time
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import Any

import httpx

from benchmarks.conversation import FAILED, MAX_TURNS, UTTERANCES, Shopper

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ACCOUNT_SID = "AC" + "0" * 32
TO_NUMBER = "+4925410000001"


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- latency


class Latency:
    def __init__(self, config: dict[str, Any], http: httpx.AsyncClient) -> None:
        self.c = config
        self.http = http
        self.app = config["app_url"].rstrip("/")
        self.rasa = config["rasa_url"].rstrip("/")
        from twilio.request_validator import RequestValidator

        self.validator = RequestValidator(config["twilio_token"])
        base = int(config.get("id_base", 1_000_000))
        self.update_ids = itertools.count(base)
        self.message_ids = itertools.count(1)
        self.chat_ids = itertools.count(base)
        self.calls = itertools.count(1)
        self.chat_id = 0
        self.call_sid = ""
        self.caller = ""
        self.errors: dict[str, list[str]] = {"floor": [], "chat": [], "voice": []}
        self.sql: dict[str, list[float]] = {"chat": [], "voice": []}

    async def _statements(self) -> float | None:
        try:
            return float((await self.http.get(f"{self.app}/_bench/stats")).json()["statements"])
        except Exception:  # noqa: BLE001 - a figure less, not an error
            return None

    def _note_sql(self, channel: str, before: float | None, after: float | None) -> None:
        if before is not None and after is not None:
            self.sql[channel].append(after - before)

    # -- floor
    async def floor(self, text: str) -> float | None:
        t0 = time.monotonic()
        try:
            r = await self.http.post(f"{self.rasa}/model/parse", json={"text": text})
            dt = time.monotonic() - t0
            if r.status_code != 200 or "intent" not in r.json():
                raise RuntimeError(f"HTTP {r.status_code}")
        except Exception as exc:  # noqa: BLE001 - counted
            self.errors["floor"].append(f"{type(exc).__name__}: {exc}"[:200])
            return None
        return dt

    # -- Telegram
    def _update(self, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self.message_ids), "date": int(time.time()),
            "chat": {"id": self.chat_id, "type": "private", "first_name": "Bench"},
            "from": {"id": self.chat_id, "is_bot": False, "first_name": "Bench", "language_code": "de"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"update_id": next(self.update_ids), "message": message}

    async def _post_update(self, text: str) -> tuple[float, float, float | None]:
        """(t0, http answered, last reply stamped) in monotonic seconds."""
        body = self._update(text)
        t0 = time.monotonic()
        r = await self.http.post(f"{self.app}/telegram/webhook", json=body,
                                 headers={SECRET_HEADER: self.c["telegram_secret"]})
        t1 = time.monotonic()
        if r.status_code != 200:
            raise RuntimeError(f"webhook HTTP {r.status_code}")
        stamps = (await self.http.get(f"{self.app}/_bench/telegram/sent",
                                      params={"chat_id": self.chat_id, "since": t0})).json()["stamps"]
        last = max((s[0] for s in stamps if s[0] <= t1 + 1e-3), default=None)
        return t0, t1, last

    async def chat(self, text: str, new_conversation: bool) -> tuple[float | None, float | None]:
        try:
            if new_conversation:
                self.chat_id = next(self.chat_ids)
                await self._post_update("/start")
            before = await self._statements()
            t0, t1, last = await self._post_update(text)
            self._note_sql("chat", before, await self._statements())
            if last is None:
                raise RuntimeError("no reply was sent")
        except Exception as exc:  # noqa: BLE001 - counted
            self.errors["chat"].append(f"{type(exc).__name__}: {exc}"[:200])
            return None, None
        return last - t0, t1 - t0

    # -- Twilio voice
    async def _post_signed(self, path: str, params: dict[str, str]) -> httpx.Response:
        url = self.app + path
        signature = self.validator.compute_signature(url, params)
        return await self.http.post(url, data=params, headers={"X-Twilio-Signature": signature})

    def _params(self, **extra: str) -> dict[str, str]:
        return {"CallSid": self.call_sid, "AccountSid": ACCOUNT_SID, "From": self.caller, "To": TO_NUMBER,
                "Direction": "inbound", **extra}

    async def voice(self, text: str, new_conversation: bool) -> float | None:
        try:
            if new_conversation:
                n = next(self.calls)
                self.call_sid = f"CA{int(self.c.get('id_base', 0)):08d}{n:024d}"[:34]
                self.caller = f"+49151{60_000_000 + int(self.c.get('id_base', 0)) % 1000 * 10_000 + n:08d}"
                r = await self._post_signed("/voice/incoming", self._params(CallStatus="ringing"))
                if r.status_code != 200:
                    raise RuntimeError(f"incoming HTTP {r.status_code}")
            before = await self._statements()
            t0 = time.monotonic()
            r = await self._post_signed("/voice/gather", self._params(SpeechResult=text, Confidence="0.91",
                                                                      CallStatus="in-progress"))
            body = r.text
            dt = time.monotonic() - t0
            self._note_sql("voice", before, await self._statements())
            if r.status_code != 200 or "<Response" not in body:
                raise RuntimeError(f"gather HTTP {r.status_code}")
        except Exception as exc:  # noqa: BLE001 - counted
            self.errors["voice"].append(f"{type(exc).__name__}: {exc}"[:200])
            return None
        return dt

    async def run(self) -> dict[str, Any]:
        samples = int(self.c["samples"])
        per = int(self.c.get("turns_per_conversation", 4))
        warmup = int(self.c.get("warmup", 3))
        utterances = list(self.c.get("utterances") or UTTERANCES)
        out: dict[str, list[float]] = {"floor": [], "chat": [], "chat_http": [], "voice": []}
        cpu0, t_start = _cpu(), time.monotonic()
        for i in range(warmup + samples):
            text = utterances[i % len(utterances)]
            new = i % per == 0
            f = await self.floor(text)
            reply, http = await self.chat(text, new)
            v = await self.voice(text, new)
            if i < warmup:
                continue
            for key, value in (("floor", f), ("chat", reply), ("chat_http", http), ("voice", v)):
                if value is not None:
                    out[key].append(_ms(value))
        return {"mode": "latency", "ms": out, "errors": {k: len(v) for k, v in self.errors.items()},
                "warmup": warmup, "turns_per_conversation": per,
                "sql_per_turn": {k: round(sum(v) / len(v), 1) if v else None for k, v in self.sql.items()},
                "error_samples": {k: v[:3] for k, v in self.errors.items()},
                "elapsed_s": round(time.monotonic() - t_start, 3), "client_cpu_s": round(_cpu() - cpu0, 3)}


# ---------------------------------------------------------------- load


class Load:
    def __init__(self, config: dict[str, Any], http: httpx.AsyncClient) -> None:
        self.c = config
        self.http = http
        self.url = config["app_url"].rstrip("/") + "/chat/turn"
        self.latencies: list[float] = []
        self.http_errors = 0
        self.timeouts = 0
        self.error_samples: list[str] = []
        self.broken_turns = 0
        self.overloaded = 0  # 503 with Retry-After: turned away quickly, sent again
        self.overloaded_ms: list[float] = []
        self.with_retries: list[float] = []  # from the first attempt to the answer
        self.loop_lag_ms: list[float] = []
        self.started = self.placed = self.gave_up = self.cut = self.outside = 0
        self.window_start = self.window_end = 0.0
        self.warmup = 0.0
        # several client processes (see _load_in_parts): each its own residents and phone numbers
        self.part = int(config.get("part", 0))
        self.numbers = itertools.count(1 + self.part * 100_000)

    async def _turn(self, shopper: Shopper, body: dict[str, Any]) -> list[dict[str, Any]] | None:
        """One turn; a 503 (the app turned it away under overload) is sent again after its
        Retry-After, as the web chat's page does: counted apart, never as an error."""
        first = time.monotonic()
        while True:
            t0 = time.monotonic()
            counted = self.window_start <= t0 < self.window_end
            try:
                # Each resident's cookie by hand: the shared client keeps none (see _main).
                r = await self.http.post(self.url, json=body, headers=shopper.headers())
                shopper.remember(r.cookies)
                replies = r.json().get("replies") if r.status_code == 200 else None
                dt = time.monotonic() - t0
            except httpx.TimeoutException as exc:
                self.timeouts += counted
                self.error_samples.append(f"timeout: {type(exc).__name__}")
                return None
            except Exception as exc:  # noqa: BLE001 - counted
                self.http_errors += counted
                self.error_samples.append(f"{type(exc).__name__}: {exc}"[:200])
                return None
            if r.status_code == 503 and "retry-after" in r.headers:
                if counted:
                    self.overloaded += 1
                    self.overloaded_ms.append(_ms(dt))
                if time.monotonic() >= self.window_end:
                    return None  # not answered within the window; a 503 is never an error
                await asyncio.sleep(min(float(r.headers["retry-after"] or 1), 5.0))
                continue
            break
        if r.status_code != 200 or not isinstance(replies, list):
            self.http_errors += counted
            self.error_samples.append(f"HTTP {r.status_code}: {r.text[:120]}")
            return None
        if counted:  # sent inside the window: counted however long it takes
            self.latencies.append(_ms(dt))
            self.with_retries.append(_ms(time.monotonic() - first))
            if any(FAILED in (x.get("text") or "").casefold() for x in replies):
                self.broken_turns += 1
        else:
            self.outside += 1
        return replies

    async def resident(self, index: int) -> None:
        index += int(self.c.get("index_offset", 0))
        rnd = random.Random(int(self.c.get("seed", 1)) * 7919 + index)
        lo, hi = float(self.c["think_min"]), float(self.c["think_max"])
        await asyncio.sleep(rnd.uniform(0, self.warmup))  # arrivals spread over the warm-up
        while time.monotonic() < self.window_end:
            shopper = Shopper(next(self.numbers), seed=int(self.c.get("seed", 1)))
            self.started += 1
            body: dict[str, Any] | None = shopper.first_turn()
            while body is not None:
                replies = await self._turn(shopper, body)
                if replies is None:
                    break  # an error: this resident starts a new conversation after a pause
                body = shopper.next_turn(replies)
                if body is None:
                    break
                await asyncio.sleep(rnd.uniform(lo, hi))
                if time.monotonic() >= self.window_end:
                    self.cut += 1
                    body = None
            if shopper.placed:
                self.placed += 1
            elif shopper.turns >= MAX_TURNS:
                self.gave_up += 1
            await asyncio.sleep(rnd.uniform(lo, hi))

    async def _loop_lag(self) -> None:
        """How late this client's own event loop wakes up: when it is, the latencies it measures
        include its own queueing, not only the app's."""
        while time.monotonic() < self.window_end:
            t0 = time.monotonic()
            await asyncio.sleep(0.1)
            if self.window_start <= t0:
                self.loop_lag_ms.append(_ms(time.monotonic() - t0 - 0.1))

    async def run(self) -> dict[str, Any]:
        n = int(self.c["concurrency"])
        duration = float(self.c["duration"])
        self.warmup = float(self.c.get("warmup", 0))
        if self.c.get("start_at"):  # the parts of one load start together
            await asyncio.sleep(max(0.0, float(self.c["start_at"]) - time.time()))
        cpu0 = _cpu()
        t0 = time.monotonic()
        self.window_start, self.window_end = t0 + self.warmup, t0 + self.warmup + duration
        lag = asyncio.create_task(self._loop_lag())
        await asyncio.gather(*(self.resident(i) for i in range(n)))
        lag.cancel()
        turns = len(self.latencies)
        return {"mode": "load", "concurrency": n, "duration_s": duration, "warmup_s": self.warmup,
                "elapsed_s": round(time.monotonic() - t0, 3), "turns": turns,
                "turns_per_s": round(turns / duration, 3) if duration > 0 else None,
                "turns_outside_window": self.outside,
                "ms": self.latencies, "http_errors": self.http_errors, "timeouts": self.timeouts,
                "broken_turns": self.broken_turns, "error_samples": self.error_samples[:5],
                "overloaded": self.overloaded, "overloaded_ms": self.overloaded_ms, "ms_with_retries": self.with_retries,
                "client_loop_lag_ms": self.loop_lag_ms,
                "conversations": {"started": self.started, "placed": self.placed, "gave_up": self.gave_up,
                                  "cut_at_end": self.cut},
                "client_cpu_s": round(_cpu() - cpu0, 3)}


async def _main(config: dict[str, Any]) -> dict[str, Any]:
    concurrency = int(config.get("concurrency", 1))
    limits = httpx.Limits(max_connections=concurrency + 8, max_keepalive_connections=concurrency + 8)
    timeout = httpx.Timeout(float(config.get("request_timeout", 30.0)))
    # No shared cookie jar: every simulated resident carries its own web-chat session cookie.
    no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    async with httpx.AsyncClient(trust_env=False, limits=limits, timeout=timeout, cookies=no_cookies) as http:
        if config["mode"] == "latency":
            return await Latency(config, http).run()
        return await Load(config, http).run()


# One client process drives at most this many conversations: beyond it, the client's own event
# loop falls behind (see "client lag" in the table) and its latencies are its own queueing.
CONVERSATIONS_PER_CLIENT = 200


def _run_part(config: dict[str, Any]) -> dict[str, Any]:
    return _run(config)


def _run(config: dict[str, Any]) -> dict[str, Any]:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(_main(config))
    return uvloop.run(_main(config))


def _load_in_parts(config: dict[str, Any]) -> dict[str, Any]:
    """A load above CONVERSATIONS_PER_CLIENT in several client processes, started together;
    their results merged as if one client had sent everything."""
    from concurrent.futures import ProcessPoolExecutor

    if config["mode"] != "load":
        return _run(config)
    n = int(config["concurrency"])
    parts = int(config.get("client_processes") or -(-n // CONVERSATIONS_PER_CLIENT))
    if parts <= 1:
        return _run(config)
    shares = [n // parts + (1 if i < n % parts else 0) for i in range(parts)]
    start_at = time.time() + 2.0
    configs, offset = [], 0
    for i, share in enumerate(shares):
        configs.append({**config, "concurrency": share, "part": i, "index_offset": offset, "start_at": start_at})
        offset += share
    with ProcessPoolExecutor(parts) as pool:
        results = list(pool.map(_run_part, configs))
    merged: dict[str, Any] = {**results[0], "concurrency": n, "client_processes": parts,
                              "elapsed_s": max(r["elapsed_s"] for r in results)}
    for key in ("turns", "turns_outside_window", "http_errors", "timeouts", "broken_turns", "overloaded"):
        merged[key] = sum(r[key] for r in results)
    for key in ("ms", "overloaded_ms", "ms_with_retries", "client_loop_lag_ms", "error_samples"):
        merged[key] = [x for r in results for x in r[key]]
    merged["error_samples"] = merged["error_samples"][:5]
    merged["conversations"] = {k: sum(r["conversations"][k] for r in results) for k in results[0]["conversations"]}
    merged["client_cpu_s"] = round(sum(r["client_cpu_s"] for r in results), 3)
    duration = float(config["duration"])
    merged["turns_per_s"] = round(merged["turns"] / duration, 3) if duration > 0 else None
    return merged


def main(argv: list[str] | None = None) -> int:
    from benchmarks import lifeline

    argv = sys.argv[1:] if argv is None else argv
    config = json.loads(Path(argv[0]).read_text())
    lifeline.hold(float(config.get("deadline_seconds", 900)))
    for url in (config.get("app_url"), config.get("rasa_url")):
        if url and not url.startswith(("http://127.0.0.1:", "http://localhost:")):
            raise SystemExit(f"the benchmark only talks to 127.0.0.1, not {url}")
    result = _load_in_parts(config)
    Path(argv[1]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
