"""The domain's errors carry facts; ``bot.application.error_wording`` says them in German.

Walks the whole error tree: every type has a sentence for residents or shops, or is documented as
never shown to residents; every sentence renders; the sentences residents read are kept.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import ordering
from bot.application.error_wording import (
    FOR_RESIDENTS,
    FOR_SHOPS,
    GENERIC,
    NEVER_SHOWN_TO_RESIDENTS,
    resident_text,
    shop_text,
)
from ordering import errors
from ordering.errors import ConfigurationError, ExternalServiceError, OrderingError
from ordering.shop_rules import BelowMinimumOrder, Closure, ShopClosed, ShortPart

ROOT = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")

# Edges that define their own errors (they may not be imported by anything else in this test run).
EDGE_MODULES = [
    "bot.ratelimit", "bot.api.deps", "bot.api.residents", "bot.channels.web.router", "bot.channels.web.session",
    "bot.channels.telegram.shop_weights", "bot.console.web",
]
# An edge's own errors that say no sentence of their own, and why that is right.
EDGE_ERRORS_WITHOUT_A_SENTENCE = {
    "Unauthorized": "401 to an API client without a valid token: the app logs in again (the generic sentence)",
    "Refused": "console only (shops, drivers, coordinators): answered with a page, not a sentence",
    "NotAllowed": "as Refused",
    "BadForm": "as Refused",
}


def _tree() -> list[type[BaseException]]:
    for module in pkgutil.walk_packages(ordering.__path__, "ordering."):
        importlib.import_module(module.name)
    for name in EDGE_MODULES:
        importlib.import_module(name)
    found: list[type[BaseException]] = []
    todo: list[type[BaseException]] = [OrderingError, ExternalServiceError, ConfigurationError]
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.append(cls)
            todo.extend(cls.__subclasses__())
    return found


def _in_ordering(cls: type) -> bool:
    return cls.__module__.split(".")[0] == "ordering"


def test_every_domain_error_has_a_sentence_or_is_never_shown_to_residents():
    domain = [cls for cls in _tree() if _in_ordering(cls)]
    assert len(domain) > 60
    unworded = [cls.__qualname__ for cls in domain
                if cls not in FOR_RESIDENTS and cls not in FOR_SHOPS and cls not in NEVER_SHOWN_TO_RESIDENTS]
    assert unworded == []


def test_an_error_has_one_audience():
    assert set(FOR_RESIDENTS).isdisjoint(FOR_SHOPS)
    assert set(NEVER_SHOWN_TO_RESIDENTS).isdisjoint(set(FOR_RESIDENTS) | set(FOR_SHOPS))


def test_every_edge_error_says_its_own_sentence_or_is_documented():
    edge = [cls for cls in _tree() if not _in_ordering(cls) and cls.__module__.startswith("bot.")]
    assert {cls.__name__ for cls in edge} >= {"TooManyRequests", "DialogueUnavailable", "CrossSiteRequest"}
    for cls in edge:
        says = "german_text" in vars(cls) or "german_text" in vars(cls).get("__annotations__", {})
        assert says or cls.__name__ in EDGE_ERRORS_WITHOUT_A_SENTENCE, cls


def _sample(annotation: object) -> object:
    origin = typing.get_origin(annotation)
    if annotation is str or annotation == str | None:
        return "Rinderhack"
    if annotation is bool:
        return True
    if annotation is int:
        return 3
    if annotation is Decimal:
        return Decimal("0.5")
    if annotation is datetime:
        return datetime(2026, 11, 28, 9, tzinfo=BERLIN)
    if origin is tuple:
        return ("Rinderhack", "Bratwurst")
    if annotation == list[Closure]:
        return [Closure(1, "Bäckerei Terstegen", date(2026, 11, 25), date(2026, 11, 25))]
    if annotation == list[ShortPart]:
        return [ShortPart(1, "hof", "Hof Schulze", 1200, 1500)]
    raise AssertionError(f"no sample for {annotation!r}")


def _instance(cls: type[OrderingError]) -> OrderingError:
    """An instance with sample facts for every argument the class requires."""
    hints = typing.get_type_hints(cls.__init__, vars(importlib.import_module(cls.__module__)))
    args, kwargs = [], {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.default is not inspect.Parameter.empty:
            continue
        value = "the developers' message" if name == "message" else _sample(hints[name])
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = value
        else:
            args.append(value)
    return cls(*args, **kwargs)


@pytest.mark.parametrize("cls", [*FOR_RESIDENTS, *FOR_SHOPS], ids=lambda cls: cls.__name__)
def test_every_sentence_renders(cls):
    error = _instance(cls)
    for text in (resident_text(error), shop_text(error)):
        assert text and text.lstrip("„")[0].isupper() and "{" not in text and "None" not in text
        assert text.rstrip("“").endswith((".", "?", "12,90")), text


@pytest.mark.parametrize(("error", "said"), [
    (errors.SoldOut("", product="Spargel"), "Spargel ist gerade leider ausverkauft."),
    (errors.SoldOut("", product="Spargel", in_cart=True), "Spargel ist inzwischen leider ausverkauft."),
    (errors.WholePiecesOnly("", product="Brötchen"), "Brötchen gibt es nur stückweise. Wie viele möchten Sie?"),
    (errors.QuantityTooLarge("", most=Decimal(99), unit="piece"), "Bitte höchstens 99 Stück auf einmal."),
    (errors.QuantityTooLarge("", most=Decimal(50), unit="kg"), "Bitte höchstens 50 kg auf einmal."),
    (errors.VoucherAmountOutOfRange("", shop="Hof Schulze", min_cents=500, max_cents=10000),
     "Gutscheine für Hof Schulze gibt es von 5,00 € bis 100,00 €."),
    (errors.WindowFull("", start=datetime(2026, 11, 28, 9, tzinfo=BERLIN), end=datetime(2026, 11, 28, 13, tzinfo=BERLIN)),
     "Dieses Zeitfenster (Samstag, 28. November, 9–13 Uhr) ist leider schon voll. Bitte wählen Sie ein anderes."),
    (errors.PostcodeNotServed("", postcode="12345"), "Die Postleitzahl 12345 liegt leider außerhalb unseres Liefergebiets."),
    (errors.OfferDecided("", by_resident=True), "Darauf haben Sie schon geantwortet."),
    (errors.OfferDecided("", by_resident=False), "Dafür ist die Frist leider abgelaufen. Es bleibt, wie besprochen."),
    (ShopClosed([Closure(1, "Bäckerei Terstegen", date(2026, 11, 25), date(2026, 11, 25))]),
     "Bäckerei Terstegen hat am 25. November geschlossen. Bitte wählen Sie einen anderen Tag."),
    (BelowMinimumOrder([ShortPart(1, "hof", "Hof Schulze", 1200, 1500)]),
     "Bei Hof Schulze fehlen noch 3,00 € bis zum Mindestbestellwert von 15,00 €. Bitte nehmen Sie dort noch "
     "etwas dazu oder lassen Sie diesen Teil weg."),
    (errors.InvalidTransition("", status="ready", new="confirmed"), "Das geht bei dieser Bestellung gerade nicht mehr."),
    (errors.Invalid("a request no resident can make"), GENERIC),
])
def test_residents_read_the_sentences_they_read_before(error, said):
    assert resident_text(error) == said


@pytest.mark.parametrize(("error", "said"), [
    (errors.TooHeavy("", most=Decimal("0.330"), tolerance=10, ordered=Decimal("0.300"), unit="kg"),
     "Höchstens 0,330 kg (10 % über 0,300 kg)."),
    (errors.WhichLine("", names=("Rinderhack", "Bratwurst")), "Bitte sagen Sie, welcher Artikel: 1 = Rinderhack, 2 = Bratwurst."),
    (errors.NoSuchLine("", position=3, count=2), "Artikel 3 gibt es hier nicht; es sind 2 abzuwiegen."),
    (errors.TooManyEmpties("", kind="Kiste Bier", most=2), "Höchstens 2 × Kiste Bier – so viele kamen mit dieser Bestellung."),
    (errors.SoldOut("", product="Spargel"), "Spargel ist gerade leider ausverkauft."),  # from the residents' table
    (errors.LineSettled("", line="Pils", offered=True), "Für Pils ist schon Ersatz angeboten."),
    (errors.LineSettled("", line="Pils", offered=False), "Pils ist schon abgelehnt."),
    (errors.SubstituteTooDear("", product="Radler", most_cents=3398),
     "Radler wäre teurer, als die Kundschaft bezahlt hat: höchstens 33,98 €."),
])
def test_shops_read_what_to_do_next(error, said):
    assert shop_text(error) == said


def test_an_edge_error_says_its_own_sentence():
    from bot.channels.web.session import CrossSiteRequest
    from bot.console.web import FormProblem, german
    from bot.ratelimit import BUSY, TooManyRequests

    assert resident_text(TooManyRequests("limit", retry_after=3)) == BUSY
    assert resident_text(CrossSiteRequest("no token")) == "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
    assert german(FormProblem("wrong amount", "Zu kassieren sind 12,00 €.")) == "Zu kassieren sind 12,00 €."
    assert german(errors.WeightSettled("")) == "Das Gewicht ist schon abgerechnet und lässt sich nicht mehr ändern."
    assert german(errors.Conflict("")).startswith("Das ging leider nicht.")  # the console's own fallback
    assert german(errors.WindowNotFound("")).startswith("Das gibt es hier nicht (mehr).")


def test_the_domain_words_no_error_in_german():
    """``resident_message`` is gone from ``ordering``: its errors carry facts, the edge words them."""
    sources = [path for path in (ROOT / "ordering").rglob("*.py")]
    assert [path.name for path in sources if "resident_message" in path.read_text()] == []
    with pytest.raises(TypeError):
        OrderingError("x", resident_message="Das geht nicht.")  # type: ignore[call-arg]

