"""The app reads the lexicon and builds each region's catalog index at start-up, not in the
first resident's turn (which would otherwise wait for them)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.dialogue.catalog_cache import CatalogCache
from bot.settings import Settings
from nlu.rasa_env import free_port
from nlu.resolution.lexicon import lexicon
from tests.ordering.conftest import NOW, build_world


def test_the_catalog_is_built_before_the_first_turn(db, monkeypatch):
    world = build_world(db)
    built: list[int] = []
    build = CatalogCache._build

    def counted(session, region_id, revision):
        built.append(region_id)
        return build(session, region_id, revision)

    monkeypatch.setattr(CatalogCache, "_build", staticmethod(counted))
    lexicon.cache_clear()
    settings = Settings(database_url=world.db.url, rasa_url=f"http://127.0.0.1:{free_port()}", rasa_manage=False,
                        dispatch_events=False, housekeeping_interval_seconds=0, in_process_worker=False)
    app = create_app(build_container(settings, database=world.db, clock=Clock(NOW)))
    with TestClient(app) as client:
        assert built == [world.region_id]
        assert lexicon.cache_info().currsize == 1
        reply = client.post("/chat/turn", json={"text": "2 Liter Milch vom Hof Schulze"}, headers={"X-Kiepe-Chat": "1"})
        assert reply.status_code == 200, reply.text
        assert built == [world.region_id]  # the turn found the index ready


def test_a_database_without_tables_still_starts(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}", rasa_url=f"http://127.0.0.1:{free_port()}",
                        rasa_manage=False, dispatch_events=False, in_process_worker=False)
    with TestClient(create_app(build_container(settings))) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
