"""``kiepe bench`` with tiny parameters: the plumbing works and the table comes out. Nothing is timed here.

The NLU is a stand-in (``tests.bench.fake_rasa``) so the smoke run needs no trained model;
the app, the client and the booking race run in processes of their own as in a real run.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from benchmarks import report, runner
from benchmarks.conversation import UTTERANCES, Shopper
from benchmarks.stats import median, pct, ratio, summary
from tests.bench.fake_rasa import fake_rasa
from tests.conftest import _PG_OK, POSTGRES_URL


def test_percentiles_and_medians():
    assert pct([], 95) is None
    assert pct([5.0], 99) == 5.0
    assert pct([1, 2, 3, 4, 5], 50) == 3
    assert pct(list(range(101)), 95) == 95
    assert summary([1.0, 2.0])["n"] == 2
    assert median([None, 3, 1, 2]) == 2
    assert ratio(4, 2) == 2 and ratio(1, None) is None and ratio(1, 0) is None


def test_the_shopper_places_an_order_in_the_web_chat():
    """The load's resident gets from the greeting to a placed order (rule-based understanding)."""
    from bot.app import create_app
    from bot.bootstrap import prepare
    from bot.composition import build_container
    from bot.settings import Settings
    from nlu.offline import OfflineNlu

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/k.db", rasa_manage=False, dispatch_events=False,
                            stripe_api_key=None, twilio_account_sid=None, telegram_token=None)
        container = build_container(settings, nlu=OfflineNlu())
        prepare(container)
        app = create_app(container)
        with TestClient(app) as client:
            for number in (1, 2):
                shopper = Shopper(number, seed=3)
                body = shopper.first_turn()
                while body is not None:
                    client.cookies.clear()  # as the load's client: the shopper carries its own cookie
                    answer = client.post("/chat/turn", json=body, headers=shopper.headers())
                    assert answer.status_code == 200, answer.text
                    shopper.remember(answer.cookies)
                    assert shopper.session, "the app issued a session cookie"
                    body = shopper.next_turn(answer.json()["replies"])
                assert shopper.placed, f"conversation {number} ended after {shopper.turns} turns without an order"
                assert shopper.broken_turns == 0
        container.database.dispose()


def test_kiepe_bench_registers_its_command_and_options():
    from bot import cli_bench

    parser = argparse.ArgumentParser()
    cli_bench.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["bench", "--quick", "--only", "catalog,load", "--concurrency", "5,7", "--think", "1-2"])
    opts = cli_bench.options_from(args)
    assert opts.quick and opts.runs == 1 and opts.only == ("catalog", "load")
    assert opts.concurrency == (5, 7) and opts.think == (1.0, 2.0)
    full = cli_bench.options_from(parser.parse_args(["bench"]))
    assert full.runs == 3 and full.concurrency == (50, 200) and full.sizes == (1000, 10000, 100000)
    with pytest.raises(SystemExit):
        cli_bench.options_from(parser.parse_args(["bench", "--only", "everything"]))


def test_a_tiny_bench_run_prints_the_table(tmp_path: Path):
    """The app in its own process on SQLite, the client in another: latency, load and catalog rows."""
    with fake_rasa() as rasa_url:
        opts = runner.Options.quick_defaults(
            rasa_url=rasa_url, only=("latency", "load", "catalog"), samples=3, concurrency=(3,), load_seconds=2.0,
            load_warmup=0.5, think=(0.1, 0.2), sizes=(300,), queries=10, out_dir=tmp_path, verbose=False)
        results, directory = runner.run(opts)
    assert directory == tmp_path and (tmp_path / "results.json").exists()
    latency = results["latency"][0]
    assert latency["errors"] == {"floor": 0, "chat": 0, "voice": 0}, latency["error_samples"]
    assert len(latency["ms"]["chat"]) == len(latency["ms"]["voice"]) == len(latency["ms"]["floor"]) == 3
    load = results["load"]["3"][0]
    assert load["turns"] > 0 and load["http_errors"] == 0 and load["timeouts"] == 0, load["error_samples"]
    assert load["rss_peak_mib"] > 0
    table = report.render(results)
    for label in ("Floor: Rasa", "Chat turn: Telegram webhook", "Voice turn: signed Twilio Gather",
                  "3 conversations", "300 products", "Machine:", "Versions:"):
        assert label in table, table
    assert len(UTTERANCES) >= 10


@pytest.mark.postgres
def test_the_booking_race_never_overbooks(tmp_path: Path):
    if not _PG_OK:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    opts = runner.Options.quick_defaults(only=("contention",), postgres_url=POSTGRES_URL, clients=6, attempts=2,
                                         windows=1, capacity=5, out_dir=tmp_path, verbose=False)
    results, _ = runner.run(opts)
    race = results["contention"][0]
    assert race["overbookings"] == 0 and race["inconsistent_windows"] == 0
    assert (race["booked"], race["refused"], race["errors"]) == (5, 7, 0), race["error_samples"]
    assert "0 overbookings" in report.render(results)
