"""sla timers: what the sweep does next for each target, so a round reads a small table

Revision ID: 0007_sla_timers
Revises: 0006_ticket_photos
Create Date: 2026-11-23 09:20:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0007_sla_timers"
down_revision = "0006_ticket_photos"
branch_labels = None
depends_on = None

TARGETS = {
    "first_response": ("first_response_due", "first_response_at"),
    "primary_action": ("primary_action_due", "primary_action_at"),
    "resolution": ("resolution_due", "resolved_at"),
}
OPEN = "state IN ('new', 'acknowledged', 'assigned', 'in_progress', 'reopened')"
WARN_FRACTION = 0.2


def _warn_at(due: str) -> str:
    if op.get_bind().dialect.name == "sqlite":
        return (
            f"strftime('%Y-%m-%d %H:%M:%f', julianday({due}) - "
            f"(julianday({due}) - julianday(created_at)) * {WARN_FRACTION})"
        )
    return f"{due} - ({due} - created_at) * {WARN_FRACTION}"


def _arm_open_tickets():
    """Every open ticket gets the timers the sweep used to find by scanning tickets."""
    for target, (due, milestone) in TARGETS.items():
        unmet = f"{OPEN} AND {milestone} IS NULL AND {target}_breached_at IS NULL"
        op.execute(
            f"INSERT INTO sla_timer (ticket_id, target, step, fires_at) "  # noqa: S608
            f"SELECT id, '{target}', 'warn', {_warn_at(due)} FROM ticket "
            f"WHERE {unmet} AND {target}_warned_at IS NULL"
        )
        op.execute(
            f"INSERT INTO sla_timer (ticket_id, target, step, fires_at) "  # noqa: S608
            f"SELECT id, '{target}', 'breach', {due} FROM ticket "
            f"WHERE {unmet} AND {target}_warned_at IS NOT NULL"
        )
    ticket = sa.table(
        "ticket",
        sa.column("id", sa.Integer),
        sa.column("state", sa.String),
        sa.column("escalation_level", sa.Integer),
        sa.column("created_at", sa.DateTime),
        sa.column("escalated_at", sa.DateTime),
        *[sa.column(c, sa.DateTime) for pair in TARGETS.values() for c in pair],
        *[sa.column(f"{t}_breached_at", sa.DateTime) for t in TARGETS],
    )
    timer = sa.table(
        "sla_timer",
        sa.column("ticket_id", sa.Integer),
        sa.column("target", sa.String),
        sa.column("step", sa.String),
        sa.column("fires_at", sa.DateTime),
    )
    bind = op.get_bind()
    states = ("new", "acknowledged", "assigned", "in_progress", "reopened")
    level_one = bind.execute(
        sa.select(ticket).where(ticket.c.escalation_level == 1, ticket.c.state.in_(states))
    ).all()
    for row in level_one:
        breached = {t: row._mapping[f"{t}_breached_at"] for t in TARGETS}
        breached = {t: at for t, at in breached.items() if at}
        if not breached or row.escalated_at is None:
            continue
        target = min(breached, key=breached.get)
        due, milestone = TARGETS[target]
        if row._mapping[milestone] is None:
            interval = row._mapping[due] - row.created_at
            bind.execute(
                timer.insert().values(
                    ticket_id=row.id,
                    target=target,
                    step="escalate",
                    fires_at=row.escalated_at + interval,
                )
            )


def upgrade():
    op.create_table(
        "sla_timer",
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=24), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("fires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"]),
        sa.PrimaryKeyConstraint("ticket_id", "target"),
    )
    op.create_index("ix_sla_timer_fires_at", "sla_timer", ["fires_at"], unique=False)
    _arm_open_tickets()
    # The sweep's ticket columns are no longer indexed, so its updates stay on the row's page
    # (HOT); room on each page for them.
    op.drop_index("ix_ticket_escalation_level", table_name="ticket")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE ticket SET (fillfactor = 85)")
    escalated = sa.text("kind = 'escalated'")
    op.create_index(
        "ix_ticket_event_escalated",
        "ticket_event",
        ["ticket_id"],
        unique=False,
        postgresql_where=escalated,
        sqlite_where=escalated,
    )


def downgrade():
    op.drop_index("ix_ticket_event_escalated", table_name="ticket_event")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE ticket RESET (fillfactor)")
    op.create_index("ix_ticket_escalation_level", "ticket", ["escalation_level"], unique=False)
    op.drop_index("ix_sla_timer_fires_at", table_name="sla_timer")
    op.drop_table("sla_timer")
