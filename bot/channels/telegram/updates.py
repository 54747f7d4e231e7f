"""The parts of an update a handler works with, narrowed.

python-telegram-bot types every part of an ``Update`` as optional, since an update may be of
any kind; each handler is registered for the kind that has the part it reads (a command or a
text has a message, a chat and a sender; a button has a callback query). An update without it
is a routing mistake: it fails, and the error handler (``app.on_error``) apologises in the chat.
"""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, Update, User


class MissingPart(LookupError):
    """A handler got an update without the part it was registered for."""


def _missing(update: Update, part: str) -> MissingPart:
    return MissingPart(f"update {update.update_id} has no {part}")


def chat_of(update: Update) -> Chat:
    if update.effective_chat is None:
        raise _missing(update, "chat")
    return update.effective_chat


def user_of(update: Update) -> User:
    if update.effective_user is None:
        raise _missing(update, "sender")
    return update.effective_user


def message_of(update: Update) -> Message:
    if update.effective_message is None:
        raise _missing(update, "message")
    return update.effective_message


def query_of(update: Update) -> CallbackQuery:
    if update.callback_query is None:
        raise _missing(update, "callback query")
    return update.callback_query


def button_data(update: Update) -> str:
    """The pressed button's callback data (every button Kiepe sends has some)."""
    data = query_of(update).data
    if data is None:
        raise _missing(update, "callback data")
    return data
