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
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import Any, Self

import httpx

from nlu.result import NLU_UNAVAILABLE, NOT_UNDERSTOOD, Entity, NluResult

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


class _Nonsense(Exception):
    """The server answered, but not with a parse result."""


class RasaNluClient:
    """Implements `nlu.result.NluPort`.  Use as an async context manager or call `aclose()`."""

    def __init__(self, base_url: str = "http://127.0.0.1:5005", *, timeout: float = 2.0,
                 retries: int = 1, failure_threshold: int = 3, cooldown: float = 30.0,
                 clock: Callable[[], float] = time.monotonic,
                 http: httpx.AsyncClient | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.breaker = CircuitBreaker(failure_threshold, cooldown, clock)
        self._http = http or httpx.AsyncClient(timeout=timeout, trust_env=False)
        self._own_http = http is None

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
            return NluResult(text=text, intent=NOT_UNDERSTOOD, available=True)
        if not self.breaker.allow():
            return NluResult(text=text, intent=NLU_UNAVAILABLE, available=False)
        try:
            payload = await self._post_with_retry(text)
            result = _to_result(text, payload)
        except asyncio.CancelledError:
            self.breaker.abort()  # a cancelled half-open trial must not block the circuit
            raise
        except _Unavailable as exc:
            self.breaker.record_failure()
            log.warning("NLU unavailable: %s", exc)
            return NluResult(text=text, intent=NLU_UNAVAILABLE, available=False)
        except _Nonsense as exc:
            self.breaker.record_failure()
            log.warning("NLU answered nonsense: %s", exc)
            return NluResult(text=text, intent=NOT_UNDERSTOOD, available=False)
        except Exception:  # never let the NLU take the dialogue down
            self.breaker.record_failure()
            log.exception("NLU client failed unexpectedly")
            return NluResult(text=text, intent=NLU_UNAVAILABLE, available=False)
        self.breaker.record_success()
        return result

    async def _post_with_retry(self, text: str) -> Any:
        last: Exception | None = None
        for _attempt in range(1 + self.retries):
            try:
                return await self._post(text)
            except _Unavailable as exc:
                last = exc
        assert last is not None
        raise last

    async def _post(self, text: str) -> Any:
        try:
            # the overall deadline also covers a server that trickles its answer
            resp = await asyncio.wait_for(
                self._http.post(f"{self.base_url}/model/parse", json={"text": text},
                                timeout=self.timeout),
                timeout=self.timeout + 0.5)
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
        name = NOT_UNDERSTOOD
    return NluResult(text=text, intent=name, confidence=confidence or 0.0,
                     entities=tuple(entities), available=True, ranking=ranking)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
