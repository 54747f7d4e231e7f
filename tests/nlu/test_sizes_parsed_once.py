"""Sizes are read by one parser, ``ordering.units`` (issue 14), and the NLU reads them as before.

``sizes_read_before_one_parser.json`` holds what the NLU's own reader (``_SIZE_RE``/``_parse_size``
in ``nlu.resolution.quantity``, at d9ce4da) made of every product size in the catalogs kept here,
of the sizes the NLU reads out of product names, and of other texts; it was computed once by
running that code. Every catalog size reads the same now; the other texts differ only where
``DELIBERATE`` says why.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from nlu.resolution import quantity
from ordering import units
from tests.nlu.catalog_sizes import sizes_and_names, sizes_in_names

BEFORE = json.loads((Path(__file__).parent / "sizes_read_before_one_parser.json").read_text(encoding="utf-8"))

# Texts the old reader read otherwise, none of them a size in any catalog (the catalog import,
# which every stored size passed, refuses the first six and took the last three as they read now).
DELIBERATE = {
    "1 l Flasche": None,  # words after the size: the container is the product's label; the import refuses it
    "500 g Schale": None,
    "6 Stück Packung": None,
    "10 stück eier": None,
    "1,5 Stück": None,  # a count of pieces is whole
    "0 x 1 l": None,  # no packs are no size (the old reader said 0 l)
    "ca.120 g": ["0.12", "kg"],  # "ca." without a space, as the import reads it
    "ungefähr 2 kg": ["2", "kg"],
    "~ 100 g": ["0.1", "kg"],
}


def _read(text: str) -> list[str] | None:
    found = quantity.parse_size(text)
    return None if found is None else [str(found[0]), found[1]]


def test_every_size_in_the_catalogs_reads_as_the_nlu_read_it_before():
    sizes, names = sizes_and_names()
    texts = sizes | sizes_in_names(names)
    before = BEFORE["catalog_sizes"] | BEFORE["sizes_in_names"]
    assert len(sizes) > 150 and set(BEFORE["catalog_sizes"]) <= sizes, "the catalogs the old reader read are all here"
    changed = {text: (before[text], _read(text)) for text in sorted(texts & set(before)) if _read(text) != before[text]}
    assert changed == {}


@pytest.mark.parametrize("text", sorted(BEFORE["other_texts"]))
def test_other_texts_read_as_before_or_as_deliberately_changed(text):
    expected = DELIBERATE[text] if text in DELIBERATE else BEFORE["other_texts"][text]
    assert _read(text) == expected


def test_the_deliberate_differences_are_differences():
    assert all(BEFORE["other_texts"][text] != new for text, new in DELIBERATE.items())


def test_the_nlu_has_no_size_reader_of_its_own():
    assert not hasattr(quantity, "_SIZE_RE") and not hasattr(quantity, "_parse_size")
    for text in BEFORE["other_texts"]:
        assert quantity.parse_size(text) == units.read_size(text)


@pytest.mark.parametrize(("text", "amount", "unit"), [
    ("je 250 g", "0.25", "kg"), ("JE 250 G", "0.25", "kg"), ("1 Pfund", "0.5", "kg"), ("2 Pfunde", "1", "kg"),
    ("1 Zentner", "50", "kg"), ("3 kilos", "3", "kg"), ("250 gr.", "0.25", "kg"), ("75 zentiliter", "0.75", "l"),
    ("4 stck", "4", "piece"), ("3 st", "3", "piece"), ("1 pack", "1", "piece"), ("10 er", "10", "piece"),
    ("10er Packung Eier", "10", "piece"),
])
def test_the_catalog_import_reads_what_the_nlu_read(text, amount, unit):
    """What the NLU's reader read, the domain's parser (and so the catalog import) reads alike now;
    "2 Pfunde" was two pieces to the import and a kilo to the NLU."""
    assert units.parse_size(text) == (Decimal(amount), unit)


@pytest.mark.parametrize("text", [None, "", "groß", "Ø 26 cm", "1 l Flasche", "0 g"])
def test_read_size_is_none_where_parse_size_refuses(text):
    assert units.read_size(text) is None
