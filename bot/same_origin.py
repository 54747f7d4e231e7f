"""Which requests come from our own pages: the one rule the web chat and the console both guard
their state-changing requests with (``Sec-Fetch-Site`` and ``Origin``, where the browser sends them)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request

SAME_SITE_FETCHES = frozenset({"same-origin", "none"})  # "none": typed address, bookmark


def own_origin(public_url: str | None, request: Request) -> str:
    """Our origin ("https://kiepe.example"): from the configured public address, else the request's host."""
    if public_url:
        url = urlsplit(public_url)
        return f"{url.scheme}://{url.netloc}".lower()
    return f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
