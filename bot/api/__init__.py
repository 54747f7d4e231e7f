"""Kiepe's REST API (FastAPI): catalog, residents' carts and orders, shops, admin."""
