"""Agenda versions, deadlines, calendar keys

Published versions of agendas, Directives deadlines marked done, personal calendar secrets;
cancelled sessions, uploaded documents, and the calendar SEQUENCE of events.

Revision ID: d34ea6321982
Revises: 776b39d3c5e3
Create Date: 2026-11-21 05:52:02.138697

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd34ea6321982'
down_revision = '776b39d3c5e3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_keys',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_keys'))
    )
    op.create_table('agenda_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('notified', sa.Integer(), nullable=True),
    sa.CheckConstraint('notified IS NULL OR notified >= 0', name=op.f('ck_agenda_versions_notified_not_negative')),
    sa.CheckConstraint('number > 0', name=op.f('ck_agenda_versions_number_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_agenda_versions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_agenda_versions_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_versions')),
    sa.UniqueConstraint('event_id', 'number', name=op.f('uq_agenda_versions_event_id_number'))
    )
    with op.batch_alter_table('agenda_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_versions_event_id'), ['event_id'], unique=False)

    op.create_table('deadline_completions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('draft_agenda', 'documents_for_decision', 'resolutions', 'minutes', 'wg_agenda', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('revision >= 0', name=op.f('ck_deadline_completions_revision_not_negative')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_deadline_completions_done_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_deadline_completions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_completions')),
    sa.UniqueConstraint('event_id', 'kind', name=op.f('uq_deadline_completions_event_id_kind'))
    )
    with op.batch_alter_table('deadline_completions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_completions_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_as', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('file_name', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_documents_stored_as'), ['stored_as'])
        batch_op.create_check_constraint(
            batch_op.f('ck_documents_link_or_file'), 'url IS NULL OR stored_as IS NULL')
        batch_op.create_check_constraint(
            batch_op.f('ck_documents_file_has_name'), '(stored_as IS NULL) = (file_name IS NULL)')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(
            batch_op.f('ck_events_sequence_not_negative'), 'sequence >= 0')

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('cancelled')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_events_sequence_not_negative'), type_='check')
        batch_op.drop_column('sequence')

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_documents_file_has_name'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_documents_link_or_file'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_documents_stored_as'), type_='unique')
        batch_op.drop_column('file_name')
        batch_op.drop_column('stored_as')

    with op.batch_alter_table('deadline_completions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_completions_event_id'))

    op.drop_table('deadline_completions')
    with op.batch_alter_table('agenda_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_versions_event_id'))

    op.drop_table('agenda_versions')
    op.drop_table('calendar_keys')
