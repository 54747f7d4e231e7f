"""The processes of ``kiepe soak``: an app (uvicorn) or a worker, on the soak's PostgreSQL schema.

    python -m benchmarks.soak_proc app|worker|serve CONFIG.json

``serve`` is ``kiepe serve`` as ``make run`` starts it: one app process that runs the worker
(outbox dispatch and timed jobs) inside itself; on SQLite that is the embedded default.

CONFIG: ``database_url``, ``port`` (app), ``sms_url`` (the soak's fake SMS provider),
``lease_seconds``, ``retry_first_seconds``, ``retry_max_seconds``, ``deadline_seconds``; optional
``rasa_url`` (one or more Rasa servers; default none, so understanding is rule-based),
``job_seconds`` (how often the timed jobs run; default off), ``remind_after_minutes``,
``escalate_after_minutes``, ``admin_phone``, ``nlu_timeout``, ``telegram_url`` (the soak's fake
Telegram: the worker's pushes go there). SMS go to the fake provider over HTTP (it can be told to
fail, like Twilio during an outage); Telegram messages the same way, through python-telegram-bot
with its HTTP layer replaced (``ForwardingRequest``); no Stripe. The database was prepared by the
soak (migrations, demo region, windows) before any of these start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

import httpx

from benchmarks.appserver import BENCH_LIMITS, NullSms
from benchmarks.telegram_rec import SENDING, TOKEN, BenchRequest


class HttpSms:
    """``ordering.ports.Notifier`` over the fake provider: raises when it does not accept the message."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=5.0)

    def send_text(self, to: str, text: str) -> str:
        response = self.client.post("/send", json={"to": to, "text": text})
        if response.status_code != 200:
            raise ConnectionError(f"SMS provider answered {response.status_code}")
        return str(response.json()["sid"])


class ForwardingRequest(BenchRequest):
    """python-telegram-bot's HTTP layer for the soak: messages go to the fake Telegram over HTTP
    (which may refuse them, as Telegram does in an outage: the bot then raises); every other Bot
    API call (getMe …) is answered here."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.client = httpx.AsyncClient(base_url=url, timeout=5.0)

    async def do_request(self, url, method, request_data=None, read_timeout=None,  # type: ignore[no-untyped-def]
                         write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        if name in SENDING:
            params = request_data.parameters if request_data is not None else {}
            text = str(params.get("text") or params.get("caption") or "")
            answer = await self.client.post("/send", json={"to": str(params.get("chat_id")), "text": text})
            if answer.status_code != 200:
                return 502, json.dumps({"ok": False, "error_code": 502, "description": "Bad Gateway"}).encode()
        return await super().do_request(url, method, request_data, read_timeout, write_timeout, connect_timeout,
                                        pool_timeout)


def _container(config: dict, *, worker: bool, in_process: bool = False):
    from bot.composition import build_container
    from bot.settings import Settings

    jobs = int(config.get("job_seconds", 0))
    settings = Settings(
        database_url=config["database_url"], rasa_url=config.get("rasa_url", "http://127.0.0.1:9"), rasa_manage=False,
        host="127.0.0.1", port=config.get("port", 8000), admin_token="soak-admin-token-" + "x" * 24,
        nlu_timeout_seconds=config.get("nlu_timeout", 0.2), stripe_api_key=None, twilio_account_sid=None, twilio_auth_token=None,
        twilio_from_number=None, telegram_token=TOKEN if worker and config.get("telegram_url") else None,
        telegram_admin_chat_id=None,
        admin_phone=config.get("admin_phone"), in_process_worker=in_process, dispatch_events=worker,
        event_lease_seconds=config["lease_seconds"], event_retry_first_seconds=config["retry_first_seconds"],
        event_retry_max_seconds=config["retry_max_seconds"], event_max_attempts=config.get("max_attempts", 30),
        worker_heartbeat_seconds=2.0, housekeeping_interval_seconds=jobs, windows_generate_interval_seconds=jobs,
        telegram_reminder_interval_seconds=jobs or 300,
        telegram_remind_after_minutes=config.get("remind_after_minutes", 30),
        telegram_escalate_after_minutes=config.get("escalate_after_minutes", 90),
        **BENCH_LIMITS,
    )
    # Only the worker sends (the apps neither dispatch nor send registration codes to the fake).
    return build_container(settings, sms=HttpSms(config["sms_url"]) if worker else NullSms())


def _report_write_lock(path: str) -> None:
    """Note how long each SQLite write transaction held the write lock and who began it (our
    frames only); the longest are written to ``path`` every 5 s. A measuring aid of the bench."""
    import threading
    import time
    import traceback

    from ordering import db

    holds: list[tuple[float, float, str]] = []  # (held seconds, waited seconds, where)
    local = threading.local()
    begin, release = db._QueuedWriterConnection.begin_write, db._QueuedWriterConnection._release

    def begin_write(self) -> None:  # type: ignore[no-untyped-def]
        asked = time.monotonic()
        begin(self)
        frames = [f for f in traceback.extract_stack()[:-1]
                  if "/site-packages/" not in f.filename and "/ordering/db.py" not in f.filename
                  and "benchmarks/soak_proc" not in f.filename]
        local.where = " < ".join(f"{Path(f.filename).stem}.{f.name}:{f.lineno}" for f in reversed(frames[-4:]))
        self._kiepe_started, self._kiepe_waited = time.monotonic(), time.monotonic() - asked
        self._kiepe_where = local.where + (" [event loop]" if threading.current_thread() is threading.main_thread()
                                           else "")

    def _release(self) -> None:  # type: ignore[no-untyped-def]
        if self._holds_lock and getattr(self, "_kiepe_started", None) is not None:
            holds.append((time.monotonic() - self._kiepe_started, self._kiepe_waited, self._kiepe_where))
            self._kiepe_started = None
        release(self)

    db._QueuedWriterConnection.begin_write = begin_write  # type: ignore[method-assign]
    db._QueuedWriterConnection._release = _release  # type: ignore[method-assign]

    def dump() -> None:
        while True:
            time.sleep(5)
            rows = sorted(holds, reverse=True)[:25]
            total = sum(h for h, _, _ in holds)
            lines = [f"{len(holds)} write transactions, {total:.1f} s held in all; the longest:"]
            lines += [f"held {h * 1000:7.0f} ms  (waited {w * 1000:6.0f} ms)  {where}" for h, w, where in rows]
            Path(path).write_text("\n".join(lines) + "\n")

    threading.Thread(target=dump, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    from benchmarks import lifeline

    argv = sys.argv[1:] if argv is None else argv
    role, config = argv[0], json.loads(Path(argv[1]).read_text())
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    lifeline.hold(config.get("deadline_seconds", 900))
    if config.get("lock_report"):
        _report_write_lock(config["lock_report"])
    if role in ("app", "serve"):
        import uvicorn

        from bot.app import create_app

        serve = role == "serve"
        uvicorn.run(create_app(_container(config, worker=serve, in_process=serve)), host="127.0.0.1", port=config["port"],
                    log_level="warning", access_log=False, lifespan="on")
        return 0
    from bot.worker import Worker

    container = _container(config, worker=True)
    worker = Worker(container, kind="worker")

    async def run() -> None:
        if config.get("telegram_url"):  # the Telegram pushes, as `kiepe worker` wires them
            from bot.channels.telegram.app import build_application, wire

            application = build_application(container, request=ForwardingRequest(config["telegram_url"]))
            await application.initialize()
            wire(container, application)
        await worker.run()

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
