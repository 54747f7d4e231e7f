"""The app as the benchmark serves it: a process of its own, uvicorn on 127.0.0.1, all channels wired.

    python -m benchmarks.appserver CONFIG.json

CONFIG: ``database_url``, ``port``, ``rasa_url``, ``telegram_secret``, ``twilio_token``,
``deadline_seconds``. The database is prepared as ``kiepe serve`` does it (migrations, the demo
region, windows); the clock is the real one. The Telegram application talks to
:class:`benchmarks.telegram_rec.BenchRequest` instead of api.telegram.org; SMS go to a null
sender; no Stripe key, so residents pay on delivery. Nothing leaves the machine.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

log = logging.getLogger("kiepe.bench.app")


class NullSms:
    """SMS sender that sends nothing (payment links, notices): no traffic to Twilio."""

    def __init__(self) -> None:
        self.sent = 0

    def send_text(self, to: str, text: str) -> None:
        self.sent += 1


# Every simulated resident comes from 127.0.0.1: the per-client limits would stop the load at once.
BENCH_LIMITS = {name: "1000000/minute" for name in (
    "rate_limit_per_client", "rate_limit_per_token", "rate_limit_wrong_tokens", "rate_limit_registrations",
    "rate_limit_chat_sessions", "rate_limit_phone_codes")}


def build_app(config: dict):
    """The FastAPI app with the web chat, the Telegram webhook and the Twilio voice webhooks."""
    from benchmarks import telegram_rec
    from bot.app import create_app
    from bot.bootstrap import prepare
    from bot.channels.telegram.app import build_application, use_application
    from bot.composition import build_container
    from bot.settings import Settings

    base = f"http://127.0.0.1:{config['port']}"
    settings = Settings(
        database_url=config["database_url"], rasa_url=config["rasa_url"], rasa_manage=False,
        host="127.0.0.1", port=config["port"], public_url=base,
        admin_token=config.get("admin_token", "bench-admin"), dispatch_events=True,
        nlu_timeout_seconds=config.get("nlu_timeout_seconds", 2.0),
        # the outside world stays outside: explicit values win over KIEPE_* in the environment
        stripe_api_key=None, stripe_api_base=None, stripe_webhook_secret=None,
        twilio_account_sid=None, twilio_from_number=None, twilio_auth_token=config["twilio_token"],
        telegram_token=telegram_rec.TOKEN, telegram_secret_token=config["telegram_secret"],
        telegram_admin_chat_id=None, voice_hotline="+4925410000000",
        **BENCH_LIMITS,
    )
    container = build_container(settings, sms=NullSms())
    for line in prepare(container):
        log.info(line)
    rec = telegram_rec.BenchRequest()
    # The webhook router's lifespan initialises and wires the application found here.
    use_application(container, build_application(container, request=rec))

    counter = count_statements(container)
    app = create_app(container)
    app.state.bench_request = rec
    app.state.bench_stats = counter
    app.include_router(telegram_rec.router)
    return app


def count_statements(container) -> dict[str, int]:
    """Count the SQL statements the app sends (read through ``GET /_bench/stats``)."""
    from sqlalchemy import event

    counter = {"statements": 0}

    @event.listens_for(container.database.engine, "before_cursor_execute")
    def _count(*_args) -> None:
        counter["statements"] += 1

    return counter


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    from benchmarks import lifeline

    argv = sys.argv[1:] if argv is None else argv
    config = json.loads(Path(argv[0]).read_text())
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    lifeline.hold(config.get("deadline_seconds", 3600))
    app = build_app(config)
    uvicorn.run(app, host="127.0.0.1", port=config["port"], log_level="warning", access_log=False,
                lifespan="on", timeout_graceful_shutdown=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
