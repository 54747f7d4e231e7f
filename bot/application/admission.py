"""Bounded admission of turns: at most ``limit`` turns in flight in this process.

Past capacity more work only makes every turn slower (the event loop, the database's write
lock and Rasa are shared), so a process admits a fixed number of turns and keeps the rest
out *before* any of their work starts: a turn is either admitted and runs to its end, or
never started. How a turn that is kept out is answered is the edge's business
(``bot.api.overload``): a quick 503 for the web chat, a short wait for Telegram and the phone.

At most ``max_waiting`` turns wait for a place; the rest are refused at once, so memory and
latency stay bounded however many requests arrive.
"""

from __future__ import annotations

import asyncio
import contextlib


class Admission:
    """A counting gate for one event loop. Not thread-safe: call it from the loop only."""

    def __init__(self, limit: int, max_waiting: int) -> None:
        if limit < 1:
            raise ValueError("at least one turn must be admitted")
        self.limit = limit
        self.max_waiting = max_waiting
        self.in_flight = 0
        self.waiting = 0
        self._free = asyncio.Semaphore(limit)

    async def enter(self, wait_seconds: float) -> bool:
        """Take a place, waiting at most ``wait_seconds`` (in a bounded queue, first come first
        served); False when none came free in time or the queue is full."""
        if not self._free.locked():
            await self._free.acquire()  # a place is free and nobody waits: no suspension
            self.in_flight += 1
            return True
        if wait_seconds <= 0 or self.waiting >= self.max_waiting:
            return False
        self.waiting += 1
        try:
            async with asyncio.timeout(wait_seconds):
                await self._free.acquire()
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1
        self.in_flight += 1
        return True

    def enter_anyway(self) -> None:
        """Admit beyond the limit (a caller who has waited long enough); pair with ``leave_anyway``."""
        self.in_flight += 1

    def leave_anyway(self) -> None:
        self.in_flight -= 1

    def leave(self) -> None:
        self.in_flight -= 1
        self._free.release()

    @contextlib.asynccontextmanager
    async def place(self, wait_seconds: float):
        """``async with gate.place(s) as admitted:`` the place is given back when the block ends."""
        admitted = await self.enter(wait_seconds)
        try:
            yield admitted
        finally:
            if admitted:
                self.leave()
