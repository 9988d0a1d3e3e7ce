"""Organisers order the waiting list of a session

A session with limited seats gives a freed seat to the first request in line; organisers may
now place requests in that line (queue_rank, 1 = next), as they already could for the meeting.

Revision ID: 6b315f35c21d
Revises: d34ea6321982
Create Date: 2026-11-21 08:58:09.108506

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6b315f35c21d'
down_revision = 'd34ea6321982'
branch_labels = None
depends_on = None


def upgrade():
    # Autogenerate does not see check constraints: the second step is written by hand.
    with op.batch_alter_table('session_choices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_rank', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_session_choices_queue_rank_positive'),
            'queue_rank IS NULL OR queue_rank >= 1')


def downgrade():
    with op.batch_alter_table('session_choices', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_session_choices_queue_rank_positive'), type_='check')
        batch_op.drop_column('queue_rank')
