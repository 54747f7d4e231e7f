"""sub-order answer codes (shops answer by SMS with a random code, not the sequential id)

Revision ID: c4e8a2d1f7b3
Revises: cfd3fad8c2cd
Create Date: 2026-11-24 09:00:00
"""

import secrets

from alembic import op
import sqlalchemy as sa

# As ordering.models.new_answer_code was when this migration was written.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467"


def new_answer_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(6))


revision = 'c4e8a2d1f7b3'
down_revision = 'cfd3fad8c2cd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sub_orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_code', sa.String(length=6), nullable=True))
        batch_op.create_index(batch_op.f('ix_sub_orders_answer_code'), ['answer_code'], unique=False)
    # Orders placed before: a code each, so their shops can still answer.
    sub_orders = sa.table('sub_orders', sa.column('id', sa.Integer), sa.column('answer_code', sa.String))
    connection = op.get_bind()
    for (sub_id,) in connection.execute(sa.select(sub_orders.c.id).where(sub_orders.c.answer_code.is_(None))).all():
        connection.execute(sub_orders.update().where(sub_orders.c.id == sub_id).values(answer_code=new_answer_code()))


def downgrade() -> None:
    with op.batch_alter_table('sub_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sub_orders_answer_code'))
        batch_op.drop_column('answer_code')
