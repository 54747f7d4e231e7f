"""shop rules from the catalog: holidays, closing days, minimum order, free delivery, allergens,
deposit, age restriction, substitutes, weighed-goods tolerance; the age check of an order

All new columns are nullable: a catalog without the optional fields stays valid, and rows
written before keep meaning "no rule".

Revision ID: e5b8c1d3f9a4
Revises: c7202c1e5a56
Create Date: 2026-12-06 08:00:00
"""

from alembic import op
import sqlalchemy as sa
import ordering.models


revision = 'e5b8c1d3f9a4'
down_revision = 'c7202c1e5a56'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holidays_state', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('free_delivery_from_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('weighed_tolerance_percent', sa.Integer(), nullable=True))
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_order_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_days', sa.JSON(), nullable=True))
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('allergens', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('deposit_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('min_age', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('substitutes', sa.JSON(), nullable=True))
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_age', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('age_check', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('age_checked_at', ordering.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('age_checked_by', sa.String(length=100), nullable=True))
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_age', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_column('min_age')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        for column in ('age_checked_by', 'age_checked_at', 'age_check', 'min_age'):
            batch_op.drop_column(column)
    with op.batch_alter_table('products', schema=None) as batch_op:
        for column in ('substitutes', 'min_age', 'deposit_cents', 'allergens'):
            batch_op.drop_column(column)
    with op.batch_alter_table('shops', schema=None) as batch_op:
        for column in ('closed_days', 'min_order_cents'):
            batch_op.drop_column(column)
    with op.batch_alter_table('regions', schema=None) as batch_op:
        for column in ('weighed_tolerance_percent', 'free_delivery_from_cents', 'holidays_state'):
            batch_op.drop_column(column)
