"""Small catalogs written inline for the resolution tests, and what a turn resolves to in them."""

from __future__ import annotations

from decimal import Decimal

from nlu.reading import read
from nlu.resolution.catalog_index import CatalogIndex, CatalogItem
from nlu.resolution.items import extract_groups, resolve_items


def item(shop: str, pid: str, name: str, unit: str = "piece", label: str | None = "Stück",
         size: str | None = None, category: str | None = None) -> CatalogItem:
    """One product of a shop ("hof-schulz" is named "Hof Schulz"), 1,00 €."""
    return CatalogItem(shop, shop.replace("-", " ").title(), pid, name, (), category, unit, label, size, 100)


def resolved(text: str, index: CatalogIndex) -> list[tuple[str, Decimal]]:
    """The products and amounts a turn resolves to, read as the dialogue reads it."""
    return [(r.item.product_id, r.quantity) for r in resolve_items(extract_groups(read(text).content, index), index)
            if r.resolved and r.item is not None and r.quantity is not None]
