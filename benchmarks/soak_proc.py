"""The processes of ``kiepe soak``: an app (uvicorn) or a worker, on the soak's PostgreSQL schema.

    python -m benchmarks.soak_proc app|worker CONFIG.json

CONFIG: ``database_url``, ``port`` (app), ``sms_url`` (the soak's fake SMS provider),
``lease_seconds``, ``retry_first_seconds``, ``retry_max_seconds``, ``deadline_seconds``. SMS go
to the fake provider over HTTP (it can be told to fail, like Twilio during an outage); no
Telegram, no Stripe, no Rasa (the soak's residents order through the REST API). The database was
prepared by the soak (migrations, demo region, windows) before any of these start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

import httpx

from benchmarks.appserver import BENCH_LIMITS, NullSms


class HttpSms:
    """``ordering.ports.Notifier`` over the fake provider: raises when it does not accept the message."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=5.0)

    def send_text(self, to: str, text: str) -> str:
        response = self.client.post("/send", json={"to": to, "text": text})
        if response.status_code != 200:
            raise ConnectionError(f"SMS provider answered {response.status_code}")
        return str(response.json()["sid"])


def _container(config: dict, *, worker: bool):
    from bot.composition import build_container
    from bot.settings import Settings

    settings = Settings(
        database_url=config["database_url"], rasa_url="http://127.0.0.1:9", rasa_manage=False,
        host="127.0.0.1", port=config.get("port", 8000), admin_token="soak-admin-token-" + "x" * 24,
        nlu_timeout_seconds=0.2, stripe_api_key=None, twilio_account_sid=None, twilio_auth_token=None,
        twilio_from_number=None, telegram_token=None, telegram_admin_chat_id=None, admin_phone=None,
        in_process_worker=False, dispatch_events=worker,
        event_lease_seconds=config["lease_seconds"], event_retry_first_seconds=config["retry_first_seconds"],
        event_retry_max_seconds=config["retry_max_seconds"], event_max_attempts=config.get("max_attempts", 30),
        worker_heartbeat_seconds=2.0, housekeeping_interval_seconds=0, windows_generate_interval_seconds=0,
        **BENCH_LIMITS,
    )
    # Only the worker sends (the apps neither dispatch nor send registration codes to the fake).
    return build_container(settings, sms=HttpSms(config["sms_url"]) if worker else NullSms())


def main(argv: list[str] | None = None) -> int:
    from benchmarks import lifeline

    argv = sys.argv[1:] if argv is None else argv
    role, config = argv[0], json.loads(Path(argv[1]).read_text())
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    lifeline.hold(config.get("deadline_seconds", 900))
    if role == "app":
        import uvicorn

        from bot.app import create_app

        uvicorn.run(create_app(_container(config, worker=False)), host="127.0.0.1", port=config["port"],
                    log_level="warning", access_log=False, lifespan="on")
        return 0
    from bot.worker import Worker

    worker = Worker(_container(config, worker=True), kind="worker")
    asyncio.run(worker.run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
