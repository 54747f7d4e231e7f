"""The dialogue's side of the channel contract; the types live in ``bot.application.turns``."""

from bot.application.turns import (
    MAX_CHOICES,
    Action,
    CartLineView,
    CartView,
    Channel,
    Choice,
    Customer,
    ProductCard,
    ProductPage,
    Reply,
    Turn,
    View,
)

__all__ = ["MAX_CHOICES", "Action", "CartLineView", "CartView", "Channel", "Choice", "Customer", "ProductCard",
           "ProductPage", "Reply", "Turn", "View"]
