"""Abuse limits: per client address, per bearer token, registrations, new web chat sessions, and
the lock-out of a client after repeated wrong tokens. Built on the ``limits`` library.

Where the counters live: Redis when ``KIEPE_REDIS_URL`` is set, so every process of an
installation counts together; otherwise this process's memory. Memory is the embedded default
on purpose: ``kiepe serve`` runs one process on SQLite, where a counter in memory is exact and
costs nothing, while a counter in the database would put a write, and SQLite's single writer
lock, in front of every request. An installation that runs several processes sets the Redis URL
(the app warns at start when it runs on PostgreSQL without one).

The client is the TCP peer, or the address in ``X-Forwarded-For`` only when the peer is one of
the configured trusted proxies (``KIEPE_TRUSTED_PROXIES``); anyone can write that header.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

import anyio
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter

from bot.settings import Settings
from ordering.errors import OrderingError

log = logging.getLogger(__name__)
BUSY = "Gerade kommen zu viele Anfragen auf einmal. Bitte versuchen Sie es in ein paar Minuten noch einmal."


class TooManyRequests(OrderingError):
    """429: a limit is reached; ``retry_after`` says in how many seconds it is worth trying again."""

    status = 429
    german_text = BUSY

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


@dataclass(frozen=True)
class Rule:
    """One limit: its name (part of the key), what it allows, and the strategy counting it."""

    name: str
    item: RateLimitItem
    limiter: RateLimiter


class RateLimits:
    """The installation's limits over one storage (see the module docstring)."""

    def __init__(self, settings: Settings, storage: Storage | None = None) -> None:
        self.storage = storage or _storage(settings)
        self.in_memory = isinstance(self.storage, MemoryStorage)
        self.proxies = trusted_networks(settings.trusted_proxies)
        # Small limits count every hit (a sliding window, exact); the big per-request ones a fixed
        # window (one counter per key, cheap on every request).
        moving, fixed = MovingWindowRateLimiter(self.storage), FixedWindowRateLimiter(self.storage)
        self.per_client = Rule("client", parse(settings.rate_limit_per_client), fixed)
        self.per_token = Rule("token", parse(settings.rate_limit_per_token), fixed)
        self.wrong_tokens = Rule("wrong-token", parse(settings.rate_limit_wrong_tokens), moving)
        self.registrations = Rule("registration", parse(settings.rate_limit_registrations), moving)
        self.chat_sessions = Rule("chat-session", parse(settings.rate_limit_chat_sessions), moving)
        self.phone_codes = Rule("phone-code", parse(settings.rate_limit_phone_codes), moving)

    def hit(self, rule: Rule, who: str) -> None:
        """Count one use; TooManyRequests when the limit is already used up."""
        if not rule.limiter.hit(rule.item, rule.name, who):
            raise TooManyRequests(f"too many requests ({rule.item} for {rule.name})", self.retry_after(rule, who))

    def check(self, rule: Rule, who: str) -> None:
        """TooManyRequests when the limit is used up, without counting."""
        if not rule.limiter.test(rule.item, rule.name, who):
            raise TooManyRequests(f"too many requests ({rule.item} for {rule.name})", self.retry_after(rule, who))

    def retry_after(self, rule: Rule, who: str) -> int:
        reset_at = rule.limiter.get_window_stats(rule.item, rule.name, who).reset_time
        return math.ceil(reset_at - time.time())

    async def hit_async(self, rule: Rule, who: str) -> None:
        """``hit`` from the event loop: Redis is asked off the loop, memory right here."""
        if self.in_memory:
            self.hit(rule, who)
        else:
            await anyio.to_thread.run_sync(self.hit, rule, who)

    # ---------------------------------------------------------------- bearer tokens

    def before_token(self, client: str) -> None:
        """A client that sent too many wrong tokens is locked out, whatever it sends now."""
        self.check(self.wrong_tokens, client)

    def wrong_token(self, client: str) -> None:
        """Note a wrong token; log the moment the client gets locked out."""
        try:
            self.hit(self.wrong_tokens, client)
        except TooManyRequests:
            log.warning("client %s is locked out after repeated wrong tokens", client)
            raise

    def token_used(self, token: str) -> None:
        self.hit(self.per_token, token_key(token))


def token_key(token: str) -> str:
    """What the counters know of a token: a short hash, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _storage(settings: Settings) -> Storage:
    if settings.redis_url:
        return RedisStorage(settings.redis_url, key_prefix=settings.rate_limit_key_prefix)
    if settings.database_url.startswith("postgresql"):
        log.warning("rate limits are counted per process: set KIEPE_REDIS_URL when running several")
    return MemoryStorage()


# ---------------------------------------------------------------- who is the client

Network = IPv4Network | IPv6Network


def trusted_networks(setting: str) -> tuple[Network, ...]:
    return tuple(ip_network(p.strip(), strict=False) for p in setting.split(",") if p.strip())


def _is_trusted(host: str, proxies: Iterable[Network]) -> bool:
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: tuple[Network, ...]) -> str:
    """The client's address: the peer, or, behind trusted proxies, the last address in
    ``X-Forwarded-For`` that is not one of them (the ones before it are the client's own say)."""
    address = peer or "unknown"
    if not forwarded_for or not _is_trusted(address, proxies):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_trusted(hop, proxies):
            return hop if _is_ip(hop) else address
    return address


def _is_ip(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def request_client(request, limits: RateLimits) -> str:
    """``client_address`` of a Starlette request."""
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.get("x-forwarded-for"), limits.proxies)
