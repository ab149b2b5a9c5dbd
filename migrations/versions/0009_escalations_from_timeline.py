"""escalations from the timeline: the sweep's ticket updates stay HOT (no indexed column)

Revision ID: 0009_escalations_from_timeline
Revises: 0008_escalations_index
Create Date: 2026-11-23 09:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0009_escalations_from_timeline"
down_revision = "0008_escalations_index"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_ticket_escalated", table_name="ticket")
    escalated = sa.text("kind = 'escalated'")
    op.create_index(
        "ix_ticket_event_escalated",
        "ticket_event",
        ["id"],
        unique=False,
        postgresql_where=escalated,
        sqlite_where=escalated,
    )


def downgrade():
    op.drop_index("ix_ticket_event_escalated", table_name="ticket_event")
    escalated = sa.text("escalation_level > 0")
    op.create_index(
        "ix_ticket_escalated",
        "ticket",
        ["escalated_at"],
        unique=False,
        postgresql_where=escalated,
        sqlite_where=escalated,
    )
