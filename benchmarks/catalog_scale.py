"""Catalog scale: resolving shopping-list utterances against 1k, 10k and 100k products.

    python -m benchmarks.catalog_scale CONFIG.json OUT.json

Reuses ``nlu.resolution.bench`` (its synthetic German catalogs, its utterances with a third
misheard, its cold-cache measurement of ``resolve_items`` via ``measure_size``); this module
only turns the figures into JSON, once per run, each with a cold index build.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.stats import summary


def measure(sizes: list[int], n_queries: int) -> list[dict[str, Any]]:
    from nlu.resolution import bench

    out = []
    for n in sizes:
        m = bench.measure_size(n, n_queries) if hasattr(bench, "measure_size") else _measure_size(n, n_queries)
        out.append({"items": m["items"], "names": m["names"], "build_s": round(m["build_s"], 3),
                    "build_cpu_s": round(m["build_cpu_s"], 3), "wall_ms": summary(m["resolve_ms"]),
                    "cpu_ms": summary(m["resolve_cpu_ms"])})
    return out


def _measure_size(n: int, n_queries: int) -> dict[str, Any]:
    """``nlu.resolution.bench.run``'s measurement of one size, returning the figures.

    Only until ``nlu.resolution.bench`` has ``measure_size`` (the same loop, returning instead of
    printing); then this copy goes.
    """
    from nlu.resolution import bench
    from nlu.resolution.catalog_index import CatalogIndex
    from nlu.resolution.items import resolve_items

    items, shops = bench.synthetic_catalog(n)
    bench._clear_memos()
    t0, c0 = time.perf_counter(), time.process_time()
    index = CatalogIndex(items, shops)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    queries = bench._queries(items, n_queries)
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


def main(argv: list[str] | None = None) -> int:
    from benchmarks import lifeline

    argv = sys.argv[1:] if argv is None else argv
    config = json.loads(Path(argv[0]).read_text())
    lifeline.hold(float(config.get("deadline_seconds", 900)))
    result = measure([int(s) for s in config["sizes"]], int(config["queries"]))
    Path(argv[1]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
