"""Kiepe's async client for the Rasa NLU server (`rasa run --enable-api`, POST /model/parse).

`RasaNluClient.parse()` never raises.  Every failure becomes an `NluResult` with
``available=False``:

* connection refused, timeout, HTTP 5xx (after one retry), or the circuit breaker open
  -> intent ``nlu_unavailable``;
* an answer that is not the JSON Rasa sends (garbage, wrong shape, HTTP 4xx)
  -> intent ``not_understood``.

Rasa's own low-confidence fallback (``nlu_fallback``) and an empty text come back as
``not_understood`` with ``available=True``: the service works, it just did not understand.

Circuit breaker: after `failure_threshold` consecutive failed calls the circuit opens and calls
return at once without touching the network; after `cooldown` seconds one trial call is let
through (half-open); its success closes the circuit, its failure opens it for another cool-down.

Several servers: `base_url` may name several Rasa servers, comma-separated (``KIEPE_RASA_URL=
http://a:5005,http://b:5005``). Rasa's ``/model/parse`` keeps no state, so parses are spread
round-robin. Each server has its own circuit breaker: one that is down is skipped (a refused
connection moves on to the next server at once, without using up the retry); when every
circuit is open the client degrades exactly as with a single server.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Self

import httpx

from nlu.intents import Intent
from nlu.result import Entity, NluResult

log = logging.getLogger(__name__)

RASA_FALLBACK_INTENT = "nlu_fallback"


class CircuitBreaker:
    CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"

    def __init__(self, failure_threshold: int = 3, cooldown: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.failure_threshold = failure_threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return self.CLOSED
        if self._clock() - self._opened_at >= self.cooldown:
            return self.HALF_OPEN
        return self.OPEN

    def allow(self) -> bool:
        """May a call go out now?  In half-open state only one trial call at a time."""
        state = self.state
        if state == self.CLOSED:
            return True
        if state == self.HALF_OPEN and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def abort(self) -> None:
        """The call was abandoned (cancelled): neither success nor failure."""
        self._trial_running = False

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._trial_running or self._failures >= self.failure_threshold:
            if self._opened_at is None:
                log.warning("NLU circuit opened after %d failures", self._failures)
            self._opened_at = self._clock()
        self._trial_running = False


class _Unavailable(Exception):
    """Transport-level failure: worth a retry, counts against the circuit."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused  # nobody listens: trying another server costs nothing


@dataclass
class RasaServer:
    """One Rasa server behind the client, with its own circuit breaker."""

    url: str
    breaker: CircuitBreaker


def server_urls(base_url: str | Sequence[str]) -> list[str]:
    """``"http://a:5005, http://b:5005/"`` (or a list) -> ``["http://a:5005", "http://b:5005"]``."""
    parts = base_url.split(",") if isinstance(base_url, str) else list(base_url)
    urls = [p.strip().rstrip("/") for p in parts if p.strip()]
    if not urls:
        raise ValueError("no Rasa server URL given")
    return urls


class _Nonsense(Exception):
    """The server answered, but not with a parse result."""


