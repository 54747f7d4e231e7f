"""Imports every module that defines tables, so the metadata (and Alembic) sees them all."""

from ordering import models  # noqa: F401
