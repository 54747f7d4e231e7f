"""What production requires of the settings (bot.production) and where signing keys come from."""

from __future__ import annotations

import pytest

from bot.app import create_app
from bot.composition import build_container
from bot.installation_keys import LocalKeys, key
from bot.production import ConfigurationError, check_safe_to_serve, is_exposed, is_loopback, weak_secrets
from bot.settings import Settings
from nlu.offline import OfflineNlu
from ordering.db import Database
from tests.support import secrets

STRONG = {"admin_token": secrets.ADMIN_TOKEN, "link_secret": secrets.LINK_SECRET}


def settings(**values) -> Settings:
    # Explicit values: KIEPE_* of the developer's shell must not decide these tests.
    base = {"public_url": None, "host": "127.0.0.1", "stripe_webhook_secret": None, "twilio_auth_token": None,
            "telegram_secret_token": None, "admin_token": "kiepe-admin-dev", "link_secret": None}
    return Settings(**{**base, **values})


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.0.1.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("kiepe.example", False), ("", False),
])
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("values, exposed", [
    ({}, False),
    ({"public_url": "http://127.0.0.1:8000"}, False),  # tests and benchmarks: only this machine
    ({"public_url": "https://kiepe.example"}, True),
    ({"host": "0.0.0.0"}, True),
    ({"host": "10.0.0.5", "public_url": "http://localhost:8000"}, True),
])
def test_exposure(values, exposed):
    assert is_exposed(settings(**values)) is exposed


def test_the_zero_config_default_is_fine_locally():
    check_safe_to_serve(settings())  # `make run`: loopback, development token, no link secret


def test_strong_secrets_and_unconfigured_integrations_are_fine_in_production():
    check_safe_to_serve(settings(public_url="https://kiepe.example", **STRONG))


@pytest.mark.parametrize("values, problem", [
    ({"admin_token": "kiepe-admin-dev"}, "KIEPE_ADMIN_TOKEN is the built-in development default"),
    ({"admin_token": ""}, "KIEPE_ADMIN_TOKEN is not set"),
    ({"admin_token": "x" * 31}, "KIEPE_ADMIN_TOKEN has 31 characters, needs at least 32"),
    ({"link_secret": None}, "KIEPE_LINK_SECRET is not set"),
    ({"link_secret": "too-short"}, "KIEPE_LINK_SECRET has 9 characters"),
    ({"link_secret": secrets.ADMIN_TOKEN}, "KIEPE_LINK_SECRET must differ from KIEPE_ADMIN_TOKEN"),
    ({"stripe_webhook_secret": "whsec_abc"}, "KIEPE_STRIPE_WEBHOOK_SECRET has 9 characters"),
    ({"twilio_auth_token": "abc"}, "KIEPE_TWILIO_AUTH_TOKEN has 3 characters"),
    ({"telegram_secret_token": "s3cret"}, "KIEPE_TELEGRAM_SECRET_TOKEN has 6 characters"),
])
def test_each_weak_secret_is_named(values, problem):
    weak = settings(public_url="https://kiepe.example", **{**STRONG, **values})
    assert problem in "\n".join(weak_secrets(weak))
    with pytest.raises(ConfigurationError, match="refuses to start"):
        check_safe_to_serve(weak)


def test_create_app_runs_the_check():
    with pytest.raises(ConfigurationError):
        create_app(build_container(settings(database_url="sqlite://", host="0.0.0.0"), nlu=OfflineNlu()))


# ---------------------------------------------------------------- signing keys


def _container(db: Database, **values) -> LocalKeys:
    """What the keys need (a container offers the same): settings, the database, a cache."""
    return LocalKeys(settings=settings(database_url=db.url, **values), database=db)


def test_a_configured_link_secret_signs(db):
    one, two = _container(db, link_secret=secrets.LINK_SECRET), _container(db, link_secret=secrets.LINK_SECRET)
    assert key(one, "telegram-link") == key(two, "telegram-link")
    assert key(one, "telegram-link") != key(one, "web-session")  # one key per purpose
    assert key(one, "telegram-link") != key(_container(db, link_secret="x" * 40), "telegram-link")


def test_locally_a_secret_is_generated_once_per_database_and_survives_restarts(db, tmp_path):
    first = key(_container(db), "telegram-link")
    assert key(_container(db), "telegram-link") == first  # a restart: a new process, the same database
    other = Database(f"sqlite:///{tmp_path / 'other.db'}")
    other.create_all()
    try:
        assert key(_container(other), "telegram-link") != first
    finally:
        other.dispose()
    assert key(_container(db, admin_token="another-admin-token"), "telegram-link") == first  # not the admin token


def test_a_public_app_without_a_link_secret_has_no_key(db):
    with pytest.raises(ConfigurationError, match="KIEPE_LINK_SECRET"):
        key(_container(db, public_url="https://kiepe.example"), "telegram-link")
