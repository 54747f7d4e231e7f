"""The dialogue's side of the channel contract; the types live in ``bot.application.turns``."""

from bot.application.turns import MAX_CHOICES, Action, Channel, Choice, Customer, Reply, Turn

__all__ = ["MAX_CHOICES", "Action", "Channel", "Choice", "Customer", "Reply", "Turn"]
