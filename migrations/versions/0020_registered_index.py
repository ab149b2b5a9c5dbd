"""the tickets a login registered (a clerk keeps seeing the citizens of walk-ins they
registered for another department)

Revision ID: 0020_registered_index
Revises: 0019_session_generation
Create Date: 2026-12-07 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_registered_index'
down_revision = '0019_session_generation'
branch_labels = None
depends_on = None

REGISTERED = sa.text("kind = 'created'")


def upgrade():
    # not in batch mode: SQLite must not rebuild the table (its append-only triggers)
    op.create_index(
        'ix_ticket_event_registered',
        'ticket_event',
        ['actor_id', 'ticket_id'],
        unique=False,
        postgresql_where=REGISTERED,
        sqlite_where=REGISTERED,
    )


def downgrade():
    op.drop_index('ix_ticket_event_registered', table_name='ticket_event')
