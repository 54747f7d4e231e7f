"""Structured log lines through the standard library: key=value (default) or JSON lines.

Every line passes ``bot.privacy.identifiers.redact`` (message and traceback), so a phone
number that slipped into a message shows only its last two digits and a web session key
never appears. Call sites still keep personal data out in the first place: message text is
never logged, identifiers go through ``mask_phone``.

Libraries that log whole requests at INFO are held at WARNING: httpx would write the Telegram
bot token (it is part of the URL), Twilio's client the recipient and body of each SMS.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Literal

from bot.privacy.identifiers import redact

LogFormat = Literal["kv", "json"]
QUIET_LOGGERS = ("httpx", "httpcore", "twilio", "twilio.http_client", "telegram.ext.Updater", "stripe")
# Attributes every LogRecord has; anything else came in through ``extra=`` and is logged as a field.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def _fields(record: logging.LogRecord) -> dict[str, object]:
    fields: dict[str, object] = {
        "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "msg": redact(record.getMessage()),
    }
    for key, value in vars(record).items():
        if key not in _STANDARD and not key.startswith("_"):
            fields[key] = redact(str(value)) if isinstance(value, str) else value
    if record.exc_info:
        fields["exc"] = redact(logging.Formatter().formatException(record.exc_info))
    return fields


def _kv_value(value: object) -> str:
    text = str(value)
    if text and not any(char in text for char in ' "=\n\t\\'):
        return text
    return json.dumps(text, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    """``ts=… level=INFO logger=bot.x msg="call CA1 from ***78"``, one line per record."""

    def format(self, record: logging.LogRecord) -> str:
        return " ".join(f"{key}={_kv_value(value)}" for key, value in _fields(record).items())


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log shipper."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(_fields(record), ensure_ascii=False, default=str)


def formatter(log_format: LogFormat = "kv") -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else KeyValueFormatter()


def configure_logging(level: str | int = "INFO", log_format: LogFormat = "kv") -> None:
    """One handler on the root logger (stderr) with the structured, redacting formatter.

    Replaces earlier root handlers, so uvicorn (started with ``log_config=None``) and every
    library log through it too.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
