"""Committees as they are: officers, subgroups, experts, liaison committees, subgroup meetings

New tables only, plus a fourth eligibility rule ("group_experts") allowed in the CHECK of
registration_settings.eligibility (autogenerate does not see it: written by hand).

Revision ID: 02d48146028f
Revises: 211500d61d07
Create Date: 2026-12-01 21:01:52.129152

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '02d48146028f'
down_revision = '211500d61d07'
branch_labels = None
depends_on = None


ELIGIBILITY_BEFORE = "eligibility IN ('open', 'committee', 'regional_body')"
ELIGIBILITY_AFTER = "eligibility IN ('open', 'committee', 'regional_body', 'group_experts')"


def _eligibility_check(condition):
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_registration_settings_eligibility'), type_='check')
        batch_op.create_check_constraint(op.f('ck_registration_settings_eligibility'), condition)


def upgrade():
    op.create_table('committee_liaisons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('other_code', sa.String(length=40), nullable=False),
    sa.Column('other_name', sa.String(length=255), nullable=True),
    sa.Column('direction', sa.Enum('to', 'from', name='direction', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_committee_liaisons_committee_id_committees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_liaisons')),
    sa.UniqueConstraint('committee_id', 'other_code', 'direction', name=op.f('uq_committee_liaisons_committee_id_other_code_direction'))
    )
    with op.batch_alter_table('committee_liaisons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_liaisons_committee_id'), ['committee_id'], unique=False)

    op.create_table('committee_officers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('chair', 'vice_chair', 'secretary', 'technical_programme_manager', 'editorial_manager', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on', name=op.f('ck_committee_officers_term_ends_after_start')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_committee_officers_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_committee_officers_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_officers')),
    sa.UniqueConstraint('committee_id', 'role', 'person_id', 'starts_on', name=op.f('uq_committee_officers_committee_id_role_person_id_starts_on'))
    )
    with op.batch_alter_table('committee_officers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_officers_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_officers_person_id'), ['person_id'], unique=False)

    op.create_table('committee_profiles',
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('established_in', sa.Integer(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=True),
    sa.CheckConstraint('established_in IS NULL OR established_in > 1900', name=op.f('ck_committee_profiles_established_after_1900')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_committee_profiles_committee_id_committees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('committee_id', name=op.f('pk_committee_profiles'))
    )
    op.create_table('subgroups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.Enum('working_group', 'joint_working_group', 'advisory_group', 'task_force', 'ad_hoc_group', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('scope', sa.Text(), nullable=True),
    sa.Column('joint_with', sa.String(length=255), nullable=True),
    sa.Column('led_by', sa.String(length=40), nullable=True),
    sa.Column('convenor_id', sa.Integer(), nullable=True),
    sa.Column('secretary_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind = 'joint_working_group' OR joint_with IS NULL", name=op.f('ck_subgroups_only_joint_groups_have_partners')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_subgroups_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['convenor_id'], ['people.id'], name=op.f('fk_subgroups_convenor_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['secretary_id'], ['people.id'], name=op.f('fk_subgroups_secretary_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subgroups')),
    sa.UniqueConstraint('committee_id', 'code', name=op.f('uq_subgroups_committee_id_code'))
    )
    with op.batch_alter_table('subgroups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subgroups_committee_id'), ['committee_id'], unique=False)

    op.create_table('subgroup_experts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subgroup_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('nominated', 'accepted', 'declined', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('nominated_by_user_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on', name=op.f('ck_subgroup_experts_membership_ends_after_start')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_subgroup_experts_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['organisations.id'], name=op.f('fk_subgroup_experts_nominated_by_id_organisations')),
    sa.ForeignKeyConstraint(['nominated_by_user_id'], ['users.id'], name=op.f('fk_subgroup_experts_nominated_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_subgroup_experts_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroups.id'], name=op.f('fk_subgroup_experts_subgroup_id_subgroups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subgroup_experts'))
    )
    with op.batch_alter_table('subgroup_experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subgroup_experts_nominated_by_id'), ['nominated_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subgroup_experts_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subgroup_experts_subgroup_id'), ['subgroup_id'], unique=False)
        batch_op.create_index('uq_subgroup_experts_current', ['subgroup_id', 'person_id'], unique=True, sqlite_where=sa.text("status IN ('nominated', 'accepted')"), postgresql_where=sa.text("status IN ('nominated', 'accepted')"))

    op.create_table('subgroup_liaisons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subgroup_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_subgroup_liaisons_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroups.id'], name=op.f('fk_subgroup_liaisons_subgroup_id_subgroups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subgroup_liaisons')),
    sa.UniqueConstraint('subgroup_id', 'organisation_id', name=op.f('uq_subgroup_liaisons_subgroup_id_organisation_id'))
    )
    with op.batch_alter_table('subgroup_liaisons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subgroup_liaisons_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subgroup_liaisons_subgroup_id'), ['subgroup_id'], unique=False)

    op.create_table('subgroup_meetings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('subgroup_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_subgroup_meetings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroups.id'], name=op.f('fk_subgroup_meetings_subgroup_id_subgroups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_subgroup_meetings'))
    )
    with op.batch_alter_table('subgroup_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subgroup_meetings_subgroup_id'), ['subgroup_id'], unique=False)

    _eligibility_check(ELIGIBILITY_AFTER)


def downgrade():
    op.execute("DELETE FROM registration_settings WHERE eligibility = 'group_experts'")
    _eligibility_check(ELIGIBILITY_BEFORE)
    with op.batch_alter_table('subgroup_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subgroup_meetings_subgroup_id'))

    op.drop_table('subgroup_meetings')
    with op.batch_alter_table('subgroup_liaisons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subgroup_liaisons_subgroup_id'))
        batch_op.drop_index(batch_op.f('ix_subgroup_liaisons_organisation_id'))

    op.drop_table('subgroup_liaisons')
    with op.batch_alter_table('subgroup_experts', schema=None) as batch_op:
        batch_op.drop_index('uq_subgroup_experts_current', sqlite_where=sa.text("status IN ('nominated', 'accepted')"), postgresql_where=sa.text("status IN ('nominated', 'accepted')"))
        batch_op.drop_index(batch_op.f('ix_subgroup_experts_subgroup_id'))
        batch_op.drop_index(batch_op.f('ix_subgroup_experts_person_id'))
        batch_op.drop_index(batch_op.f('ix_subgroup_experts_nominated_by_id'))

    op.drop_table('subgroup_experts')
    with op.batch_alter_table('subgroups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subgroups_committee_id'))

    op.drop_table('subgroups')
    op.drop_table('committee_profiles')
    with op.batch_alter_table('committee_officers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_officers_person_id'))
        batch_op.drop_index(batch_op.f('ix_committee_officers_committee_id'))

    op.drop_table('committee_officers')
    with op.batch_alter_table('committee_liaisons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_liaisons_committee_id'))

    op.drop_table('committee_liaisons')
