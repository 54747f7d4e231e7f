"""A small sample catalog (Coesfeld area) for the resolution tests and its benchmark (benchmarks.resolution)."""

from __future__ import annotations

from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, ShopInfo

SHOPS = (
    ShopInfo("hof-schulze", "Hof Schulze", "direct_marketer"),
    ShopInfo("hof-wienker", "Hof Wienker", "direct_marketer"),
    ShopInfo("baeckerei-musterfrau", "Bäckerei Musterfrau", "retailer"),
    ShopInfo("metzgerei-terstegen", "Metzgerei Terstegen", "retailer"),
    ShopInfo("weingut-koenig", "Weinhandel König", "retailer"),
    ShopInfo("kaeserei-brockhoff", "Käserei Brockhoff", "retailer"),
)
_NAMES = {s.shop_id: s.name for s in SHOPS}


def _item(shop: str, pid: str, name: str, unit: str, price: int, *, aliases=(), category=None,
          label=None, size=None, available=True, is_service=False) -> CatalogItem:
    return CatalogItem(shop, _NAMES[shop], pid, name, tuple(aliases), category, unit, label, size,
                       price, is_service, available)


ITEMS = (
    _item("hof-schulze", "frischmilch", "Frischmilch", "piece", 129, aliases=("Milch",),
          category="Milchprodukte", label="Flasche", size="1 l"),
    _item("hof-schulze", "eier", "Eier", "piece", 349, category="Eier", label="Packung", size="10er"),
    _item("hof-schulze", "kartoffeln", "Kartoffeln", "kg", 180, category="Gemüse"),
    _item("hof-wienker", "frischmilch", "Frischmilch", "piece", 135, aliases=("Milch",),
          category="Milchprodukte", label="Flasche", size="1 l"),
    _item("hof-wienker", "butter", "Butter", "piece", 299, category="Milchprodukte", label="Packung",
          size="250 g"),
    _item("baeckerei-musterfrau", "weizenbroetchen", "Weizenbrötchen", "piece", 45,
          aliases=("Brötchen",), category="Brot"),
    _item("baeckerei-musterfrau", "butterkuchen", "Butterkuchen", "piece", 180, category="Kuchen",
          label="Stück"),
    _item("baeckerei-musterfrau", "vollkornbrot", "Vollkornbrot", "piece", 420, category="Brot",
          label="Laib", size="1 kg"),
    _item("baeckerei-musterfrau", "torte", "Torte auf Bestellung", "piece", 3200, is_service=True),
    _item("metzgerei-terstegen", "mettwurst", "Mettwurst", "piece", 390, category="Wurst"),
    _item("metzgerei-terstegen", "mett", "Mett", "kg", 1190, category="Fleisch"),
    _item("metzgerei-terstegen", "hackfleisch", "Hackfleisch gemischt", "kg", 990, aliases=("Hack",),
          category="Fleisch"),
    _item("weingut-koenig", "spaetburgunder", "Spätburgunder trocken", "piece", 1290, category="Wein",
          label="Flasche", size="0,75 l"),
    _item("kaeserei-brockhoff", "gouda", "Gouda", "kg", 1890, category="Käse"),
    _item("kaeserei-brockhoff", "ziegenkaese", "Ziegenkäse", "kg", 2490, category="Käse",
          available=False),
)


def sample_index() -> CatalogIndex:
    return CatalogIndex(ITEMS, SHOPS, revision="sample")
