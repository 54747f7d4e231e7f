"""Settling an order: bring the ledger to what the order's state calls for, then move money.

For every part a shop has decided, ``split.split_sub_order`` gives target amounts
(transfer or payable, commission, card refund, voucher value back). Settling posts
the difference between target and what is already posted, so it is repeatable and
also handles a later change: an admin cancelling a confirmed part reverses its
transfer and commission and refunds the resident. Entries are never edited
(except the status of a Stripe call); corrections are counter-entries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering.models import Order, SubOrder
from ordering.payments import ledger, messages, vouchers
from ordering.payments.ledger import INVOICE, ONLINE
from ordering.payments.models import CORRECTION_OF, EntryStatus, LedgerEntry, LedgerKind
from ordering.payments.movements import STRIPE_KINDS, carry_out
from ordering.payments.split import ALL_REJECTED_STATUSES, ShopSplit, line_is_rejected
from ordering.ports import Notifier, PaymentGateway

log = logging.getLogger(__name__)

# Stripe calls of one part, in this order: take back from the shop before paying the resident.
CALL_ORDER = (LedgerKind.transfer_reversed.value, LedgerKind.refunded.value, LedgerKind.transferred.value)


@dataclass
class SettlementResult:
    """Stripe movements this run carried out; ``failed`` ones wait for reconcile."""

    transferred: list[LedgerEntry] = field(default_factory=list)
    refunded: list[LedgerEntry] = field(default_factory=list)
    reversed: list[LedgerEntry] = field(default_factory=list)
    failed: list[LedgerEntry] = field(default_factory=list)
    vouchers_issued: list[str] = field(default_factory=list)


def settle_order(
    session: Session, order: Order, gateway: PaymentGateway, *, notifier: Notifier | None = None
) -> SettlementResult:
    result = SettlementResult()
    lock_order(session, order)
    redemptions = ledger.redemptions_by_sub_order(session, order.id)
    if not ledger.is_paid(session, order):
        # Nothing to split yet; a rejected or cancelled part frees its voucher value at once.
        for sub in order.sub_orders:
            if sub.status in ALL_REJECTED_STATUSES:
                vouchers.give_back(session, order, sub, sum(r.amount_cents for r in redemptions.get(sub.id, [])))
        return result

    # Calls whose outcome is unknown (network error, crash) are resolved first, so
    # what follows knows which transfers really reached a shop.
    for entry in ledger.open_entries(session, order.id):
        if entry.status == EntryStatus.pending.value and entry.kind in STRIPE_KINDS:
            carry_out(session, entry, gateway)
    commission_bp = ledger.order_region_commission(session, order)
    online = order.payment_method == ONLINE
    all_final, any_confirmed = True, False
    for sub in order.sub_orders:
        if not ledger.is_sub_order_final(sub, order):
            all_final = False
            continue
        used = sum(r.amount_cents for r in redemptions.get(sub.id, []))
        split = ledger.split_of(session, order, sub, voucher_used_cents=used, commission_bp=commission_bp)
        any_confirmed = any_confirmed or split.confirmed_cents > 0
        _settle_part(session, order, sub, split, online)
        if online:
            _issue_vouchers(session, order, sub, result, notifier)

    if all_final and order.delivery_fee_cents:
        kept = order.delivery_fee_cents if any_confirmed else 0
        _bring_to(session, order, None, LedgerKind.delivery_fee, kept)
        if online:
            _bring_to(session, order, None, LedgerKind.refunded, order.delivery_fee_cents - kept)
    if all_final and order.payment_method == INVOICE:
        _bring_to(session, order, None, LedgerKind.invoiced, amount_due(session, order))
        order.payment_status = "invoiced"
    _carry_out_open(session, order, gateway, result)
    _refresh_payment_status(session, order)
    return result


def lock_order(session: Session, order: Order) -> None:
    """Serialise settling per order (PostgreSQL row lock; SQLite already writes one at a time).

    Two shops answering at once would otherwise both post the same movements and
    one unit of work would fail on the ledger's unique key.
    """
    session.flush()  # the caller's changes (a new status) go out before we wait
    session.execute(select(Order.id).where(Order.id == order.id).with_for_update())


def amount_due(session: Session, order: Order) -> int:
    """What the resident owes outside Stripe: confirmed goods not paid by voucher, plus the fee."""
    commission_bp = ledger.order_region_commission(session, order)
    redemptions = ledger.redemptions_by_sub_order(session, order.id)
    due, any_confirmed = 0, False
    for sub in order.sub_orders:
        used = sum(r.amount_cents for r in redemptions.get(sub.id, []))
        split = ledger.split_of(session, order, sub, voucher_used_cents=used, commission_bp=commission_bp)
        due += split.card_share_cents
        any_confirmed = any_confirmed or split.confirmed_cents > 0
    return due + (order.delivery_fee_cents if any_confirmed else 0)


def _settle_part(session: Session, order: Order, sub: SubOrder, split: ShopSplit, online: bool) -> None:
    vouchers.give_back(session, order, sub, split.voucher_back_cents)
    _bring_to(session, order, sub, LedgerKind.commission, split.commission_cents)
    _bring_to(session, order, sub, LedgerKind.deposit_in, split.deposit_cents)
    _bring_to(session, order, sub, LedgerKind.deposit_out, split.deposit_returned_cents)
    if online:
        _bring_to(session, order, sub, LedgerKind.transferred, split.payout_cents)
        _bring_to(session, order, sub, LedgerKind.refunded, split.card_refund_cents)
    else:
        _bring_to(session, order, sub, LedgerKind.payable, split.payout_cents)


def _net_posted(session: Session, order: Order, sub: SubOrder | None, kind: LedgerKind) -> int:
    kinds = [kind.value] + ([CORRECTION_OF[kind].value] if kind in CORRECTION_OF else [])
    query = select(LedgerEntry).where(LedgerEntry.order_id == order.id, LedgerEntry.kind.in_(kinds))
    query = query.where(LedgerEntry.sub_order_id == sub.id if sub is not None else LedgerEntry.sub_order_id.is_(None))
    return sum(e.amount_cents if e.kind == kind.value else -e.amount_cents for e in session.scalars(query))


def _key(order: Order, sub: SubOrder | None, what: str) -> str:
    return ledger.sub_order_key(order, sub, what) if sub is not None else ledger.order_key(order, what)


def _bring_to(session: Session, order: Order, sub: SubOrder | None, kind: LedgerKind, target: int) -> None:
    """Post what makes the net amount of ``kind`` for this part equal ``target``."""
    delta = target - _net_posted(session, order, sub, kind)
    if delta == 0:
        return
    base = _key(order, sub, kind.value)
    shop_id, sub_id = (sub.shop_id, sub.id) if sub is not None else (None, None)
    if delta > 0:
        # The first posting gets the plain key; later ones name their target, so a
        # repeat of the same settle finds its own entry instead of paying twice.
        key = base if ledger.entry_by_key(session, base) is None else f"{base}:to{target}"
        status = EntryStatus.pending if kind.value in STRIPE_KINDS else EntryStatus.succeeded
        ledger.record(session, order=order, kind=kind, amount_cents=delta, key=key, shop_id=shop_id, sub_order_id=sub_id, status=status)
        return
    if kind == LedgerKind.transferred:
        if sub is None:
            raise ValueError(f"order {order.reference}: a transfer is always to one shop's part")
        _reverse_transfers(session, order, sub, -delta, target)
    elif kind in CORRECTION_OF:
        ledger.record(
            session, order=order, kind=CORRECTION_OF[kind], amount_cents=-delta, key=f"{base}:reversed:to{target}",
            shop_id=shop_id, sub_order_id=sub_id,
        )
    else:  # a refund cannot be taken back; flagged by the ledger check for a person to look at
        log.error("order %s: %s would have to shrink by %s", order.reference, kind.value, -delta)


def _reverse_transfers(session: Session, order: Order, sub: SubOrder, amount: int, target: int) -> None:
    """Take ``amount`` back from the shop: void transfers that never went out, reverse the others."""
    base = _key(order, sub, "transfer_reversal")
    transfers = session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.sub_order_id == sub.id, LedgerEntry.kind == LedgerKind.transferred.value)
        .order_by(LedgerEntry.id.desc())
    )
    for transfer in transfers:
        if amount <= 0:
            break
        if transfer.status == EntryStatus.failed.value:
            # Refused by Stripe, so it never reached the shop: withdraw the whole
            # entry; a smaller target is posted again below.
            transfer.status = EntryStatus.void.value
            ledger.record(
                session, order=order, kind=LedgerKind.transfer_reversed, amount_cents=transfer.amount_cents,
                key=f"{base}:void:e{transfer.id}", shop_id=sub.shop_id, sub_order_id=sub.id,
            )
            amount -= transfer.amount_cents
            continue
        if transfer.status != EntryStatus.succeeded.value:
            continue
        taken = sum(
            e.amount_cents
            for e in session.scalars(
                select(LedgerEntry).where(
                    LedgerEntry.kind == LedgerKind.transfer_reversed.value, LedgerEntry.related_stripe_id == transfer.stripe_id
                )
            )
        )
        take = min(amount, transfer.amount_cents - taken)
        if take <= 0:
            continue
        entry = ledger.record(
            session, order=order, kind=LedgerKind.transfer_reversed, amount_cents=take,
            key=f"{base}:e{transfer.id}:to{target}", shop_id=sub.shop_id, sub_order_id=sub.id, status=EntryStatus.pending,
        )
        entry.related_stripe_id = transfer.stripe_id
        amount -= take
    session.flush()
    if amount < 0:  # voided more than needed
        _bring_to(session, order, sub, LedgerKind.transferred, target)


def _issue_vouchers(session: Session, order: Order, sub: SubOrder, result: SettlementResult, notifier: Notifier | None) -> None:
    for line in sub.lines:
        if line.voucher_cents is None or line_is_rejected(line, sub):
            continue
        voucher, created = vouchers.issue_voucher(session, order, sub, line)
        if created:
            result.vouchers_issued.append(voucher.code)
            messages.notify(
                notifier, order.customer_phone, messages.voucher_code(vouchers.format_code(voucher.code), sub.shop.name, voucher.initial_cents)
            )


def _carry_out_open(session: Session, order: Order, gateway: PaymentGateway, result: SettlementResult) -> None:
    entries = [e for e in ledger.open_entries(session, order.id) if e.kind in STRIPE_KINDS]
    entries.sort(key=lambda e: (CALL_ORDER.index(e.kind), e.id))
    for entry in entries:
        carry_out(session, entry, gateway)
        if entry.status != EntryStatus.succeeded.value:
            result.failed.append(entry)
        elif entry.kind == LedgerKind.transferred.value:
            result.transferred.append(entry)
        elif entry.kind == LedgerKind.refunded.value:
            result.refunded.append(entry)
        else:
            result.reversed.append(entry)


def _refresh_payment_status(session: Session, order: Order) -> None:
    if order.payment_method != ONLINE or order.payment_status == "pending":
        return
    sums = ledger.ledger_sums(session, order.id)
    charged = sums.get((LedgerKind.charged.value, None), 0)
    refunded = sum(v for (kind, _), v in sums.items() if kind == LedgerKind.refunded.value)
    if refunded and refunded >= charged:
        order.payment_status = "refunded"
    elif refunded:
        order.payment_status = "partly_refunded"
