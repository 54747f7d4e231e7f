"""Browser harness for the web chat: the real app under uvicorn, driven by a real headless chromium.

The app runs in a background thread on 127.0.0.1 (a free port) over a fresh SQLite database
seeded with the demo region (``bot.bootstrap.prepare``), with the clock frozen on the suite's
Monday morning; one server per test module, one browser context (fresh localStorage, so a
new chat session) per test. Chromium is Debian's (``/usr/bin/chromium``) driven by the ``playwright``
package; no browser is downloaded. Without chromium or playwright the tests skip and say why
(in CI, with CI set, they fail instead).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import create_app
from bot.bootstrap import prepare
from bot.clock import Clock
from bot.composition import Container, build_container
from bot.settings import REPO_ROOT, Settings
from tests.ordering.conftest import NOW

CHROMIUM = os.environ.get("KIEPE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENS = REPO_ROOT / "var" / "screens"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1100, "height": 800}


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the 'playwright' package is not installed (pip install playwright; never 'playwright install')"
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        return f"chromium not found at {CHROMIUM} (apt-get install -y chromium, or set KIEPE_CHROMIUM)"
    return None


def _unused_address() -> str:
    """An address no server listens on: the dialogue finds no NLU there and offers buttons."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@dataclass
class LiveServer:
    url: str
    container: Container


def _bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _serve(tmp: Path, *, rasa_url: str, gateway=None, sms=None, **settings_: object) -> Iterator[LiveServer]:
    """Prepare a fresh database, then serve the app on a free port until the fixture ends."""
    import uvicorn

    sock = _bound_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = Settings(database_url=f"sqlite:///{tmp / 'kiepe.db'}", admin_token="test-admin-token",
                        rasa_url=rasa_url, rasa_manage=False, public_url=url, **settings_)
    container = build_container(settings, clock=Clock(NOW), gateway=gateway, sms=sms)
    prepare(container)  # migrate, import data/muensterland.yml, generate windows

    app = create_app(container)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="kiepe-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start under uvicorn")
        time.sleep(0.02)
    try:
        yield LiveServer(url=url, container=container)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        container.database.dispose()


@pytest.fixture(scope="module")
def browser():
    """A headless chromium per test module; every test gets its own context (fresh storage).

    Not per session: the sync Playwright API keeps an asyncio loop set on the main thread
    while it runs, and the suite's anyio tests in other modules need that thread's loop free.
    """
    reason = _missing_browser()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI runs the browser tests: {reason}")  # like PostgreSQL, never skipped in CI
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, browser) -> Iterator[LiveServer]:
    """The app over the seeded demo region, without NLU (the dialogue offers buttons)."""
    yield from _serve(tmp_path_factory.mktemp("web"), rasa_url=_unused_address())


@pytest.fixture(scope="module")
def live_server_nlu(tmp_path_factory, browser, rasa_url) -> Iterator[LiveServer]:
    """The app over the seeded demo region, understanding typed German through Rasa."""
    # A generous timeout: this test is about understanding German, not about a busy CI machine's latency.
    yield from _serve(tmp_path_factory.mktemp("web-nlu"), rasa_url=rasa_url, nlu_timeout_seconds=15.0)


@pytest.fixture(scope="module")
def stripe_fake():
    """localstripe behind the Connect/Checkout front of tests/support (a real HTTP Stripe API)."""
    try:
        from tests.support.stripe_fake import FakeStripe
    except ImportError as exc:
        pytest.skip(f"the local Stripe needs the test extras (pip install -e '.[test]'): {exc}")
    fake = FakeStripe().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="module")
def live_server_stripe(tmp_path_factory, browser, stripe_fake) -> Iterator[LiveServer]:
    """The app taking online payments through the local Stripe: orders get a payment link."""
    from integrations.stripe_gateway import StripeGateway
    from tests.support.stripe_fake import API_KEY

    gateway = StripeGateway(API_KEY, api_base=stripe_fake.api_base, key_prefix=f"web-{uuid.uuid4().hex[:8]}:")
    yield from _serve(tmp_path_factory.mktemp("web-stripe"), rasa_url=_unused_address(), gateway=gateway)


def _new_page(browser, server: LiveServer, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="de-DE", timezone_id="Europe/Berlin",
                                  reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = server.url  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (new localStorage, so a new chat session) at phone size."""
    context, tab = _new_page(browser, live_server, PHONE)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context, tab = _new_page(browser, live_server, DESKTOP)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def stripe_page(browser, live_server_stripe):
    context, tab = _new_page(browser, live_server_stripe, PHONE)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def nlu_page(browser, live_server_nlu):
    context, tab = _new_page(browser, live_server_nlu, PHONE)
    try:
        yield tab
    finally:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save what the resident sees to var/screens/<name>.png (for a human to look at)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.mouse.move(0, 0)  # no hover highlight left on the last button pressed
    page.screenshot(path=str(path), full_page=False)
    return path
