"""Kiepe on Telegram: the residents' bot, the shops' order desk and product listing by photo.

Wiring: ``app.include_router(bot.channels.telegram.router)`` (webhook, admin link codes, and a
lifespan that starts the bot when ``KIEPE_TELEGRAM_TOKEN`` is set); ``kiepe telegram poll``
for local use. Only this package and ``integrations.telegram_notifier`` import ``telegram``.
"""

from bot.channels.telegram.webhook import router

__all__ = ["router"]
