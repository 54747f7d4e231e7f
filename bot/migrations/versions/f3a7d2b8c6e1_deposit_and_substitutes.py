"""Pfand and substitutes (issue 17): deposit lines, empties returned, substitute offers, the
resident's substitute preference

Deposit lines are order lines pointing to the product line they belong to; rows written before
have no deposit (the column is nullable). Empties and offers are new tables.

Revision ID: f3a7d2b8c6e1
Revises: f3a9d2c6b8e1
Create Date: 2026-12-06 11:00:00
"""

from alembic import op
import sqlalchemy as sa
import ordering.models


revision = 'f3a7d2b8c6e1'
down_revision = 'f3a9d2c6b8e1'  # re-chained after the outbox migration (merge of main)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deposit_for_line_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_order_lines_deposit_for_line_id_order_lines'), 'order_lines',
                                    ['deposit_for_line_id'], ['id'])
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('substitute_preference', sa.String(length=8), nullable=True))
    op.create_table(
        'deposit_returns',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('sub_order_id', sa.Integer(), nullable=False),
        sa.Column('shop_id', sa.Integer(), nullable=False),
        sa.Column('deposit_cents', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=50), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('at', ordering.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_deposit_returns_order_id_orders')),
        sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_deposit_returns_shop_id_shops')),
        sa.ForeignKeyConstraint(['sub_order_id'], ['sub_orders.id'], name=op.f('fk_deposit_returns_sub_order_id_sub_orders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deposit_returns')),
        sa.UniqueConstraint('sub_order_id', 'deposit_cents', 'label', name=op.f('uq_deposit_returns_sub_order_id')),
    )
    with op.batch_alter_table('deposit_returns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deposit_returns_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deposit_returns_shop_id'), ['shop_id'], unique=False)
    op.create_table(
        'substitute_offers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('sub_order_id', sa.Integer(), nullable=False),
        sa.Column('line_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('ordered_name', sa.String(length=200), nullable=False),
        sa.Column('ordered_cents', sa.Integer(), nullable=False),
        sa.Column('offered_cents', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('decided_by', sa.String(length=16), nullable=True),
        sa.Column('answer_code', sa.String(length=6), nullable=False),
        sa.Column('proposed_at', ordering.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('deadline', ordering.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('answered_at', ordering.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['line_id'], ['order_lines.id'], name=op.f('fk_substitute_offers_line_id_order_lines')),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_substitute_offers_order_id_orders')),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_substitute_offers_product_id_products')),
        sa.ForeignKeyConstraint(['sub_order_id'], ['sub_orders.id'], name=op.f('fk_substitute_offers_sub_order_id_sub_orders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_substitute_offers')),
        sa.UniqueConstraint('line_id', name=op.f('uq_substitute_offers_line_id')),
    )
    with op.batch_alter_table('substitute_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_substitute_offers_answer_code'), ['answer_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_substitute_offers_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_substitute_offers_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_substitute_offers_sub_order_id'), ['sub_order_id'], unique=False)


def downgrade() -> None:
    op.drop_table('substitute_offers')
    op.drop_table('deposit_returns')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('substitute_preference')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_order_lines_deposit_for_line_id_order_lines'), type_='foreignkey')
        batch_op.drop_column('deposit_for_line_id')
