"""SMS: shops without Telegram get and answer their orders by SMS; phone residents get summaries.

Wiring: ``app.include_router(sms.router)`` and ``sms.subscribe(container.events)``.
"""

from bot.channels.sms.router import router
from bot.channels.sms.subscribers import subscribe

__all__ = ["router", "subscribe"]
