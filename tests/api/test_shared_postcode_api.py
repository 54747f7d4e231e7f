"""The API over a region where two municipalities share a postcode (Hilders and Ehrenberg, 36115):
a postcode alone is a precise 422 naming them; the town or the municipality decides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.clock import Clock
from bot.composition import build_container
from bot.settings import Settings
from tests.api.conftest import bearer
from tests.ordering.conftest import NOW, World, build_world
from tests.support import secrets

RHOEN = (Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "rhoen.yml").read_text(encoding="utf-8")
ANNA = {"name": "Anna Roth", "phone": "06683 123456", "street": "Kirchstraße 4", "postcode": "36115"}
CANDIDATES = [{"municipality": "hilders", "name": "Hilders"}, {"municipality": "ehrenberg", "name": "Ehrenberg"}]


@pytest.fixture
def world(db) -> World:
    return build_world(db, RHOEN)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    settings = Settings(database_url=world.db.url, admin_token=secrets.ADMIN_TOKEN, rasa_manage=False)
    container = build_container(settings, database=world.db, clock=Clock(NOW))
    with TestClient(create_app(container), raise_server_exceptions=False) as test_client:
        yield test_client


def _register(client, **extra):
    return client.post("/api/regions/rhoen-test/residents", json={**ANNA, **extra})


def test_a_shared_postcode_alone_is_a_precise_error_naming_the_municipalities(client):
    response = _register(client)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "PostcodeAmbiguous" and body["field"] == "municipality"
    assert body["candidates"] == CANDIDATES
    assert "36115" in body["message"] and "'hilders'" in body["message"] and "'ehrenberg'" in body["message"]
    assert body["resident_message"] == "Die Postleitzahl 36115 gilt für Hilders und Ehrenberg. In welchem Ort wohnen Sie?"
    # nobody was registered: the same body with the municipality goes through
    assert _register(client, municipality="ehrenberg").status_code == 201


@pytest.mark.parametrize(("extra", "municipality", "town"), [
    ({"municipality": "ehrenberg"}, "ehrenberg", "Ehrenberg"),
    ({"municipality": "Hilders"}, "hilders", "Hilders"),
    ({"town": "ehrenberg"}, "ehrenberg", "Ehrenberg"),
    ({"town": "Wüstensachsen", "municipality": "ehrenberg"}, "ehrenberg", "Wüstensachsen"),
])
def test_the_municipality_or_the_town_decides(client, extra, municipality, town):
    response = _register(client, **extra)
    assert response.status_code == 201, response.text
    me = response.json()
    assert (me["postcode"], me["municipality"], me["town"]) == ("36115", municipality, town)


def test_a_municipality_the_postcode_does_not_belong_to_is_refused(client):
    response = _register(client, municipality="tann")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "MunicipalityNotOfPostcode" and body["candidates"] == CANDIDATES
    assert "'tann'" in body["message"]


def test_a_town_that_names_none_of_them_still_needs_the_municipality(client):
    response = _register(client, town="Wüstensachsen")
    assert response.status_code == 422 and response.json()["error"] == "PostcodeAmbiguous"


def test_changing_the_address(client):
    me = bearer(_register(client, municipality="hilders").json()["token"])
    patched = client.patch("/api/me", json={"municipality": "ehrenberg"}, headers=me)
    assert patched.status_code == 200 and patched.json()["municipality"] == "ehrenberg"
    assert client.patch("/api/me", json={"postcode": "36142"}, headers=me).json()["municipality"] == "tann"
    back = client.patch("/api/me", json={"postcode": "36115"}, headers=me)
    assert back.status_code == 422 and back.json()["candidates"] == CANDIDATES
    assert client.get("/api/me", headers=me).json()["municipality"] == "tann"  # nothing changed
    moved = client.patch("/api/me", json={"postcode": "36115", "town": "Hilders"}, headers=me).json()
    assert (moved["postcode"], moved["municipality"], moved["town"]) == ("36115", "hilders", "Hilders")


def test_the_municipality_decided_is_where_the_order_is_delivered(client):
    me = bearer(_register(client, town="Ehrenberg").json()["token"])
    bread = client.get("/api/regions/rhoen-test/products", params={"q": "roggenbrot"}).json()[0]
    assert client.post("/api/me/cart/lines", json={"product_id": bread["id"], "quantity": "1"},
                       headers=me).status_code == 201
    for place in ("hilders", "ehrenberg"):
        slot = client.get("/api/regions/rhoen-test/windows", params={"municipality": place}).json()[0]["slot_id"]
        assert client.put("/api/me/cart/window", json={"slot_id": slot}, headers=me).status_code == 200
        response = client.post("/api/me/checkout", json={"payment_method": "on_delivery"}, headers=me)
        if place == "hilders":  # Hilders' window is not for an address in Ehrenberg, though the postcode is the same
            assert response.status_code == 422 and response.json()["error"] == "WindowElsewhere"
    assert response.status_code == 201, response.text
