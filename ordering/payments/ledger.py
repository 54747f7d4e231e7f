"""The per-order ledger: writing entries, the balance invariant, settlement rows.

Every amount is positive; the kind says the direction (see ``models.IN_KINDS`` /
``OUT_KINDS``; voucher kinds are memo entries, not cash). Two checks:

* cash balances: money in - money out == money still held for undecided shops
  (and nothing is held once every shop has decided or the order is cancelled);
* the ledger matches the order: per shop and kind, the sums equal what
  ``split.split_sub_order`` says for the order's current state.

``check_order_ledger`` counts failed and pending entries too: they are decided
movements that reconcile still has to carry out; ``open_entries`` lists them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering import deposits, substitutes, weighing
from ordering.models import Order, Region, SubOrder
from ordering.payments.models import (
    CORRECTS,
    IN_KINDS,
    OUT_KINDS,
    EntryStatus,
    LedgerEntry,
    LedgerKind,
    Voucher,
    VoucherRedemption,
)
from ordering.payments.split import (
    ALL_REJECTED_STATUSES,
    DECIDED_STATUSES,
    ShopSplit,
    line_is_rejected,
    split_sub_order,
)

ONLINE = "online"
ON_DELIVERY = "on_delivery"
INVOICE = "invoice"

Sums = dict[tuple[str, int | None], int]


class LedgerImbalance(AssertionError):
    """The ledger of an order does not balance or does not match the order."""


def entry_by_key(session: Session, key: str) -> LedgerEntry | None:
    return session.scalar(select(LedgerEntry).where(LedgerEntry.key == key))


def record(
    session: Session,
    *,
    order: Order,
    kind: LedgerKind,
    amount_cents: int,
    key: str,
    shop_id: int | None = None,
    sub_order_id: int | None = None,
    voucher_id: int | None = None,
    status: EntryStatus = EntryStatus.succeeded,
    at: datetime | None = None,
) -> LedgerEntry:
    """Write one entry unless one with ``key`` exists (then return that one): repeats are harmless."""
    if amount_cents < 0:
        raise ValueError(f"ledger amounts are positive, got {amount_cents} for {key}")
    existing = entry_by_key(session, key)
    if existing is not None:
        return existing
    entry = LedgerEntry(
        order_id=order.id,
        kind=kind.value,
        amount_cents=amount_cents,
        key=key,
        shop_id=shop_id,
        sub_order_id=sub_order_id,
        voucher_id=voucher_id,
        status=status.value,
    )
    if at is not None:
        entry.at = at
    session.add(entry)
    session.flush()
    return entry


def entries_of(session: Session, order_id: int) -> list[LedgerEntry]:
    return list(session.scalars(select(LedgerEntry).where(LedgerEntry.order_id == order_id).order_by(LedgerEntry.id)))


def open_entries(session: Session, order_id: int | None = None) -> list[LedgerEntry]:
    """Entries whose Stripe call was refused or has an unknown outcome: reconcile's work list."""
    query = select(LedgerEntry).where(LedgerEntry.status.in_([EntryStatus.pending.value, EntryStatus.failed.value]))
    if order_id is not None:
        query = query.where(LedgerEntry.order_id == order_id)
    return list(session.scalars(query.order_by(LedgerEntry.id)))


def ledger_sums(session: Session, order_id: int) -> Sums:
    """Net amount per (kind, shop); corrections count against the kind they correct."""
    sums: Sums = defaultdict(int)
    for entry in entries_of(session, order_id):
        kind = LedgerKind(entry.kind)
        if kind in CORRECTS:
            sums[(CORRECTS[kind].value, entry.shop_id)] -= entry.amount_cents
        else:
            sums[(entry.kind, entry.shop_id)] += entry.amount_cents
    return {key: value for key, value in sums.items() if value}


def redemptions_by_sub_order(session: Session, order_id: int) -> dict[int, list[VoucherRedemption]]:
    grouped: dict[int, list[VoucherRedemption]] = defaultdict(list)
    for redemption in session.scalars(select(VoucherRedemption).where(VoucherRedemption.order_id == order_id)):
        grouped[redemption.sub_order_id].append(redemption)
    return grouped


def is_paid(session: Session, order: Order) -> bool:
    """Money is in (online charge recorded); offline orders count as "paid" for settling shops."""
    if order.payment_method != ONLINE:
        return True
    return entry_by_key(session, charge_key(order)) is not None


def is_sub_order_final(sub_order: SubOrder, order: Order) -> bool:
    """The shop has answered (or the sub-order was cancelled) and its weighed goods are weighed
    (or past packing): its money can move, and it moves by the weighed amounts."""
    return sub_order.status in DECIDED_STATUSES and weighing.weights_final(sub_order)


