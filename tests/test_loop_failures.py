"""A worker loop that keeps failing logs its first failure whole, then a line a minute at most."""

from __future__ import annotations

import logging

from bot.application.loop_failures import LoopFailures


def _fail(failures: LoopFailures, message: str) -> None:
    try:
        raise RuntimeError(message)
    except RuntimeError:
        failures.failed()


def test_a_lasting_failure_is_logged_whole_once_then_a_line_a_minute_and_its_end_is_said(caplog):
    now = [1000.0]
    failures = LoopFailures(logging.getLogger("kiepe.test"), "event dispatch", clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="kiepe.test"):
        for _ in range(30):  # a minute at a tick every 2 s
            _fail(failures, "no such table: order_events")
            now[0] += 2.0
        _fail(failures, "database is locked")
        failures.succeeded()
        failures.succeeded()
        _fail(failures, "connection refused")

    records = [(r.levelname, r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert records == [
        ("ERROR", "event dispatch failed", True),
        ("ERROR", "event dispatch still fails (31 times in a row), now with RuntimeError: database is locked", False),
        ("WARNING", "event dispatch works again after 31 failures in a row", False),
        ("ERROR", "event dispatch failed", True),
    ]
