"""The language each account reads Plenaria in

Mails are written in their recipient's language. Existing accounts start without one (their
mails are written as before) and get it at their next sign-in.

Revision ID: db99e0a0ac35
Revises: 6b315f35c21d
Create Date: 2026-11-21 09:06:50.313817

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'db99e0a0ac35'
down_revision = '6b315f35c21d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
