"""What the settings must hold before Kiepe may be reached from outside this machine.

Local use (``make run``: loopback, no public address) keeps its zero-config defaults. Once
the app is exposed (a non-loopback ``KIEPE_HOST``, or a ``KIEPE_PUBLIC_URL`` that is not a
loopback address), every credential that guards it must be a real secret: the admin token
and the link-code secret always, and the secret of each integration that is configured
(an integration left unconfigured refuses its webhooks and needs nothing).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from bot.settings import DEFAULT_ADMIN_TOKEN, Settings
from ordering.errors import ConfigurationError

__all__ = ["ConfigurationError", "check_safe_to_serve", "is_exposed", "is_loopback"]

MIN_SECRET_CHARS = 32
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; anything else (0.0.0.0, a name, a LAN address) is outside."""
    if not host:
        return False
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_exposed(settings: Settings) -> bool:
    """Whether others than this machine can reach the app: a public address or an outward host."""
    if settings.public_url and not is_loopback(urlsplit(settings.public_url).hostname):
        return True
    return not is_loopback(settings.host)


def weak_secrets(settings: Settings) -> list[str]:
    """One line per setting that is too weak for an exposed app (empty when all are fine)."""
    problems = []
    required = {"KIEPE_ADMIN_TOKEN": settings.admin_token, "KIEPE_LINK_SECRET": settings.link_secret}
    for name, value in required.items():
        if not value:
            problems.append(f"{name} is not set")
        elif value == DEFAULT_ADMIN_TOKEN:
            problems.append(f"{name} is the built-in development default")
        elif len(value) < MIN_SECRET_CHARS:
            problems.append(f"{name} has {len(value)} characters, needs at least {MIN_SECRET_CHARS}")
    if settings.admin_token and settings.link_secret and settings.admin_token == settings.link_secret:
        problems.append("KIEPE_LINK_SECRET must differ from KIEPE_ADMIN_TOKEN")
    optional = {
        "KIEPE_STRIPE_WEBHOOK_SECRET": settings.stripe_webhook_secret,
        "KIEPE_TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "KIEPE_TELEGRAM_SECRET_TOKEN": settings.telegram_secret_token,
    }
    for name, value in optional.items():
        if value and len(value) < MIN_SECRET_CHARS:  # unset: that integration stays off
            problems.append(f"{name} has {len(value)} characters, needs at least {MIN_SECRET_CHARS}")
    return problems


def check_safe_to_serve(settings: Settings) -> None:
    """Raise ConfigurationError when an exposed app would run with weak or default secrets."""
    if not is_exposed(settings):
        return
    problems = weak_secrets(settings)
    if problems:
        where = f"KIEPE_PUBLIC_URL={settings.public_url}" if settings.public_url else f"KIEPE_HOST={settings.host}"
        raise ConfigurationError(
            f"Kiepe refuses to start: it is reachable from outside ({where}) but its secrets are weak:\n"
            + "\n".join(f"  - {p}" for p in problems)
            + "\nGenerate each with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
