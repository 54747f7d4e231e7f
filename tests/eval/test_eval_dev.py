"""The understanding measured on conversations nobody on the team wrote (``tests/eval``).

The dev part (``tests/eval/dev`` and ``devE`` to ``devQ``: 1,260 conversations against 31 catalogs
of regions the demo does not cover) is replayed in full, with the real Rasa server and without it; each run must
reach the pass count recorded in the README (the line "Dev pass floor: …"). Raising the floor
is how progress is kept; a dev conversation is never edited or removed to make it pass, which
the manifest of file hashes makes visible. The frozen test part (``tests/eval/test``) is not run
here: it is only scored, a few times, with ``kiepe replay`` (see the README).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bot.composition import build_container
from bot.replay import Replayer, conversation_files, load_file
from bot.settings import REPO_ROOT, Settings
from nlu.client import RasaNluClient
from nlu.offline import OfflineNlu

pytestmark = pytest.mark.anyio
EVAL = Path(__file__).parent
DEV = EVAL / "dev"
# Dev parts E to Q (other authors, other regions) joined the dev part once they had been
# scored a first time; their files are in the same manifest.
DEV_PARTS = [DEV, *(EVAL / f"dev{part}" for part in "EFGHIJKLMNOPQ")]
TEST = EVAL / "test"
FLOOR = re.compile(r"Dev pass floor: with Rasa (\d+), without Rasa (\d+) \(of (\d+)\)")


def _floor() -> tuple[int, int, int]:
    found = FLOOR.search((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md must record 'Dev pass floor: with Rasa N, without Rasa M (of K)'"
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


def _manifest() -> dict[str, str]:
    lines = (DEV / "MANIFEST.sha256").read_text(encoding="utf-8").split("\n")
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines if line.strip())}


def test_the_dev_conversations_are_the_ones_recorded():
    """Dev files are added to, never edited: each file's hash is in the manifest."""
    recorded = _manifest()
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in conversation_files(DEV_PARTS)}
    assert files == recorded


def test_the_evaluation_has_its_size():
    dev = sum(len(load_file(p)[0]) for p in conversation_files(DEV_PARTS))
    test = sum(len(load_file(p)[0]) for p in conversation_files([TEST]))
    dev_catalogs = {load_file(p)[1] for p in conversation_files(DEV_PARTS)}
    test_catalogs = {load_file(p)[1] for p in conversation_files([TEST])}
    assert dev == _floor()[2] and dev + test >= 300 and test >= 100
    assert len(dev_catalogs | test_catalogs) >= 3 and test_catalogs - dev_catalogs


async def _passes(nlu) -> tuple[int, list[str]]:
    passed, failed = 0, []
    replayers: dict[Path, Replayer] = {}
    try:
        for path in conversation_files(DEV_PARTS):
            scripts, catalog = load_file(path)
            if catalog not in replayers:
                replayers[catalog] = Replayer(catalog, Settings(rasa_manage=False), build_container, nlu=nlu)
            for script in scripts:
                outcome = await replayers[catalog].run(script)
                if outcome.passed:
                    passed += 1
                else:
                    failed.append(script.id)
    finally:
        for replayer in replayers.values():
            replayer.close()
    return passed, failed


@pytest.mark.rasa
async def test_dev_conversations_with_rasa(rasa_url):
    nlu = RasaNluClient(rasa_url, timeout=10.0)
    try:
        passed, failed = await _passes(nlu)
    finally:
        await nlu.aclose()
    assert passed >= _floor()[0], f"{passed} passed, below the floor; failed: {failed}"


async def test_dev_conversations_without_rasa():
    passed, failed = await _passes(OfflineNlu())
    assert passed >= _floor()[1], f"{passed} passed, below the floor; failed: {failed}"
