"""Folded names of people and an index of attendance by event, for long lists in the database;
when each person was last changed, for the validators of printed documents

`people.sort_name` is "family<TAB>given" without accents or case, kept by the model on every
insert and update; existing people get theirs here. `people.updated_at` starts at
`created_at`.

Revision ID: b7e21c4a9f10
Revises: bb56c3f7cba5
Create Date: 2026-12-01 21:50:00.000000

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7e21c4a9f10'
down_revision = 'bb56c3f7cba5'
branch_labels = None
depends_on = None


def _fold(text):
    # A copy of events.textfold.fold as it was written: a migration must not change meaning
    # when the application's code does.
    decomposed = unicodedata.normalize("NFKD", text or "")
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(folded.split())


def upgrade():
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index('ix_attendances_event_organisation',
                              ['event_id', 'organisation_id'], unique=False)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_name', sa.String(length=250), nullable=False,
                                      server_default=''))
        batch_op.create_index(batch_op.f('ix_people_sort_name'), ['sort_name'], unique=False)
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True),
                                      server_default=sa.text('(CURRENT_TIMESTAMP)'),
                                      nullable=False))
    people = sa.table('people', sa.column('id', sa.Integer), sa.column('given_name', sa.String),
                      sa.column('family_name', sa.String), sa.column('sort_name', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.given_name, people.c.family_name))
    updates = [{"person_id": pid, "folded": f"{_fold(family)}\t{_fold(given)}"}
               for pid, given, family in rows]
    connection.execute(sa.text("UPDATE people SET updated_at = created_at"))
    if updates:
        connection.execute(people.update().where(people.c.id == sa.bindparam("person_id"))
                           .values(sort_name=sa.bindparam("folded")), updates)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.alter_column('sort_name', server_default=None)


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_index(batch_op.f('ix_people_sort_name'))
        batch_op.drop_column('sort_name')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index('ix_attendances_event_organisation')
