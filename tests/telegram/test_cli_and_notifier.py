"""``kiepe shops link-code``, ``kiepe telegram`` parsing, the Notifier port, and the error handler."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import select

from bot.cli_telegram import register
from bot.settings import get_settings
from integrations.telegram_notifier import TelegramNotifier, parse_address
from ordering.models import Shop
from tests.support import secrets
from tests.telegram.conftest import ADMIN_TOKEN


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiepe")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def admin_env(monkeypatch):
    monkeypatch.setenv("KIEPE_ADMIN_TOKEN", ADMIN_TOKEN)
    monkeypatch.setenv("KIEPE_LINK_SECRET", secrets.LINK_SECRET)  # the app's (tg fixture) signing secret
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.anyio
async def test_link_code_from_the_cli_links_the_shop(admin_env, tg, world, capsys):
    assert run(["shops", "link-code", "hof-schulze", "--database-url", world.db.url]) == 0
    out = capsys.readouterr().out.splitlines()
    code = out[0].rsplit(" ", 1)[-1]
    assert out[1] == f"Im Telegram-Chat des Geschäfts senden: /link {code}"
    await tg.say(7001, f"/link {code}")
    assert "mit Hof Schulze verknüpft" in tg.rec.last_text(7001)
    with world.db.session() as s:
        assert s.scalar(select(Shop.telegram_chat_id).where(Shop.slug == "hof-schulze")) == 7001


def test_link_code_for_an_unknown_shop_fails(admin_env, world, capsys):
    assert run(["shops", "link-code", "gibts-nicht", "--database-url", world.db.url]) == 1
    assert "no single shop 'gibts-nicht'" in capsys.readouterr().err


def test_the_telegram_commands_parse():
    parser = argparse.ArgumentParser(prog="kiepe")
    register(parser.add_subparsers(dest="command"))
    assert parser.parse_args(["telegram", "poll"]).func.__name__ == "_poll"
    assert parser.parse_args(["telegram", "set-webhook"]).func.__name__ == "_set_webhook"


def test_addresses():
    assert parse_address("tg:42") == 42 and parse_address("telegram:-1005") == -1005 and parse_address("17") == 17
    assert parse_address("+4925411111") is None and parse_address("anna@example.org") is None


@pytest.mark.anyio
async def test_the_notifier_port_sends_inside_a_running_loop(tg):
    notifier = TelegramNotifier(tg.application.bot)
    notifier.send_text("tg:4242", "Danke! Ihre Zahlung ist eingegangen.")
    notifier.send_text("+492541111111", "per SMS, nicht hier")
    await notifier.drain()
    assert tg.rec.texts(4242) == ["Danke! Ihre Zahlung ist eingegangen."]
    assert len(tg.rec.of("sendMessage")) == 1


@pytest.mark.anyio
async def test_one_error_handler_apologises(tg, monkeypatch):
    from bot.channels.telegram import residents

    async def broken(update, context):
        raise RuntimeError("boom")

    monkeypatch.setattr(residents, "_converse", broken)
    await tg.say(4242, "/start")
    assert tg.rec.last_text(4242) == "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal."


@pytest.mark.parametrize("action", ["poll", "set-webhook"])
def test_without_a_token_the_commands_say_so(action, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("KIEPE_TELEGRAM_TOKEN", "")
    monkeypatch.setenv("KIEPE_DATABASE_URL", f"sqlite:///{tmp_path / 'k.db'}")
    get_settings.cache_clear()
    try:
        assert run(["telegram", action]) == 2
    finally:
        get_settings.cache_clear()
    assert "KIEPE_TELEGRAM_TOKEN is not set" in capsys.readouterr().err
