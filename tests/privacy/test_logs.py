"""Structured log lines: key=value or JSON, every identifier that slips in masked."""

from __future__ import annotations

import json
import logging
import sys

from bot.logs import JsonFormatter, KeyValueFormatter, configure_logging
from bot.privacy.identifiers import mask_phone, redact


def _record(message: str, *args, exc: bool = False, **extra) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("phone +4915112345678 belongs to another resident")
        except ValueError:
            exc_info = sys.exc_info()
    record = logging.LogRecord("bot.test", logging.INFO, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_phone_numbers_show_their_last_two_digits_only():
    assert mask_phone("+4915112345678") == "***78"
    assert mask_phone(None) == "-"
    assert redact("SMS from 02541 123456, call from +49 151 1234 5678") == "SMS from ***56, call from ***78"


def test_session_keys_and_cards_are_removed_but_order_references_stay():
    line = redact("turn web:web:0123456789abcdef0123456789abcdef session=abcdefabcdefabcdef12 K-2611-000012 "
                  "card 4111 1111 1111 1111")
    assert "0123456789abcdef" not in line and "abcdefabcdef" not in line and "4111" not in line
    assert "K-2611-000012" in line


def test_key_value_lines_are_one_line_with_fields():
    line = KeyValueFormatter().format(_record("call %s from %s", "CA1", "+4915112345678", exc=True,
                                              order="K-2611-000012"))
    assert "\n" not in line
    assert line.startswith("ts=") and " level=INFO logger=bot.test " in line
    assert 'msg="call CA1 from ***78"' in line and "order=K-2611-000012" in line
    assert "exc=" in line and "+4915112345678" not in line and "***78 belongs" in line


def test_json_lines_parse():
    data = json.loads(JsonFormatter().format(_record("SMS %s from %s answered", "SM1", "0151 23456789")))
    assert data["msg"] == "SMS SM1 from ***89 answered" and data["level"] == "INFO" and data["logger"] == "bot.test"


def test_configure_logging_puts_one_redacting_handler_on_the_root(capsys):
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    try:
        configure_logging("INFO", "json")
        logging.getLogger("bot.test").info("call from %s", "+4915112345678")
        logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot123:SECRET/sendMessage")
        err = capsys.readouterr().err.strip().splitlines()
        assert [json.loads(line)["msg"] for line in err] == ["call from ***78"]
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in before[0]:
            root.addHandler(handler)
        root.setLevel(before[1])
        logging.getLogger("httpx").setLevel(logging.NOTSET)
