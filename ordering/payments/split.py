"""Pure arithmetic of the split: what each shop gets, keeps back and refunds.

For one shop's part of an order, once the shop has decided:

    confirmed   = lines it confirmed,     rejected = lines it rejected (all, if rejected/cancelled;
                                          cancelling an order cancels every open sub-order)
    voucher_kept = min(voucher used, confirmed)   -> the voucher pays confirmed goods first,
    voucher_back = voucher used - voucher_kept       so the resident gets card money back, not voucher value
    card_paid    = max(0, paid_goods - voucher used)  -> what the card paid for this part
    card_share   = confirmed - voucher_kept - deposit_returned  -> paid by card (or cash/invoice)
    card_refund  = card_paid - card_share         (= rejected - voucher_back + deposit_returned when
                                                   paid_goods are the lines' totals; weighed goods
                                                   prepaid at their upper bound refund the difference
                                                   too, and so does a cheaper substitute)
    commission   = (confirmed - voucher_kept - deposit confirmed) * commission_bp / 10000 (half up)
    payout       = card_share - commission        -> transfer (online) or payable (offline)

The voucher part carries no commission: it was taken when the voucher was sold. Nor does the
Pfand (issue 17): it passes through to the shop, and goes back to the resident for empties
returned, taken back from the shop's payout (``ordering.deposits``). A cheaper substitute taken
(``ordering.substitutes``) leaves its line at the substitute's price; the difference to what was
paid is refunded.
"""

from __future__ import annotations

from dataclasses import dataclass

from ordering.models import OrderLine, SubOrder, SubOrderStatus

# Statuses after which a shop's answer is final and money may move.
DECIDED_STATUSES = frozenset(s.value for s in SubOrderStatus) - {SubOrderStatus.placed.value}
ALL_REJECTED_STATUSES = frozenset({SubOrderStatus.rejected.value, SubOrderStatus.cancelled.value})


def commission_cents(amount_cents: int, commission_bp: int) -> int:
    """Basis points of an amount, rounded half up to the cent."""
    return (amount_cents * commission_bp + 5000) // 10000


def is_voucher_line(line: OrderLine) -> bool:
    return line.voucher_cents is not None


def goods_cents(sub_order: SubOrder) -> int:
    """What a voucher of this shop may pay: its goods, never other vouchers."""
    return sum(line.total_cents for line in sub_order.lines if not is_voucher_line(line))


def line_is_rejected(line: OrderLine, sub_order: SubOrder) -> bool:
    return sub_order.status in ALL_REJECTED_STATUSES or bool(line.rejected)


@dataclass(frozen=True)
class ShopSplit:
    confirmed_cents: int
    rejected_cents: int
    voucher_used_cents: int
    voucher_kept_cents: int
    voucher_back_cents: int
    card_refund_cents: int
    card_share_cents: int
    commission_cents: int
    payout_cents: int
    deposit_cents: int = 0  # Pfand in the confirmed lines
    deposit_returned_cents: int = 0  # Pfand given back for empties


def split_sub_order(
    sub_order: SubOrder, *, voucher_used_cents: int, commission_bp: int, paid_goods_cents: int | None = None,
    deposit_returned_cents: int = 0,
) -> ShopSplit:
    """``paid_goods_cents``: what card and vouchers paid for this part (default: its lines' totals);
    ``deposit_returned_cents``: Pfand given back for empties (issue 17)."""
    confirmed = rejected = deposit = 0
    for line in sub_order.lines:
        if line_is_rejected(line, sub_order):
            rejected += line.total_cents
        else:
            confirmed += line.total_cents
            deposit += line.total_cents if line.is_deposit else 0
    kept = min(voucher_used_cents, confirmed)
    back = voucher_used_cents - kept
    card_share = confirmed - kept - deposit_returned_cents
    paid = confirmed + rejected if paid_goods_cents is None else paid_goods_cents
    commission = commission_cents(max(0, confirmed - kept - deposit), commission_bp)
    return ShopSplit(
        confirmed_cents=confirmed,
        rejected_cents=rejected,
        voucher_used_cents=voucher_used_cents,
        voucher_kept_cents=kept,
        voucher_back_cents=back,
        card_refund_cents=max(0, paid - voucher_used_cents) - card_share,
        card_share_cents=card_share,
        commission_cents=commission,
        payout_cents=card_share - commission,
        deposit_cents=deposit,
        deposit_returned_cents=deposit_returned_cents,
    )
