"""tree created index: a list scoped to a subtree (a district and its stations, several units)
reads the newest tickets by creation time and keeps those of its units; one index on
(org_unit_id, created_at) per unit cannot give them in order across units (PostgreSQL 15)

Revision ID: 0024_tree_created_index
Revises: 0023_org_tree
Create Date: 2026-12-08 02:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0024_tree_created_index'
down_revision = '0023_org_tree'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_ticket_created_at', 'ticket', ['created_at'])


def downgrade():
    op.drop_index('ix_ticket_created_at', 'ticket')
