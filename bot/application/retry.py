"""When a failed delivery is tried again: exponential backoff with jitter, then parked."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.settings import Settings


@dataclass(frozen=True)
class RetryPolicy:
    """``first`` after the first failure, doubling up to ``cap``; ``max_attempts`` in all.

    Jitter spreads the retries of many events that failed together (an SMS outage) so they
    do not all come back at the same second.
    """

    first: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=2)
    max_attempts: int = 12
    jitter: float = 0.2
    random: Callable[[], float] = field(default=random.random, compare=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(first=timedelta(seconds=settings.event_retry_first_seconds),
                   cap=timedelta(seconds=settings.event_retry_max_seconds),
                   max_attempts=settings.event_max_attempts, jitter=settings.event_retry_jitter)

    def nominal_delay(self, attempts: int) -> timedelta:
        """The delay after ``attempts`` failed attempts, before jitter."""
        doublings = min(max(attempts - 1, 0), 40)  # 2**40 × 30 s is far past any cap
        return min(self.first * (2 ** doublings), self.cap)

    def delay(self, attempts: int) -> timedelta:
        """The delay after ``attempts`` failed attempts: nominal ± ``jitter``."""
        stretch = 1.0 + self.jitter * (2.0 * self.random() - 1.0)
        return self.nominal_delay(attempts) * stretch

    def gives_up_after(self, attempts: int) -> bool:
        return attempts >= self.max_attempts

    def span(self) -> timedelta:
        """From the first attempt to the last, before jitter (8.1 hours by default)."""
        return sum((self.nominal_delay(n) for n in range(1, self.max_attempts)), timedelta())
