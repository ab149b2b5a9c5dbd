"""chat indexes (a sender's waiting messages, a conversation's unowned ones, what we told an
address) and inbound relay attempts

Revision ID: 0018_chat_indexes
Revises: 0017_dashboard
Create Date: 2026-12-07 03:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_chat_indexes'
down_revision = '0017_dashboard'
branch_labels = None
depends_on = None

WAITING = sa.text("status = 'received'")


def upgrade():
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('attempts', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.create_index(
            'ix_inbound_waiting',
            ['channel', 'sender', 'id'],
            unique=False,
            postgresql_where=WAITING,
            sqlite_where=WAITING,
        )
        batch_op.drop_index('ix_inbound_message_conversation_id')
        batch_op.create_index(
            'ix_inbound_conversation_citizen', ['conversation_id', 'citizen_id'], unique=False
        )
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_recipient', ['channel', 'recipient'], unique=False)


def downgrade():
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_recipient')
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_conversation_citizen')
        batch_op.create_index(
            'ix_inbound_message_conversation_id', ['conversation_id'], unique=False
        )
        batch_op.drop_index('ix_inbound_waiting')
        batch_op.drop_column('attempts')
