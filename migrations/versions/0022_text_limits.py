"""text limits: what people type (a ticket's description, a feedback comment, a category's
description, an Open311 question and its choices) has a maximum, as every other text column

Revision ID: 0022_text_limits
Revises: 0021_outbox_claimed_by
Create Date: 2026-12-07 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_text_limits'
down_revision = '0021_outbox_claimed_by'
branch_labels = None
depends_on = None

LIMITS = {
    'ticket': {'description': 4000},
    'feedback': {'comment': 2000},
    'category': {
        'description': 2000,
        'description_hi': 2000,
        'description_bn': 2000,
        'description_fa': 2000,
    },
    'open311_service_attribute': {'description': 1000, 'choices': 4000},
}


def upgrade():
    # SQLite keeps VARCHAR as TEXT whatever its length (the record checks enforce it), and a
    # batch copy of these tables would drop their triggers (0017): PostgreSQL only. Text
    # longer than its new limit (a body the API once took whole) keeps its first part.
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, columns in LIMITS.items():
        for column, limit in columns.items():
            op.alter_column(
                table,
                column,
                type_=sa.String(limit),
                existing_type=sa.Text(),
                postgresql_using=f'left({column}, {limit})',
            )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, columns in LIMITS.items():
        for column, limit in columns.items():
            op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(limit))
