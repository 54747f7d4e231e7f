"""A failed ID check at hand-over takes the restricted goods back and refunds them (issue 16),
against localstripe with the recording fake, like every other refund."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ordering import age_checks
from ordering.errors import Conflict
from ordering.models import Order, Shop
from ordering.payments import ledger, service
from tests.payments.test_methods_and_settlement import _start_and_pay
from tests.support.order_builders import decide, make_order, make_region, make_shop

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def test_a_failed_check_reverses_the_transfer_and_refunds_the_restricted_goods(db, gateway, stripe_fake, deliver):
    with db.session() as s:
        region = make_region(s, commission_bp=1000, fee_cents=390)
        wine = make_shop(s, region, "weinhandlung")
        order = make_order(s, region, {wine: [("Münsterländer Korn", 1690), ("Traubensaft", 490)]})
        korn = next(line for line in order.sub_orders[0].lines if line.name == "Münsterländer Korn")
        korn.min_age, order.min_age = 18, 18
        service.onboard_shop(s, wine.id, gateway, refresh_url="https://k.test/r", return_url="https://k.test/ok")
        stripe_fake.complete_onboarding(wine.stripe_account_id)
        order_id, wine_id = order.id, wine.id
    _start_and_pay(db, gateway, stripe_fake, deliver, order_id)
    with db.session() as s:
        order = s.get(Order, order_id)
        sub = decide(s, order, s.get(Shop, wine_id), "with_courier")
        service.on_sub_order_decided(s, sub.id, gateway)  # confirmed and paid out: 90 % of 21,80 €
        age_checks.record_age_check(s, order_id, passed=False, actor="courier:1", now=NOW)
        assert [line.name for line in sub.lines if line.rejected] == ["Münsterländer Korn"]
        assert [e.event for e in order.events][-2:] == ["age_checked", "age_check_failed"]
        result = service.on_sub_order_decided(s, sub.id, gateway)  # what the age_check_failed event runs
        assert [e.amount_cents for e in result.refunded] == [1690]
        assert [e.amount_cents for e in result.reversed] == [1690 - 169]  # the shop's share of it
        ledger.assert_order_balanced(s, order)
        assert order.payment_status == "partly_refunded" and order.age_check == "failed"
        # Repeating the same outcome changes nothing; the other one is refused.
        age_checks.record_age_check(s, order_id, passed=False, actor="courier:1", now=NOW)
        with pytest.raises(Conflict):
            age_checks.record_age_check(s, order_id, passed=True, actor="courier:1", now=NOW)
        assert service.on_sub_order_decided(s, sub.id, gateway).refunded == []
