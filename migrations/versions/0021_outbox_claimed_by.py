"""outbox: which worker and job hold a message being sent

Revision ID: 0021_outbox_claimed_by
Revises: 0020_registered_index
Create Date: 2026-12-07 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_outbox_claimed_by'
down_revision = '0020_registered_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=160), nullable=True))


def downgrade():
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')
