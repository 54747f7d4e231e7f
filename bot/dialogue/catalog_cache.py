"""The NLU's view of the live catalog, rebuilt whenever the catalog's revision changes.

A product a merchant listed a minute ago is in the next turn's index: every turn asks
the database for the region's revision (one indexed read) and rebuilds on a change.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, ShopInfo
from nlu.resolution.normalize import compact_key, fold
from ordering.catalog import catalog_snapshot
from ordering.models import Municipality, PickupStation, Region, Shop


@dataclass(frozen=True)
class RegionCatalog:
    """An index plus the way back from its (shop slug, product slug) keys to database ids."""

    revision: int
    index: CatalogIndex
    product_ids: dict[tuple[str, str], int]
    shop_ids: dict[str, int]
    # Every folded word of a shop or product name: a word the catalog knows.
    vocabulary: frozenset[str]
    # What one piece is called (Flasche, Topf, Bund …) as a matching key: before a product, a unit.
    labels: frozenset[str] = frozenset()
    # Folded words of pick-up station and municipality names ("marienplatz", "immenstadt"): said
    # with a fulfilment or a time, they name a place, not goods.
    place_words: frozenset[str] = frozenset()

    def product_id(self, item: CatalogItem) -> int:
        return self.product_ids[(item.shop_id, item.product_id)]


class CatalogCache:
    """One RegionCatalog per region, rebuilt on a new catalog revision (thread-safe)."""

    def __init__(self) -> None:
        self._by_region: dict[int, RegionCatalog] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, region_id: int, revision: int | None = None) -> RegionCatalog:
        """The catalog of the region's current revision (pass it when the region row is loaded already)."""
        if revision is None:
            revision = session.scalar(select(Region.catalog_revision).where(Region.id == region_id)) or 0
        cached = self._by_region.get(region_id)
        if cached is not None and cached.revision == revision:
            return cached
        with self._lock:
            cached = self._by_region.get(region_id)
            if cached is None or cached.revision != revision:
                cached = self._build(session, region_id, revision)
                self._by_region[region_id] = cached
        return cached

    @staticmethod
    def _build(session: Session, region_id: int, revision: int) -> RegionCatalog:
        entries = catalog_snapshot(session, region_id)
        shops = session.scalars(select(Shop).where(Shop.region_id == region_id, Shop.active.is_(True))).all()
        items = [
            CatalogItem(
                shop_id=e.shop_slug, shop_name=e.shop_name, product_id=e.product_slug, name=e.name,
                aliases=e.aliases, category=e.category, unit=e.unit, label=e.label, size=e.size,
                price_cents=e.price_cents, is_service=e.is_service, available=e.available,
            )
            for e in entries
        ]
        index = CatalogIndex(items, [ShopInfo(s.slug, s.name, s.kind) for s in shops], revision=revision)
        return RegionCatalog(
            revision=revision,
            index=index,
            product_ids={(e.shop_slug, e.product_slug): e.product_id for e in entries},
            shop_ids={s.slug: s.id for s in shops},
            vocabulary=frozenset(w for text in [*(e.name for e in entries), *(s.name for s in shops)]
                                 for w in fold(text).split() if len(w) > 2),
            labels=frozenset(compact_key(e.label) for e in entries if e.label),
            place_words=_place_words(session, region_id),
        )


_PLACE_NOISE = frozenset({"abholstation", "station", "am", "an", "der", "die", "das", "im", "in", "beim", "bei",
                          "zum", "zur", "und", "vor", "dem", "den"})


def _place_words(session: Session, region_id: int) -> frozenset[str]:
    names = [*session.scalars(select(PickupStation.name).where(PickupStation.region_id == region_id)),
             *session.scalars(select(Municipality.name).where(Municipality.region_id == region_id))]
    return frozenset(w for name in names for w in fold(name).split() if len(w) > 2 and w not in _PLACE_NOISE)
