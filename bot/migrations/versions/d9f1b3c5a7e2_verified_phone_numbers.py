"""verified phone numbers (a typed number no longer ties a resident to calls from it)

Numbers stored before count as unverified: nobody proved them. Callers keep their conversation
(it is keyed by their number) and prove their number again by calling.

Revision ID: d9f1b3c5a7e2
Revises: c4e8a2d1f7b3
Create Date: 2026-11-24 10:00:00
"""

from alembic import op
import sqlalchemy as sa
import ordering.models


revision = 'd9f1b3c5a7e2'
down_revision = 'c4e8a2d1f7b3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('phone_verifications',
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', ordering.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_phone_verifications_resident_id_residents')),
    sa.PrimaryKeyConstraint('resident_id', name=op.f('pk_phone_verifications'))
    )
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_verified_at', ordering.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_residents_phone'), type_='unique')
        batch_op.create_index(batch_op.f('ix_residents_phone'), ['phone'], unique=False)
        batch_op.create_index('uq_residents_verified_phone', ['phone'], unique=True, sqlite_where=sa.text('phone_verified_at IS NOT NULL'), postgresql_where=sa.text('phone_verified_at IS NOT NULL'))



def downgrade() -> None:
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index('uq_residents_verified_phone', sqlite_where=sa.text('phone_verified_at IS NOT NULL'), postgresql_where=sa.text('phone_verified_at IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_residents_phone'))
        batch_op.create_unique_constraint(batch_op.f('uq_residents_phone'), ['phone'])
        batch_op.drop_column('phone_verified_at')

    op.drop_table('phone_verifications')
