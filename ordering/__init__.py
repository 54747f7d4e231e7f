"""Kiepe's ordering domain: catalog, carts, orders per shop, windows, residents.

Plain Python over SQLAlchemy. It imports nothing else of Kiepe's; external systems
(payments, messaging) sit behind the ports in :mod:`ordering.ports`.
"""
