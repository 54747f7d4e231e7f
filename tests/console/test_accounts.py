"""Console accounts without a browser: argon2 hashes, lock-out, sessions, ``kiepe console add-user``,
and the headers and guards of the console's pages (SQLite and, where available, PostgreSQL)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.console import accounts
from bot.console.models import ConsoleSession, ConsoleUser
from ordering.errors import Conflict, Invalid, NotFound
from tests.ordering.conftest import NOW, build_world

PASSWORD = "ein-langes-Passwort"


@pytest.fixture
def world(db):
    return build_world(db)


def test_passwords_are_argon2id_hashes_and_names_are_unique(world):
    with world.db.session() as s:
        user = accounts.create_user(s, username="Hof.Schulze", password=PASSWORD, role="shop", shop_slug="hof-schulze")
        assert user.username == "hof.schulze" and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
    with world.db.session() as s:
        with pytest.raises(Conflict):
            accounts.create_user(s, username="hof.schulze", password=PASSWORD, role="courier")


@pytest.mark.parametrize("kwargs, field", [
    ({"username": "x", "role": "courier"}, "username"),
    ({"username": "kurier", "role": "courier", "password": "kurz"}, "password"),
    ({"username": "kurier", "role": "admin"}, "role"),
    ({"username": "laden", "role": "shop"}, "shop"),
    ({"username": "laden", "role": "courier", "shop_slug": "hof-schulze"}, "shop"),
])
def test_bad_accounts_are_refused_by_field(world, kwargs, field):
    with world.db.session() as s:
        with pytest.raises(Invalid) as refused:
            accounts.create_user(s, **{"password": PASSWORD, **kwargs})
        assert refused.value.field == field


def test_shop_staff_need_a_shop_of_the_region(world):
    with world.db.session() as s:
        with pytest.raises(NotFound):
            accounts.create_user(s, username="laden", password=PASSWORD, role="shop", shop_slug="gibt-es-nicht")


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(world):
    with world.db.session() as s:
        accounts.create_user(s, username="kurier", password=PASSWORD, role="courier")
    for attempt in range(accounts.MAX_FAILURES):
        with world.db.session() as s:
            result = accounts.authenticate(s, "kurier", "falsch", NOW)
            assert result.user is None and result.locked == (attempt == accounts.MAX_FAILURES - 1)
    with world.db.session() as s:
        assert accounts.authenticate(s, "kurier", PASSWORD, NOW + timedelta(minutes=14)).locked
    with world.db.session() as s:  # after the lock-out the right password works again
        result = accounts.authenticate(s, "kurier", PASSWORD, NOW + timedelta(minutes=accounts.LOCK_MINUTES + 1))
        assert result.user is not None and result.user.failed_logins == 0


def test_unknown_names_and_wrong_passwords_look_the_same(world):
    with world.db.session() as s:
        accounts.create_user(s, username="kurier", password=PASSWORD, role="courier")
        assert accounts.authenticate(s, "niemand", PASSWORD, NOW) == accounts.authenticate(s, "kurier", "x", NOW)


def test_sessions_store_only_a_hash_and_expire(world):
    with world.db.session() as s:
        user = accounts.create_user(s, username="kurier", password=PASSWORD, role="courier")
        token = accounts.start_session(s, user, NOW)
    with world.db.session() as s:
        stored = s.scalars(select(ConsoleSession)).one()
        assert stored.token_hash != token and stored.token_hash == accounts.token_hash(token)
        assert accounts.session_of(s, token, NOW + timedelta(hours=1)).user.username == "kurier"
        assert accounts.session_of(s, token, NOW + timedelta(hours=accounts.SESSION_HOURS)) is None
        assert accounts.session_of(s, token + "x", NOW) is None
        accounts.end_session(s, token)
        assert accounts.session_of(s, token, NOW) is None


def test_kiepe_console_add_user(world, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main(["console", "add-user", "anna", "--role", "coordinator", "--name", "Anna Koordination",
                 "--password-stdin", "--database-url", world.db.url])
    assert code == 0, capsys.readouterr()
    assert "Konto anna (coordinator) angelegt" in capsys.readouterr().out
    with world.db.session() as s:
        user = s.scalar(select(ConsoleUser).where(ConsoleUser.username == "anna"))
        assert user.display_name == "Anna Koordination" and user.region_id == world.region_id
    monkeypatch.setattr("sys.stdin", io.StringIO("kurz\n"))
    assert main(["console", "add-user", "bert", "--role", "courier", "--password-stdin",
                 "--database-url", world.db.url]) == 1
    assert "at least" in capsys.readouterr().err


def _app(world):
    from bot.app import create_app
    from bot.clock import Clock
    from bot.composition import build_container
    from bot.settings import Settings
    from tests.voice.conftest import unused_address

    settings = Settings(database_url=world.db.url, admin_token="a" * 40, rasa_manage=False, rasa_url=unused_address(),
                        dispatch_events=False)
    return create_app(build_container(settings, database=world.db, clock=Clock(NOW)))


def _login(client, username, password=PASSWORD):
    page = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    return client.post("/console/login", data={"csrf": token, "username": username, "password": password},
                       follow_redirects=False)


def test_console_pages_carry_strict_headers_and_refuse_forged_forms(world):
    with world.db.session() as s:
        accounts.create_user(s, username="hof", password=PASSWORD, role="shop", shop_slug="hof-schulze")
    with TestClient(_app(world), base_url="http://testserver") as client:
        assert client.get("/console/laden", follow_redirects=False).headers["location"] == "/console/login"
        answer = _login(client, "hof")
        assert answer.status_code == 303 and answer.headers["location"] == "/console/laden"
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
        page = client.get("/console/laden")
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
        # No token, a wrong token, or another site: 403, nothing done.
        assert client.post("/console/laden/waren/1", data={"verfuegbar": "0"}).status_code == 403
        assert client.post("/console/laden/waren/1", data={"csrf": "falsch", "verfuegbar": "0"}).status_code == 403
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
        assert client.post("/console/laden/waren/1", data={"csrf": token, "verfuegbar": "0"},
                           headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
        # The admin API's token opens nothing here.
        with TestClient(_app(world), base_url="http://testserver") as stranger:
            answer = stranger.get("/console/koordination", headers={"Authorization": "Bearer " + "a" * 40},
                                  follow_redirects=False)
            assert answer.status_code == 303 and answer.headers["location"] == "/console/login"


def test_a_client_guessing_at_many_names_is_stopped_like_wrong_api_tokens(world):
    with world.db.session() as s:
        accounts.create_user(s, username="kurier", password=PASSWORD, role="courier")
    with TestClient(_app(world), base_url="http://testserver") as client:
        answers = [_login(client, f"name{n}", "geraten").status_code for n in range(10)]
        assert answers == [401] * 10  # ten guesses at ten names: no account locked, the client is
        answer = _login(client, "kurier")  # even the right password, from this client, for a while
        assert answer.status_code == 429 and "gesperrt" in answer.text


def test_the_pick_up_list_prints_as_a_page_and_as_pdf_and_a_window_of_the_wrong_kind_is_404(world):
    with world.db.session() as s:
        accounts.create_user(s, username="koordination", password=PASSWORD, role="coordinator")
    pickup, delivery = world.slot("pickup", NOW.replace(hour=16)), world.slot("delivery", NOW.replace(hour=9) + timedelta(days=1))
    with TestClient(_app(world), base_url="http://testserver") as client:
        assert _login(client, "koordination").headers["location"] == "/console/koordination"
        page = client.get(f"/console/koordination/abholung/{pickup}")
        assert page.status_code == 200 and "Abholung" in page.text and "Keine Bestellungen" in page.text
        pdf = client.get(f"/console/koordination/abholung/{pickup}.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        assert pdf.headers["content-disposition"] == f'attachment; filename="abholung-{pickup}.pdf"'
        assert client.get(f"/console/koordination/tour/{pickup}").status_code == 404
        assert client.get(f"/console/koordination/abholung/{delivery}.pdf").status_code == 404
        assert client.get(f"/console/koordination/tour/{delivery}.pdf").content.startswith(b"%PDF-")