def paid_goods_cents(order: Order, sub_order: SubOrder) -> int:
    """What card and vouchers paid for this part: its lines' totals, or for weighed goods paid
    ahead (``weighing.PREPAY``) their upper bound, whose difference is refunded once weighed."""
    if order.weighed_payment == weighing.PREPAY:
        return weighing.upper_goods_cents(sub_order)
    return sum(line.total_cents for line in sub_order.lines)


def upper_bound_amount(session: Session, order: Order) -> int:
    """What an order with weighed goods authorises (or prepays): every weighed line at its
    heaviest allowed weight, less vouchers, plus the fee."""
    redemptions = redemptions_by_sub_order(session, order.id)
    return order.delivery_fee_cents + sum(
        max(0, weighing.upper_goods_cents(sub) - sum(r.amount_cents for r in redemptions.get(sub.id, [])))
        for sub in order.sub_orders
    )


# ------------------------------------------------------------------ keys

# Keys name a movement by Kiepe's ids (unique within one database); the gateway
# adds an installation prefix so databases sharing a Stripe account stay apart.


def charge_key(order: Order) -> str:
    return f"kiepe:{order.reference}:charge"


def sub_order_key(order: Order, sub_order: SubOrder, what: str) -> str:
    return f"kiepe:{order.reference}:so{sub_order.id}:{what}"


def order_key(order: Order, what: str) -> str:
    return f"kiepe:{order.reference}:{what}"


# ------------------------------------------------------------------ expectations


def expected_sums(session: Session, order: Order) -> Sums:
    """Per (kind, shop) what the ledger must hold for the order's current state."""
    expected: Sums = defaultdict(int)
    redemptions = redemptions_by_sub_order(session, order.id)
    commission_bp = order_region_commission(session, order)
    online = order.payment_method == ONLINE
    paid = is_paid(session, order)
    if online and paid:
        expected[(LedgerKind.charged.value, None)] = charged_amount(session, order)

    all_final = all(is_sub_order_final(sub, order) for sub in order.sub_orders)
    any_confirmed = False
    for sub in order.sub_orders:
        used = sum(r.amount_cents for r in redemptions.get(sub.id, []))
        expected[(LedgerKind.voucher_used.value, sub.shop_id)] += used
        if not is_sub_order_final(sub, order):
            continue
        if not paid:
            # Unpaid online order: a rejected/cancelled part gives its voucher value back at once.
            if sub.status in ALL_REJECTED_STATUSES:
                expected[(LedgerKind.voucher_returned.value, sub.shop_id)] += used
            continue
        split = split_of(session, order, sub, voucher_used_cents=used, commission_bp=commission_bp)
        any_confirmed = any_confirmed or split.confirmed_cents > 0
        expected[(LedgerKind.deposit_in.value, sub.shop_id)] += split.deposit_cents
        expected[(LedgerKind.deposit_out.value, sub.shop_id)] += split.deposit_returned_cents
        payout_kind = LedgerKind.transferred if online else LedgerKind.payable
        expected[(payout_kind.value, sub.shop_id)] += split.payout_cents
        expected[(LedgerKind.commission.value, sub.shop_id)] += split.commission_cents
        expected[(LedgerKind.voucher_returned.value, sub.shop_id)] += split.voucher_back_cents
        if online:
            expected[(LedgerKind.refunded.value, sub.shop_id)] += split.card_refund_cents
        for line in sub.lines:
            if line.voucher_cents is not None and not line_is_rejected(line, sub) and online:
                expected[(LedgerKind.voucher_sold.value, sub.shop_id)] += line.voucher_cents
    if paid and all_final and order.delivery_fee_cents:
        if any_confirmed:
            expected[(LedgerKind.delivery_fee.value, None)] = order.delivery_fee_cents
        elif online:
            expected[(LedgerKind.refunded.value, None)] = order.delivery_fee_cents
    return {key: value for key, value in expected.items() if value}


def split_of(session: Session, order: Order, sub: SubOrder, *, voucher_used_cents: int,
             commission_bp: int) -> ShopSplit:
    """``split_sub_order`` with what happened after ordering: goods weighed, empties returned, and
    cheaper substitutes taken (their line is at the substitute's price; what was paid is more)."""
    return split_sub_order(sub, voucher_used_cents=voucher_used_cents, commission_bp=commission_bp,
                           paid_goods_cents=paid_part_cents(session, order, sub),
                           deposit_returned_cents=deposits.returned_cents(session, sub))


