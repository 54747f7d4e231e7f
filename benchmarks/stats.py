"""Percentiles and medians over runs (no numpy)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence


def pct(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile by linear interpolation between closest ranks (None for no values)."""
    xs = sorted(values)
    if not xs:
        return None
    if len(xs) == 1:
        return xs[0]
    k = (len(xs) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """n, p50, p95, p99 and max of latencies (same unit in, same unit out)."""
    return {"n": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "p99": pct(values, 99),
            "max": max(values) if values else None}


def median(values: Iterable[float | None]) -> float | None:
    """Median of the runs' figures, ignoring runs that produced none."""
    xs = [v for v in values if v is not None]
    return statistics.median(xs) if xs else None


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b
