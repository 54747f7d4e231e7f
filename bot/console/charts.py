"""Small bar charts as inline SVG, drawn on the server (no script, no chart library, no CDN).

Each chart is an ``<svg role="img">`` with a title and a description naming every value, and the
page shows the same numbers in a table beside it for screen readers and for printing. Colours
are presentation attributes (the console's CSP allows no inline styles).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

BAR = "#1f5a3a"
TEXT = "#1b1b1b"
GRID = "#c9d3cc"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as written on the bar ("12", "35 %", "8 min")


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def columns(bars: list[Bar], *, title: str, chart_id: str, width: int = 640, height: int = 220) -> Markup:
    """Vertical bars, one per label (orders per day)."""
    top, bottom, left = 24, 36, 8
    peak = max((b.value for b in bars), default=0) or 1
    step = (width - 2 * left) / max(len(bars), 1)
    inner = height - top - bottom
    parts = [f'<line x1="{left}" y1="{top + inner}" x2="{width - left}" y2="{top + inner}" stroke="{GRID}"/>']
    for n, bar in enumerate(bars):
        h = inner * bar.value / peak
        x = left + n * step + step * 0.15
        w = step * 0.7
        y = top + inner - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="12" '
                     f'fill="{TEXT}">{escape(bar.shown)}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{height - 14}" text-anchor="middle" font-size="11" '
                     f'fill="{TEXT}">{escape(bar.label)}</text>')
    return _svg(parts, bars, title, chart_id, width, height)


def rows(bars: list[Bar], *, title: str, chart_id: str, width: int = 640) -> Markup:
    """Horizontal bars with their labels on the left (channels, shops)."""
    row_h, label_w, right = 28, 200, 70
    height = max(row_h * len(bars) + 8, 40)
    peak = max((b.value for b in bars), default=0) or 1
    parts = []
    for n, bar in enumerate(bars):
        y = 4 + n * row_h
        w = (width - label_w - right) * bar.value / peak
        parts.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="13" fill="{TEXT}">'
                     f'{escape(bar.label[:28])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 18}" font-size="13" fill="{TEXT}">'
                     f'{escape(bar.shown)}</text>')
    return _svg(parts, bars, title, chart_id, width, height)


def _svg(parts: list[str], bars: list[Bar], title: str, chart_id: str, width: int, height: int) -> Markup:
    description = "; ".join(f"{b.label}: {b.shown}" for b in bars) or "keine Daten"
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>{"".join(parts)}</svg>'
    )


def percent_bars(counts: list[tuple[str, int]]) -> list[Bar]:
    total = sum(n for _, n in counts) or 1
    return [Bar(label, 100 * n / total, f"{round(100 * n / total)} % ({n})") for label, n in counts]


def minute_bars(rows_: list[tuple[str, float, int]]) -> list[Bar]:
    return [Bar(name, minutes, f"{_number(minutes)} min") for name, minutes, _ in rows_]
