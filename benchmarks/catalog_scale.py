"""Catalog scale: resolving shopping-list utterances against 1k, 10k and 100k products.

    python -m benchmarks.catalog_scale CONFIG.json OUT.json

Reuses ``benchmarks.resolution`` (its synthetic German catalogs, its utterances with a third
misheard, its cold-cache measurement of ``resolve_items`` via ``measure_size``); this module
only turns the figures into JSON, once per run, each with a cold index build.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks import resolution
from benchmarks.stats import summary


def measure(sizes: list[int], n_queries: int) -> list[dict[str, Any]]:
    out = []
    for n in sizes:
        m = resolution.measure_size(n, n_queries)
        out.append({"items": m["items"], "names": m["names"], "build_s": round(m["build_s"], 3),
                    "build_cpu_s": round(m["build_cpu_s"], 3), "wall_ms": summary(m["resolve_ms"]),
                    "cpu_ms": summary(m["resolve_cpu_ms"])})
    return out


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
