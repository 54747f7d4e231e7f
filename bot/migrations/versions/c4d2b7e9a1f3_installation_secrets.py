"""installation secrets (locally generated signing secret)

Revision ID: c4d2b7e9a1f3
Revises: a7c3e1f0b2d4
Create Date: 2026-11-24 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import ordering.models


revision = 'c4d2b7e9a1f3'
down_revision = 'a7c3e1f0b2d4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('installation_secrets',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.Column('created_at', ordering.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_installation_secrets'))
    )


def downgrade() -> None:
    op.drop_table('installation_secrets')
