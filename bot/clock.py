"""The time source. Production reads the system clock; tests and replay set it."""

from __future__ import annotations

from datetime import datetime, timezone


class Clock:
    """Now, as an aware UTC datetime; ``set`` freezes it (tests, ``kiepe replay``)."""

    def __init__(self, fixed: datetime | None = None) -> None:
        self._fixed = fixed

    def now(self) -> datetime:
        return self._fixed if self._fixed is not None else datetime.now(timezone.utc)

    def set(self, when: datetime | None) -> None:
        if when is not None and when.tzinfo is None:
            raise ValueError("Clock.set needs an aware datetime")
        self._fixed = when
