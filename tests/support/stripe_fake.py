"""A local Stripe for tests: localstripe plus the Connect and Checkout parts it lacks.

    SDK  --HTTP-->  front server (this module, aiohttp, 127.0.0.1:free port)
                      |- /v1/accounts, /v1/account_links       Connect (Express)
                      |- /v1/transfers                         requires source_transaction
                      |- /v1/checkout/sessions                 hosted payment page
                      |- POST /v1/refunds                      checked, then forwarded
                      |- POST /v1/payment_intents/{id}/capture manual capture (weighed goods): forwarded,
                      |                                        the captured amount remembered
                      |- Idempotency-Key replay on every POST  (localstripe has none)
                      '- everything else  --HTTP-->  localstripe subprocess (127.0.0.1:free port)

localstripe runs unmodified as its own process (``localstripe --port N --from-scratch``);
the front server runs on its own event loop in a thread of the test process, so
tests drive it with plain method calls (``pay_checkout_session``,
``complete_onboarding``…), which hop onto that loop.

Stricter than Stripe where it helps catch bugs: transfers without
``source_transaction`` are refused, and the transfers of one charge may never add
up to more than the charge.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

API_KEY = "sk_test_kiepe"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def decode_form(pairs) -> dict:
    """Stripe's form encoding back into nesting: ``a[b][0][c]=v`` -> {"a": {"b": [{"c": "v"}]}}."""
    root: dict = {}
    for name, value in pairs:
        parts = [name.split("[", 1)[0]] + re.findall(r"\[([^\]]*)\]", name)
        node = root
        for part, _following in zip(parts, parts[1:]):
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    """Dicts keyed "0", "1", … become lists (that is how the SDK sends arrays)."""
    if not isinstance(node, dict):
        return node
    node = {key: _lists(value) for key, value in node.items()}
    if node and all(key.isdigit() for key in node):
        return [node[key] for key in sorted(node, key=int)]
    return node


def _new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(8)


class StripeError(Exception):
    def __init__(self, status: int, message: str, *, code: str | None = None, param: str | None = None, type_: str = "invalid_request_error"):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": type_, "message": message, "code": code, "param": param}}


def _error_response(exc: StripeError) -> web.Response:
    return web.json_response(exc.body, status=exc.status)


