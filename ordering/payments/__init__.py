"""Payments for Kiepe orders: Stripe Connect split, vouchers, ledger, settlement.

Import ``ordering.payments.models`` before ``create_all`` so the tables exist;
this package's ``__init__`` does it for you.
"""

from ordering.payments import models as models  # noqa: F401 - registers the tables on Base
