"""Prep sessions, attendance imports, check-in by day, review queue, remote problems

Revision ID: a290843c4e06
Revises: a2c1ee1a9337
Create Date: 2026-11-21 05:49:06.729820

Issue 5: online prep sessions (the meeting they prepare, facilitator, Webex details,
invitations, remote-participation problems) and attendance (imports of remote-meeting exports
with their review queue, check-in per day, the origin of every row).

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a290843c4e06'
down_revision = 'a2c1ee1a9337'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('prep_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_prep_invitations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_prep_invitations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_prep_invitations_sent_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prep_invitations')),
    sa.UniqueConstraint('event_id', 'organisation_id', name=op.f('uq_prep_invitations_event_id_organisation_id'))
    )
    with op.batch_alter_table('prep_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prep_invitations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('prep_session_details',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('meeting_number', sa.String(length=40), nullable=True),
    sa.Column('access_code', sa.String(length=40), nullable=True),
    sa.Column('dial_in_numbers', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_prep_session_details_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['facilitator_id'], ['people.id'], name=op.f('fk_prep_session_details_facilitator_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prep_session_details')),
    sa.UniqueConstraint('event_id', name=op.f('uq_prep_session_details_event_id'))
    )
    with op.batch_alter_table('prep_session_details', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prep_session_details_facilitator_id'), ['facilitator_id'], unique=False)

    op.create_table('remote_problem_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_remote_problem_reports_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_remote_problem_reports_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_remote_problem_reports_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_remote_problem_reports_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_problem_reports')),
    sa.UniqueConstraint('event_id', 'person_id', name=op.f('uq_remote_problem_reports_event_id_person_id'))
    )
    with op.batch_alter_table('remote_problem_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remote_problem_reports_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_remote_problem_reports_person_id'), ['person_id'], unique=False)

    op.create_table('attendance_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('format', sa.Enum('webex', 'zoom', 'teams', 'csv', name='format', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('encoding', sa.String(length=20), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendance_imports_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_attendance_imports_imported_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_attendance_imports_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_imports')),
    sa.UniqueConstraint('event_id', 'checksum', name=op.f('uq_attendance_imports_event_id_checksum'))
    )
    with op.batch_alter_table('attendance_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_imports_session_id'), ['session_id'], unique=False)

    op.create_table('remote_problems',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('audio', 'video', 'connection', 'time_zone', 'language', 'platform_access', 'document_access', 'other', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['remote_problem_reports.id'], name=op.f('fk_remote_problems_report_id_remote_problem_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'kind', name=op.f('pk_remote_problems'))
    )
    op.create_table('attendance_review_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('lines', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('organisation_text', sa.String(length=255), nullable=True),
    sa.Column('suggested_organisation_id', sa.Integer(), nullable=True),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'resolved', 'dismissed', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attendance_id', sa.Integer(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('minutes IS NULL OR minutes >= 0', name=op.f('ck_attendance_review_items_minutes_not_negative')),
    sa.ForeignKeyConstraint(['attendance_id'], ['attendances.id'], name=op.f('fk_attendance_review_items_attendance_id_attendances'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendance_review_items_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['attendance_imports.id'], name=op.f('fk_attendance_review_items_import_id_attendance_imports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_attendance_review_items_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_attendance_review_items_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['suggested_organisation_id'], ['organisations.id'], name=op.f('fk_attendance_review_items_suggested_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_review_items'))
    )
    with op.batch_alter_table('attendance_review_items', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_review_items_event_status', ['event_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_review_items_import_id'), ['import_id'], unique=False)

    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attendances_import_id'), ['import_id'], unique=False)
        # Check-in per day: the event-wide row is now the one without session and without day.
        batch_op.drop_index('uq_attendances_person_event')
        batch_op.create_index('uq_attendances_person_event', ['person_id', 'event_id'], unique=True, sqlite_where=sa.text('session_id IS NULL AND day IS NULL'), postgresql_where=sa.text('session_id IS NULL AND day IS NULL'))
        batch_op.create_index('uq_attendances_person_day', ['person_id', 'event_id', 'day'], unique=True, sqlite_where=sa.text('day IS NOT NULL'), postgresql_where=sa.text('day IS NOT NULL'))
        batch_op.create_foreign_key(batch_op.f('fk_attendances_import_id_attendance_imports'), 'attendance_imports', ['import_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_attendances_recorded_by_id_users'), 'users', ['recorded_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_attendances_session_or_day'), 'session_id IS NULL OR day IS NULL')
        batch_op.create_check_constraint(op.f('ck_attendances_import_only_for_imports'), "origin = 'import' OR import_id IS NULL")

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prepares_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_prepares_id'), ['prepares_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_prepares_id_events'), 'events', ['prepares_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_events_not_own_preparation'), 'prepares_id IS NULL OR prepares_id <> id')



def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_events_not_own_preparation'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_events_prepares_id_events'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_prepares_id'))
        batch_op.drop_column('prepares_id')

    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attendances_import_only_for_imports'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_attendances_session_or_day'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_attendances_recorded_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_attendances_import_id_attendance_imports'), type_='foreignkey')
        batch_op.drop_index('uq_attendances_person_day', sqlite_where=sa.text('day IS NOT NULL'), postgresql_where=sa.text('day IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_attendances_import_id'))
        batch_op.drop_index('uq_attendances_person_event')
        batch_op.create_index('uq_attendances_person_event', ['person_id', 'event_id'], unique=True, sqlite_where=sa.text('session_id IS NULL'), postgresql_where=sa.text('session_id IS NULL'))
        batch_op.drop_column('recorded_by_id')
        batch_op.drop_column('import_id')
        batch_op.drop_column('day')

    with op.batch_alter_table('attendance_review_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_review_items_import_id'))
        batch_op.drop_index('ix_attendance_review_items_event_status')

    op.drop_table('attendance_review_items')
    op.drop_table('remote_problems')
    with op.batch_alter_table('attendance_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_imports_session_id'))

    op.drop_table('attendance_imports')
    with op.batch_alter_table('remote_problem_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remote_problem_reports_person_id'))
        batch_op.drop_index(batch_op.f('ix_remote_problem_reports_organisation_id'))

    op.drop_table('remote_problem_reports')
    with op.batch_alter_table('prep_session_details', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prep_session_details_facilitator_id'))

    op.drop_table('prep_session_details')
    with op.batch_alter_table('prep_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prep_invitations_organisation_id'))

    op.drop_table('prep_invitations')
