"""SMS: shops without Telegram get and answer their orders by SMS; phone residents get summaries.

Wiring (the composition root): ``app.include_router(sms.router)``, and ``SmsNotices``'s
handlers in the outbox's table.
"""

from bot.channels.sms.subscribers import RESIDENT_NEWS, SmsNotices
from bot.channels.sms.webhooks import router

__all__ = ["RESIDENT_NEWS", "SmsNotices", "router"]
