"""Reconcile: compare each order's ledger with Stripe, repair what is safe, report the rest.

Safe repairs: a payment whose webhook never came (asked back from Stripe), movements
a decision called for but nobody posted, failed or unfinished transfers and refunds
(retried through ``movements.carry_out``), and Stripe objects the ledger lost track
of (recognised by the ``kiepe_key`` metadata). Everything else, e.g. a refund made
in the Stripe dashboard or amounts that differ, is reported for a person to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ordering.models import Order, utcnow
from ordering.payments import ledger, service, settle
from ordering.payments.models import EntryStatus, LedgerEntry, LedgerKind, Payment, PaymentStatus
from ordering.payments.movements import carry_out, paid_payment
from ordering.ports import PaymentGateway, PaymentGatewayError


@dataclass
class ReconcileReport:
    orders_checked: int = 0
    fixed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


DEFAULT_WINDOW = timedelta(days=90)


def reconcile(session: Session, gateway: PaymentGateway, *, since: datetime | None = None) -> ReconcileReport:
    """Check every order placed since ``since`` (default: the last 90 days), and older ones still open."""
    report = ReconcileReport()
    since = since or utcnow() - DEFAULT_WINDOW
    still_open = select(LedgerEntry.order_id).where(LedgerEntry.status != EntryStatus.succeeded.value)
    query = select(Order).where(or_(Order.created_at >= since, Order.id.in_(still_open)))
    for order in session.scalars(query.order_by(Order.id)):
        report.orders_checked += 1
        try:
            reconcile_order(session, order, gateway, report)
        except PaymentGatewayError as exc:
            report.problems.append(f"{order.reference}: Stripe unavailable ({exc.message}); try again later")
    return report


def reconcile_order(session: Session, order: Order, gateway: PaymentGateway, report: ReconcileReport) -> None:
    _record_missed_payment(session, order, gateway, report)
    if service.capture_if_weighed(session, order, gateway) is not None:  # a capture that failed before
        report.fixed.append(f"{order.reference}: captured the weighed total")
    if order.payment_method == ledger.ONLINE and ledger.is_paid(session, order):
        payment = paid_payment(session, order.id)
        if payment is not None and payment.charge_id:
            _compare_charge(payment, gateway, report, order)
            _adopt_lost_objects(session, order, payment.charge_id, gateway, report)
    before = {e.key for e in ledger.entries_of(session, order.id)}
    was_open = ledger.open_entries(session, order.id)
    # Settling again posts what a decision called for and retries open movements.
    settle.settle_order(session, order, gateway)
    for entry in ledger.entries_of(session, order.id):
        if entry.key not in before:
            report.fixed.append(f"{order.reference}: posted missing {entry.kind} {entry.amount_cents} ({entry.status})")
    _retry_open_entries(session, order, gateway)
    for entry in was_open:
        if entry.status == EntryStatus.succeeded.value:
            report.fixed.append(f"{order.reference}: {entry.kind} {entry.amount_cents} done as {entry.stripe_id}")
    for entry in ledger.open_entries(session, order.id):
        report.problems.append(
            f"{order.reference}: {entry.kind} {entry.amount_cents} to shop {entry.shop_id} still fails: {entry.error}"
        )
    if order.payment_method == ledger.ONLINE and ledger.is_paid(session, order):
        payment = paid_payment(session, order.id)
        if payment is not None and payment.charge_id:
            _compare_with_stripe(session, order, payment.charge_id, gateway, report)
    for problem in ledger.check_order_ledger(session, order):
        report.problems.append(problem)


def _record_missed_payment(session: Session, order: Order, gateway: PaymentGateway, report: ReconcileReport) -> None:
    pending = session.scalars(
        select(Payment).where(
            Payment.order_id == order.id,
            Payment.status.in_([PaymentStatus.pending.value, PaymentStatus.cancelled.value]),
            Payment.checkout_session_id.is_not(None),
        )
    )
    for payment in pending:  # a link cancelled on Kiepe's side may still have been paid
        session_id = payment.checkout_session_id
        if session_id is None:  # not selected
            continue
        state = gateway.retrieve_payment(session_id)
        if state.paid or state.authorised:
            service.confirm_payment(session, session_id, gateway)
            report.fixed.append(f"{order.reference}: recorded payment {session_id} (webhook missed)")


def _compare_charge(payment: Payment, gateway: PaymentGateway, report: ReconcileReport, order: Order) -> None:
    if payment.checkout_session_id is None:  # a charge is always made through a checkout session
        raise ValueError(f"payment {payment.id} has a charge but no checkout session")
    state = gateway.retrieve_payment(payment.checkout_session_id)
    if state.amount_cents != payment.amount_cents:
        report.problems.append(f"{order.reference}: Stripe charged {state.amount_cents}, Kiepe asked {payment.amount_cents}")


def _adopt_lost_objects(session: Session, order: Order, charge_id: str, gateway: PaymentGateway, report: ReconcileReport) -> None:
    """A call that reached Stripe while its ledger entry stayed open: take Stripe's object."""
    open_by_key = {e.key: e for e in ledger.open_entries(session, order.id)}
    if not open_by_key:
        return
    found = [(t.id, t.amount_cents, t.metadata) for t in gateway.list_transfers(order.reference)]
    found += [(r.id, r.amount_cents, r.metadata) for r in gateway.list_refunds(charge_id)]
    for stripe_id, amount, metadata in found:
        entry = open_by_key.get(metadata.get("kiepe_key", ""))
        if entry is not None and entry.amount_cents == amount:
            entry.stripe_id, entry.status, entry.error = stripe_id, EntryStatus.succeeded.value, None
            report.fixed.append(f"{order.reference}: {entry.kind} {amount} found at Stripe as {stripe_id}")
    session.flush()


