"""Schemathesis against the app's own OpenAPI spec: no 500s, answers as documented.

Every operation runs against a fresh database (SQLite and PostgreSQL) holding the small
region, with a resident's, a shop's and the admin's token, so generated requests reach
the code behind authentication too.
"""

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
from nlu.offline import OfflineNlu
from tests.api.conftest import ADMIN, bearer
from tests.ordering.conftest import NOW, build_world
from tests.support import secrets

# Schemathesis starts the app's lifespan on a thread of its own and keeps it running for the rest
# of the session (from loading the schema, at collection): with the worker in it, a worker would
# run against this empty in-memory database all session long, logging a traceback every 2 s, and
# Python 3.11's traceback formatting (ast.parse) in that thread races pytest's assertion
# rewriting (CPython gh-106905: "AST constructor recursion depth mismatch" broke a CI
# collection). The contract is about HTTP; the worker is tested in tests/test_worker.py.
APP = create_app(build_container(Settings(database_url="sqlite://", rasa_manage=False, in_process_worker=False),
                                 nlu=OfflineNlu()))
# Business rules live beyond the schema (a voucher's range depends on the shop, a phone
# number must exist, an empty cart cannot be checked out): valid-looking data may get a
# documented 409 or 422 with a clear message. Everything else stays at the defaults.
CONFIG = SchemathesisConfig.from_dict({
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}},
})
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)
TOKENS: dict[str, str] = {}
# Every generated request comes from one client: the abuse limits (tests/security) would answer
# most of them 429, and this test is about the contract behind them.
NO_LIMITS = {name: "1000000/minute" for name in ("rate_limit_per_client", "rate_limit_per_token",
                                                 "rate_limit_wrong_tokens", "rate_limit_registrations",
                                                 "rate_limit_phone_codes")}


@pytest.fixture
def api_world(db):
    """Point the app at a fresh database and register the callers whose tokens the cases use."""
    world = build_world(db)
    settings_ = Settings(database_url=db.url, admin_token=secrets.ADMIN_TOKEN, rasa_manage=False,
                         in_process_worker=False, **NO_LIMITS)
    APP.state.container = build_container(settings_, database=db, clock=Clock(NOW), nlu=OfflineNlu())
    with TestClient(APP) as client:
        resident = client.post("/api/regions/testland/residents", json={
            "name": "Hildegard Schulte", "phone": "02541 111111", "street": "Letter Straße 5", "postcode": "48653"})
        TOKENS["resident"] = resident.json()["token"]
        TOKENS["shop"] = client.post(f"/api/admin/shops/{world.shops['hof-schulze']}/token", headers=ADMIN).json()["token"]
    return world


def _auth(path: str) -> dict[str, str]:
    if path.startswith("/api/admin"):
        return ADMIN
    if path.startswith("/api/shop/"):
        return bearer(TOKENS["shop"])
    return bearer(TOKENS["resident"])


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_holds_its_contract(case, api_world):
    case.call_and_validate(headers=_auth(case.path))
