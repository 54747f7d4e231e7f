"""RasaNluClient against a scripted fake Rasa: slow, down, nonsense, circuit breaker."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
import yaml

from nlu.client import CircuitBreaker, RasaNluClient
from nlu.intents import DOMAIN_INTENTS, Intent
from nlu.rasa_env import free_port
from nlu.result import ENTITY_TYPES, Entity, NluPort, NluResult

pytestmark = pytest.mark.anyio

DOMAIN = Path(__file__).resolve().parents[2] / "nlu" / "rasa_project" / "domain.yml"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_parses_a_rasa_answer(fake_rasa):
    async with RasaNluClient(fake_rasa.url) as client:
        res = await client.parse("zwei liter milch")
    assert res.available and res.understood
    assert res.intent == "add_items"
    assert res.confidence == pytest.approx(0.97)
    assert [e.entity for e in res.entities] == ["quantity", "unit", "product"]
    assert res.entities[0] == Entity("quantity", "2", 0, 4, group="1", confidence=0.99,
                                     text="zwei")
    assert res.item_groups() == [{"product": "milch", "quantity": "2", "unit": "l",
                                  "shop": None}]
    assert res.ranking[1] == ("change_item", pytest.approx(0.02))


async def test_rasa_fallback_intent_is_not_understood_but_available(fake_rasa):
    fake_rasa.answer = {"text": "xyz", "intent": {"name": "nlu_fallback", "confidence": 0.4},
                        "entities": []}
    async with RasaNluClient(fake_rasa.url) as client:
        res = await client.parse("xyz")
    assert res.intent == Intent.NOT_UNDERSTOOD and res.available and not res.understood


async def test_empty_text_does_not_call_the_server(fake_rasa):
    async with RasaNluClient(fake_rasa.url) as client:
        res = await client.parse("   ")
    assert res.intent == Intent.NOT_UNDERSTOOD and fake_rasa.requests == 0


async def test_slow_server_times_out_with_one_retry(fake_rasa):
    # the attempts are counted where they are sent: the fake server may not have taken the second
    # one in yet when the client has given up on it (a busy machine)
    fake_rasa.default, fake_rasa.delay = "slow", 5.0
    sent: list[str] = []

    async def count(request: httpx.Request) -> None:
        sent.append(str(request.url))

    async with httpx.AsyncClient(trust_env=False, event_hooks={"request": [count]}) as http:
        client = RasaNluClient(fake_rasa.url, timeout=0.2, retries=1, http=http)
        t0 = time.monotonic()
        res = await client.parse("zwei liter milch")
        elapsed = time.monotonic() - t0
    assert res == NluResult(text="zwei liter milch", intent=Intent.NLU_UNAVAILABLE, available=False)
    assert len(sent) == 2
    assert elapsed < 4.0  # two short attempts, not the server's 5 s (a margin for a busy machine)


async def test_slow_first_answer_then_retry_succeeds(fake_rasa):
    fake_rasa.behaviours = ["slow"]
    fake_rasa.delay = 1.0
    async with RasaNluClient(fake_rasa.url, timeout=0.3) as client:
        res = await client.parse("zwei liter milch")
    assert res.available and res.intent == "add_items"
    assert fake_rasa.requests == 2


async def test_server_down_returns_unavailable_quickly():
    url = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    async with RasaNluClient(url, timeout=1.0) as client:
        t0 = time.monotonic()
        res = await client.parse("hallo")
    assert res.intent == Intent.NLU_UNAVAILABLE and not res.available
    assert time.monotonic() - t0 < 1.0


async def test_http_500_is_retried_once_then_unavailable(fake_rasa):
    fake_rasa.default = "500"
    async with RasaNluClient(fake_rasa.url) as client:
        res = await client.parse("hallo")
    assert res.intent == Intent.NLU_UNAVAILABLE and not res.available
    assert fake_rasa.requests == 2


async def test_http_500_once_then_ok(fake_rasa):
    fake_rasa.behaviours = ["500"]
    async with RasaNluClient(fake_rasa.url) as client:
        res = await client.parse("zwei liter milch")
    assert res.available and res.intent == "add_items"


@pytest.mark.parametrize("behaviour", ["garbage", "wrong_shape"])
async def test_nonsense_answer_is_not_understood_and_not_retried(fake_rasa, behaviour):
    fake_rasa.default = behaviour
    async with RasaNluClient(fake_rasa.url) as client:
        res = await client.parse("hallo")
    assert res.intent == Intent.NOT_UNDERSTOOD and not res.available
    assert fake_rasa.requests == 1


async def test_malformed_entities_are_skipped(fake_rasa):
    fake_rasa.answer = {"intent": {"name": "add_items", "confidence": "high"},
                        "entities": [{"entity": "product"}, "x",
                                     {"entity": "product", "start": 0, "end": 5,
                                      "value": "milch"}]}
    async with RasaNluClient(fake_rasa.url) as client:
        res = await client.parse("milch")
    assert res.available and res.confidence == 0.0
    assert [e.value for e in res.entities] == ["milch"]


async def test_circuit_opens_after_consecutive_failures_and_recovers(fake_rasa):
    clock = FakeClock()
    fake_rasa.default = "500"
    async with RasaNluClient(fake_rasa.url, retries=0, failure_threshold=3, cooldown=30,
                             clock=clock) as client:
        for _ in range(3):
            assert (await client.parse("hallo")).intent == Intent.NLU_UNAVAILABLE
        assert client.breaker.state == CircuitBreaker.OPEN
        assert fake_rasa.requests == 3

        # open: answers at once, no request reaches the server
        t0 = time.monotonic()
        res = await client.parse("hallo")
        assert res.intent == Intent.NLU_UNAVAILABLE and not res.available
        assert fake_rasa.requests == 3 and time.monotonic() - t0 < 0.05

        # cool-down over, server healthy again: the half-open trial closes the circuit
        clock.now += 31
        fake_rasa.default = "ok"
        assert client.breaker.state == CircuitBreaker.HALF_OPEN
        res = await client.parse("zwei liter milch")
        assert res.available and res.intent == "add_items"
        assert client.breaker.state == CircuitBreaker.CLOSED
        assert fake_rasa.requests == 4


async def test_failed_half_open_trial_reopens_the_circuit(fake_rasa):
    clock = FakeClock()
    fake_rasa.default = "500"
    async with RasaNluClient(fake_rasa.url, retries=0, failure_threshold=2, cooldown=10,
                             clock=clock) as client:
        for _ in range(2):
            await client.parse("hallo")
        clock.now += 11
        await client.parse("hallo")  # the trial fails
        assert client.breaker.state == CircuitBreaker.OPEN
        requests = fake_rasa.requests
        await client.parse("hallo")
        assert fake_rasa.requests == requests  # short-circuited again
        clock.now += 11
        fake_rasa.default = "ok"
        assert (await client.parse("zwei liter milch")).available


async def test_success_resets_the_failure_count(fake_rasa):
    fake_rasa.behaviours = ["500", "ok", "500"]
    async with RasaNluClient(fake_rasa.url, retries=0, failure_threshold=2) as client:
        for _ in range(3):
            await client.parse("zwei liter milch")
        assert client.breaker.state == CircuitBreaker.CLOSED


def test_half_open_lets_only_one_trial_through():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, cooldown=5, clock=clock)
    breaker.record_failure()
    assert not breaker.allow()
    clock.now += 6
    assert breaker.allow()
    assert not breaker.allow()  # a second caller while the trial runs
    breaker.record_success()
    assert breaker.allow()


async def test_client_and_fakes_satisfy_the_port():
    class StaticNlu:
        async def parse(self, text: str) -> NluResult:
            return NluResult(text=text, intent="greet", confidence=1.0)

    assert isinstance(StaticNlu(), NluPort)
    async with RasaNluClient("http://127.0.0.1:1") as client:
        assert isinstance(client, NluPort)


def _ent(entity, value, start, group=None):
    return Entity(entity, value, start, start + len(value), group=group, text=value)


def test_item_groups_by_group():
    res = NluResult("", "add_items", entities=(
        _ent("quantity", "2", 0, "1"), _ent("unit", "l", 5, "1"), _ent("product", "milch", 11, "1"),
        _ent("shop", "hof schulze", 21, "1"), _ent("quantity", "6", 38, "2"),
        _ent("product", "brötchen", 43, "2")))
    assert res.item_groups() == [
        {"product": "milch", "quantity": "2", "unit": "l", "shop": "hof schulze"},
        {"product": "brötchen", "quantity": "6", "unit": None, "shop": None}]


def test_item_groups_places_ungrouped_entities_by_position():
    res = NluResult("", "add_items", entities=(
        _ent("quantity", "3", 0), _ent("unit", "kg", 5), _ent("product", "kartoffeln", 10),
        _ent("product", "brot", 30), _ent("quantity", "2", 40, "7"),
        _ent("product", "eier", 45, "7")))
    assert res.item_groups() == [
        {"product": "kartoffeln", "quantity": "3", "unit": "kg", "shop": None},
        {"product": "brot", "quantity": None, "unit": None, "shop": None},
        {"product": "eier", "quantity": "2", "unit": None, "shop": None}]


def test_item_groups_shared_shop_fills_items_without_shop():
    res = NluResult("", "add_items", entities=(
        _ent("shop", "hof schulze", 4), _ent("product", "eier", 20, "1"),
        _ent("product", "milch", 30, "2"), _ent("shop", "metzger", 40, "2")))
    assert res.item_groups() == [
        {"product": "eier", "quantity": None, "unit": None, "shop": "hof schulze"},
        {"product": "milch", "quantity": None, "unit": None, "shop": "metzger"}]


def test_item_groups_without_items_is_empty():
    res = NluResult("", "choose_day", entities=(_ent("day", "sat", 0),))
    assert res.item_groups() == [] and res.first("day") == "sat"


def test_intent_and_entity_lists_match_the_rasa_domain():
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    assert tuple(domain["intents"]) == DOMAIN_INTENTS  # the enum lists them, in this order
    names = tuple(e if isinstance(e, str) else next(iter(e)) for e in domain["entities"])
    assert names == ENTITY_TYPES


def test_item_groups_ignores_inconsistent_groups():
    # the model put "milch" and "brot" both into group 1: rebuild by position instead
    res = NluResult("", "add_items", entities=(
        _ent("quantity", "zwei", 0, "1"), _ent("product", "milch", 5, "1"),
        _ent("quantity", "ein", 15, "2"), _ent("product", "brot", 19, "1"),
        _ent("shop", "bäcker", 28, "2")))
    assert res.item_groups() == [
        {"product": "milch", "quantity": "zwei", "unit": None, "shop": None},
        {"product": "brot", "quantity": "ein", "unit": None, "shop": "bäcker"}]


def test_item_groups_postposed_quantity_and_leading_shop():
    res = NluResult("", "add_items", entities=(
        _ent("shop", "hof schulze", 4), _ent("product", "milch", 20),
        _ent("quantity", "zwei", 26), _ent("unit", "liter", 31)))
    assert res.item_groups() == [
        {"product": "milch", "quantity": "zwei", "unit": "liter", "shop": "hof schulze"}]


def test_item_groups_repairs_an_item_split_over_two_groups():
    res = NluResult("", "add_items", entities=(
        _ent("quantity", "zwei", 0, "1"), _ent("product", "milch", 5, "1"),
        _ent("quantity", "sechs", 15, "2"), _ent("product", "brötchen", 21, "3")))
    assert res.item_groups() == [
        {"product": "milch", "quantity": "zwei", "unit": None, "shop": None},
        {"product": "brötchen", "quantity": "sechs", "unit": None, "shop": None}]


def test_item_groups_keeps_a_single_group_without_product():
    res = NluResult("", "change_item", entities=(_ent("quantity", "drei", 9, "1"),))
    assert res.item_groups() == [
        {"product": None, "quantity": "drei", "unit": None, "shop": None}]


async def test_cancelled_half_open_trial_does_not_block_the_circuit(fake_rasa):
    import anyio

    clock = FakeClock()
    fake_rasa.default, fake_rasa.delay = "500", 1.0
    async with RasaNluClient(fake_rasa.url, retries=0, failure_threshold=1, cooldown=5,
                             timeout=2.0, clock=clock) as client:
        await client.parse("hallo")
        clock.now += 6
        fake_rasa.default = "slow"
        with anyio.move_on_after(0.2):
            await client.parse("zwei liter milch")  # the trial, cancelled by the caller
        fake_rasa.default = "ok"
        assert (await client.parse("zwei liter milch")).available
