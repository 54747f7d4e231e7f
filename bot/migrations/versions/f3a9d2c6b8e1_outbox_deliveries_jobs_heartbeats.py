"""nothing dropped: deliveries per event and subscriber, job leases, worker heartbeats

``event_deliveries`` replaces ``order_events.dispatch_attempts``: attempts are counted per
subscriber now. Events not yet dispatched (including those the old bus gave up after five
attempts) are handed to their subscribers again by the new dispatcher.

Revision ID: f3a9d2c6b8e1
Revises: f3a9d2c7b1e8
Create Date: 2026-12-06 11:00:00
"""

from alembic import op
import sqlalchemy as sa
import ordering.models


revision = 'f3a9d2c6b8e1'
down_revision = 'f3a9d2c7b1e8'  # re-chained after the weighed-goods migration
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('subscriber', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', ordering.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('leased_until', ordering.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('lease_token', sa.String(length=64), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('first_failed_at', ordering.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('parked_at', ordering.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', ordering.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', ordering.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['order_events.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'subscriber')
    )
    with op.batch_alter_table('event_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_event_deliveries_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_deliveries_event_id'), ['event_id'], unique=False)

    op.create_table('job_leases',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=100), nullable=True),
    sa.Column('leased_until', ordering.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_started_at', ordering.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_finished_at', ordering.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('worker_heartbeats',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('started_at', ordering.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('beat_at', ordering.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_heartbeats_beat_at'), ['beat_at'], unique=False)

    with op.batch_alter_table('order_events', schema=None) as batch_op:
        batch_op.drop_column('dispatch_attempts')


def downgrade() -> None:
    with op.batch_alter_table('order_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dispatch_attempts', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('worker_heartbeats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_heartbeats_beat_at'))
    op.drop_table('worker_heartbeats')
    op.drop_table('job_leases')
    with op.batch_alter_table('event_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_deliveries_event_id'))
        batch_op.drop_index('ix_event_deliveries_due')
    op.drop_table('event_deliveries')
