"""A plenary's decisions: participation by correspondence, resolutions (texts in versions
and languages, tied to agenda items and documents), votes and ballots, the published record
(resolutions, minutes), the audit trail, each committee's majority rule, and the drafting
committee of a meeting. New tables only.

Revision ID: bb56c3f7cba5
Revises: c3a8f0d5e2b7
Create Date: 2026-12-01 21:23:01.911802

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bb56c3f7cba5'
down_revision = 'c3a8f0d5e2b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_decision_rules',
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('majority', sa.Enum('simple', 'two_thirds', name='majority', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_committee_decision_rules_committee_id_committees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('committee_id', name=op.f('pk_committee_decision_rules'))
    )
    op.create_table('correspondence_participations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_correspondence_participations_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_correspondence_participations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_correspondence_participations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_correspondence_participations_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correspondence_participations')),
    sa.UniqueConstraint('event_id', 'organisation_id', name=op.f('uq_correspondence_participations_event_id_organisation_id'))
    )
    with op.batch_alter_table('correspondence_participations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correspondence_participations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('meeting_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('resolutions_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('minutes_text', sa.Text(), nullable=True),
    sa.Column('minutes_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meeting_records_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_records')),
    sa.UniqueConstraint('event_id', name=op.f('uq_meeting_records_event_id'))
    )
    op.create_table('resolutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('status', sa.Enum('draft', 'adopted', 'withdrawn', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('method', sa.Enum('consensus', 'vote', name='method', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(status = 'adopted') = (method IS NOT NULL)", name=op.f('ck_resolutions_adopted_by_a_method')),
    sa.CheckConstraint("(status = 'adopted') = (number IS NOT NULL)", name=op.f('ck_resolutions_numbered_when_adopted')),
    sa.CheckConstraint('number IS NULL OR (number > 0 AND year IS NOT NULL)', name=op.f('ck_resolutions_number_positive_with_year')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_resolutions_committee_id_committees')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_resolutions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_resolutions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolutions')),
    sa.UniqueConstraint('committee_id', 'year', 'number', name=op.f('uq_resolutions_committee_id_year_number'))
    )
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolutions_event_id'), ['event_id'], unique=False)

    op.create_table('decision_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_decision_log_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_decision_log_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_decision_log_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_log'))
    )
    with op.batch_alter_table('decision_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_log_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_log_resolution_id'), ['resolution_id'], unique=False)

    op.create_table('resolution_documents',
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_resolution_documents_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_resolution_documents_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resolution_id', 'document_id', name=op.f('pk_resolution_documents'))
    )
    op.create_table('resolution_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('edited_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('version > 0', name=op.f('ck_resolution_texts_version_positive')),
    sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f('fk_resolution_texts_edited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_resolution_texts_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution_texts')),
    sa.UniqueConstraint('resolution_id', 'language', 'version', name=op.f('uq_resolution_texts_resolution_id_language_version'))
    )
    with op.batch_alter_table('resolution_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolution_texts_resolution_id'), ['resolution_id'], unique=False)

    op.create_table('votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('majority', sa.Enum('simple', 'two_thirds', name='majority', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('carried', sa.Boolean(), nullable=True),
    sa.CheckConstraint('(closed_at IS NULL) = (carried IS NULL)', name=op.f('ck_votes_result_when_closed')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_votes_closed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_votes_opened_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_votes_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_votes_session_id_sessions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes'))
    )
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_votes_resolution_id'), ['resolution_id'], unique=False)
        batch_op.create_index('uq_votes_open_per_resolution', ['resolution_id'], unique=True, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Enum('yes', 'no', 'abstain', name='choice', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('channel', sa.Enum('head_of_delegation', 'called_out', name='channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('cast_by_id', sa.Integer(), nullable=True),
    sa.Column('cast_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['cast_by_id'], ['users.id'], name=op.f('fk_ballots_cast_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_ballots_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['vote_id'], ['votes.id'], name=op.f('fk_ballots_vote_id_votes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    sa.UniqueConstraint('vote_id', 'organisation_id', name=op.f('uq_ballots_vote_id_organisation_id'))
    )
    op.create_table('resolution_agenda_items',
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_resolution_agenda_items_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_resolution_agenda_items_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resolution_id', 'agenda_item_id', name=op.f('pk_resolution_agenda_items'))
    )
    op.create_table('drafting_committee_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('named_by_id', sa.Integer(), nullable=True),
    sa.Column('named_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_drafting_committee_members_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['named_by_id'], ['users.id'], name=op.f('fk_drafting_committee_members_named_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_drafting_committee_members_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafting_committee_members')),
    sa.UniqueConstraint('event_id', 'person_id', name=op.f('uq_drafting_committee_members_event_id_person_id'))
    )
    with op.batch_alter_table('drafting_committee_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafting_committee_members_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('drafting_committee_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafting_committee_members_person_id'))

    op.drop_table('drafting_committee_members')
    op.drop_table('resolution_agenda_items')
    op.drop_table('ballots')
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_index('uq_votes_open_per_resolution', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_votes_resolution_id'))

    op.drop_table('votes')
    with op.batch_alter_table('resolution_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolution_texts_resolution_id'))

    op.drop_table('resolution_texts')
    op.drop_table('resolution_documents')
    with op.batch_alter_table('decision_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_log_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_decision_log_event_id'))

    op.drop_table('decision_log')
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolutions_event_id'))

    op.drop_table('resolutions')
    op.drop_table('meeting_records')
    with op.batch_alter_table('correspondence_participations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correspondence_participations_organisation_id'))

    op.drop_table('correspondence_participations')
    op.drop_table('committee_decision_rules')
