"""``kiepe payments onboard | reconcile | settlement`` against a SQLite file and the local Stripe."""

from __future__ import annotations

import argparse
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import bot.cli_payments as cli_payments
from bot.settings import get_settings
from ordering.db import Database
from ordering.models import Shop
from tests.support.order_builders import decide, make_order, make_region, make_shop
from tests.support.stripe_fake import API_KEY


@pytest.fixture
def kiepe(tmp_path, monkeypatch, stripe_fake):
    url = f"sqlite:///{tmp_path / 'kiepe.db'}"
    monkeypatch.setenv("KIEPE_DATABASE_URL", url)
    monkeypatch.setenv("KIEPE_STRIPE_API_KEY", API_KEY)
    monkeypatch.setenv("KIEPE_STRIPE_API_BASE", stripe_fake.api_base)
    get_settings.cache_clear()
    database = Database(url)
    database.create_all()
    parser = argparse.ArgumentParser(prog="kiepe")
    cli_payments.register(parser.add_subparsers(dest="command"))

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return args.func(args)

    yield database, run
    database.dispose()
    get_settings.cache_clear()


def test_onboard_reconcile_settlement(kiepe, stripe_fake, capsys, tmp_path):
    database, run = kiepe
    with database.session() as s:
        region = make_region(s, commission_bp=1000, fee_cents=0)
        shop = make_shop(s, region, "hofladen-cli")
        zone = ZoneInfo(region.timezone)
        order = make_order(s, region, {shop: [("Eier", 1000)]}, method="on_delivery")
        decide(s, order, shop, "confirmed")
    assert run("payments", "onboard", "hofladen-cli") == 0
    out = capsys.readouterr().out
    assert "acct_" in out and "/_fake/onboarding/" in out
    with database.session() as s:
        assert s.query(Shop).filter_by(slug="hofladen-cli").one().stripe_account_id

    assert run("payments", "reconcile") == 0  # posts the decided sub-order's settlement
    assert "1 orders checked" in capsys.readouterr().out

    # The period is the region's calendar day: near midnight UTC the two differ.
    today = datetime.now(zone).date().isoformat()
    target = tmp_path / "abrechnung.csv"
    assert run("payments", "settlement", "hofladen-cli", "--from", today, "--to", today, "--csv", str(target)) == 0
    text = target.read_text(encoding="utf-8")
    assert "on_delivery" in text and ";9,00;" in text and text.splitlines()[-1].startswith("Summe")
    with pytest.raises(SystemExit):
        run("payments", "settlement", "unbekannt", "--from", today, "--to", today)
