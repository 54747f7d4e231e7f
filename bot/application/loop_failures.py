"""The failures of a loop that runs every few seconds, logged without flooding the log.

The worker's loops (outbox dispatch every 2 s, the job round, the heartbeat) outlive a broken
database moment by trying again at the next tick. When the moment lasts (the database is down,
or its tables were never made), logging each failure with its traceback would write a screenful
every two seconds and bury the first one, which says what went wrong.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable


class LoopFailures:
    """Call ``failed()`` inside the loop's ``except``, ``succeeded()`` after a round that worked.

    The first failure of a run of failures is logged with its traceback; while the loop keeps
    failing, one line at most every ``quiet_seconds`` says so and how often; the first round
    that works after failures says that it works again.
    """

    def __init__(self, log: logging.Logger, what: str, *, quiet_seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.log, self.what, self.quiet_seconds, self.clock = log, what, quiet_seconds, clock
        self.in_a_row = 0
        self._last_logged = 0.0

    def failed(self) -> None:
        self.in_a_row += 1
        now = self.clock()
        if self.in_a_row == 1:
            self.log.exception("%s failed", self.what)
        elif now - self._last_logged >= self.quiet_seconds:
            error = sys.exc_info()[1]
            self.log.error("%s still fails (%d times in a row), now with %s: %s", self.what, self.in_a_row,
                           type(error).__name__, error)
        else:
            return
        self._last_logged = now

    def succeeded(self) -> None:
        if self.in_a_row:
            self.log.warning("%s works again after %d failures in a row", self.what, self.in_a_row)
        self.in_a_row = 0