class RasaNluClient:
    """Implements `nlu.result.NluPort`.  Use as an async context manager or call `aclose()`."""

    def __init__(self, base_url: str | Sequence[str] = "http://127.0.0.1:5005", *, timeout: float = 2.0,
                 retries: int = 1, failure_threshold: int = 3, cooldown: float = 30.0,
                 clock: Callable[[], float] = time.monotonic,
                 http: httpx.AsyncClient | None = None) -> None:
        self.servers = [RasaServer(url, CircuitBreaker(failure_threshold, cooldown, clock))
                        for url in server_urls(base_url)]
        self.base_url = self.servers[0].url
        self.timeout = timeout
        self.retries = retries
        self._turn = itertools.count()  # round-robin: where the next parse starts
        self._http = http or httpx.AsyncClient(timeout=timeout, trust_env=False)
        self._own_http = http is None

    @property
    def breaker(self) -> CircuitBreaker:
        """The first server's circuit breaker (the only one with a single server)."""
        return self.servers[0].breaker

    @property
    def available(self) -> bool:
        """Is any server's circuit not open? (False: the dialogue runs degraded, buttons only.)"""
        return any(s.breaker.state != CircuitBreaker.OPEN for s in self.servers)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    async def parse(self, text: str) -> NluResult:
        text = " ".join((text or "").split())
        if not text:
            return NluResult(text=text, intent=Intent.NOT_UNDERSTOOD, available=True)
        first = next(self._turn) % len(self.servers)
        order = [self.servers[(first + i) % len(self.servers)] for i in range(len(self.servers))]
        untried = list(order)
        attempts = 1 + self.retries  # a refused connection does not use one up while servers are left
        failure = NluResult(text=text, intent=Intent.NLU_UNAVAILABLE, available=False)
        for server in itertools.islice(itertools.cycle(order), 2 * len(order) + attempts):  # bounded
            if attempts <= 0:
                break
            if not server.breaker.allow():
                if all(s.breaker.state == CircuitBreaker.OPEN for s in order):
                    break  # every circuit open: degrade at once, no request goes out
                continue
            outcome = await self._parse_at(server, text)
            if isinstance(outcome, NluResult):
                return outcome
            failure, kind = outcome
            if server in untried:
                untried.remove(server)
            if kind == "nonsense":
                if not untried:
                    break  # not worth a retry at the same server
            elif not (kind == "refused" and untried):
                attempts -= 1
        return failure

    async def _parse_at(self, server: RasaServer, text: str) -> NluResult | tuple[NluResult, str]:
        """One call to one server: its result, or what to answer should nothing else work and why
        ("refused", "unavailable" or "nonsense")."""
        try:
            payload = await self._post(server.url, text)
            result = _to_result(text, payload)
        except asyncio.CancelledError:
            server.breaker.abort()  # a cancelled half-open trial must not block the circuit
            raise
        except _Unavailable as exc:
            server.breaker.record_failure()
            log.warning("NLU unavailable at %s: %s", server.url, exc)
            return (NluResult(text=text, intent=Intent.NLU_UNAVAILABLE, available=False),
                    "refused" if exc.refused else "unavailable")
        except _Nonsense as exc:
            server.breaker.record_failure()
            log.warning("NLU at %s answered nonsense: %s", server.url, exc)
            return NluResult(text=text, intent=Intent.NOT_UNDERSTOOD, available=False), "nonsense"
        except Exception:  # never let the NLU take the dialogue down
            server.breaker.record_failure()
            log.exception("NLU client failed unexpectedly at %s", server.url)
            return NluResult(text=text, intent=Intent.NLU_UNAVAILABLE, available=False), "unavailable"
        server.breaker.record_success()
        return result

    async def _post(self, base_url: str, text: str) -> Any:
        try:
            # the overall deadline also covers a server that trickles its answer
            resp = await asyncio.wait_for(
                self._http.post(f"{base_url}/model/parse", json={"text": text},
                                timeout=self.timeout),
                timeout=self.timeout + 0.5)
        except httpx.ConnectError as exc:
            raise _Unavailable(f"{type(exc).__name__}: {exc}", refused=True) from exc
        except (TimeoutError, httpx.TransportError) as exc:
            raise _Unavailable(f"{type(exc).__name__}: {exc}") from exc
        if resp.status_code >= 500 or resp.status_code == 409:  # 409: model still loading
            raise _Unavailable(f"HTTP {resp.status_code}")
        if resp.status_code != 200:
            raise _Nonsense(f"HTTP {resp.status_code}")
        try:
            return resp.json()
        except ValueError as exc:
            raise _Nonsense(f"invalid JSON: {resp.text[:80]!r}") from exc


def _num(value: Any, default: float | None = 0.0) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return default
    return float(value)


def _to_result(text: str, payload: Any) -> NluResult:
    """Turn Rasa's /model/parse JSON into an NluResult; raises _Nonsense on a wrong shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("intent"), dict):
        raise _Nonsense(f"no intent in answer: {str(payload)[:80]!r}")
    name = payload["intent"].get("name")
    if not isinstance(name, str) or not name:
        raise _Nonsense("intent without a name")
    confidence = _num(payload["intent"].get("confidence"))
    entities: list[Entity] = []
    for raw in payload.get("entities") or []:
        if not isinstance(raw, dict):
            continue
        try:
            start, end = int(raw["start"]), int(raw["end"])
            ent = Entity(
                entity=str(raw["entity"]),
                value=str(raw.get("value", text[start:end])),
                start=start, end=end,
                group=_opt_str(raw.get("group")),
                role=_opt_str(raw.get("role")),
                confidence=_num(raw.get("confidence_entity"), None),
                text=text[start:end],
            )
        except (KeyError, TypeError, ValueError):
            continue
        entities.append(ent)
    ranking = tuple(
        (r["name"], _num(r.get("confidence")) or 0.0)
        for r in payload.get("intent_ranking") or []
        if isinstance(r, dict) and isinstance(r.get("name"), str)
    )
    if name == RASA_FALLBACK_INTENT:
        name = Intent.NOT_UNDERSTOOD
    return NluResult(text=text, intent=name, confidence=confidence or 0.0,
                     entities=tuple(entities), available=True, ranking=ranking)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
