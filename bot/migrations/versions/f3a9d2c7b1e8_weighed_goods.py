"""weighed goods: the tolerance, the weight the shop entered and when, per order line; how an
online order with weighed goods is paid

All new columns are nullable: lines and orders written before are not weighed goods.

Revision ID: f3a9d2c7b1e8
Revises: e5b8c1d3f9a4
Create Date: 2026-12-06 11:00:00
"""

from alembic import op
import sqlalchemy as sa
import ordering.models


revision = 'f3a9d2c7b1e8'
down_revision = 'e5b8c1d3f9a4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tolerance_percent', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('weighed_quantity', sa.Numeric(precision=12, scale=3), nullable=True))
        batch_op.add_column(sa.Column('weighed_at', ordering.models.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weighed_payment', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('weighed_payment')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        for column in ('weighed_at', 'weighed_quantity', 'tolerance_percent'):
            batch_op.drop_column(column)