class FakeStripe:
    """Start with ``start()``, point the SDK at ``api_base``, ``stop()`` at the end."""

    def __init__(self) -> None:
        self.accounts: dict[str, dict] = {}
        self.transfers: dict[str, dict] = {}
        self.sessions: dict[str, dict] = {}
        self.transfer_group_of_intent: dict[str, str] = {}
        self.captured_of_charge: dict[str, int] = {}  # manual capture: what was taken of the authorisation
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, idempotency key) as seen
        self._idempotent: dict[str, tuple[str, int, bytes]] = {}
        self._idempotency_locks: dict[str, asyncio.Lock] = {}
        self._fail_next: list[tuple[str, int, str]] = []  # (path prefix, status, message)
        self._process: subprocess.Popen | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.localstripe_url = ""
        self.api_base = ""

    # ------------------------------------------------------------ lifecycle

    def start(self) -> FakeStripe:
        self._start_localstripe()
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run_loop, args=(ready,), name="stripe-fake", daemon=True)
        self._thread.start()
        ready.wait(10)
        self._call(self._start_server())
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._call(self._stop_server())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._loop.close()
            self._loop = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._process = None

    def _start_localstripe(self) -> None:
        executable = shutil.which("localstripe", path=str(Path(sys.executable).parent)) or shutil.which("localstripe")
        if executable is None:
            raise RuntimeError("localstripe is not installed (pip install localstripe)")
        for _ in range(3):  # a port picked as free can be taken before localstripe binds it
            port = _free_port()
            self._process = subprocess.Popen(
                [executable, "--port", str(port), "--from-scratch"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            url = f"http://127.0.0.1:{port}"
            if self._wait_until_up(url):
                self.localstripe_url = url
                return
            self._process.kill()
            self._process.wait()
        raise RuntimeError("localstripe did not start")

    def _wait_until_up(self, url: str) -> bool:
        import urllib.request

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                request = urllib.request.Request(f"{url}/v1/balance", headers={"Authorization": f"Bearer {API_KEY}"})
                with urllib.request.urlopen(request, timeout=1) as response:
                    if response.status == 200:
                        return True
            except OSError:
                time.sleep(0.1)
        return False

    def _run_loop(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.call_soon(ready.set)
        self._loop.run_forever()

    def _call(self, coro) -> Any:
        """Run a coroutine on the server's loop from the test thread."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(30)

    async def _start_server(self) -> None:
        self._client = aiohttp.ClientSession()
        app = web.Application(middlewares=[self._middleware])
        routes = [
            ("POST", "/v1/accounts", self._create_account),
            ("GET", "/v1/accounts/{id}", self._get_account),
            ("POST", "/v1/account_links", self._create_account_link),
            ("GET", "/_fake/onboarding/{id}", self._onboarding_page),
            ("POST", "/v1/transfers", self._create_transfer),
            ("GET", "/v1/transfers", self._list_transfers),
            ("GET", "/v1/transfers/{id}", self._get_transfer),
            ("POST", "/v1/transfers/{id}/reversals", self._reverse_transfer),
            ("POST", "/v1/checkout/sessions", self._create_session),
            ("GET", "/v1/checkout/sessions/{id}", self._get_session),
            ("POST", "/v1/checkout/sessions/{id}/expire", self._expire_session),
            ("POST", "/v1/refunds", self._create_refund),
            ("GET", "/v1/payment_intents/{id}", self._get_payment_intent),
            ("POST", "/v1/payment_intents/{id}/capture", self._capture_payment_intent),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        site = web.SockSite(self._runner, sock)
        await site.start()
        self.api_base = f"http://127.0.0.1:{sock.getsockname()[1]}"

    async def _stop_server(self) -> None:
        await self._runner.cleanup()
        await self._client.close()

    # ------------------------------------------------------------ test controls (called from tests)

    def complete_onboarding(self, account_id: str) -> None:
        """The shop owner finished Express onboarding: the account can receive transfers."""
        self._call(self._activate(account_id))

    def pay_checkout_session(self, session_id: str, payment_method: str = "pm_card_visa") -> dict:
        """The resident pays on the hosted page; returns the completed session."""
        return self._call(self._pay(session_id, payment_method))

    def fail_next(self, path_prefix: str, *, status: int = 500, message: str = "injected failure") -> None:
        """Make the next POST under ``path_prefix`` fail once (e.g. "/v1/transfers")."""
        self._fail_next.append((path_prefix, status, message))

    def get(self, path: str) -> dict:
        """Read an object through the front server, as Stripe's dashboard would show it."""
        return self._call(self._get_json(path))

    def event(self, event_type: str, obj: dict, *, created: int | None = None) -> dict:
        return {
            "id": _new_id("evt_"),
            "object": "event",
            "api_version": "2024-06-20",
            "created": created or int(time.time()),
            "livemode": False,
            "type": event_type,
            "data": {"object": obj},
        }

    # ------------------------------------------------------------ plumbing

    @web.middleware
    async def _middleware(self, request: web.Request, handler):
        key = request.headers.get("Idempotency-Key")
        self.requests.append((request.method, request.path, key))
        if not request.path.startswith("/_fake/") and not request.headers.get("Authorization", "").startswith(("Bearer sk_", "Basic ")):
            return _error_response(StripeError(401, "No API key provided", type_="invalid_request_error"))
        if request.method != "POST":
            return await self._handle(request, handler)
        for index, (prefix, status, message) in enumerate(self._fail_next):
            if request.path.startswith(prefix):
                del self._fail_next[index]
                return _error_response(StripeError(status, message, type_="api_error"))
        if not key:
            return await self._handle(request, handler)
        # Stripe's idempotency: the same key and parameters get the first answer again.
        body = await request.read()
        fingerprint = f"{request.path}?{body.decode()}"
        lock = self._idempotency_locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key in self._idempotent:
                first_fingerprint, status, payload = self._idempotent[key]
                if first_fingerprint != fingerprint:
                    return _error_response(
                        StripeError(400, f"Keys for idempotent requests can only be used with the same parameters ({key})", type_="idempotency_error")
                    )
                return web.Response(body=payload, status=status, content_type="application/json", headers={"Idempotent-Replayed": "true"})
            response = await self._handle(request, handler)
            if 200 <= response.status < 300:
                self._idempotent[key] = (fingerprint, response.status, response.body)
            return response

    async def _handle(self, request, handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except StripeError as exc:
            return _error_response(exc)

    @staticmethod
    async def _params(request: web.Request) -> dict:
        if request.method == "GET":
            return decode_form(request.query.items())
        return decode_form((await request.post()).items())

    async def _localstripe(self, method: str, path: str, data: dict | None = None) -> dict:
        async with self._client.request(
            method, self.localstripe_url + path, data=data, headers={"Authorization": f"Bearer {API_KEY}"}
        ) as response:
            payload = await response.json()
            if response.status >= 400:
                error = payload.get("error", {})
                raise StripeError(response.status, error.get("message", "localstripe error"), code=error.get("code"))
            return payload

    async def _get_json(self, path: str) -> dict:
        async with self._client.get(self.api_base + path, headers={"Authorization": f"Bearer {API_KEY}"}) as response:
            return await response.json()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {name: value for name, value in request.headers.items() if name.lower() in ("authorization", "content-type")}
        async with self._client.request(
            request.method, self.localstripe_url + request.path_qs, data=body, headers=headers
        ) as response:
            payload = await response.read()
            return web.Response(body=payload, status=response.status, content_type="application/json")

    # ------------------------------------------------------------ Connect: accounts

    async def _create_account(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        if params.get("type", "express") != "express":
            raise StripeError(400, "only Express accounts are faked", param="type")
        account = {
            "id": _new_id("acct_"),
            "object": "account",
            "type": "express",
            "country": params.get("country", "DE"),
            "email": params.get("email"),
            "business_profile": params.get("business_profile", {}),
            "metadata": params.get("metadata", {}),
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "capabilities": {"transfers": "inactive"},
            "created": int(time.time()),
        }
        self.accounts[account["id"]] = account
        return web.json_response(account)

    async def _get_account(self, request: web.Request) -> web.Response:
        return web.json_response(self._account(request.match_info["id"]))

    def _account(self, account_id: str) -> dict:
        if account_id not in self.accounts:
            raise StripeError(404, f"No such account: '{account_id}'", code="resource_missing", param="account")
        return self.accounts[account_id]

    async def _create_account_link(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        account = self._account(params.get("account", ""))
        if params.get("type") != "account_onboarding":
            raise StripeError(400, "type must be account_onboarding", param="type")
        for field in ("refresh_url", "return_url"):
            if not params.get(field):
                raise StripeError(400, f"Missing required param: {field}.", param=field)
        now = int(time.time())
        return web.json_response(
            {
                "object": "account_link",
                "created": now,
                "expires_at": now + 300,
                "url": f"{self.api_base}/_fake/onboarding/{account['id']}?return_url={params['return_url']}",
            }
        )

    async def _onboarding_page(self, request: web.Request) -> web.Response:
        # Opening the link counts as finishing onboarding, then Stripe sends the owner back.
        await self._activate(request.match_info["id"])
        raise web.HTTPFound(request.query.get("return_url", "/"))

    async def _activate(self, account_id: str) -> None:
        account = self._account(account_id)
        account.update(charges_enabled=True, payouts_enabled=True, details_submitted=True, capabilities={"transfers": "active"})

    # ------------------------------------------------------------ Connect: transfers

    async def _create_transfer(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        try:
            amount = int(params.get("amount", ""))
        except ValueError:
            raise StripeError(400, "Missing required param: amount.", param="amount") from None
        if amount <= 0:
            raise StripeError(400, "amount must be positive", param="amount")
        source = params.get("source_transaction")
        if not source:
            # Kiepe pays shops from the resident's charge only ("separate charges and transfers").
            raise StripeError(400, "source_transaction is required by this fake", param="source_transaction")
        account = self._account(params.get("destination", ""))
        if account["capabilities"].get("transfers") != "active":
            raise StripeError(
                400,
                "Your destination account needs to have at least one of the following capabilities enabled: transfers",
                code="insufficient_capabilities_for_transfer",
                param="destination",
            )
        charge = await self._localstripe("GET", f"/v1/charges/{source}")
        if charge.get("status") != "succeeded" or not charge.get("captured", True):
            raise StripeError(400, f"charge {source} has not succeeded (or is not captured)", param="source_transaction")
        currency = params.get("currency", "").lower()
        if currency != charge["currency"].lower():
            raise StripeError(400, "currency differs from the source transaction", param="currency")
        group = params.get("transfer_group")
        expected_group = self.transfer_group_of_intent.get(charge.get("payment_intent") or "")
        if expected_group and group != expected_group:
            raise StripeError(400, f"transfer_group {group!r} is not the charge's {expected_group!r}", param="transfer_group")
        already = sum(t["amount"] - t["amount_reversed"] for t in self.transfers.values() if t["source_transaction"] == source)
        if already + amount > self.captured_of_charge.get(source, charge["amount"]):
            raise StripeError(400, "Insufficient funds in the source transaction", code="balance_insufficient", param="amount")
        transfer = {
            "id": _new_id("tr_"),
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "currency": currency,
            "destination": account["id"],
            "destination_payment": _new_id("py_"),
            "source_transaction": source,
            "transfer_group": group,
            "metadata": params.get("metadata", {}),
            "reversed": False,
            "livemode": False,
            "created": int(time.time()),
        }
        self.transfers[transfer["id"]] = transfer
        return web.json_response(transfer)

    async def _list_transfers(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        found = [
            t
            for t in self.transfers.values()
            if all(t.get(name) == params[name] for name in ("transfer_group", "destination") if params.get(name))
        ]
        found.sort(key=lambda t: t["created"], reverse=True)
        return web.json_response({"object": "list", "url": "/v1/transfers", "has_more": False, "data": found})

    async def _get_transfer(self, request: web.Request) -> web.Response:
        transfer = self.transfers.get(request.match_info["id"])
        if transfer is None:
            raise StripeError(404, "No such transfer", code="resource_missing")
        return web.json_response(transfer)

    async def _reverse_transfer(self, request: web.Request) -> web.Response:
        transfer = self.transfers.get(request.match_info["id"])
        if transfer is None:
            raise StripeError(404, "No such transfer", code="resource_missing")
        params = await self._params(request)
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = int(params.get("amount") or left)
        if not 0 < amount <= left:
            raise StripeError(400, f"amount {amount} exceeds the {left} left on the transfer", param="amount")
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        return web.json_response(
            {
                "id": _new_id("trr_"),
                "object": "transfer_reversal",
                "amount": amount,
                "currency": transfer["currency"],
                "transfer": transfer["id"],
                "metadata": params.get("metadata", {}),
                "created": int(time.time()),
            }
        )

    # ------------------------------------------------------------ Checkout

    async def _create_session(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        if params.get("mode") != "payment":
            raise StripeError(400, "only mode=payment is faked", param="mode")
        for field in ("success_url", "cancel_url"):
            if not params.get(field):
                raise StripeError(400, f"Missing required param: {field}.", param=field)
        items = params.get("line_items") or []
        if not items:
            raise StripeError(400, "Missing required param: line_items.", param="line_items")
        currencies = {item["price_data"]["currency"].lower() for item in items}
        if len(currencies) != 1:
            raise StripeError(400, "line items must share one currency", param="line_items")
        amount = sum(int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1)) for item in items)
        intent_data = params.get("payment_intent_data", {})
        session_id = _new_id("cs_test_")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "payment",
            "url": f"{self.api_base}/_fake/pay/{session_id}",
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "currency": currencies.pop(),
            "payment_intent": None,
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
            "created": int(time.time()),
            "expires_at": int(time.time()) + 24 * 3600,
            "livemode": False,
            "_intent_data": intent_data,
        }
        self.sessions[session_id] = session
        return web.json_response(self._public(session))

    @staticmethod
    def _public(session: dict) -> dict:
        return {key: value for key, value in session.items() if not key.startswith("_")}

    def _session(self, session_id: str) -> dict:
        if session_id not in self.sessions:
            raise StripeError(404, f"No such checkout.session: '{session_id}'", code="resource_missing")
        return self.sessions[session_id]

    async def _get_session(self, request: web.Request) -> web.Response:
        session = self._public(self._session(request.match_info["id"]))
        expand = (await self._params(request)).get("expand") or []
        if "payment_intent" in expand and session["payment_intent"]:
            session["payment_intent"] = await self._payment_intent(session["payment_intent"], expand_charge=False)
        return web.json_response(session)

    async def _expire_session(self, request: web.Request) -> web.Response:
        session = self._session(request.match_info["id"])
        if session["status"] != "open":
            raise StripeError(400, "Only open sessions can be expired")
        session["status"] = "expired"
        return web.json_response(self._public(session))

    async def _pay(self, session_id: str, payment_method: str) -> dict:
        session = self._session(session_id)
        if session["status"] != "open":
            raise StripeError(400, f"session {session_id} is {session['status']}")
        intent_data = session["_intent_data"]
        form = {"amount": str(session["amount_total"]), "currency": session["currency"], "payment_method": payment_method, "confirm": "true"}
        manual = intent_data.get("capture_method") == "manual"
        if manual:
            form["capture_method"] = "manual"
        for name, value in (intent_data.get("metadata") or {}).items():
            form[f"metadata[{name}]"] = value
        intent = await self._localstripe("POST", "/v1/payment_intents", form)
        if intent["status"] != ("requires_capture" if manual else "succeeded"):
            raise StripeError(402, f"payment failed: {intent['status']}", type_="card_error")
        if intent_data.get("transfer_group"):
            self.transfer_group_of_intent[intent["id"]] = intent_data["transfer_group"]
        # Stripe: a session whose payment is only authorised is complete but "unpaid".
        session.update(status="complete", payment_status="unpaid" if manual else "paid", payment_intent=intent["id"])
        return self._public(session)

    async def _payment_intent(self, intent_id: str, *, expand_charge: bool) -> dict:
        intent = await self._localstripe("GET", f"/v1/payment_intents/{intent_id}")
        # localstripe inlines the charge; real Stripe sends its id unless expanded.
        if isinstance(intent.get("latest_charge"), dict) and not expand_charge:
            intent["latest_charge"] = intent["latest_charge"]["id"]
        intent["transfer_group"] = self.transfer_group_of_intent.get(intent_id)
        return intent

    async def _get_payment_intent(self, request: web.Request) -> web.Response:
        expand = (await self._params(request)).get("expand") or []
        return web.json_response(await self._payment_intent(request.match_info["id"], expand_charge="latest_charge" in expand))

    async def _capture_payment_intent(self, request: web.Request) -> web.Response:
        """Manual capture: at most the authorised amount; localstripe releases the rest as a refund
        of the difference (as Stripe shows it: ``amount_refunded`` includes the released part)."""
        params = await self._params(request)
        intent_id = request.match_info["id"]
        before = await self._payment_intent(intent_id, expand_charge=False)
        if before["status"] != "requires_capture":
            raise StripeError(400, f"This PaymentIntent could not be captured because it has a status of {before['status']}.",
                              code="payment_intent_unexpected_state")
        amount = int(params.get("amount_to_capture") or before["amount"])
        if not 0 < amount <= before["amount"]:
            raise StripeError(400, f"amount_to_capture {amount} exceeds the {before['amount']} authorised",
                              param="amount_to_capture")
        await self._localstripe("POST", f"/v1/payment_intents/{intent_id}/capture", {"amount_to_capture": str(amount)})
        self.captured_of_charge[before["latest_charge"]] = amount
        after = await self._payment_intent(intent_id, expand_charge=False)
        after["amount_received"] = amount
        return web.json_response(after)

    # ------------------------------------------------------------ refunds

    async def _create_refund(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        charge_id = params.get("charge")
        if not charge_id and params.get("payment_intent"):
            charge_id = (await self._payment_intent(params["payment_intent"], expand_charge=False))["latest_charge"]
        if not charge_id:
            raise StripeError(400, "Missing required param: charge.", param="charge")
        charge = await self._localstripe("GET", f"/v1/charges/{charge_id}")
        amount = int(params.get("amount") or charge["amount"] - charge["amount_refunded"])
        # localstripe would refund more than was charged; Stripe does not.
        if amount > charge["amount"] - charge["amount_refunded"]:
            raise StripeError(400, f"Refund amount ({amount}) is greater than unrefunded amount on charge", param="amount")
        form = {"charge": charge_id, "amount": str(amount)}
        for name, value in (params.get("metadata") or {}).items():
            form[f"metadata[{name}]"] = value
        return web.json_response(await self._localstripe("POST", "/v1/refunds", form))


def json_body(event: dict) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode()
