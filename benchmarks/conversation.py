"""What the benchmark says: the utterances it times, and a resident who shops and orders.

``UTTERANCES`` are timed three ways (bare Rasa parse, Telegram turn, phone turn); they are
shopping-list sentences and answers from ``tests/conversations`` against the demo region.

:class:`Shopper` plays one web-chat conversation as a resident would: a greeting, two or
three shopping-list turns, "bestellen", delivery, postcode, a window, name, phone, street,
"ja". It reads the assistant's replies (texts and buttons) to answer what is asked, so the
conversation reaches a placed order whatever order the dialogue asks in, and it gives up
after ``MAX_TURNS`` (counted, not an error).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

UTTERANCES = (
    "2 liter milch vom hof schulze",
    "6 brötchen von terstegen",
    "ein pfund mett und vier frikadellen von brüning",
    "300 g alten gouda vom käsehaus wienker",
    "zwei gläser erdbeermarmelade vom spargelhof averkamp",
    "ein sonnenblumenkernbrot von uphoff",
    "zwei kilo kartoffeln vom hof große kleimann",
    "2 flaschen prosecco von der weinhandlung hagedorn",
    "ein bund tulpen vom blumenhaus wessendorf",
    "noch zwei brötchen dazu",
    "ein dutzend eier",
    "was kostet der butterkuchen",
    "die tulpen wieder raus",
    "200 g gouda und einen camembert",
    "am samstag vormittag",
    "hallo",
)

SHOPPING_LISTS = (
    "2 Liter Milch vom Hof Schulze und 6 Brötchen von Terstegen",
    "ein Pfund Mett und vier Frikadellen von Brüning",
    "300 g alten Gouda und einen Camembert vom Käsehaus Wienker",
    "zwei Gläser Erdbeermarmelade vom Spargelhof Averkamp",
    "ein Sonnenblumenkernbrot von Uphoff und zwei Kilo Kartoffeln vom Hof Große Kleimann",
    "2 Flaschen Prosecco von der Weinhandlung Hagedorn",
    "Ein Bund Tulpen vom Blumenhaus Wessendorf",
    "6 Brötchen von Terstegen",
)
POSTCODES = ("48653", "48727", "59387", "48317", "48329", "48301", "48720", "48308", "48324")
WINDOW_WORDS = ("am Samstag", "Donnerstag nachmittag", "Mittwoch vormittag", "so bald wie möglich",
                "Freitag ab 15 Uhr")
FIRST_NAMES = ("Anna", "Bernd", "Claudia", "Theo", "Petra", "Agnes", "Hildegard", "Jens")
LAST_NAMES = ("Wessels", "Schulte", "Brinkhaus", "Gausepohl", "Wübbeling", "Terhorst", "Bülter")
STREETS = ("Lindenstraße 12", "Kirchstraße 7", "Dorfstraße 3", "Letter Straße 40", "Am Markt 5")
MAX_TURNS = 18
FAILED = "etwas schiefgegangen"  # the dialogue's apology when a turn broke inside
PLACED = "bestellung ist aufgegeben"


@dataclass
class Shopper:
    """One resident's web-chat conversation; ``next_turn`` gives the body of the next POST."""

    number: int
    seed: int = 0
    items: list[str] = field(default_factory=list)
    turns: int = 0
    window_asks: int = 0
    placed: bool = False
    broken_turns: int = 0
    _rnd: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rnd = random.Random(self.seed * 1_000_003 + self.number)
        self.items = self._rnd.sample(SHOPPING_LISTS, self._rnd.choice((2, 3)))
        self.postcode = self._rnd.choice(POSTCODES)
        self.window = self._rnd.choice(WINDOW_WORDS)
        self.name = f"{self._rnd.choice(FIRST_NAMES)} {self._rnd.choice(LAST_NAMES)}"
        self.phone = f"0151 {70_000_000 + (self.seed % 50) * 1_000_000 + self.number % 1_000_000:08d}"
        self.street = self._rnd.choice(STREETS)
        # the web chat's session cookie: issued by the app with the first answer, sent back after
        self.session: str | None = None

    def headers(self) -> dict[str, str]:
        """The headers of the next POST /chat/turn, as the chat page's script sends them."""
        from bot.channels.web.session import COOKIE, CSRF_HEADER

        headers = {CSRF_HEADER: "1"}
        if self.session:
            headers["Cookie"] = f"{COOKIE}={self.session}"
        return headers

    def remember(self, cookies: Any) -> None:
        """Keep the session cookie of an answer (a mapping of the response's cookies)."""
        from bot.channels.web.session import COOKIE

        self.session = cookies.get(COOKIE) or self.session

    def first_turn(self) -> dict[str, Any]:
        self.turns = 1
        return {}  # neither text nor choice: the page's greeting

    def next_turn(self, replies: list[dict[str, Any]]) -> dict[str, Any] | None:
        """The next thing to send after ``replies``; None when the conversation is over."""
        texts = " ".join(r.get("text", "") for r in replies).casefold()
        if FAILED in texts:
            self.broken_turns += 1
        if PLACED in texts:
            self.placed = True
            return None
        if self.turns >= MAX_TURNS:
            return None
        self.turns += 1
        choices = [c for r in replies[-1:] for c in r.get("choices", [])]
        values = [c["value"] for c in choices]
        last = (replies[-1].get("text", "") if replies else "").casefold()
        if self.items:  # shopping first, whatever the greeting offers
            return {"text": self.items.pop(0)}
        if "yes" in values and ("bestellen" in last or "so bestellen" in texts):
            return {"choice": "yes"}
        if "fulfil:delivery" in values:
            return {"choice": "fulfil:delivery"}
        if "postleitzahl" in last:
            return {"text": self.postcode}
        slots = [v for v in values if v.startswith("slot:")]
        if slots or "wann passt" in last or "zeitfenster" in last:
            self.window_asks += 1
            if self.window_asks == 1 or not slots:
                return {"text": self.window}
            return {"choice": slots[0]}
        if "namen" in last:
            return {"text": self.name}
        if "telefon" in last:
            return {"text": self.phone}
        if "straße" in last or "hausnummer" in last:
            return {"text": self.street}
        if "yes" in values:
            return {"choice": "yes"}
        return {"text": "bestellen"}
