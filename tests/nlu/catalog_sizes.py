"""Every product ``size`` (and the sizes the NLU reads out of product names) in the catalogs kept
in this checkout: the evaluation's, the test fixtures' and the demo region's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIRS = ("tests/eval/*_catalogs", "tests/eval/catalogs", "tests/fixtures", "data")
# A file that does not load (the broken fixtures) still has its sizes read, as written.
_SIZE_AS_WRITTEN = re.compile(r"""\bsize:\s*(?:"([^"]*)"|'([^']*)'|([^,}\n]+?))\s*(?:[,}]|$)""", re.M)
# what nlu.resolution reads out of a product's name (variants._size_in_name, items._count_in_name)
_SIZE_IN_NAME = re.compile(r"(\d+(?:,\d+)?)\s*(kg|g|l|ml)\b")
_COUNT_IN_NAME = re.compile(r"(\d+)\s*(?:er\b|stück|stk)")


def catalog_files() -> list[Path]:
    files: set[Path] = set()
    for pattern in CATALOG_DIRS:
        for folder in ROOT.glob(pattern):
            files.update(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    return sorted(files)


def _products(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        if "size" in node and ("name" in node or "id" in node):
            yield node
        for value in node.values():
            yield from _products(value)
    elif isinstance(node, list):
        for value in node:
            yield from _products(value)


def sizes_and_names() -> tuple[set[str], set[str]]:
    """(every size written, every product name) over the catalog files."""
    sizes: set[str] = set()
    names: set[str] = set()
    for path in catalog_files():
        text = path.read_text(encoding="utf-8")
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError:
            sizes.update(next(g for g in m.groups() if g is not None) for m in _SIZE_AS_WRITTEN.finditer(text))
            continue
        for product in _products(document):
            if isinstance(product.get("size"), str):
                sizes.add(product["size"])
            if isinstance(product.get("name"), str):
                names.add(product["name"])
    return sizes, names


def sizes_in_names(names: set[str]) -> set[str]:
    out = set()
    for name in names:
        if m := _SIZE_IN_NAME.search(name.lower()):
            out.add(m.group(0))
        if m := _COUNT_IN_NAME.search(name.lower()):
            out.add(f"{m.group(1)} Stück")
    return out
