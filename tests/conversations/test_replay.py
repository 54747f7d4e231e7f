"""Every scripted conversation, replayed through the real dialogue: with the real Rasa
server, and with Rasa switched off (what residents get when it is down)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.composition import build_container
from bot.replay import Replayer, load_scripts
from bot.settings import REPO_ROOT, Settings
from nlu.client import RasaNluClient
from nlu.offline import OfflineNlu

pytestmark = pytest.mark.anyio
HERE = Path(__file__).parent
FILES = sorted(HERE.glob("*.yml")) + sorted(HERE.glob("*/*.yml"))
DEMO = REPO_ROOT / "data" / "muensterland.yml"
CATALOGS = REPO_ROOT / "tests" / "fixtures" / "catalogs"


def test_there_are_enough_conversations():
    assert sum(len(load_scripts(f)) for f in FILES) >= 60


async def _replay(path: Path, nlu) -> list[str]:
    # a folder of conversations plays against the fixture catalog of its name (tecklenburg/, regional/)
    catalog = CATALOGS / f"{path.parent.name}.yml" if path.parent != HERE else DEMO
    replayer = Replayer(catalog, Settings(rasa_manage=False), build_container, nlu=nlu)
    problems = []
    try:
        for script in load_scripts(path):
            outcome = await replayer.run(script)
            if outcome.passed is False:
                problems.append(f"{script.id}: " + "; ".join(outcome.failures))
    finally:
        replayer.close()
    return problems


@pytest.mark.rasa
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(HERE)))
async def test_conversations_with_rasa(path, rasa_url):
    nlu = RasaNluClient(rasa_url, timeout=10.0)
    try:
        assert await _replay(path, nlu) == []
    finally:
        await nlu.aclose()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(HERE)))
async def test_conversations_without_rasa(path):
    assert await _replay(path, OfflineNlu()) == []
