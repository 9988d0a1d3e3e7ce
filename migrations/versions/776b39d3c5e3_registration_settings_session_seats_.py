"""Registration settings, session seats, invitation letters, account confirmation

Revision ID: 776b39d3c5e3
Revises: a290843c4e06
Create Date: 2026-11-21 05:51:02.158354

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '776b39d3c5e3'
down_revision = 'a290843c4e06'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('eligibility', sa.Enum('open', 'committee', 'regional_body', name='eligibility', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('regional_body_id', sa.Integer(), nullable=True),
    sa.Column('approval_policy', sa.Enum('automatic', 'focal_point', 'organisers', name='approval_policy', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('delegation_cap', sa.Integer(), nullable=True),
    sa.Column('public_list', sa.Enum('hidden', 'consenting', 'all', name='public_list', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('participants_list', sa.Enum('hidden', 'consenting', 'all', name='participants_list', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.CheckConstraint("eligibility <> 'regional_body' OR regional_body_id IS NOT NULL", name=op.f('ck_registration_settings_regional_eligibility_names_the_body')),
    sa.CheckConstraint('delegation_cap IS NULL OR delegation_cap > 0', name=op.f('ck_registration_settings_delegation_cap_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registration_settings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['regional_body_id'], ['organisations.id'], name=op.f('fk_registration_settings_regional_body_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_registration_settings'))
    )
    op.create_table('invitation_letter_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('name_in_passport', sa.String(length=255), nullable=False),
    sa.Column('passport_number', sa.String(length=40), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('passport_expires_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_invitation_letter_requests_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_letter_requests')),
    sa.UniqueConstraint('registration_id', name=op.f('uq_invitation_letter_requests_registration_id'))
    )
    op.create_table('session_choices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'waitlisted', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_session_choices_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_choices_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_choices')),
    sa.UniqueConstraint('registration_id', 'session_id', name=op.f('uq_session_choices_registration_id_session_id'))
    )
    with op.batch_alter_table('session_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_choices_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_choices_session_id'), ['session_id'], unique=False)

    op.create_table('session_seats',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.CheckConstraint('seats > 0', name=op.f('ck_session_seats_seats_positive')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_seats_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_session_seats'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waitlist_position', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('needs_invitation_letter', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('arrival_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('departure_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('dietary_needs', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('accessibility_needs', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('registered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))
        batch_op.create_index('uq_registrations_head_of_delegation', ['event_id', 'organisation_id'], unique=True, sqlite_where=sa.text("role = 'head_of_delegation' AND status IN ('pending', 'approved', 'waitlisted')"), postgresql_where=sa.text("role = 'head_of_delegation' AND status IN ('pending', 'approved', 'waitlisted')"))
        batch_op.create_foreign_key(batch_op.f('fk_registrations_registered_by_id_users'), 'users', ['registered_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_registrations_decided_by_id_users'), 'users', ['decided_by_id'], ['id'], ondelete='SET NULL')

    # Waitlisted rows (if any) keep their order; then the invariants hold for every row.
    op.execute("UPDATE registrations SET waitlist_position = id WHERE status = 'waitlisted'")
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'waitlisted_have_a_position',
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)")
        batch_op.create_check_constraint(
            'departs_after_arriving',
            'arrival_date IS NULL OR departure_date IS NULL OR departure_date >= arrival_date')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    # Accounts made before sign-up existed were created by the secretariat: confirmed.
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_registrations_departs_after_arriving'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_registrations_waitlisted_have_a_position'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_registrations_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_registrations_registered_by_id_users'), type_='foreignkey')
        batch_op.drop_index('uq_registrations_head_of_delegation', sqlite_where=sa.text("role = 'head_of_delegation' AND status IN ('pending', 'approved', 'waitlisted')"), postgresql_where=sa.text("role = 'head_of_delegation' AND status IN ('pending', 'approved', 'waitlisted')"))
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('registered_by_id')
        batch_op.drop_column('accessibility_needs')
        batch_op.drop_column('dietary_needs')
        batch_op.drop_column('departure_date')
        batch_op.drop_column('arrival_date')
        batch_op.drop_column('needs_invitation_letter')
        batch_op.drop_column('waitlist_position')

    op.drop_table('session_seats')
    with op.batch_alter_table('session_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_choices_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_choices_registration_id'))

    op.drop_table('session_choices')
    op.drop_table('invitation_letter_requests')
    op.drop_table('registration_settings')
