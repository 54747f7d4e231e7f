"""What a resident may want: the intents, the one list of them in Python.

`Intent` is a `StrEnum` whose values are the names Rasa answers with, so an intent compares
equal to its name (``Intent.GREET == "greet"``) and prints as it. The domain's own intents are
listed first, in the order of ``nlu/rasa_project/domain.yml``; after them the few Kiepe says
itself and Rasa never does (`NOT_IN_THE_DOMAIN`).

The list is kept here by hand and tied to domain.yml by a test (tests/nlu/test_client.py)
rather than read from the YAML at import: mypy and the handler table need the members by
name, and the service needs no YAML file at runtime. Adding an intent is one line here and
one in domain.yml (with its training examples), and the test says which one is missing.
"""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    GREET = "greet"
    ADD_ITEMS = "add_items"
    CHANGE_ITEM = "change_item"
    REMOVE_ITEM = "remove_item"
    SHOW_CART = "show_cart"
    ASK_PRODUCT = "ask_product"
    ASK_SHOP = "ask_shop"
    CHOOSE_DELIVERY = "choose_delivery"
    CHOOSE_PICKUP = "choose_pickup"
    CHOOSE_DAY = "choose_day"
    CHECKOUT = "checkout"
    AFFIRM = "affirm"
    DENY = "deny"
    CANCEL = "cancel"
    ORDER_STATUS = "order_status"
    REORDER = "reorder"
    VOUCHER = "voucher"
    BOOK_SERVICE = "book_service"
    REPEAT = "repeat"
    HUMAN_HANDOFF = "human_handoff"
    HELP = "help"
    OUT_OF_SCOPE = "out_of_scope"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    # Not the model's: the keyword fallback's "Warenkorb leeren", "von vorne" (the model says cancel)
    CLEAR_CART = "clear_cart"
    # The text was understood as nothing: Rasa's low-confidence fallback, an empty text, an answer
    # that made no sense
    NOT_UNDERSTOOD = "not_understood"
    # The service could not be reached in time
    NLU_UNAVAILABLE = "nlu_unavailable"


NOT_IN_THE_DOMAIN: frozenset[Intent] = frozenset({Intent.CLEAR_CART, Intent.NOT_UNDERSTOOD, Intent.NLU_UNAVAILABLE})
# The intents of nlu/rasa_project/domain.yml, in its order.
DOMAIN_INTENTS: tuple[Intent, ...] = tuple(intent for intent in Intent if intent not in NOT_IN_THE_DOMAIN)
_BY_NAME: dict[str, Intent] = {intent.value: intent for intent in Intent}


def intent_named(name: str) -> Intent | None:
    """The intent of a name Rasa answered with; None for a name that is none of ours."""
    return _BY_NAME.get(name)
