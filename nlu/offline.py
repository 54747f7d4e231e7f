"""An NLU that is deliberately switched off (``--no-nlu``): every parse says "unavailable",
so the dialogue uses its rule-based understanding and buttons, as when Rasa is down."""

from __future__ import annotations

from nlu.intents import Intent
from nlu.result import NluResult


class OfflineNlu:
    async def parse(self, text: str) -> NluResult:
        return NluResult(text=text, intent=Intent.NLU_UNAVAILABLE, available=False)

    async def aclose(self) -> None:
        return None
