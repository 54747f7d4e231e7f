"""SMS: shops without Telegram get and answer their orders by SMS; phone residents get summaries.

Wiring: ``app.include_router(sms.router)`` and ``sms.subscribe(container.events)``.
"""

from bot.channels.sms.subscribers import subscribe
from bot.channels.sms.webhooks import router

__all__ = ["router", "subscribe"]
