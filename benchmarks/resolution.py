"""Benchmark: index build time and per-utterance resolution latency (prints figures; not a test).

    python -m benchmarks.resolution [--sizes 1000,10000,100000] [--queries 300]

Synthetic catalogs: realistic German product names made of modifiers × heads × descriptors
(e.g. "Bio Roggenvollkornbrot geschnitten"), spread over shops so that about half of the names
exist at several shops, plus the sample catalog's products. Each "utterance" is a product text
and quantity as the NLU yields them, resolved with ``resolve_items`` (match_product +
quantity conversion + read-back); a third of them are misheard (a letter dropped / swapped), a
few name nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from typing import Any

from nlu.resolution.catalog_index import CatalogIndex, CatalogItem, ShopInfo
from nlu.resolution.items import resolve_items
from nlu.resolution.products import match_product
from tests.support.sample_catalog import ITEMS as SAMPLE_ITEMS
from tests.support.sample_catalog import SHOPS as SAMPLE_SHOPS

_MODS = ("Bio", "Land", "Bauern", "Hof", "Roggen", "Weizen", "Dinkel", "Vollkorn", "Mehrkorn", "Kürbiskern",
         "Sonnenblumen", "Butter", "Käse", "Zwiebel", "Kräuter", "Knoblauch", "Apfel", "Birnen", "Kirsch",
         "Pflaumen", "Erdbeer", "Himbeer", "Heidelbeer", "Schoko", "Nuss", "Mohn", "Sesam", "Rind", "Schweine",
         "Hähnchen", "Puten", "Lamm", "Wild", "Kalbs", "Leber", "Blut", "Mett", "Tee", "Kaffee", "Frucht",
         "Gemüse", "Kartoffel", "Spargel", "Tomaten", "Gurken", "Paprika", "Möhren", "Sellerie", "Lauch",
         "Honig", "Senf", "Essig", "Öl", "Milch", "Sahne", "Quark", "Joghurt", "Ziegen", "Schafs", "Heu")
_HEADS = ("brot", "brötchen", "kuchen", "torte", "wurst", "schinken", "käse", "milch", "saft", "marmelade",
          "gelee", "aufstrich", "salat", "suppe", "sauce", "nudeln", "knödel", "bratwurst", "frikadelle",
          "braten", "gulasch", "filet", "steak", "kotelett", "schnitzel", "quark", "joghurt", "butter",
          "sahne", "likör", "schnaps", "essig", "öl", "honig", "senf", "tee", "kekse", "plätzchen", "stuten",
          "zwieback", "hörnchen", "schnecke", "taler", "stange", "laib", "riegel", "creme", "pastete")
_DESCS = ("", "", "", "geschnitten", "am Stück", "fein", "grob", "mild", "würzig", "geräuchert", "frisch",
          "hausgemacht", "klein", "groß", "natur", "extra", "nach Art des Hauses", "vom Grill", "getrocknet")


def synthetic_catalog(n: int, seed: int = 7) -> tuple[list[CatalogItem], list[ShopInfo]]:
    rnd = random.Random(seed)
    n_shops = max(10, n // 200)
    kinds = ("Hof", "Bäckerei", "Metzgerei", "Hofladen", "Käserei", "Weinhandel", "Imkerei")
    families = ("Schulze", "Wienker", "Terstegen", "Brockhoff", "Hüls", "Kemper", "Rengers", "Lütke",
                "Bülter", "Hölscher", "Tenbrink", "Wessels", "Overmann", "Sandmann", "Roters")
    shops = list(SAMPLE_SHOPS)
    for i in range(n_shops):
        shops.append(ShopInfo(f"shop-{i}", f"{rnd.choice(kinds)} {rnd.choice(families)} {i}"))
    items: list[CatalogItem] = list(SAMPLE_ITEMS)
    names: list[str] = []
    while len(items) < n:
        if names and rnd.random() < 0.5:
            name = rnd.choice(names)  # the same product at another shop
        else:
            m = rnd.choice(_MODS)
            h = rnd.choice(_HEADS)
            name = f"{m}{h}" if rnd.random() < 0.7 else f"{m} {h.capitalize()}"
            if rnd.random() < 0.3:
                name = f"{rnd.choice(_MODS)} {name}"
            d = rnd.choice(_DESCS)
            if d:
                name = f"{name} {d}"
            if rnd.random() < 0.35:
                name = f"{name} {rnd.randint(1, 999)}"  # Sorte / Artikelnummer: keeps names distinct
            names.append(name)
        shop = rnd.choice(shops[len(SAMPLE_SHOPS):])
        unit = rnd.choice(("piece", "piece", "piece", "kg", "l"))
        items.append(CatalogItem(shop.shop_id, shop.name, f"p{len(items)}", name, (), rnd.choice(_HEADS),
                                 unit, "Packung" if unit == "piece" else None,
                                 "250 g" if unit == "piece" and rnd.random() < 0.3 else None,
                                 rnd.randint(50, 3000)))
    return items, shops


def _mishear(s: str, rnd: random.Random) -> str:
    if len(s) < 6:
        return s
    i = rnd.randrange(1, len(s) - 1)
    op = rnd.choice(("drop", "swap", "replace"))
    if op == "drop":
        return s[:i] + s[i + 1:]
    if op == "swap":
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + rnd.choice("aeioubdgkpt") + s[i + 1:]


def _queries(items: list[CatalogItem], k: int, seed: int = 11) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    fixed = ["milch", "butter", "mett", "brötchen", "voll korn brot", "hack", "spätburgunder", "eier",
             "kartoffeln", "gouda", "butterkuchen", "mettwurst", "schinken", "käse", "wurst"]
    for t in fixed:
        out.append({"product": t, "quantity": "zwei", "unit": None, "shop": None})
    while len(out) < k:
        it = rnd.choice(items)
        t = it.name.lower()
        r = rnd.random()
        if r < 0.33:
            t = _mishear(t, rnd)
        elif r < 0.4:
            t = rnd.choice(_MODS).lower() + rnd.choice(("dings", "zeug", "sachen"))
        elif r < 0.55:
            t = " ".join(t.split()[:1])  # only the first word: "roggenbrot"
        q = rnd.choice(("zwei", "ein", "drei", "ein halbes", "200", None))
        u = rnd.choice((None, None, "kilo", "gramm", "liter")) if q else None
        shop = rnd.choice((None, None, None, "vom hof schulze", "beim bäcker"))
        out.append({"product": t, "quantity": q, "unit": u, "shop": shop})
    return out


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def run(sizes: list[int], n_queries: int) -> None:
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(wall = elapsed; cpu = this process's CPU time, less disturbed by other load)")
    print(f"{'items':>8} {'names':>7} {'build s':>8} {'cpu s':>6} | resolve ms: {'p50':>6} {'p95':>6} {'p99':>6}"
          f" {'cpu50':>6} {'cpu95':>6} | match ms: {'p95':>6} {'cpu95':>6}")
    for n in sizes:
        items, shops = synthetic_catalog(n)
        _clear_memos()
        t0, c0 = time.perf_counter(), time.process_time()
        index = CatalogIndex(items, shops)
        build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
        qs = _queries(items, n_queries)
        for g in qs[:20]:  # warm-up
            resolve_items([g], index)
        lat: list[float] = []
        cpu: list[float] = []
        mlat: list[float] = []
        mcpu: list[float] = []
        for g in qs:
            index.__dict__.pop("_score_cache", None)  # measure cold: no memoised scores
            t, c = time.perf_counter(), time.process_time()
            resolve_items([g], index)
            lat.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            index.__dict__.pop("_score_cache", None)
            t, c = time.perf_counter(), time.process_time()
            match_product(g["product"], index)
            mlat.append((time.perf_counter() - t) * 1000)
            mcpu.append((time.process_time() - c) * 1000)
        print(f"{len(items):>8} {len(index.entries):>7} {build:>8.2f} {build_cpu:>6.2f} |            "
              f"{statistics.median(lat):>6.2f} {_pct(lat, 95):>6.2f} {_pct(lat, 99):>6.2f} "
              f"{statistics.median(cpu):>6.2f} {_pct(cpu, 95):>6.2f} |           {_pct(mlat, 95):>6.2f} "
              f"{_pct(mcpu, 95):>6.2f}")


def measure_size(n: int, n_queries: int) -> dict[str, Any]:
    """``run``'s measurement of one size (resolve_items only), returning the figures instead of printing
    them: ``benchmarks.catalog_scale`` turns them into JSON."""
    items, shops = synthetic_catalog(n)
    _clear_memos()
    t0, c0 = time.perf_counter(), time.process_time()
    index = CatalogIndex(items, shops)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    queries = _queries(items, n_queries)
    for g in queries[:20]:  # warm-up
        resolve_items([g], index)
    wall: list[float] = []
    cpu: list[float] = []
    for g in queries:
        index.__dict__.pop("_score_cache", None)  # cold: no memoised scores
        t, c = time.perf_counter(), time.process_time()
        resolve_items([g], index)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {"items": len(items), "names": len(index.entries), "build_s": build, "build_cpu_s": build_cpu,
            "resolve_ms": wall, "resolve_cpu_ms": cpu}


def _clear_memos() -> None:
    """Forget memoised keys and phonetic codes so that each build is measured cold."""
    from nlu.resolution import catalog_index, normalize

    catalog_index._PHON_CACHE.clear()
    normalize._KEY_CACHE.clear()
    normalize.stem.cache_clear()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--queries", type=int, default=300)
    a = ap.parse_args(argv)
    run([int(s) for s in a.sizes.split(",")], a.queries)


if __name__ == "__main__":
    main()
