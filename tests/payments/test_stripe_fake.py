"""The local Stripe itself: the SDK over HTTP, and the rules the fake enforces."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid

import pytest
import stripe

from tests.support.stripe_fake import API_KEY


@pytest.fixture
def client(stripe_fake) -> stripe.StripeClient:
    return stripe.StripeClient(API_KEY, base_addresses={"api": stripe_fake.api_base}, max_network_retries=0)


def _key() -> str:
    return f"fake-test-{uuid.uuid4().hex}"


@pytest.fixture
def paid_charge(client, stripe_fake) -> tuple[str, str]:
    """(charge id, onboarded account id) after a paid 50,00 € checkout in group "G-1"."""
    session = client.v1.checkout.sessions.create(
        {
            "mode": "payment",
            "success_url": "https://k.test/ok",
            "cancel_url": "https://k.test/no",
            "line_items": [{"quantity": 1, "price_data": {"currency": "eur", "unit_amount": 5000, "product_data": {"name": "x"}}}],
            "payment_intent_data": {"transfer_group": "G-1"},
        },
        {"idempotency_key": _key()},
    )
    stripe_fake.pay_checkout_session(session.id)
    intent_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent
    charge_id = client.v1.payment_intents.retrieve(intent_id).latest_charge
    account = client.v1.accounts.create({"type": "express", "country": "DE"}, {"idempotency_key": _key()})
    stripe_fake.complete_onboarding(account.id)
    return charge_id, account.id


def test_transfer_needs_source_transaction(client, paid_charge):
    _, account = paid_charge
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.transfers.create({"amount": 100, "currency": "eur", "destination": account, "transfer_group": "G-1"})
    assert caught.value.param == "source_transaction"


def test_transfers_cannot_exceed_their_charge_or_leave_its_group(client, paid_charge):
    charge, account = paid_charge
    base = {"currency": "eur", "destination": account, "source_transaction": charge, "transfer_group": "G-1"}
    client.v1.transfers.create({**base, "amount": 4000}, {"idempotency_key": _key()})
    with pytest.raises(stripe.InvalidRequestError, match="Insufficient funds"):
        client.v1.transfers.create({**base, "amount": 1001}, {"idempotency_key": _key()})
    with pytest.raises(stripe.InvalidRequestError, match="transfer_group"):
        client.v1.transfers.create({**base, "amount": 10, "transfer_group": "G-2"}, {"idempotency_key": _key()})


def test_idempotency_keys_replay_and_guard(client, paid_charge):
    charge, _ = paid_charge
    key = _key()
    first = client.v1.refunds.create({"charge": charge, "amount": 700}, {"idempotency_key": key})
    again = client.v1.refunds.create({"charge": charge, "amount": 700}, {"idempotency_key": key})
    assert first.id == again.id
    assert [r.id for r in client.v1.refunds.list({"charge": charge}).data] == [first.id]
    with pytest.raises(stripe.IdempotencyError):
        client.v1.refunds.create({"charge": charge, "amount": 800}, {"idempotency_key": key})
    with pytest.raises(stripe.InvalidRequestError, match="greater than unrefunded"):
        client.v1.refunds.create({"charge": charge, "amount": 4301}, {"idempotency_key": _key()})


def test_transfer_to_an_account_not_onboarded_is_refused(client, paid_charge, stripe_fake):
    charge, _ = paid_charge
    fresh = client.v1.accounts.create({"type": "express"}, {"idempotency_key": _key()})
    params = {"amount": 100, "currency": "eur", "destination": fresh.id, "source_transaction": charge, "transfer_group": "G-1"}
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.transfers.create(params, {"idempotency_key": _key()})
    assert caught.value.code == "insufficient_capabilities_for_transfer"
    # Following the onboarding link finishes onboarding in the fake.
    link = client.v1.account_links.create(
        {"account": fresh.id, "type": "account_onboarding", "refresh_url": "https://k.test/r", "return_url": "https://k.test/ok"},
        {"idempotency_key": _key()},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(NoRedirect).open(link.url)
    assert redirect.value.code == 302
    assert client.v1.accounts.retrieve(fresh.id).capabilities["transfers"] == "active"
    assert client.v1.transfers.create(params, {"idempotency_key": _key()}).source_transaction == charge
