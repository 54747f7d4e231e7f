"""Shop vouchers: codes, issuing, spending and giving value back.

The balance is only changed by conditional UPDATEs (``WHERE balance >= :amount``),
so two checkouts racing for the same voucher can never both spend it: the second
UPDATE finds too little left, matches no row, and that checkout gets what remains
(or a Conflict when nothing does).
"""

from __future__ import annotations

import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ordering.db import affected_rows
from ordering.errors import (
    Conflict,
    NotFound,
    NoVouchers,
    UnknownVoucher,
    VoucherAfterPayment,
    VoucherAmountOutOfRange,
    VoucherForOtherShop,
    VoucherSpent,
)
from ordering.models import Order, OrderLine, Shop, SubOrder
from ordering.payments import ledger
from ordering.payments.models import LedgerKind, Payment, PaymentStatus, Voucher, VoucherRedemption
from ordering.payments.split import goods_cents

# No 0/O, 1/I/L: codes are read out on the phone and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """"abcd-efgh " -> "ABCDEFGH": residents add dashes and spaces."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def check_voucher_amount(shop: Shop, amount_cents: int) -> None:
    """A voucher for ``shop`` must be within its range, and the shop must sell vouchers (the cart's check)."""
    if shop.voucher_min_cents is None or shop.voucher_max_cents is None:
        raise NoVouchers(f"{shop.name} does not sell vouchers", shop=shop.name)
    if not shop.voucher_min_cents <= amount_cents <= shop.voucher_max_cents:
        raise VoucherAmountOutOfRange(
            f"voucher amount must be between {shop.voucher_min_cents} and {shop.voucher_max_cents} cents",
            shop=shop.name, min_cents=shop.voucher_min_cents, max_cents=shop.voucher_max_cents,
        )


def issue_voucher(session: Session, order: Order, sub_order: SubOrder, line: OrderLine) -> tuple[Voucher, bool]:
    """The voucher bought with ``line`` and whether it is new (once per line: the line is unique on it)."""
    if line.voucher_cents is None:
        raise ValueError(f"order line {line.id} sells no voucher")
    existing = session.scalar(select(Voucher).where(Voucher.order_line_id == line.id))
    if existing is not None:
        return existing, False
    code = new_code()
    while session.scalar(select(Voucher.id).where(Voucher.code == code)) is not None:
        code = new_code()
    voucher = Voucher(
        code=code,
        shop_id=sub_order.shop_id,
        initial_cents=line.voucher_cents,
        balance_cents=line.voucher_cents,
        paid=True,
        order_id=order.id,
        order_line_id=line.id,
    )
    session.add(voucher)
    session.flush()
    ledger.record(
        session,
        order=order,
        kind=LedgerKind.voucher_sold,
        amount_cents=line.voucher_cents,
        key=ledger.sub_order_key(order, sub_order, f"voucher_sold:l{line.id}"),
        shop_id=sub_order.shop_id,
        sub_order_id=sub_order.id,
        voucher_id=voucher.id,
    )
    return voucher, True


def find_voucher(session: Session, code: str) -> Voucher:
    voucher = session.scalar(select(Voucher).where(Voucher.code == normalize_code(code)))
    if voucher is None or not voucher.paid:
        raise UnknownVoucher(f"no voucher {code!r}", code=code)
    return voucher


def _forget_balance(session: Session, voucher_id: int) -> None:
    """After a bulk UPDATE the loaded Voucher (if any) holds an old balance: drop it."""
    voucher = session.identity_map.get(session.identity_key(Voucher, voucher_id))
    if voucher is not None:
        session.expire(voucher, ["balance_cents"])


def _current_balance(session: Session, voucher_id: int) -> int:
    # A column query, not the identity map: after a lost race we need the committed value.
    return session.execute(select(Voucher.balance_cents).where(Voucher.id == voucher_id)).scalar_one()


