"""escalations index: the Escalations screen reads a partial index of escalated tickets

Revision ID: 0008_escalations_index
Revises: 0007_sla_timers
Create Date: 2026-11-23 11:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0008_escalations_index"
down_revision = "0007_sla_timers"
branch_labels = None
depends_on = None


def upgrade():
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


def downgrade():
    op.drop_index("ix_ticket_escalated", table_name="ticket")
    kind = sa.text("kind = 'escalated'")
    op.create_index(
        "ix_ticket_event_escalated",
        "ticket_event",
        ["ticket_id"],
        unique=False,
        postgresql_where=kind,
        sqlite_where=kind,
    )
