"""Narrow roles per meeting: door staff, registration managers, the host's visa desk

The role column accepts three more values; each of them is given for a meeting or for an
organisation (whose hosted and organised meetings it covers), never globally.

Revision ID: 8c4e1f2a6b30
Revises: 9b74ae6699f4
Create Date: 2026-12-01 21:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8c4e1f2a6b30'
down_revision = '9b74ae6699f4'
branch_labels = None
depends_on = None

OLD_ROLES = ('secretariat', 'organiser', 'focal_point', 'delegate')
NEW_ROLES = OLD_ROLES + ('door_staff', 'registration_manager', 'visa_desk')


def _role_check(roles):
    return "role IN (" + ", ".join(f"'{role}'" for role in roles) + ")"


def upgrade():
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_role_grants_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_grants_role'), _role_check(NEW_ROLES))
        batch_op.create_check_constraint(
            op.f('ck_role_grants_meeting_role_of_something'),
            "role NOT IN ('door_staff', 'registration_manager', 'visa_desk') "
            "OR organisation_id IS NOT NULL OR event_id IS NOT NULL")


def downgrade():
    op.execute("DELETE FROM role_grants WHERE role IN "
               "('door_staff', 'registration_manager', 'visa_desk')")
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_role_grants_meeting_role_of_something'),
                                 type_='check')
        batch_op.drop_constraint(op.f('ck_role_grants_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_grants_role'), _role_check(OLD_ROLES))