def paid_part_cents(session: Session, order: Order, sub: SubOrder) -> int:
    """``paid_goods_cents`` plus what cheaper substitutes took off the lines since (issue 17): the
    line shows the substitute's price, the resident paid (or authorised) the one ordered."""
    return paid_goods_cents(order, sub) + substitutes.savings_cents(session, sub)


def order_region_commission(session: Session, order: Order) -> int:
    return session.get_one(Region, order.region_id).commission_bp or 0


def charged_amount(session: Session, order: Order) -> int:
    """What the resident pays by card: the order total less the vouchers applied to it.

    Per shop, since a weighed part may end up below the voucher applied to it (the voucher
    then keeps the rest); with weighed goods paid ahead, their upper bound."""
    redemptions = redemptions_by_sub_order(session, order.id)
    return order.delivery_fee_cents + sum(
        max(0, paid_part_cents(session, order, sub) - sum(r.amount_cents for r in redemptions.get(sub.id, [])))
        for sub in order.sub_orders
    )


@dataclass(frozen=True)
class Balance:
    money_in: int
    money_out: int
    held: int


def cash_balance(session: Session, order: Order) -> Balance:
    sums = ledger_sums(session, order.id)
    money_in = sum(v for (kind, _), v in sums.items() if LedgerKind(kind) in IN_KINDS)
    money_out = sum(v for (kind, _), v in sums.items() if LedgerKind(kind) in OUT_KINDS)
    return Balance(money_in, money_out, money_in - money_out)


def expected_held(session: Session, order: Order) -> int:
    """Card money that must still sit on the platform: undecided shops' shares and the fee."""
    if order.payment_method != ONLINE or not is_paid(session, order):
        return 0
    redemptions = redemptions_by_sub_order(session, order.id)
    pending = [sub for sub in order.sub_orders if not is_sub_order_final(sub, order)]
    held = sum(max(0, paid_part_cents(session, order, sub) - sum(r.amount_cents for r in redemptions.get(sub.id, [])))
               for sub in pending)
    if pending:
        held += order.delivery_fee_cents
    return held


def check_order_ledger(session: Session, order: Order) -> list[str]:
    """Problems with the order's ledger; an empty list means it balances and matches."""
    problems: list[str] = []
    balance = cash_balance(session, order)
    offline = order.payment_method != ONLINE
    collected = any(
        kind in (LedgerKind.collected_on_delivery.value, LedgerKind.invoiced.value)
        for (kind, _) in ledger_sums(session, order.id)
    )
    if not offline or collected:
        held = expected_held(session, order)
        if balance.held != held:
            problems.append(
                f"{order.reference}: in {balance.money_in} - out {balance.money_out} = {balance.held}, expected {held} held"
            )
    actual = ledger_sums(session, order.id)
    expected = expected_sums(session, order)
    # Money in for offline orders arrives later (courier, invoice run); it is checked by the balance above.
    ignore = {LedgerKind.collected_on_delivery.value, LedgerKind.invoiced.value}
    for key in sorted(set(actual) | set(expected), key=lambda k: (k[0], k[1] or 0)):
        if key[0] in ignore:
            continue
        if actual.get(key, 0) != expected.get(key, 0):
            problems.append(
                f"{order.reference}: {key[0]} for shop {key[1]}: ledger {actual.get(key, 0)}, expected {expected.get(key, 0)}"
            )
    problems.extend(check_vouchers(session, order))
    return problems


def check_vouchers(session: Session, order: Order) -> list[str]:
    """Every voucher this order touched: initial - what is spent == balance, never negative."""
    problems = []
    voucher_ids = {r.voucher_id for rs in redemptions_by_sub_order(session, order.id).values() for r in rs}
    voucher_ids |= set(session.scalars(select(Voucher.id).where(Voucher.order_id == order.id)))
    for voucher in session.scalars(select(Voucher).where(Voucher.id.in_(voucher_ids))):
        spent = sum(
            r.amount_cents - r.returned_cents
            for r in session.scalars(select(VoucherRedemption).where(VoucherRedemption.voucher_id == voucher.id))
        )
        if voucher.balance_cents < 0 or voucher.initial_cents - spent != voucher.balance_cents:
            problems.append(
                f"voucher {voucher.code}: initial {voucher.initial_cents} - spent {spent} != balance {voucher.balance_cents}"
            )
    return problems


def assert_order_balanced(session: Session, order: Order) -> None:
    problems = check_order_ledger(session, order)
    if problems:
        raise LedgerImbalance("; ".join(problems))