def _retry_open_entries(session: Session, order: Order, gateway: PaymentGateway) -> None:
    for entry in ledger.open_entries(session, order.id):
        carry_out(session, entry, gateway)


def _compare_with_stripe(session: Session, order: Order, charge_id: str, gateway: PaymentGateway, report: ReconcileReport) -> None:
    entries = ledger.entries_of(session, order.id)
    transfers = gateway.list_transfers(order.reference)
    # Net of reversals: what the shops of this order really hold from it.
    net_remote = sum(t.amount_cents - t.amount_reversed_cents for t in transfers)
    net_local = sum(
        (e.amount_cents if e.kind == LedgerKind.transferred.value else -e.amount_cents)
        for e in entries
        if e.status == EntryStatus.succeeded.value and e.kind in (LedgerKind.transferred.value, LedgerKind.transfer_reversed.value)
        and e.stripe_id
    )
    if net_remote != net_local:
        report.problems.append(f"{order.reference}: shops hold {net_remote} at Stripe, {net_local} by the ledger")
    for kind, remote in (
        (LedgerKind.transferred, {t.id: t.amount_cents for t in transfers}),
        (LedgerKind.refunded, {r.id: r.amount_cents for r in gateway.list_refunds(charge_id) if r.status != "failed"}),
    ):
        local = {e.stripe_id: e for e in entries if e.kind == kind.value and e.status == EntryStatus.succeeded.value}
        for stripe_id, entry in local.items():
            if stripe_id not in remote:
                report.problems.append(f"{order.reference}: ledger {kind.value} {stripe_id} is missing at Stripe")
            elif remote[stripe_id] != entry.amount_cents:
                report.problems.append(
                    f"{order.reference}: {kind.value} {stripe_id} is {remote[stripe_id]} at Stripe, {entry.amount_cents} in the ledger"
                )
        for stripe_id, amount in remote.items():
            if stripe_id not in local:
                report.problems.append(f"{order.reference}: {kind.value} {stripe_id} of {amount} at Stripe is not in the ledger")
