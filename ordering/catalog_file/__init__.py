"""Read and validate a ``kiepe-catalog/1`` file (see /work/shared/formats/catalog.md).

``read_catalog(path)`` and ``parse_catalog(text)`` return a ``CatalogSpec`` of frozen
dataclasses, or raise ``CatalogError`` listing *every* problem with its field path
(``shops[2].products[5].price``) and 1-based line.

Inside: ``specs`` (the dataclasses, ``Problem``, ``CatalogError``), ``nodes`` (YAML nodes with
paths and lines), ``scalars`` (one value each: price, time, id …), ``document`` (the structure
and the checks across it: unique ids, references, the names of municipalities sharing a postcode).

The file is read from the composed YAML node tree, not from ``yaml.safe_load`` values, for
two reasons: every value keeps its line, and an unquoted scalar is read from the text as it
was written. That makes the following lenient readings exact rather than guesses:

* ``price: 4.1`` is 4.10 € (the text "4.1", never a float rounded to 4.0999…);
* ``postcodes: [01067]`` is "01067" (YAML 1.1 would read an octal 567);
* ``start: 15:00`` is "15:00" (YAML 1.1 would read the sexagesimal integer 900);
* ``vat: "7"`` and ``capacity: "10"`` are whole numbers as much as 7 and 10 are.

Strict where the meaning is unclear: "4,10" is rejected with a hint to write "4.10" (a decimal
comma might also be a thousands separator), amounts with more than two decimals, numbers with
exponents or signs, "24:00", duplicate mapping keys (YAML would silently keep the last one).

Optional fields: region ``timezone`` (Europe/Berlin), ``currency`` (EUR), ``pickup_stations``,
``delivery`` and ``pickup`` (each with ``cutoff_hours`` defaulting to 12 and 6, like the
model); shop ``phone``, ``products``, ``services``, ``vouchers``; product ``aliases``,
``category``, ``label``, ``size``; service ``duration_minutes``, ``aliases``, ``category``.
Optional fields for selling for real (format page, December 2026): region ``holidays`` (a
German state code), ``delivery.free_from``, ``weighed_goods.tolerance_percent``; shop
``min_order`` and ``closed`` (dates and ``{from, to}`` spans); product ``allergens`` (the 14
ids), ``deposit``, ``min_age`` (16 or 18), ``substitutes`` (ids of the same shop's products).

A key this module does not know is not an error but a warning naming it and its line
(``CatalogSpec.warnings``), so a typo in an optional field ("allergen:") is never silent.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import yaml

from ordering.catalog_file.document import CatalogReader
from ordering.catalog_file.nodes import Located, TooManyNodes
from ordering.catalog_file.specs import (
    ALLERGENS,
    FORMAT,
    SHOP_KINDS,
    UNITS,
    WEEKDAYS,
    CatalogError,
    CatalogSpec,
    ClosedSpan,
    DeliverySpec,
    MunicipalitySpec,
    PickupSpec,
    Problem,
    ProductSpec,
    RegionSpec,
    ServiceSpec,
    ShopSpec,
    StationSpec,
    VoucherRange,
    WindowSpec,
)

__all__ = [
    "ALLERGENS",
    "FORMAT",
    "SHOP_KINDS",
    "UNITS",
    "WEEKDAYS",
    "CatalogError",
    "CatalogSpec",
    "ClosedSpan",
    "DeliverySpec",
    "MunicipalitySpec",
    "PickupSpec",
    "Problem",
    "ProductSpec",
    "RegionSpec",
    "ServiceSpec",
    "ShopSpec",
    "StationSpec",
    "VoucherRange",
    "WindowSpec",
    "parse_catalog",
    "read_catalog",
]


def read_catalog(path: str | os.PathLike[str]) -> CatalogSpec:
    """Read a catalog file; ``OSError`` if it cannot be read, ``CatalogError`` if it is invalid."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError([Problem("", line, f"the file is not UTF-8 ({exc.reason})")], source=str(path)) from None
    return parse_catalog(text, source=str(path))


def parse_catalog(text: str, *, source: str = "catalog") -> CatalogSpec:
    """Parse catalog YAML text; ``CatalogError`` with every problem if it is invalid."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise CatalogError([Problem("", line, f"YAML syntax: {exc.problem or exc}")], source=source) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly all errors
        raise CatalogError([Problem("", 1, f"YAML syntax: {exc}")], source=source) from None
    if root is None:
        raise CatalogError([Problem("", 1, "the file is empty")], source=source)
    reader = CatalogReader()
    try:
        spec = reader.catalog(Located(root, "", root.start_mark.line + 1))
    except TooManyNodes as exc:
        raise CatalogError([Problem("", 1, str(exc))], source=source) from None
    reader.check_cross_references(spec)
    reader.texts_cut_at_a_comma()
    if reader.problems:
        raise CatalogError(reader.problems, source=source)
    return dataclasses.replace(spec, warnings=tuple(reader.unknown_key_warnings()))


