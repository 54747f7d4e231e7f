"""/healthz, /readyz and /metrics against a real app, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete, select, update

from bot.app import create_app
from bot.application.outbox_tables import FAILED, EventDelivery
from bot.clock import Clock
from bot.composition import build_container
from bot.observability.metrics import count_failures
from bot.settings import Settings
from nlu.rasa_env import free_port
from ordering.db import Database
from ordering.models import OrderEvent
from tests.nlu.test_several_servers import Servers
from tests.ops.orders import TUESDAY_9, place_order
from tests.ordering.conftest import NOW, World, build_world

ADMIN = "ops-admin-token"
METRICS = "ops-metrics-token"


@pytest.fixture
def world(db) -> World:
    return build_world(db)


def _client(world: World, **settings: object) -> TestClient:
    values: dict[str, object] = dict(database_url=world.db.url, admin_token=ADMIN, metrics_token=METRICS,
                                     rasa_url=f"http://127.0.0.1:{free_port()}", rasa_manage=False,
                                     dispatch_events=False, housekeeping_interval_seconds=0)
    values.update(settings)
    app = create_app(build_container(Settings(**values), database=world.db, clock=Clock(NOW)))
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with _client(world) as c:
        yield c


def _scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    page = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS}"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(page.text) for s in family.samples}


def test_healthz_asks_nothing(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_database_up_nlu_degraded(client):
    answer = client.get("/readyz")
    body = answer.json()
    assert answer.status_code == 200 and body["status"] == "ready"
    assert body["database"]["ok"] is True
    assert body["nlu"]["mode"] == "degraded" and "buttons" in body["nlu"]["note"]
    assert "worker" not in body  # no separate worker expected


def test_readyz_names_each_rasa_server(world):
    servers = Servers()
    try:
        servers.start("a")
        up, down = servers.url("a"), f"http://127.0.0.1:{free_port()}"
        with _client(world, rasa_url=f"{up},{down}") as c:
            body = c.get("/readyz").json()
    finally:
        servers.stop_all()
    assert body["nlu"]["mode"] == "reduced"
    assert body["nlu"]["servers"] == {up: "up", down: "down"}


def test_readyz_is_503_when_the_database_is_away(client):
    # nobody listens there: the connection is refused (a real server gone, not a mock)
    client.app.state.container.database = Database(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "not ready" and answer.json()["database"]["ok"] is False
    assert client.get("/healthz").status_code == 200  # alive all the same


def test_readyz_checks_the_worker_heartbeat_when_one_is_expected(world):
    with _client(world, expect_worker=True, worker_heartbeat_max_age_seconds=60) as c:
        unwired = c.get("/readyz")
        assert unwired.status_code == 503 and unwired.json()["worker"]["ok"] is False
        beat: list[datetime | None] = [None]
        c.app.state.worker_heartbeat = lambda: beat[0]  # type: ignore[attr-defined]
        assert c.get("/readyz").status_code == 503  # no worker has reported yet
        beat[0] = datetime.now(timezone.utc) - timedelta(seconds=5)
        fresh = c.get("/readyz")
        assert fresh.status_code == 200 and fresh.json()["worker"]["ok"] is True
        beat[0] = datetime.now(timezone.utc) - timedelta(minutes=5)
        stale = c.get("/readyz")
        assert stale.status_code == 503 and stale.json()["worker"]["last_heartbeat_seconds_ago"] >= 300


def test_metrics_need_a_token(client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", headers={"Authorization": f"Bearer {ADMIN}"}).status_code == 200


def test_metrics_count_turns_and_read_the_outbox_and_windows(world, client):
    before = _scrape(client)
    order_id = place_order(world)
    for _ in range(3):
        assert client.post("/chat/turn", json={}, headers={"X-Kiepe-Chat": "1"}).status_code == 200
    after = _scrape(client)

    web = (("channel", "web"),)
    assert after[("kiepe_turns_total", web)] - before.get(("kiepe_turns_total", web), 0) == 3
    assert after[("kiepe_turn_seconds_count", web)] - before.get(("kiepe_turn_seconds_count", web), 0) == 3
    assert after[("kiepe_database_up", ())] == 1
    # placing the order wrote events nobody dispatched (dispatch_events=False): the backlog
    assert after[("kiepe_outbox_pending", ())] >= 1
    assert after[("kiepe_outbox_oldest_pending_seconds", ())] > 0
    assert after[("kiepe_events_failed", ())] == 0
    slot = str(world.slot("delivery", TUESDAY_9))
    booked = [v for (name, labels), v in after.items()
              if name == "kiepe_window_places" and ("slot", slot) in labels and ("state", "booked") in labels]
    assert booked == [1.0]
    capacity = [v for (name, labels), v in after.items() if name == "kiepe_window_capacity" and ("slot", slot) in labels]
    assert capacity and capacity[0] >= 1

    with world.db.session() as s:  # every event handed out, and one subscriber's delivery parked for each
        ids = list(s.scalars(select(OrderEvent.id).where(OrderEvent.order_id == order_id)))
        s.execute(delete(EventDelivery).where(EventDelivery.event_id.in_(ids)))
        s.execute(update(OrderEvent).where(OrderEvent.order_id == order_id).values(dispatched_at=datetime.now(timezone.utc)))
        s.add_all([EventDelivery(event_id=i, subscriber="test", status=FAILED, attempts=12) for i in ids])
    given_up = _scrape(client)
    assert given_up[("kiepe_events_failed", ())] >= 1 and given_up[("kiepe_outbox_pending", ())] == 0


def test_metrics_count_nlu_failures(client):
    before = _scrape(client)
    # text reaches the NLU, which is not there (degraded): one parse, one failure
    assert client.post("/chat/turn", json={"text": "zwei brötchen"}, headers={"X-Kiepe-Chat": "1"}).status_code == 200
    after = _scrape(client)
    key = ("kiepe_nlu_failures_total", (("kind", "nlu_unavailable"),))
    assert after[key] - before.get(key, 0) >= 1
    assert after[("kiepe_nlu_seconds_count", ())] > before.get(("kiepe_nlu_seconds_count", ()), 0)


def test_failures_of_an_external_service_are_counted(client):
    class Sms:
        sent: list[str] = []

        def send_text(self, to: str, text: str) -> str:
            if to == "broken":
                raise ConnectionError("Twilio unreachable")
            self.sent.append(to)
            return "SM1"

    sms = count_failures(Sms(), "twilio")
    before = _scrape(client)
    assert sms.send_text("+49151", "hallo") == "SM1" and sms.sent == ["+49151"]
    with pytest.raises(ConnectionError):
        sms.send_text("broken", "hallo")
    after = _scrape(client)
    key = ("kiepe_external_call_failures_total",
           (("error", "ConnectionError"), ("operation", "send_text"), ("service", "twilio")))
    assert after[key] - before.get(key, 0) == 1


def test_metrics_page_is_prometheus_text(client):
    page = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS}"}).text
    for name in ("kiepe_turns_in_flight", "kiepe_outbox_pending", "kiepe_window_capacity"):
        assert re.search(rf"^# TYPE {name} gauge$", page, re.M), name
