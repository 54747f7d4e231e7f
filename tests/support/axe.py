"""Accessibility checks in the browser: axe-core (vendored, see ``tests/support/axe``) on a page.

The pages' CSP forbids injected scripts, so the browser context that runs axe is opened with
``bypass_csp=True`` (only the test's own script gets through; the page itself is unchanged).
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
BLOCKING = ("serious", "critical")


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now: [{id, impact, help, nodes: [html …]}]."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await window.axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map(n => n.html).slice(0, 5)}));
    }""")
    return found


def blocking(page) -> list[dict]:
    """The serious and critical violations (the issue's bar: none of those)."""
    return [v for v in violations(page) if v["impact"] in BLOCKING]


def describe(found: list[dict]) -> str:
    return "\n".join(f"  {v['impact']}: {v['id']} – {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)
