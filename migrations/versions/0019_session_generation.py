"""session generation on staff logins: logout, a new password, deactivation and a change of
roles end every session and token issued before

Revision ID: 0019_session_generation
Revises: 0018_chat_indexes
Create Date: 2026-12-07 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_session_generation'
down_revision = '0018_chat_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ab_user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('ab_user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
