"""The phone: Twilio voice webhooks around the dialogue, in German, with keypad fallback.

Wiring: ``app.include_router(voice.router)``; in Twilio, the number's voice webhook is
``{public_url}/voice/incoming`` and its status callback ``{public_url}/voice/status`` (POST).
"""

from bot.channels.voice.webhooks import router

__all__ = ["router"]
