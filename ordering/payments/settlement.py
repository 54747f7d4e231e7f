"""A shop's settlement for a period: one row per order, from the ledger, as CSV.

Rows cover every payment method: online orders show what was transferred, orders
paid on delivery or by invoice what Kiepe owes the shop (``payable``). The period
is in the region's local dates, both ends included; a row sums the shop's entries
dated in the period, so consecutive periods add up to the whole.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ordering.models import Order, Region, Shop, SubOrder
from ordering.payments.models import EntryStatus, LedgerEntry, LedgerKind


@dataclass
class SettlementRow:
    reference: str
    ordered_on: date
    payment_method: str
    status: str
    goods_cents: int = 0  # confirmed goods and vouchers sold, what the shop earned
    voucher_paid_cents: int = 0  # part of it paid with the shop's own vouchers
    commission_cents: int = 0
    transferred_cents: int = 0
    payable_cents: int = 0  # still owed outside Stripe (paid on delivery, invoice)
    refunded_cents: int = 0  # given back to the resident for rejected items
    vouchers_sold_cents: int = 0
    deposit_in_cents: int = 0  # Pfand received with the goods (inside transferred/payable)
    deposit_out_cents: int = 0  # Pfand given back for empties (taken off transferred/payable)
    transfer_ids: list[str] = field(default_factory=list)
    open_movements: int = 0  # failed or unfinished transfers, for reconcile


def period_bounds(region: Region, date_from: date, date_to: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(region.timezone)
    start = datetime.combine(date_from, time.min, zone)
    end = datetime.combine(date_to + timedelta(days=1), time.min, zone)
    return start, end


def settlement_rows(session: Session, shop_id: int, date_from: date, date_to: date) -> list[SettlementRow]:
    shop = session.get_one(Shop, shop_id)
    region = session.get_one(Region, shop.region_id)
    start, end = period_bounds(region, date_from, date_to)
    entries = session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.shop_id == shop_id, LedgerEntry.at >= start, LedgerEntry.at < end)
        .order_by(LedgerEntry.order_id, LedgerEntry.id)
    )
    by_order: dict[int, list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        by_order[entry.order_id].append(entry)
    zone = ZoneInfo(region.timezone)
    rows = []
    for order_id, order_entries in by_order.items():
        order = session.get_one(Order, order_id)
        sub = session.scalar(select(SubOrder).where(SubOrder.order_id == order_id, SubOrder.shop_id == shop_id))
        row = SettlementRow(
            reference=order.reference,
            ordered_on=order.created_at.astimezone(zone).date(),
            payment_method=order.payment_method,
            status=sub.status if sub is not None else "",
        )
        for entry in order_entries:
            _add(row, entry)
        # Goods only: the Pfand passes through (in with the payout, out again for empties).
        row.goods_cents = (row.transferred_cents + row.payable_cents + row.commission_cents + row.voucher_paid_cents
                           - row.deposit_in_cents + row.deposit_out_cents)
        rows.append(row)
    return rows


def _add(row: SettlementRow, entry: LedgerEntry) -> None:
    kind, amount = LedgerKind(entry.kind), entry.amount_cents
    if entry.status != EntryStatus.succeeded.value:
        row.open_movements += 1
    if kind is LedgerKind.transferred:
        row.transferred_cents += amount
        if entry.stripe_id:
            row.transfer_ids.append(entry.stripe_id)
    elif kind is LedgerKind.transfer_reversed:  # taken back (a part cancelled, Pfand for empties)
        row.transferred_cents -= amount
    elif kind is LedgerKind.payable:
        row.payable_cents += amount
    elif kind is LedgerKind.payable_reversed:
        row.payable_cents -= amount
    elif kind is LedgerKind.commission:
        row.commission_cents += amount
    elif kind is LedgerKind.commission_reversed:
        row.commission_cents -= amount
    elif kind is LedgerKind.refunded:
        row.refunded_cents += amount
    elif kind is LedgerKind.voucher_used:
        row.voucher_paid_cents += amount
    elif kind is LedgerKind.voucher_returned:
        row.voucher_paid_cents -= amount
    elif kind is LedgerKind.voucher_sold:
        row.vouchers_sold_cents += amount
    elif kind is LedgerKind.deposit_in:
        row.deposit_in_cents += amount
    elif kind is LedgerKind.deposit_in_reversed:
        row.deposit_in_cents -= amount
    elif kind is LedgerKind.deposit_out:
        row.deposit_out_cents += amount


COLUMNS = (
    ("Bestellung", "reference"),
    ("Bestellt am", "ordered_on"),
    ("Zahlart", "payment_method"),
    ("Status", "status"),
    ("Umsatz", "goods_cents"),
    ("davon Gutschein", "voucher_paid_cents"),
    ("Provision", "commission_cents"),
    ("Überwiesen", "transferred_cents"),
    ("Offen (bar/Rechnung)", "payable_cents"),
    ("Erstattet", "refunded_cents"),
    ("Gutscheine verkauft", "vouchers_sold_cents"),
    ("Pfand erhalten", "deposit_in_cents"),
    ("Pfand zurück", "deposit_out_cents"),
    ("Stripe-Überweisungen", "transfer_ids"),
    ("Nicht ausgeführt", "open_movements"),
)


def euro(cents: int) -> str:
    """German spreadsheet style: 1234,50 (no thousands separator, so it stays a number)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100},{cents % 100:02d}"


def write_csv(rows: list[SettlementRow], out: TextIO) -> None:
    """Semicolon-separated with decimal commas, as German spreadsheets open it; a sum row last."""
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([title for title, _ in COLUMNS])
    for row in rows:
        writer.writerow([_cell(name, getattr(row, name)) for _, name in COLUMNS])
    totals = ["Summe", "", "", ""]
    for _, name in COLUMNS[4:]:
        if name.endswith("_cents"):
            totals.append(euro(sum(getattr(r, name) for r in rows)))
        elif name == "open_movements":
            totals.append(str(sum(r.open_movements for r in rows)))
        else:
            totals.append("")
    writer.writerow(totals)


def _cell(name: str, value: Any) -> str:  # a SettlementRow field, read by name
    if name.endswith("_cents"):
        return euro(value)
    if isinstance(value, list):
        return " ".join(value)
    return str(value)
