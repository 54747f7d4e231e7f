"""The ports of the application layer that the domain's ``ordering.ports`` does not have.

A channel hands each resident's turn to a ``TurnHandler`` (the dialogue) and renders the
replies it gets back; it never reaches past this port into the dialogue's modules.
"""

from __future__ import annotations

from typing import Protocol

from bot.application.turns import Reply, Turn
from ordering.ports import Notifier, PaymentGateway

__all__ = ["Notifier", "PaymentGateway", "TurnHandler"]


class TurnHandler(Protocol):
    """One turn in, the replies out; never raises for anything a resident can say or press."""

    async def handle(self, turn: Turn) -> list[Reply]: ...
