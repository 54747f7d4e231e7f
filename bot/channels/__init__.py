"""Channels that carry the dialogue and the shops' work to people: Telegram today."""
