"""Kiepe's own resolution of what residents say against the LIVE catalog.

Pure Python, no database access: the caller builds a :class:`CatalogIndex` from the catalog rows
(and rebuilds it when the catalog's revision changes) and passes it in.

Modules: ``normalize`` (text keys), ``catalog_index`` (the index), ``products`` (product and
shop matching), ``quantity`` (German quantities, unit conversion), ``items`` (order groups →
items or questions; rule-based group extraction), ``dates`` (German "when" phrases, delivery
windows, formatting). The benchmark is ``python -m benchmarks.resolution``.
"""

from .catalog_index import CatalogIndex, CatalogItem, ShopInfo, items_from_catalog
from .dates import WhenRequest, format_euro, format_window, match_windows, parse_when
from .items import ItemResolution, extract_groups, readback, resolve_items
from .normalize import compact_key, fold, key_tokens, normalize_product_text, stem
from .products import Ambiguous, Match, NotFound, Resolved, ShopMatch, match_product, match_shop
from .quantity import (
    Problem,
    Quantity,
    convert_to_product_unit,
    find_quantity,
    parse_number,
    parse_quantity,
    parse_size,
    quantity_for_item,
)

__all__ = [
    "Ambiguous", "CatalogIndex", "CatalogItem", "ItemResolution", "Match", "NotFound", "Problem",
    "Quantity", "Resolved", "ShopInfo", "ShopMatch", "WhenRequest", "compact_key",
    "convert_to_product_unit", "extract_groups", "find_quantity", "fold", "format_euro",
    "format_window", "items_from_catalog", "key_tokens", "match_product", "match_shop", "match_windows",
    "normalize_product_text", "parse_number", "parse_quantity", "parse_size", "parse_when",
    "quantity_for_item", "readback", "resolve_items", "stem",
]
