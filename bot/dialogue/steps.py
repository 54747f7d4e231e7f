"""The one implementation of ``context.Steps``: the checkout's and the services' next steps, for
the modules below them (shopping, the caller check) that must not import them back."""

from __future__ import annotations

from typing import Any

from bot.dialogue import checkout_flow, services
from bot.dialogue.context import Ctx
from ordering.errors import PostcodeAmbiguous


class DialogueSteps:
    def advance(self, ctx: Ctx) -> None:
        checkout_flow.advance(ctx)

    def advance_if_checking_out(self, ctx: Ctx) -> None:
        checkout_flow.advance_if_checking_out(ctx)

    def offer_windows(self, ctx: Ctx, when_text: str | None) -> None:
        checkout_flow.offer_windows(ctx, when_text)

    def ask_town(self, ctx: Ctx, error: PostcodeAmbiguous, **data: Any) -> None:
        checkout_flow.ask_town(ctx, error, **data)

    def offer_reorder(self, ctx: Ctx) -> None:
        services.offer_reorder(ctx)

    def order_status(self, ctx: Ctx) -> None:
        services.order_status(ctx)

    def cancel(self, ctx: Ctx) -> None:
        services.cancel(ctx)


STEPS = DialogueSteps()