def apply_voucher(session: Session, order_id: int, code: str, *, max_cents: int | None = None) -> VoucherRedemption:
    """Let a voucher pay (part of) its shop's share of an order, before ``start_payment``.

    Takes as much as the balance, the shop's goods (vouchers do not buy vouchers)
    and ``max_cents`` allow; the rest of the balance stays on the voucher.
    """
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id} not found")
    if order.status == "cancelled":
        raise Conflict(f"order {order.reference} is cancelled")
    started = session.scalar(
        select(Payment.id).where(Payment.order_id == order.id, Payment.status.in_([PaymentStatus.pending.value, PaymentStatus.authorised.value,
                                                                      PaymentStatus.paid.value]))
    )
    if started is not None:
        raise VoucherAfterPayment(f"order {order.reference}: payment already started, vouchers go first")
    voucher = find_voucher(session, code)
    sub_order = next((sub for sub in order.sub_orders if sub.shop_id == voucher.shop_id), None)
    if sub_order is None:
        raise VoucherForOtherShop(f"voucher {voucher.code} is for shop {voucher.shop_id}, not part of order {order.reference}")
    if session.scalar(
        select(VoucherRedemption.id).where(VoucherRedemption.voucher_id == voucher.id, VoucherRedemption.sub_order_id == sub_order.id)
    ):
        raise Conflict(f"voucher {voucher.code} already applied to order {order.reference}")
    already = sum(
        session.scalars(select(VoucherRedemption.amount_cents).where(VoucherRedemption.sub_order_id == sub_order.id))
    )
    room = goods_cents(sub_order) - already
    if max_cents is not None:
        room = min(room, max_cents)

    for _ in range(5):  # each lost race leaves less; a few rounds always settle it
        amount = min(room, _current_balance(session, voucher.id))
        if amount <= 0:
            raise VoucherSpent(f"voucher {voucher.code} has no balance left for this order")
        spent = session.execute(
            update(Voucher)
            .where(Voucher.id == voucher.id, Voucher.balance_cents >= amount)
            .values(balance_cents=Voucher.balance_cents - amount)
            .execution_options(synchronize_session=False)
        )
        if affected_rows(spent) == 1:
            break
    else:
        raise Conflict(f"voucher {voucher.code} is being used elsewhere right now")

    redemption = VoucherRedemption(voucher_id=voucher.id, order_id=order.id, sub_order_id=sub_order.id, amount_cents=amount)
    session.add(redemption)
    session.flush()
    _forget_balance(session, voucher.id)
    ledger.record(
        session,
        order=order,
        kind=LedgerKind.voucher_used,
        amount_cents=amount,
        key=ledger.sub_order_key(order, sub_order, f"voucher_used:v{voucher.id}"),
        shop_id=sub_order.shop_id,
        sub_order_id=sub_order.id,
        voucher_id=voucher.id,
    )
    return redemption


def give_back(session: Session, order: Order, sub_order: SubOrder, amount_cents: int) -> None:
    """Put ``amount_cents`` of a shop's voucher use back on its vouchers (latest redemption first)."""
    remaining = amount_cents
    redemptions = session.scalars(
        select(VoucherRedemption).where(VoucherRedemption.sub_order_id == sub_order.id).order_by(VoucherRedemption.id.desc())
    )
    for redemption in redemptions:
        if remaining <= 0:
            break
        key = ledger.sub_order_key(order, sub_order, f"voucher_back:r{redemption.id}")
        if (given := ledger.entry_by_key(session, key)) is not None:
            remaining -= given.amount_cents
            continue
        back = min(remaining, redemption.amount_cents - redemption.returned_cents)
        if back <= 0:
            continue
        session.execute(
            update(VoucherRedemption)
            .where(VoucherRedemption.id == redemption.id, VoucherRedemption.returned_cents + back <= VoucherRedemption.amount_cents)
            .values(returned_cents=VoucherRedemption.returned_cents + back)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Voucher)
            .where(Voucher.id == redemption.voucher_id)
            .values(balance_cents=Voucher.balance_cents + back)
            .execution_options(synchronize_session=False)
        )
        session.expire(redemption)
        _forget_balance(session, redemption.voucher_id)
        ledger.record(
            session,
            order=order,
            kind=LedgerKind.voucher_returned,
            amount_cents=back,
            key=key,
            shop_id=sub_order.shop_id,
            sub_order_id=sub_order.id,
            voucher_id=redemption.voucher_id,
        )
        remaining -= back
