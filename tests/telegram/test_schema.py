"""The admin's link-code operation as documented in OpenAPI (Schemathesis, like tests/api)."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.ordering.conftest import NOW, build_world
from tests.telegram.conftest import ADMIN_TOKEN

# No worker in the app Schemathesis keeps running all session: see tests/api/test_schemathesis.py.
APP = create_app(build_container(Settings(database_url="sqlite://", rasa_manage=False, dispatch_events=False,
                                          in_process_worker=False)))
CONFIG = SchemathesisConfig.from_dict({
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "422"]}},
})
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG).include(path_regex="telegram")


def test_the_webhook_is_not_in_the_public_spec():
    with TestClient(APP) as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert "/telegram/webhook" not in paths
    assert "/api/admin/shops/{shop_id}/telegram-link-code" in paths


@pytest.fixture
def link_world(db):
    world = build_world(db)
    APP.state.container = build_container(
        Settings(database_url=db.url, admin_token=ADMIN_TOKEN, rasa_manage=False, dispatch_events=False,
                 in_process_worker=False),
        database=db, clock=Clock(NOW))
    return world


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_link_code_holds_its_contract(case, link_world):
    case.call_and_validate(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
